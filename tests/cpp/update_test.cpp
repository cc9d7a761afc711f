// apply_update against a build of everything: the same films, links, hub
// degrees and see-also lists, whatever is added, changed or removed.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "reelgraph/see_also.hpp"
#include "reelgraph/update.hpp"

namespace reelgraph {
namespace {

struct FilmRow {
  std::string id, title;
  int year;
  std::vector<LinkSpec> links;
};

// The views of a LinkSpec must outlive it: names come from World's pool.
LinkSpec link(Relation r, std::string_view name, int year = 0, std::string_view section = {}) {
  LinkSpec l;
  l.relation = r;
  l.name = name;
  l.year = year;
  l.section = section;
  return l;
}

// Names live in a pool that outlives the LinkSpecs viewing them.
struct World {
  std::vector<std::string> pool;
  std::vector<FilmRow> films;
  explicit World(int n, unsigned seed) {
    std::mt19937 rng(seed);
    for (int i = 0; i < 60; ++i) pool.push_back("Person " + std::to_string(i));
    for (int i = 0; i < 6; ++i) pool.push_back("Company " + std::to_string(i));
    pool.push_back("Fest");
    pool.push_back("Competition");
    for (int f = 0; f < n; ++f) films.push_back(random_film("f" + std::to_string(f), rng));
  }
  FilmRow random_film(const std::string& id, std::mt19937& rng) {
    FilmRow row{id, "Film " + id, 1990 + static_cast<int>(rng() % 30), {}};
    const int people = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < people; ++i)
      row.links.push_back(link(i == 0 ? Relation::directed_by : Relation::cast, pool[rng() % 60]));
    row.links.push_back(link(Relation::production_company, pool[60 + rng() % 6]));
    if (rng() % 3 == 0) row.links.push_back(link(Relation::screened_at, pool[66], 2000 + static_cast<int>(rng() % 3),
                                                 rng() % 2 ? std::string_view(pool[67]) : std::string_view()));
    return row;
  }
};

FilmGraph build(const std::vector<const FilmRow*>& rows) {
  GraphBuilder b;
  for (const FilmRow* r : rows) {
    const VertexId v = b.add_film(r->id, r->title, r->year).film;
    for (const auto& l : r->links) b.add_link(v, l);
  }
  return b.freeze();
}

using Links = std::set<std::tuple<std::string, Relation>>;
Links links_of(const FilmGraph& g, VertexId v) {
  Links out;
  for (const auto& e : g.links(v)) {
    const Link l = g.link(e);
    out.insert({std::string(g.key(l.target)), l.relation});
  }
  return out;
}

std::vector<std::pair<std::string, double>> list_of(const FilmGraph& g, VertexId v) {
  SeeAlsoOptions o;
  o.k = 10;
  const SeeAlsoResult r = see_also(g, v, o);
  std::vector<std::pair<std::string, double>> out;
  // Scores to 1e-9: a sum of the same terms taken in another order (entities
  // are numbered otherwise than in a build) may differ in the last bits.
  for (std::size_t i = 0; i < r.films.size(); ++i)
    out.emplace_back(std::string(g.key(r.films[i])), std::round(r.scores[i] * 1e9) / 1e9);
  return out;
}

void expect_same(const FilmGraph& updated, const FilmGraph& rebuilt) {
  ASSERT_EQ(updated.film_count(), rebuilt.film_count());
  ASSERT_EQ(updated.edge_count(), rebuilt.edge_count());
  EXPECT_EQ(updated.relation_counts(), rebuilt.relation_counts());
  for (VertexId v = 0; v < rebuilt.film_count(); ++v) {
    const VertexId u = updated.film_by_id(std::string(rebuilt.key(v)).substr(5));
    ASSERT_EQ(updated.name(u), rebuilt.name(v));
    ASSERT_EQ(updated.year(u), rebuilt.year(v));
    ASSERT_EQ(links_of(updated, u), links_of(rebuilt, v)) << rebuilt.key(v);
    ASSERT_EQ(list_of(updated, u), list_of(rebuilt, v)) << rebuilt.key(v);
  }
  // Every entity the rebuild has, with the same number of films.
  for (VertexId v = static_cast<VertexId>(rebuilt.film_count()); v < rebuilt.vertex_count(); ++v) {
    const auto u = updated.find_entity(rebuilt.kind(v), rebuilt.name(v));
    if (rebuilt.kind(v) == NodeKind::edition || rebuilt.kind(v) == NodeKind::section) continue;
    ASSERT_TRUE(u.has_value()) << rebuilt.name(v);
    EXPECT_EQ(updated.film_degree(*u), rebuilt.film_degree(v)) << rebuilt.name(v);
  }
}

TEST(Update, AddingFilmsGivesWhatABuildOfEverythingGives) {
  World w(300, 7);
  std::vector<const FilmRow*> all, base, added;
  for (std::size_t i = 0; i < w.films.size(); ++i) {
    all.push_back(&w.films[i]);
    (i < 260 ? base : added).push_back(&w.films[i]);
  }
  UpdateCounts counts;
  const FilmGraph updated = apply_update(build(base), build(added), {}, &counts);
  EXPECT_EQ(counts.films_added, 40u);
  EXPECT_EQ(counts.films_changed, 0u);
  expect_same(updated, build(all));
}

TEST(Update, ChangingAndRemovingFilmsGivesWhatABuildOfEverythingGives) {
  World w(200, 11);
  const FilmGraph base = build([&] {
    std::vector<const FilmRow*> rows;
    for (const auto& f : w.films) rows.push_back(&f);
    return rows;
  }());
  // Change every tenth film (new title, year and links), remove every seventh
  // (not changed), add five.
  std::mt19937 rng(3);
  std::vector<FilmRow> changed;
  std::vector<std::string> removed;
  for (std::size_t i = 0; i < w.films.size(); ++i) {
    if (i % 10 == 0) {
      FilmRow r = w.random_film(w.films[i].id, rng);
      r.title = "Changed " + r.id;
      changed.push_back(r);
    } else if (i % 7 == 0) {
      removed.push_back(w.films[i].id);
    }
  }
  for (int i = 0; i < 5; ++i) changed.push_back(w.random_film("new" + std::to_string(i), rng));
  std::vector<const FilmRow*> change_rows;
  for (const auto& r : changed) change_rows.push_back(&r);
  UpdateCounts counts;
  const FilmGraph updated = apply_update(base, build(change_rows), removed, &counts);
  EXPECT_EQ(counts.films_changed, 20u);
  EXPECT_EQ(counts.films_removed, removed.size());
  EXPECT_EQ(counts.films_added, 5u);

  // The build of everything: the films in the same order, changed ones in place.
  std::map<std::string, const FilmRow*> by_id;
  for (const auto& r : changed) by_id[r.id] = &r;
  std::vector<const FilmRow*> rows;
  const std::set<std::string> gone(removed.begin(), removed.end());
  for (const auto& f : w.films)
    if (!gone.count(f.id)) rows.push_back(by_id.count(f.id) ? by_id[f.id] : &f);
  for (int i = 0; i < 5; ++i) rows.push_back(by_id["new" + std::to_string(i)]);
  expect_same(updated, build(rows));
  EXPECT_THROW(updated.film_by_id(removed.front()), NotFoundError);
}

TEST(Update, RefusesAnUnknownRemovalAndAFilmBothChangedAndRemoved) {
  World w(20, 5);
  std::vector<const FilmRow*> rows;
  for (const auto& f : w.films) rows.push_back(&f);
  const FilmGraph base = build(rows);
  const std::vector<std::string> unknown{"nothing"};
  EXPECT_THROW(apply_update(base, build({}), unknown), NotFoundError);
  const std::vector<std::string> first{w.films[0].id};
  EXPECT_THROW(apply_update(base, build({&w.films[0]}), first), std::invalid_argument);
}

// A build joins a person known by name only to the one person with an id of
// that name (identity.cpp); the change, built alone, cannot see that person,
// so the update refuses rather than keep them apart as a rebuild would not.
TEST(Update, RefusesAChangeWhosePeopleARebuildWouldJoinToThoseOfTheGraph) {
  const auto film = [](const std::string& id, LinkSpec person) {
    FilmRow r{id, "Film " + id, 2000, {person}};
    return r;
  };
  LinkSpec with_id = link(Relation::directed_by, "Andrei Tarkovsky");
  with_id.entity_id = "nm0001789";
  const FilmRow old_film = film("f0", with_id);
  const FilmRow new_film = film("f1", link(Relation::directed_by, "andrei  TARKOVSKY"));
  // What a rebuild does: one person, directing both films.
  const FilmGraph rebuilt = build({&old_film, &new_film});
  const auto people = rebuilt.search("Andrei Tarkovsky", NodeKind::person);
  ASSERT_EQ(people.size(), 1u);
  EXPECT_EQ(rebuilt.film_degree(people.front()), 2u);
  // The update cannot give that from the change alone: refused, naming the person.
  try {
    apply_update(build({&old_film}), build({&new_film}), {});
    FAIL() << "the update was not refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("Andrei Tarkovsky"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("build the graph again"), std::string::npos) << e.what();
  }
  // Removing that film is not refused: one id-holder spelled the same takes
  // the name film or no film, so the join cannot change.
  const std::vector<std::string> remove{"f1"};
  EXPECT_EQ(links_of(apply_update(rebuilt, build({}), remove), 0), links_of(build({&old_film}), 0));
  // Another spelling joined through a shared film, which a removal takes
  // away: a rebuild would part them, so the update refuses.
  LinkSpec accented = link(Relation::cast, "Andr\u00e9i Tarkovsky");
  FilmRow shared = film("f3", with_id);
  shared.links.push_back(accented);
  const FilmRow alone = film("f4", accented);
  const FilmGraph joined = build({&old_film, &shared, &alone});
  ASSERT_EQ(joined.search("Andrei Tarkovsky", NodeKind::person).size(), 1u);
  const std::vector<std::string> shared_film{"f3"};
  EXPECT_EQ(build({&old_film, &alone}).search("Andrei Tarkovsky", NodeKind::person).size(), 2u);
  EXPECT_THROW(apply_update(joined, build({}), shared_film), std::invalid_argument);
  // A person of another name is added as usual.
  const FilmRow other = film("f2", link(Relation::directed_by, "Larisa Shepitko"));
  const FilmGraph updated = apply_update(build({&old_film}), build({&other}), {});
  const FilmGraph both = build({&old_film, &other});
  EXPECT_EQ(updated.vertex_count(), both.vertex_count());
  for (const char* id : {"f0", "f2"})
    EXPECT_EQ(links_of(updated, updated.film_by_id(id)), links_of(both, both.film_by_id(id))) << id;
}

TEST(Update, AnEmptyChangeGivesTheSameGraph) {
  World w(50, 9);
  std::vector<const FilmRow*> rows;
  for (const auto& f : w.films) rows.push_back(&f);
  const FilmGraph base = build(rows);
  expect_same(apply_update(base, build({}), {}), base);
}

}  // namespace
}  // namespace reelgraph
