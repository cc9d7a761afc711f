// The builder's key index: the integer map behind it agrees with
// std::unordered_map through growth, and IMDb ids are packed one to one (two
// different keys never share a slot, a key that does not pack still works).
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <unordered_map>

#include "reelgraph/graph.hpp"
#include "reelgraph/id_map.hpp"

namespace reelgraph {
namespace {

TEST(IdMap, AgreesWithUnorderedMapThroughGrowth) {
  IdMap map;
  std::unordered_map<std::uint64_t, std::uint32_t> expected;
  std::mt19937_64 rng(7);
  for (std::uint32_t i = 0; i < 50000; ++i) {
    // Small keys collide often in the low bits; large ones test the hashing.
    const std::uint64_t key = (i % 3 == 0) ? rng() : rng() % 20000;
    const auto [value, inserted] = map.try_emplace(key, i);
    const auto [it, inserted_expected] = expected.try_emplace(key, i);
    ASSERT_EQ(inserted, inserted_expected) << key;
    ASSERT_EQ(value, it->second) << key;
  }
  EXPECT_EQ(map.size(), expected.size());
  for (const auto& [key, value] : expected) {
    const std::uint32_t* found = map.find(key);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, value);
  }
  for (std::uint64_t key = 20000; key < 20100; ++key)
    if (!expected.count(key)) EXPECT_EQ(map.find(key), nullptr) << key;
}

TEST(IdMap, ALargeTableKeepsItsEntriesThroughGrowth) {
  // Past a few megabytes the table is allocated on its own (aligned for
  // large pages); entries must survive moving into and out of such tables.
  IdMap map;
  map.reserve(100000);
  for (std::uint64_t key = 1; key <= 400000; ++key) ASSERT_TRUE(map.try_emplace(key * 7919, static_cast<std::uint32_t>(key)).second);
  EXPECT_EQ(map.size(), 400000u);
  for (std::uint64_t key = 1; key <= 400000; key += 997) {
    const std::uint32_t* found = map.find(key * 7919);
    ASSERT_NE(found, nullptr) << key;
    EXPECT_EQ(*found, key);
  }
  EXPECT_EQ(map.find(7918), nullptr);
  IdMap copy = map;
  EXPECT_EQ(*copy.find(7919 * 5), 5u);
}

TEST(IdMap, KeyZeroIsAKeyLikeAnyOther) {
  IdMap map;
  EXPECT_EQ(map.find(0), nullptr);
  EXPECT_TRUE(map.try_emplace(0, 5).second);
  EXPECT_FALSE(map.try_emplace(0, 6).second);
  ASSERT_NE(map.find(0), nullptr);
  EXPECT_EQ(*map.find(0), 5u);
  EXPECT_EQ(map.find(1), nullptr);
  EXPECT_EQ(map.size(), 1u);
  map.reserve(1000);
  EXPECT_EQ(*map.find(0), 5u);
}

TEST(KeyIndex, PacksOnlyCanonicalImdbIds) {
  EXPECT_NE(KeyIndex::pack("tt0038297"), 0u);
  EXPECT_NE(KeyIndex::pack("nm0000001"), 0u);
  EXPECT_NE(KeyIndex::pack("co0012345"), 0u);
  EXPECT_NE(KeyIndex::pack("tt12345678"), 0u);
  EXPECT_NE(KeyIndex::pack("nm999999999999999999"), 0u);  // 18 digits
  // Not as parse_external_id writes an id: left to the string map.
  EXPECT_EQ(KeyIndex::pack("tt38297"), 0u);
  EXPECT_EQ(KeyIndex::pack("tt00038297"), 0u);
  EXPECT_EQ(KeyIndex::pack("nm1234567890123456789"), 0u);  // 19 digits
  EXPECT_EQ(KeyIndex::pack("TT0038297"), 0u);
  EXPECT_EQ(KeyIndex::pack("tt003829x"), 0u);
  EXPECT_EQ(KeyIndex::pack("Q42"), 0u);
  EXPECT_EQ(KeyIndex::pack("person:nm0000001"), 0u);
  EXPECT_EQ(KeyIndex::pack("film:tt0038297x"), 0u);
  // One to one: the same number under another prefix, or with more digits, is another key.
  std::set<std::uint64_t> packed;
  for (const char* key : {"tt0000001", "nm0000001", "co0000001", "tt0000010", "tt10000000", "tt0100000",
                          "tt1000000", "nm10000000", "tt100000000000000000"})
    EXPECT_TRUE(packed.insert(KeyIndex::pack(key)).second) << key;
}

TEST(KeyIndex, FindsPackedAndUnpackedKeysApart) {
  KeyIndex index;
  EXPECT_TRUE(index.insert("nm0000001", 1));
  EXPECT_TRUE(index.insert("nm123456789012345678901234567890", 2));  // too long to pack
  EXPECT_TRUE(index.insert("Q42", 3));
  EXPECT_TRUE(index.insert("person:kim", 4));
  EXPECT_FALSE(index.insert("nm0000001", 9));
  EXPECT_FALSE(index.insert("person:kim", 9));
  EXPECT_EQ(index.size(), 4u);
  EXPECT_EQ(index.find("nm0000001"), std::optional<std::uint32_t>(1));
  EXPECT_EQ(index.find("nm123456789012345678901234567890"), std::optional<std::uint32_t>(2));
  EXPECT_EQ(index.find("Q42"), std::optional<std::uint32_t>(3));
  EXPECT_EQ(index.find("person:kim"), std::optional<std::uint32_t>(4));
  EXPECT_FALSE(index.contains("nm0000002"));
  EXPECT_FALSE(index.contains("tt0000001"));
  EXPECT_FALSE(index.contains("nm123456789012345678901234567891"));
}

TEST(KeyIndex, BuilderKeepsIdsOfEveryLengthApart) {
  // Ids long enough to miss the integer map sit beside ids that use it; each
  // still names one vertex, and a film id stays refused as a person.
  GraphBuilder b;
  const VertexId film = b.add_film("tt0000001", "One").film;
  EXPECT_FALSE(b.add_film("tt1", "One").inserted);
  EXPECT_TRUE(b.add_film("tt123456789012345678901234567890", "Long").inserted);
  EXPECT_FALSE(b.add_film("tt123456789012345678901234567890", "Long").inserted);
  EXPECT_THROW(b.add_film("tt1", "Another title"), std::invalid_argument);
  for (const char* person : {"nm1", "nm0000001", "nm123456789012345678901234567890", "nm000123456789012345678901234567890"}) {
    LinkSpec l;
    l.relation = Relation::cast;
    l.entity_id = person;
    b.add_link(film, l);
  }
  EXPECT_EQ(b.entity_count(), 2u);
  LinkSpec wrong;
  wrong.relation = Relation::cast;
  wrong.entity_id = "Q42";
  b.add_link(film, wrong);
  EXPECT_THROW(b.add_film("Q42", "Forty-two"), std::invalid_argument);
  EXPECT_TRUE(b.name_entity("nm123456789012345678901234567890", "Long Name"));
  EXPECT_TRUE(b.name_entity("nm1", "Short Name"));
  const FilmGraph g = b.freeze();
  EXPECT_EQ(g.film_count(), 2u);
  EXPECT_EQ(g.name(*g.find_entity(NodeKind::person, "nm0000001")), "Short Name");
  EXPECT_EQ(g.name(*g.find_entity(NodeKind::person, "nm123456789012345678901234567890")), "Long Name");
}

}  // namespace
}  // namespace reelgraph
