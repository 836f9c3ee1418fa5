// How the library's exceptions reach Python: hopfield::Error -> ValueError, errors while reading files ->
// OSError (a data set not found -> FileNotFoundError), a cancelled run -> KeyboardInterrupt, with the
// library's message.
#pragma once

#include <pybind11/pybind11.h>

#include <stdexcept>

#include "hopfield/dataset.hpp"
#include "hopfield/error.hpp"

namespace hopfield::python {

/// A hopfield::Error raised while reading a file (raised in Python as OSError).
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Runs `read` (something that reads files) and turns its hopfield::Error into FileError.
template <typename Read>
decltype(auto) reading_files(Read&& read) {
  try {
    return read();
  } catch (const DatasetNotFound&) {
    throw;
  } catch (const Error& error) {
    throw FileError(error.what());
  }
}

/// Registers the translators on the module.
void register_error_translators();

}  // namespace hopfield::python
