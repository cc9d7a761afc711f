#include <gtest/gtest.h>

#include <atomic>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "reelgraph/collab.hpp"
#include "reelgraph/graph.hpp"

namespace reelgraph {
namespace {

LinkSpec named(Relation r, std::string_view name) {
  LinkSpec l;
  l.relation = r;
  l.name = name;
  return l;
}

// Five films with known collaborations:
//   One (2001)   directed by Ann; cast Bob, Cid; company Acme; country X
//   Two (2002)   directed and produced by Ann; cast Bob; companies Acme, Beta; countries X, Y
//   Three (2011) directed by Dee; cast Cid; company Beta; country Y
//   Four (?)     directed by Eve; cast Fay; countries X, Y
//   Five (2012)  directed by Dee; cast Gus; country X
struct SmallWorld {
  FilmGraph g;
  VertexId one, two, three, four, five;
  SmallWorld() {
    GraphBuilder b;
    one = b.add_film("one", "One", 2001).film;
    two = b.add_film("two", "Two", 2002).film;
    three = b.add_film("three", "Three", 2011).film;
    four = b.add_film("four", "Four").film;
    five = b.add_film("five", "Five", 2012).film;
    auto link = [&](VertexId f, Relation r, const char* who) { b.add_link(f, named(r, who)); };
    link(one, Relation::directed_by, "Ann");
    link(one, Relation::cast, "Bob");
    link(one, Relation::cast, "Cid");
    link(one, Relation::production_company, "Acme");
    link(one, Relation::country, "X");
    link(two, Relation::directed_by, "Ann");
    link(two, Relation::produced_by, "Ann");
    link(two, Relation::cast, "Bob");
    link(two, Relation::production_company, "Acme");
    link(two, Relation::production_company, "Beta");
    link(two, Relation::country, "X");
    link(two, Relation::country, "Y");
    link(three, Relation::directed_by, "Dee");
    link(three, Relation::cast, "Cid");
    link(three, Relation::production_company, "Beta");
    link(three, Relation::country, "Y");
    link(four, Relation::directed_by, "Eve");
    link(four, Relation::cast, "Fay");
    link(four, Relation::country, "X");
    link(four, Relation::country, "Y");
    link(five, Relation::directed_by, "Dee");
    link(five, Relation::cast, "Gus");
    link(five, Relation::country, "X");
    g = b.freeze();
  }
  VertexId person(const char* name) const { return *g.find_entity(NodeKind::person, name); }
  VertexId company(const char* name) const { return *g.find_entity(NodeKind::company, name); }
  VertexId country(const char* name) const { return *g.find_entity(NodeKind::country, name); }
};

TEST(Collaborators, CountsDistinctSharedFilms) {
  SmallWorld w;
  auto c = collaborators(w.g, w.person("Ann"), {});
  ASSERT_EQ(c.collaborator.size(), 2u);  // people only by default
  EXPECT_EQ(c.collaborator[0], w.person("Bob"));
  EXPECT_EQ(c.film_offsets[1] - c.film_offsets[0], 2u);
  EXPECT_EQ(std::vector<VertexId>(c.films.begin(), c.films.begin() + 2), (std::vector<VertexId>{w.one, w.two}));
  EXPECT_EQ(c.roles[0], relation_bit(Relation::cast));
  // Ann directed both and produced one of them.
  EXPECT_EQ(c.own_roles[0], relation_bit(Relation::directed_by) | relation_bit(Relation::produced_by));
  EXPECT_EQ(c.collaborator[1], w.person("Cid"));
  EXPECT_EQ(c.film_offsets[2] - c.film_offsets[1], 1u);
  EXPECT_EQ(c.role[0], Collaborators::kNoRole);
}

TEST(Collaborators, RolesKAndByRole) {
  SmallWorld w;
  CollaboratorOptions o;
  o.roles = kCompanyCredits;
  auto companies = collaborators(w.g, w.person("Ann"), o);
  ASSERT_EQ(companies.collaborator.size(), 2u);
  EXPECT_EQ(companies.collaborator[0], w.company("Acme"));
  EXPECT_EQ(companies.film_offsets[1], 2u);

  o.roles = kCredits;
  o.k = 1;
  EXPECT_EQ(collaborators(w.g, w.person("Ann"), o).collaborator.size(), 1u);

  // Bob's collaborator Ann in two roles: one row per role, each counting its own films.
  CollaboratorOptions by_role;
  by_role.by_role = true;
  auto rows = collaborators(w.g, w.person("Bob"), by_role);
  std::set<std::pair<Relation, std::uint32_t>> ann_rows;
  for (std::size_t i = 0; i < rows.collaborator.size(); ++i)
    if (rows.collaborator[i] == w.person("Ann"))
      ann_rows.insert({static_cast<Relation>(rows.role[i]), rows.film_offsets[i + 1] - rows.film_offsets[i]});
  EXPECT_EQ(ann_rows, (std::set<std::pair<Relation, std::uint32_t>>{{Relation::directed_by, 2}, {Relation::produced_by, 1}}));

  EXPECT_THROW(collaborators(w.g, w.one, {}), std::invalid_argument);
  EXPECT_THROW(collaborators(w.g, 100000, {}), std::invalid_argument);
}

struct Edge {
  VertexId a, b;
  std::uint32_t weight;
  auto operator<=>(const Edge&) const = default;
};

std::set<Edge> edges_of(const CocreditNetwork& n) {
  std::set<Edge> out;
  for (std::size_t i = 0; i < n.a.size(); ++i) {
    const VertexId x = n.nodes[n.a[i]], y = n.nodes[n.b[i]];
    out.insert({std::min(x, y), std::max(x, y), n.weight[i]});
  }
  return out;
}

TEST(Cocredit, FullNetworkHasEveryPairWithSharedFilms) {
  SmallWorld w;
  auto n = cocredit_network(w.g, {});
  const auto ann = w.person("Ann"), bob = w.person("Bob"), cid = w.person("Cid"), dee = w.person("Dee"),
             eve = w.person("Eve"), fay = w.person("Fay"), gus = w.person("Gus");
  auto e = [](VertexId x, VertexId y, std::uint32_t wt) { return Edge{std::min(x, y), std::max(x, y), wt}; };
  EXPECT_EQ(edges_of(n), (std::set<Edge>{e(ann, bob, 2), e(ann, cid, 1), e(bob, cid, 1), e(cid, dee, 1),
                                         e(dee, gus, 1), e(eve, fay, 1)}));
  EXPECT_EQ(n.nodes.size(), 7u);
  const auto at = [&](VertexId v) { return std::find(n.nodes.begin(), n.nodes.end(), v) - n.nodes.begin(); };
  EXPECT_EQ(n.node_collaborators[at(cid)], 3u);
  EXPECT_EQ(n.node_films[at(ann)], 2u);
  // Ann-Bob's films are One and Two.
  for (std::size_t i = 0; i < n.a.size(); ++i)
    if (n.weight[i] == 2)
      EXPECT_EQ(std::vector<VertexId>(n.films.begin() + n.film_offsets[i], n.films.begin() + n.film_offsets[i + 1]),
                (std::vector<VertexId>{w.one, w.two}));
}

TEST(Cocredit, TheFullNetworkIsRefusedWithItsExactSizeBeforeItIsBuilt) {
  SmallWorld w;
  // Six edges with seven shared films: 2*6 pair slots of 8 bytes, 6 edges of
  // 16 and 7 films of 4.
  const std::uint64_t need = 12 * 8 + 6 * 16 + 7 * 4;
  CocreditOptions o;
  o.max_bytes = need - 1;
  try {
    cocredit_network(w.g, o);
    ADD_FAILURE() << "not refused";
  } catch (const ResourceError& e) {
    EXPECT_EQ(e.bytes_needed, need);
    EXPECT_EQ(e.bytes_allowed, need - 1);
    EXPECT_NE(std::string(e.what()).find("6 edges among 7 people"), std::string::npos) << e.what();
  }
  o.max_bytes = need;
  EXPECT_EQ(cocredit_network(w.g, o).a.size(), 6u);
  o.max_bytes = 1;
  o.top_k = 1;  // bounded by top_k: not counted, not refused
  EXPECT_NO_THROW(cocredit_network(w.g, o));
  CoproductionOptions c;
  c.max_bytes = 1;
  EXPECT_THROW(coproduction(w.g, c), ResourceError);
}

TEST(Cocredit, TopKCapAndSubsets) {
  SmallWorld w;
  CocreditOptions o;
  o.top_k = 1;
  auto top = cocredit_network(w.g, o);
  const auto full = edges_of(cocredit_network(w.g, {}));
  const auto kept = edges_of(top);
  EXPECT_LE(kept.size(), top.nodes.size());
  EXPECT_TRUE(std::includes(full.begin(), full.end(), kept.begin(), kept.end()));
  EXPECT_TRUE(kept.count({std::min(w.person("Ann"), w.person("Bob")), std::max(w.person("Ann"), w.person("Bob")), 2}));
  EXPECT_EQ(top.node_collaborators, cocredit_network(w.g, {}).node_collaborators);  // counted before the cut

  CocreditOptions capped;
  capped.degree_cap = 1;  // Ann, Bob, Cid and Dee have two films each
  auto c = cocredit_network(w.g, capped);
  EXPECT_EQ(c.skipped_entities, 4u);
  EXPECT_EQ(edges_of(c).size(), 1u);  // Eve-Fay

  CocreditOptions one_film;
  one_film.films = {w.one};
  auto f = cocredit_network(w.g, one_film);
  EXPECT_EQ(f.nodes.size(), 3u);
  EXPECT_EQ(f.a.size(), 3u);
  for (auto wt : f.weight) EXPECT_EQ(wt, 1u);

  CocreditOptions people;
  people.people = {w.person("Ann"), w.person("Cid"), w.person("Dee")};
  EXPECT_EQ(edges_of(cocredit_network(w.g, people)).size(), 2u);  // Ann-Cid, Cid-Dee
  people.films = {w.one};
  EXPECT_THROW((people.people = {w.one}, cocredit_network(w.g, people)), std::invalid_argument);
}

TEST(Paths, ShortestThroughSharedFilms) {
  SmallWorld w;
  PathOptions o;
  o.k = 5;
  auto p = shortest_paths(w.g, w.person("Ann"), w.person("Dee"), o);
  ASSERT_EQ(p.outcome, Paths::Outcome::found);
  EXPECT_EQ(p.length, 4u);
  // Ann-One-Cid-Three-Dee and Ann-Two-Beta-Three-Dee; the countries would make
  // three more, but countries are not passed through by default.
  ASSERT_EQ(p.path_count(), 2u);
  std::set<std::vector<VertexId>> paths;
  for (std::size_t i = 0; i < 2; ++i)
    paths.insert(std::vector<VertexId>(p.vertices.begin() + i * 5, p.vertices.begin() + (i + 1) * 5));
  EXPECT_EQ(paths, (std::set<std::vector<VertexId>>{
                       {w.person("Ann"), w.one, w.person("Cid"), w.three, w.person("Dee")},
                       {w.person("Ann"), w.two, w.company("Beta"), w.three, w.person("Dee")}}));
  // Steps name every relation joining the two ends: Ann directed and produced Two.
  for (std::size_t i = 0; i < 2; ++i)
    if (p.vertices[i * 5 + 1] == w.two)
      EXPECT_EQ(p.step_relations[i * 4], relation_bit(Relation::directed_by) | relation_bit(Relation::produced_by));

  // Let them through: Ann-One-X-Five-Dee, Ann-Two-X-Five-Dee, Ann-Two-Y-Three-Dee too.
  o.excluded_kinds = {};
  EXPECT_EQ(shortest_paths(w.g, w.person("Ann"), w.person("Dee"), o).path_count(), 5u);

  o = PathOptions{};
  EXPECT_EQ(shortest_paths(w.g, w.person("Ann"), w.person("Dee"), o).path_count(), 1u);
  o.relations = kPersonCredits;
  auto people_only = shortest_paths(w.g, w.person("Ann"), w.person("Dee"), o);
  EXPECT_EQ(people_only.vertices[2], w.person("Cid"));
}

TEST(Paths, NoPathTooLongSameAndCaps) {
  SmallWorld w;
  PathOptions o;
  EXPECT_EQ(shortest_paths(w.g, w.person("Ann"), w.person("Eve"), o).outcome, Paths::Outcome::no_path);
  EXPECT_TRUE(shortest_paths(w.g, w.person("Ann"), w.person("Eve"), o).vertices.empty());
  // An endpoint of an excluded kind is still allowed.
  EXPECT_EQ(shortest_paths(w.g, w.country("Y"), w.person("Eve"), o).length, 2u);
  o.max_length = 3;
  EXPECT_EQ(shortest_paths(w.g, w.person("Ann"), w.person("Dee"), o).outcome, Paths::Outcome::longer_than_max);
  o.max_length = 4;
  EXPECT_EQ(shortest_paths(w.g, w.person("Ann"), w.person("Dee"), o).outcome, Paths::Outcome::found);
  EXPECT_EQ(shortest_paths(w.g, w.one, w.one, o).outcome, Paths::Outcome::same_vertex);
  // Cid and Beta link to two films each: capped at one, Ann no longer reaches Dee.
  o.degree_cap = 1;
  o.max_length = 8;
  EXPECT_EQ(shortest_paths(w.g, w.person("Ann"), w.person("Dee"), o).outcome, Paths::Outcome::no_path);
}

TEST(Structure, ComponentsOfTheCreditGraph) {
  SmallWorld w;
  auto s = credit_graph(w.g, {});
  // Films 5, people 7, companies 2; countries are not credits.
  EXPECT_EQ(s.vertices.size(), 14u);
  auto comp = connected_components(s);
  std::vector<std::size_t> sizes(2, 0);
  for (std::size_t i = 0; i < comp.size(); ++i) {
    ASSERT_LT(comp[i], 2u);
    ++sizes[comp[i]];
    if (s.vertices[i] == w.four || s.vertices[i] == w.person("Eve")) EXPECT_EQ(comp[i], 1u);
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{11, 3}));
  // 4 + 4 + 3 + 2 + 2 credits: Ann directed and produced Two, which is one edge.
  EXPECT_EQ(s.edge_count(), 15u);
}

Subgraph path_graph(std::size_t n) {
  std::vector<std::uint32_t> a, b;
  for (std::uint32_t i = 0; i + 1 < n; ++i) a.push_back(i), b.push_back(i + 1);
  return subgraph_from_edges(n, a, b);
}

TEST(Structure, BetweennessKnownValues) {
  auto line = betweenness_centrality(path_graph(4));
  EXPECT_EQ(line, (std::vector<double>{0, 2, 2, 0}));
  // A star: the centre lies on every path between two of its 4 leaves.
  auto star = betweenness_centrality(subgraph_from_edges(5, {0, 0, 0, 0}, {1, 2, 3, 4}));
  EXPECT_DOUBLE_EQ(star[0], 6.0);
  EXPECT_DOUBLE_EQ(star[3], 0.0);
  // Two shortest paths between opposite corners of a square: half each.
  auto square = betweenness_centrality(subgraph_from_edges(4, {0, 1, 2, 3}, {1, 2, 3, 0}));
  for (double x : square) EXPECT_DOUBLE_EQ(x, 0.5);
  EXPECT_THROW(subgraph_from_edges(2, {0}, {2}), std::invalid_argument);
}

TEST(Structure, BoostAndHandWrittenBrandesAgree) {
  SmallWorld w;
  auto s = credit_graph(w.g, {});
  auto boost_exact = betweenness_centrality(s);
  auto mine = betweenness_all_sources(s);
  ASSERT_EQ(boost_exact.size(), mine.size());
  for (std::size_t i = 0; i < mine.size(); ++i) EXPECT_NEAR(boost_exact[i], mine[i], 1e-9);
  EXPECT_GT(*std::max_element(mine.begin(), mine.end()), 0.0);
}

TEST(Structure, BetweennessStopsWhenItsCancelFlagIsSet) {
  SmallWorld w;
  auto s = credit_graph(w.g, {});
  std::atomic<bool> cancel{false};
  // With a flag that stays clear: the exact answer, stoppable or not.
  const auto exact = betweenness_centrality(s, 0, 0, &cancel);
  const auto boost_exact = betweenness_centrality(s);
  ASSERT_EQ(exact.size(), boost_exact.size());
  for (std::size_t i = 0; i < exact.size(); ++i) EXPECT_NEAR(exact[i], boost_exact[i], 1e-9);
  cancel = true;
  EXPECT_THROW(betweenness_centrality(s, 0, 0, &cancel), Cancelled);
  EXPECT_THROW(betweenness_centrality(s, 2, 0, &cancel), Cancelled);
}

TEST(Structure, SampledBetweennessIsSeededAndUnbiasedOnACycle) {
  const std::size_t n = 12;
  std::vector<std::uint32_t> a, b;
  for (std::uint32_t i = 0; i < n; ++i) a.push_back(i), b.push_back((i + 1) % n);
  auto cycle = subgraph_from_edges(n, a, b);
  auto exact = betweenness_centrality(cycle);
  auto s1 = betweenness_centrality(cycle, 4, 7);
  EXPECT_EQ(s1, betweenness_centrality(cycle, 4, 7));
  EXPECT_NE(s1, betweenness_centrality(cycle, 4, 8));
  // Every source of a cycle adds the same total, so the scaled total is exact
  // whichever sources are drawn.
  EXPECT_NEAR(std::accumulate(s1.begin(), s1.end(), 0.0), std::accumulate(exact.begin(), exact.end(), 0.0), 1e-9);
}

TEST(Coproduction, PairsPerPeriod) {
  SmallWorld w;
  CoproductionOptions o;
  auto c = coproduction(w.g, o);
  // X and Y: Two (2002) and Four (year unknown, period 0).
  ASSERT_EQ(c.a.size(), 2u);
  EXPECT_EQ(c.period, (std::vector<std::int32_t>{0, 2002}));
  EXPECT_EQ(c.films, (std::vector<VertexId>{w.four, w.two}));
  o.period = 10;
  EXPECT_EQ(coproduction(w.g, o).period, (std::vector<std::int32_t>{0, 2000}));
  o.relations = relation_bit(Relation::production_company);
  auto companies = coproduction(w.g, o);
  ASSERT_EQ(companies.a.size(), 1u);
  EXPECT_EQ(std::set<VertexId>({companies.a[0], companies.b[0]}), std::set<VertexId>({w.company("Acme"), w.company("Beta")}));
  o.period = 0;
  EXPECT_THROW(coproduction(w.g, o), std::invalid_argument);
}

}  // namespace
}  // namespace reelgraph
