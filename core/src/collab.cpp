#include "reelgraph/collab.hpp"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/two_bit_color_map.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

namespace reelgraph {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

void check_vertex(const FilmGraph& g, VertexId v, const char* what) {
  if (v >= g.vertex_count())
    throw std::invalid_argument(std::string(what) + " " + std::to_string(v) + " is not in the graph (" +
                                std::to_string(g.vertex_count()) + " vertices)");
}

// Calls fn(target, mask) once per distinct target a vertex links to through
// `relations`, with every such relation in `mask`. Links are sorted by target,
// so one target's several relations are adjacent.
template <class Fn>
void for_each_neighbour(const FilmGraph& g, VertexId v, RelationMask relations, Fn&& fn) {
  VertexId current = kNoVertex;
  RelationMask mask = 0;
  for (const auto& e : g.links(v)) {
    const Link l = g.link(e);
    const RelationMask bit = relation_bit(l.relation);
    if (!(relations & bit)) continue;
    if (l.target != current) {
      if (current != kNoVertex) fn(current, mask);
      current = l.target;
      mask = 0;
    }
    mask |= bit;
  }
  if (current != kNoVertex) fn(current, mask);
}

// Symmetric adjacency without repeats from a list of undirected pairs.
Subgraph adjacency(std::vector<VertexId> vertices, std::vector<std::pair<std::uint32_t, std::uint32_t>>& pairs) {
  const std::size_t n = vertices.size();
  const std::size_t one_way = pairs.size();
  pairs.reserve(2 * one_way);
  for (std::size_t i = 0; i < one_way; ++i) pairs.emplace_back(pairs[i].second, pairs[i].first);
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  Subgraph s;
  s.vertices = std::move(vertices);
  s.offsets.assign(n + 1, 0);
  s.neighbours.reserve(pairs.size());
  for (const auto& [u, v] : pairs) {
    ++s.offsets[u + 1];
    s.neighbours.push_back(v);
  }
  std::partial_sum(s.offsets.begin(), s.offsets.end(), s.offsets.begin());
  return s;
}

}  // namespace

// ------------------------------------------------------------ collaborators

Collaborators collaborators(const FilmGraph& g, VertexId person, const CollaboratorOptions& o) {
  check_vertex(g, person, "vertex");
  if (g.is_film(person))
    throw std::invalid_argument("vertex " + std::to_string(person) + " is a film, not a person or company");

  std::vector<std::pair<VertexId, RelationMask>> own_films;
  for_each_neighbour(g, person, o.own_roles, [&](VertexId t, RelationMask mask) {
    if (g.is_film(t)) own_films.emplace_back(t, mask);
  });

  struct Credit {
    VertexId who;
    std::uint8_t key_role;
    VertexId film;
    RelationMask roles;
    RelationMask own;
  };
  std::vector<Credit> credits;
  for (const auto& entry : own_films) {
    // Named copies, not a structured binding: clang before 16 cannot capture one.
    const VertexId film = entry.first;
    const RelationMask own = entry.second;
    for_each_neighbour(g, film, o.roles, [&](VertexId t, RelationMask mask) {
      if (t == person || g.is_film(t)) return;
      if (!o.by_role) {
        credits.push_back({t, Collaborators::kNoRole, film, mask, own});
        return;
      }
      for (std::size_t r = 0; r < kRelationCount; ++r)
        if (mask & relation_bit(static_cast<Relation>(r)))
          credits.push_back({t, static_cast<std::uint8_t>(r), film, relation_bit(static_cast<Relation>(r)), own});
    });
  }
  std::sort(credits.begin(), credits.end(), [](const Credit& x, const Credit& y) {
    return std::tie(x.who, x.key_role, x.film) < std::tie(y.who, y.key_role, y.film);
  });

  // One row per (collaborator, key role); a film appears once per row since
  // for_each_neighbour gave each (film, collaborator) once.
  struct Row {
    VertexId who;
    std::uint8_t role;
    RelationMask roles = 0, own = 0;
    std::size_t first, last;  // range in credits
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < credits.size();) {
    Row row{credits[i].who, credits[i].key_role, 0, 0, i, i};
    while (row.last < credits.size() && credits[row.last].who == row.who && credits[row.last].key_role == row.role) {
      row.roles |= credits[row.last].roles;
      row.own |= credits[row.last].own;
      ++row.last;
    }
    i = row.last;
    rows.push_back(row);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    const auto nx = x.last - x.first, ny = y.last - y.first;
    if (nx != ny) return nx > ny;
    return std::tie(x.role, x.who) < std::tie(y.role, y.who);
  });
  if (o.k && rows.size() > o.k) rows.resize(o.k);

  Collaborators out;
  out.film_offsets.push_back(0);
  for (const auto& row : rows) {
    out.collaborator.push_back(row.who);
    out.role.push_back(row.role);
    out.roles.push_back(row.roles);
    out.own_roles.push_back(row.own);
    for (std::size_t i = row.first; i < row.last; ++i) out.films.push_back(credits[i].film);
    out.film_offsets.push_back(static_cast<std::uint32_t>(out.films.size()));
  }
  return out;
}

// ------------------------------------------------------------ co-credit network

CocreditNetwork cocredit_network(const FilmGraph& g, const CocreditOptions& o) {
  const std::size_t n_vertices = g.vertex_count();
  const std::size_t n_films = g.film_count();
  std::vector<std::uint8_t> in_scope(n_films, o.films.empty() ? 1 : 0);
  for (VertexId f : o.films) {
    check_vertex(g, f, "film");
    if (!g.is_film(f)) throw std::invalid_argument("vertex " + std::to_string(f) + " is not a film");
    in_scope[f] = 1;
  }
  std::vector<std::uint8_t> allowed;
  if (!o.people.empty()) {
    allowed.assign(n_vertices, 0);
    for (VertexId p : o.people) {
      check_vertex(g, p, "vertex");
      if (g.is_film(p)) throw std::invalid_argument("vertex " + std::to_string(p) + " is a film, not a person");
      allowed[p] = 1;
    }
  }

  // Which entities are nodes: credited on a film in scope, allowed, not a hub.
  enum : std::uint8_t { unseen, node, skipped };
  std::vector<std::uint8_t> state(n_vertices, unseen);
  for (VertexId f = 0; f < n_films; ++f) {
    if (!in_scope[f]) continue;
    for_each_neighbour(g, f, o.relations, [&](VertexId t, RelationMask) {
      if (g.is_film(t) || state[t] != unseen) return;
      if (!allowed.empty() && !allowed[t]) return;
      state[t] = (o.degree_cap && g.film_degree(t) > o.degree_cap) ? skipped : node;
    });
  }
  CocreditNetwork out;
  std::vector<std::uint32_t> index(n_vertices, kNone);
  for (VertexId v = 0; v < n_vertices; ++v) {
    if (state[v] == skipped) ++out.skipped_entities;
    if (state[v] != node) continue;
    index[v] = static_cast<std::uint32_t>(out.nodes.size());
    out.nodes.push_back(v);
  }
  std::vector<std::uint8_t>().swap(state);
  const std::size_t n = out.nodes.size();

  // Each node's films in scope, ascending.
  std::vector<std::uint32_t> film_offsets{0};
  std::vector<VertexId> node_films;
  film_offsets.reserve(n + 1);
  for (VertexId v : out.nodes) {
    for_each_neighbour(g, v, o.relations, [&](VertexId t, RelationMask) {
      if (g.is_film(t) && in_scope[t]) node_films.push_back(t);
    });
    film_offsets.push_back(static_cast<std::uint32_t>(node_films.size()));
  }
  out.node_films.resize(n);
  for (std::size_t i = 0; i < n; ++i) out.node_films[i] = film_offsets[i + 1] - film_offsets[i];

  // The full projection grows with the square of the largest credit list,
  // so its size is known before anything is built. Each node's pair list
  // holds 8 bytes per collaborator (every pair twice until deduplicated), a
  // kept edge 16 bytes (a, b, weight, offset) and 4 per shared film.
  if (o.edges && o.top_k == 0) {
    const auto need = [](std::uint64_t slots, std::uint64_t shared) {
      return slots * sizeof(std::pair<std::uint32_t, std::uint32_t>) + slots / 2 * 16 + shared / 2 * 4;
    };
    // A bound first, from each film's credit count alone (c credited nodes
    // make at most c(c-1) pair slots): one pass over the links, and for most
    // graphs it settles the question.
    std::uint64_t slots = 0;
    for (VertexId f = 0; f < n_films; ++f) {
      if (!in_scope[f]) continue;
      std::uint64_t c = 0;
      for_each_neighbour(g, f, o.relations, [&](VertexId t, RelationMask) { c += index[t] != kNone; });
      slots += c * (c > 0 ? c - 1 : 0);
    }
    const std::uint64_t budget = o.max_bytes ? o.max_bytes : default_memory_budget();
    if (need(slots, slots) > budget) {
      // Exact: distinct collaborators and shared films, counted per node.
      std::vector<std::uint32_t> seen(n, 0);
      std::vector<std::uint32_t> touched_now;
      std::uint64_t distinct = 0;
      for (std::uint32_t i = 0; i < n; ++i) {
        for (auto fi = film_offsets[i]; fi < film_offsets[i + 1]; ++fi)
          for_each_neighbour(g, node_films[fi], o.relations, [&](VertexId t, RelationMask) {
            const auto j = index[t];
            if (j == kNone || j == i) return;
            if (seen[j]++ == 0) touched_now.push_back(j);
          });
        distinct += touched_now.size();
        for (auto j : touched_now) seen[j] = 0;
        touched_now.clear();
      }
      check_memory("the full co-credit network (" + std::to_string(distinct / 2) + " edges among " +
                       std::to_string(n) + " people; give top_k or degree_cap)",
                   need(distinct, slots), o.max_bytes);
    }
  }

  // Per node: count shared films with each co-credited node, keep the top_k.
  out.node_collaborators.assign(n, 0);
  std::vector<std::uint32_t> count(n, 0);
  std::vector<std::uint32_t> touched;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (std::uint32_t i = 0; i < n; ++i) {
    for (auto fi = film_offsets[i]; fi < film_offsets[i + 1]; ++fi) {
      for_each_neighbour(g, node_films[fi], o.relations, [&](VertexId t, RelationMask) {
        const auto j = index[t];
        if (j == kNone || j == i) return;
        if (count[j]++ == 0) touched.push_back(j);
      });
    }
    out.node_collaborators[i] = static_cast<std::uint32_t>(touched.size());
    if (o.edges) {
      auto better = [&](std::uint32_t x, std::uint32_t y) { return count[x] != count[y] ? count[x] > count[y] : x < y; };
      std::size_t keep = touched.size();
      if (o.top_k && keep > o.top_k) {
        std::nth_element(touched.begin(), touched.begin() + static_cast<std::ptrdiff_t>(o.top_k), touched.end(), better);
        keep = o.top_k;
      }
      for (std::size_t t = 0; t < keep; ++t) pairs.emplace_back(std::min(i, touched[t]), std::max(i, touched[t]));
    }
    for (auto j : touched) count[j] = 0;
    touched.clear();
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());

  out.film_offsets.push_back(0);
  for (const auto& [x, y] : pairs) {
    const auto before = out.films.size();
    std::set_intersection(node_films.begin() + film_offsets[x], node_films.begin() + film_offsets[x + 1],
                          node_films.begin() + film_offsets[y], node_films.begin() + film_offsets[y + 1],
                          std::back_inserter(out.films));
    out.a.push_back(x);
    out.b.push_back(y);
    out.weight.push_back(static_cast<std::uint32_t>(out.films.size() - before));
    out.film_offsets.push_back(static_cast<std::uint32_t>(out.films.size()));
  }
  return out;
}

// ------------------------------------------------------------ paths

namespace {

struct RelationFilter {
  const CsrGraph* csr = nullptr;
  RelationMask mask = 0;
  bool operator()(const CsrGraph::edge_descriptor& e) const { return mask & relation_bit((*csr)[e].relation); }
};

struct PassableVertex {
  const FilmGraph* g = nullptr;
  const PathOptions* o = nullptr;
  VertexId from = kNoVertex, to = kNoVertex;
  bool operator()(VertexId v) const {
    if (v == from || v == to || g->is_film(v)) return true;
    if (o->excluded_kinds[static_cast<std::size_t>(g->kind(v))]) return false;
    return !o->degree_cap || g->film_degree(v) <= o->degree_cap;
  }
};

struct Reached {};   // the target was discovered
struct TooFar {};    // every vertex left is at max_length already

class StopAtTarget : public boost::default_bfs_visitor {
 public:
  StopAtTarget(std::vector<std::uint32_t>& dist, VertexId to, std::uint32_t max_length, std::size_t& visited)
      : dist_(&dist), to_(to), max_length_(max_length), visited_(&visited) {}
  template <class Graph>
  void examine_vertex(VertexId u, const Graph&) const {
    if ((*dist_)[u] >= max_length_) throw TooFar{};
  }
  template <class Edge, class Graph>
  void tree_edge(const Edge& e, const Graph& fg) const {
    const VertexId s = boost::source(e, fg), t = boost::target(e, fg);
    (*dist_)[t] = (*dist_)[s] + 1;
    ++*visited_;
    if (t == to_) throw Reached{};
  }

 private:
  std::vector<std::uint32_t>* dist_;
  VertexId to_;
  std::uint32_t max_length_;
  std::size_t* visited_;
};

}  // namespace

Paths shortest_paths(const FilmGraph& g, VertexId from, VertexId to, const PathOptions& o) {
  check_vertex(g, from, "vertex");
  check_vertex(g, to, "vertex");
  Paths out;
  if (from == to) {
    out.outcome = Paths::Outcome::same_vertex;
    return out;
  }
  const PassableVertex passable{&g, &o, from, to};
  const RelationFilter allowed{&g.csr(), o.relations};
  boost::filtered_graph<CsrGraph, RelationFilter, PassableVertex> fg(g.csr(), allowed, passable);

  std::vector<std::uint32_t> dist(g.vertex_count(), kNone);
  dist[from] = 0;
  out.visited = 1;
  auto colour = boost::make_two_bit_color_map(g.vertex_count(), boost::get(boost::vertex_index, g.csr()));
  out.outcome = Paths::Outcome::no_path;
  if (o.max_length == 0) {
    out.outcome = Paths::Outcome::longer_than_max;
    return out;
  }
  try {
    boost::breadth_first_search(fg, from,
                                boost::visitor(StopAtTarget(dist, to, o.max_length, out.visited)).color_map(colour));
  } catch (const Reached&) {
    out.outcome = Paths::Outcome::found;
  } catch (const TooFar&) {
    out.outcome = Paths::Outcome::longer_than_max;
  }
  if (out.outcome != Paths::Outcome::found) return out;
  out.length = dist[to];

  // Vertices on some shortest path: walk back from `to` through neighbours one
  // step closer to `from`. Every vertex closer than `to` has its final distance.
  auto for_each_step = [&](VertexId v, auto&& fn) {
    for_each_neighbour(g, v, o.relations, [&](VertexId u, RelationMask mask) {
      if (dist[u] != kNone) fn(u, mask);
    });
  };
  std::vector<std::uint8_t> on_path(g.vertex_count(), 0);
  std::vector<VertexId> stack{to};
  on_path[to] = 1;
  while (!stack.empty()) {
    const VertexId v = stack.back();
    stack.pop_back();
    if (dist[v] == 0) continue;
    for_each_step(v, [&](VertexId u, RelationMask) {
      if (dist[u] + 1 == dist[v] && !on_path[u]) {
        on_path[u] = 1;
        stack.push_back(u);
      }
    });
  }

  // Forward, in ascending vertex order, until k paths.
  const std::size_t k = std::max<std::size_t>(o.k, 1);
  std::vector<VertexId> path{from};
  std::vector<RelationMask> steps;
  std::size_t found = 0;
  auto walk = [&](auto&& self, VertexId v) -> void {
    if (v == to) {
      out.vertices.insert(out.vertices.end(), path.begin(), path.end());
      out.step_relations.insert(out.step_relations.end(), steps.begin(), steps.end());
      ++found;
      return;
    }
    for_each_step(v, [&](VertexId u, RelationMask mask) {
      if (found >= k || !on_path[u] || dist[u] != dist[v] + 1) return;
      path.push_back(u);
      steps.push_back(mask);
      self(self, u);
      path.pop_back();
      steps.pop_back();
    });
  };
  walk(walk, from);
  return out;
}

// ------------------------------------------------------------ structure

Subgraph credit_graph(const FilmGraph& g, const CreditGraphOptions& o) {
  std::vector<std::uint8_t> in_scope(g.film_count(), o.films.empty() ? 1 : 0);
  for (VertexId f : o.films) {
    check_vertex(g, f, "film");
    if (!g.is_film(f)) throw std::invalid_argument("vertex " + std::to_string(f) + " is not a film");
    in_scope[f] = 1;
  }
  auto kept = [&](VertexId t) { return !g.is_film(t) && (!o.degree_cap || g.film_degree(t) <= o.degree_cap); };

  std::vector<std::uint8_t> member(g.vertex_count(), 0);
  for (VertexId f = 0; f < g.film_count(); ++f) {
    if (!in_scope[f]) continue;
    bool linked = false;
    for_each_neighbour(g, f, o.relations, [&](VertexId t, RelationMask) {
      if (!kept(t)) return;
      member[t] = 1;
      linked = true;
    });
    if (linked || o.isolated_films) member[f] = 1;
  }
  std::vector<VertexId> vertices;
  std::vector<std::uint32_t> index(g.vertex_count(), kNone);
  for (VertexId v = 0; v < g.vertex_count(); ++v) {
    if (!member[v]) continue;
    index[v] = static_cast<std::uint32_t>(vertices.size());
    vertices.push_back(v);
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (VertexId f = 0; f < g.film_count(); ++f) {
    if (index[f] == kNone) continue;
    for_each_neighbour(g, f, o.relations, [&](VertexId t, RelationMask) {
      if (kept(t)) pairs.emplace_back(index[f], index[t]);
    });
  }
  return adjacency(std::move(vertices), pairs);
}

Subgraph subgraph_from_edges(std::size_t n, const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.size() != b.size()) throw std::invalid_argument("edge lists a and b differ in length");
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  pairs.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] >= n || b[i] >= n)
      throw std::invalid_argument("edge " + std::to_string(i) + " names a vertex outside [0, " + std::to_string(n) + ")");
    if (a[i] != b[i]) pairs.emplace_back(a[i], b[i]);
  }
  std::vector<VertexId> vertices(n);
  std::iota(vertices.begin(), vertices.end(), VertexId{0});
  return adjacency(std::move(vertices), pairs);
}

std::vector<std::uint32_t> connected_components(const Subgraph& s) {
  const std::size_t n = s.vertices.size();
  std::vector<std::uint32_t> rank(n, 0), parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  // Property maps rather than raw pointers: Boost finds get() for these by
  // argument-dependent lookup, which the CSR header's own get() would hide.
  const boost::typed_identity_property_map<std::uint32_t> id;
  auto rank_map = boost::make_iterator_property_map(rank.begin(), id);
  auto parent_map = boost::make_iterator_property_map(parent.begin(), id);
  boost::disjoint_sets<decltype(rank_map), decltype(parent_map)> sets(rank_map, parent_map);
  for (std::uint32_t u = 0; u < n; ++u)
    for (auto i = s.offsets[u]; i < s.offsets[u + 1]; ++i)
      if (u < s.neighbours[i]) sets.union_set(u, s.neighbours[i]);

  std::vector<std::uint32_t> root(n), size(n, 0);
  for (std::uint32_t u = 0; u < n; ++u) ++size[root[u] = sets.find_set(u)];
  // Roots in order of size (largest first), then of their smallest vertex.
  std::vector<std::uint32_t> first(n, kNone), roots;
  for (std::uint32_t u = 0; u < n; ++u)
    if (first[root[u]] == kNone) {
      first[root[u]] = u;
      roots.push_back(root[u]);
    }
  std::stable_sort(roots.begin(), roots.end(), [&](auto x, auto y) { return size[x] > size[y]; });
  std::vector<std::uint32_t> number(n, kNone);
  for (std::uint32_t c = 0; c < roots.size(); ++c) number[roots[c]] = c;
  std::vector<std::uint32_t> out(n);
  for (std::uint32_t u = 0; u < n; ++u) out[u] = number[root[u]];
  return out;
}

namespace {

using SimpleCsr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                                     boost::no_property, std::uint32_t, std::uint32_t>;

// Brandes' dependency accumulation from each source in `sources`, summed over
// ordered pairs.
std::vector<double> brandes_from(const Subgraph& s, const std::vector<std::uint32_t>& sources,
                                 const std::atomic<bool>* cancel = nullptr) {
  const std::size_t n = s.vertices.size();
  std::vector<double> centrality(n, 0.0), sigma(n), delta(n);
  std::vector<std::uint32_t> dist(n), order;
  order.reserve(n);
  for (auto src : sources) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    std::fill(sigma.begin(), sigma.end(), 0.0);
    std::fill(delta.begin(), delta.end(), 0.0);
    std::fill(dist.begin(), dist.end(), kNone);
    order.clear();
    sigma[src] = 1.0;
    dist[src] = 0;
    order.push_back(src);
    for (std::size_t head = 0; head < order.size(); ++head) {  // order doubles as the BFS queue
      const auto v = order[head];
      for (auto i = s.offsets[v]; i < s.offsets[v + 1]; ++i) {
        const auto w = s.neighbours[i];
        if (dist[w] == kNone) {
          dist[w] = dist[v] + 1;
          order.push_back(w);
        }
        if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
      }
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const auto w = *it;
      for (auto i = s.offsets[w]; i < s.offsets[w + 1]; ++i) {
        const auto v = s.neighbours[i];
        if (dist[v] != kNone && dist[v] + 1 == dist[w]) delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
      }
      if (w != src) centrality[w] += delta[w];
    }
  }
  return centrality;
}

}  // namespace

std::vector<double> betweenness_all_sources(const Subgraph& s) {
  std::vector<std::uint32_t> sources(s.vertices.size());
  std::iota(sources.begin(), sources.end(), 0u);
  auto c = brandes_from(s, sources);
  for (auto& x : c) x /= 2.0;  // each unordered pair was counted from both ends
  return c;
}

std::vector<double> betweenness_centrality(const Subgraph& s, std::size_t samples, std::uint64_t seed,
                                           const std::atomic<bool>* cancel) {
  const std::size_t n = s.vertices.size();
  if ((samples == 0 || samples >= n) && cancel) {
    // Boost's version cannot be stopped part way; this one looks at the flag
    // before each source.
    std::vector<std::uint32_t> sources(n);
    std::iota(sources.begin(), sources.end(), 0u);
    auto c = brandes_from(s, sources, cancel);
    for (auto& x : c) x /= 2.0;
    return c;
  }
  if (samples == 0 || samples >= n) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    edges.reserve(s.neighbours.size());
    for (std::uint32_t u = 0; u < n; ++u)
      for (auto i = s.offsets[u]; i < s.offsets[u + 1]; ++i) edges.emplace_back(u, s.neighbours[i]);
    const SimpleCsr csr(boost::edges_are_sorted, edges.begin(), edges.end(), n);
    std::vector<double> c(n, 0.0);
    boost::brandes_betweenness_centrality(
        csr, boost::make_iterator_property_map(c.begin(), boost::get(boost::vertex_index, csr)));
    // Every link is stored both ways, so Boost sees a directed graph and counts
    // each unordered pair from both ends.
    for (auto& x : c) x /= 2.0;
    return c;
  }
  // A partial Fisher-Yates shuffle on mt19937_64, whose output the standard
  // fixes, so a seed gives the same sources everywhere.
  std::mt19937_64 rng(seed);
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  for (std::size_t i = 0; i < samples; ++i) std::swap(order[i], order[i + rng() % (n - i)]);
  order.resize(samples);
  std::sort(order.begin(), order.end());
  auto c = brandes_from(s, order, cancel);
  const double scale = static_cast<double>(n) / static_cast<double>(samples) / 2.0;
  for (auto& x : c) x *= scale;
  return c;
}

// ------------------------------------------------------------ co-production

Coproduction coproduction(const FilmGraph& g, const CoproductionOptions& o) {
  if (o.period < 1) throw std::invalid_argument("period must be at least one year");
  struct Row {
    VertexId a, b;
    std::int32_t period;
    VertexId film;
    bool operator<(const Row& r) const { return std::tie(a, b, period, film) < std::tie(r.a, r.b, r.period, r.film); }
  };
  std::vector<Row> rows;
  std::vector<VertexId> partners;
  // Every pair on every film is one row until they are grouped: count them
  // first, and refuse what would not fit rather than fail half way.
  std::uint64_t row_count = 0;
  for (VertexId f = 0; f < g.film_count(); ++f) {
    std::uint64_t m = 0;
    for_each_neighbour(g, f, o.relations, [&](VertexId t, RelationMask) { m += !g.is_film(t); });
    row_count += m > 1 ? m * (m - 1) / 2 : 0;
  }
  check_memory("co-production pairs (" + std::to_string(row_count) + " film-pair rows)",
               row_count * (sizeof(Row) + 3 * sizeof(std::uint32_t)), o.max_bytes);
  rows.reserve(row_count);
  for (VertexId f = 0; f < g.film_count(); ++f) {
    partners.clear();
    for_each_neighbour(g, f, o.relations, [&](VertexId t, RelationMask) {
      if (!g.is_film(t)) partners.push_back(t);
    });
    if (partners.size() < 2) continue;
    const int year = g.year(f);
    const std::int32_t period = year == 0 ? 0 : (year / o.period) * o.period;
    for (std::size_t i = 0; i < partners.size(); ++i)
      for (std::size_t j = i + 1; j < partners.size(); ++j) rows.push_back({partners[i], partners[j], period, f});
  }
  std::sort(rows.begin(), rows.end());
  Coproduction out;
  out.film_offsets.push_back(0);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].a != rows[i - 1].a || rows[i].b != rows[i - 1].b || rows[i].period != rows[i - 1].period) {
      if (i) out.film_offsets.push_back(static_cast<std::uint32_t>(out.films.size()));
      out.a.push_back(rows[i].a);
      out.b.push_back(rows[i].b);
      out.period.push_back(rows[i].period);
    }
    out.films.push_back(rows[i].film);
  }
  if (!rows.empty()) out.film_offsets.push_back(static_cast<std::uint32_t>(out.films.size()));
  return out;
}

}  // namespace reelgraph
