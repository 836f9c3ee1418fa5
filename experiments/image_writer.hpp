// PNG output of a Result's image grids (libpng, through hopfield/image.hpp).
#pragma once

#include <filesystem>
#include <vector>

#include "result.hpp"

namespace hopfield::experiments {

/// Writes every image grid of every result as DIR/<grid name>.png (a grid without a name:
/// <experiment>-<k>.png, k from 1), atomically; creates DIR. Values in [−1, 1] map to black … white, each
/// image pixel drawn as a 2 x 2 block, row labels on the left, the title on top. Throws hopfield::Error
/// naming the file on failure.
void write_image_grids(const std::vector<Result>& results, const std::filesystem::path& directory);

}  // namespace hopfield::experiments
