// A separate project that finds the installed library with find_package(hopfield), built without the
// library's -march=native: the pseudoinverse network must recall its stored patterns exactly.
#include <hopfield/classical.hpp>
#include <hopfield/patterns.hpp>

int main() {
  const hopfield::Matrix patterns = hopfield::random_binary_patterns(100, 5, 1);
  const auto network = hopfield::ClassicalHopfield::pseudoinverse(patterns);
  return network.recall(patterns).states == patterns ? 0 : 1;
}
