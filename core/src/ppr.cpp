// Personalized PageRank by forward push, on the film-entity graph.
//
// The graph is undirected and weighted: a film f and an entity e it links to
// are joined by a(f, e) = w(e) h(e) (w the strongest allowed relation's
// weight, h the hub weighting), and the walk steps from u to v with
// probability a(u, v) / sum_v' a(u, v'). At each step it jumps back to the
// seeds (in proportion to their weights) with probability alpha.
//
// The push is the non-lazy variant of Andersen, Chung and Lang's: a vertex u
// whose residual r(u) is at least epsilon times its number of links is pushed
// by moving alpha r(u) into its estimate p(u) and spreading (1 - alpha) r(u)
// over its neighbours by transition probability. The true PageRank is then
// p + sum_u r(u) PPR_u, so each film's estimate is low by less than the
// residual left behind; the work is at most 1 / (alpha epsilon) link visits,
// whatever the graph's size.
//
// Explanation: all of a non-seed film's residual came through its entities,
// and the share that came through e is the mass e spread per unit of link
// weight times a(e, f). The film's score is divided among its entities in
// proportion to those inflows: "the walk reached this film through these
// entities". An entity no seed links to (a longer walk) has no query relation.
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "reelgraph/huge_pages.hpp"
#include "see_also_internal.hpp"

namespace reelgraph::detail {
namespace {

// What the push keeps per vertex, side by side so that adding residual to a
// vertex reads one cache line.
struct Cell {
  double residual;
  // Films: the PageRank estimate. Entities: the mass spread per unit of link
  // weight, for the explanation.
  double value;
  double hub;        // entities: h(e), computed once per query
  double threshold;  // epsilon times the vertex's links; 0 until first touched
};

// Per-thread arrays sized to the graph (32 bytes a vertex), all zero between
// queries: a query resets only the vertices it touched, and allocates nothing
// once the thread has run a query on a graph of that size.
struct PushScratch {
  std::vector<Cell> cells;
  std::vector<VertexId> touched;
  std::vector<VertexId> queue;  // first in, first out
  // One vertex's weighted neighbours while it is pushed.
  std::vector<VertexId> neighbours;
  std::vector<double> link_weights;
};
thread_local PushScratch push_scratch;

constexpr std::size_t kPrefetchAhead = 8;

inline void prefetch(const void* address) {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(address, 1);
#else
  (void)address;
#endif
}

class Push {
 public:
  Push(const FilmGraph& g, const SeeAlsoOptions& o) : g_(g), o_(o), s_(push_scratch) {
    if (s_.cells.size() < g.vertex_count()) resize_on_huge_pages(s_.cells, g.vertex_count());
    cells_ = s_.cells.data();
    s_.touched.clear();
    s_.queue.clear();
  }
  ~Push() {
    for (VertexId v : s_.touched) cells_[v] = Cell{};
    s_.touched.clear();
    s_.queue.clear();
  }
  Push(const Push&) = delete;
  Push& operator=(const Push&) = delete;

  void run(const Query& q) {
    for (const auto& seed : q.seeds) {
      touch(seed.film).residual += seed.weight;
      s_.queue.push_back(seed.film);  // every seed is pushed at least once, however light
    }
    const double alpha = o_.ppr_alpha;
    for (std::size_t head = 0; head < s_.queue.size(); ++head) {
      const VertexId u = s_.queue[head];
      Cell& cu = cells_[u];
      const double r = cu.residual;
      if (!(r > 0.0)) continue;  // a light seed queued a second time, already pushed
      cu.residual = 0.0;
      const bool film = g_.is_film(u);
      if (film) cu.value += alpha * r;

      // Gathered through raw pointers into buffers as long as the vertex's
      // links: push_back here would make the compiler reload every pointer
      // after each store.
      const std::size_t links = boost::out_degree(u, g_.csr());
      if (s_.neighbours.size() < links) {
        s_.neighbours.resize(links);
        s_.link_weights.resize(links);
      }
      VertexId* const neighbours = s_.neighbours.data();
      double* const link_weights = s_.link_weights.data();
      std::size_t count = 0;
      double total = 0.0;
      for_each_weighted_neighbour(g_, u, o_, [&](const WeightedEntity& n) {
        const double a = n.weight * (film ? touch(n.entity).hub : cu.hub);
        neighbours[count] = n.entity;
        link_weights[count] = a;
        ++count;
        total += a;
      });
      if (!(total > 0.0)) {
        // A seed with no allowed links: the walk stays put, so all its mass
        // is its own. (Any other vertex has the link its mass came by.)
        if (film) cu.value += (1.0 - alpha) * r;
        continue;
      }
      const double per_weight = (1.0 - alpha) * r / total;
      if (!film) cu.value += per_weight;
      for (std::size_t i = 0; i < count; ++i) {
        // An entity's films are scattered over the cells: ask for the ones a
        // few steps ahead while this one is updated.
        if (i + kPrefetchAhead < count) {
          prefetch(&cells_[neighbours[i + kPrefetchAhead]]);
          // A vertex touched for the first time reads its number of links.
          g_.prefetch_offsets(neighbours[i + kPrefetchAhead]);
        }
        const VertexId v = neighbours[i];
        Cell& cv = touch(v);
        const double before = cv.residual;
        cv.residual += per_weight * link_weights[i];
        // Queued when it crosses the threshold: until it is pushed (and its
        // residual zeroed) it cannot cross again, so it is never queued twice.
        if (before < cv.threshold && cv.residual >= cv.threshold) s_.queue.push_back(v);
      }
    }
  }

  // The PageRank estimate of a film.
  double estimate(VertexId f) const { return cells_[f].value; }
  // How much of the walk went from entity e to film f over a link of
  // relation weight w: the mass e spread per unit of link weight, times the
  // link's weight w h(e).
  double inflow(VertexId e, double w) const { return cells_[e].value * w * cells_[e].hub; }
  const std::vector<VertexId>& touched() const { return s_.touched; }

 private:
  Cell& touch(VertexId v) {
    Cell& c = cells_[v];
    if (c.threshold == 0.0) {
      s_.touched.push_back(v);  // first: the destructor must know every vertex it has to reset
      const auto links = std::max<std::size_t>(boost::out_degree(v, g_.csr()), 1);
      c.threshold = o_.ppr_epsilon * static_cast<double>(links);
      if (!g_.is_film(v)) c.hub = hub_factor(g_, v, o_);
    }
    return c;
  }

  const FilmGraph& g_;
  const SeeAlsoOptions& o_;
  PushScratch& s_;
  Cell* cells_;
};

}  // namespace

SeeAlsoResult ppr_see_also(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o) {
  SeeAlsoResult result;
  Push push(g, o);
  push.run(q);

  FilmMarks restricted(g.film_count());
  if (!o.restrict_to.empty()) mark_restricted(g, q, o, restricted);
  Ranked ranked;
  for (VertexId f : push.touched()) {
    if (!g.is_film(f) || !(push.estimate(f) > 0.0) || q.is_seed(f)) continue;
    if (o.restrict_to.empty() ? !year_allowed(g, f, o) : !restricted.marked(f)) continue;
    if (o.exclude_same_director && q.shares_director(g, f)) continue;
    ranked.emplace_back(push.estimate(f) / popularity_penalty(g, f, o, q.popularity_beta), f);
  }
  result.candidates_scored = ranked.size();
  const std::vector<VertexId> chosen = choose(g, ranked, o);

  std::vector<Term> terms;
  for (VertexId f : chosen) {
    terms.clear();
    for_each_weighted_neighbour(g, f, o, [&](const WeightedEntity& e) {
      const double inflow = push.inflow(e.entity, e.weight);
      if (!(inflow > 0.0)) return;
      const WeightedEntity* seed_side = q.find(e.entity);
      terms.push_back({e.entity, seed_side ? static_cast<std::uint8_t>(seed_side->relation) : kNoRelationCode,
                       static_cast<std::uint8_t>(e.relation), inflow});
    });
    append_film(result, f, push.estimate(f) / popularity_penalty(g, f, o, q.popularity_beta), terms);
  }
  return result;
}

}  // namespace reelgraph::detail
