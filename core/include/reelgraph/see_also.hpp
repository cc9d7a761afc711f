// "See also": the films most related to one film, each with the shared
// entities that make it related and how much each contributed.
//
// Typed co-neighbour scoring. A film q is a vector over the entities it links
// to, x_q(e) = w_q(e) * sqrt(h(e)), where w_q(e) is the weight of q's relation
// to e (the largest, when q links to e in several roles) and h(e) turns down
// entities linked to many films. The raw score of a film f is the dot product
// sum_e w_q(e) w_f(e) h(e) over shared entities; a normalisation (cosine by
// default) keeps films with long credit lists from winning on volume. Every
// term of the dot product, divided by the same normaliser, is one line of the
// explanation, so the explanation sums to the score.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "reelgraph/graph.hpp"
#include "reelgraph/model.hpp"

namespace reelgraph {

// h(e) for an entity linked to d films.
enum class HubWeighting : std::uint8_t {
  none,                // 1
  resource_allocation, // 1 / d
  adamic_adar,         // 1 / log(1 + d)
  idf,                 // log(1 + N / d), N films in the graph
};

enum class Normalization : std::uint8_t {
  none,     // raw dot product
  cosine,   // dot / sqrt(|q|^2 |f|^2)
  pathsim,  // 2 dot / (|q|^2 + |f|^2)
};

struct RelationWeights {
  std::array<double, kRelationCount> weight{};
  double operator[](Relation r) const { return weight[static_cast<std::size_t>(r)]; }
  double& operator[](Relation r) { return weight[static_cast<std::size_t>(r)]; }
  // Priors for a first ranking: who made a film says more than where it
  // screened, a section more than a whole edition, a festival of another year
  // least of all.
  static RelationWeights defaults();
};

struct SeeAlsoOptions {
  std::size_t k = 10;
  RelationWeights weights = RelationWeights::defaults();
  RelationMask relations = kAllRelations;  // relations that may contribute
  HubWeighting hub_weighting = HubWeighting::adamic_adar;
  Normalization normalization = Normalization::cosine;
  // Entities linked to more films than this are hubs: the search does not
  // expand through them, but adds their contribution to every film found
  // through smaller ones. 0 picks max(200, 2 sqrt(films)).
  std::uint32_t hub_degree = 0;
  // With fewer than k films found, expand through the hubs as well.
  bool expand_hubs_when_short = true;
  int min_year = 0;  // 0: no bound; films of unknown year fail any bound
  int max_year = 0;
  bool exclude_same_director = false;
  // When non-empty, only films linked to one of these vertices (a festival
  // edition, a section, a company...) are candidates, and all of them are.
  std::vector<VertexId> restrict_to;
  // At most this many films by any one director (0: no limit).
  std::uint32_t max_per_director = 0;
};

// Results as parallel arrays, ready to hand to numpy without copying. The
// explanation of films[i] is terms [term_offsets[i], term_offsets[i+1]),
// largest contribution first.
struct SeeAlsoResult {
  std::vector<VertexId> films;
  std::vector<double> scores;
  std::vector<std::uint32_t> term_offsets{0};
  std::vector<VertexId> term_entity;
  std::vector<std::uint8_t> term_query_relation;  // Relation, as stored for numpy
  std::vector<std::uint8_t> term_film_relation;
  std::vector<double> term_contribution;
  std::size_t candidates_scored = 0;
};

// Throws std::invalid_argument for a vertex that is not a film or options out
// of range.
SeeAlsoResult see_also(const FilmGraph& graph, VertexId film, const SeeAlsoOptions& options);

// The working memory of a search: candidate marks, the query's entities, the
// ranking. One kept across searches (one per thread: it is not shared) makes a
// search cost no allocation once its buffers have grown to what the graph needs.
class SeeAlsoScratch {
 public:
  SeeAlsoScratch();
  ~SeeAlsoScratch();
  SeeAlsoScratch(SeeAlsoScratch&&) noexcept;
  SeeAlsoScratch& operator=(SeeAlsoScratch&&) noexcept;
  struct Buffers;
  Buffers& buffers() { return *buffers_; }

 private:
  std::unique_ptr<Buffers> buffers_;
};

// One set of options checked once and applied to many films, as a batch does:
// the hub weight h(e) of every entity is computed up front instead of per
// visit. Results are those of see_also() with the same options, bit for bit.
class SeeAlsoPlan {
 public:
  // Throws std::invalid_argument for options out of range.
  SeeAlsoPlan(const FilmGraph& graph, SeeAlsoOptions options);

  // Appends the see-also list of `film` to `out`: its films, scores and terms
  // after those already there, term_offsets continuing from out's last entry;
  // candidates_scored adds up. Throws std::invalid_argument for a vertex that
  // is not a film. Safe to call from several threads, each with its own
  // scratch and output.
  void append(VertexId film, SeeAlsoScratch& scratch, SeeAlsoResult& out) const;

  const FilmGraph& graph() const { return *graph_; }
  const SeeAlsoOptions& options() const { return options_; }

 private:
  const FilmGraph* graph_;
  SeeAlsoOptions options_;
  std::vector<double> entity_hub_;  // h(e) of vertex film_count() + i
};

// Empties a result for reuse, keeping its buffers' capacity.
void clear(SeeAlsoResult& result);

// The effective hub threshold for a graph under these options.
std::uint32_t hub_threshold(const FilmGraph& graph, const SeeAlsoOptions& options);

}  // namespace reelgraph
