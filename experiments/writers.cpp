#include "writers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "hopfield/error.hpp"
#include "parameters.hpp"

namespace hopfield::experiments {
namespace {

std::string format_cell(const Cell& cell, int decimals) {
  return std::visit(
      [decimals](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "-";
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isnan(v)) return "nan";
          return decimals >= 0 ? fmt::format("{:.{}f}", v, decimals) : fmt::format("{:.6g}", v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "yes" : "no";
        } else {
          return fmt::format("{}", v);
        }
      },
      cell);
}

bool is_numeric(const Cell& cell) {
  return std::holds_alternative<std::int64_t>(cell) || std::holds_alternative<double>(cell);
}

nlohmann::json cell_to_json(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> nlohmann::json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, double>) {
          return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
        } else {
          return v;
        }
      },
      cell);
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  quoted += '"';
  return quoted;
}

}  // namespace

void Table::add_row(std::vector<Cell> row) {
  require(row.size() == columns.size(), "table '", title, "': row has ", row.size(), " cells for ",
          columns.size(), " columns");
  rows.push_back(std::move(row));
}

std::string format_table(const Table& table) {
  const std::size_t columns = table.columns.size();
  std::vector<std::vector<std::string>> text(table.rows.size(), std::vector<std::string>(columns));
  std::vector<std::size_t> width(columns);
  for (std::size_t c = 0; c < columns; ++c) width[c] = table.columns[c].size();
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      const int decimals = c < table.decimals.size() ? table.decimals[c] : -1;
      text[r][c] = format_cell(table.rows[r][c], decimals);
      width[c] = std::max(width[c], text[r][c].size());
    }
  }
  std::string out = table.title;
  out += '\n';
  std::string rule;
  for (std::size_t c = 0; c < columns; ++c) {
    out += fmt::format("{}{:<{}}", c ? "  " : "  ", table.columns[c], width[c]);
    rule += fmt::format("  {}", std::string(width[c], '-'));
  }
  out += '\n';
  out += rule;
  out += '\n';
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      const bool right = is_numeric(table.rows[r][c]);
      out += right ? fmt::format("  {:>{}}", text[r][c], width[c])
                   : fmt::format("  {:<{}}", text[r][c], width[c]);
    }
    out += "\n";
  }
  return out;
}

std::string format_result(const Result& result) {
  std::string out = fmt::format("== {} ==\n", result.name);
  std::string params;
  for (const auto& [name, value] : result.params)
    params += fmt::format("{}{}={}", params.empty() ? "" : " ", name, to_text(value));
  if (!params.empty()) out += fmt::format("   {}\n", params);
  for (const auto& table : result.tables) {
    out += '\n';
    out += format_table(table);
  }
  if (!result.notes.empty()) out += "\n";
  for (const auto& note : result.notes) out += fmt::format("  * {}\n", note);
  return out;
}

nlohmann::json to_json(const std::vector<Result>& results) {
  nlohmann::json experiments = nlohmann::json::array();
  for (const auto& result : results) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, value] : result.params) {
      params[name] = std::visit([](const auto& v) { return nlohmann::json(v); }, value);
    }
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& table : result.tables) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& row : table.rows) {
        nlohmann::json cells = nlohmann::json::array();
        for (const auto& cell : row) cells.push_back(cell_to_json(cell));
        rows.push_back(std::move(cells));
      }
      tables.push_back({{"title", table.title}, {"columns", table.columns}, {"rows", std::move(rows)}});
    }
    nlohmann::json figures = nlohmann::json::array();
    for (const auto& figure : result.figures) {
      nlohmann::json series = nlohmann::json::array();
      for (const auto& s : figure.series) {
        nlohmann::json one = {{"label", s.label}, {"x", s.x}, {"y", s.y}};
        if (!s.y_low.empty()) one["y_low"] = s.y_low;
        if (!s.y_high.empty()) one["y_high"] = s.y_high;
        series.push_back(std::move(one));
      }
      figures.push_back({{"name", figure.name},
                         {"title", figure.title},
                         {"x_label", figure.x_label},
                         {"y_label", figure.y_label},
                         {"log_x", figure.log_x},
                         {"log_y", figure.log_y},
                         {"series", std::move(series)}});
    }
    experiments.push_back({{"name", result.name},
                           {"params", std::move(params)},
                           {"tables", std::move(tables)},
                           {"figures", std::move(figures)},
                           {"notes", result.notes}});
  }
  return {{"experiments", std::move(experiments)}};
}

std::string to_csv(const Table& table) {
  std::string out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c) out += ',';
    out += csv_field(table.columns[c]);
  }
  out += "\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string text = std::holds_alternative<std::monostate>(row[c]) ? std::string()
                         : std::holds_alternative<double>(row[c])
                             ? fmt::format("{}", std::get<double>(row[c]))
                             : format_cell(row[c], -1);
      if (c) out += ',';
      out += csv_field(text);
    }
    out += "\n";
  }
  return out;
}

bool is_standard_output(const std::filesystem::path& path) {
  return path == "-" || path == "/dev/stdout";
}

void write_output_file(const std::filesystem::path& path, std::string_view content) {
  if (!is_standard_output(path)) {
    write_file_atomically(path, content);
    return;
  }
  const bool written = std::fwrite(content.data(), 1, content.size(), stdout) == content.size();
  require(written && std::fflush(stdout) == 0, "cannot write to standard output ('", path.string(),
          "'): ", std::strerror(errno));
}

void write_csv_files(const std::vector<Result>& results, const std::filesystem::path& directory) {
  const std::filesystem::path created = create_output_directory(directory);
  for (const auto& result : results) {
    for (std::size_t k = 0; k < result.tables.size(); ++k) {
      write_file_atomically(created / fmt::format("{}-{}.csv", result.name, k + 1), to_csv(result.tables[k]));
    }
  }
}

}  // namespace hopfield::experiments
