// see_also: Python arguments become SeeAlsoOptions first, then the GIL is
// released for the search itself.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "numpy_owner.hpp"
#include "options.hpp"
#include "register.hpp"
#include "reelgraph/explain.hpp"
#include "reelgraph/see_also.hpp"

namespace py = pybind11;

namespace reelgraph::python {
namespace {

VertexId vertex_id(std::int64_t v, const char* what) {
  if (v < 0 || v >= static_cast<std::int64_t>(kNoVertex))
    throw std::invalid_argument(std::string(what) + " must be a vertex id, not " + std::to_string(v));
  return static_cast<VertexId>(v);
}

}  // namespace

void register_see_also(py::module_& m) {
  register_options(m);
  m.def("default_weights", [] {
    std::map<std::string, double> out;
    const auto w = RelationWeights::defaults();
    for (std::size_t i = 0; i < kRelationCount; ++i) out[std::string(to_string(static_cast<Relation>(i)))] = w.weight[i];
    return out;
  });

  m.def(
      "see_also",
      [](const FilmGraph& graph, const std::variant<std::int64_t, std::vector<std::int64_t>>& film,
         const std::optional<PyOptions>& options, const std::optional<std::vector<double>>& seed_weights,
         const py::object& reasons, bool terms) {
        std::vector<Seed> seeds;
        if (const auto* one = std::get_if<std::int64_t>(&film)) {
          seeds.push_back({vertex_id(*one, "film"), 1.0});
        } else {
          for (auto v : std::get<std::vector<std::int64_t>>(film)) seeds.push_back({vertex_id(v, "film"), 1.0});
        }
        if (seed_weights) {
          if (seed_weights->size() != seeds.size())
            throw std::invalid_argument("seed_weights has " + std::to_string(seed_weights->size()) +
                                        " values for " + std::to_string(seeds.size()) + " films");
          for (std::size_t i = 0; i < seeds.size(); ++i) seeds[i].weight = (*seed_weights)[i];
        }
        const PyOptions defaults;
        // `options` (and the popularity array it holds) lives until this call returns.
        const SeeAlsoOptions& o = options ? options->options : defaults.options;
        const ExplainOptions explain_options{reason_style(reasons), terms, terms};
        SeeAlsoResult r;
        ResultText text;
        {
          py::gil_scoped_release released;
          r = see_also(graph, std::span<const Seed>(seeds), o);
          explain(graph, r, explain_options, text);
        }
        py::dict out;
        out["films"] = to_numpy(std::move(r.films));
        out["scores"] = to_numpy(std::move(r.scores));
        out["padded"] = to_numpy(std::move(r.padded));
        out["term_offsets"] = to_numpy(std::move(r.term_offsets));
        out["term_entity"] = to_numpy(std::move(r.term_entity));
        out["term_query_relation"] = to_numpy(std::move(r.term_query_relation));
        out["term_film_relation"] = to_numpy(std::move(r.term_film_relation));
        out["term_contribution"] = to_numpy(std::move(r.term_contribution));
        out["candidates_scored"] = r.candidates_scored;
        put_text(out, std::move(text));
        return out;
      },
      py::arg("graph"), py::arg("film"), py::arg("options") = py::none(), py::arg("seed_weights") = py::none(),
      py::arg("reasons") = py::none(), py::arg("terms") = false,
      "Related films as numpy arrays (owned, not copied) with their explanation terms. `film` is one\n"
      "film's vertex or a list of seed films (weighted by `seed_weights`). `reasons` ('top', 'full',\n"
      "'short' or None) and `terms` (names, kinds and phrases of the terms) add text columns, each a\n"
      "pair (int32 offsets, utf-8 bytes).");
}

}  // namespace reelgraph::python
