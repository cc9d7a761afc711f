// Collaboration analysis: arguments become options with the GIL held, the
// work runs with it released, and results go back as numpy arrays.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "numpy_owner.hpp"
#include "interrupt.hpp"
#include "register.hpp"
#include "reelgraph/collab.hpp"

namespace py = pybind11;

namespace reelgraph::python {
namespace {

using Names = std::optional<std::vector<std::string>>;
using Ids = py::array_t<std::int64_t, py::array::forcecast>;

RelationMask mask_of(const Names& names, RelationMask fallback) {
  if (!names) return fallback;
  RelationMask mask = 0;
  for (const auto& name : *names) {
    const auto r = parse_relation(name);
    if (!r) throw std::invalid_argument("unknown relation '" + name + "'");
    mask |= relation_bit(*r);
  }
  return mask;
}

VertexId vertex_of(std::int64_t v) {
  if (v < 0 || v >= static_cast<std::int64_t>(kNoVertex))
    throw std::invalid_argument(std::to_string(v) + " is no vertex id");
  return static_cast<VertexId>(v);
}

std::vector<VertexId> vertices_of(const Ids& ids) {
  const auto view = ids.unchecked<1>();
  std::vector<VertexId> out(view.shape(0));
  for (py::ssize_t i = 0; i < view.shape(0); ++i) out[i] = vertex_of(view(i));
  return out;
}

std::vector<std::uint32_t> indices_of(const Ids& ids) { return vertices_of(ids); }

// Relation masks as the codes of their relations, in a flat list per mask.
py::array_t<std::uint32_t> masks(std::vector<RelationMask>&& m) { return to_numpy(std::move(m)); }

const char* outcome_name(Paths::Outcome o) {
  switch (o) {
    case Paths::Outcome::found: return "found";
    case Paths::Outcome::same_vertex: return "same_vertex";
    case Paths::Outcome::no_path: return "no_path";
    case Paths::Outcome::longer_than_max: return "longer_than_max";
  }
  return "no_path";
}

}  // namespace

void register_collab(py::module_& m) {
  m.def(
      "collaborators",
      [](const FilmGraph& g, std::int64_t person, const Names& own_roles, const Names& roles, bool by_role,
         std::size_t k) {
        CollaboratorOptions o;
        o.own_roles = mask_of(own_roles, o.own_roles);
        o.roles = mask_of(roles, o.roles);
        o.by_role = by_role;
        o.k = k;
        const VertexId v = vertex_of(person);
        Collaborators r;
        {
          py::gil_scoped_release released;
          r = collaborators(g, v, o);
        }
        py::dict out;
        out["collaborator"] = to_numpy(std::move(r.collaborator));
        out["role"] = to_numpy(std::move(r.role));
        out["roles"] = masks(std::move(r.roles));
        out["own_roles"] = masks(std::move(r.own_roles));
        out["film_offsets"] = to_numpy(std::move(r.film_offsets));
        out["films"] = to_numpy(std::move(r.films));
        return out;
      },
      py::arg("graph"), py::arg("person"), py::arg("own_roles") = py::none(), py::arg("roles") = py::none(),
      py::arg("by_role") = false, py::arg("k") = 0,
      "The people (and companies, with their roles) sharing films with a person, most shared films first. "
      "role is 255 unless by_role; roles and own_roles are relation bit masks.");

  m.def(
      "cocredit_network",
      [](const FilmGraph& g, const Names& relations, const Ids& films, const Ids& people, std::size_t top_k,
         std::uint32_t degree_cap, bool edges, std::uint64_t max_bytes) {
        CocreditOptions o;
        o.relations = mask_of(relations, o.relations);
        o.films = vertices_of(films);
        o.people = vertices_of(people);
        o.top_k = top_k;
        o.degree_cap = degree_cap;
        o.edges = edges;
        o.max_bytes = max_bytes;
        CocreditNetwork r;
        {
          py::gil_scoped_release released;
          r = cocredit_network(g, o);
        }
        py::dict out;
        out["nodes"] = to_numpy(std::move(r.nodes));
        out["node_films"] = to_numpy(std::move(r.node_films));
        out["node_collaborators"] = to_numpy(std::move(r.node_collaborators));
        out["a"] = to_numpy(std::move(r.a));
        out["b"] = to_numpy(std::move(r.b));
        out["weight"] = to_numpy(std::move(r.weight));
        out["film_offsets"] = to_numpy(std::move(r.film_offsets));
        out["films"] = to_numpy(std::move(r.films));
        out["skipped_entities"] = r.skipped_entities;
        return out;
      },
      py::arg("graph"), py::arg("relations") = py::none(), py::arg("films") = Ids(0), py::arg("people") = Ids(0),
      py::arg("top_k") = 0, py::arg("degree_cap") = 0, py::arg("edges") = true, py::arg("max_bytes") = 0,
      "Co-credit network: nodes, per-node films and collaborator counts, edges (a, b index nodes) with shared films.");

  m.def(
      "shortest_paths",
      [](const FilmGraph& g, std::int64_t source, std::int64_t target, const Names& relations,
         std::uint32_t max_length, std::size_t k, const std::vector<std::string>& excluded_kinds,
         std::uint32_t degree_cap) {
        PathOptions o;
        o.relations = mask_of(relations, o.relations);
        o.max_length = max_length;
        o.k = k;
        o.excluded_kinds = {};
        for (const auto& name : excluded_kinds) {
          const auto kind = parse_node_kind(name);
          if (!kind) throw std::invalid_argument("unknown node kind '" + name + "'");
          o.excluded_kinds[static_cast<std::size_t>(*kind)] = true;
        }
        o.degree_cap = degree_cap;
        const VertexId from = vertex_of(source), to = vertex_of(target);
        Paths r;
        {
          py::gil_scoped_release released;
          r = shortest_paths(g, from, to, o);
        }
        py::dict out;
        out["outcome"] = outcome_name(r.outcome);
        out["length"] = r.length;
        out["visited"] = r.visited;
        out["vertices"] = to_numpy(std::move(r.vertices));
        out["step_relations"] = masks(std::move(r.step_relations));
        return out;
      },
      py::arg("graph"), py::arg("source"), py::arg("target"), py::arg("relations") = py::none(),
      py::arg("max_length") = 8, py::arg("k") = 1,
      py::arg("excluded_kinds") = std::vector<std::string>{"country", "language", "genre", "keyword"},
      py::arg("degree_cap") = 0,
      "Up to k shortest paths by breadth-first search: outcome, length, vertices (length+1 per path), "
      "step_relations (relation bit masks, length per path).");

  m.def(
      "credit_graph",
      [](const FilmGraph& g, const Names& relations, const Ids& films, std::uint32_t degree_cap,
         bool isolated_films) {
        CreditGraphOptions o;
        o.relations = mask_of(relations, o.relations);
        o.films = vertices_of(films);
        o.degree_cap = degree_cap;
        o.isolated_films = isolated_films;
        Subgraph s;
        std::vector<std::uint32_t> a, b;
        {
          py::gil_scoped_release released;
          s = credit_graph(g, o);
          for (std::uint32_t u = 0; u + 1 < s.offsets.size(); ++u)
            for (auto i = s.offsets[u]; i < s.offsets[u + 1]; ++i)
              if (u < s.neighbours[i]) a.push_back(u), b.push_back(s.neighbours[i]);
        }
        py::dict out;
        out["vertices"] = to_numpy(std::move(s.vertices));
        out["a"] = to_numpy(std::move(a));
        out["b"] = to_numpy(std::move(b));
        return out;
      },
      py::arg("graph"), py::arg("relations") = py::none(), py::arg("films") = Ids(0), py::arg("degree_cap") = 0,
      py::arg("isolated_films") = true,
      "The film-person-company graph as vertices and edges (a < b, indices into vertices), without repeats.");

  m.def(
      "connected_components",
      [](std::size_t n, const Ids& a, const Ids& b) {
        auto ea = indices_of(a), eb = indices_of(b);
        std::vector<std::uint32_t> c;
        {
          py::gil_scoped_release released;
          c = connected_components(subgraph_from_edges(n, ea, eb));
        }
        return to_numpy(std::move(c));
      },
      py::arg("n"), py::arg("a"), py::arg("b"),
      "Component of each of n vertices joined by edges (a[i], b[i]): 0 the largest, by union-find.");

  m.def(
      "betweenness",
      [](std::size_t n, const Ids& a, const Ids& b, std::size_t samples, std::uint64_t seed) {
        auto ea = indices_of(a), eb = indices_of(b);
        // Exact betweenness on tens of thousands of vertices runs for
        // minutes: it runs where Ctrl-C can stop it.
        std::vector<double> c = run_interruptible([&](const std::atomic<bool>* cancel) {
          return betweenness_centrality(subgraph_from_edges(n, ea, eb), samples, seed, cancel);
        });
        return to_numpy(std::move(c));
      },
      py::arg("n"), py::arg("a"), py::arg("b"), py::arg("samples") = 0, py::arg("seed") = 0,
      "Betweenness of each of n vertices, each unordered pair once: exact (Boost's Brandes) when samples is 0 "
      "or >= n, else estimated from that many seeded sources.");

  m.def(
      "coproduction",
      [](const FilmGraph& g, const Names& relations, int period, std::uint64_t max_bytes) {
        CoproductionOptions o;
        o.relations = mask_of(relations, o.relations);
        o.period = period;
        o.max_bytes = max_bytes;
        Coproduction r;
        {
          py::gil_scoped_release released;
          r = coproduction(g, o);
        }
        py::dict out;
        out["a"] = to_numpy(std::move(r.a));
        out["b"] = to_numpy(std::move(r.b));
        out["period"] = to_numpy(std::move(r.period));
        out["film_offsets"] = to_numpy(std::move(r.film_offsets));
        out["films"] = to_numpy(std::move(r.films));
        return out;
      },
      py::arg("graph"), py::arg("relations") = py::none(), py::arg("period") = 1, py::arg("max_bytes") = 0,
      "Pairs of entities linked to one film, per period of the film's year (0: unknown year), with the films.");

  m.def(
      "film_links",
      [](const FilmGraph& g, const Ids& films, const Names& relations) {
        const RelationMask mask = mask_of(relations, kAllRelations);
        auto chosen = vertices_of(films);
        std::vector<VertexId> source, target;
        std::vector<std::uint8_t> relation;
        {
          py::gil_scoped_release released;
          if (chosen.empty())
            for (VertexId f = 0; f < g.film_count(); ++f) chosen.push_back(f);
          for (VertexId f : chosen) {
            if (!g.is_film(f)) throw std::invalid_argument("vertex " + std::to_string(f) + " is not a film");
            for (const auto& e : g.links(f)) {
              const Link l = g.link(e);
              if (!(mask & relation_bit(l.relation))) continue;
              source.push_back(f);
              target.push_back(l.target);
              relation.push_back(static_cast<std::uint8_t>(l.relation));
            }
          }
        }
        py::dict out;
        out["source"] = to_numpy(std::move(source));
        out["target"] = to_numpy(std::move(target));
        out["relation"] = to_numpy(std::move(relation));
        return out;
      },
      py::arg("graph"), py::arg("films") = Ids(0), py::arg("relations") = py::none(),
      "Every link of the films (all films when none are given): source film, target, relation code.");
}

}  // namespace reelgraph::python
