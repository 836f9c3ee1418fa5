#include "hopfield/coupling_workspace.hpp"

#include "packed_couplings.hpp"

namespace hopfield {

CouplingWorkspace::CouplingWorkspace() : slot_(std::make_shared<packed::FreedCouplings>()) {}

void CouplingWorkspace::release() {
  std::unique_ptr<std::int8_t[]> kept;
  {
    const std::lock_guard<std::mutex> lock(slot_->mutex);
    kept = std::move(slot_->data);
    slot_->bytes = 0;
  }
}

std::size_t CouplingWorkspace::kept_bytes() const {
  const std::lock_guard<std::mutex> lock(slot_->mutex);
  return slot_->data ? slot_->bytes : 0;
}

}  // namespace hopfield
