// Role-aware evidence, the minimum-evidence rule and labelled padding.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "reelgraph/graph.hpp"
#include "reelgraph/see_also.hpp"
#include "worlds.hpp"

namespace reelgraph {
namespace {
using namespace reelgraph::test_worlds;

// Kane: directed by W, edited by E. E directed three other films; W directed
// one. A crew credit must not outrank the director's own film.
struct EditorWorld {
  FilmGraph g;
  VertexId kane{}, welles{};
  std::vector<VertexId> by_editor;
  EditorWorld() {
    GraphBuilder b;
    kane = b.add_film("kane", "Kane", 1941).film;
    welles = b.add_film("ambersons", "Ambersons", 1942).film;
    b.add_link(kane, named(Relation::directed_by, "W"));
    b.add_link(kane, named(Relation::edited_by, "E"));
    b.add_link(welles, named(Relation::directed_by, "W"));
    for (int i = 0; i < 3; ++i) {
      const auto f = b.add_film("e" + std::to_string(i), "By E " + std::to_string(i), 1960).film;
      b.add_link(f, named(Relation::directed_by, "E"));
      by_editor.push_back(f);
    }
    g = b.freeze();
  }
};

double score_of(const SeeAlsoResult& r, VertexId f) {
  const auto it = std::find(r.films.begin(), r.films.end(), f);
  return it == r.films.end() ? -1.0 : r.scores[static_cast<std::size_t>(it - r.films.begin())];
}

TEST(SeeAlsoRoles, ACrossRoleMatchCountsTheCrossRoleFraction) {
  EditorWorld w;
  SeeAlsoOptions o;
  o.hub_weighting = HubWeighting::none;
  o.popularity_beta = 0.0;
  o.cross_role = 1.0;  // every role alike: the editor's films score like the director's
  const auto alike = see_also(w.g, w.kane, o);
  ASSERT_EQ(alike.films.size(), 4u);
  const double same_role = score_of(alike, w.welles);
  const double cross = score_of(alike, w.by_editor[0]);
  EXPECT_NEAR(same_role, o.weights[Relation::directed_by] * o.weights[Relation::directed_by], 1e-12);
  EXPECT_NEAR(cross, o.weights[Relation::edited_by] * o.weights[Relation::directed_by], 1e-12);

  o.cross_role = 0.1;
  for (bool prune : {true, false}) {
    o.prune_by_bounds = prune;
    const auto aware = see_also(w.g, w.kane, o);
    ASSERT_EQ(aware.films.size(), 4u);
    EXPECT_EQ(aware.films[0], w.welles);
    EXPECT_NEAR(score_of(aware, w.welles), same_role, 1e-12);
    EXPECT_NEAR(score_of(aware, w.by_editor[0]), 0.1 * cross, 1e-12);
  }
}

TEST(SeeAlsoRoles, ASharedRoleAmongSeveralCountsInFull) {
  // P directed and acted in q; in f P only acted: the cast role is shared.
  GraphBuilder b;
  const auto q = b.add_film("q", "Q", 2000).film;
  const auto f = b.add_film("f", "F", 2001).film;
  b.add_link(q, named(Relation::directed_by, "P"));
  b.add_link(q, named(Relation::cast, "P"));
  b.add_link(f, named(Relation::cast, "P"));
  const FilmGraph g = b.freeze();
  SeeAlsoOptions o;
  o.hub_weighting = HubWeighting::none;
  o.popularity_beta = 0.0;
  const auto r = see_also(g, q, o);
  ASSERT_EQ(r.films.size(), 1u);
  // The strongest weights of each side, not cut by the cross-role factor.
  EXPECT_NEAR(r.scores[0], std::max(o.weights[Relation::directed_by], o.weights[Relation::cast]) *
                               o.weights[Relation::cast], 1e-12);
}

TEST(SeeAlsoRoles, CrossRoleOutOfRangeIsRefused) {
  EditorWorld w;
  SeeAlsoOptions o;
  o.cross_role = 1.5;
  EXPECT_THROW(see_also(w.g, w.kane, o), std::invalid_argument);
  o.cross_role = -0.1;
  EXPECT_THROW(see_also(w.g, w.kane, o), std::invalid_argument);
}

// q shares a broad genre (linked to 150 films) with everyone and a person with f.
struct BroadWorld {
  FilmGraph g;
  VertexId q{}, f{};
  BroadWorld() {
    GraphBuilder b;
    q = b.add_film("q", "Q", 2000).film;
    f = b.add_film("f", "F", 2000).film;
    b.add_link(q, named(Relation::genre, "Drama"));
    b.add_link(q, named(Relation::cast, "P"));
    b.add_link(f, named(Relation::cast, "P"));
    for (int i = 0; i < 150; ++i) {
      const auto o = b.add_film("d" + std::to_string(i), "D " + std::to_string(i), 1990).film;
      b.add_link(o, named(Relation::genre, "Drama"));
    }
    g = b.freeze();
  }
};

TEST(SeeAlsoRoles, AListIsShorterThanKRatherThanPaddedWithHubOnlyMatches) {
  BroadWorld w;
  SeeAlsoOptions o;  // default evidence degree: 100 films here
  ASSERT_EQ(evidence_degree(w.g, o), 100u);
  const auto r = see_also(w.g, w.q, o);
  ASSERT_EQ(r.films.size(), 1u);  // only the film sharing a person
  EXPECT_EQ(r.films[0], w.f);
  EXPECT_EQ(r.padded, std::vector<std::uint8_t>{0});

  // Padding when asked, and labelled.
  o.expand_hubs_when_short = true;
  const auto padded = see_also(w.g, w.q, o);
  ASSERT_EQ(padded.films.size(), 10u);
  ASSERT_EQ(padded.padded.size(), 10u);
  EXPECT_EQ(padded.films[0], w.f);
  EXPECT_EQ(padded.padded[0], 0);
  for (std::size_t i = 1; i < padded.films.size(); ++i) EXPECT_EQ(padded.padded[i], 1) << i;

  // A higher evidence degree makes the genre evidence enough.
  o.expand_hubs_when_short = false;
  o.evidence_degree = 1000;
  EXPECT_EQ(see_also(w.g, w.q, o).films.size(), 10u);
}

TEST(SeeAlsoRoles, ThePerDirectorCapGivesTheSameListPrunedOrNot) {
  // Many films by one director, a few by others: the cap forces the search
  // past the first k candidates.
  GraphBuilder b;
  const auto q = b.add_film("q", "Q", 2000).film;
  b.add_link(q, named(Relation::directed_by, "D"));
  b.add_link(q, named(Relation::cast, "A"));
  for (int i = 0; i < 30; ++i) {
    const auto f = b.add_film("d" + std::to_string(i), "D" + std::to_string(i), 2000).film;
    b.add_link(f, named(Relation::directed_by, "D"));
    if (i % 3 == 0) b.add_link(f, named(Relation::cast, "A"));
  }
  for (int i = 0; i < 12; ++i) {
    const auto f = b.add_film("o" + std::to_string(i), "O" + std::to_string(i), 2000).film;
    b.add_link(f, named(Relation::directed_by, "X" + std::to_string(i % 4)));
    b.add_link(f, named(Relation::cast, "A"));
  }
  const FilmGraph g = b.freeze();
  SeeAlsoOptions o;
  o.max_per_director = 2;
  o.prune_by_bounds = true;
  const auto pruned = see_also(g, q, o);
  o.prune_by_bounds = false;
  const auto plain = see_also(g, q, o);
  ASSERT_EQ(plain.films.size(), 10u);
  EXPECT_EQ(pruned.films, plain.films);
  EXPECT_EQ(pruned.scores, plain.scores);
}

}  // namespace
}  // namespace reelgraph
