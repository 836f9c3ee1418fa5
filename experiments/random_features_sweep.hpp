// Shared by random-features-phases and random-features-diagram: the α sweep of one coupling rule on one
// random-features data set (see include/hopfield/random_features.hpp for the data model), the three phase
// boundaries read off it, and how a point and a boundary appear in a table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hopfield/random_features.hpp"
#include "progress.hpp"
#include "result.hpp"

namespace hopfield::experiments {

struct AlphaSweepOptions {
  Index train_probes = 50;  ///< the dynamics start from the first min(p, train_probes) stored examples
  double threshold = 0.9;   ///< m ≥ threshold counts as retrieved
  double relative_ridge = 1e-9;
  /// recall.seed is the base of the per-point seeds; recall.threads (0: the OpenMP default) the threads over
  /// α points (the dynamics of one point run on its thread).
  RecallOptions recall;
  /// true: the points are shared over the processes of the current group too (map_items); only from the
  /// run's own thread, never inside another item. false: over this process's threads only.
  bool share_over_processes = false;
};

struct AlphaPoint {
  double alpha = 0.0;
  Index stored = 0;  ///< p = round(α N)
  bool skipped = false;
  MagnetisationSummary train, features, test, control;
  Index unseen_test = 0;  ///< test examples not equal to any stored one (the ones measured)
  /// Fraction of the unseen test examples that are fixed points of the dynamics, sign((W ξ)_i) = ξ_i or
  /// (W ξ)_i = 0 for every i (the one-step check, independent of the update order).
  double test_fixed_points = 0.0;
  /// Pseudoinverse only: fraction of the unseen test examples with max_i |(W ξ − ξ)_i| ≤ 1e-8.
  double test_fixed_by_projection = 0.0;
  double build_seconds = 0.0;   ///< forming W
  double recall_seconds = 0.0;  ///< all the dynamics of this point (wall clock)
  std::int64_t sweeps = 0;      ///< sweeps summed over every start
  Index starts = 0;             ///< dynamics started at this point
};

/// Runs the dynamics from the train, feature, test and `control` (random ±1) states at every α of `alphas`
/// (pseudoinverse points with p > N are skipped). The points run in parallel, largest p first; the result is
/// the same for any thread or process count. Calls progress.advance() once per point.
std::vector<AlphaPoint> sweep_alpha(const RandomFeaturesData& data, const Matrix& control, CouplingRule rule,
                                    const std::vector<double>& alphas, const AlphaSweepOptions& options,
                                    Progress& progress);

struct PhaseBoundaries {
  Crossing storage;         ///< train m falls below the threshold: end of the storage phase
  Crossing learning;        ///< feature m rises above it
  Crossing generalisation;  ///< test m rises above it
};
PhaseBoundaries phase_boundaries(const std::vector<AlphaPoint>& points, double threshold);

/// The phase a measured point is in: "generalisation" (unseen test m ≥ threshold), else "learning" (features
/// m ≥ threshold), else "storage" (train m ≥ threshold), else "no retrieval".
std::string phase_of(const AlphaPoint& point, double threshold);

/// A boundary's α as a table cell; empty when the curve never crosses the threshold on the grid.
Cell crossing_cell(const Crossing& crossing);

/// n values from lo to hi evenly spaced in log (n = 1: lo).
std::vector<double> log_grid(double lo, double hi, Index n);

}  // namespace hopfield::experiments
