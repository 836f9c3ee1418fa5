// Stopping a long call from another thread. The caller keeps a CancellationToken, passes its address in the
// call's options (RecallOptions::cancellation, ModernRecallOptions::cancellation) and calls cancel() from any
// thread; the call checks the token between blocks of its work and, once it is cancelled, throws Cancelled.
// Nothing is returned then: a cancelled call has no partial result. Without a token (the default) a call
// runs exactly as it always did.
#pragma once

#include <atomic>
#include <exception>

namespace hopfield {

/// Thrown by a call whose CancellationToken was cancelled (and by a cancelled experiment run).
class Cancelled : public std::exception {
 public:
  const char* what() const noexcept override { return "the call was cancelled"; }
};

/// A flag that one thread sets and a running call reads. Not copyable: calls hold its address.
class CancellationToken {
 public:
  CancellationToken() = default;
  CancellationToken(const CancellationToken&) = delete;
  CancellationToken& operator=(const CancellationToken&) = delete;

  /// Asks the calls holding this token to stop; thread-safe, and final (a token is never reset).
  void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> cancelled_{false};
};

/// Throws Cancelled when `token` is set and cancelled (a null token never cancels).
inline void throw_if_cancelled(const CancellationToken* token) {
  if (token != nullptr && token->cancelled()) throw Cancelled();
}

}  // namespace hopfield
