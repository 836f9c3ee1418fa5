// Grey-scale images and PNG output (libpng): a grid of pattern images with row labels, e.g. the stored,
// corrupted and recalled digits of an experiment.
//
// Conventions: an image pattern is a column vector of height·width values, row-major. In a grid, image k
// (column k of the matrix) sits at grid row k / grid_columns, grid column k % grid_columns. Values are
// mapped linearly from [low, high] (default [−1, 1]) to grey levels 0 … 255 (−1 black, +1 white) and
// clamped; NaN or infinite values are an error. Each image pixel becomes a scale x scale block.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield {

/// An 8-bit grey-scale image, row-major: pixels[y * width + x].
struct GreyImage {
  Index width = 0;
  Index height = 0;
  std::vector<std::uint8_t> pixels;

  std::uint8_t at(Index x, Index y) const { return pixels[static_cast<std::size_t>(y * width + x)]; }
};

struct ImageGridLayout {
  Index image_height = 0;
  Index image_width = 0;
  Index grid_columns = 0;               ///< images per grid row (> 0)
  std::vector<std::string> row_labels;  ///< drawn left of each grid row; empty: no label margin
  std::string title;                    ///< drawn above the grid; empty: no title band
};

struct ImageGridOptions {
  int scale = 2;                 ///< each image pixel becomes scale x scale PNG pixels (1 … 16)
  int gap = 2;                   ///< PNG pixels between images (0 … 64)
  double low = -1.0;             ///< value drawn black
  double high = 1.0;             ///< value drawn white
  std::uint8_t background = 96;  ///< grey level of the gaps and margins
};

/// Renders `images` (one per column, image_height·image_width rows) as a labelled grid.
GreyImage render_image_grid(const Matrix& images, const ImageGridLayout& layout,
                            const ImageGridOptions& options = {});

/// Writes `image` as an 8-bit grey PNG, atomically (temporary file + rename). `text` entries become PNG
/// tEXt chunks (keyword, value), e.g. {"Title", "..."}.
void write_png(const std::filesystem::path& path, const GreyImage& image,
               const std::vector<std::pair<std::string, std::string>>& text = {});

/// render_image_grid + write_png, with the title and row labels also stored as tEXt chunks.
void write_image_grid_png(const std::filesystem::path& path, const Matrix& images,
                          const ImageGridLayout& layout, const ImageGridOptions& options = {});

}  // namespace hopfield
