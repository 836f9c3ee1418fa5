// The processes one run is spread over. A single process is a group of one; under mpirun a front end
// installs the MPI group (hopfield/distributed.hpp, built with -DHOPFIELD_MPI=ON) for the duration of a run,
// and map_items (hopfield/item_map.hpp) shares an experiment's independent items out over its members.
//
// Failures travel through the same exchange as results, so that a failure on one process ends every process
// with that process's message and none is left waiting: a process that fails announces it to the others and
// brings its failure to the next exchange (report_failure), and every process then throws GroupFailure
// carrying it. The others need not finish their share first: map_items asks failure_announced() between
// items and, once a failure is announced, starts no other item and goes straight to the exchange.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace hopfield {

/// What one process says when it fails: the exit status its front end would return and the message it would
/// print (possibly several lines).
struct ProcessFailure {
  int exit_status = 1;
  std::string message;
};

/// Thrown on every process of a group when some process of it failed: carries the failure of the lowest-
/// numbered failing process. A front end prints it once (on process 0) and exits with its status.
class GroupFailure : public std::runtime_error {
 public:
  GroupFailure(int rank, ProcessFailure failure)
      : std::runtime_error(failure.message), rank_(rank), failure_(std::move(failure)) {}
  int rank() const { return rank_; }
  const ProcessFailure& failure() const { return failure_; }

 private:
  int rank_;
  ProcessFailure failure_;
};

class ProcessGroup {
 public:
  virtual ~ProcessGroup() = default;
  /// This process's number, 0 … size() − 1.
  virtual int rank() const = 0;
  /// How many processes the group holds (≥ 1).
  virtual int size() const = 0;
  /// Every process's `mine`, in rank order, on every process. Collective: every process of the group calls
  /// the exchanges of a run in the same order. Throws GroupFailure on every process when a process reported
  /// a failure to this exchange instead.
  virtual std::vector<std::vector<std::byte>> exchange(const std::vector<std::byte>& mine) = 0;
  /// Brings `failure` to the exchange the other processes are at (or will reach) instead of bytes, and
  /// throws the resulting GroupFailure (this process's, or that of a lower-numbered process that failed at
  /// the same exchange).
  [[noreturn]] virtual void report_failure(const ProcessFailure& failure) = 0;
  /// True once another process has announced a failure that the next exchange will carry (it stays true
  /// until then). Does not wait. Call it only from the thread that calls the exchanges.
  virtual bool failure_announced() { return false; }
};

/// The group of one: exchange returns {mine}; report_failure throws GroupFailure(0, failure).
ProcessGroup& single_process();

/// The group the current run is spread over: single_process() unless a ScopedProcessGroup is alive.
ProcessGroup& current_process_group();

/// Makes `group` the current one for its lifetime (front ends: one per run; not thread-safe, set it before
/// the run starts).
class ScopedProcessGroup {
 public:
  explicit ScopedProcessGroup(ProcessGroup& group);
  ~ScopedProcessGroup();
  ScopedProcessGroup(const ScopedProcessGroup&) = delete;
  ScopedProcessGroup& operator=(const ScopedProcessGroup&) = delete;

 private:
  ProcessGroup* previous_;
};

/// True when this process was started by mpirun (Open MPI's OMPI_COMM_WORLD_SIZE or a PMI launcher's
/// PMI_SIZE is in the environment). Front ends start MPI only then, so a plain run never touches it.
bool launched_by_mpirun();

}  // namespace hopfield
