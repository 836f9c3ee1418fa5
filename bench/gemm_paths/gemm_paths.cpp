// GEMM throughput of the shapes the library multiplies; bench/gemm_paths/run.sh builds this file twice
// (Eigen's own kernels, and EIGEN_USE_BLAS with OpenBLAS) and runs both, one thread each.
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
template <typename F>
double best_seconds(F&& f, int repeats) {
  double best = 1e9;
  for (int r = 0; r < repeats; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}
int main() {
  for (auto [m, n, k, reps] : {std::array<int, 4>{2048, 2048, 2048, 3},
                               {1024, 64, 64, 2000},
                               {64, 64, 1024, 2000},
                               {784, 32, 784, 500}}) {
    Eigen::MatrixXf a = Eigen::MatrixXf::Random(m, k), b = Eigen::MatrixXf::Random(k, n), c(m, n);
    double s = best_seconds([&] { c.noalias() = a * b; }, reps);
    std::printf("sgemm %dx%dx%d: %.1f GFLOP/s\n", m, n, k, 2.0 * m * n * k / s / 1e9);
  }
  for (auto [m, n, k, reps] : {std::array<int, 4>{2048, 2048, 2048, 3}, {784, 32, 784, 500}}) {
    Eigen::MatrixXd a = Eigen::MatrixXd::Random(m, k), b = Eigen::MatrixXd::Random(k, n), c(m, n);
    double s = best_seconds([&] { c.noalias() = a * b; }, reps);
    std::printf("dgemm %dx%dx%d: %.1f GFLOP/s\n", m, n, k, 2.0 * m * n * k / s / 1e9);
  }
}
