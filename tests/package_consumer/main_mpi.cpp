// A separate project that links the installed hopfield::hopfield_mpi, run under mpirun: every process of the
// group brings its rank to one exchange and must get every rank back in order.
#include <hopfield/distributed.hpp>
#include <hopfield/process_group.hpp>

#include <cstddef>
#include <vector>

int main(int argc, char** argv) {
  if (!hopfield::launched_by_mpirun()) return 1;
  hopfield::distributed::MpiSession session(argc, argv);
  hopfield::ProcessGroup& world = session.world();
  const std::vector<std::byte> mine{static_cast<std::byte>(world.rank())};
  const auto all = world.exchange(mine);
  bool ok = static_cast<int>(all.size()) == world.size() && world.size() == 2;
  for (std::size_t r = 0; r < all.size(); ++r)
    ok = ok && all[r] == std::vector<std::byte>{static_cast<std::byte>(r)};
  return ok ? 0 : 1;
}
