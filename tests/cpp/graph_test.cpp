#include <gtest/gtest.h>

#include <stdexcept>

#include "reelgraph/graph.hpp"

namespace reelgraph {
namespace {

LinkSpec named(Relation r, std::string_view name) {
  LinkSpec l;
  l.relation = r;
  l.name = name;
  return l;
}

TEST(GraphBuilder, FilmIdsInAnySpellingAreOneFilm) {
  GraphBuilder b;
  const auto a = b.add_film("tt0038297", "A Matter of Life and Death", 1946);
  const auto again = b.add_film("https://www.imdb.com/title/tt0038297/", "a matter of life and death", 1946);
  EXPECT_TRUE(a.inserted);
  EXPECT_FALSE(again.inserted);
  EXPECT_EQ(a.film, again.film);
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.film_count(), 1u);
  EXPECT_EQ(g.film_by_id("tt38297"), a.film);
  EXPECT_EQ(g.key(a.film), "tt0038297");
}

TEST(GraphBuilder, OneIdCannotNameTwoFilms) {
  GraphBuilder b;
  b.add_film("tt0038297", "A Matter of Life and Death", 1946);
  EXPECT_THROW(b.add_film("tt0038297", "Stairway to Heaven", 1946), std::invalid_argument);
  EXPECT_THROW(b.add_film("nm0000122", "A person", 1946), std::invalid_argument);
}

TEST(GraphBuilder, OneIdCannotNameAFilmAndAnEntity) {
  GraphBuilder b;
  const auto film = b.add_film("Q1000001", "A Film Known by Its Wikidata Id", 2001).film;
  LinkSpec person;
  person.relation = Relation::cast;
  person.entity_id = "Q1000001";
  EXPECT_THROW(b.add_link(film, person), std::invalid_argument);
  person.entity_id = "Q1000002";
  b.add_link(film, person);
  EXPECT_THROW(b.add_film("Q1000002", "An Actor's Id Used as a Film", 2002), std::invalid_argument);
  const FilmGraph g = b.freeze();  // the refusals left nothing behind
  EXPECT_EQ(g.film_count(), 1u);
  EXPECT_EQ(g.vertex_count(), 2u);
}

TEST(GraphBuilder, TwoFilmsWithOneTitleStayApart) {
  GraphBuilder b;
  const auto doc = b.add_film("game-2002", "The Game of Their Lives", 2002);
  const auto drama = b.add_film("game-2005", "The Game of Their Lives", 2005);
  EXPECT_NE(doc.film, drama.film);
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.film_count(), 2u);
  const auto& titled = g.films_titled("the game of their lives");
  ASSERT_EQ(titled.size(), 2u);
  EXPECT_EQ(g.year(titled[0]) + g.year(titled[1]), 2002 + 2005);
}

TEST(GraphBuilder, AliasesMergeSpellingsOfOnePerson) {
  GraphBuilder b;
  b.add_alias(NodeKind::person, "Kim Gwang-Hun", "Kim Gwang Hun");
  const auto f1 = b.add_film("f1", "Comrade Kim Goes Flying", 2012);
  const auto f2 = b.add_film("f2", "Another film", 2014);
  b.add_link(f1.film, named(Relation::directed_by, "Kim Gwang Hun"));
  b.add_link(f2.film, named(Relation::directed_by, "kim  gwang-hun"));
  const FilmGraph g = b.freeze();
  const auto person = g.find_entity(NodeKind::person, "KIM GWANG-HUN");
  ASSERT_TRUE(person.has_value());
  EXPECT_EQ(g.name(*person), "Kim Gwang Hun");  // the first spelling seen is shown
  EXPECT_EQ(g.film_degree(*person), 2u);
  EXPECT_EQ(g.kind_counts()[static_cast<int>(NodeKind::person)], 1u);
}

TEST(GraphBuilder, AliasAfterUseIsRefused) {
  GraphBuilder b;
  const auto f = b.add_film("f1", "Film", 2012);
  b.add_link(f.film, named(Relation::directed_by, "Kim Gwang-Hun"));
  EXPECT_THROW(b.add_alias(NodeKind::person, "Kim Gwang-Hun", "Kim Gwang Hun"), std::invalid_argument);
}

TEST(GraphBuilder, AliasesChainAndNeverLoop) {
  GraphBuilder b;
  b.add_alias(NodeKind::person, "A", "B");
  b.add_alias(NodeKind::person, "B", "A");  // says nothing new: both are B
  b.add_alias(NodeKind::person, "C", "A");  // C -> A -> B
  EXPECT_THROW(b.add_alias(NodeKind::person, "A", "D"), std::invalid_argument);  // A is taken
  const auto f = b.add_film("f1", "Film", 2012);
  b.add_link(f.film, named(Relation::cast, "C"));
  b.add_link(f.film, named(Relation::cast, "A"));
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.vertex_count(), 2u);
  EXPECT_EQ(g.name(*g.find_entity(NodeKind::person, "c")), "B");
}

TEST(GraphBuilder, OneRoleOrTwoTheSamePersonOnce) {
  GraphBuilder b;
  const auto f = b.add_film("f1", "Film", 2012);
  b.add_link(f.film, named(Relation::directed_by, "Nicholas Bonner"));
  b.add_link(f.film, named(Relation::produced_by, "Nicholas Bonner"));
  b.add_link(f.film, named(Relation::produced_by, "Nicholas Bonner"));  // a duplicate row
  LinkSpec miff = named(Relation::screened_at, "MIFF");
  miff.year = 2013;
  b.add_link(f.film, miff);
  LinkSpec miff_any_year = named(Relation::screened_at, "MIFF");
  b.add_link(f.film, miff_any_year);  // its festival link came with the edition, but as a row it is new
  b.add_link(f.film, miff);           // a duplicate row
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.duplicate_links(), 2u);
  EXPECT_EQ(g.vertex_count(), 4u);  // the person, the festival, its edition
  const auto counts = g.relation_counts();
  EXPECT_EQ(counts[static_cast<int>(Relation::directed_by)], 1u);
  EXPECT_EQ(counts[static_cast<int>(Relation::produced_by)], 1u);
}

TEST(GraphBuilder, NoFestivalNameForgesAnEditionKey) {
  GraphBuilder b;
  const auto f = b.add_film("f", "Film", 2013);
  b.add_link(f.film, named(Relation::screened_at, "MIFF@2013"));
  b.add_link(f.film, named(Relation::screened_at, "MIFF\x1f" "2013"));  // the control character is dropped
  LinkSpec edition = named(Relation::screened_at, "MIFF");
  edition.year = 2013;
  EXPECT_NO_THROW(b.add_link(f.film, edition));
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.kind_counts()[static_cast<int>(NodeKind::festival)], 3u);
  EXPECT_TRUE(g.find_edition("MIFF", 2013).has_value());
  EXPECT_EQ(g.name(*g.find_entity(NodeKind::festival, "MIFF2013")), "MIFF2013");
}

TEST(GraphBuilder, ScreeningsBecomeFestivalEditionAndSection) {
  GraphBuilder b;
  b.add_alias(NodeKind::festival, "MIFF", "Melbourne International Film Festival");
  const auto f = b.add_film("ckgf", "Comrade Kim Goes Flying", 2012);
  const auto other = b.add_film("broken", "Broken", 0);
  LinkSpec s = named(Relation::screened_at, "MIFF");
  s.year = 2013;
  s.section = "Inside the DPRK";
  b.add_link(f.film, s);
  LinkSpec s2 = named(Relation::screened_at, "Melbourne International Film Festival");
  s2.year = 2013;
  b.add_link(other.film, s2);
  LinkSpec no_year = named(Relation::screened_at, "MIFF");
  no_year.section = "Inside the DPRK";
  EXPECT_THROW(b.add_link(f.film, no_year), std::invalid_argument);
  const FilmGraph g = b.freeze();

  const auto edition = g.find_edition("miff", 2013);
  ASSERT_TRUE(edition.has_value());
  EXPECT_EQ(g.kind(*edition), NodeKind::edition);
  EXPECT_EQ(g.name(*edition), "Melbourne International Film Festival 2013");
  EXPECT_EQ(g.year(*edition), 2013);
  EXPECT_EQ(g.film_degree(*edition), 2u);
  EXPECT_FALSE(g.find_edition("MIFF", 2012).has_value());
  const auto festival = g.find_entity(NodeKind::festival, "MIFF");
  ASSERT_TRUE(festival.has_value());
  EXPECT_EQ(g.film_degree(*festival), 2u);
  const auto counts = g.relation_counts();
  EXPECT_EQ(counts[static_cast<int>(Relation::screened_in)], 1u);
  EXPECT_EQ(counts[static_cast<int>(Relation::screened_at)], 2u);
  EXPECT_EQ(counts[static_cast<int>(Relation::festival)], 2u);
  EXPECT_EQ(counts[static_cast<int>(Relation::part_of)], 2u);  // section->edition->festival
}

TEST(GraphBuilder, IdsKeepKindsApart) {
  GraphBuilder b;
  const auto f = b.add_film("f1", "Film", 2012);
  LinkSpec person;
  person.relation = Relation::directed_by;
  person.entity_id = "Q42";
  b.add_link(f.film, person);
  LinkSpec company;
  company.relation = Relation::production_company;
  company.entity_id = "Q42";
  EXPECT_THROW(b.add_link(f.film, company), std::invalid_argument);
  LinkSpec film_as_person;
  film_as_person.relation = Relation::cast;
  film_as_person.entity_id = "tt0038297";
  EXPECT_THROW(b.add_link(f.film, film_as_person), std::invalid_argument);
  EXPECT_THROW(b.add_link(f.film, named(Relation::festival, "x")), std::invalid_argument);
  EXPECT_THROW(b.add_link(f.film, named(Relation::cast, "  ")), std::invalid_argument);
}

TEST(GraphBuilder, AFilmIdIsNeverAlsoAnEntityId) {
  // Wikidata and TMDB ids are shared by films and people: "Q42" cannot be
  // both, in either order, or two vertices would carry one key.
  GraphBuilder b;
  const auto f = b.add_film("Q42", "A Film", 2012);
  LinkSpec same;
  same.relation = Relation::cast;
  same.entity_id = "http://www.wikidata.org/entity/Q42";
  EXPECT_THROW(b.add_link(f.film, same), std::invalid_argument);
  same.entity_id = "tmdb:603";
  b.add_link(f.film, same);
  EXPECT_THROW(b.add_film("tmdb:603", "Another", 1999), std::invalid_argument);
  EXPECT_EQ(b.film_count(), 1u);
  EXPECT_EQ(b.entity_count(), 1u);
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.film_by_id("wd:Q42"), 0u);
  EXPECT_EQ(g.find_entity(NodeKind::person, "tmdb:603"), std::optional<VertexId>(1));
}

TEST(FilmGraph, LinksAreSortedAndStoredBothWays) {
  GraphBuilder b;
  const auto f = b.add_film("f1", "Film", 2012);
  b.add_link(f.film, named(Relation::genre, "Comedy"));
  b.add_link(f.film, named(Relation::country, "Belgium"));
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.edge_count(), 4u);
  VertexId last = 0;
  for (const auto& e : g.links(f.film)) {
    const Link l = g.link(e);
    EXPECT_GE(l.target, last);
    last = l.target;
    bool back = false;
    for (const auto& r : g.links(l.target)) back |= g.link(r).target == f.film;
    EXPECT_TRUE(back);
  }
  EXPECT_LE(g.structure_bytes(), g.memory_bytes());
  EXPECT_THROW(g.film_by_id("tt0000001"), NotFoundError);
}

TEST(FilmGraph, HubSignaturesHoldTheBitOfEveryHubAFilmLinksTo) {
  // 300 films: one country links them all (a hub past max(200, 2 sqrt(300))),
  // a company a third of them (100 films: not a hub).
  GraphBuilder b;
  for (int i = 0; i < 300; ++i) {
    const VertexId f = b.add_film("f" + std::to_string(i), "Film " + std::to_string(i)).film;
    b.add_link(f, named(Relation::country, "Somewhere"));
    if (i % 3 == 0) b.add_link(f, named(Relation::production_company, "Small Company"));
  }
  const FilmGraph g = b.freeze();
  ASSERT_EQ(FilmGraph::default_hub_degree(300), 200u);
  const VertexId country = *g.find_entity(NodeKind::country, "Somewhere");
  const VertexId company = *g.find_entity(NodeKind::company, "Small Company");
  const std::uint64_t country_bit = FilmGraph::signature_bit(country);
  for (VertexId f = 0; f < g.film_count(); ++f) {
    EXPECT_EQ(g.hub_signature(f), country_bit) << "film " << f;  // the company is no hub
  }
  EXPECT_NE(FilmGraph::signature_bit(company), 0u);
}

}  // namespace
}  // namespace reelgraph

namespace reelgraph {
namespace {

TEST(GraphBuilder, AnIdHiddenBehindInvisibleCharactersIsRefusedNotTakenForALocalOne) {
  // Folded, these read as tt0038297 or an IMDb URL; taken as local ids they
  // would be second films beside the real one.
  GraphBuilder b;
  b.add_film("tt0038297", "Odd Man Out", 1947);
  EXPECT_THROW(b.add_film("\u200btt0038297", "Odd Man Out", 1947), std::invalid_argument);
  EXPECT_THROW(b.add_film("\xef\xbb\xbftt0038297", "Odd Man Out", 1947), std::invalid_argument);
  EXPECT_THROW(b.add_film("\x01tt0038297", "Odd Man Out", 1947), std::invalid_argument);
  EXPECT_THROW(b.add_film("imdb.co\x01m/title/x", "X", 0), std::invalid_argument);
  EXPECT_THROW(film_key("\u200btt0038297"), std::invalid_argument);
  EXPECT_EQ(b.film_count(), 1u);
  // Ordinary local ids, including ones that look a little like ids, stay local.
  EXPECT_EQ(film_key("q42-remake"), "film:q42-remake");
  EXPECT_EQ(film_key("co2-the-film"), "film:co2-the-film");
  EXPECT_EQ(film_key("Kill\u200bList"), "film:killlist");
}

TEST(GraphBuilder, OneIdCannotCarryTwoYearsButMayLearnOne) {
  GraphBuilder b;
  b.add_film("tt0038297", "Alpha", 0);
  EXPECT_FALSE(b.add_film("TT38297", "alpha", 1946).inserted);  // the year is learnt
  EXPECT_THROW(b.add_film("tt0038297", "Alpha", 1999), std::invalid_argument);
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.year(g.film_by_id("tt0038297")), 1946);
}

TEST(GraphBuilder, LocalIdsFoldLikeNamesAndAreNotTakenForExternalOnes) {
  GraphBuilder b;
  const auto a = b.add_film("Kill-List", "Kill List", 2011);
  EXPECT_FALSE(b.add_film(" kill-list", "Kill List", 2011).inserted);
  const auto co2 = b.add_film("co2-the-film", "CO2", 2020);  // not an IMDb company id
  const auto q = b.add_film("q42-remake", "Q", 2020);        // not a Wikidata id
  EXPECT_TRUE(co2.inserted);
  EXPECT_TRUE(q.inserted);
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.film_by_id("KILL-LIST"), a.film);
  EXPECT_EQ(g.key(q.film), "film:q42-remake");
}

TEST(GraphBuilder, RefusedFilmLeavesNoTrace) {
  GraphBuilder b;
  EXPECT_THROW(b.add_film("x", "X", 40000), std::invalid_argument);
  EXPECT_EQ(b.film_count(), 0u);
  EXPECT_TRUE(b.add_film("y", "Y", 2001).inserted);
  EXPECT_TRUE(b.add_film("x", "X", 2001).inserted);
}

TEST(GraphBuilder, RefusedLinkLeavesNoTrace) {
  GraphBuilder b;
  const auto f = b.add_film("f", "Film", 2012);
  const auto other = b.add_film("o", "Other", 2012);
  LinkSpec cannes = named(Relation::screened_at, "Cannes");
  b.add_link(other.film, cannes);
  cannes.section = "Un Certain Regard";  // a section without the year
  EXPECT_THROW(b.add_link(f.film, cannes), std::invalid_argument);
  LinkSpec bad_utf8 = named(Relation::cast, "bad \xff");
  EXPECT_THROW(b.add_link(f.film, bad_utf8), std::invalid_argument);
  const std::size_t entities = b.entity_count();
  const FilmGraph g = b.freeze();
  EXPECT_EQ(entities, 1u);  // Cannes, from the good link only
  EXPECT_EQ(boost::out_degree(f.film, g.csr()), 0u);
}

TEST(GraphBuilder, RefusedAliasLeavesNoTrace) {
  GraphBuilder b;
  b.add_alias(NodeKind::person, "KGH", "Kim Gwang Hun");
  EXPECT_THROW(b.add_alias(NodeKind::person, "KGH", "Somebody Else"), std::invalid_argument);
  const auto f = b.add_film("f", "Film", 2012);
  b.add_link(f.film, named(Relation::directed_by, "Somebody Else"));
  b.add_link(f.film, named(Relation::directed_by, "KGH"));
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.name(*g.find_entity(NodeKind::person, "somebody else")), "Somebody Else");
  EXPECT_EQ(g.name(*g.find_entity(NodeKind::person, "KGH")), "Kim Gwang Hun");
}

LinkSpec with_id(Relation r, std::string_view id, std::string_view name) {
  LinkSpec l = named(r, name);
  l.entity_id = id;
  return l;
}

TEST(GraphBuilder, NameOnlyPeopleJoinTheIdOrSpellingAFilmTheyShareBacks) {
  GraphBuilder b;
  const VertexId parasite = b.add_film("tt6751668", "Parasite", 2019).film;
  const VertexId mood = b.add_film("tt0118694", "In the Mood for Love", 2000).film;
  const VertexId other = b.add_film("tt0000001", "Other", 2001).film;
  b.add_link(parasite, with_id(Relation::directed_by, "nm0094435", "Bong Joon Ho"));
  b.add_link(parasite, named(Relation::directed_by, "Joon-ho Bong"));
  b.add_link(mood, named(Relation::directed_by, "Wong Kar Wai"));
  b.add_link(mood, named(Relation::directed_by, "Kar-Wai Wong"));
  b.add_link(other, named(Relation::cast, "Wong Kar-Wai"));  // no film in common: apart
  b.add_link(other, with_id(Relation::cast, "nm1", "Jane Doe"));
  b.add_link(other, with_id(Relation::cast, "nm2", "Jane Doe"));  // two ids: never one
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.merged_people(), 2u);
  EXPECT_EQ(g.key(*g.find_entity(NodeKind::person, "Joon-ho Bong")), "nm0094435");
  EXPECT_EQ(g.find_entity(NodeKind::person, "Kar-Wai Wong"), g.find_entity(NodeKind::person, "Wong Kar Wai"));
  EXPECT_NE(g.find_entity(NodeKind::person, "Wong Kar-Wai"), g.find_entity(NodeKind::person, "Wong Kar Wai"));
  EXPECT_EQ(g.search("jane doe", NodeKind::person).size(), 2u);
  EXPECT_EQ(g.search("bong joon-ho").size(), 1u);
  EXPECT_EQ(g.search("the mood for love, in").size(), 0u);
  EXPECT_EQ(g.search("IN THE MOOD FOR LOVE (2000)", NodeKind::film), std::vector<VertexId>{mood});
}

}  // namespace
}  // namespace reelgraph
