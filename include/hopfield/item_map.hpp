// map_items: an experiment's independent items (trials, sweep cells, α points) computed on the OpenMP
// threads of every process of the current group (hopfield/process_group.hpp), and every item's result
// returned on every process, in item order.
//
// In a single process it is run_in_parallel filling a vector. In a group of K processes, process r computes
// the items i ≡ r (mod K) (a cyclic share: callers that number their items by cost get balanced shares), and
// one exchange gives every process every result, so the code after the map runs the same on every process
// and the output does not depend on K. Results cross processes as bytes (ItemCodec below): arithmetic and
// enum values, trivially copyable structs, std::string, std::vector, std::optional, std::pair, std::tuple and
// Eigen matrices, nested as needed; a struct holding any other member lists its members in a member function
// `auto item_fields()` returning std::tie(...).
#pragma once

#include <Eigen/Core>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "hopfield/error.hpp"
#include "hopfield/parallel.hpp"
#include "hopfield/process_group.hpp"
#include "hopfield/types.hpp"

namespace hopfield {

namespace detail {

template <typename T>
struct is_std_vector : std::false_type {};
template <typename T, typename A>
struct is_std_vector<std::vector<T, A>> : std::true_type {};
template <typename T>
struct is_std_optional : std::false_type {};
template <typename T>
struct is_std_optional<std::optional<T>> : std::true_type {};
template <typename T>
struct is_tuple_like : std::false_type {};
template <typename... T>
struct is_tuple_like<std::tuple<T...>> : std::true_type {};
template <typename A, typename B>
struct is_tuple_like<std::pair<A, B>> : std::true_type {};
template <typename T>
struct is_eigen_matrix : std::false_type {};
template <typename S, int R, int C, int O, int MR, int MC>
struct is_eigen_matrix<Eigen::Matrix<S, R, C, O, MR, MC>> : std::true_type {};
template <typename T>
concept HasItemFields = requires(T& value) {
  value.item_fields();
};

}  // namespace detail

/// Item results as bytes, for the exchange between processes.
class ItemCodec {
 public:
  template <typename T>
  void write(const T& value) {
    using U = std::remove_cv_t<T>;
    if constexpr (detail::HasItemFields<U>) {
      write(const_cast<U&>(value).item_fields());  // item_fields() only names the members
    } else if constexpr (std::is_same_v<U, std::string>) {
      write_size(value.size());
      write_raw(value.data(), value.size());
    } else if constexpr (detail::is_std_vector<U>::value) {
      write_size(value.size());
      for (const auto& element : value) write(element);
    } else if constexpr (detail::is_std_optional<U>::value) {
      write(static_cast<std::uint8_t>(value.has_value()));
      if (value) write(*value);
    } else if constexpr (detail::is_tuple_like<U>::value) {
      std::apply([this](const auto&... parts) { (write(parts), ...); }, value);
    } else if constexpr (detail::is_eigen_matrix<U>::value) {
      write(static_cast<std::int64_t>(value.rows()));
      write(static_cast<std::int64_t>(value.cols()));
      write_raw(value.data(), sizeof(typename U::Scalar) * static_cast<std::size_t>(value.size()));
    } else {
      static_assert(std::is_trivially_copyable_v<U> && !std::is_pointer_v<U>,
                    "map_items: give the result type a member `auto item_fields()` returning std::tie(...)");
      write_raw(&value, sizeof(U));
    }
  }

  template <typename T>
  void read(T& value) {
    if constexpr (detail::HasItemFields<T>) {
      auto fields = value.item_fields();
      read_tuple(fields);
    } else if constexpr (std::is_same_v<T, std::string>) {
      value.resize(read_size(1));
      read_raw(value.data(), value.size());
    } else if constexpr (detail::is_std_vector<T>::value) {
      value.resize(read_size(1));
      for (auto& element : value) read(element);
    } else if constexpr (detail::is_std_optional<T>::value) {
      std::uint8_t present = 0;
      read(present);
      value.reset();
      if (present != 0) read(value.emplace());
    } else if constexpr (detail::is_tuple_like<T>::value) {
      read_tuple(value);
    } else if constexpr (detail::is_eigen_matrix<T>::value) {
      std::int64_t rows = 0, cols = 0;
      read(rows);
      read(cols);
      require(rows >= 0 && cols >= 0, "map_items: corrupt exchange (matrix of ", rows, " x ", cols, ")");
      value.resize(rows, cols);
      read_raw(value.data(), sizeof(typename T::Scalar) * static_cast<std::size_t>(value.size()));
    } else {
      read_raw(&value, sizeof(T));
    }
  }

  std::vector<std::byte>& bytes() { return bytes_; }
  /// Starts reading `bytes` (kept by reference) from the beginning.
  void start_reading(const std::vector<std::byte>& bytes) {
    input_ = &bytes;
    position_ = 0;
  }
  bool fully_read() const { return input_ != nullptr && position_ == input_->size(); }

 private:
  template <typename Tuple>
  void read_tuple(Tuple&& fields) {
    std::apply([this](auto&... parts) { (read(parts), ...); }, fields);
  }
  void write_size(std::size_t size) { write(static_cast<std::uint64_t>(size)); }
  std::size_t read_size(std::size_t smallest_element) {
    std::uint64_t size = 0;
    read(size);
    require(size <= (input_->size() - position_) / smallest_element + 1, "map_items: corrupt exchange (",
            size, " elements announced, ", input_->size() - position_, " bytes left)");
    return static_cast<std::size_t>(size);
  }
  void write_raw(const void* data, std::size_t size) {
    const auto* first = static_cast<const std::byte*>(data);
    bytes_.insert(bytes_.end(), first, first + size);
  }
  void read_raw(void* data, std::size_t size) {
    require(input_ != nullptr && size <= input_->size() - position_, "map_items: corrupt exchange (", size,
            " bytes wanted, ", input_ ? input_->size() - position_ : 0, " left)");
    if (size > 0) std::memcpy(data, input_->data() + position_, size);
    position_ += size;
  }

  std::vector<std::byte> bytes_;
  const std::vector<std::byte>* input_ = nullptr;
  std::size_t position_ = 0;
};

/// How map_items runs the items of one process.
struct ItemMapOptions {
  int threads = 0;       ///< OpenMP threads (0: the OpenMP default)
  bool parallel = true;  ///< false: one item after the other on the calling thread
};

/// Calls item(i) for i = 0 … count − 1, spread over the current process group and its threads, and returns
/// the results in item order on every process (see the header comment). done(units) is called on the
/// process's own threads as items finish: one unit per item in a single process; in a group of K, K units per
/// own item (an estimate of the group's progress) and the remainder when the exchange is over, so the units
/// add up to `count` on every process. An item's exception leaves map_items on its process without an
/// exchange: the front end reports it to the group (ProcessGroup::report_failure). When another process
/// announces a failure, the thread that calls the exchanges starts no other item, the items already running
/// on other threads end, and the exchange throws that failure (GroupFailure). In a group, call it from
/// the run's own thread (every process must reach its exchanges in the same order), not from inside another
/// parallel loop: items may call map_items only in a single process.
template <typename Item, typename Done>
auto map_items(Index count, Item&& item, ItemMapOptions options, Done&& done)
    -> std::vector<std::decay_t<decltype(item(Index{0}))>> {
  using Value = std::decay_t<decltype(item(Index{0}))>;
  static_assert(!std::is_same_v<Value, bool>,
                "map_items: return a std::uint8_t (std::vector<bool> is packed)");
  std::vector<Value> results(static_cast<std::size_t>(count));
  ProcessGroup& group = current_process_group();
  const int size = group.size();
  if (size == 1) {
    run_in_parallel(
        count,
        [&](Index i) {
          results[static_cast<std::size_t>(i)] = item(i);
          done(std::int64_t{1});
        },
        options.threads, options.parallel);
    return results;
  }
  require(!omp_in_parallel(),
          "map_items: called from inside a parallel loop while the items are shared over ", size,
          " processes; map the outer loop instead");
  const Index rank = group.rank();
  const Index mine = count > rank ? (count - rank + size - 1) / size : 0;
  std::atomic<std::int64_t> reported{0};
  struct FailedElsewhere {};
  try {
    run_in_parallel(
        mine,
        [&](Index j) {
          // The calling thread (thread 0 of the team, or the only one) polls: MPI is called from it alone.
          if (omp_get_thread_num() == 0 && group.failure_announced()) throw FailedElsewhere{};
          const Index i = rank + j * size;
          results[static_cast<std::size_t>(i)] = item(i);
          // A group's estimate: K units per own item, never beyond `count`.
          std::int64_t before = reported.load();
          std::int64_t after = 0;
          do {
            after = std::min<std::int64_t>(count, before + size);
          } while (!reported.compare_exchange_weak(before, after));
          if (after > before) done(after - before);
        },
        options.threads, options.parallel);
  } catch (const FailedElsewhere&) {
    group.exchange({});  // carries the other process's failure: throws GroupFailure
    require(false, "map_items: a process announced a failure that the exchange did not carry");
  }
  ItemCodec codec;
  for (Index i = rank; i < count; i += size) codec.write(results[static_cast<std::size_t>(i)]);
  const std::vector<std::vector<std::byte>> shares = group.exchange(codec.bytes());
  for (int r = 0; r < size; ++r) {
    if (r == rank) continue;
    codec.start_reading(shares[static_cast<std::size_t>(r)]);
    for (Index i = r; i < count; i += size) codec.read(results[static_cast<std::size_t>(i)]);
    require(codec.fully_read(), "map_items: corrupt exchange (process ", r, " sent more than its items)");
  }
  if (const std::int64_t rest = count - reported.load(); rest > 0) done(rest);
  return results;
}

/// map_items without progress.
template <typename Item>
auto map_items(Index count, Item&& item, ItemMapOptions options = {}) {
  return map_items(count, std::forward<Item>(item), options, [](std::int64_t) {});
}

}  // namespace hopfield
