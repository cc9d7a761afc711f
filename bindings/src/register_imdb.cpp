// The native IMDb reader. The GIL stays held, as for every builder call: a
// builder is not safe to share between threads, and holding the GIL is what
// keeps another thread out of it. The progress callback is where Ctrl-C is
// noticed.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <exception>
#include <string>
#include <vector>

#include "register.hpp"
#include "reelgraph/imdb.hpp"

namespace py = pybind11;

namespace reelgraph::python {

void register_imdb(py::module_& m) {
  py::register_exception<ImdbError>(m, "ImdbError", PyExc_ValueError);
  m.def("imdb_category_relation", [](const std::string& c) { return std::string(to_string(imdb_category_relation(c))); });
  m.def(
      "read_imdb",
      [](GraphBuilder& builder, const std::string& title_basics, const std::string& title_principals,
         const std::string& title_crew, const std::string& name_basics, std::vector<std::string> title_types,
         bool include_adult, bool stop_on_error, std::size_t max_kept_errors, py::object progress) {
        ImdbOptions options;
        options.title_types = std::move(title_types);
        options.include_adult = include_adult;
        options.stop_on_error = stop_on_error;
        options.max_kept_errors = max_kept_errors;
        std::exception_ptr raised;  // a Python exception from the callback (KeyboardInterrupt above all)
        options.progress = [&](std::uint64_t bytes) {
          try {
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            if (!progress.is_none()) progress(bytes);
          } catch (...) {
            raised = std::current_exception();
            return false;
          }
          return true;
        };
        ImdbReport report;
        try {
          report = read_imdb(builder, ImdbFiles{title_basics, title_principals, title_crew, name_basics}, options);
        } catch (const ImdbCancelled&) {
          if (raised) std::rethrow_exception(raised);
          throw;
        }
        py::list files;
        for (const auto& f : report.files) {
          py::list errors;
          for (const auto& e : f.errors) errors.append(py::make_tuple(e.line, e.field, e.reason));
          py::dict d;
          d["file"] = f.file;
          d["bytes"] = f.bytes;
          d["rows_read"] = f.rows_read;
          d["rows_used"] = f.rows_used;
          d["rows_skipped"] = f.rows_skipped;
          d["rows_rejected"] = f.rows_rejected;
          d["errors"] = errors;
          files.append(d);
        }
        py::dict out;
        out["files"] = files;
        out["links_added"] = report.links_added;
        return out;
      },
      py::arg("builder"), py::arg("title_basics"), py::arg("title_principals") = "", py::arg("title_crew") = "",
      py::arg("name_basics") = "", py::arg("title_types") = ImdbOptions{}.title_types, py::arg("include_adult") = false,
      py::arg("stop_on_error") = true, py::arg("max_kept_errors") = 1000, py::arg("progress") = py::none());
}

}  // namespace reelgraph::python
