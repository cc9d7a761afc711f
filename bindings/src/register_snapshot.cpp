// Snapshots: save, load and inspect. File work runs without the GIL.
#include <pybind11/pybind11.h>

#include <string>

#include "register.hpp"
#include "reelgraph/snapshot.hpp"

namespace py = pybind11;

namespace reelgraph::python {

void register_snapshot(py::module_& m) {
  // A ValueError, so that callers catching bad input catch bad files too.
  py::register_exception<SnapshotError>(m, "SnapshotError", PyExc_ValueError);
  m.attr("SNAPSHOT_VERSION") = kSnapshotVersion;

  m.def(
      "save_snapshot",
      [](const FilmGraph& g, const std::string& path, const std::string& metadata) {
        py::gil_scoped_release unlocked;
        save_snapshot(g, path, metadata);
      },
      py::arg("graph"), py::arg("path"), py::arg("metadata") = "");
  m.def(
      "load_snapshot",
      [](const std::string& path) {
        std::string metadata;
        FilmGraph g;
        {
          py::gil_scoped_release unlocked;
          g = load_snapshot(path, &metadata);
        }
        // Metadata is the build report as JSON; bytes, so a damaged blob
        // cannot fail decoding here.
        return py::make_tuple(std::move(g), py::bytes(metadata));
      },
      py::arg("path"));
  m.def(
      "inspect_snapshot",
      [](const std::string& path) {
        const SnapshotInfo info = inspect_snapshot(path);
        py::dict d;
        d["version"] = info.version;
        d["file_bytes"] = info.file_bytes;
        d["checksum"] = info.checksum;
        return d;
      },
      py::arg("path"));
}

}  // namespace reelgraph::python
