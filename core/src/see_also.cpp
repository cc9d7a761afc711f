#include "reelgraph/see_also.hpp"

#include <limits>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <functional>

#include "reelgraph/huge_pages.hpp"
#include "see_also_internal.hpp"

namespace reelgraph {
namespace detail {

// ------------------------------------------------------------ query

bool Query::is_seed(VertexId f) const {
  if (seeds.size() == 1) return seeds.front().film == f;
  return std::binary_search(seeds.begin(), seeds.end(), Seed{f, 0.0},
                            [](const Seed& a, const Seed& b) { return a.film < b.film; });
}

bool Query::shares_director(const FilmGraph& g, VertexId f) const {
  if (directors.empty()) return false;
  for (const auto& e : g.links(f)) {
    const Link l = g.link(e);
    if (l.relation == Relation::directed_by && std::binary_search(directors.begin(), directors.end(), l.target))
      return true;
  }
  return false;
}

const WeightedEntity* Query::find(VertexId entity) const {
  const auto it = std::lower_bound(entities.begin(), entities.end(), entity,
                                   [](const WeightedEntity& e, VertexId v) { return e.entity < v; });
  return it != entities.end() && it->entity == entity ? &*it : nullptr;
}

double popularity_penalty(const FilmGraph& g, VertexId f, const SeeAlsoOptions& o, double beta) {
  if (beta == 0.0) return 1.0;
  double popularity = static_cast<double>(boost::out_degree(f, g.csr()));
  if (!o.popularity.empty()) {
    popularity = o.popularity[f];
    if (!std::isfinite(popularity) || popularity < 0.0)
      throw std::invalid_argument("popularity of film " + std::to_string(f) + " is " + std::to_string(popularity) +
                                  "; it must be finite and not negative");
  }
  return std::pow(std::max(popularity, 1.0), beta);
}

bool year_allowed(const FilmGraph& g, VertexId f, const SeeAlsoOptions& o) {
  if (o.min_year == 0 && o.max_year == 0) return true;
  const int y = g.year(f);
  if (y == 0) return false;
  return (o.min_year == 0 || y >= o.min_year) && (o.max_year == 0 || y <= o.max_year);
}

// ------------------------------------------------------------ film marks

namespace {
struct MarkScratch {
  std::vector<std::uint8_t> marks;
  std::vector<VertexId> films;
};
thread_local MarkScratch mark_scratch;
}  // namespace

FilmMarks::FilmMarks(std::size_t films) : marks_(mark_scratch.marks), films_(mark_scratch.films) {
  if (marks_.size() < films) resize_on_huge_pages(marks_, films);
  films_.clear();
}

FilmMarks::~FilmMarks() {
  for (VertexId f : films_) marks_[f] = 0;
  films_.clear();
}

void mark_restricted(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o, FilmMarks& marks) {
  for (VertexId v : o.restrict_to)
    for (const auto& e : g.links(v)) {
      const VertexId f = g.link(e).target;
      if (g.is_film(f) && !q.is_seed(f) && year_allowed(g, f, o)) marks.mark(f);
    }
}

// ------------------------------------------------------------ results

std::vector<VertexId> choose(const FilmGraph& g, Ranked& ranked, const SeeAlsoOptions& o) {
  const auto better = [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  std::vector<VertexId> chosen;
  if (o.max_per_director == 0) {
    const std::size_t take = std::min(o.k, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(take), ranked.end(), better);
    for (std::size_t i = 0; i < take; ++i) chosen.push_back(ranked[i].second);
    return chosen;
  }
  std::sort(ranked.begin(), ranked.end(), better);
  std::unordered_map<VertexId, std::uint32_t> per_director;
  std::vector<VertexId> directors;
  for (const auto& [score, f] : ranked) {
    if (chosen.size() == o.k) break;
    directors.clear();
    for (const auto& e : g.links(f)) {
      const Link l = g.link(e);
      if (l.relation == Relation::directed_by) directors.push_back(l.target);
    }
    const bool full = std::any_of(directors.begin(), directors.end(),
                                  [&](VertexId d) { return per_director[d] >= o.max_per_director; });
    if (full) continue;
    for (VertexId d : directors) ++per_director[d];
    chosen.push_back(f);
  }
  return chosen;
}

void append_film(SeeAlsoResult& result, VertexId film, double score, std::vector<Term>& terms, bool padded) {
  double raw_sum = 0.0;
  for (const auto& t : terms) raw_sum += t.raw;
  const double scale = terms.empty() ? 0.0 : score / raw_sum;
  const auto same = [](const Term& a, const Term& b) {
    return a.entity == b.entity && a.query_relation == b.query_relation && a.film_relation == b.film_relation;
  };
  // One entity twice with the same relations (a seed set sharing it, under
  // pathsim) is one line.
  std::sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
    return std::tie(a.entity, a.query_relation, a.film_relation) < std::tie(b.entity, b.query_relation, b.film_relation);
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (kept > 0 && same(terms[kept - 1], terms[i]))
      terms[kept - 1].raw += terms[i].raw;
    else
      terms[kept++] = terms[i];
  }
  terms.resize(kept);
  std::sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
    return a.raw > b.raw || (a.raw == b.raw && std::tie(a.entity, a.film_relation, a.query_relation) <
                                                   std::tie(b.entity, b.film_relation, b.query_relation));
  });
  result.films.push_back(film);
  result.scores.push_back(score);
  result.padded.push_back(padded ? 1 : 0);
  for (const auto& t : terms) {
    result.term_entity.push_back(t.entity);
    result.term_query_relation.push_back(t.query_relation);
    result.term_film_relation.push_back(t.film_relation);
    result.term_contribution.push_back(t.raw * scale);
  }
  result.term_offsets.push_back(static_cast<std::uint32_t>(result.term_entity.size()));
}

// ------------------------------------------------------------ cooccurrence

namespace {
double normalise(Normalization n, double dot, double q_norm2, double f_norm2) {
  switch (n) {
    case Normalization::none: return dot;
    case Normalization::cosine: return dot / std::sqrt(q_norm2 * f_norm2);
    case Normalization::pathsim: return 2.0 * dot / (q_norm2 + f_norm2);
  }
  return dot;
}
}  // namespace

CooccurrenceScorer::CooccurrenceScorer(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o)
    : g_(g), q_(q), o_(o) {
  q_hub_.reserve(q.entities.size());
  for (const auto& e : q.entities) {
    q_hub_.push_back(hub_factor(g, e.entity, o));
    q_norm2_ += e.weight * e.weight * q_hub_.back();
  }
}

double CooccurrenceScorer::score(VertexId f, std::vector<Term>* terms) const {
  double dot = 0.0;
  double f_norm2 = 0.0;
  std::size_t qi = 0;
  const std::size_t qn = q_.entities.size();
  // Without normalisation the film's own norm is not needed, and so neither is
  // the hub factor of an entity the query does not share.
  const bool norm = o_.normalization != Normalization::none;
  for_each_weighted_neighbour(g_, f, o_, [&](const WeightedEntity& fe) {
    if (norm) f_norm2 += fe.weight * fe.weight * hub_factor(g_, fe.entity, o_);
    // Both lists are sorted by entity: advance the query side to meet it.
    while (qi < qn && q_.entities[qi].entity < fe.entity) ++qi;
    if (qi < qn && q_.entities[qi].entity == fe.entity) {
      const double raw = q_.entities[qi].weight * fe.weight * q_hub_[qi] *
                         role_factor(g_, fe.entity, q_.entities[qi].roles, fe.roles, o_);
      dot += raw;
      if (terms)
        terms->push_back({fe.entity, static_cast<std::uint8_t>(q_.entities[qi].relation),
                          static_cast<std::uint8_t>(fe.relation), raw});
    }
  });
  if (!(dot > 0.0)) return 0.0;
  return normalise(o_.normalization, dot, q_norm2_, f_norm2) / popularity_penalty(g_, f, o_, q_.popularity_beta);
}

// ------------------------------------------------------------ candidate search

namespace {

// Whether the default search may rank cooccurrence candidates by bounds
// first: the score must be a plain sum over shared entities (no norm of the
// candidate's own), and the top k must be the k best (no per-director cap, no
// filter that needs each candidate's links).
bool can_prune(const SeeAlsoOptions& o) {
  return o.prune_by_bounds && o.normalization == Normalization::none && !o.exclude_same_director;
}

namespace {
thread_local std::vector<double> partial_scratch;
thread_local std::vector<std::pair<double, VertexId>> survivor_scratch;
thread_local std::vector<std::pair<std::uint64_t, double>> signed_hub_scratch;
}

// Marks the films reached through the query's entities of at most `cap` films,
// as the plain search does, while summing each one's share from those
// entities. Every candidate then has a lower bound (that sum) and an upper
// bound (that sum plus the most the query's hubs could add) on its exact
// score. At least k candidates score at least the k-th largest lower bound,
// so a candidate whose upper bound is below it cannot be in the list: only
// the others are scored exactly (through the scorer, so scores and their
// explanations are those of the plain search, to the last bit).
//
// Returns the cut: every candidate left unscored scores below it. With a
// per-director cap the k best are not enough; the caller asks for more (k) and
// checks that the list it chose ends at or above the cut.
double accumulate_and_prune(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o, std::uint32_t cap,
                            const CooccurrenceScorer& scorer, FilmMarks& marks, Ranked& ranked, std::size_t k) {
  if (partial_scratch.size() < g.film_count()) detail::resize_on_huge_pages(partial_scratch, g.film_count());
  // A plain pointer: every use of a thread_local in a shared library is a
  // call to find it.
  double* const partial = partial_scratch.data();
  // The largest weight a film can link to an entity of each kind with.
  std::array<double, kNodeKindCount> kind_max{};
  for (std::size_t r = 0; r < kRelationCount; ++r) {
    const auto rel = static_cast<Relation>(r);
    if (rel == Relation::part_of || !(o.relations & relation_bit(rel))) continue;
    auto& m = kind_max[static_cast<std::size_t>(target_kind(rel))];
    m = std::max(m, o.weights[rel]);
  }
  // What the query's hubs can add to a candidate: a hub in the films' hub
  // signatures adds only to the films whose signature has its bit; another
  // (a query that sets a lower hub degree) may add to any film.
  double hub_bound = 0.0;
  std::vector<std::pair<std::uint64_t, double>>& signed_hubs = signed_hub_scratch;
  signed_hubs.clear();
  std::uint64_t signed_bits = 0;
  const std::uint32_t signed_degree = FilmGraph::default_hub_degree(g.film_count());
  for (const auto& e : q.entities) {
    const std::uint32_t degree = g.film_degree(e.entity);
    const double h = hub_factor(o.hub_weighting, degree, g.film_count());
    if (degree > cap) {
      const double most = e.weight * kind_max[static_cast<std::size_t>(g.kind(e.entity))] * h;
      if (degree > signed_degree) {
        signed_hubs.emplace_back(FilmGraph::signature_bit(e.entity), most);
        signed_bits |= signed_hubs.back().first;
      } else {
        hub_bound += most;
      }
      continue;
    }
    const double wq = e.weight * h;
    // for_each_weighted_neighbour's walk, with each film's mark and sum
    // fetched a few links ahead: they sit at random places in arrays the size
    // of the catalogue.
    const auto targets = g.link_targets(e.entity);
    const auto relations = g.link_relations(e.entity);
    const std::size_t n = targets.size();
    constexpr std::size_t ahead = 12;
    for (std::size_t i = 0; i < std::min(n, ahead); ++i) {
      if (!g.is_film(targets[i])) continue;
      marks.prefetch(targets[i]);
      __builtin_prefetch(partial + targets[i]);
    }
    VertexId current = kNoVertex;
    double best = 0.0;
    RelationMask roles = 0;
    // The role factor as the scorer applies it: the partial sum stays a lower
    // bound of the exact score (equal to its share from this entity).
    const bool has_roles = o.cross_role < 1.0 && kind_has_roles(g.kind(e.entity));
    const auto add = [&](VertexId f, double w) {
      if (has_roles && !(roles & e.roles)) w *= o.cross_role;
      if (!marks.marked(f)) {
        if (q.is_seed(f) || !year_allowed(g, f, o)) return;
        marks.mark(f);
        partial[f] = 0.0;
      }
      partial[f] += wq * w;
    };
    for (std::size_t i = 0; i < n; ++i) {
      if (i + ahead < n && g.is_film(targets[i + ahead])) {
        marks.prefetch(targets[i + ahead]);
        __builtin_prefetch(partial + targets[i + ahead]);
      }
      const VertexId f = targets[i];
      const Relation r = relations[i].relation;
      if (!g.is_film(f) || !(o.relations & relation_bit(r))) continue;
      const double w = o.weights[r];
      if (!(w > 0.0)) continue;
      // The roles joining one film to the entity are adjacent: the strongest counts.
      if (f != current) {
        if (current != kNoVertex) add(current, best);
        current = f;
        best = w;
        roles = relation_bit(r);
      } else {
        best = std::max(best, w);
        roles |= relation_bit(r);
      }
    }
    if (current != kNoVertex) add(current, best);
  }
  const auto& candidates = marks.films();
  const double beta = q.popularity_beta;
  const auto lower = [&](VertexId f) {
    return beta == 0.0 ? partial[f] : partial[f] / popularity_penalty(g, f, o, beta);
  };
  // Floating-point sums in another order differ in the last bits: the bounds
  // are widened by far more than that, so no film that belongs is left out.
  constexpr double slack = 1e-9;
  double threshold = 0.0;
  if (candidates.size() > k) {
    std::vector<double> bounds;
    bounds.reserve(candidates.size());
    for (VertexId f : candidates) bounds.push_back(lower(f));
    std::nth_element(bounds.begin(), bounds.begin() + static_cast<std::ptrdiff_t>(k - 1), bounds.end(),
                     std::greater<>());
    threshold = bounds[k - 1] * (1.0 - slack);
  }
  // Upper bounds, kept for the films that reach the threshold.
  const std::uint64_t* const signatures = g.hub_signatures();
  std::vector<std::pair<double, VertexId>>& survivors = survivor_scratch;
  survivors.clear();
  constexpr std::size_t ahead = 16;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i + ahead < candidates.size()) __builtin_prefetch(signatures + candidates[i + ahead]);
    const VertexId f = candidates[i];
    double bound = partial[f] + hub_bound;
    const std::uint64_t shared = signatures[f] & signed_bits;
    if (shared)
      for (const auto& [bit, most] : signed_hubs)
        if (shared & bit) bound += most;
    if (beta != 0.0) bound /= popularity_penalty(g, f, o, beta);
    bound *= 1.0 + slack;
    if (threshold == 0.0 || bound >= threshold) survivors.emplace_back(bound, f);
  }

  // Each exact score reads a film's links from a random place in memory:
  // fetch them a few films ahead.
  const auto score_exactly = [&](std::span<const std::pair<double, VertexId>> films) {
    constexpr std::size_t offsets_ahead = 24, links_ahead = 12;
    const std::size_t n = films.size();
    for (std::size_t i = 0; i < std::min(n, offsets_ahead); ++i) g.prefetch_offsets(films[i].second);
    for (std::size_t i = 0; i < std::min(n, links_ahead); ++i) g.prefetch_links(films[i].second);
    for (std::size_t i = 0; i < n; ++i) {
      if (i + offsets_ahead < n) g.prefetch_offsets(films[i + offsets_ahead].second);
      if (i + links_ahead < n) g.prefetch_links(films[i + links_ahead].second);
      const double score = scorer.score(films[i].second, nullptr);
      if (score > 0.0) ranked.emplace_back(score, films[i].second);
    }
  };
  // Many survivors: score those of highest upper bound first. The k-th best
  // exact score among them is a higher bar than the k-th lower bound, and the
  // rest must reach it.
  const std::size_t first_round = std::max<std::size_t>(4 * k, 64);
  if (survivors.size() <= 2 * first_round) {
    score_exactly(survivors);
    return threshold;
  }
  std::nth_element(survivors.begin(), survivors.begin() + static_cast<std::ptrdiff_t>(first_round), survivors.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  score_exactly(std::span<const std::pair<double, VertexId>>(survivors.data(), first_round));
  double bar = 0.0;
  if (ranked.size() >= k) {
    std::vector<double> best;
    best.reserve(ranked.size());
    for (const auto& r : ranked) best.push_back(r.first);
    std::nth_element(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(k - 1), best.end(), std::greater<>());
    bar = best[k - 1] * (1.0 - slack);
  }
  std::size_t kept = 0;
  for (std::size_t i = first_round; i < survivors.size(); ++i)
    if (survivors[i].first >= bar) survivors[kept++] = survivors[i];
  score_exactly(std::span<const std::pair<double, VertexId>>(survivors.data(), kept));
  return std::max(threshold, bar);
}

// The search shared by the methods that score candidates exactly: films
// reached through one of the query's entities are candidates. Entities linked
// to more than hub_threshold films are not walked, but a scorer adds their
// contribution to every candidate found, so scores are exact and only reach is
// cut; when that leaves fewer than k films, the hubs are walked too.
template <class Scorer>
SeeAlsoResult search_candidates(const FilmGraph& g, const Query& q, const SeeAlsoOptions& o, const Scorer& scorer) {
  SeeAlsoResult result;
  FilmMarks marks(g.film_count());
  // Marks the films of an entity as candidates, until `until` are marked.
  const auto mark_films_of = [&](VertexId entity, std::size_t until = std::numeric_limits<std::size_t>::max()) {
    for (const auto& e : g.links(entity)) {
      if (marks.films().size() >= until) return;
      const Link l = g.link(e);
      if (!g.is_film(l.target) || marks.marked(l.target) || q.is_seed(l.target)) continue;
      if (!(o.relations & relation_bit(l.relation)) || !(o.weights[l.relation] > 0.0)) continue;
      if (!year_allowed(g, l.target, o)) continue;
      marks.mark(l.target);
    }
  };

  // Exact scores of the candidates from `first` on; a film a filter rules out
  // is not kept, nor one that scores 0.
  Ranked ranked;
  const auto score_from = [&](std::size_t first) {
    const auto& candidates = marks.films();
    for (std::size_t i = first; i < candidates.size(); ++i) {
      const VertexId f = candidates[i];
      if (o.exclude_same_director && q.shares_director(g, f)) continue;
      const double score = scorer.score(f, nullptr);
      if (score > 0.0) ranked.emplace_back(score, f);
    }
  };

  std::vector<VertexId> chosen;
  // Films found only through the hub walk, sorted: the padding of a short list.
  std::vector<VertexId> padding;
  if (!o.restrict_to.empty()) {
    mark_restricted(g, q, o, marks);
    score_from(0);
    chosen = choose(g, ranked, o);
  } else {
    // Walked entities are the evidence a candidate needs (minimum evidence).
    const std::uint32_t cap = std::min(hub_threshold(g, o), evidence_degree(g, o));
    if constexpr (std::is_same_v<Scorer, CooccurrenceScorer>) {
      if (can_prune(o)) {
        // Under a per-director cap, a few more than k: the cap skips some.
        const std::size_t want = o.max_per_director == 0 ? o.k : o.k * 3;
        const double cut = accumulate_and_prune(g, q, o, cap, scorer, marks, ranked, want);
        if (o.max_per_director != 0) {
          chosen = choose(g, ranked, o);
          // ranked is sorted now: the score of the last film chosen.
          double last = 0.0;
          if (!chosen.empty())
            for (const auto& [score, f] : ranked)
              if (f == chosen.back()) last = score;
          if (chosen.size() < o.k || last < cut) {
            // Films left unscored could have made the list: score them all.
            ranked.clear();
            score_from(0);
          }
        }
      } else {
        for (const auto& e : q.entities)
          if (g.film_degree(e.entity) <= cap) mark_films_of(e.entity);
        score_from(0);
      }
    } else {
      for (const auto& e : q.entities)
        if (g.film_degree(e.entity) <= cap) mark_films_of(e.entity);
      score_from(0);
    }
    chosen = choose(g, ranked, o);
    // Short of k films once the filters have had their say: walk the hubs too.
    if (chosen.size() < o.k && o.expand_hubs_when_short) {
      const std::size_t before = marks.films().size();
      const std::size_t limit = !o.hub_walk_limit          ? std::max<std::size_t>(1000, 50 * o.k)
                                : *o.hub_walk_limit == 0 ? std::numeric_limits<std::size_t>::max()
                                                         : *o.hub_walk_limit;
      // Smallest hubs first: their films share the most specific of the
      // query's broad traits (a festival edition before a whole country).
      std::vector<VertexId> hubs;
      for (const auto& e : q.entities)
        if (g.film_degree(e.entity) > cap) hubs.push_back(e.entity);
      std::sort(hubs.begin(), hubs.end(), [&](VertexId a, VertexId b) {
        return std::pair(g.film_degree(a), a) < std::pair(g.film_degree(b), b);
      });
      for (VertexId hub : hubs) {
        if (marks.films().size() - before >= limit) break;
        mark_films_of(hub, before + limit);
      }
      if (marks.films().size() > before) {
        score_from(before);
        chosen = choose(g, ranked, o);
        padding.assign(marks.films().begin() + static_cast<std::ptrdiff_t>(before), marks.films().end());
        std::sort(padding.begin(), padding.end());
      }
    }
  }
  result.candidates_scored = marks.films().size();

  // Explanations for the chosen films only.
  std::vector<Term> terms;
  for (VertexId f : chosen) {
    terms.clear();
    const double score = scorer.score(f, &terms);
    append_film(result, f, score, terms, std::binary_search(padding.begin(), padding.end(), f));
  }
  return result;
}

void validate(const FilmGraph& g, std::span<const Seed> seeds, const SeeAlsoOptions& o) {
  if (seeds.empty()) throw std::invalid_argument("a query needs at least one seed film");
  for (const auto& s : seeds) {
    if (s.film >= g.vertex_count() || !g.is_film(s.film))
      throw std::invalid_argument("vertex " + std::to_string(s.film) + " is not a film");
    if (!std::isfinite(s.weight) || !(s.weight > 0.0))
      throw std::invalid_argument("the weight of seed film " + std::to_string(s.film) +
                                  " must be finite and positive, not " + std::to_string(s.weight));
  }
  for (std::size_t r = 0; r < kRelationCount; ++r) {
    const double w = o.weights.weight[r];
    if (!std::isfinite(w) || w < 0.0)
      throw std::invalid_argument("weight of relation '" + std::string(to_string(static_cast<Relation>(r))) +
                                  "' must be finite and not negative");
  }
  if (o.min_year != 0 && o.max_year != 0 && o.min_year > o.max_year)
    throw std::invalid_argument("min_year " + std::to_string(o.min_year) + " is after max_year " +
                                std::to_string(o.max_year));
  for (VertexId v : o.restrict_to)
    if (v >= g.vertex_count())
      throw std::invalid_argument("restrict_to names vertex " + std::to_string(v) + ", which is not in the graph");
  if (!(o.cross_role >= 0.0 && o.cross_role <= 1.0))
    throw std::invalid_argument("cross_role must be in [0, 1], not " + std::to_string(o.cross_role));
  if (!(o.ppr_alpha > 0.0 && o.ppr_alpha <= 1.0))
    throw std::invalid_argument("ppr_alpha must be in (0, 1], not " + std::to_string(o.ppr_alpha));
  if (!std::isfinite(o.ppr_epsilon) || !(o.ppr_epsilon > 0.0))
    throw std::invalid_argument("ppr_epsilon must be finite and positive");
  if (!std::isfinite(o.rp3_alpha) || !(o.rp3_alpha > 0.0))
    throw std::invalid_argument("rp3_alpha must be finite and positive");
  const double beta = effective_popularity_beta(o);
  if (!std::isfinite(beta) || beta < 0.0)
    throw std::invalid_argument("popularity_beta must be finite and not negative");
  if (!o.popularity.empty() && o.popularity.size() != g.film_count())
    throw std::invalid_argument("popularity has " + std::to_string(o.popularity.size()) +
                                " values; it needs one per film (" + std::to_string(g.film_count()) + ")");
}

Query make_query(const FilmGraph& g, std::span<const Seed> given, const SeeAlsoOptions& o) {
  Query q;
  q.seeds.assign(given.begin(), given.end());
  std::sort(q.seeds.begin(), q.seeds.end(), [](const Seed& a, const Seed& b) { return a.film < b.film; });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < q.seeds.size(); ++i) {
    if (kept > 0 && q.seeds[kept - 1].film == q.seeds[i].film)
      q.seeds[kept - 1].weight += q.seeds[i].weight;
    else
      q.seeds[kept++] = q.seeds[i];
  }
  q.seeds.resize(kept);
  double total = 0.0;
  for (const auto& s : q.seeds) total += s.weight;
  for (auto& s : q.seeds) s.weight /= total;

  // Each seed's entities, weighted by the seed, then merged entity by entity.
  for (const auto& s : q.seeds)
    for_each_weighted_neighbour(g, s.film, o, [&](const WeightedEntity& e) {
      q.entities.push_back({e.entity, s.weight * e.weight, e.relation, e.roles});
    });
  // Strongest link first within an entity: it names the relation, and the
  // weights add up.
  std::sort(q.entities.begin(), q.entities.end(), [](const WeightedEntity& a, const WeightedEntity& b) {
    return a.entity < b.entity || (a.entity == b.entity && a.weight > b.weight);
  });
  kept = 0;
  for (std::size_t i = 0; i < q.entities.size(); ++i) {
    if (kept > 0 && q.entities[kept - 1].entity == q.entities[i].entity) {
      q.entities[kept - 1].weight += q.entities[i].weight;
      q.entities[kept - 1].roles |= q.entities[i].roles;
    } else
      q.entities[kept++] = q.entities[i];
  }
  q.entities.resize(kept);

  for (const auto& s : q.seeds)
    for (const auto& e : g.links(s.film)) {
      const Link l = g.link(e);
      if (l.relation == Relation::directed_by) q.directors.push_back(l.target);
    }
  std::sort(q.directors.begin(), q.directors.end());
  q.directors.erase(std::unique(q.directors.begin(), q.directors.end()), q.directors.end());
  q.popularity_beta = effective_popularity_beta(o);
  return q;
}

}  // namespace
}  // namespace detail

RelationWeights RelationWeights::defaults() {
  // Learned on co-liked films (benchmarks/quality/run.py, seed 0, fit half of
  // the MovieLens ground truth, coordinate ascent on nDCG@10 under
  // hub_weighting none and normalization none; the README's "Quality" section
  // has the run). crew, world_sales and distributor, which the public data
  // does not have, keep their priors. No weight is 0: a relation the ratings
  // say little about (a festival) still relates films that share nothing else.
  RelationWeights w;
  w[Relation::directed_by] = 0.5;
  w[Relation::written_by] = 0.35;
  w[Relation::produced_by] = 0.06;
  w[Relation::cast] = 0.5;
  w[Relation::shot_by] = 0.025;
  w[Relation::edited_by] = 0.4;
  w[Relation::music_by] = 0.01;
  w[Relation::crew] = 0.2;
  w[Relation::production_company] = 0.35;
  w[Relation::world_sales] = 0.3;
  w[Relation::distributor] = 0.2;
  w[Relation::screened_in] = 0.3;
  w[Relation::screened_at] = 0.03;
  w[Relation::festival] = 0.02;
  w[Relation::awarded] = 0.3;
  w[Relation::nominated] = 0.05;
  w[Relation::country] = 0.2;
  w[Relation::language] = 0.075;
  w[Relation::genre] = 0.25;
  w[Relation::keyword] = 0.3;
  w[Relation::part_of] = 0.0;
  return w;
}

std::uint32_t evidence_degree(const FilmGraph& graph, const SeeAlsoOptions& options) {
  if (options.evidence_degree != 0) return options.evidence_degree;
  return static_cast<std::uint32_t>(std::max<std::size_t>(100, graph.film_count() / 500));
}

std::uint32_t hub_threshold(const FilmGraph& graph, const SeeAlsoOptions& options) {
  if (options.hub_degree != 0) return options.hub_degree;
  return FilmGraph::default_hub_degree(graph.film_count());
}

double effective_popularity_beta(const SeeAlsoOptions& options) {
  if (options.popularity_beta) return *options.popularity_beta;
  if (options.method == Method::rp3beta) return 0.5;
  return options.method == Method::cooccurrence ? 0.15 : 0.0;
}

SeeAlsoResult see_also(const FilmGraph& g, VertexId film, const SeeAlsoOptions& o) {
  const Seed seed{film, 1.0};
  return see_also(g, std::span<const Seed>(&seed, 1), o);
}

SeeAlsoResult see_also(const FilmGraph& g, std::span<const Seed> seeds, const SeeAlsoOptions& o) {
  detail::validate(g, seeds, o);
  if (o.k == 0) return {};
  // No list holds more films than the graph: a larger k means "all of them".
  // Clamped here, once, so that the searches' k-sized sums (4 k, 50 k, twice
  // those) stay far from overflow whatever k the caller gave.
  if (o.k > g.film_count()) {
    SeeAlsoOptions clamped = o;
    clamped.k = g.film_count();
    return see_also(g, seeds, clamped);
  }
  const detail::Query q = detail::make_query(g, seeds, o);
  switch (o.method) {
    case Method::cooccurrence: return detail::search_candidates(g, q, o, detail::CooccurrenceScorer(g, q, o));
    case Method::pathsim: return detail::search_candidates(g, q, o, detail::PathSimScorer(g, q, o));
    case Method::rp3beta: return detail::search_candidates(g, q, o, detail::Rp3Scorer(g, q, o));
    case Method::ppr: return detail::ppr_see_also(g, q, o);
  }
  throw std::invalid_argument("unknown see_also method");
}

void check_options(const FilmGraph& g, const SeeAlsoOptions& o) {
  if (g.film_count() == 0) return;  // nothing will be asked
  const Seed any{0, 1.0};
  detail::validate(g, std::span<const Seed>(&any, 1), o);
}

void append_result(SeeAlsoResult& out, const SeeAlsoResult& one) {
  const auto base = static_cast<std::uint32_t>(out.term_entity.size());
  out.films.insert(out.films.end(), one.films.begin(), one.films.end());
  out.scores.insert(out.scores.end(), one.scores.begin(), one.scores.end());
  out.padded.insert(out.padded.end(), one.padded.begin(), one.padded.end());
  for (std::size_t i = 1; i < one.term_offsets.size(); ++i) out.term_offsets.push_back(base + one.term_offsets[i]);
  out.term_entity.insert(out.term_entity.end(), one.term_entity.begin(), one.term_entity.end());
  out.term_query_relation.insert(out.term_query_relation.end(), one.term_query_relation.begin(),
                                 one.term_query_relation.end());
  out.term_film_relation.insert(out.term_film_relation.end(), one.term_film_relation.begin(),
                                one.term_film_relation.end());
  out.term_contribution.insert(out.term_contribution.end(), one.term_contribution.begin(),
                               one.term_contribution.end());
  out.candidates_scored += one.candidates_scored;
}

void clear(SeeAlsoResult& r) {
  r.films.clear();
  r.scores.clear();
  r.padded.clear();
  r.term_offsets.assign(1, 0);
  r.term_entity.clear();
  r.term_query_relation.clear();
  r.term_film_relation.clear();
  r.term_contribution.clear();
  r.candidates_scored = 0;
}

}  // namespace reelgraph
