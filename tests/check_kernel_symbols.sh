#!/usr/bin/env bash
# The instruction-set translation units of the library (src/kernels/kernels_avx2.cpp, kernels_avx512.cpp, and
# the dense linear algebra's eigen_avx2.cpp, eigen_avx512.cpp) must define nothing that another translation
# unit could also define: a weak (COMDAT) symbol — an inline function
# or template of the standard library or Eigen — compiled there with AVX2 or AVX-512 flags could be the copy
# the linker keeps, and would then run on the portable path too. Every symbol they define must be in their own
# namespace, or be their table.
#   check_kernel_symbols.sh path/to/libhopfield.a
set -euo pipefail
library=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
ar x "$library"
status=0
# unit : its namespace under hopfield::kernels : its name for Eigen
for unit in kernels_avx2:avx2:HopfieldEigenAvx2 kernels_avx512:avx512:HopfieldEigenAvx512 \
            eigen_avx2:avx2_dense:HopfieldEigenDenseAvx2 eigen_avx512:avx512_dense:HopfieldEigenDenseAvx512; do
  IFS=: read -r file isa own_eigen <<<"$unit"
  object=$(ls | grep -E "^${file}\.cpp\.o$" || true)
  if [[ -z "$object" ]]; then
    echo "check_kernel_symbols: no ${file}.cpp.o in $library" >&2
    exit 1
  fi
  defined=$(nm -C --defined-only "$object" | awk '$2 ~ /^[TWVRDBu]$/ { $1 = ""; $2 = ""; print substr($0, 3) }')
  # The qualified name starts the line, or follows a template's return type ("void hopfield::…<4>(…)");
  # Eigen is compiled there under a namespace of its own (HopfieldEigenAvx2, …), and any instantiation that
  # names it cannot collide with the library's either. (DW.ref.__gxx_personality_v0: the one C++ exception
  # personality, the same in every unit; __odr_asan.*: AddressSanitizer's markers of our own globals.) Only
  # global and weak symbols count: local ones cannot be taken for another unit's.
  stray=$(grep -v -E "^([a-z_ ]+ )?hopfield::kernels::(${isa}::|${isa}_table$)" <<<"$defined" |
          grep -v -F "$own_eigen" | grep -v -E '^(\.|DW\.ref\.__gxx_personality_v0$|__odr_asan\.)' || true)
  if [[ -n "$stray" ]]; then
    echo "check_kernel_symbols: $object defines symbols outside hopfield::kernels::${isa}:" >&2
    echo "$stray" >&2
    status=1
  else
    echo "check_kernel_symbols: $object: $(wc -l <<<"$defined") symbols, all its own (hopfield::kernels::${isa}, ${own_eigen})"
  fi
done
exit $status
