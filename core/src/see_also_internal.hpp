// What the see_also methods share: the weighted view of a link, the query
// built from the seeds, per-thread film marks, and the final choice and
// explanation of the results. Internal to the core; not installed.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "reelgraph/graph.hpp"
#include "reelgraph/see_also.hpp"

namespace reelgraph::detail {

// One film-entity link as scoring sees it: the strongest relation joining the
// two under the options' mask and weights.
struct WeightedEntity {
  VertexId entity;  // the vertex at the other end (a film, seen from an entity)
  double weight;
  Relation relation;
  // Every allowed relation joining the two (a director who also wrote): what
  // role-aware scoring compares.
  RelationMask roles = 0;
};

// Whether a shared entity counts in full or as a cross-role match: a person or
// company the query reaches in one set of roles and the candidate in another
// (an editor here, the director there) says less than the same role.
inline bool kind_has_roles(NodeKind kind) { return kind == NodeKind::person || kind == NodeKind::company; }
inline double role_factor(const FilmGraph& g, VertexId entity, RelationMask query_roles, RelationMask film_roles,
                          const SeeAlsoOptions& o) {
  if (o.cross_role >= 1.0 || (query_roles & film_roles) || !kind_has_roles(g.kind(entity))) return 1.0;
  return o.cross_role;
}

// Calls fn(WeightedEntity) once per film-entity neighbour of v joined through
// an allowed relation of positive weight: a film's entities, or an entity's
// films (links between entities, part_of, are not followed). links() are
// sorted by target, so the several roles joining two vertices (director and
// producer) are adjacent.
template <class Fn>
void for_each_weighted_neighbour(const FilmGraph& g, VertexId v, const SeeAlsoOptions& o, Fn&& fn) {
  const bool from_film = g.is_film(v);
  WeightedEntity current{kNoVertex, 0.0, Relation::part_of, 0};
  for (const auto& e : g.links(v)) {
    const Link l = g.link(e);
    if (!from_film && !g.is_film(l.target)) continue;
    if (!(o.relations & relation_bit(l.relation))) continue;
    const double w = o.weights[l.relation];
    if (!(w > 0.0)) continue;
    if (l.target != current.entity) {
      if (current.entity != kNoVertex) fn(current);
      current = {l.target, w, l.relation, relation_bit(l.relation)};
    } else {
      current.roles |= relation_bit(l.relation);
      if (w > current.weight) {
        current.weight = w;
        current.relation = l.relation;
      }
    }
  }
  if (current.entity != kNoVertex) fn(current);
}

// h(e) for an entity linked to `degree` films.
inline double hub_factor(HubWeighting weighting, std::uint32_t degree, std::size_t films) {
  const double d = std::max<std::uint32_t>(degree, 1);
  switch (weighting) {
    case HubWeighting::none: return 1.0;
    case HubWeighting::resource_allocation: return 1.0 / d;
    case HubWeighting::adamic_adar: return 1.0 / std::log1p(d);
    case HubWeighting::idf: return std::log1p(static_cast<double>(films) / d);
  }
  return 1.0;
}

inline double hub_factor(const FilmGraph& g, VertexId entity, const SeeAlsoOptions& o) {
  return hub_factor(o.hub_weighting, g.film_degree(entity), g.film_count());
}

// What every method needs to know of the seeds.
struct Query {
  std::vector<Seed> seeds;  // distinct films, sorted, weights summing to 1
  // The seeds' entities, sorted by entity: weight is the seed-weighted sum of
  // the seeds' weights for it, relation the strongest seed link's.
  std::vector<WeightedEntity> entities;
  std::vector<VertexId> directors;  // of any seed, sorted
  double popularity_beta = 0.0;

  bool is_seed(VertexId f) const;
  bool shares_director(const FilmGraph& g, VertexId f) const;
  // The query entity for `entity`, or nullptr.
  const WeightedEntity* find(VertexId entity) const;
};

// popularity(f)^beta, the divisor of a film's score (1 when beta is 0).
// Throws std::invalid_argument for a negative or non-finite popularity.
double popularity_penalty(const FilmGraph& g, VertexId f, const SeeAlsoOptions& o, double beta);

bool year_allowed(const FilmGraph& g, VertexId f, const SeeAlsoOptions& o);

// Films marked by one query, on a per-thread array of marks. The marks are all
// zero between queries: the destructor clears the ones this query set, even
// when it leaves by an exception, so no query pays O(films) for them. One
// FilmMarks per thread at a time.
class FilmMarks {
 public:
  explicit FilmMarks(std::size_t films);
  ~FilmMarks();
  FilmMarks(const FilmMarks&) = delete;
  FilmMarks& operator=(const FilmMarks&) = delete;

  bool marked(VertexId f) const { return marks_[f] != 0; }
  void mark(VertexId f) {
    if (marks_[f]) return;
    films_.push_back(f);  // first: a mark is only set once the destructor knows it
    marks_[f] = 1;
  }
  const std::vector<VertexId>& films() const { return films_; }
  void prefetch(VertexId f) const { __builtin_prefetch(marks_.data() + f); }

 private:
  std::vector<std::uint8_t>& marks_;
  std::vector<VertexId>& films_;
};

// Marks the films linked to the restrict_to vertices (any relation) that pass
// the year bounds and are not seeds.
void mark_restricted(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o, FilmMarks& marks);

// One line of an explanation before scaling: an entity and its raw share.
struct Term {
  VertexId entity;
  std::uint8_t query_relation;  // a Relation, or kNoRelationCode
  std::uint8_t film_relation;
  double raw;
};

// (score, film) pairs of films that passed every filter.
using Ranked = std::vector<std::pair<double, VertexId>>;

// The k best of `ranked` (reordering it), at most max_per_director by any one
// director. Best first; ties broken by vertex id so the order never depends on
// the traversal.
std::vector<VertexId> choose(const FilmGraph& g, Ranked& ranked, const SeeAlsoOptions& o);

// Appends a film with its score and its terms, scaled so that they sum to the
// score, merged when one entity appears twice with the same relations, largest
// first. Reorders `terms`.
// `padded`: the film was found only through the hub walk of a short list.
void append_film(SeeAlsoResult& result, VertexId film, double score, std::vector<Term>& terms, bool padded = false);

// Methods that score one candidate exactly from the query's entities. score()
// returns the final score (0 or less: not related) and, when `terms` is given,
// appends the raw terms whose sum the score is proportional to.

class CooccurrenceScorer {
 public:
  CooccurrenceScorer(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o);
  double score(VertexId f, std::vector<Term>* terms) const;

 private:
  const FilmGraph& g_;
  const Query& q_;
  const SeeAlsoOptions& o_;
  double q_norm2_ = 0.0;
  // Aligned with q.entities: the entity's hub factor, looked up once per query
  // rather than once per candidate (a random read of the degree array each).
  std::vector<double> q_hub_;
};

class PathSimScorer {
 public:
  PathSimScorer(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o);
  double score(VertexId f, std::vector<Term>* terms) const;

  struct TypedLink {
    VertexId entity;
    Relation relation;
    double h;
    bool operator<(const TypedLink& other) const {
      return entity < other.entity || (entity == other.entity && relation < other.relation);
    }
  };

 private:
  struct SeedPaths {
    double weight;
    std::size_t first, last;  // its links in links_
    std::array<double, kRelationCount> self{};  // M_r(s, s)
  };
  const FilmGraph& g_;
  const Query& q_;
  const SeeAlsoOptions& o_;
  std::vector<TypedLink> links_;
  std::vector<SeedPaths> seeds_;
  mutable std::vector<TypedLink> candidate_;  // reused for every candidate
};

class Rp3Scorer {
 public:
  Rp3Scorer(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o);
  double score(VertexId f, std::vector<Term>* terms) const;

 private:
  const FilmGraph& g_;
  const Query& q_;
  const SeeAlsoOptions& o_;
  // Aligned with q.entities: sum_s weight_s P(s -> e)^alpha, and the total
  // weight of e's film links (P(e -> f) = w_f(e) / that).
  std::vector<double> reach_;
  std::vector<double> out_weight_;
};

SeeAlsoResult ppr_see_also(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o);

}  // namespace reelgraph::detail
