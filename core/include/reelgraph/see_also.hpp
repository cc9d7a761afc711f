// "See also": the films most related to one film (or a set of seed films),
// each with the entities that make it related and how much each contributed.
//
// Four methods, chosen by SeeAlsoOptions::method; the README gives each
// formula. Every method honours the same filters, and every result carries
// explanation terms that sum to its score.
//
// Typed co-neighbour scoring (Method::cooccurrence, the default). A film q is a vector over the entities it links
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
#include <optional>
#include <span>
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

enum class Method : std::uint8_t {
  // Typed co-neighbour similarity (above), normalised by `normalization`.
  cooccurrence,
  // PathSim on each film-r-entity-r-film meta-path separately, with path
  // instances weighted by h(e), combined as sum_r w_r PathSim_r. A person who
  // directed one film and produced the other joins no meta-path.
  pathsim,
  // Personalized PageRank from the seeds on the film-entity graph, by forward
  // push (see ppr_alpha, ppr_epsilon).
  ppr,
  // The two-step film -> entity -> film walk probability, each step's
  // probability raised to rp3_alpha, divided by popularity^popularity_beta.
  rp3beta,
};

struct RelationWeights {
  std::array<double, kRelationCount> weight{};
  double operator[](Relation r) const { return weight[static_cast<std::size_t>(r)]; }
  double& operator[](Relation r) { return weight[static_cast<std::size_t>(r)]; }
  // Weights learned from what the same people liked (see see_also.cpp): who
  // made a film and who is in it say most, a festival section more than a
  // whole edition, a festival of another year least of all.
  static RelationWeights defaults();
};

struct SeeAlsoOptions {
  std::size_t k = 10;
  RelationWeights weights = RelationWeights::defaults();
  RelationMask relations = kAllRelations;  // relations that may contribute
  // IDF by default: an entity shared by hundreds of films (an award
  // category, a broad keyword) says less than a director (docs/scoring.md).
  // The raw sum is kept (normalisation none) so the search can prune by
  // bounds; popularity_beta keeps long credit lists from crowding lists.
  HubWeighting hub_weighting = HubWeighting::idf;
  Normalization normalization = Normalization::none;
  // Entities linked to more films than this are hubs: the search does not
  // expand through them, but adds their contribution to every film found
  // through smaller ones. 0 picks max(200, 2 sqrt(films)).
  std::uint32_t hub_degree = 0;
  // Minimum evidence: a candidate must share with the query at least one
  // entity linked to at most this many films (a person, a keyword, a festival
  // section), not only broad traits (a genre, a country, an award category of
  // hundreds of films), which still add to its score. The search walks no
  // entity above it (nor above hub_degree). 0 picks max(100, films / 500).
  std::uint32_t evidence_degree = 0;
  // With fewer than k films found, expand through the hubs as well: pad the
  // list with films whose evidence may be hubs alone (a country, a category
  // of hundreds of films). Off by default: a list may be shorter than k
  // rather than padded; films the walk adds are flagged in
  // SeeAlsoResult::padded.
  bool expand_hubs_when_short = false;
  // A person or company the query film and a candidate share in no common
  // role (the editor of one directed the other) counts this fraction of the
  // match, in [0, 1]; 1 treats every role alike. One crew credit must not
  // turn a list into someone's filmography.
  double cross_role = 0.1;
  // How many films the hub walk may add as candidates, smallest hubs first:
  // a hub can hold half the catalogue, and walking all of it for the last
  // places of a short list costs time in proportion to the catalogue.
  // Candidates it adds are scored exactly; films it leaves unvisited are not
  // candidates, so the places filled through hubs alone may differ from a
  // full walk. nullopt: max(1000, 50 k); 0: no limit (the exact walk).
  std::optional<std::size_t> hub_walk_limit;
  // cooccurrence without normalisation: sum each candidate's share from the
  // entities walked first, and score exactly only the candidates whose upper
  // bound (that share plus the most the query's hubs could add) reaches the
  // k-th best lower bound. The result is the same, bit for bit; false scores
  // every candidate exactly (what the tests compare against).
  bool prune_by_bounds = true;
  int min_year = 0;  // 0: no bound; films of unknown year fail any bound
  int max_year = 0;
  bool exclude_same_director = false;
  // When non-empty, only films linked to one of these vertices (a festival
  // edition, a section, a company...) are candidates, and all of them are.
  std::vector<VertexId> restrict_to;
  // At most this many films by any one director (0: no limit).
  std::uint32_t max_per_director = 0;

  Method method = Method::cooccurrence;
  // Personalized PageRank: the probability of jumping back to the seeds at
  // each step, in (0, 1]; and the push tolerance: a vertex is pushed while its
  // residual is at least ppr_epsilon times its number of links.
  double ppr_alpha = 0.15;
  double ppr_epsilon = 1e-5;
  // RP3beta: the exponent applied to each step's transition probability (> 0).
  double rp3_alpha = 1.0;
  // Every method's score is divided by popularity(f)^popularity_beta (a
  // popularity below 1 counts as 1). Unset: 0.5 for rp3beta, 0.15 for
  // cooccurrence (films with the most links would otherwise fill the
  // catalogue's lists; chosen on the fit halves, docs/quality.md), 0 for the
  // others.
  std::optional<double> popularity_beta;
  // One non-negative value per film (films are vertices 0..film_count-1),
  // viewed, not copied: it must outlive the call. Empty: a film's number of
  // links.
  std::span<const double> popularity;
};

// The popularity_beta a query runs with.
double effective_popularity_beta(const SeeAlsoOptions& options);

// A film a query starts from, and how much it counts. Seed weights are
// normalised to sum to 1; a film given twice counts once with the sum.
struct Seed {
  VertexId film = kNoVertex;
  double weight = 1.0;
};

// term_query_relation of an entity no seed links to: Personalized PageRank
// reaches films through longer walks too.
inline constexpr std::uint8_t kNoRelationCode = 0xFF;

// Results as parallel arrays, ready to hand to numpy without copying. The
// explanation of films[i] is terms [term_offsets[i], term_offsets[i+1]),
// largest contribution first.
struct SeeAlsoResult {
  std::vector<VertexId> films;
  std::vector<double> scores;
  // 1 for a film found only by walking the hubs (expand_hubs_when_short).
  std::vector<std::uint8_t> padded;
  std::vector<std::uint32_t> term_offsets{0};
  std::vector<VertexId> term_entity;
  // Relation, as stored for numpy: how a seed links to the entity (the
  // strongest such link), or kNoRelationCode.
  std::vector<std::uint8_t> term_query_relation;
  std::vector<std::uint8_t> term_film_relation;
  std::vector<double> term_contribution;
  std::size_t candidates_scored = 0;
};

// Throws std::invalid_argument for a vertex that is not a film or options out
// of range.
SeeAlsoResult see_also(const FilmGraph& graph, VertexId film, const SeeAlsoOptions& options);

// The films most related to a set of seed films, none of the seeds among them.
// cooccurrence sums the seeds' vectors (weighted) into one query vector; ppr
// starts its walk from the seeds in proportion to their weights; pathsim and
// rp3beta score the weighted mean of each seed's score (for rp3beta with
// rp3_alpha 1, that is the walk from the weighted seeds).
SeeAlsoResult see_also(const FilmGraph& graph, std::span<const Seed> seeds, const SeeAlsoOptions& options);

// Throws std::invalid_argument when the options are out of range, as the
// first query with them would (a batch checks once, before starting).
void check_options(const FilmGraph& graph, const SeeAlsoOptions& options);

// Appends one result after those already in `out` (term offsets continued),
// and empties a result for reuse keeping its capacity: how a batch gathers a
// chunk of lists into one set of arrays.
void append_result(SeeAlsoResult& out, const SeeAlsoResult& one);
void clear(SeeAlsoResult& result);

// The effective hub threshold for a graph under these options.
std::uint32_t hub_threshold(const FilmGraph& graph, const SeeAlsoOptions& options);
// The effective evidence degree (see SeeAlsoOptions::evidence_degree).
std::uint32_t evidence_degree(const FilmGraph& graph, const SeeAlsoOptions& options);

}  // namespace reelgraph
