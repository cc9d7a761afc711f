#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reelgraph/see_also.hpp"

namespace reelgraph::python {
void register_graph(pybind11::module_& m);
void register_see_also(pybind11::module_& m);
void register_snapshot(pybind11::module_& m);
void register_update(pybind11::module_& m);
void register_imdb(pybind11::module_& m);
void register_collab(pybind11::module_& m);
void register_batch(pybind11::module_& m);
void register_columns(pybind11::module_& m);

}  // namespace reelgraph::python
