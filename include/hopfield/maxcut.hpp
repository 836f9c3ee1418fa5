// MAX-CUT as Hopfield energy minimisation.
//
// A graph with weights w_ij and a partition s ∈ {±1}^N cut
//     cut(s) = Σ_(i<j) w_ij (1 − s_i s_j) / 2.
// With couplings W = −w the Hopfield energy E(s) = −½ Σ_ij W_ij s_i s_j equals Σ_(i<j) w_ij s_i s_j, so
//     cut(s) = (Σ_(i<j) w_ij − E(s)) / 2:
// maximising the cut is minimising the energy. Asynchronous Hopfield descent is then a local search whose
// fixed points are the 1-flip-optimal cuts — the equivalence analogue (memristor) Hopfield MAX-CUT solvers
// rest on.
//
// G-set files (Helmberg & Rendl's benchmark graphs, made with Rinaldi's rudy): a header line "N E" and then
// E lines "i j w" with 1-based vertices i ≠ j and a weight w. read_gset() checks every field and names the
// file and line of anything wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hopfield/sparse_couplings.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

/// The most vertices a graph may have: the solvers index vertices with 32-bit integers.
inline constexpr Index max_graph_vertices = std::numeric_limits<std::int32_t>::max();

/// An undirected weighted graph: vertices 0 … N−1, each edge once.
class WeightedGraph {
 public:
  /// Throws hopfield::Error for a vertex count outside 1 … max_graph_vertices, a vertex out of range, a
  /// self-edge, an edge listed twice or a weight that is not finite.
  WeightedGraph(Index vertices, std::vector<CouplingEntry> edges);

  Index vertices() const { return vertices_; }
  Index edge_count() const { return static_cast<Index>(edges_.size()); }
  const std::vector<CouplingEntry>& edges() const { return edges_; }
  /// Σ over edges of w_ij.
  double total_weight() const { return total_weight_; }
  /// The adjacency w in sparse form (w_ij on each edge).
  const SparseCouplings& adjacency() const { return adjacency_; }

 private:
  Index vertices_ = 0;
  std::vector<CouplingEntry> edges_;
  double total_weight_ = 0.0;
  SparseCouplings adjacency_;
};

/// cut(s) = Σ over edges of w_ij (1 − s_i s_j)/2, summed edge by edge. `partition` has N entries ±1.
double cut_value(const WeightedGraph& graph, std::span<const std::int8_t> partition);

/// The Hopfield couplings of MAX-CUT on `graph`: W = −w.
SparseCouplings maxcut_couplings(const WeightedGraph& graph);

/// The cut from the Hopfield energy of the same partition: (Σ w − E) / 2.
inline double cut_from_energy(const WeightedGraph& graph, double energy) {
  return 0.5 * (graph.total_weight() - energy);
}

/// Reads a graph in G-set format from `text`; `source` names it in error messages (a file name).
WeightedGraph parse_gset(std::string_view text, std::string_view source);

/// Reads a G-set file. Throws hopfield::Error naming the file (and the line) when it cannot be read or
/// breaks the format: the header is not two whole numbers N ≥ 1 and 0 ≤ E ≤ N(N−1)/2; an edge line is not
/// three fields "i j w" (a non-numeric field, a missing or extra field); a vertex lies outside 1 … N; an
/// edge joins a vertex to itself or repeats an earlier edge; there are fewer or more edge lines than E.
/// Blank lines and Windows line endings are accepted.
WeightedGraph read_gset(const std::filesystem::path& path);

/// The file of G-set graph `name` ("G1") in the data directory: D/gset/NAME.txt, D from
/// resolve_data_directory(directory) (hopfield/dataset.hpp: explicit, HOPFIELD_DATA, ./data, per-user).
/// Throws hopfield::Error naming the path tried when the file is not there.
std::filesystem::path gset_file(std::string_view name, const std::filesystem::path& directory = {});

}  // namespace hopfield
