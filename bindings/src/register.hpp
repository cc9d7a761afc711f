#pragma once

#include <pybind11/pybind11.h>

namespace reelgraph::python {
void register_graph(pybind11::module_& m);
void register_see_also(pybind11::module_& m);
void register_snapshot(pybind11::module_& m);
void register_imdb(pybind11::module_& m);
}  // namespace reelgraph::python
