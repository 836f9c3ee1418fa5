#include "hopfield/maxcut.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>

#include "hopfield/dataset.hpp"
#include "hopfield/error.hpp"
#include "hopfield/file_bytes.hpp"

namespace hopfield {

namespace {

// The vertex count is checked before the adjacency is built from it.
Index checked_vertices(Index vertices) {
  require(vertices >= 1 && vertices <= max_graph_vertices, "graph: vertices = ", vertices,
          "; expected 1 ... ", max_graph_vertices);
  return vertices;
}

}  // namespace

WeightedGraph::WeightedGraph(Index vertices, std::vector<CouplingEntry> edges)
    : vertices_(checked_vertices(vertices)), edges_(std::move(edges)), adjacency_(vertices, edges_) {
  for (const auto& edge : edges_) total_weight_ += edge.value;
}

double cut_value(const WeightedGraph& graph, std::span<const std::int8_t> partition) {
  require(static_cast<Index>(partition.size()) == graph.vertices(), "cut_value: the partition has ",
          partition.size(), " entries; expected one per vertex, ", graph.vertices());
  double cut = 0.0;
  for (const auto& edge : graph.edges()) {
    const int product =
        partition[static_cast<std::size_t>(edge.first)] * partition[static_cast<std::size_t>(edge.second)];
    cut += edge.value * (1 - product) / 2;
  }
  return cut;
}

SparseCouplings maxcut_couplings(const WeightedGraph& graph) {
  std::vector<CouplingEntry> negated = graph.edges();
  for (auto& edge : negated) edge.value = -edge.value;
  return SparseCouplings(graph.vertices(), negated);
}

namespace {

// The whitespace-separated fields of one line, and where the text goes on.
class LineReader {
 public:
  LineReader(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  // The next line that is not blank (false at the end); its fields go to `fields`.
  bool next(std::vector<std::string_view>& fields) {
    while (position_ < text_.size()) {
      auto end = text_.find('\n', position_);
      if (end == std::string_view::npos) end = text_.size();
      const std::string_view line = text_.substr(position_, end - position_);
      position_ = end + 1;
      ++line_number_;
      split(line, fields);
      if (!fields.empty()) return true;
    }
    return false;
  }
  std::size_t line_number() const { return line_number_; }

  template <typename... Parts>
  [[noreturn]] void fail(Parts&&... parts) const {
    throw Error(detail::concat(source_, ", line ", line_number_, ": ", std::forward<Parts>(parts)...));
  }

 private:
  static void split(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t at = 0;
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (at < line.size()) {
      while (at < line.size() && blank(line[at])) ++at;
      const std::size_t start = at;
      while (at < line.size() && !blank(line[at])) ++at;
      if (at > start) fields.push_back(line.substr(start, at - start));
    }
  }

  std::string_view text_;
  std::string_view source_;
  std::size_t position_ = 0;
  std::size_t line_number_ = 0;
};

// A whole number written in decimal digits (an optional leading minus), or nothing.
std::optional<std::int64_t> whole_number(std::string_view field) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (error != std::errc() || end != field.data() + field.size()) return std::nullopt;
  return value;
}

std::optional<double> finite_number(std::string_view field) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (error != std::errc() || end != field.data() + field.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

struct GsetHeader {
  Index vertices = 0;
  Index edges = 0;
};

GsetHeader read_header(LineReader& reader, std::vector<std::string_view>& fields) {
  if (!reader.next(fields)) reader.fail("the file is empty; expected a header line 'N E' (vertices, edges)");
  if (fields.size() != 2)
    reader.fail("the header has ", fields.size(),
                " fields; expected two whole numbers 'N E' (vertices, edges)");
  const auto vertices = whole_number(fields[0]);
  const auto edges = whole_number(fields[1]);
  if (!vertices || *vertices < 1 || *vertices > max_graph_vertices)
    reader.fail("the vertex count '", fields[0], "' is not a whole number from 1 to ", max_graph_vertices);
  const double most_edges = 0.5 * static_cast<double>(*vertices) * static_cast<double>(*vertices - 1);
  if (!edges || *edges < 0 || static_cast<double>(*edges) > most_edges)
    reader.fail("the edge count '", fields[1], "' is not a whole number from 0 to N(N-1)/2 = ", most_edges);
  return {*vertices, *edges};
}

CouplingEntry read_edge(LineReader& reader, const std::vector<std::string_view>& fields, Index vertices) {
  if (fields.size() != 3)
    reader.fail(fields.size() < 3 ? "missing field" : "unexpected trailing text", ": the edge line has ",
                fields.size(), " fields; expected three, 'i j w'");
  const char* names[] = {"first vertex", "second vertex"};
  Index ends[2] = {0, 0};
  for (int k = 0; k < 2; ++k) {
    const auto vertex = whole_number(fields[static_cast<std::size_t>(k)]);
    if (!vertex)
      reader.fail("the ", names[k], " '", fields[static_cast<std::size_t>(k)], "' is not a whole number");
    if (*vertex < 1 || *vertex > vertices)
      reader.fail("the ", names[k], " ", *vertex, " is outside the vertex range 1 ... ", vertices);
    ends[k] = *vertex;
  }
  const auto weight = finite_number(fields[2]);
  if (!weight) reader.fail("the weight '", fields[2], "' is not a finite number");
  if (ends[0] == ends[1])
    reader.fail("the edge joins vertex ", ends[0], " to itself; expected two distinct vertices");
  return {ends[0] - 1, ends[1] - 1, *weight};
}

}  // namespace

WeightedGraph parse_gset(std::string_view text, std::string_view source) {
  LineReader reader(text, source);
  std::vector<std::string_view> fields;
  const GsetHeader header = read_header(reader, fields);
  std::vector<CouplingEntry> edges;
  edges.reserve(static_cast<std::size_t>(header.edges));
  std::unordered_map<std::uint64_t, std::size_t> first_line;  // edge {i < j} -> the line that gave it
  first_line.reserve(static_cast<std::size_t>(header.edges));
  while (reader.next(fields)) {
    if (static_cast<Index>(edges.size()) == header.edges)
      reader.fail("more edges than the ", header.edges, " the header declares");
    CouplingEntry edge = read_edge(reader, fields, header.vertices);
    const auto low = static_cast<std::uint64_t>(std::min(edge.first, edge.second));
    const auto high = static_cast<std::uint64_t>(std::max(edge.first, edge.second));
    const auto [at, inserted] = first_line.emplace((low << 32) | high, reader.line_number());
    if (!inserted)
      reader.fail("the edge ", low + 1, " ", high + 1, " repeats the edge of line ", at->second,
                  "; expected each edge once");
    edges.push_back(edge);
  }
  if (static_cast<Index>(edges.size()) != header.edges)
    throw Error(detail::concat(source, ": the file ends after ", edges.size(), " edges; the header declares ",
                               header.edges));
  return WeightedGraph(header.vertices, std::move(edges));
}

WeightedGraph read_gset(const std::filesystem::path& path) {
  const auto bytes = read_file_bytes(path, "G-set file");
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return parse_gset(text, path.string());
}

std::filesystem::path gset_file(std::string_view name, const std::filesystem::path& directory) {
  const auto root = resolve_data_directory(directory);
  const auto path = root / "gset" / (std::string(name) + ".txt");
  const std::string reason = unreadable_file_reason(path);
  require(reason.empty(), "G-set graph '", name, "': ", path.string(), " ", reason,
          "; the graphs ship in the source checkout's data/gset/ (run from the checkout, or point "
          "HOPFIELD_DATA at its data directory)");
  return path;
}

}  // namespace hopfield
