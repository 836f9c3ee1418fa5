// A recall whose CancellationToken is cancelled throws Cancelled and returns nothing; a token that is never
// cancelled changes no bit of the result.
#include "hopfield/cancellation.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "hopfield/classical.hpp"
#include "hopfield/corruption.hpp"
#include "hopfield/dense_memory.hpp"
#include "hopfield/modern.hpp"
#include "hopfield/patterns.hpp"

namespace hopfield {
namespace {

void expect_same(const RecallResult& a, const RecallResult& b) {
  EXPECT_EQ(a.states, b.states);
  EXPECT_EQ(a.sweeps, b.sweeps);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.flips, b.flips);
  EXPECT_EQ(a.energy, b.energy);
}

TEST(Cancellation, ACancelledTokenStopsEveryModelsRecall) {
  const Matrix patterns = random_binary_patterns(64, 4, 1);
  const Matrix probes = flip_exactly(patterns.replicate(1, 20), 6, 2);  // 80 probes: three blocks
  CancellationToken token;
  token.cancel();
  const auto classical = ClassicalHopfield::hebb(patterns);
  EXPECT_THROW(classical.recall(probes, {.cancellation = &token}), Cancelled);
  const DenseAssociativeMemory dense(patterns, InteractionFunction::Polynomial, 3);
  EXPECT_THROW(dense.recall(probes, {.cancellation = &token}), Cancelled);
  const ModernHopfield modern(patterns, 0.5);
  EXPECT_THROW(modern.recall(probes, {.cancellation = &token}), Cancelled);
  ModernRecallOptions double_precision{.precision = Precision::Double};
  double_precision.cancellation = &token;
  EXPECT_THROW(modern.recall(probes, double_precision), Cancelled);
}

TEST(Cancellation, ATokenNeverCancelledChangesNoBit) {
  const Matrix patterns = random_binary_patterns(50, 5, 3);
  const Matrix probes = flip_exactly(patterns.replicate(1, 15), 8, 4);
  const CancellationToken token;
  const auto classical = ClassicalHopfield::hebb(patterns);
  expect_same(classical.recall(probes, {.seed = 9, .threads = 2}),
              classical.recall(probes, {.seed = 9, .threads = 2, .cancellation = &token}));
  const ModernHopfield modern(gaussian_patterns(50, 7, 5), 0.3);
  const Matrix continuous = gaussian_patterns(50, 150, 6);
  expect_same(modern.recall(continuous, {.max_sweeps = 4}),
              modern.recall(continuous, {.max_sweeps = 4, .cancellation = &token}));
}

TEST(Cancellation, CancellingFromAnotherThreadStopsARunningRecall) {
  // 400 blocks of 64 probes against 20 000 patterns: seconds uncancelled on one thread, one block
  // (milliseconds) after the cancel.
  const ModernHopfield modern(gaussian_patterns(64, 20000, 7), 0.1);
  const Matrix probes = gaussian_patterns(64, 64 * 400, 8);
  CancellationToken token;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    token.cancel();
  });
  EXPECT_THROW(modern.recall(probes, {.final_energy = false, .threads = 1, .cancellation = &token}),
               Cancelled);
  canceller.join();
}

}  // namespace
}  // namespace hopfield
