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

#include "see_also_internal.hpp"

namespace reelgraph::detail {
namespace {

// Per-thread arrays sized to the graph, all zero between queries: a query
// resets only the vertices it touched.
struct PushScratch {
  std::vector<double> residual;
  // Films: the PageRank estimate. Entities: the mass spread per unit of link
  // weight, for the explanation.
  std::vector<double> value;
  std::vector<std::uint8_t> state;  // kQueued | kTouched
  std::vector<VertexId> touched;
  std::vector<VertexId> queue;  // FIFO from queue_head
  // One vertex's weighted neighbours while it is pushed.
  std::vector<VertexId> neighbours;
  std::vector<double> link_weights;
};
thread_local PushScratch push_scratch;

constexpr std::uint8_t kQueued = 1;
constexpr std::uint8_t kTouched = 2;

class Push {
 public:
  Push(const FilmGraph& g, const SeeAlsoOptions& o) : g_(g), o_(o), s_(push_scratch) {
    const std::size_t n = g.vertex_count();
    if (s_.residual.size() < n) {
      s_.residual.resize(n, 0.0);
      s_.value.resize(n, 0.0);
      s_.state.resize(n, 0);
    }
    s_.touched.clear();
    s_.queue.clear();
  }
  ~Push() {
    for (VertexId v : s_.touched) {
      s_.residual[v] = 0.0;
      s_.value[v] = 0.0;
      s_.state[v] = 0;
    }
    s_.touched.clear();
    s_.queue.clear();
  }
  Push(const Push&) = delete;
  Push& operator=(const Push&) = delete;

  void run(const Query& q) {
    for (const auto& seed : q.seeds) {
      add_residual(seed.film, seed.weight);
      enqueue(seed.film);  // every seed is pushed at least once, however light
    }
    const double alpha = o_.ppr_alpha;
    for (std::size_t head = 0; head < s_.queue.size(); ++head) {
      const VertexId u = s_.queue[head];
      s_.state[u] &= static_cast<std::uint8_t>(~kQueued);
      const double r = s_.residual[u];
      s_.residual[u] = 0.0;
      const bool film = g_.is_film(u);
      if (film) s_.value[u] += alpha * r;

      s_.neighbours.clear();
      s_.link_weights.clear();
      double total = 0.0;
      const double entity_h = film ? 0.0 : hub_factor(g_, u, o_);
      for_each_weighted_neighbour(g_, u, o_, [&](const WeightedEntity& n) {
        const double a = n.weight * (film ? hub_factor(g_, n.entity, o_) : entity_h);
        s_.neighbours.push_back(n.entity);
        s_.link_weights.push_back(a);
        total += a;
      });
      if (!(total > 0.0)) {
        // A seed with no allowed links: the walk stays put, so all its mass
        // is its own. (Any other vertex has the link its mass came by.)
        if (film) s_.value[u] += (1.0 - alpha) * r;
        continue;
      }
      const double per_weight = (1.0 - alpha) * r / total;
      if (!film) s_.value[u] += per_weight;
      for (std::size_t i = 0; i < s_.neighbours.size(); ++i) {
        const VertexId v = s_.neighbours[i];
        add_residual(v, per_weight * s_.link_weights[i]);
        if (!(s_.state[v] & kQueued) && s_.residual[v] >= o_.ppr_epsilon * links(v)) enqueue(v);
      }
    }
  }

  double value(VertexId v) const { return s_.value[v]; }
  const std::vector<VertexId>& touched() const { return s_.touched; }

 private:
  double links(VertexId v) const { return static_cast<double>(boost::out_degree(v, g_.csr())); }
  void add_residual(VertexId v, double mass) {
    if (!(s_.state[v] & kTouched)) {
      s_.touched.push_back(v);  // first: the destructor must know every vertex it has to reset
      s_.state[v] |= kTouched;
    }
    s_.residual[v] += mass;
  }
  void enqueue(VertexId v) {
    if (s_.state[v] & kQueued) return;
    s_.state[v] |= kQueued;
    s_.queue.push_back(v);
  }

  const FilmGraph& g_;
  const SeeAlsoOptions& o_;
  PushScratch& s_;
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
    if (!g.is_film(f) || !(push.value(f) > 0.0) || q.is_seed(f)) continue;
    if (o.restrict_to.empty() ? !year_allowed(g, f, o) : !restricted.marked(f)) continue;
    if (o.exclude_same_director && q.shares_director(g, f)) continue;
    ranked.emplace_back(push.value(f) / popularity_penalty(g, f, o, q.popularity_beta), f);
  }
  result.candidates_scored = ranked.size();
  const std::vector<VertexId> chosen = choose(g, ranked, o);

  std::vector<Term> terms;
  for (VertexId f : chosen) {
    terms.clear();
    for_each_weighted_neighbour(g, f, o, [&](const WeightedEntity& e) {
      const double inflow = push.value(e.entity) * e.weight * hub_factor(g, e.entity, o);
      if (!(inflow > 0.0)) return;
      const WeightedEntity* seed_side = q.find(e.entity);
      terms.push_back({e.entity, seed_side ? static_cast<std::uint8_t>(seed_side->relation) : kNoRelationCode,
                       static_cast<std::uint8_t>(e.relation), inflow});
    });
    append_film(result, f, push.value(f) / popularity_penalty(g, f, o, q.popularity_beta), terms);
  }
  return result;
}

}  // namespace reelgraph::detail
