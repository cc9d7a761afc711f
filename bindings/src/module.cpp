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
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const reelgraph::NotFoundError& e) {
      PyErr_SetString(PyExc_KeyError, e.what());
    }
  });

  reelgraph::python::register_graph(m);
  reelgraph::python::register_see_also(m);
  reelgraph::python::register_batch(m);
  reelgraph::python::register_snapshot(m);
  reelgraph::python::register_imdb(m);
  reelgraph::python::register_collab(m);
}
