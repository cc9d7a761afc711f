// apply_update: a frozen graph merged with a graph of changes, without the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "register.hpp"
#include "reelgraph/update.hpp"

namespace py = pybind11;

namespace reelgraph::python {

void register_update(py::module_& m) {
  m.def(
      "apply_update",
      [](const FilmGraph& base, const FilmGraph& change, const std::vector<std::string>& remove) {
        UpdateCounts counts;
        FilmGraph g;
        {
          py::gil_scoped_release unlocked;
          g = apply_update(base, change, remove, &counts);
        }
        py::dict c;
        c["films_added"] = counts.films_added;
        c["films_changed"] = counts.films_changed;
        c["films_removed"] = counts.films_removed;
        c["entities_added"] = counts.entities_added;
        return py::make_tuple(std::move(g), c);
      },
      py::arg("base"), py::arg("change"), py::arg("remove") = std::vector<std::string>{},
      "The base graph with the change graph's films added or put in place of the base's film of the same\n"
      "id, and the films of `remove` (ids) taken out; returns (graph, counts).");
}

}  // namespace reelgraph::python
