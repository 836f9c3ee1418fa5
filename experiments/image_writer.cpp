#include "image_writer.hpp"

#include <fmt/format.h>

#include "hopfield/file_bytes.hpp"
#include "hopfield/image.hpp"

namespace hopfield::experiments {

void write_image_grids(const std::vector<Result>& results, const std::filesystem::path& directory) {
  const std::filesystem::path created = create_output_directory(directory);
  for (const auto& result : results) {
    for (std::size_t k = 0; k < result.images.size(); ++k) {
      const ImageGrid& grid = result.images[k];
      const std::string stem = grid.name.empty() ? fmt::format("{}-{}", result.name, k + 1) : grid.name;
      ImageGridLayout layout;
      layout.image_height = grid.image_height;
      layout.image_width = grid.image_width;
      layout.grid_columns = grid.grid_columns;
      layout.row_labels = grid.row_labels;
      layout.title = grid.title;
      write_image_grid_png(created / (stem + ".png"), grid.pixels, layout);
    }
  }
}

}  // namespace hopfield::experiments
