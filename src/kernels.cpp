// Run-time choice of the kernel table (see hopfield/kernels.hpp and src/kernels/kernel_table.hpp).
#include "hopfield/kernels.hpp"

#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>

#include "hopfield/error.hpp"
#include "kernels/kernel_table.hpp"

namespace hopfield {
namespace {

constexpr std::array<std::pair<KernelPath, std::string_view>, 4> path_names = {{
    {KernelPath::Automatic, "automatic"},
    {KernelPath::Portable, "portable"},
    {KernelPath::Avx2, "avx2"},
    {KernelPath::Avx512, "avx512"},
}};

bool cpu_has_avx2() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("bmi") &&
         __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("popcnt");
#else
  return false;
#endif
}

bool cpu_has_avx512() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return cpu_has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vpopcntdq") &&
         __builtin_cpu_supports("avx512vnni");
#else
  return false;
#endif
}

KernelPath fastest_supported() {
  if (cpu_has_avx512()) return KernelPath::Avx512;
  if (cpu_has_avx2()) return KernelPath::Avx2;
  return KernelPath::Portable;
}

// The path in use; Automatic until the first kernel call or an explicit choice.
std::atomic<KernelPath> active_path{KernelPath::Automatic};
std::once_flag environment_read;

std::string supported_names() {
  std::string names;
  for (const KernelPath path : supported_kernel_paths())
    names += (names.empty() ? "" : ", ") + std::string(kernel_path_name(path));
  return names;
}

// `path`, or the fastest supported one for Automatic; `what` names where the choice came from.
KernelPath checked(KernelPath path, std::string_view what) {
  if (path == KernelPath::Automatic) return fastest_supported();
  require(kernel_path_supported(path), what, " '", kernel_path_name(path),
          "': this CPU cannot execute it (supported here: ", supported_names(), ")");
  return path;
}

KernelPath path_from_environment() {
  const char* forced = std::getenv("HOPFIELD_KERNELS");
  if (forced == nullptr || *forced == '\0') return fastest_supported();
  try {
    return checked(kernel_path_from_name(forced), "HOPFIELD_KERNELS");
  } catch (const Error&) {
    throw Error(detail::concat("HOPFIELD_KERNELS = '", forced,
                               "': expected automatic, portable, avx2 or avx512",
                               " that this CPU can execute (supported here: ", supported_names(), ")"));
  }
}

}  // namespace

std::string_view kernel_path_name(KernelPath path) {
  for (const auto& [value, name] : path_names)
    if (value == path) return name;
  return "unknown";
}

KernelPath kernel_path_from_name(std::string_view name) {
  for (const auto& [value, known] : path_names)
    if (known == name) return value;
  throw Error(detail::concat("kernel path '", name, "': expected automatic, portable, avx2 or avx512"));
}

std::vector<KernelPath> supported_kernel_paths() {
  std::vector<KernelPath> paths{KernelPath::Portable};
  if (cpu_has_avx2()) paths.push_back(KernelPath::Avx2);
  if (cpu_has_avx512()) paths.push_back(KernelPath::Avx512);
  return paths;
}

bool kernel_path_supported(KernelPath path) {
  switch (path) {
    case KernelPath::Avx512:
      return cpu_has_avx512();
    case KernelPath::Avx2:
      return cpu_has_avx2();
    default:
      return true;
  }
}

KernelPath active_kernel_path() {
  std::call_once(environment_read, [] {
    // A path chosen by use_kernel_path before the first kernel call stands.
    if (active_path.load() == KernelPath::Automatic) active_path = path_from_environment();
  });
  return active_path.load(std::memory_order_relaxed);
}

void use_kernel_path(KernelPath path) {
  active_path = checked(path, "kernel path");
}

namespace kernels {

const KernelTable& table_of(KernelPath path) {
#ifdef __EMSCRIPTEN__
  // WebAssembly has only the portable path: the x86 units are not compiled there.
  (void)path;
  return portable_table;
#else
  switch (path) {
    case KernelPath::Avx512:
      return avx512_table;
    case KernelPath::Avx2:
      return avx2_table;
    default:
      return portable_table;
  }
#endif
}

const KernelTable& kernel_table() {
  KernelPath path = active_path.load(std::memory_order_relaxed);
  if (path == KernelPath::Automatic) path = active_kernel_path();
  return table_of(path);
}

const DenseTable& dense_table_of(KernelPath path) {
#ifdef __EMSCRIPTEN__
  (void)path;
  return portable_dense_table;
#else
  switch (path) {
    case KernelPath::Avx512:
      return avx512_dense_table;
    case KernelPath::Avx2:
      return avx2_dense_table;
    default:
      return portable_dense_table;
  }
#endif
}

const DenseTable& dense_table() {
  KernelPath path = active_path.load(std::memory_order_relaxed);
  if (path == KernelPath::Automatic) path = active_kernel_path();
  return dense_table_of(path);
}

}  // namespace kernels
}  // namespace hopfield
