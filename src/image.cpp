#include "hopfield/image.hpp"

#include <png.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <csetjmp>

#include "hopfield/error.hpp"
#include "hopfield/file_bytes.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield {
namespace {

// A 5 x 7 bitmap font for labels: each glyph is 7 rows, bit 4 the leftmost pixel. Letters are drawn as
// capitals; a character without a glyph is drawn as '?'.
struct Glyph {
  char character;
  std::array<std::uint8_t, 7> rows;
};

constexpr std::array<Glyph, 50> kFont = {{
    {'A', {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}}, {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}}, {'D', {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}}, {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}}, {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}}, {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}}, {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}}, {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'Q', {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}}, {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}}, {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}}, {'X', {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04}}, {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}}, {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}}, {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}}, {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}}, {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}}, {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {' ', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}}, {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}}, {',', {0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08}},
    {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}}, {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}},
    {'=', {0x00, 0x00, 0x1F, 0x00, 0x1F, 0x00, 0x00}}, {'+', {0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00}},
    {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}}, {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}},
    {'/', {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00}}, {'_', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F}},
    {'?', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04}}, {'*', {0x00, 0x15, 0x0E, 0x1F, 0x0E, 0x15, 0x00}},
}};

constexpr int kGlyphWidth = 5;
constexpr int kGlyphHeight = 7;
constexpr int kGlyphAdvance = 6;

const Glyph& glyph_for(char character) {
  const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(character)));
  for (const auto& glyph : kFont) {
    if (glyph.character == upper) return glyph;
  }
  for (const auto& glyph : kFont) {
    if (glyph.character == '?') return glyph;
  }
  return kFont[0];
}

// Draws `text` in white with its top-left corner at (x, y), each font pixel a `size` x `size` block; clipped.
void draw_text(GreyImage& image, const std::string& text, Index x, Index y, int size) {
  for (std::size_t c = 0; c < text.size(); ++c) {
    const Glyph& glyph = glyph_for(text[c]);
    for (int row = 0; row < kGlyphHeight; ++row) {
      for (int column = 0; column < kGlyphWidth; ++column) {
        if (!((glyph.rows[static_cast<std::size_t>(row)] >> (kGlyphWidth - 1 - column)) & 1)) continue;
        for (int dy = 0; dy < size; ++dy) {
          for (int dx = 0; dx < size; ++dx) {
            const Index px = x + (static_cast<Index>(c) * kGlyphAdvance + column) * size + dx;
            const Index py = y + row * size + dy;
            if (px >= 0 && px < image.width && py >= 0 && py < image.height)
              image.pixels[static_cast<std::size_t>(py * image.width + px)] = 255;
          }
        }
      }
    }
  }
}

Index text_width(const std::string& text, int size) {
  return static_cast<Index>(text.size()) * kGlyphAdvance * size;
}

struct PngWriteState {
  std::vector<std::uint8_t>* out;
};

void append_bytes(png_structp png, png_bytep data, png_size_t length) {
  auto* state = static_cast<PngWriteState*>(png_get_io_ptr(png));
  state->out->insert(state->out->end(), data, data + length);
}

void flush_nothing(png_structp) {}

// Encodes with libpng into `out`; returns false (with `message` set) on a libpng error. No C++ object with a
// destructor lives between setjmp and a possible longjmp.
bool encode_png(const GreyImage& image, std::vector<png_text>* chunks, std::vector<std::uint8_t>* out,
                const char** message) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png) {
    *message = "libpng could not create a write structure";
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    *message = "libpng could not create an info structure";
    return false;
  }
  PngWriteState state{out};
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    *message = "libpng failed while encoding";
    return false;
  }
  png_set_write_fn(png, &state, append_bytes, flush_nothing);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width), static_cast<png_uint_32>(image.height), 8,
               PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (!chunks->empty()) png_set_text(png, info, chunks->data(), static_cast<int>(chunks->size()));
  png_write_info(png, info);
  for (Index y = 0; y < image.height; ++y) {
    png_write_row(png,
                  const_cast<png_bytep>(image.pixels.data() + static_cast<std::size_t>(y * image.width)));
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

GreyImage render_image_grid(const Matrix& images, const ImageGridLayout& layout,
                            const ImageGridOptions& options) {
  require(layout.image_height > 0 && layout.image_width > 0,
          "render_image_grid: image size must be positive, got ", layout.image_height, " x ",
          layout.image_width);
  require(images.rows() == layout.image_height * layout.image_width, "render_image_grid: images have ",
          images.rows(), " values, an image of ", layout.image_height, " x ", layout.image_width, " needs ",
          layout.image_height * layout.image_width);
  require(images.cols() > 0, "render_image_grid: no images");
  require(layout.grid_columns > 0, "render_image_grid: grid_columns must be positive, got ",
          layout.grid_columns);
  require(options.scale >= 1 && options.scale <= 16, "render_image_grid: scale must lie in [1, 16], got ",
          options.scale);
  require(options.gap >= 0 && options.gap <= 64, "render_image_grid: gap must lie in [0, 64], got ",
          options.gap);
  require(std::isfinite(options.low) && std::isfinite(options.high) && options.high > options.low,
          "render_image_grid: need finite low < high, got [", options.low, ", ", options.high, "]");
  require_finite(images, "render_image_grid: images");

  const Index grid_rows = (images.cols() + layout.grid_columns - 1) / layout.grid_columns;
  require(static_cast<Index>(layout.row_labels.size()) <= grid_rows,
          "render_image_grid: ", layout.row_labels.size(), " row labels for ", grid_rows, " grid rows");
  const Index cell_width = layout.image_width * options.scale;
  const Index cell_height = layout.image_height * options.scale;
  const int text_size = std::max(1, options.scale / 2 + (options.scale >= 2 ? 1 : 0));
  const Index text_height = kGlyphHeight * text_size;
  Index label_width = 0;
  for (const auto& label : layout.row_labels)
    label_width = std::max(label_width, text_width(label, text_size));
  if (label_width > 0) label_width += 2 * options.gap + text_size * 2;
  const Index title_height = layout.title.empty() ? 0 : text_height + 2 * options.gap + text_size * 2;

  GreyImage image;
  image.width = label_width + layout.grid_columns * (cell_width + options.gap) + options.gap;
  image.height = title_height + grid_rows * (cell_height + options.gap) + options.gap;
  require(image.width <= 30000 && image.height <= 30000, "render_image_grid: the grid would be ", image.width,
          " x ", image.height, " pixels (at most 30000 x 30000)");
  image.pixels.assign(static_cast<std::size_t>(image.width * image.height), options.background);

  if (!layout.title.empty())
    draw_text(image, layout.title, options.gap + text_size, options.gap + text_size, text_size);
  for (std::size_t r = 0; r < layout.row_labels.size(); ++r) {
    const Index top = title_height + static_cast<Index>(r) * (cell_height + options.gap) + options.gap;
    draw_text(image, layout.row_labels[r], options.gap + text_size, top + (cell_height - text_height) / 2,
              text_size);
  }
  const double range = options.high - options.low;
  for (Index k = 0; k < images.cols(); ++k) {
    const Index left = label_width + (k % layout.grid_columns) * (cell_width + options.gap) + options.gap;
    const Index top = title_height + (k / layout.grid_columns) * (cell_height + options.gap) + options.gap;
    for (Index r = 0; r < layout.image_height; ++r) {
      for (Index c = 0; c < layout.image_width; ++c) {
        const double value = (images(r * layout.image_width + c, k) - options.low) / range;
        const auto grey = static_cast<std::uint8_t>(std::lround(255.0 * std::clamp(value, 0.0, 1.0)));
        for (int dy = 0; dy < options.scale; ++dy) {
          std::uint8_t* row =
              image.pixels.data() + static_cast<std::size_t>((top + r * options.scale + dy) * image.width);
          std::fill_n(row + left + c * options.scale, options.scale, grey);
        }
      }
    }
  }
  return image;
}

void write_png(const std::filesystem::path& path, const GreyImage& image,
               const std::vector<std::pair<std::string, std::string>>& text) {
  require(image.width > 0 && image.height > 0 &&
              image.pixels.size() == static_cast<std::size_t>(image.width * image.height),
          "write_png: '", path.string(), "': image of ", image.width, " x ", image.height, " with ",
          image.pixels.size(), " pixels");
  for (const auto& [keyword, value] : text) {
    require(!keyword.empty() && keyword.size() <= 79, "write_png: PNG text keyword '", keyword,
            "' must have 1 ... 79 characters");
  }
  std::vector<png_text> chunks(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    chunks[i] = png_text{};
    chunks[i].compression = PNG_TEXT_COMPRESSION_NONE;
    chunks[i].key = const_cast<char*>(text[i].first.c_str());
    chunks[i].text = const_cast<char*>(text[i].second.c_str());
    chunks[i].text_length = text[i].second.size();
  }
  std::vector<std::uint8_t> bytes;
  const char* message = nullptr;
  require(encode_png(image, &chunks, &bytes, &message), "write_png: '", path.string(),
          "': ", message ? message : "libpng error");
  write_file_atomically(path, bytes);
}

void write_image_grid_png(const std::filesystem::path& path, const Matrix& images,
                          const ImageGridLayout& layout, const ImageGridOptions& options) {
  std::vector<std::pair<std::string, std::string>> text;
  if (!layout.title.empty()) text.emplace_back("Title", layout.title);
  std::string rows;
  for (const auto& label : layout.row_labels) rows += (rows.empty() ? "" : " | ") + label;
  if (!rows.empty()) text.emplace_back("Comment", "grid rows: " + rows);
  write_png(path, render_image_grid(images, layout, options), text);
}

}  // namespace hopfield
