// The scoring methods: each against its formula on graphs small enough to
// work out by hand (Personalized PageRank against a dense power iteration),
// and every filter and explanation under every method.
#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>
#include <vector>

#include "reelgraph/graph.hpp"
#include "reelgraph/see_also.hpp"
#include "worlds.hpp"

namespace reelgraph {
namespace {
using namespace reelgraph::test_worlds;

constexpr Method kMethods[] = {Method::cooccurrence, Method::pathsim, Method::ppr, Method::rp3beta};

const char* name_of(Method m) {
  switch (m) {
    case Method::cooccurrence: return "cooccurrence";
    case Method::pathsim: return "pathsim";
    case Method::ppr: return "ppr";
    case Method::rp3beta: return "rp3beta";
  }
  return "?";
}

// Score of each film in a result.
std::map<VertexId, double> scores_of(const SeeAlsoResult& r) {
  std::map<VertexId, double> out;
  for (std::size_t i = 0; i < r.films.size(); ++i) out[r.films[i]] = r.scores[i];
  return out;
}

void expect_explained_and_sorted(const SeeAlsoResult& r) {
  ASSERT_EQ(r.term_offsets.size(), r.films.size() + 1);
  for (std::size_t i = 0; i < r.films.size(); ++i) {
    EXPECT_GT(r.scores[i], 0.0);
    EXPECT_GT(r.term_offsets[i + 1], r.term_offsets[i]);
    EXPECT_NEAR(term_sum(r, i), r.scores[i], 1e-12 * std::max(1.0, r.scores[i]));
    if (i > 0) EXPECT_GE(r.scores[i - 1], r.scores[i]);
  }
}

// ------------------------------------------------------------ ppr

// Eight films around q: two share its director (one as producer), some its
// cast, festival or country; f6 and f7 are only reached by longer walks, f8
// by none.
struct WalkWorld {
  FilmGraph g;
  VertexId q, f1, f2, f3, f4, f5, f6, f7, f8;
  WalkWorld() {
    GraphBuilder b;
    q = b.add_film("q", "Query", 2012).film;
    f1 = b.add_film("f1", "Same director and actor", 2010).film;
    f2 = b.add_film("f2", "Director produced it", 2011).film;
    f3 = b.add_film("f3", "Actor, country, keyword", 2005).film;
    f4 = b.add_film("f4", "Same section", 2013).film;
    f5 = b.add_film("f5", "Festival, other year", 2009).film;
    f6 = b.add_film("f6", "Keyword and genre", 2001).film;
    f7 = b.add_film("f7", "Genre only", 1999).film;
    f8 = b.add_film("f8", "Alone", 1990).film;
    LinkSpec shorts = named(Relation::screened_at, "MIFF", 2013);
    shorts.section = "Shorts";
    b.add_link(q, named(Relation::directed_by, "D"));
    b.add_link(q, named(Relation::cast, "A"));
    b.add_link(q, named(Relation::cast, "B"));
    b.add_link(q, shorts);
    b.add_link(q, named(Relation::country, "UK"));
    b.add_link(f1, named(Relation::directed_by, "D"));
    b.add_link(f1, named(Relation::cast, "A"));
    b.add_link(f2, named(Relation::produced_by, "D"));
    b.add_link(f2, named(Relation::cast, "B"));
    b.add_link(f2, named(Relation::keyword, "K"));
    b.add_link(f3, named(Relation::cast, "A"));
    b.add_link(f3, named(Relation::country, "UK"));
    b.add_link(f3, named(Relation::keyword, "K"));
    b.add_link(f4, shorts);
    b.add_link(f4, named(Relation::country, "UK"));
    b.add_link(f5, named(Relation::screened_at, "MIFF", 2009));
    b.add_link(f6, named(Relation::keyword, "K"));
    b.add_link(f6, named(Relation::genre, "G"));
    b.add_link(f7, named(Relation::genre, "G"));
    g = b.freeze();
  }
};

// The definition the push approximates, computed densely: the walk on the
// film-entity graph with link weights w(e) h(e) (adamic_adar), jumping back to
// the seeds with probability alpha, iterated to convergence.
Eigen::VectorXd dense_ppr(const FilmGraph& g, const std::vector<Seed>& seeds, const SeeAlsoOptions& o) {
  EXPECT_EQ(o.hub_weighting, HubWeighting::adamic_adar);
  const auto n = static_cast<Eigen::Index>(g.vertex_count());
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  for (VertexId f = 0; f < g.film_count(); ++f)
    for (const auto& e : g.links(f)) {
      const Link l = g.link(e);
      if (!(o.relations & relation_bit(l.relation))) continue;
      const double weight = o.weights[l.relation] / std::log1p(g.film_degree(l.target));
      a(f, l.target) = std::max(a(f, l.target), weight);
      a(l.target, f) = a(f, l.target);
    }
  for (Eigen::Index i = 0; i < n; ++i) {
    const double total = a.row(i).sum();
    if (total > 0.0)
      a.row(i) /= total;
    else
      a(i, i) = 1.0;  // nowhere to go: the walk stays
  }
  Eigen::VectorXd start = Eigen::VectorXd::Zero(n);
  double total = 0.0;
  for (const auto& s : seeds) total += s.weight;
  for (const auto& s : seeds) start(s.film) += s.weight / total;
  Eigen::VectorXd pi = start;
  for (int i = 0; i < 600; ++i) pi = o.ppr_alpha * start + (1.0 - o.ppr_alpha) * (a.transpose() * pi);
  return pi;
}

TEST(Ppr, MatchesDensePowerIteration) {
  WalkWorld w;
  SeeAlsoOptions o;
  o.method = Method::ppr;
  o.hub_weighting = HubWeighting::adamic_adar;  // as dense_ppr computes it
  o.k = 100;
  o.ppr_epsilon = 1e-14;
  o.weights[Relation::cast] = 0.8;
  o.weights[Relation::keyword] = 0.35;
  for (double alpha : {0.15, 0.5}) {
    o.ppr_alpha = alpha;
    const std::vector<Seed> seeds{{w.q, 1.0}};
    const Eigen::VectorXd pi = dense_ppr(w.g, seeds, o);
    const auto got = scores_of(see_also(w.g, w.q, o));
    for (VertexId f = 0; f < w.g.film_count(); ++f) {
      if (f == w.q) continue;
      if (pi(f) > 1e-12) {
        ASSERT_TRUE(got.count(f)) << "film " << f << " is missing";
        EXPECT_NEAR(got.at(f), pi(f), 1e-10) << "film " << f;
      } else {
        EXPECT_FALSE(got.count(f)) << "film " << f << " is unreachable";
      }
    }
    EXPECT_FALSE(got.count(w.f8));
    EXPECT_TRUE(got.count(w.f7));  // four links away
  }
}

TEST(Ppr, LooseToleranceUnderestimatesWithinTheBound) {
  WalkWorld w;
  SeeAlsoOptions o;
  o.method = Method::ppr;
  o.hub_weighting = HubWeighting::adamic_adar;  // as dense_ppr computes it
  o.k = 100;
  o.ppr_epsilon = 1e-3;
  const Eigen::VectorXd pi = dense_ppr(w.g, {{w.q, 1.0}}, o);
  const auto got = see_also(w.g, w.q, o);
  ASSERT_FALSE(got.films.empty());
  double worst = 0.0;
  for (std::size_t i = 0; i < got.films.size(); ++i) {
    const double exact = pi(got.films[i]);
    EXPECT_LE(got.scores[i], exact + 1e-15);  // the push never overestimates
    worst = std::max(worst, exact - got.scores[i]);
  }
  // What is left is the residual, under epsilon times each vertex's links.
  EXPECT_LE(worst, o.ppr_epsilon * static_cast<double>(w.g.edge_count()));
  EXPECT_GT(worst, 1e-9);  // and this tolerance does leave some
}

TEST(Ppr, SeedSetsWalkFromTheirWeightedMix) {
  WalkWorld w;
  SeeAlsoOptions o;
  o.method = Method::ppr;
  o.hub_weighting = HubWeighting::adamic_adar;  // as dense_ppr computes it
  o.k = 100;
  o.ppr_epsilon = 1e-14;
  const std::vector<Seed> seeds{{w.f2, 1.0}, {w.f5, 3.0}};
  const Eigen::VectorXd pi = dense_ppr(w.g, seeds, o);
  const auto got = scores_of(see_also(w.g, seeds, o));
  EXPECT_FALSE(got.count(w.f2));
  EXPECT_FALSE(got.count(w.f5));
  ASSERT_TRUE(got.count(w.q));
  for (const auto& [f, score] : got) EXPECT_NEAR(score, pi(f), 1e-10) << "film " << f;
}

TEST(Ppr, ExplanationNamesTheEntitiesTheWalkCameThrough) {
  WalkWorld w;
  SeeAlsoOptions o;
  o.method = Method::ppr;
  o.k = 100;
  const auto r = see_also(w.g, w.q, o);
  expect_explained_and_sorted(r);
  const VertexId keyword = *w.g.find_entity(NodeKind::keyword, "K");
  const VertexId director = *w.g.find_entity(NodeKind::person, "D");
  bool saw_keyword = false, saw_director = false;
  for (std::size_t i = 0; i < r.films.size(); ++i)
    for (auto t = r.term_offsets[i]; t < r.term_offsets[i + 1]; ++t) {
      if (r.term_entity[t] == keyword) {
        // q does not link to K: f6 is reached through f2 and f3.
        EXPECT_EQ(r.term_query_relation[t], kNoRelationCode);
        saw_keyword = true;
      }
      if (r.films[i] == w.f2 && r.term_entity[t] == director) {
        EXPECT_EQ(r.term_query_relation[t], static_cast<std::uint8_t>(Relation::directed_by));
        EXPECT_EQ(r.term_film_relation[t], static_cast<std::uint8_t>(Relation::produced_by));
        saw_director = true;
      }
    }
  EXPECT_TRUE(saw_keyword);
  EXPECT_TRUE(saw_director);
}

TEST(Ppr, ScratchIsCleanAfterEachQueryAndAfterAnError) {
  WalkWorld w;
  HubWorld big;
  SeeAlsoOptions o;
  o.method = Method::ppr;
  o.k = 100;
  SeeAlsoResult fresh;
  std::thread([&] { fresh = see_also(w.g, w.f3, o); }).join();  // a thread that has run nothing else

  see_also(big.g, big.q, o);  // a larger graph first
  see_also(w.g, w.q, o);
  SeeAlsoOptions bad = o;
  const std::vector<double> popularity(w.g.film_count(), -1.0);
  bad.popularity = popularity;
  bad.popularity_beta = 1.0;
  EXPECT_THROW(see_also(w.g, w.q, bad), std::invalid_argument);
  const auto again = see_also(w.g, w.f3, o);
  EXPECT_EQ(again.films, fresh.films);
  EXPECT_EQ(again.scores, fresh.scores);
  EXPECT_EQ(again.term_contribution, fresh.term_contribution);
}

TEST(Ppr, ASeedWithNothingToWalkHasNoResults) {
  WalkWorld w;
  SeeAlsoOptions o;
  o.method = Method::ppr;
  EXPECT_TRUE(see_also(w.g, w.f8, o).films.empty());
  o.relations = relation_bit(Relation::genre);  // q has no genre
  EXPECT_TRUE(see_also(w.g, w.q, o).films.empty());
}

// ------------------------------------------------------------ pathsim

// q: directed by D, with A and B in the cast. f1 has D as director and A;
// f2 has D as producer (no director-director path) and B and C; f3 has C.
struct PathWorld {
  FilmGraph g;
  VertexId q, f1, f2, f3;
  PathWorld() {
    GraphBuilder b;
    q = b.add_film("q", "Query", 2000).film;
    f1 = b.add_film("f1", "One", 2000).film;
    f2 = b.add_film("f2", "Two", 2000).film;
    f3 = b.add_film("f3", "Three", 2000).film;
    b.add_link(q, named(Relation::directed_by, "D"));
    b.add_link(q, named(Relation::cast, "A"));
    b.add_link(q, named(Relation::cast, "B"));
    b.add_link(f1, named(Relation::directed_by, "D"));
    b.add_link(f1, named(Relation::cast, "A"));
    b.add_link(f2, named(Relation::produced_by, "D"));
    b.add_link(f2, named(Relation::cast, "B"));
    b.add_link(f2, named(Relation::cast, "C"));
    b.add_link(f3, named(Relation::cast, "C"));
    g = b.freeze();
  }
};

TEST(PathSim, IsTheWeightedSumOfEachMetaPathsPathSim) {
  PathWorld w;
  SeeAlsoOptions o;
  o.method = Method::pathsim;
  o.hub_weighting = HubWeighting::none;
  o.weights[Relation::directed_by] = 1.0;
  o.weights[Relation::cast] = 0.5;
  const auto r = see_also(w.g, w.q, o);
  const auto got = scores_of(r);
  ASSERT_EQ(got.size(), 2u);  // f3 shares no meta-path with q
  // Director path: 2*1/(1+1); cast path: 2*1/(2+1) for f1, 2*1/(2+2) for f2,
  // whose producer D joins no director-director path.
  EXPECT_NEAR(got.at(w.f1), 1.0 * 1.0 + 0.5 * (2.0 / 3.0), 1e-12);
  EXPECT_NEAR(got.at(w.f2), 0.5 * 0.5, 1e-12);
  ASSERT_EQ(r.films[0], w.f1);
  ASSERT_EQ(r.term_offsets[1], 2u);  // D's share, then A's
  EXPECT_NEAR(r.term_contribution[0], 1.0, 1e-12);
  EXPECT_NEAR(r.term_contribution[1], 1.0 / 3.0, 1e-12);
  expect_explained_and_sorted(r);

  // Through D alone, cooccurrence finds both films; pathsim only the one D
  // directed.
  o.relations = relation_bit(Relation::directed_by) | relation_bit(Relation::produced_by);
  EXPECT_EQ(see_also(w.g, w.q, o).films, std::vector<VertexId>{w.f1});
  o.method = Method::cooccurrence;
  EXPECT_EQ(see_also(w.g, w.q, o).films, (std::vector<VertexId>{w.f1, w.f2}));
}

TEST(PathSim, HubWeightingWeighsEachPathInstance) {
  PathWorld w;
  SeeAlsoOptions o;
  o.method = Method::pathsim;
  o.hub_weighting = HubWeighting::resource_allocation;  // h = 1 / films
  o.weights[Relation::cast] = 1.0;
  o.relations = relation_bit(Relation::cast);
  // Over cast paths, q has A (2 films) and B (2); f2 has B (2) and C (2).
  const auto got = scores_of(see_also(w.g, w.q, o));
  EXPECT_NEAR(got.at(w.f2), 2.0 * 0.5 / (1.0 + 1.0), 1e-12);
  EXPECT_NEAR(got.at(w.f1), 2.0 * 0.5 / (1.0 + 0.5), 1e-12);
}

// ------------------------------------------------------------ rp3beta

// q reaches P through director A (weight 1) and U through cast member B
// (weight 0.5); P also has fifteen keywords no one else has.
struct PopularWorld {
  FilmGraph g;
  VertexId q, popular, unpopular;
  PopularWorld() {
    GraphBuilder b;
    q = b.add_film("q", "Query", 2000).film;
    popular = b.add_film("p", "Popular", 2000).film;
    unpopular = b.add_film("u", "Unpopular", 2000).film;
    b.add_link(q, named(Relation::directed_by, "A"));
    b.add_link(q, named(Relation::cast, "B"));
    b.add_link(popular, named(Relation::directed_by, "A"));
    b.add_link(unpopular, named(Relation::cast, "B"));
    for (int i = 0; i < 15; ++i) b.add_link(popular, named(Relation::keyword, "k" + std::to_string(i)));
    g = b.freeze();
  }
};

TEST(Rp3Beta, PopularityPenaltyFlipsTheOrder) {
  PopularWorld w;
  SeeAlsoOptions o;
  o.method = Method::rp3beta;
  o.hub_weighting = HubWeighting::none;
  o.weights[Relation::directed_by] = 1.0;
  o.weights[Relation::cast] = 0.5;
  o.popularity_beta = 0.0;
  // P(q->A) = 1/1.5, P(A->P) = 1/2; P(q->B) = 0.5/1.5, P(B->U) = 1/2.
  auto r = see_also(w.g, w.q, o);
  ASSERT_EQ(r.films.size(), 2u);
  EXPECT_EQ(r.films[0], w.popular);
  EXPECT_NEAR(r.scores[0], 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.scores[1], 1.0 / 6.0, 1e-12);

  o.popularity_beta.reset();  // rp3beta's own default, 0.5, on links: P has 16, U 1
  r = see_also(w.g, w.q, o);
  EXPECT_EQ(r.films[0], w.unpopular);
  EXPECT_NEAR(scores_of(r).at(w.popular), (1.0 / 3.0) / 4.0, 1e-12);

  // A popularity of the caller's: U is now the popular one.
  std::vector<double> popularity(w.g.film_count(), 0.0);
  popularity[w.unpopular] = 100.0;
  o.popularity = popularity;
  r = see_also(w.g, w.q, o);
  EXPECT_EQ(r.films[0], w.popular);
  EXPECT_NEAR(scores_of(r).at(w.unpopular), (1.0 / 6.0) / 10.0, 1e-12);
  EXPECT_NEAR(scores_of(r).at(w.popular), 1.0 / 3.0, 1e-12);  // popularity 0 counts as 1
  expect_explained_and_sorted(r);

  o.rp3_alpha = 2.0;
  o.popularity_beta = 0.0;
  EXPECT_NEAR(scores_of(see_also(w.g, w.q, o)).at(w.popular), (4.0 / 9.0) * 0.25, 1e-12);
}

TEST(Rp3Beta, AnEntityPassesTheWalkOnByRelationWeight) {
  GraphBuilder b;
  const auto q = b.add_film("q", "Query", 2000).film;
  const auto f1 = b.add_film("f1", "UK", 2000).film;
  const auto f2 = b.add_film("f2", "UK too", 2000).film;
  const auto f3 = b.add_film("f3", "X acts", 2000).film;
  b.add_link(q, named(Relation::country, "UK"));
  b.add_link(q, named(Relation::directed_by, "X"));
  b.add_link(f1, named(Relation::country, "UK"));
  b.add_link(f2, named(Relation::country, "UK"));
  b.add_link(f3, named(Relation::cast, "X"));
  const FilmGraph g = b.freeze();
  SeeAlsoOptions o;
  o.method = Method::rp3beta;
  o.hub_weighting = HubWeighting::none;
  o.popularity_beta = 0.0;
  o.weights[Relation::country] = 0.2;
  o.weights[Relation::directed_by] = 1.0;
  o.weights[Relation::cast] = 0.5;
  // P(q->UK) = 0.2/1.2, P(UK->f1) = 0.2/(3*0.2); P(q->X) = 1/1.2, P(X->f3) = 0.5/(1+0.5).
  auto got = scores_of(see_also(g, q, o));
  EXPECT_NEAR(got.at(f1), (1.0 / 6.0) * (1.0 / 3.0), 1e-12);
  EXPECT_NEAR(got.at(f2), (1.0 / 6.0) * (1.0 / 3.0), 1e-12);
  EXPECT_NEAR(got.at(f3), (5.0 / 6.0) * (1.0 / 3.0), 1e-12);
  o.relations = kAllRelations & ~relation_bit(Relation::cast);  // X now leads back to q alone
  got = scores_of(see_also(g, q, o));
  EXPECT_FALSE(got.count(f3));
  EXPECT_NEAR(got.at(f1), (1.0 / 6.0) * (1.0 / 3.0), 1e-12);
}

TEST(Rp3Beta, PopularityMustFitTheGraph) {
  PopularWorld w;
  SeeAlsoOptions o;
  o.method = Method::rp3beta;
  const std::vector<double> short_list(2, 1.0);
  o.popularity = short_list;
  EXPECT_THROW(see_also(w.g, w.q, o), std::invalid_argument);
  std::vector<double> bad(w.g.film_count(), 1.0);
  bad[w.popular] = std::nan("");
  o.popularity = bad;
  EXPECT_THROW(see_also(w.g, w.q, o), std::invalid_argument);
}

// ------------------------------------------------------------ every method

TEST(Methods, PopularityPenaltyDividesEveryMethodsScore) {
  WalkWorld w;
  std::vector<double> popularity(w.g.film_count());
  for (std::size_t f = 0; f < popularity.size(); ++f) popularity[f] = 1.0 + 3.0 * static_cast<double>(f);
  for (Method m : kMethods) {
    SCOPED_TRACE(name_of(m));
    SeeAlsoOptions o;
    o.method = m;
    o.k = 100;
    o.popularity_beta = 0.0;
    const auto plain = scores_of(see_also(w.g, w.q, o));
    o.popularity_beta = 0.7;
    o.popularity = popularity;
    const auto penalised = see_also(w.g, w.q, o);
    expect_explained_and_sorted(penalised);
    ASSERT_EQ(penalised.films.size(), plain.size());
    for (std::size_t i = 0; i < penalised.films.size(); ++i) {
      const VertexId f = penalised.films[i];
      EXPECT_NEAR(penalised.scores[i], plain.at(f) / std::pow(popularity[f], 0.7), 1e-15);
    }
  }
}

TEST(Methods, ExplanationsSumToScoresUnderEveryOption) {
  HubWorld hubs;
  FilterWorld filters;
  WalkWorld walks;
  for (Method m : kMethods)
    for (auto hub : {HubWeighting::none, HubWeighting::resource_allocation, HubWeighting::adamic_adar,
                     HubWeighting::idf})
      for (const auto* world : {&hubs.g, &filters.g, &walks.g}) {
        SCOPED_TRACE(name_of(m));
        SeeAlsoOptions o;
        o.method = m;
        o.hub_weighting = hub;
        o.k = 20;
        const auto r = see_also(*world, 0, o);  // film 0 is each world's query
        EXPECT_FALSE(r.films.empty());
        expect_explained_and_sorted(r);
      }
}

// Every method is linear in its seeds: a seed set scores as the weighted mean
// of its seeds' scores (cooccurrence without normalisation, whose query is the
// weighted sum of the seeds' vectors; ppr at a tight tolerance).
TEST(Methods, SeedSetsScoreAsTheWeightedMeanOfTheirSeeds) {
  WalkWorld w;
  const std::vector<Seed> seeds{{w.q, 2.0}, {w.f6, 1.0}, {w.q, 1.0}};  // q twice: 3 in all
  for (Method m : kMethods) {
    SCOPED_TRACE(name_of(m));
    SeeAlsoOptions o;
    o.method = m;
    o.k = 100;
    o.normalization = Normalization::none;
    o.ppr_epsilon = 1e-14;
    const auto from_q = scores_of(see_also(w.g, w.q, o));
    const auto from_f6 = scores_of(see_also(w.g, w.f6, o));
    const auto both = see_also(w.g, seeds, o);
    expect_explained_and_sorted(both);
    const auto got = scores_of(both);
    EXPECT_FALSE(got.count(w.q));
    EXPECT_FALSE(got.count(w.f6));
    std::size_t expected_films = 0;
    for (VertexId f = 0; f < w.g.film_count(); ++f) {
      if (f == w.q || f == w.f6) continue;
      const double a = from_q.count(f) ? from_q.at(f) : 0.0;
      const double b = from_f6.count(f) ? from_f6.at(f) : 0.0;
      if (a + b == 0.0) continue;
      ++expected_films;
      ASSERT_TRUE(got.count(f)) << "film " << f;
      EXPECT_NEAR(got.at(f), 0.75 * a + 0.25 * b, 1e-11) << "film " << f;
    }
    EXPECT_EQ(got.size(), expected_films);
  }
}

TEST(Methods, FiltersHoldUnderEveryMethod) {
  FilterWorld w;
  for (Method m : kMethods) {
    SCOPED_TRACE(name_of(m));
    SeeAlsoOptions base;
    base.method = m;
    const auto all = see_also(w.g, w.q, base);
    EXPECT_EQ(all.films.size(), 6u);

    SeeAlsoOptions o = base;
    o.min_year = 2005;
    o.max_year = 2013;
    auto r = see_also(w.g, w.q, o);
    EXPECT_TRUE(FilterWorld::has(r, w.b));
    for (VertexId f : r.films) {
      EXPECT_GE(w.g.year(f), 2005);
      EXPECT_LE(w.g.year(f), 2013);
    }

    o = base;
    o.relations = relation_bit(Relation::country);
    EXPECT_EQ(see_also(w.g, w.q, o).films, std::vector<VertexId>{w.e});

    o = base;
    o.exclude_same_director = true;
    r = see_also(w.g, w.q, o);
    EXPECT_FALSE(FilterWorld::has(r, w.b));
    EXPECT_FALSE(FilterWorld::has(r, w.h));
    EXPECT_TRUE(FilterWorld::has(r, w.a));

    o = base;
    o.restrict_to = {*w.g.find_edition("MIFF", 2013)};
    EXPECT_EQ(see_also(w.g, w.q, o).films, std::vector<VertexId>{w.c});

    o = base;
    o.max_per_director = 1;
    r = see_also(w.g, w.q, o);
    EXPECT_NE(FilterWorld::has(r, w.b), FilterWorld::has(r, w.h));
    EXPECT_EQ(r.films.size(), 5u);

    o = base;
    o.k = 2;
    r = see_also(w.g, w.q, o);
    EXPECT_EQ(r.films, std::vector<VertexId>(all.films.begin(), all.films.begin() + 2));
    o.k = 0;
    EXPECT_TRUE(see_also(w.g, w.q, o).films.empty());
  }
}

TEST(Methods, LearnedWeightsOfAnySizeAndZeroIgnoresARelation) {
  FilterWorld w;
  for (Method m : kMethods) {
    SCOPED_TRACE(name_of(m));
    SeeAlsoOptions o;
    o.method = m;
    o.weights[Relation::production_company] = 0.0;  // a is joined to q by K alone
    auto r = see_also(w.g, w.q, o);
    EXPECT_FALSE(FilterWorld::has(r, w.a));
    EXPECT_TRUE(FilterWorld::has(r, w.b));
    expect_explained_and_sorted(r);
    for (std::size_t t = 0; t < r.term_film_relation.size(); ++t)
      EXPECT_NE(r.term_film_relation[t], static_cast<std::uint8_t>(Relation::production_company));

    // Large learned weights: the country alone, weighted far above the rest,
    // puts e first.
    o = SeeAlsoOptions{};
    o.method = m;
    for (auto& weight : o.weights.weight) weight = weight > 0.0 ? 0.01 : 0.0;
    o.weights[Relation::country] = 37.5;
    r = see_also(w.g, w.q, o);
    ASSERT_FALSE(r.films.empty());
    EXPECT_EQ(r.films[0], w.e);
    expect_explained_and_sorted(r);
  }
}

TEST(Methods, RejectBadOptions) {
  FilterWorld w;
  const auto rejects = [&](auto&& change) {
    SeeAlsoOptions o;
    change(o);
    EXPECT_THROW(see_also(w.g, w.q, o), std::invalid_argument);
  };
  rejects([](SeeAlsoOptions& o) { o.ppr_alpha = 0.0; });
  rejects([](SeeAlsoOptions& o) { o.ppr_alpha = 1.5; });
  rejects([](SeeAlsoOptions& o) { o.ppr_epsilon = 0.0; });
  rejects([](SeeAlsoOptions& o) { o.rp3_alpha = -1.0; });
  rejects([](SeeAlsoOptions& o) { o.popularity_beta = -0.5; });
  rejects([](SeeAlsoOptions& o) { o.weights[Relation::genre] = std::nan(""); });
  SeeAlsoOptions o;
  EXPECT_THROW(see_also(w.g, std::span<const Seed>{}, o), std::invalid_argument);
  const std::vector<Seed> weightless{{w.q, 0.0}};
  EXPECT_THROW(see_also(w.g, weightless, o), std::invalid_argument);
  const std::vector<Seed> not_a_film{{w.q, 1.0}, {*w.g.find_entity(NodeKind::company, "K"), 1.0}};
  EXPECT_THROW(see_also(w.g, not_a_film, o), std::invalid_argument);
}

}  // namespace
}  // namespace reelgraph
