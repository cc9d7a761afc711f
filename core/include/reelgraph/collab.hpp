// Collaboration analysis: who worked with whom, the co-credit network, how two
// nodes are connected, and the structure of the film-person-company graph.
//
// Everything here reads the frozen FilmGraph and keeps memory proportional to
// what it returns (plus a few arrays of one entry per vertex): the full
// person-person projection, which grows with the square of the largest credit
// list, is never built.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "reelgraph/graph.hpp"
#include "reelgraph/model.hpp"

namespace reelgraph {

// Relations that credit a person on a film, and those that credit a company.
inline constexpr RelationMask kPersonCredits =
    relation_bit(Relation::directed_by) | relation_bit(Relation::produced_by) | relation_bit(Relation::written_by) |
    relation_bit(Relation::cast) | relation_bit(Relation::edited_by) | relation_bit(Relation::shot_by) |
    relation_bit(Relation::music_by) | relation_bit(Relation::crew);
inline constexpr RelationMask kCompanyCredits = relation_bit(Relation::production_company) |
                                                relation_bit(Relation::world_sales) |
                                                relation_bit(Relation::distributor);
inline constexpr RelationMask kCredits = kPersonCredits | kCompanyCredits;

// ------------------------------------------------------------ collaborators

struct CollaboratorOptions {
  RelationMask own_roles = kCredits;      // the person's credits whose films count
  RelationMask roles = kPersonCredits;    // the collaborators' credits that count
  bool by_role = false;                   // one row per (collaborator, role) instead of per collaborator
  std::size_t k = 0;                      // the k with most shared films; 0: all
};

// Rows sorted by shared films (most first), then role, then vertex.
struct Collaborators {
  std::vector<VertexId> collaborator;
  // by_role: the row's relation code; otherwise kNoRole.
  std::vector<std::uint8_t> role;
  std::vector<RelationMask> roles;        // the collaborator's roles on the row's films
  std::vector<RelationMask> own_roles;    // the person's roles on the row's films
  std::vector<std::uint32_t> film_offsets;  // row i's films: films[film_offsets[i] .. film_offsets[i+1])
  std::vector<VertexId> films;            // distinct, ascending
  static constexpr std::uint8_t kNoRole = 0xff;
};

// Throws std::invalid_argument when `person` is a film or no vertex.
Collaborators collaborators(const FilmGraph& g, VertexId person, const CollaboratorOptions& o);

// ------------------------------------------------------------ co-credit network

struct CocreditOptions {
  RelationMask relations = kPersonCredits;  // credits that put a node on a film
  std::vector<VertexId> films;    // films whose credits count; empty: every film
  std::vector<VertexId> people;   // the only nodes allowed; empty: everyone credited
  // Per node, keep the edges to its top_k collaborators by shared films (ties
  // by vertex); an edge stays when either end keeps it. 0: every edge.
  std::size_t top_k = 0;
  // Leave out entities linked to more films than this (in the whole graph):
  // a union-wide crew credit or a studio joins everyone to everyone. 0: none.
  std::uint32_t degree_cap = 0;
  bool edges = true;  // false: node statistics only
  // Memory the call may use for its edges (0: default_memory_budget()). The
  // full projection (top_k 0) is counted before it is built, and refused
  // with ResourceError when it would not fit.
  std::uint64_t max_bytes = 0;
};

struct CocreditNetwork {
  std::vector<VertexId> nodes;               // ascending
  std::vector<std::uint32_t> node_films;     // films in scope each node is credited on
  std::vector<std::uint32_t> node_collaborators;  // distinct co-credited nodes, before top_k
  std::vector<std::uint32_t> a, b;           // edges as indices into nodes, a < b
  std::vector<std::uint32_t> weight;         // shared films
  std::vector<std::uint32_t> film_offsets;   // edge i's films: films[film_offsets[i] .. film_offsets[i+1])
  std::vector<VertexId> films;
  std::size_t skipped_entities = 0;          // credited in scope but above degree_cap
};

CocreditNetwork cocredit_network(const FilmGraph& g, const CocreditOptions& o);

// ------------------------------------------------------------ paths

struct PathOptions {
  // The derived any-year `festival` link is left out: the edition says the same
  // with its year, and the festival stays reachable through part_of.
  RelationMask relations = kAllRelations & ~relation_bit(Relation::festival);
  std::uint32_t max_length = 8;  // in links
  std::size_t k = 1;             // at most this many paths, all of the shortest length
  // Kinds never passed through (endpoints excepted): countries, languages,
  // genres and keywords join most films to most others, so a path through
  // them says nothing.
  std::array<bool, kNodeKindCount> excluded_kinds = default_excluded_kinds();
  // Entities linked to more films than this are not passed through either. 0: none.
  std::uint32_t degree_cap = 0;

  static constexpr std::array<bool, kNodeKindCount> default_excluded_kinds() {
    std::array<bool, kNodeKindCount> out{};
    for (auto k : {NodeKind::country, NodeKind::language, NodeKind::genre, NodeKind::keyword})
      out[static_cast<std::size_t>(k)] = true;
    return out;
  }
};

struct Paths {
  enum class Outcome : std::uint8_t { found, same_vertex, no_path, longer_than_max };
  Outcome outcome = Outcome::no_path;
  std::uint32_t length = 0;                  // links per path
  // Path p visits vertices[p*(length+1) .. (p+1)*(length+1)); step s of it goes
  // through step_relations[p*length + s], every relation that joins those two
  // vertices under the options.
  std::vector<VertexId> vertices;
  std::vector<RelationMask> step_relations;
  std::size_t visited = 0;                   // vertices the search reached
  std::size_t path_count() const { return length == 0 ? (vertices.empty() ? 0 : 1) : step_relations.size() / length; }
};

// Shortest paths from `from` to `to` by breadth-first search (Boost's
// breadth_first_search on the CSR graph, filtered), stopped as soon as `to` is
// reached. Paths come in lexicographic order of their vertices.
Paths shortest_paths(const FilmGraph& g, VertexId from, VertexId to, const PathOptions& o);

// ------------------------------------------------------------ structure

// A simple undirected graph over a chosen part of the FilmGraph, as symmetric
// adjacency lists without repeated neighbours (a person who directed and
// produced a film is one edge, not two).
struct Subgraph {
  std::vector<VertexId> vertices;           // local index -> FilmGraph vertex, ascending
  std::vector<std::uint32_t> offsets;       // local adjacency
  std::vector<std::uint32_t> neighbours;    // ascending per vertex
  std::size_t edge_count() const { return neighbours.size() / 2; }
};

struct CreditGraphOptions {
  RelationMask relations = kCredits;  // film links kept; their targets become vertices
  std::vector<VertexId> films;        // empty: every film
  std::uint32_t degree_cap = 0;       // entities linked to more films are left out; 0: none
  bool isolated_films = true;         // keep films with no kept link
};

// The film-person-company graph (or whatever `relations` make it).
Subgraph credit_graph(const FilmGraph& g, const CreditGraphOptions& o);

// A subgraph given by its edges (local indices below n, either order, repeats allowed).
Subgraph subgraph_from_edges(std::size_t n, const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);

// Component of each local vertex, numbered by size (largest first, ties by
// smallest vertex), by union-find.
std::vector<std::uint32_t> connected_components(const Subgraph& s);

// Betweenness centrality of each local vertex, each unordered pair counted
// once (networkx's normalized=False). samples == 0 or >= the vertex count:
// exact, by Boost's brandes_betweenness_centrality, or, when `cancel` is
// given, by the same accumulation as below from every vertex. Otherwise
// Brandes' accumulation from `samples` sources drawn without replacement
// (seeded), scaled by n / samples: an unbiased estimate. `cancel`, when
// given, is read before each source: once set, the call throws Cancelled (an
// exact run on tens of thousands of vertices takes minutes).
std::vector<double> betweenness_centrality(const Subgraph& s, std::size_t samples = 0, std::uint64_t seed = 0,
                                           const std::atomic<bool>* cancel = nullptr);

// The same sampled accumulation with every vertex a source: exact, without
// Boost; kept so the two can be compared.
std::vector<double> betweenness_all_sources(const Subgraph& s);

// ------------------------------------------------------------ co-production

struct CoproductionOptions {
  RelationMask relations = relation_bit(Relation::country);  // or production_company
  int period = 1;   // years per period: 1 by year, 10 by decade
  // Memory for the pairs (0: default_memory_budget()); counted first, and
  // refused with ResourceError when they would not fit.
  std::uint64_t max_bytes = 0;
};

// Pairs of entities linked to the same film, counted per period of the film's
// year (period start; 0 for films of unknown year). Sorted by (a, b, period).
struct Coproduction {
  std::vector<VertexId> a, b;              // a < b
  std::vector<std::int32_t> period;
  std::vector<std::uint32_t> film_offsets;
  std::vector<VertexId> films;
};

Coproduction coproduction(const FilmGraph& g, const CoproductionOptions& o);

}  // namespace reelgraph
