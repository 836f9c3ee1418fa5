#include "hopfield/image.hpp"

#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "hopfield/error.hpp"
#include "image_writer.hpp"

namespace hopfield {
namespace {

namespace fs = std::filesystem;

fs::path temporary_directory() {
  const fs::path directory =
      fs::temp_directory_path() / ("hopfield_image_test_" + std::to_string(::getpid()));
  fs::create_directories(directory);
  return directory;
}

// Reads a PNG back through libpng's simplified API as 8-bit grey.
struct Decoded {
  Index width = 0;
  Index height = 0;
  std::vector<std::uint8_t> pixels;
  std::uint8_t at(Index x, Index y) const { return pixels[static_cast<std::size_t>(y * width + x)]; }
};

Decoded read_png_grey(const fs::path& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  EXPECT_NE(png_image_begin_read_from_file(&image, path.c_str()), 0) << image.message;
  image.format = PNG_FORMAT_GRAY;
  Decoded decoded;
  decoded.width = image.width;
  decoded.height = image.height;
  decoded.pixels.resize(PNG_IMAGE_SIZE(image));
  EXPECT_NE(png_image_finish_read(&image, nullptr, decoded.pixels.data(), 0, nullptr), 0) << image.message;
  return decoded;
}

TEST(ImageGrid, WritesPngWithExpectedSizeAndPixels) {
  // Three 2 x 3 images in a grid of 2 columns: −1 (black), +1 (white), and a ramp.
  Matrix images(6, 3);
  images.col(0).setConstant(-1.0);
  images.col(1).setConstant(1.0);
  images.col(2) << -1.0, -0.5, 0.0, 0.5, 1.0, 2.0;  // 2.0 clamps to white
  ImageGridLayout layout{
      .image_height = 2, .image_width = 3, .grid_columns = 2, .row_labels = {}, .title = ""};
  ImageGridOptions options;
  options.scale = 2;
  options.gap = 1;
  options.background = 100;
  const fs::path path = temporary_directory() / "grid.png";
  write_image_grid_png(path, images, layout, options);
  const Decoded png = read_png_grey(path);
  // Width: gap + 2 cells of (3·2 + gap); height: gap + 2 rows of (2·2 + gap).
  EXPECT_EQ(png.width, 1 + 2 * (6 + 1));
  EXPECT_EQ(png.height, 1 + 2 * (4 + 1));
  EXPECT_EQ(png.at(0, 0), 100);  // gap
  EXPECT_EQ(png.at(1, 1), 0);    // image 0, black
  EXPECT_EQ(png.at(6, 4), 0);
  EXPECT_EQ(png.at(8, 1), 255);  // image 1 starts at x = 1 + 7
  EXPECT_EQ(png.at(7, 1), 100);  // the gap between them
  // Image 2 at grid row 1 (top = 1 + 5 = 6), column 0 (left = 1). Pixel (r, c) covers x = 1 + 2c, y = 6 + 2r.
  EXPECT_EQ(png.at(1, 6), 0);    // value −1
  EXPECT_EQ(png.at(3, 6), 64);   // −0.5 -> round(255 · 0.25) = 64
  EXPECT_EQ(png.at(5, 7), 128);  // 0 -> round(127.5) = 128
  EXPECT_EQ(png.at(1, 8), 191);  // 0.5 -> round(191.25)
  EXPECT_EQ(png.at(4, 9), 255);  // 1
  EXPECT_EQ(png.at(6, 9), 255);  // 2 clamps
  EXPECT_EQ(png.at(8, 6), 100);  // the empty fourth cell is background
}

TEST(ImageGrid, LabelsAndTitleAddMargins) {
  Matrix images = Matrix::Constant(4, 2, -1.0);
  ImageGridLayout plain{
      .image_height = 2, .image_width = 2, .grid_columns = 1, .row_labels = {}, .title = ""};
  ImageGridLayout labelled = plain;
  labelled.row_labels = {"stored", "recalled"};
  labelled.title = "Test";
  const GreyImage a = render_image_grid(images, plain);
  const GreyImage b = render_image_grid(images, labelled);
  EXPECT_GT(b.width, a.width);
  EXPECT_GT(b.height, a.height);
  // Label text is drawn in white somewhere in the left margin.
  bool white = false;
  for (Index y = 0; y < b.height; ++y) {
    for (Index x = 0; x < b.width - a.width; ++x) white = white || b.at(x, y) == 255;
  }
  EXPECT_TRUE(white);
}

TEST(ImageGrid, RejectsBadInput) {
  ImageGridLayout layout{
      .image_height = 2, .image_width = 2, .grid_columns = 1, .row_labels = {}, .title = ""};
  Matrix nan = Matrix::Zero(4, 1);
  nan(0, 0) = std::nan("");
  EXPECT_THROW(render_image_grid(nan, layout), Error);
  EXPECT_THROW(render_image_grid(Matrix::Zero(5, 1), layout), Error);  // 5 values for a 2 x 2 image
  layout.row_labels = {"a", "b"};
  EXPECT_THROW(render_image_grid(Matrix::Zero(4, 1), layout), Error);  // 2 labels, 1 row
  layout.row_labels = {};
  EXPECT_THROW(write_image_grid_png("/nonexistent/dir/x.png", Matrix::Zero(4, 1), layout), Error);
}

TEST(ImageGrid, WritesEveryGridOfAResult) {
  experiments::Result result;
  result.name = "demo";
  experiments::ImageGrid grid;
  grid.name = "demo-grid";
  grid.image_height = 2;
  grid.image_width = 2;
  grid.grid_columns = 2;
  grid.row_labels = {"row"};
  grid.pixels = Matrix::Constant(4, 2, 1.0);
  result.images.push_back(grid);
  grid.name = "";
  result.images.push_back(grid);
  const fs::path directory = temporary_directory() / "grids";
  experiments::write_image_grids({result}, directory);
  EXPECT_TRUE(fs::exists(directory / "demo-grid.png"));
  EXPECT_TRUE(fs::exists(directory / "demo-2.png"));
  const Decoded png = read_png_grey(directory / "demo-grid.png");
  EXPECT_GT(png.width, 2 * 2 * 2);
  EXPECT_GT(png.height, 2 * 2);
}

}  // namespace
}  // namespace hopfield
