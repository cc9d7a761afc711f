// SeeAlsoOptions as Python sees it: one keyword per field, converted and
// checked here (names, types, signs) and then by the core's check_options
// (ranges that depend on the graph). The table in options.cpp is the only
// list of the options: the Python package derives its signatures, the CLI its
// flags and the HTTP service its query parameters from SeeAlsoOptions.fields().
#pragma once

#include <pybind11/pybind11.h>

#include "reelgraph/explain.hpp"
#include "reelgraph/see_also.hpp"

namespace reelgraph::python {

struct PyOptions {
  SeeAlsoOptions options;
  // The array options.popularity views, kept alive with the options (a batch
  // holds the options for as long as its workers run).
  pybind11::object popularity = pybind11::none();
};

void register_options(pybind11::module_& m);

// "top", "full", "short" or None.
ReasonStyle reason_style(const pybind11::object& reasons);

}  // namespace reelgraph::python

#include <utility>

#include "numpy_owner.hpp"

namespace reelgraph::python {

// The text columns, moved (not copied) into numpy arrays: each column a pair
// (offsets int32[n + 1], utf-8 bytes), which pyarrow wraps as a string array
// without touching a row.
inline void put_text(pybind11::dict& d, ResultText&& text) {
  const auto pair = [](TextColumn&& c) {
    return pybind11::make_tuple(to_numpy(std::move(c.offsets)), to_numpy(std::move(c.data)));
  };
  d["text_reason"] = pair(std::move(text.reason));
  d["text_term_name"] = pair(std::move(text.term_name));
  d["text_term_kind"] = pair(std::move(text.term_kind));
  d["text_term_phrase"] = pair(std::move(text.term_phrase));
}

}  // namespace reelgraph::python
