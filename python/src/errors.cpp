#include "errors.hpp"

#include <string>

#include "progress.hpp"

namespace hopfield::python {

namespace {

// What to do when a data set is missing, in terms of the Python API.
std::string data_hint(DatasetKind kind) {
  if (kind == DatasetKind::Mnist)
    return "to get MNIST, run scripts/fetch_data.sh in the source checkout (it writes data/mnist/), or pass "
           "data=DIR (or set HOPFIELD_DATA) to a directory holding the IDX files";
  return "to get Fashion-MNIST, install Debian's dataset-fashion-mnist, or pass data=DIR (or set "
         "HOPFIELD_DATA) to a directory holding the IDX files";
}

}  // namespace

void register_error_translators() {
  pybind11::register_exception_translator([](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const Cancelled&) {
      // The signal handler's exception (KeyboardInterrupt) is normally already set; this is the fallback.
      if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
    } catch (const DatasetNotFound& error) {
      const std::string message = std::string(error.what()) + "\n" + data_hint(error.kind());
      PyErr_SetString(PyExc_FileNotFoundError, message.c_str());
    } catch (const FileError& error) {
      PyErr_SetString(PyExc_OSError, error.what());
    } catch (const Error& error) {
      PyErr_SetString(PyExc_ValueError, error.what());
    }
  });
}

}  // namespace hopfield::python
