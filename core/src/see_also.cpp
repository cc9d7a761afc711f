#include "reelgraph/see_also.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

namespace reelgraph {
namespace {

// One entity of a film as scoring sees it: its strongest relation under the
// options' mask and weights.
struct WeightedEntity {
  VertexId entity;
  double weight;
  Relation relation;
};

// Calls fn(WeightedEntity) once per entity the film links to through an
// allowed relation of positive weight. links() are sorted by target, so the
// several roles a film gives one entity (director and producer) are adjacent.
template <class Fn>
void for_each_weighted_entity(const FilmGraph& g, VertexId film, const SeeAlsoOptions& o, Fn&& fn) {
  WeightedEntity current{kNoVertex, 0.0, Relation::part_of};
  for (const auto& e : g.links(film)) {
    const Link l = g.link(e);
    if (!(o.relations & relation_bit(l.relation))) continue;
    const double w = o.weights[l.relation];
    if (!(w > 0.0)) continue;
    if (l.target != current.entity) {
      if (current.entity != kNoVertex) fn(current);
      current = {l.target, w, l.relation};
    } else if (w > current.weight) {
      current.weight = w;
      current.relation = l.relation;
    }
  }
  if (current.entity != kNoVertex) fn(current);
}

double hub_factor(HubWeighting weighting, std::uint32_t degree, std::size_t films) {
  const double d = std::max<std::uint32_t>(degree, 1);
  switch (weighting) {
    case HubWeighting::none: return 1.0;
    case HubWeighting::resource_allocation: return 1.0 / d;
    case HubWeighting::adamic_adar: return 1.0 / std::log1p(d);
    case HubWeighting::idf: return std::log1p(static_cast<double>(films) / d);
  }
  return 1.0;
}

double normalise(Normalization n, double dot, double q_norm2, double f_norm2) {
  switch (n) {
    case Normalization::none: return dot;
    case Normalization::cosine: return dot / std::sqrt(q_norm2 * f_norm2);
    case Normalization::pathsim: return 2.0 * dot / (q_norm2 + f_norm2);
  }
  return dot;
}

struct Term {
  VertexId entity;
  Relation query_relation;
  Relation film_relation;
  double raw;
};

// h(e), from a plan's table when there is one, else computed on the spot (the
// same function, so the same bits either way).
struct HubWeights {
  const FilmGraph& g;
  const SeeAlsoOptions& o;
  const double* table;  // h of vertex film_count() + i, or null
  double operator()(VertexId entity) const {
    return table ? table[entity - g.film_count()]
                 : hub_factor(o.hub_weighting, g.film_degree(entity), g.film_count());
  }
};

}  // namespace

struct SeeAlsoScratch::Buffers {
  // Candidate marks, all zero between searches.
  std::vector<std::uint8_t> marked;
  std::vector<VertexId> candidates;
  // The query film: its entities sorted by entity, its directors sorted.
  std::vector<WeightedEntity> entities;
  std::vector<VertexId> directors;
  double norm2 = 0.0;
  std::vector<std::pair<double, VertexId>> ranked;
  std::vector<VertexId> chosen;
  std::vector<Term> terms;
  std::vector<VertexId> film_directors;
  std::unordered_map<VertexId, std::uint32_t> per_director;
};

SeeAlsoScratch::SeeAlsoScratch() : buffers_(std::make_unique<Buffers>()) {}
SeeAlsoScratch::~SeeAlsoScratch() = default;
SeeAlsoScratch::SeeAlsoScratch(SeeAlsoScratch&&) noexcept = default;
SeeAlsoScratch& SeeAlsoScratch::operator=(SeeAlsoScratch&&) noexcept = default;

namespace {

using Buffers = SeeAlsoScratch::Buffers;

// The exact score of one candidate; when `terms` is given, the shared entities
// with their raw contributions too. Returns a negative score for a candidate
// that a filter rules out.
double score_candidate(const FilmGraph& g, const Buffers& q, VertexId f, const SeeAlsoOptions& o,
                       const HubWeights& hub, std::vector<Term>* terms) {
  if (o.exclude_same_director && !q.directors.empty()) {
    for (const auto& e : g.links(f)) {
      const Link l = g.link(e);
      if (l.relation == Relation::directed_by &&
          std::binary_search(q.directors.begin(), q.directors.end(), l.target))
        return -1.0;
    }
  }
  double dot = 0.0;
  double f_norm2 = 0.0;
  std::size_t qi = 0;
  const std::size_t qn = q.entities.size();
  for_each_weighted_entity(g, f, o, [&](const WeightedEntity& fe) {
    const double h = hub(fe.entity);
    f_norm2 += fe.weight * fe.weight * h;
    // Both lists are sorted by entity: advance the query side to meet it.
    while (qi < qn && q.entities[qi].entity < fe.entity) ++qi;
    if (qi < qn && q.entities[qi].entity == fe.entity) {
      const double raw = q.entities[qi].weight * fe.weight * h;
      dot += raw;
      if (terms) terms->push_back({fe.entity, q.entities[qi].relation, fe.relation, raw});
    }
  });
  if (!(dot > 0.0)) return 0.0;
  return normalise(o.normalization, dot, q.norm2, f_norm2);
}

bool year_allowed(const FilmGraph& g, VertexId f, const SeeAlsoOptions& o) {
  if (o.min_year == 0 && o.max_year == 0) return true;
  const int y = g.year(f);
  if (y == 0) return false;
  return (o.min_year == 0 || y >= o.min_year) && (o.max_year == 0 || y <= o.max_year);
}

void validate_film(const FilmGraph& g, VertexId film) {
  if (film >= g.vertex_count() || !g.is_film(film))
    throw std::invalid_argument("vertex " + std::to_string(film) + " is not a film");
}

void validate_options(const FilmGraph& g, const SeeAlsoOptions& o) {
  for (std::size_t r = 0; r < kRelationCount; ++r) {
    const double w = o.weights.weight[r];
    if (!std::isfinite(w) || w < 0.0)
      throw std::invalid_argument("weight of relation '" +
                                  std::string(to_string(static_cast<Relation>(r))) +
                                  "' must be finite and not negative");
  }
  if (o.min_year != 0 && o.max_year != 0 && o.min_year > o.max_year)
    throw std::invalid_argument("min_year " + std::to_string(o.min_year) + " is after max_year " +
                                std::to_string(o.max_year));
  for (VertexId v : o.restrict_to)
    if (v >= g.vertex_count())
      throw std::invalid_argument("restrict_to names vertex " + std::to_string(v) +
                                  ", which is not in the graph");
}

}  // namespace

RelationWeights RelationWeights::defaults() {
  RelationWeights w;
  w[Relation::directed_by] = 1.0;
  w[Relation::written_by] = 0.7;
  w[Relation::produced_by] = 0.6;
  w[Relation::cast] = 0.5;
  w[Relation::shot_by] = 0.5;
  w[Relation::edited_by] = 0.4;
  w[Relation::music_by] = 0.4;
  w[Relation::crew] = 0.2;
  w[Relation::production_company] = 0.7;
  w[Relation::world_sales] = 0.3;
  w[Relation::distributor] = 0.2;
  w[Relation::screened_in] = 0.6;
  w[Relation::screened_at] = 0.3;
  w[Relation::festival] = 0.1;
  w[Relation::awarded] = 0.3;
  w[Relation::nominated] = 0.2;
  w[Relation::country] = 0.2;
  w[Relation::language] = 0.15;
  w[Relation::genre] = 0.25;
  w[Relation::keyword] = 0.3;
  w[Relation::part_of] = 0.0;
  return w;
}

std::uint32_t hub_threshold(const FilmGraph& graph, const SeeAlsoOptions& options) {
  if (options.hub_degree != 0) return options.hub_degree;
  const double auto_cap = 2.0 * std::sqrt(static_cast<double>(graph.film_count()));
  return std::max<std::uint32_t>(200, static_cast<std::uint32_t>(auto_cap));
}

namespace {

// One search: appends film's list to `out`, with all working memory in `s`.
void search(const FilmGraph& g, const SeeAlsoOptions& o, const HubWeights& hub, VertexId film, Buffers& s,
            SeeAlsoResult& out) {
  if (out.term_offsets.empty()) out.term_offsets.push_back(0);
  if (o.k == 0) return;

  Buffers& q = s;
  q.entities.clear();
  q.directors.clear();
  q.norm2 = 0.0;
  for_each_weighted_entity(g, film, o, [&](const WeightedEntity& e) {
    q.entities.push_back(e);
    q.norm2 += e.weight * e.weight * hub(e.entity);
  });
  for (const auto& e : g.links(film)) {
    const Link l = g.link(e);
    if (l.relation == Relation::directed_by) q.directors.push_back(l.target);
  }
  std::sort(q.directors.begin(), q.directors.end());
  q.directors.erase(std::unique(q.directors.begin(), q.directors.end()), q.directors.end());

  // Candidates: every film reached through one entity, marked once. The marks
  // are all zero between queries; the guard clears the ones this query set,
  // even when it leaves by an exception, so no query pays O(films) for them.
  if (s.marked.size() < g.film_count()) s.marked.resize(g.film_count(), 0);
  s.candidates.clear();
  struct ClearMarks {
    Buffers& s;
    ~ClearMarks() {
      for (VertexId c : s.candidates) s.marked[c] = 0;
    }
  } clear_marks{s};
  const auto mark_films_of = [&](VertexId entity, bool any_relation) {
    for (const auto& e : g.links(entity)) {
      const Link l = g.link(e);
      if (!g.is_film(l.target) || l.target == film || s.marked[l.target]) continue;
      if (!any_relation && (!(o.relations & relation_bit(l.relation)) || !(o.weights[l.relation] > 0.0)))
        continue;
      if (!year_allowed(g, l.target, o)) continue;
      s.candidates.push_back(l.target);  // first: a mark is only set once the guard knows it
      s.marked[l.target] = 1;
    }
  };

  // Exact scores of the candidates from `first` on; a film a filter rules out
  // scores 0 and is not kept.
  auto& ranked = s.ranked;
  ranked.clear();
  const auto score_from = [&](std::size_t first) {
    for (std::size_t i = first; i < s.candidates.size(); ++i) {
      const double score = score_candidate(g, q, s.candidates[i], o, hub, nullptr);
      if (score > 0.0) ranked.emplace_back(score, s.candidates[i]);
    }
  };
  // Best first; ties broken by vertex id so the order never depends on the
  // traversal.
  const auto better = [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  auto& chosen = s.chosen;
  const auto choose = [&] {
    chosen.clear();
    if (o.max_per_director == 0) {
      const std::size_t take = std::min(o.k, ranked.size());
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(take), ranked.end(), better);
      for (std::size_t i = 0; i < take; ++i) chosen.push_back(ranked[i].second);
      return;
    }
    std::sort(ranked.begin(), ranked.end(), better);
    auto& per_director = s.per_director;
    per_director.clear();
    auto& directors = s.film_directors;
    for (const auto& [score, f] : ranked) {
      if (chosen.size() == o.k) break;
      directors.clear();
      for (const auto& e : g.links(f)) {
        const Link l = g.link(e);
        if (l.relation == Relation::directed_by) directors.push_back(l.target);
      }
      const bool full = std::any_of(directors.begin(), directors.end(), [&](VertexId d) {
        return per_director[d] >= o.max_per_director;
      });
      if (full) continue;
      for (VertexId d : directors) ++per_director[d];
      chosen.push_back(f);
    }
  };

  if (!o.restrict_to.empty()) {
    for (VertexId v : o.restrict_to) mark_films_of(v, true);
    score_from(0);
    choose();
  } else {
    const std::uint32_t cap = hub_threshold(g, o);
    for (const auto& e : q.entities)
      if (g.film_degree(e.entity) <= cap) mark_films_of(e.entity, false);
    score_from(0);
    choose();
    // Short of k films once the filters have had their say: walk the hubs too.
    if (chosen.size() < o.k && o.expand_hubs_when_short) {
      const std::size_t before = s.candidates.size();
      for (const auto& e : q.entities)
        if (g.film_degree(e.entity) > cap) mark_films_of(e.entity, false);
      if (s.candidates.size() > before) {
        score_from(before);
        choose();
      }
    }
  }
  out.candidates_scored += s.candidates.size();

  // Explanations for the chosen films only.
  auto& terms = s.terms;
  for (VertexId f : chosen) {
    terms.clear();
    const double score = score_candidate(g, q, f, o, hub, &terms);
    const double scale = terms.empty() ? 0.0 : [&] {
      double dot = 0.0;
      for (const auto& t : terms) dot += t.raw;
      return score / dot;
    }();
    std::sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
      return a.raw > b.raw || (a.raw == b.raw && a.entity < b.entity);
    });
    out.films.push_back(f);
    out.scores.push_back(score);
    for (const auto& t : terms) {
      out.term_entity.push_back(t.entity);
      out.term_query_relation.push_back(static_cast<std::uint8_t>(t.query_relation));
      out.term_film_relation.push_back(static_cast<std::uint8_t>(t.film_relation));
      out.term_contribution.push_back(t.raw * scale);
    }
    out.term_offsets.push_back(static_cast<std::uint32_t>(out.term_entity.size()));
  }
}

}  // namespace

SeeAlsoResult see_also(const FilmGraph& g, VertexId film, const SeeAlsoOptions& o) {
  validate_film(g, film);
  validate_options(g, o);
  // One query costs no allocation proportional to the graph once the thread
  // has run a query on a graph of that size.
  thread_local SeeAlsoScratch scratch;
  SeeAlsoResult result;
  search(g, o, HubWeights{g, o, nullptr}, film, scratch.buffers(), result);
  return result;
}

SeeAlsoPlan::SeeAlsoPlan(const FilmGraph& graph, SeeAlsoOptions options)
    : graph_(&graph), options_(std::move(options)) {
  validate_options(graph, options_);
  entity_hub_.resize(graph.vertex_count() - graph.film_count());
  for (std::size_t i = 0; i < entity_hub_.size(); ++i)
    entity_hub_[i] = hub_factor(options_.hub_weighting,
                                graph.film_degree(static_cast<VertexId>(graph.film_count() + i)), graph.film_count());
}

void SeeAlsoPlan::append(VertexId film, SeeAlsoScratch& scratch, SeeAlsoResult& out) const {
  validate_film(*graph_, film);
  search(*graph_, options_, HubWeights{*graph_, options_, entity_hub_.data()}, film, scratch.buffers(), out);
}

void clear(SeeAlsoResult& r) {
  r.films.clear();
  r.scores.clear();
  r.term_offsets.assign(1, 0);
  r.term_entity.clear();
  r.term_query_relation.clear();
  r.term_film_relation.clear();
  r.term_contribution.clear();
  r.candidates_scored = 0;
}

}  // namespace reelgraph
