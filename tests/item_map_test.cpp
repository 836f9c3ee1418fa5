#include "hopfield/item_map.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace hopfield {
namespace {

// A result with members the codec cannot copy as bytes, listed through item_fields().
struct Trial {
  std::int64_t index = 0;
  std::vector<int> sweeps;
  std::string label;
  std::optional<double> energy;
  Matrix states;
  auto item_fields() { return std::tie(index, sweeps, label, energy, states); }
  bool operator==(const Trial&) const = default;
};

Trial make_trial(Index i) {
  Trial trial;
  trial.index = i;
  for (Index k = 0; k < i % 5; ++k) trial.sweeps.push_back(static_cast<int>(i * 10 + k));
  trial.label = std::string(static_cast<std::size_t>(i % 4), static_cast<char>('a' + i % 26));
  if (i % 2 == 0) trial.energy = -0.5 * static_cast<double>(i);
  trial.states = Matrix::Constant(i % 3, 2, 0.25 * static_cast<double>(i));
  return trial;
}

// Plays process `rank` of a group of `size`: the first pass records what the process brings to the exchange
// and stops there; the second pass hands every process's recorded bytes back.
class ReplayedGroup final : public ProcessGroup {
 public:
  struct Stop {};
  ReplayedGroup(int rank, int size, std::vector<std::vector<std::byte>>& shares, bool replay)
      : rank_(rank), size_(size), shares_(shares), replay_(replay) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::vector<std::vector<std::byte>> exchange(const std::vector<std::byte>& mine) override {
    if (!replay_) {
      shares_[static_cast<std::size_t>(rank_)] = mine;
      throw Stop{};
    }
    EXPECT_EQ(mine, shares_[static_cast<std::size_t>(rank_)]);
    return shares_;
  }
  [[noreturn]] void report_failure(const ProcessFailure& failure) override {
    throw GroupFailure(rank_, failure);
  }

 private:
  int rank_, size_;
  std::vector<std::vector<std::byte>>& shares_;
  bool replay_;
};

TEST(ItemMap, SingleProcessIsTheParallelLoop) {
  const auto results = map_items(37, [](Index i) { return make_trial(i); });
  ASSERT_EQ(results.size(), 37U);
  for (Index i = 0; i < 37; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)], make_trial(i));
}

TEST(ItemMap, EveryProcessOfAGroupGetsEveryResultAndComputesOnlyItsShare) {
  constexpr Index count = 23;
  for (const int size : {2, 3, 4, 30}) {
    std::vector<std::vector<std::byte>> shares(static_cast<std::size_t>(size));
    for (int rank = 0; rank < size; ++rank) {
      ReplayedGroup group(rank, size, shares, false);
      const ScopedProcessGroup current(group);
      EXPECT_THROW(map_items(count, [](Index i) { return make_trial(i); }), ReplayedGroup::Stop);
    }
    for (int rank = 0; rank < size; ++rank) {
      ReplayedGroup group(rank, size, shares, true);
      const ScopedProcessGroup current(group);
      std::vector<Index> computed;
      std::int64_t units = 0;
      const auto results = map_items(
          count,
          [&](Index i) {
#pragma omp critical(item_map_test)
            computed.push_back(i);
            return make_trial(i);
          },
          {},
          [&](std::int64_t done) {
#pragma omp atomic
            units += done;
          });
      for (const Index i : computed) EXPECT_EQ(i % size, rank) << "item " << i << " on process " << rank;
      EXPECT_EQ(static_cast<Index>(computed.size()), (count - rank + size - 1) / size);
      EXPECT_EQ(units, count) << "progress units of process " << rank << " of " << size;
      ASSERT_EQ(results.size(), static_cast<std::size_t>(count));
      for (Index i = 0; i < count; ++i)
        EXPECT_EQ(results[static_cast<std::size_t>(i)], make_trial(i))
            << "item " << i << ", process " << rank;
    }
  }
  EXPECT_EQ(&current_process_group(), &single_process());
}

TEST(ItemMap, TruncatedBytesAreRefused) {
  ItemCodec writer;
  writer.write(std::vector<double>{1.0, 2.0, 3.0});
  std::vector<std::byte> bytes = writer.bytes();
  ASSERT_FALSE(bytes.empty());
  bytes.pop_back();  // (resize(size() − 1) made GCC's sanitizer build warn of a 2⁶⁴-byte memset)
  ItemCodec reader;
  reader.start_reading(bytes);
  std::vector<double> values;
  EXPECT_THROW(reader.read(values), Error);
}

TEST(ItemMap, AnItemsExceptionLeavesTheMap) {
  EXPECT_THROW(map_items(10,
                         [](Index i) {
                           require(i != 7, "item ", i, " fails");
                           return i;
                         }),
               Error);
}

// Process 0 of two whose peer announces a failure at the fourth poll; the exchange carries that failure.
class FailingPeer final : public ProcessGroup {
 public:
  int rank() const override { return 0; }
  int size() const override { return 2; }
  std::vector<std::vector<std::byte>> exchange(const std::vector<std::byte>& mine) override {
    ++exchanges;
    EXPECT_TRUE(mine.empty());  // no results: the items stopped
    throw GroupFailure(1, {1, "peer failed\n"});
  }
  [[noreturn]] void report_failure(const ProcessFailure& failure) override { throw GroupFailure(0, failure); }
  bool failure_announced() override { return ++polls > 3; }
  int polls = 0;
  int exchanges = 0;
};

TEST(ItemMap, AnAnnouncedFailureStopsTheItemsAndGoesToTheExchange) {
  FailingPeer group;
  const ScopedProcessGroup current(group);
  std::atomic<int> computed{0};
  try {
    map_items(1000,
              [&](Index i) {
                ++computed;
                return i;
              },
              {.threads = 1});
    ADD_FAILURE() << "map_items returned although a failure was announced";
  } catch (const GroupFailure& failure) {
    EXPECT_EQ(failure.rank(), 1);
    EXPECT_EQ(failure.failure().message, "peer failed\n");
  }
  EXPECT_EQ(computed.load(), 3);  // the items before the announcement, none after
  EXPECT_EQ(group.exchanges, 1);
}

}  // namespace
}  // namespace hopfield
