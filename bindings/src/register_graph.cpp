// GraphBuilder, FilmGraph and the identity helpers.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>
#include <string>

#include "numpy_owner.hpp"
#include "register.hpp"
#include "reelgraph/graph.hpp"
#include "reelgraph/text.hpp"

namespace py = pybind11;

namespace reelgraph::python {
namespace {

Relation relation_named(const std::string& name) {
  const auto r = parse_relation(name);
  if (!r) throw std::invalid_argument("unknown relation '" + name + "'");
  return *r;
}

NodeKind kind_named(const std::string& name) {
  const auto k = parse_node_kind(name);
  if (!k) throw std::invalid_argument("unknown node kind '" + name + "'");
  return *k;
}

void check_vertex(const FilmGraph& g, std::int64_t v) {
  if (v < 0 || static_cast<std::size_t>(v) >= g.vertex_count())
    throw std::out_of_range("vertex " + std::to_string(v) + " is not in the graph (" +
                            std::to_string(g.vertex_count()) + " vertices)");
}

// fn(vertex) for each vertex of a numpy array of ids, into a Python list.
template <class Fn>
auto per_vertex(const FilmGraph& g, const py::array_t<std::int64_t, py::array::forcecast>& vs, Fn fn) {
  const auto view = vs.unchecked<1>();
  py::list out(view.shape(0));
  for (py::ssize_t i = 0; i < view.shape(0); ++i) {
    check_vertex(g, view(i));
    out[i] = fn(static_cast<VertexId>(view(i)));
  }
  return out;
}

// The same, into a numpy array of T.
template <class T, class Fn>
py::array_t<T> per_vertex_array(const FilmGraph& g, const py::array_t<std::int64_t, py::array::forcecast>& vs, Fn fn) {
  const auto view = vs.unchecked<1>();
  std::vector<T> out(view.shape(0));
  for (py::ssize_t i = 0; i < view.shape(0); ++i) {
    check_vertex(g, view(i));
    out[i] = static_cast<T>(fn(static_cast<VertexId>(view(i))));
  }
  return to_numpy(std::move(out));
}

}  // namespace

void register_graph(py::module_& m) {
  m.def("relations", [] {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < kRelationCount; ++i) names.emplace_back(to_string(static_cast<Relation>(i)));
    return names;
  }, "Every relation, in the order of their numeric codes.");
  m.def("table_relations", [] {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < kRelationCount; ++i)
      if (is_table_relation(static_cast<Relation>(i))) names.emplace_back(to_string(static_cast<Relation>(i)));
    return names;
  }, "The relations a links table may name.");
  m.def("node_kinds", [] {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < kNodeKindCount; ++i) names.emplace_back(to_string(static_cast<NodeKind>(i)));
    return names;
  });
  m.def("role_noun", [](const std::string& r) { return std::string(role_noun(relation_named(r))); });
  m.def("target_kind", [](const std::string& r) { return std::string(to_string(target_kind(relation_named(r)))); });

  m.def("clean_text", [](const std::string& s) { return clean_text(s); });
  m.def("name_key", [](const std::string& s) { return name_key(s); });
  m.def("search_key", [](const std::string& s, bool any_order) { return search_key(s, any_order); },
        py::arg("text"), py::arg("any_order") = false);
  m.def("parse_external_id", [](const std::string& s) -> py::object {
    const auto id = parse_external_id(s);
    if (!id) return py::none();
    return py::make_tuple(std::string(to_string(id->scheme)), id->canonical);
  }, "(scheme, canonical id), None for text that is not an id; ValueError for a malformed one.");
  m.def("imdb_title_id", [](const std::string& s) { return imdb_title_id(s); });
  m.def("film_key", [](const std::string& s) { return film_key(s); });

  py::class_<GraphBuilder>(m, "GraphBuilder")
      .def(py::init<>())
      .def("add_film", [](GraphBuilder& b, const std::string& film_id, const std::string& title, int year) {
        const auto added = b.add_film(film_id, title, year);
        return py::make_tuple(added.film, added.inserted);
      }, py::arg("film_id"), py::arg("title"), py::arg("year") = 0)
      .def("add_alias", [](GraphBuilder& b, const std::string& kind, const std::string& alias,
                           const std::string& canonical) { b.add_alias(kind_named(kind), alias, canonical); },
           py::arg("kind"), py::arg("alias"), py::arg("canonical"))
      .def("add_link", [](GraphBuilder& b, VertexId film, const std::string& relation, const std::string& entity_id,
                          const std::string& name, int year, const std::string& section) {
        LinkSpec link;
        link.relation = relation_named(relation);
        link.entity_id = entity_id;
        link.name = name;
        link.year = year;
        link.section = section;
        b.add_link(film, link);
      }, py::arg("film"), py::arg("relation"), py::arg("entity_id") = "", py::arg("name") = "",
         py::arg("year") = 0, py::arg("section") = "")
      .def("name_entity", [](GraphBuilder& b, const std::string& entity_id, const std::string& name) {
        return b.name_entity(entity_id, name);
      }, py::arg("entity_id"), py::arg("name"))
      .def_property_readonly("film_count", &GraphBuilder::film_count)
      .def_property_readonly("entity_count", &GraphBuilder::entity_count)
      // The GIL stays held: releasing it would let another thread add to the
      // builder while it is being frozen.
      .def("freeze", &GraphBuilder::freeze, "The frozen graph; the builder is left empty.");

  py::class_<FilmGraph>(m, "FilmGraph")
      .def_property_readonly("film_count", &FilmGraph::film_count)
      .def_property_readonly("vertex_count", &FilmGraph::vertex_count)
      .def_property_readonly("edge_count", &FilmGraph::edge_count)
      .def_property_readonly("duplicate_links", &FilmGraph::duplicate_links)
      .def("kind", [](const FilmGraph& g, std::int64_t v) { check_vertex(g, v); return std::string(to_string(g.kind(v))); })
      .def("name", [](const FilmGraph& g, std::int64_t v) { check_vertex(g, v); return std::string(g.name(v)); })
      .def("key", [](const FilmGraph& g, std::int64_t v) { check_vertex(g, v); return std::string(g.key(v)); })
      .def("year", [](const FilmGraph& g, std::int64_t v) { check_vertex(g, v); return g.year(v); })
      .def("film_degree", [](const FilmGraph& g, std::int64_t v) { check_vertex(g, v); return g.film_degree(v); })
      .def("names", [](const FilmGraph& g, const py::array_t<std::int64_t, py::array::forcecast>& vs) {
        return per_vertex(g, vs, [&](VertexId v) { return py::str(std::string(g.name(v))); });
      })
      .def("keys", [](const FilmGraph& g, const py::array_t<std::int64_t, py::array::forcecast>& vs) {
        return per_vertex(g, vs, [&](VertexId v) { return py::str(std::string(g.key(v))); });
      })
      .def("kinds", [](const FilmGraph& g, const py::array_t<std::int64_t, py::array::forcecast>& vs) {
        return per_vertex(g, vs, [&](VertexId v) { return py::str(std::string(to_string(g.kind(v)))); });
      })
      .def("years", [](const FilmGraph& g, const py::array_t<std::int64_t, py::array::forcecast>& vs) {
        return per_vertex_array<std::int32_t>(g, vs, [&](VertexId v) { return g.year(v); });
      })
      .def("film_degrees", [](const FilmGraph& g, const py::array_t<std::int64_t, py::array::forcecast>& vs) {
        return per_vertex_array<std::uint32_t>(g, vs, [&](VertexId v) { return g.film_degree(v); });
      })
      .def("links", [](const FilmGraph& g, std::int64_t v) {
        check_vertex(g, v);
        std::vector<VertexId> targets;
        std::vector<std::uint8_t> relations;
        for (const auto& e : g.links(static_cast<VertexId>(v))) {
          const Link l = g.link(e);
          targets.push_back(l.target);
          relations.push_back(static_cast<std::uint8_t>(l.relation));
        }
        return py::make_tuple(to_numpy(std::move(targets)), to_numpy(std::move(relations)));
      }, "(targets, relation codes) of a vertex's links, sorted by target.")
      .def("film_by_id", &FilmGraph::film_by_id)
      .def("films_titled", &FilmGraph::films_titled)
      .def("find_entity", [](const FilmGraph& g, const std::string& kind, const std::string& name) {
        return g.find_entity(kind_named(kind), name);
      })
      .def("find_edition", &FilmGraph::find_edition)
      .def_property_readonly("merged_people", &FilmGraph::merged_people,
                             "People folded into another spelling of their name at build (0 after a load).")
      .def("search", [](const FilmGraph& g, const std::string& text, const std::string& kind) {
        return g.search(text, kind.empty() ? std::nullopt : std::optional<NodeKind>(kind_named(kind)));
      }, py::arg("text"), py::arg("kind") = "",
         "Vertices whose name or alias has text's search_key (any kind when kind is empty).")
      .def("search_index", [](const FilmGraph& g) {
        const std::size_t n = g.search_entries();
        py::list keys(n);
        std::vector<std::uint32_t> vertices(n);
        for (std::size_t i = 0; i < n; ++i) {
          const auto k = g.search_entry_key(i);
          keys[i] = py::str(k.data(), k.size());
          vertices[i] = g.search_vertex(i);
        }
        return py::make_tuple(keys, to_numpy(std::move(vertices)));
      }, "(keys, vertices): the search index, sorted by key.")
      .def("kind_counts", [](const FilmGraph& g) {
        py::dict out;
        const auto counts = g.kind_counts();
        for (std::size_t i = 0; i < counts.size(); ++i) out[py::str(std::string(to_string(static_cast<NodeKind>(i))))] = counts[i];
        return out;
      })
      .def("relation_counts", [](const FilmGraph& g) {
        py::dict out;
        const auto counts = g.relation_counts();
        for (std::size_t i = 0; i < counts.size(); ++i) out[py::str(std::string(to_string(static_cast<Relation>(i))))] = counts[i];
        return out;
      })
      .def("structure_bytes", &FilmGraph::structure_bytes)
      .def("memory_bytes", &FilmGraph::memory_bytes);
}

}  // namespace reelgraph::python
