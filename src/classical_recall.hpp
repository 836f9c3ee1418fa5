// The classical network's recall with its internal knob exposed (library-internal; tests reach it here).
#pragma once

#include <cstdint>

#include "binary_recall.hpp"
#include "classical_fields.hpp"
#include "hopfield/classical.hpp"

namespace hopfield::detail {

/// ClassicalHopfield::recall with the kept half fields of PackedCouplings storage bounded by
/// ±half_field_limit (never beyond the 16-bit bound packed::half_field_limit, which recall uses), and how
/// often the probes declined to keep their fields or went back to their overlaps for it (zero for the other
/// storages). A lower limit changes no trajectory, only the path that computes it.
recall::BinaryRecall<KeptFieldStatistics> recall_with_half_field_limit(const ClassicalHopfield& network,
                                                                       const MatrixView& probes,
                                                                       const RecallOptions& options,
                                                                       std::int32_t half_field_limit);

}  // namespace hopfield::detail
