// A place to keep the byte-coupling array of a PackedCouplings network (N² bytes: 100 MB at N = 10 000) for
// the next network of the same size, so that a sweep of trials does not pay the kernel for fresh zeroed pages
// at every build (a tenth of each build at N = 10 000).
#pragma once

#include <cstddef>
#include <memory>

namespace hopfield {

namespace packed {
struct FreedCouplings;
}

/// Networks built with a workspace (HebbOptions::workspace) hand their coupling array back to it when the
/// last copy of the network goes; the next build of the same N takes it. The workspace holds at most one
/// array, which stays until release() or until the workspace and every network built with it are gone.
/// Copies share one workspace. Safe to share between threads, but a build waits for no other: keep one per
/// thread that builds networks.
class CouplingWorkspace {
 public:
  CouplingWorkspace();

  /// Frees the array kept for reuse, if any.
  void release();
  /// Bytes of the array kept for reuse (0: none).
  std::size_t kept_bytes() const;

  /// The shared slot (library-internal: src/packed_couplings.hpp).
  const std::shared_ptr<packed::FreedCouplings>& slot() const { return slot_; }

 private:
  std::shared_ptr<packed::FreedCouplings> slot_;
};

}  // namespace hopfield
