// The candidate scorers of the pathsim and rp3beta methods (cooccurrence's is
// in see_also.cpp, next to the search they share).
#include <array>
#include <cmath>
#include <optional>

#include "see_also_internal.hpp"

namespace reelgraph::detail {

// ------------------------------------------------------------ pathsim
//
// For the meta-path film -r- entity -r- film, the commuting matrix counts
// path instances, each weighted by h(e): M_r(a, b) = sum of h(e) over the
// entities both a and b link to by r. PathSim_r(a, b) = 2 M_r(a, b) /
// (M_r(a, a) + M_r(b, b)); the score is sum_r w_r PathSim_r(seed, f), and for
// several seeds the seed-weighted mean of that. One path instance, one term:
// w_r 2 h(e) / (M_r(seed, seed) + M_r(f, f)).

PathSimScorer::PathSimScorer(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o) : g_(g), q_(q), o_(o) {
  for (const auto& s : q.seeds) {
    SeedPaths paths{s.weight, links_.size(), 0, {}};
    // links() are sorted by target then relation: so is links_ per seed.
    for (const auto& e : g.links(s.film)) {
      const Link l = g.link(e);
      if (!(o.relations & relation_bit(l.relation)) || !(o.weights[l.relation] > 0.0)) continue;
      const double h = hub_factor(g, l.target, o);
      links_.push_back({l.target, l.relation, h});
      paths.self[static_cast<std::size_t>(l.relation)] += h;
    }
    paths.last = links_.size();
    seeds_.push_back(paths);
  }
}

double PathSimScorer::score(VertexId f, std::vector<Term>* terms) const {
  std::array<double, kRelationCount> self{};  // M_r(f, f)
  candidate_.clear();
  for (const auto& e : g_.links(f)) {
    const Link l = g_.link(e);
    if (!(o_.relations & relation_bit(l.relation)) || !(o_.weights[l.relation] > 0.0)) continue;
    const double h = hub_factor(g_, l.target, o_);
    candidate_.push_back({l.target, l.relation, h});
    self[static_cast<std::size_t>(l.relation)] += h;
  }
  double total = 0.0;
  for (const auto& seed : seeds_) {
    // Both lists are sorted by (entity, relation): walk them together.
    auto s = links_.begin() + static_cast<std::ptrdiff_t>(seed.first);
    const auto s_end = links_.begin() + static_cast<std::ptrdiff_t>(seed.last);
    for (const auto& c : candidate_) {
      while (s != s_end && *s < c) ++s;
      if (s == s_end) break;
      if (s->entity != c.entity || s->relation != c.relation) continue;
      const auto r = static_cast<std::size_t>(c.relation);
      const double share = seed.weight * o_.weights[c.relation] * 2.0 * c.h / (seed.self[r] + self[r]);
      total += share;
      if (terms)
        terms->push_back({c.entity, static_cast<std::uint8_t>(c.relation), static_cast<std::uint8_t>(c.relation), share});
    }
  }
  if (!(total > 0.0)) return 0.0;
  return total / popularity_penalty(g_, f, o_, q_.popularity_beta);
}

// ------------------------------------------------------------ rp3beta
//
// The walk moves from a film to one of its entities with probability
// proportional to w(e) h(e), and from an entity to one of its films with
// probability proportional to that film's w(e) (h(e) is the same for all of
// them). The score of f is sum_e P(seed -> e)^alpha P(e -> f)^alpha, over the
// seeds by weight, divided by popularity(f)^beta; one entity, one term.

namespace {
double power(double x, double alpha) { return alpha == 1.0 ? x : std::pow(x, alpha); }

// The one relation by which films link to entities of a kind, for the kinds
// only one relation reaches (a country, a genre, a festival edition...).
std::optional<Relation> only_relation_to(NodeKind kind) {
  std::optional<Relation> only;
  for (std::size_t i = 0; i < kRelationCount; ++i) {
    const auto r = static_cast<Relation>(i);
    if (r == Relation::part_of || target_kind(r) != kind) continue;
    if (only) return std::nullopt;
    only = r;
  }
  return only;
}

// The total relation weight of an entity's film links. For a kind only one
// relation reaches it is that weight times the entity's films, with no scan of
// the links: those kinds hold the hubs.
double film_link_weight(const FilmGraph& g, VertexId entity, const SeeAlsoOptions& o) {
  static const auto only = [] {
    std::array<std::optional<Relation>, kNodeKindCount> table;
    for (std::size_t k = 0; k < kNodeKindCount; ++k) table[k] = only_relation_to(static_cast<NodeKind>(k));
    return table;
  }();
  if (const auto r = only[static_cast<std::size_t>(g.kind(entity))]) {
    const bool allowed = (o.relations & relation_bit(*r)) && o.weights[*r] > 0.0;
    return allowed ? o.weights[*r] * g.film_degree(entity) : 0.0;
  }
  double total = 0.0;
  for_each_weighted_neighbour(g, entity, o, [&](const WeightedEntity& f) { total += f.weight; });
  return total;
}
}  // namespace

Rp3Scorer::Rp3Scorer(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o)
    : g_(g), q_(q), o_(o), reach_(q.entities.size(), 0.0), out_weight_(q.entities.size(), 0.0) {
  for (const auto& s : q.seeds) {
    double out = 0.0;
    for_each_weighted_neighbour(g, s.film, o, [&](const WeightedEntity& e) { out += e.weight * hub_factor(g, e.entity, o); });
    for_each_weighted_neighbour(g, s.film, o, [&](const WeightedEntity& e) {
      const auto i = static_cast<std::size_t>(q.find(e.entity) - q.entities.data());
      reach_[i] += s.weight * power(e.weight * hub_factor(g, e.entity, o) / out, o.rp3_alpha);
    });
  }
  for (std::size_t i = 0; i < q.entities.size(); ++i) out_weight_[i] = film_link_weight(g, q.entities[i].entity, o);
}

double Rp3Scorer::score(VertexId f, std::vector<Term>* terms) const {
  double total = 0.0;
  std::size_t qi = 0;
  const std::size_t qn = q_.entities.size();
  for_each_weighted_neighbour(g_, f, o_, [&](const WeightedEntity& fe) {
    while (qi < qn && q_.entities[qi].entity < fe.entity) ++qi;
    if (qi == qn || q_.entities[qi].entity != fe.entity) return;
    const double share = reach_[qi] * power(fe.weight / out_weight_[qi], o_.rp3_alpha);
    total += share;
    if (terms)
      terms->push_back({fe.entity, static_cast<std::uint8_t>(q_.entities[qi].relation),
                        static_cast<std::uint8_t>(fe.relation), share});
  });
  if (!(total > 0.0)) return 0.0;
  return total / popularity_penalty(g_, f, o_, q_.popularity_beta);
}

}  // namespace reelgraph::detail
