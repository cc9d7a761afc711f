// Input tables as whole Arrow columns, handed to the core's row checks.
//
// Columns arrive through the Arrow C data interface (the PyCapsules of
// __arrow_c_array__), so pyarrow, polars or anything else that speaks it
// passes its buffers without a copy, and no cell becomes a Python object.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "register.hpp"
#include "reelgraph/columns.hpp"

namespace py = pybind11;

extern "C" {
// The two structs of the Arrow C data interface, as its specification
// defines them (a stable ABI: https://arrow.apache.org/docs/format/CDataInterface.html).
struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};
struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};
}

namespace reelgraph::python {
namespace {

// A column's capsules, kept alive (their destructors release the arrays)
// while the core reads the buffers.
struct Imported {
  py::object capsules;
  NamedColumn column;
};

Imported import_column(const std::string& name, const py::handle& array) {
  if (!py::hasattr(array, "__arrow_c_array__"))
    throw std::invalid_argument("column '" + name + "' is not an Arrow array");
  py::tuple pair = array.attr("__arrow_c_array__")();
  auto* schema = static_cast<ArrowSchema*>(PyCapsule_GetPointer(pair[0].ptr(), "arrow_schema"));
  auto* arr = static_cast<ArrowArray*>(PyCapsule_GetPointer(pair[1].ptr(), "arrow_array"));
  if (!schema || !arr) throw py::error_already_set();
  const std::string format = schema->format ? schema->format : "";
  Imported out{pair, NamedColumn{name, {}}};
  TextColumn& c = out.column.column;
  if (format == "n") {  // the null type: every cell missing, no buffers to read
    c.length = static_cast<std::size_t>(arr->length);
    return out;
  }
  const bool small = format == "u" || format == "z";
  const bool large = format == "U" || format == "Z";
  if (!small && !large)
    throw std::invalid_argument("column '" + name + "' has Arrow format '" + format +
                                "', where text (utf8 or binary) was expected");
  if (arr->n_buffers != 3) throw std::invalid_argument("column '" + name + "' is not laid out as Arrow text");
  c.validity = arr->null_count == 0 ? nullptr : static_cast<const std::uint8_t*>(arr->buffers[0]);
  if (small) c.offsets32 = static_cast<const std::int32_t*>(arr->buffers[1]);
  else c.offsets64 = static_cast<const std::int64_t*>(arr->buffers[1]);
  c.data = static_cast<const char*>(arr->buffers[2]);
  if (!c.data) c.data = "";
  c.offset = arr->offset;
  c.length = static_cast<std::size_t>(arr->length);
  out.column.column = c;
  return out;
}

}  // namespace

void register_columns(py::module_& m) {
  m.def("add_table_rows", [](GraphBuilder& builder, const std::string& table, const py::dict& columns,
                             std::size_t rows, bool stop_on_error,
                             const std::optional<py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>>& skip,
                             const std::string& films_label) {
    std::vector<Imported> held;
    std::vector<NamedColumn> named;
    for (const auto& [key, value] : columns) {
      held.push_back(import_column(py::cast<std::string>(key), value));
      named.push_back(held.back().column);
    }
    ColumnOptions options;
    options.stop_on_error = stop_on_error;
    options.films_label = films_label;
    if (skip) {
      if (static_cast<std::size_t>(skip->size()) != rows)
        throw std::invalid_argument("skip has " + std::to_string(skip->size()) + " entries, not " + std::to_string(rows));
      options.skip = skip->data();
    }
    TableOutcome out;
    if (table == "aliases") out = add_alias_rows(builder, named, rows, options);
    else if (table == "films") out = add_film_rows(builder, named, rows, options);
    else if (table == "links") out = add_link_rows(builder, named, rows, options);
    else throw std::invalid_argument("table must be aliases, films or links, not '" + table + "'");
    py::list errors;
    for (const auto& e : out.errors) errors.append(py::make_tuple(e.row, e.field, e.reason));
    py::dict result;
    result["rows_used"] = out.rows_used;
    result["duplicates"] = out.duplicates;
    result["errors"] = errors;
    return result;
  }, py::arg("builder"), py::arg("table"), py::arg("columns"), py::arg("rows"), py::arg("stop_on_error") = true,
     py::arg("skip") = py::none(), py::arg("films_label") = "the films table",
     "Check and add the rows of one input table given as Arrow text columns by name; "
     "{rows_used, duplicates, errors: [(row, field, reason)]}.");

  m.def("parse_years", [](const py::handle& array) {
    Imported col = import_column("year", array);
    const TextColumn& c = col.column.column;
    std::vector<std::int32_t> years(c.length, 0);
    py::list errors;  // (row, reason) of the cells that are not years
    for (std::size_t i = 0; i < c.length; ++i) {
      int year = 0;
      const std::string_view cell = c.raw(i);
      std::optional<std::string> bad = is_utf8(cell) ? parse_year(cell, year) : std::optional<std::string>("not valid UTF-8");
      if (bad) errors.append(py::make_tuple(i, *bad));
      years[i] = year;
    }
    py::array_t<std::int32_t> out(static_cast<py::ssize_t>(years.size()));
    if (!years.empty()) std::memcpy(out.mutable_data(), years.data(), years.size() * sizeof(std::int32_t));
    return py::make_tuple(out, errors);
  }, py::arg("cells"),
     "(years, [(row, reason)]): each cell of an Arrow text column read by the core's year rule; 0 where blank or refused.");
  m.def("parse_year", [](const std::string& text) -> py::object {
    int year = 0;
    if (auto bad = parse_year(text, year)) throw std::invalid_argument(*bad);
    return py::int_(year);
  }, "A year by the core's rule (0 when blank); ValueError with the reason otherwise.");
  m.attr("MIN_YEAR") = kMinYear;
  m.attr("MAX_YEAR") = kMaxYear;
  m.attr("MAX_NAME_BYTES") = kMaxNameBytes;
}

}  // namespace reelgraph::python
