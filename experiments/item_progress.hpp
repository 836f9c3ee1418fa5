// An experiment's independent items (draws, sweep points, samples) shared over the processes and threads of
// the current run (map_items, hopfield/item_map.hpp), one progress unit per item.
#pragma once

#include <cstdint>
#include <utility>

#include "hopfield/item_map.hpp"
#include "progress.hpp"

namespace hopfield::experiments {

/// item(i) for i = 0 … count − 1 on `threads` OpenMP threads (0: the default) of every process of the current
/// group; returns every item's result in item order, on every process. Call it from the run's own thread, not
/// from inside another item: every process must reach the same maps in the same order.
template <typename Item>
auto map_items_with_progress(Index count, Item&& item, Progress& progress, int threads = 0) {
  return map_items(count, std::forward<Item>(item), {.threads = threads, .parallel = true},
                   [&progress](std::int64_t units) { progress.advance(units); });
}

}  // namespace hopfield::experiments
