# hopfield._nn: the kernels under hopfield.nn (PyTorch layers), a pybind11 module beside the package's own.
# Included by python/CMakeLists.txt after it has found Python and pybind11.
pybind11_add_module(hopfield_nn MODULE ${CMAKE_CURRENT_SOURCE_DIR}/nn_src/nn_module.cpp NO_EXTRAS)
set_target_properties(hopfield_nn PROPERTIES OUTPUT_NAME _nn LIBRARY_OUTPUT_DIRECTORY
                                                          ${CMAKE_BINARY_DIR}/python/hopfield)
target_link_libraries(hopfield_nn PRIVATE hopfield hopfield_warnings)
