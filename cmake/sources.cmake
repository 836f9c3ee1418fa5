# The library's source files, one list for the native build (CMakeLists.txt) and the explorer's WebAssembly
# build (web/CMakeLists.txt), so that a new source reaches both:
#   HOPFIELD_SOURCES                  every src/*.cpp: built the same way for any target
#   HOPFIELD_PORTABLE_KERNEL_SOURCES  the kernel units without instruction-set flags (the portable tables)
#   HOPFIELD_X86_KERNEL_SOURCES       the kernel units compiled with x86 instruction-set flags (native only;
#                                     CMakeLists.txt gives each its flags)
#   HOPFIELD_WASM_KERNEL_SOURCES      the kernel units for WebAssembly with SIMD (-msimd128; WebAssembly only)
get_filename_component(HOPFIELD_SOURCE_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
file(GLOB HOPFIELD_SOURCES CONFIGURE_DEPENDS ${HOPFIELD_SOURCE_ROOT}/src/*.cpp)
set(HOPFIELD_PORTABLE_KERNEL_SOURCES ${HOPFIELD_SOURCE_ROOT}/src/kernels/kernels_portable.cpp
                                     ${HOPFIELD_SOURCE_ROOT}/src/kernels/eigen_portable.cpp)
set(HOPFIELD_X86_KERNEL_SOURCES
    ${HOPFIELD_SOURCE_ROOT}/src/kernels/kernels_avx2.cpp ${HOPFIELD_SOURCE_ROOT}/src/kernels/kernels_avx512.cpp
    ${HOPFIELD_SOURCE_ROOT}/src/kernels/eigen_avx2.cpp
    ${HOPFIELD_SOURCE_ROOT}/src/kernels/eigen_avx512.cpp)
set(HOPFIELD_WASM_KERNEL_SOURCES ${HOPFIELD_SOURCE_ROOT}/src/kernels/fused_wasm_simd128.cpp)
