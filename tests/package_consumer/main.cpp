// A separate project that finds the installed library with find_package(hopfield) and is built with its own
// default flags (no -march=native): the pseudoinverse network must recall its stored patterns exactly.
#include <hopfield/classical.hpp>
#include <hopfield/patterns.hpp>

int main() {
  const hopfield::Matrix patterns = hopfield::random_binary_patterns(100, 5, 1);
  const auto network = hopfield::ClassicalHopfield::pseudoinverse(patterns);
  return network.recall(patterns).states == patterns ? 0 : 1;
}
