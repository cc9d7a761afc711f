#include <pybind11/pybind11.h>

#include "reelgraph/model.hpp"
#include "register.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "reelgraph's C++ core. Use the reelgraph package, not this module.";
  m.attr("__version__") = REELGRAPH_VERSION;

  // std::invalid_argument -> ValueError, std::out_of_range -> IndexError and
  // std::bad_alloc -> MemoryError are pybind11's own mapping; a missing film
  // or entity is a KeyError.
  // A request refused for its size is a MemoryError (raised before anything
  // was allocated) that also says the figures.
  static py::exception<reelgraph::ResourceError> resource_error(m, "ResourceError", PyExc_MemoryError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const reelgraph::NotFoundError& e) {
      PyErr_SetString(PyExc_KeyError, e.what());
    } catch (const reelgraph::ResourceError& e) {
      const auto type = py::reinterpret_borrow<py::object>(resource_error);
      py::object err = type(e.what());
      err.attr("bytes_needed") = e.bytes_needed;
      err.attr("bytes_allowed") = e.bytes_allowed;
      PyErr_SetObject(resource_error.ptr(), err.ptr());
    }
  });

  reelgraph::python::register_graph(m);
  reelgraph::python::register_see_also(m);
  reelgraph::python::register_batch(m);
  reelgraph::python::register_snapshot(m);
  reelgraph::python::register_update(m);
  reelgraph::python::register_imdb(m);
  reelgraph::python::register_collab(m);
}
