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
#include "register.hpp"
#include "reelgraph/see_also.hpp"

namespace py = pybind11;

namespace reelgraph::python {
namespace {

HubWeighting hub_weighting_named(const std::string& name) {
  if (name == "none") return HubWeighting::none;
  if (name == "resource_allocation") return HubWeighting::resource_allocation;
  if (name == "adamic_adar") return HubWeighting::adamic_adar;
  if (name == "idf") return HubWeighting::idf;
  throw std::invalid_argument("hub_weighting must be none, resource_allocation, adamic_adar or idf, not '" +
                              name + "'");
}

Normalization normalization_named(const std::string& name) {
  if (name == "none") return Normalization::none;
  if (name == "cosine") return Normalization::cosine;
  if (name == "pathsim") return Normalization::pathsim;
  throw std::invalid_argument("normalization must be none, cosine or pathsim, not '" + name + "'");
}

Method method_named(const std::string& name) {
  if (name == "cooccurrence") return Method::cooccurrence;
  if (name == "pathsim") return Method::pathsim;
  if (name == "ppr") return Method::ppr;
  if (name == "rp3beta") return Method::rp3beta;
  throw std::invalid_argument("method must be one of cooccurrence, pathsim, ppr, rp3beta, not '" + name + "'");
}

VertexId vertex_id(std::int64_t v, const char* what) {
  if (v < 0 || v >= static_cast<std::int64_t>(kNoVertex))
    throw std::invalid_argument(std::string(what) + " must be a vertex id, not " + std::to_string(v));
  return static_cast<VertexId>(v);
}

Relation relation_named(const std::string& name) {
  const auto r = parse_relation(name);
  if (!r) throw std::invalid_argument("unknown relation '" + name + "'");
  return *r;
}

}  // namespace

SeeAlsoOptions see_also_options(std::size_t k, const std::optional<std::map<std::string, double>>& weights,
                                const std::optional<std::vector<std::string>>& relations,
                                const std::string& hub_weighting, const std::string& normalization,
                                std::uint32_t hub_degree, bool expand_hubs_when_short, int min_year, int max_year,
                                bool exclude_same_director, const std::vector<std::int64_t>& restrict_to,
                                std::uint32_t max_per_director, const std::string& method, double ppr_alpha,
                                double ppr_epsilon, double rp3_alpha, std::optional<double> popularity_beta) {
  SeeAlsoOptions o;
  o.k = k;
  if (weights)
    for (const auto& [name, w] : *weights) o.weights[relation_named(name)] = w;
  if (relations) {
    o.relations = 0;
    for (const auto& name : *relations) o.relations |= relation_bit(relation_named(name));
  }
  o.hub_weighting = hub_weighting_named(hub_weighting);
  o.normalization = normalization_named(normalization);
  o.hub_degree = hub_degree;
  o.expand_hubs_when_short = expand_hubs_when_short;
  o.min_year = min_year;
  o.max_year = max_year;
  o.exclude_same_director = exclude_same_director;
  for (auto v : restrict_to) {
    if (v < 0 || v >= static_cast<std::int64_t>(kNoVertex))
      throw std::invalid_argument("restrict_to holds " + std::to_string(v) + ", which is no vertex id");
    o.restrict_to.push_back(static_cast<VertexId>(v));
  }
  o.max_per_director = max_per_director;
  o.method = method_named(method);
  o.ppr_alpha = ppr_alpha;
  o.ppr_epsilon = ppr_epsilon;
  o.rp3_alpha = rp3_alpha;
  o.popularity_beta = popularity_beta;
  return o;
}

void register_see_also(py::module_& m) {
  m.def("default_weights", [] {
    std::map<std::string, double> out;
    const auto w = RelationWeights::defaults();
    for (std::size_t i = 0; i < kRelationCount; ++i) out[std::string(to_string(static_cast<Relation>(i)))] = w.weight[i];
    return out;
  });

  m.def(
      "see_also",
      [](const FilmGraph& graph, const std::variant<std::int64_t, std::vector<std::int64_t>>& film, std::size_t k,
         const std::optional<std::map<std::string, double>>& weights,
         const std::optional<std::vector<std::string>>& relations, const std::string& hub_weighting,
         const std::string& normalization, std::uint32_t hub_degree, bool expand_hubs_when_short, int min_year,
         int max_year, bool exclude_same_director, const std::vector<std::int64_t>& restrict_to,
         std::uint32_t max_per_director, const std::string& method,
         const std::optional<std::vector<double>>& seed_weights, double ppr_alpha, double ppr_epsilon,
         double rp3_alpha, std::optional<double> popularity_beta,
         const std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>>& popularity,
         std::optional<std::size_t> hub_walk_limit, double cross_role, std::uint32_t evidence_degree) {
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
        SeeAlsoOptions o =
            see_also_options(k, weights, relations, hub_weighting, normalization, hub_degree, expand_hubs_when_short,
                             min_year, max_year, exclude_same_director, restrict_to, max_per_director, method,
                             ppr_alpha, ppr_epsilon, rp3_alpha, popularity_beta);
        o.hub_walk_limit = hub_walk_limit;
        o.cross_role = cross_role;
        o.evidence_degree = evidence_degree;
        if (popularity) {
          if (popularity->ndim() != 1)
            throw std::invalid_argument("popularity must be a one-dimensional array, one value per film");
          // A view: the array is held by this call's arguments until it returns.
          o.popularity = std::span<const double>(popularity->data(), static_cast<std::size_t>(popularity->size()));
        }

        SeeAlsoResult r;
        {
          py::gil_scoped_release released;
          r = see_also(graph, std::span<const Seed>(seeds), o);
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
        return out;
      },
      py::arg("graph"), py::arg("film"), py::arg("k") = 10, py::arg("weights") = py::none(),
      py::arg("relations") = py::none(), py::arg("hub_weighting") = "idf",
      py::arg("normalization") = "none", py::arg("hub_degree") = 0, py::arg("expand_hubs_when_short") = SeeAlsoOptions{}.expand_hubs_when_short,
      py::arg("min_year") = 0, py::arg("max_year") = 0, py::arg("exclude_same_director") = false,
      py::arg("restrict_to") = std::vector<std::int64_t>{}, py::arg("max_per_director") = 0,
      py::arg("method") = "cooccurrence", py::arg("seed_weights") = py::none(), py::arg("ppr_alpha") = 0.15,
      py::arg("ppr_epsilon") = 1e-5, py::arg("rp3_alpha") = 1.0, py::arg("popularity_beta") = py::none(),
      py::arg("popularity") = py::none(), py::arg("hub_walk_limit") = py::none(),
      py::arg("cross_role") = SeeAlsoOptions{}.cross_role, py::arg("evidence_degree") = SeeAlsoOptions{}.evidence_degree,
      "Related films as numpy arrays (owned, not copied) with their explanation terms. `film` is one\n"
      "film's vertex or a list of seed films (weighted by `seed_weights`).");
}

}  // namespace reelgraph::python
