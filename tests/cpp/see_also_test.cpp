#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <string>

#include "reelgraph/graph.hpp"
#include "reelgraph/see_also.hpp"
#include "synthetic_graph.hpp"
#include "worlds.hpp"

namespace reelgraph {
namespace {
using namespace reelgraph::test_worlds;

TEST(SeeAlso, HubDownWeightingChangesTheOrder) {
  HubWorld w;
  SeeAlsoOptions o;
  o.k = 3;
  o.normalization = Normalization::none;
  o.hub_weighting = HubWeighting::none;
  auto plain = see_also(w.g, w.q, o);
  ASSERT_FALSE(plain.films.empty());
  EXPECT_EQ(plain.films[0], w.f1);  // two shared names beat one

  o.hub_weighting = HubWeighting::resource_allocation;
  auto weighted = see_also(w.g, w.q, o);
  ASSERT_FALSE(weighted.films.empty());
  EXPECT_EQ(weighted.films[0], w.f2);  // one rare name beats two crowded ones
  EXPECT_NEAR(weighted.scores[0], 0.5 * 0.5 * (1.0 / 2), 1e-12);  // w_cast^2 / deg(B)
}

TEST(SeeAlso, ExplanationTermsSumToTheScore) {
  HubWorld w;
  for (auto norm : {Normalization::none, Normalization::cosine, Normalization::pathsim}) {
    for (auto hub : {HubWeighting::none, HubWeighting::resource_allocation, HubWeighting::adamic_adar,
                     HubWeighting::idf}) {
      SeeAlsoOptions o;
      o.normalization = norm;
      o.hub_weighting = hub;
      const auto r = see_also(w.g, w.q, o);
      ASSERT_EQ(r.films.size(), 10u);
      for (std::size_t i = 0; i < r.films.size(); ++i) {
        EXPECT_GT(r.term_offsets[i + 1], r.term_offsets[i]);
        EXPECT_NEAR(term_sum(r, i), r.scores[i], 1e-12);
        if (i > 0) EXPECT_GE(r.scores[i - 1], r.scores[i]);
      }
    }
  }
}

TEST(SeeAlso, CosineOfAFilmWithItsTwinIsOne) {
  GraphBuilder b;
  const auto q = b.add_film("q", "Q", 2000).film;
  const auto twin = b.add_film("t", "Twin", 2000).film;
  for (auto f : {q, twin}) {
    b.add_link(f, named(Relation::directed_by, "D"));
    b.add_link(f, named(Relation::genre, "Drama"));
  }
  const FilmGraph g = b.freeze();
  SeeAlsoOptions o;
  o.normalization = Normalization::cosine;
  o.popularity_beta = 0.0;  // the cosine alone
  const auto r = see_also(g, q, o);
  ASSERT_EQ(r.films.size(), 1u);
  EXPECT_NEAR(r.scores[0], 1.0, 1e-12);
}

TEST(SeeAlso, HubsAreNotExpandedButStillCount) {
  HubWorld w;
  SeeAlsoOptions exhaustive;
  exhaustive.hub_degree = 1000;
  const auto all = see_also(w.g, w.q, exhaustive);

  SeeAlsoOptions capped;
  capped.hub_degree = 10;  // A and C (41 films each) are hubs, B is not
  capped.expand_hubs_when_short = false;
  const auto found = see_also(w.g, w.q, capped);
  ASSERT_EQ(found.films.size(), 1u);
  EXPECT_EQ(found.films[0], w.f2);
  EXPECT_EQ(found.candidates_scored, 1u);
  // Its score is the exhaustive one: nothing but reach is lost.
  const auto at = std::find(all.films.begin(), all.films.end(), w.f2) - all.films.begin();
  ASSERT_LT(static_cast<std::size_t>(at), all.films.size());
  EXPECT_DOUBLE_EQ(found.scores[0], all.scores[at]);

  capped.expand_hubs_when_short = true;
  const auto expanded = see_also(w.g, w.q, capped);
  EXPECT_EQ(expanded.films, all.films);
  EXPECT_EQ(expanded.scores, all.scores);
}

TEST(SeeAlso, DefaultRanksMakersAboveAnotherYearsFestival) {
  FilterWorld w;
  const auto r = see_also(w.g, w.q, SeeAlsoOptions{});
  ASSERT_EQ(r.films.size(), 6u);
  EXPECT_EQ(r.films[0], w.b);  // company and director
  EXPECT_EQ(r.films.back(), w.d);  // a festival of another year, nothing else
}

TEST(SeeAlso, YearRangeDropsFilmsOutsideAndOfUnknownYear) {
  FilterWorld w;
  SeeAlsoOptions o;
  o.min_year = 2005;
  o.max_year = 2013;
  const auto r = see_also(w.g, w.q, o);
  EXPECT_FALSE(FilterWorld::has(r, w.a));
  EXPECT_FALSE(FilterWorld::has(r, w.e));
  EXPECT_TRUE(FilterWorld::has(r, w.b));
  EXPECT_TRUE(FilterWorld::has(r, w.c));
  o.min_year = 2014;
  EXPECT_THROW(see_also(w.g, w.q, o), std::invalid_argument);
}

TEST(SeeAlso, RelationMaskLimitsWhatCounts) {
  FilterWorld w;
  SeeAlsoOptions o;
  o.relations = relation_bit(Relation::country);
  const auto r = see_also(w.g, w.q, o);
  ASSERT_EQ(r.films.size(), 1u);
  EXPECT_EQ(r.films[0], w.e);
}

TEST(SeeAlso, ExcludeSameDirector) {
  FilterWorld w;
  SeeAlsoOptions o;
  o.exclude_same_director = true;
  const auto r = see_also(w.g, w.q, o);
  EXPECT_FALSE(FilterWorld::has(r, w.b));
  EXPECT_FALSE(FilterWorld::has(r, w.h));
  EXPECT_TRUE(FilterWorld::has(r, w.a));
}

TEST(SeeAlso, RestrictToAnEdition) {
  FilterWorld w;
  SeeAlsoOptions o;
  o.restrict_to = {*w.g.find_edition("MIFF", 2013)};
  const auto r = see_also(w.g, w.q, o);
  ASSERT_EQ(r.films.size(), 1u);
  EXPECT_EQ(r.films[0], w.c);
}

TEST(SeeAlso, AtMostNPerDirector) {
  FilterWorld w;
  SeeAlsoOptions o;
  o.max_per_director = 1;
  const auto r = see_also(w.g, w.q, o);
  EXPECT_TRUE(FilterWorld::has(r, w.b));  // the better of D1's two
  EXPECT_FALSE(FilterWorld::has(r, w.h));
  EXPECT_EQ(r.films.size(), 5u);
}

TEST(SeeAlso, FilmWithNoLinksHasNoSeeAlso) {
  GraphBuilder b;
  const auto lone = b.add_film("lone", "Alone", 2000).film;
  b.add_film("other", "Other", 2000);
  const FilmGraph g = b.freeze();
  EXPECT_TRUE(see_also(g, lone, SeeAlsoOptions{}).films.empty());
}

TEST(SeeAlso, RejectsBadArguments) {
  FilterWorld w;
  const VertexId entity = *w.g.find_entity(NodeKind::company, "K");
  EXPECT_THROW(see_also(w.g, entity, SeeAlsoOptions{}), std::invalid_argument);
  SeeAlsoOptions o;
  o.weights[Relation::cast] = -1.0;
  EXPECT_THROW(see_also(w.g, w.q, o), std::invalid_argument);
  SeeAlsoOptions far;
  far.restrict_to = {999999};
  EXPECT_THROW(see_also(w.g, w.q, far), std::invalid_argument);
}

TEST(SeeAlso, TiesBreakByFilmOrder) {
  HubWorld w;
  SeeAlsoOptions o;
  o.hub_degree = 1000;
  o.k = 50;
  const auto r = see_also(w.g, w.q, o);
  for (std::size_t i = 1; i < r.films.size(); ++i)
    if (r.scores[i] == r.scores[i - 1]) EXPECT_LT(r.films[i - 1], r.films[i]);
}

}  // namespace
}  // namespace reelgraph

namespace reelgraph {
namespace {
using namespace reelgraph::test_worlds;

// The query's director made six other films; thirty more share only a
// crowded genre. Excluding the director must not leave the list empty.
TEST(SeeAlso, HubsAreWalkedWhenFiltersLeaveTooFew) {
  GraphBuilder b;
  const auto q = b.add_film("q", "Query", 2000).film;
  b.add_link(q, named(Relation::directed_by, "D"));
  b.add_link(q, named(Relation::genre, "Drama"));
  for (int i = 0; i < 6; ++i) b.add_link(b.add_film("d" + std::to_string(i), "By D", 2000).film, named(Relation::directed_by, "D"));
  for (int i = 0; i < 30; ++i) b.add_link(b.add_film("g" + std::to_string(i), "Drama", 2000).film, named(Relation::genre, "Drama"));
  const FilmGraph g = b.freeze();
  SeeAlsoOptions o;
  o.k = 5;
  o.hub_degree = 10;  // Drama (31 films) is a hub, D (7) is not
  o.exclude_same_director = true;
  o.expand_hubs_when_short = true;  // padding asked for
  const auto r = see_also(g, q, o);
  EXPECT_EQ(r.films.size(), 5u);
  for (VertexId f : r.films) EXPECT_EQ(g.name(f), "Drama");
  o.max_per_director = 1;  // the same through the diversity cap
  o.exclude_same_director = false;
  const auto capped = see_also(g, q, o);
  EXPECT_EQ(capped.films.size(), 5u);
}

}  // namespace
}  // namespace reelgraph

namespace reelgraph {
namespace {

TEST(SeeAlsoHubWalk, IsBoundedByDefaultAndExactOnRequest) {
  // 3000 films sharing one country and nothing else: every list is filled
  // through that hub alone.
  GraphBuilder b;
  LinkSpec country;
  country.relation = Relation::country;
  country.name = "Somewhere";
  for (int i = 0; i < 3000; ++i) b.add_link(b.add_film("film-" + std::to_string(i), "Film " + std::to_string(i)).film, country);
  const FilmGraph g = b.freeze();

  SeeAlsoOptions o;
  o.k = 10;
  // No film shares more than the hub: by default the list is empty.
  EXPECT_TRUE(see_also(g, 0, o).films.empty());
  o.expand_hubs_when_short = true;  // padding asked for
  const SeeAlsoResult bounded = see_also(g, 0, o);
  EXPECT_EQ(bounded.films.size(), 10u);
  EXPECT_EQ(bounded.padded, std::vector<std::uint8_t>(10, 1));
  EXPECT_EQ(bounded.candidates_scored, 1000u);  // max(1000, 50 k)

  o.hub_walk_limit = 0;  // the exact walk
  const SeeAlsoResult exact = see_also(g, 0, o);
  EXPECT_EQ(exact.candidates_scored, 2999u);
  // Here every hub-only film ties, and ties go to the lower vertex: the
  // bounded walk, which visits films in vertex order, finds the same list.
  EXPECT_EQ(bounded.films, exact.films);
  EXPECT_EQ(bounded.scores, exact.scores);

  o.hub_walk_limit = 4;
  const SeeAlsoResult tiny = see_also(g, 0, o);
  EXPECT_EQ(tiny.candidates_scored, 4u);
  EXPECT_EQ(tiny.films.size(), 4u);  // fewer than k: the limit is a promise about work
}

// Ranking by bounds first must not change a single result: the same films,
// scores, explanations and reach as scoring every candidate exactly, over a
// heavy-tailed catalogue whose lists are full of ties.
TEST(SeeAlsoPruning, GivesTheResultOfScoringEveryCandidate) {
  static const FilmGraph g = synthetic::film_graph(6000, 11);
  std::vector<SeeAlsoOptions> cases(6);
  cases[1].k = 1;
  cases[2].k = 60;
  cases[3].hub_weighting = HubWeighting::adamic_adar;
  cases[4].popularity_beta = 0.5;
  cases[5].min_year = 1990;
  cases[5].hub_degree = 40;  // more hubs, so more of the score comes from the bound
  std::size_t compared = 0;
  for (std::size_t c = 0; c < cases.size(); ++c) {
    SeeAlsoOptions pruned = cases[c];
    if (c != 1 && c != 2) pruned.k = 20;
    SeeAlsoOptions exact = pruned;
    exact.prune_by_bounds = false;
    for (VertexId f = 0; f < g.film_count(); f += 37) {
      const auto a = see_also(g, f, pruned);
      const auto b = see_also(g, f, exact);
      ASSERT_EQ(a.films, b.films) << "case " << c << ", film " << f;
      ASSERT_EQ(a.scores, b.scores) << "case " << c << ", film " << f;
      ASSERT_EQ(a.term_offsets, b.term_offsets);
      ASSERT_EQ(a.term_entity, b.term_entity);
      ASSERT_EQ(a.term_contribution, b.term_contribution);
      ASSERT_EQ(a.candidates_scored, b.candidates_scored);
      ++compared;
    }
  }
  EXPECT_GT(compared, 800u);
  // Several seeds at once, weighted.
  const std::vector<Seed> seeds{{3, 2.0}, {500, 1.0}, {4100, 0.5}};
  SeeAlsoOptions exact;
  exact.k = 25;
  exact.prune_by_bounds = false;
  SeeAlsoOptions pruned = exact;
  pruned.prune_by_bounds = true;
  const auto a = see_also(g, seeds, pruned);
  const auto b = see_also(g, seeds, exact);
  EXPECT_EQ(a.films, b.films);
  EXPECT_EQ(a.scores, b.scores);
}

TEST(SeeAlso, AnAbsurdKIsEveryFilmNotACrash) {
  // 4 k and 50 k once overflowed: k = 2^61 crashed, k = 2^63 - 1 gave a list
  // that was not even a prefix of the full one.
  const FilmGraph g = synthetic::film_graph(400, 3);
  for (const Method method : {Method::cooccurrence, Method::pathsim, Method::rp3beta, Method::ppr}) {
    for (const bool prune : {true, false}) {
      SeeAlsoOptions all;
      all.method = method;
      all.prune_by_bounds = prune;
      all.k = g.film_count();
      for (const VertexId film : {VertexId{0}, VertexId{7}, VertexId{123}}) {
        const SeeAlsoResult expected = see_also(g, film, all);
        ASSERT_GT(expected.films.size(), 10u);
        for (const std::size_t k : {std::size_t{1} << 61, (std::size_t{1} << 63) - 1, ~std::size_t{0},
                                    std::size_t{g.film_count()} + 1}) {
          SeeAlsoOptions o = all;
          o.k = k;
          const SeeAlsoResult got = see_also(g, film, o);
          EXPECT_EQ(got.films, expected.films) << "k " << k << " method " << static_cast<int>(method);
          EXPECT_EQ(got.scores, expected.scores);
        }
      }
    }
  }
}

}  // namespace
}  // namespace reelgraph
