#include "hopfield/distributed.hpp"

#include <mpi.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <numeric>

#include "hopfield/error.hpp"

namespace hopfield::distributed {
namespace {

// Aborts every process when an MPI call fails: nothing sensible is left to do, and MPI_Abort ends the
// processes waiting for this one instead of leaving them hanging.
void check_mpi(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  std::fprintf(stderr, "hopfield: error: %s failed: %.*s\n", call, length, text);
  MPI_Abort(MPI_COMM_WORLD, 3);
}

// The tag of the one-integer message a failing process sends every other process before it brings its
// failure to the exchange, so that they stop their items at once instead of at the end of their share.
constexpr int kFailureNoticeTag = 0x4f46;

// What every process announces before the bytes of an exchange.
struct Announcement {
  std::int64_t failed = 0;       // 1: the bytes are a failure's message
  std::int64_t exit_status = 0;  // the failure's exit status
  std::int64_t bytes = 0;
};

}  // namespace

class MpiSession::World final : public ProcessGroup {
 public:
  World() {
    check_mpi(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check_mpi(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  std::vector<std::vector<std::byte>> exchange(const std::vector<std::byte>& mine) override {
    return exchange_announced({0, 0, static_cast<std::int64_t>(mine.size())}, mine);
  }

  [[noreturn]] void report_failure(const ProcessFailure& failure) override {
    notices_.assign(static_cast<std::size_t>(size_), MPI_REQUEST_NULL);
    for (int r = 0; r < size_; ++r) {
      if (r == rank_) continue;
      check_mpi(MPI_Isend(&notice_, 1, MPI_INT, r, kFailureNoticeTag, MPI_COMM_WORLD,
                          &notices_[static_cast<std::size_t>(r)]),
                "MPI_Isend (failure notice)");
    }
    const auto* text = reinterpret_cast<const std::byte*>(failure.message.data());
    const std::vector<std::byte> message(text, text + failure.message.size());
    exchange_announced({1, failure.exit_status, static_cast<std::int64_t>(message.size())}, message);
    throw GroupFailure(rank_, failure);  // not reached: the exchange throws
  }

  bool failure_announced() override {
    if (!announced_) {
      int found = 0;
      check_mpi(MPI_Iprobe(MPI_ANY_SOURCE, kFailureNoticeTag, MPI_COMM_WORLD, &found, MPI_STATUS_IGNORE),
                "MPI_Iprobe (failure notice)");
      announced_ = found != 0;
    }
    return announced_;
  }

 private:
  std::vector<std::vector<std::byte>> exchange_announced(Announcement mine,
                                                         const std::vector<std::byte>& bytes) {
    std::vector<Announcement> all(static_cast<std::size_t>(size_));
    check_mpi(MPI_Allgather(&mine, 3, MPI_INT64_T, all.data(), 3, MPI_INT64_T, MPI_COMM_WORLD),
              "MPI_Allgather");
    settle_failure_notices(all);
    std::int64_t total = 0;
    for (const auto& announced : all) total += announced.bytes;
    // The same test on every process, so they all throw or all go on.
    require(total <= INT_MAX, "the processes' results add up to ", total,
            " bytes, more than one MPI exchange carries (", INT_MAX, ")");
    std::vector<int> counts(all.size()), offsets(all.size());
    for (std::size_t r = 0; r < all.size(); ++r) {
      counts[r] = static_cast<int>(all[r].bytes);
      offsets[r] = r == 0 ? 0 : offsets[r - 1] + counts[r - 1];
    }
    std::vector<std::byte> gathered(static_cast<std::size_t>(total));
    check_mpi(MPI_Allgatherv(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, gathered.data(),
                             counts.data(), offsets.data(), MPI_BYTE, MPI_COMM_WORLD),
              "MPI_Allgatherv");
    std::vector<std::vector<std::byte>> shares(all.size());
    for (std::size_t r = 0; r < all.size(); ++r) {
      shares[r].assign(gathered.begin() + offsets[r], gathered.begin() + offsets[r] + counts[r]);
    }
    for (std::size_t r = 0; r < all.size(); ++r) {
      if (all[r].failed == 0) continue;
      const auto* text = reinterpret_cast<const char*>(shares[r].data());
      throw GroupFailure(static_cast<int>(r),
                         {static_cast<int>(all[r].exit_status), std::string(text, text + shares[r].size())});
    }
    return shares;
  }

  // After an exchange that carried failures: receives the notice every failed process sent this one, and
  // completes this process's own notices, so that none is left pending (their receivers are here too).
  void settle_failure_notices(const std::vector<Announcement>& all) {
    for (std::size_t r = 0; r < all.size(); ++r) {
      if (all[r].failed == 0 || static_cast<int>(r) == rank_) continue;
      int notice = 0;
      check_mpi(MPI_Recv(&notice, 1, MPI_INT, static_cast<int>(r), kFailureNoticeTag, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE),
                "MPI_Recv (failure notice)");
    }
    if (!notices_.empty()) {
      check_mpi(MPI_Waitall(static_cast<int>(notices_.size()), notices_.data(), MPI_STATUSES_IGNORE),
                "MPI_Waitall (failure notices)");
      notices_.clear();
    }
    announced_ = false;
  }

  int rank_ = 0;
  int size_ = 1;
  int notice_ = 1;                    // the failure notice's payload (kept alive while it is sent)
  std::vector<MPI_Request> notices_;  // this process's notices in flight
  bool announced_ = false;            // a notice was seen and not yet received
};

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  check_mpi(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  world_ = std::make_unique<World>();
}

MpiSession::~MpiSession() {
  world_.reset();
  MPI_Finalize();
}

ProcessGroup& MpiSession::world() {
  return *world_;
}

}  // namespace hopfield::distributed
