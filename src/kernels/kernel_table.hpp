// The hot loops as a table of functions, one table per instruction set (library-internal).
//
// Each table is compiled in its own translation unit with its own flags (src/kernels/kernels_*.cpp); the
// dispatcher (src/kernels.cpp) picks one once, from the CPU (cpuid) or from a forced path, and every caller
// reaches the loops through kernel_table(). The kernels take raw pointers and plain integers only, so that no
// template or inline function of Eigen or the standard library is instantiated in an ISA translation unit:
// the linker keeps one copy of such a function, and a copy compiled for AVX-512 must never serve a portable
// path.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hopfield/kernels.hpp"

namespace hopfield::kernels {

using KernelIndex = std::ptrdiff_t;  // the same type as hopfield::Index (Eigen::Index)

/// One panel of the fused softmax retrieval (see retrieve_fused): up to panel_columns queries against all
/// stored items. Column-major inputs and output, as the library stores them.
struct FusedPanel {
  const float* keys;     ///< key_dimension x count
  const float* values;   ///< value_dimension x count
  const float* queries;  ///< key_dimension x columns (the panel's first query)
  KernelIndex key_dimension, value_dimension, count, columns;
  float beta;
  float* out;             ///< value_dimension x columns, leading dimension value_dimension
  float* log_normaliser;  ///< columns entries, or null
  float* workspace;       ///< fused_workspace_floats(key_dimension, value_dimension) floats
};

/// The fused kernel's blocking: queries per panel, stored items per block, the register tile's width.
inline constexpr KernelIndex fused_panel_columns = 64;
inline constexpr KernelIndex fused_block_rows = 96;
inline constexpr KernelIndex fused_tile_columns = 16;

/// Floats of workspace one FusedPanel needs: packed queries, accumulator, one block of scores, three rows.
inline constexpr KernelIndex fused_workspace_floats(KernelIndex key_dimension, KernelIndex value_dimension) {
  return (key_dimension + value_dimension + fused_block_rows + 3) * fused_panel_columns;
}

/// One block of stored items of the fused retrieval backward (see hopfield/attention_gradients.hpp): with
/// S = β K_blkᵀ Q and P = exp(S − lse) (count x batch, never larger), it writes
///   value_grad = dO Pᵀ,   key_grad = β Q dSᵀ,   and adds K_blk dS to query_sum,
/// where dS = P ⊙ (V_blkᵀ dO − delta) and delta_b = dO_bᵀ O_b. Column-major, contiguous.
template <typename Scalar>
struct RetrievalGradientBlock {
  const Scalar* keys;            ///< key_dimension x count (the block's stored items)
  const Scalar* values;          ///< value_dimension x count
  const Scalar* queries;         ///< key_dimension x batch
  const Scalar* out_grad;        ///< value_dimension x batch
  const Scalar* log_normaliser;  ///< batch entries: log Σ_i exp(β k_iᵀ q_b) over every stored item
  const Scalar* delta;           ///< batch entries
  KernelIndex key_dimension, value_dimension, count, batch;
  Scalar beta;
  Scalar* key_grad;     ///< key_dimension x count (written)
  Scalar* value_grad;   ///< value_dimension x count (written)
  Scalar* query_sum;    ///< key_dimension x batch (accumulated)
  Scalar* weights;      ///< count x batch workspace
  Scalar* weight_grad;  ///< count x batch workspace
};

/// Stored items per block of the fused backward: two count x batch workspaces stay in the L2 cache for the
/// batches of a training step (1024 queries: 2 x 256 KiB in single precision).
inline constexpr KernelIndex gradient_block_rows = 64;

/// Independent replicas that one discrete simulated-bifurcation step or one thermal sweep advances
/// together, one per lane.
inline constexpr KernelIndex bifurcation_lanes = 16;

/// The couplings W of a graph as the lane kernels read them: CSR rows of whole numbers.
struct LaneCouplings {
  const std::int64_t* offsets;  ///< vertices + 1 row offsets
  const std::int32_t* neighbours;
  const std::int16_t* couplings;  ///< W_ij per entry, or null when every W_ij equals uniform_coupling
  std::int16_t uniform_coupling;
  KernelIndex vertices;
};

/// One time step of discrete simulated bifurcation (Goto et al., Science Advances 2021) for
/// bifurcation_lanes replicas of one graph, on its couplings W (CSR, whole numbers) less mean_coupling
/// on every pair (0: W as it is):
///   h_i    = Σ_j W_ij s_j                         (exact, 16-bit: |h_i| ≤ Σ_j |W_ij| < 2¹⁵)
///   f_i    = h_i − mean_coupling (m − s_i),       m = Σ_j s_j, the replica's signs at the step's start
///   y_i   += (−detuning x_i + strength f_i) Δt,   x_i += y_i Δt
///   |x_i| > 1:  x_i = ±1, y_i = 0                 (the inelastic wall)
///   s_i    = +1 if x_i ≥ 0 else −1,               and sign_sums becomes the new m.
/// Vertex-major lanes: element [16 i + r] is replica r's entry for vertex i. Every operation is a single
/// rounding (no fused multiply-add), so every path gives the same bits.
struct BifurcationBatch {
  LaneCouplings graph;
  std::int16_t* signs;      ///< vertices x lanes, ±1 (read, then the new signs written)
  std::int16_t* fields;     ///< vertices x lanes workspace
  float* positions;         ///< vertices x lanes
  float* momenta;           ///< vertices x lanes
  std::int32_t* sign_sums;  ///< lanes: m of each replica (read, then the new m written)
  float detuning, strength, mean_coupling, time_step;
};

/// A flip threshold that means "always", without a draw (FlipRule in maxcut_dynamics.cpp).
inline constexpr std::uint32_t certain_flip = 0xFFFFFFFFu;

/// One sweep of single-flip Metropolis or Glauber dynamics for bifurcation_lanes replicas of one graph,
/// each with its own xoshiro128** generator: vertices in index order; in each replica, neuron i's flip cost
/// g = s_i h_i picks thresholds[g + max_cost] = t: t = 0 never flips, t = certain_flip always does, any other
/// t flips when the replica's next 32-bit draw u < t (a draw only then). A flip negates s_i, adds −2 s_i W_ij
/// to each neighbour's field (16-bit: |h| ≤ Σ_j |W_ij| < 2¹⁵) and −g to the replica's `gains`. Costs at or
/// above `cutoff` must have t = 0: a vertex where every replica's cost is that high is passed over.
struct ThermalBatch {
  LaneCouplings graph;
  std::int16_t* signs;              ///< vertices x lanes, ±1
  std::int16_t* fields;             ///< vertices x lanes, h = W s
  const std::uint32_t* thresholds;  ///< 2 max_cost + 1 entries, for costs −max_cost … max_cost
  std::int32_t max_cost;
  std::int16_t cutoff;
  std::uint32_t* generators;  ///< 4 x lanes: word k of lane r's xoshiro128** state at [k · lanes + r]
  std::int32_t* gains;        ///< lanes: the cut's change so far (added to)
};

struct KernelTable {
  const char* name;
  // Packed ±1 patterns (src/packed_patterns.hpp documents the layouts and what each computes).
  std::int64_t (*sum_where_set)(const std::uint16_t* row, const std::int16_t* overlaps, KernelIndex blocks);
  void (*sum_where_set_8)(const std::uint16_t* const* rows, const std::int16_t* overlaps, KernelIndex blocks,
                          std::int64_t* sums);
  void (*add_signed)(const std::uint16_t* row, std::int16_t* overlaps, std::int16_t delta,
                     KernelIndex blocks);
  std::int32_t (*overlap)(const std::uint64_t* a, const std::uint64_t* b, KernelIndex n);
  std::int32_t (*row_coupling)(const std::uint16_t* a, const std::uint16_t* b, KernelIndex blocks,
                               KernelIndex patterns);
  // Byte couplings (src/packed_couplings.hpp).
  void (*hamming_4x4)(const std::uint8_t* rows_i, const std::uint8_t* rows_j, KernelIndex row_bytes,
                      std::int32_t* distances);
  bool (*store_block)(const std::int32_t* distances, std::int32_t patterns, std::int32_t parity,
                      std::int8_t* halves, std::size_t n, KernelIndex i, KernelIndex j);
  /// add_byte_rows[r − 1] updates r half-field vectors (r = 1 … 4).
  void (*add_byte_rows[4])(const std::int8_t* const* rows, const std::int32_t* signs, std::int32_t parity,
                           KernelIndex n, std::int16_t* const* halves, std::int32_t* largest);
  // Softmax retrieval (src/fused_retrieval.cpp).
  void (*retrieve_panel)(const FusedPanel& panel);
  // Dense double precision (src/kernels/dense_kernels.inl): c = a b, column-major; y += s x; xᵀy.
  void (*multiply_f64)(const double* a, KernelIndex rows, KernelIndex depth, const double* b,
                       KernelIndex columns, double* c);
  void (*add_scaled_f64)(double* y, const double* x, double s, KernelIndex n);
  double (*dot_f64)(const double* x, const double* y, KernelIndex n);
  // Fused retrieval backward, one block of stored items (src/kernels/gradient_kernels.inl).
  void (*retrieval_gradient_block_f32)(const RetrievalGradientBlock<float>& block);
  void (*retrieval_gradient_block_f64)(const RetrievalGradientBlock<double>& block);
  // Discrete simulated bifurcation, one time step of bifurcation_lanes replicas (bifurcation_kernels.inl).
  void (*bifurcation_step)(const BifurcationBatch& batch);
  // Metropolis or Glauber, one sweep of bifurcation_lanes replicas (thermal_kernels.inl).
  void (*thermal_sweep)(const ThermalBatch& batch);
};

/// The tables, each defined in its own translation unit.
extern const KernelTable portable_table;
extern const KernelTable avx2_table;
extern const KernelTable avx512_table;

#ifdef __wasm_simd128__
/// The fused retrieval with 128-bit WebAssembly SIMD (fused_wasm_simd128.cpp): the portable table's on a
/// WebAssembly build with SIMD.
namespace wasm_simd128 {
void retrieve_panel(const FusedPanel& panel);
}
#endif

/// The table in use (chosen once; see hopfield/kernels.hpp).
const KernelTable& kernel_table();
/// The table of a path (Automatic: the portable one), whether or not this CPU can execute it.
const KernelTable& table_of(KernelPath path);

// ---- Dense linear algebra of the models
// --------------------------------------------------------------------- Eigen's products, rank updates,
// exponentials, Cholesky solve and symmetric eigensolver as a second table, compiled once per instruction set
// in a unit of its own (src/kernels/eigen_*.cpp, src/kernels/eigen_kernels.inl) under a renamed Eigen
// namespace, and chosen with the kernel table. Those units let the compiler fuse a multiply and an add
// (-ffp-contract=fast), as Eigen compiled for the machine does. The paths round differently (packet width,
// fused multiply-add), so results agree between paths to a tolerance; on one path they are bit-identical
// whatever the thread count.

/// Whether an operand enters a product as stored or transposed.
enum class Operation : std::uint8_t { AsStored, Transposed };
/// Whether a product overwrites its output or is added to it.
enum class Update : std::uint8_t { Assign, Accumulate };

/// A column-major block as stored: rows x columns, `stride` elements between the starts of its columns.
template <typename Scalar>
struct DenseOperand {
  const Scalar* data;
  KernelIndex rows, columns, stride;
  Operation operation;
};

/// out (= or +=) op(left) op(right); out is column-major with leading dimension out_stride.
template <typename Scalar>
struct DenseProduct {
  DenseOperand<Scalar> left, right;
  Scalar* out;
  KernelIndex out_stride;
  Update update;
};

struct DenseTable {
  const char* name;
  void (*product_f64)(const DenseProduct<double>& product);
  void (*product_f32)(const DenseProduct<float>& product);
  /// The lower triangle of the n x n matrix `lower` += x xᵀ, x n x k (the strict upper triangle untouched).
  void (*rank_update_f64)(const double* x, KernelIndex n, KernelIndex k, double* lower);
  void (*rank_update_f32)(const float* x, KernelIndex n, KernelIndex k, float* lower);
  /// x ← exp(x − shift) over n contiguous entries; returns their sum.
  double (*exp_shifted_f64)(double* x, KernelIndex n, double shift);
  float (*exp_shifted_f32)(float* x, KernelIndex n, float shift);
  /// Σ expm1(x − shift) over n contiguous entries (x unchanged).
  double (*expm1_shifted_sum_f64)(const double* x, KernelIndex n, double shift);
  float (*expm1_shifted_sum_f32)(const float* x, KernelIndex n, float shift);
  /// Cholesky factorisation of the symmetric size x size `matrix` and right ← matrix⁻¹ right (size x
  /// columns); returns the reciprocal condition estimate, or 0 (right untouched) when the matrix is not
  /// positive definite. With `factor` non-null it also receives the lower factor L (size x size; upper part
  /// zero).
  double (*cholesky_solve_f64)(const double* matrix, KernelIndex size, double* right, KernelIndex columns,
                               double* factor);
  /// Eigenvalues (increasing) of the symmetric size x size `matrix`, and its eigenvectors as columns when
  /// `vectors` is non-null; false when the solver does not converge.
  bool (*symmetric_eigen_f64)(const double* matrix, KernelIndex size, double* values, double* vectors);
  /// right ← (Lᵀ)⁻¹ right for the lower-triangular size x size `lower` (right size x columns).
  void (*transposed_lower_solve_f64)(const double* lower, KernelIndex size, double* right,
                                     KernelIndex columns);
};

extern const DenseTable portable_dense_table;
extern const DenseTable avx2_dense_table;
extern const DenseTable avx512_dense_table;

/// The dense table of the kernel path in use, and of a given path.
const DenseTable& dense_table();
const DenseTable& dense_table_of(KernelPath path);
// ---- end of dense linear algebra
// ----------------------------------------------------------------------------

}  // namespace hopfield::kernels
