// What an experiment returns: named tables (with the seed's reference values in their own columns), figures
// (series for a plotting front end), image grids and notes. Writers turn a Result into terminal tables,
// JSON, CSV and PNG; an experiment never formats output itself.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "hopfield/types.hpp"

namespace hopfield::experiments {

/// One table cell: empty (no value, e.g. the seed has no figure here), integer, real, text or flag.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string, bool>;

struct Table {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
  /// Digits after the decimal point for real cells, per column; missing or negative: 6 significant digits.
  std::vector<int> decimals;

  void add_row(std::vector<Cell> row);
};

struct Series {
  std::string label;
  std::vector<double> x;
  std::vector<double> y;
  /// Optional band (e.g. a 95 % confidence interval); empty or the same length as y.
  std::vector<double> y_low;
  std::vector<double> y_high;
};

struct Figure {
  std::string name;  ///< file-name stem, e.g. "capacity"
  std::string title;
  std::string x_label;
  std::string y_label;
  bool log_x = false;
  bool log_y = false;
  std::vector<Series> series;
};

/// Images (one per column of `pixels`, row-major within an image, values in [−1, 1]) laid out in a grid of
/// `grid_columns` columns; row_labels name the grid's rows (e.g. stored / corrupted / recalled).
struct ImageGrid {
  std::string name;
  std::string title;
  Index image_height = 0;
  Index image_width = 0;
  Index grid_columns = 0;
  std::vector<std::string> row_labels;
  Matrix pixels;
};

/// A named parameter value as run (ordered as declared); the seed is the one unsigned value.
using ParameterValue = std::variant<std::int64_t, double, std::string, bool, std::uint64_t>;

struct Result {
  std::string name;
  std::vector<std::pair<std::string, ParameterValue>> params;
  std::vector<Table> tables;
  std::vector<Figure> figures;
  std::vector<ImageGrid> images;
  std::vector<std::string> notes;
};

}  // namespace hopfield::experiments
