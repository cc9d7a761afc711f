#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "reelgraph/see_also.hpp"
#include "reelgraph/snapshot.hpp"

namespace reelgraph {
namespace {

namespace fs = std::filesystem;

LinkSpec named(Relation r, std::string_view name, int year = 0, std::string_view section = {}) {
  LinkSpec l;
  l.relation = r;
  l.name = name;
  l.year = year;
  l.section = section;
  return l;
}

FilmGraph small_world() {
  GraphBuilder b;
  b.add_alias(NodeKind::festival, "Melbourne International Film Festival", "MIFF");
  b.add_alias(NodeKind::person, "Kim Gwang-Hun", "Kim Gwang Hun");
  const auto kim = b.add_film("comrade-kim", "Comrade Kim Goes Flying", 2012).film;
  const auto aim = b.add_film("aim-high", "Aim High in Creation!", 2013).film;
  const auto dup = b.add_film("tt0038297", "A Matter of Life and Death", 1946).film;
  const auto twin = b.add_film("game-2002", "The Game of Their Lives", 2002).film;
  const auto twin2 = b.add_film("game-2005", "The Game of Their Lives", 2005).film;
  b.add_film("lonely", "A Film With No Links", 0);
  b.add_link(kim, named(Relation::directed_by, "Kim Gwang-Hun"));
  b.add_link(kim, named(Relation::production_company, "Koryo Group"));
  b.add_link(aim, named(Relation::production_company, "Koryo Group"));
  b.add_link(kim, named(Relation::screened_at, "Melbourne International Film Festival", 2013, "Inside the DPRK"));
  b.add_link(aim, named(Relation::screened_at, "MIFF", 2013, "Inside the DPRK"));
  b.add_link(dup, named(Relation::country, "UK"));
  b.add_link(dup, named(Relation::country, "UK"));  // a duplicate row
  b.add_link(twin, named(Relation::country, "USA"));
  b.add_link(twin2, named(Relation::country, "USA"));
  LinkSpec with_id;
  with_id.relation = Relation::directed_by;
  with_id.entity_id = "nm0000122";
  with_id.name = "Charles Chaplin";
  b.add_link(dup, with_id);
  return b.freeze();
}

std::string temp_path(const std::string& name) {
  return (fs::path(::testing::TempDir()) / ("reelgraph-" + name + ".rg")).string();
}

std::vector<unsigned char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Recomputes both checksums, as someone forging a file would.
void reseal(std::vector<unsigned char>& bytes) {
  const std::uint64_t body = XXH3_64bits(bytes.data() + 64, bytes.size() - 64);
  std::memcpy(bytes.data() + 32, &body, 8);
  const std::uint64_t head = XXH3_64bits(bytes.data(), 56);
  std::memcpy(bytes.data() + 56, &head, 8);
}

// Byte offset of a section's data, from the directory.
std::uint64_t section_offset(const std::vector<unsigned char>& bytes, std::uint32_t id) {
  std::uint32_t count;
  std::memcpy(&count, bytes.data() + 24, 4);
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t sid;
    std::memcpy(&sid, bytes.data() + 64 + i * 24, 4);
    if (sid == id) {
      std::uint64_t off;
      std::memcpy(&off, bytes.data() + 64 + i * 24 + 8, 8);
      return off;
    }
  }
  ADD_FAILURE() << "no section " << id;
  return 0;
}

std::string load_error(const std::string& path) {
  try {
    load_snapshot(path);
  } catch (const SnapshotError& e) {
    return e.what();
  }
  return "(loaded)";
}

TEST(Snapshot, RoundTripKeepsEveryVertexLinkAndIndex) {
  const FilmGraph g = small_world();
  const std::string path = temp_path("roundtrip");
  save_snapshot(g, path, "{\"note\": \"hello\"}");
  std::string metadata;
  const FilmGraph h = load_snapshot(path, &metadata);
  EXPECT_EQ(metadata, "{\"note\": \"hello\"}");

  ASSERT_EQ(h.vertex_count(), g.vertex_count());
  ASSERT_EQ(h.film_count(), g.film_count());
  ASSERT_EQ(h.edge_count(), g.edge_count());
  EXPECT_EQ(h.duplicate_links(), 1u);
  for (VertexId v = 0; v < g.vertex_count(); ++v) {
    EXPECT_EQ(h.kind(v), g.kind(v));
    EXPECT_EQ(h.name(v), g.name(v));
    EXPECT_EQ(h.key(v), g.key(v));
    EXPECT_EQ(h.year(v), g.year(v));
    EXPECT_EQ(h.film_degree(v), g.film_degree(v));
    if (g.is_film(v)) EXPECT_EQ(h.hub_signature(v), g.hub_signature(v));  // rebuilt on load
    std::vector<std::pair<VertexId, Relation>> a, b;
    for (const auto& e : g.links(v)) a.emplace_back(g.link(e).target, g.link(e).relation);
    for (const auto& e : h.links(v)) b.emplace_back(h.link(e).target, h.link(e).relation);
    EXPECT_EQ(a, b) << "links of vertex " << v;
  }
  // Look-ups read the loaded indices: ids in any spelling, titles, aliases, editions.
  EXPECT_EQ(h.film_by_id("TT38297"), g.film_by_id("tt0038297"));
  EXPECT_EQ(h.films_titled("the game of their lives").size(), 2u);
  EXPECT_EQ(h.find_entity(NodeKind::person, "kim gwang-hun"), g.find_entity(NodeKind::person, "Kim Gwang Hun"));
  EXPECT_TRUE(h.find_entity(NodeKind::person, "nm0000122").has_value());
  ASSERT_TRUE(h.find_edition("Melbourne International Film Festival", 2013).has_value());
  EXPECT_EQ(h.find_edition("MIFF", 2013), g.find_edition("MIFF", 2013));
  EXPECT_THROW(h.film_by_id("tt9999999"), NotFoundError);

  // And queries give the same answers.
  const SeeAlsoResult before = see_also(g, g.film_by_id("comrade-kim"), SeeAlsoOptions{});
  const SeeAlsoResult after = see_also(h, h.film_by_id("comrade-kim"), SeeAlsoOptions{});
  EXPECT_EQ(before.films, after.films);
  EXPECT_EQ(before.scores, after.scores);
  ASSERT_FALSE(after.films.empty());
  fs::remove(path);
}

TEST(Snapshot, SameGraphGivesSameBytes) {
  const std::string a = temp_path("same-a"), b = temp_path("same-b");
  save_snapshot(small_world(), a);
  save_snapshot(small_world(), b);
  EXPECT_EQ(read_bytes(a), read_bytes(b));
  fs::remove(a);
  fs::remove(b);
}

TEST(Snapshot, EmptyGraphRoundTrips) {
  const std::string path = temp_path("empty");
  save_snapshot(GraphBuilder().freeze(), path);
  const FilmGraph h = load_snapshot(path);
  EXPECT_EQ(h.vertex_count(), 0u);
  EXPECT_EQ(h.edge_count(), 0u);
  EXPECT_TRUE(h.films_titled("anything").empty());
  fs::remove(path);
}

TEST(Snapshot, TruncatedFileIsRefusedAtEveryLength) {
  const std::string path = temp_path("truncated");
  save_snapshot(small_world(), path);
  const auto bytes = read_bytes(path);
  for (std::size_t keep : {std::size_t{0}, std::size_t{7}, std::size_t{8}, std::size_t{63}, std::size_t{64},
                           bytes.size() / 2, bytes.size() - 1}) {
    write_bytes(path, std::vector<unsigned char>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(keep)));
    const std::string err = load_error(path);
    EXPECT_NE(err, "(loaded)") << "kept " << keep << " bytes";
    if (keep >= 64) EXPECT_NE(err.find("truncated"), std::string::npos) << err;
  }
  fs::remove(path);
}

TEST(Snapshot, EveryFlippedByteIsCaught) {
  const std::string path = temp_path("flipped");
  save_snapshot(small_world(), path);
  const auto bytes = read_bytes(path);
  // Every byte of the file, one at a time: none may load as a graph.
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto copy = bytes;
    copy[i] ^= 0x5a;
    write_bytes(path, copy);
    ASSERT_NE(load_error(path), "(loaded)") << "byte " << i;
  }
  auto copy = bytes;
  copy[bytes.size() / 2] ^= 1;
  write_bytes(path, copy);
  EXPECT_NE(load_error(path).find("checksum"), std::string::npos);
  fs::remove(path);
}

TEST(Snapshot, OtherVersionsAndForeignFilesAreRefusedByName) {
  const std::string path = temp_path("version");
  save_snapshot(small_world(), path);
  auto bytes = read_bytes(path);
  const std::uint32_t newer = kSnapshotVersion + 1;
  std::memcpy(bytes.data() + 8, &newer, 4);
  reseal(bytes);
  write_bytes(path, bytes);
  EXPECT_NE(load_error(path).find("format version " + std::to_string(newer)), std::string::npos) << load_error(path);

  write_bytes(path, std::vector<unsigned char>{'f', 'i', 'l', 'm', '_', 'i', 'd', ',', 't', 'i', 't', 'l', 'e', '\n'});
  EXPECT_NE(load_error(path).find("not a reelgraph snapshot"), std::string::npos);
  EXPECT_NE(load_error(temp_path("does-not-exist")).find("cannot open"), std::string::npos);
  fs::remove(path);
}

TEST(Snapshot, ForgedIndicesWithGoodChecksumsAreRefused) {
  const std::string path = temp_path("forged");
  save_snapshot(small_world(), path);
  const auto bytes = read_bytes(path);
  // An edge pointing past the last vertex (section 3 is the edge targets).
  auto forged = bytes;
  const std::uint32_t far = 1u << 30;
  std::memcpy(forged.data() + section_offset(bytes, 3), &far, 4);
  reseal(forged);
  write_bytes(path, forged);
  EXPECT_NE(load_error(path).find("inconsistent"), std::string::npos) << load_error(path);
  // An unknown relation label (section 4).
  forged = bytes;
  forged[section_offset(bytes, 4)] = 200;
  reseal(forged);
  write_bytes(path, forged);
  EXPECT_NE(load_error(path).find("unknown relation"), std::string::npos) << load_error(path);
  // A known relation that does not fit what the link reaches (film 0's first
  // link made a country link, or a genre link if it was one).
  forged = bytes;
  const std::uint8_t was = forged[section_offset(bytes, 4)];
  forged[section_offset(bytes, 4)] = static_cast<std::uint8_t>(
      was == static_cast<std::uint8_t>(Relation::country) ? Relation::genre : Relation::country);
  reseal(forged);
  write_bytes(path, forged);
  EXPECT_NE(load_error(path).find("does not fit"), std::string::npos) << load_error(path);
  // A search entry naming a vertex that does not exist (section 18).
  forged = bytes;
  std::memcpy(forged.data() + section_offset(bytes, 18), &far, 4);
  reseal(forged);
  write_bytes(path, forged);
  EXPECT_NE(load_error(path).find("search entry"), std::string::npos) << load_error(path);
  fs::remove(path);
}

TEST(Snapshot, TheSearchIndexComesBackAsSaved) {
  const std::string path = temp_path("search");
  const FilmGraph g = small_world();
  save_snapshot(g, path);
  const FilmGraph loaded = load_snapshot(path);
  ASSERT_EQ(loaded.search_entries(), g.search_entries());
  ASSERT_GT(g.search_entries(), g.vertex_count() / 2);
  for (std::size_t i = 0; i < g.search_entries(); ++i) {
    EXPECT_EQ(loaded.search_entry_key(i), g.search_entry_key(i));
    EXPECT_EQ(loaded.search_vertex(i), g.search_vertex(i));
  }
  fs::remove(path);
}

TEST(Snapshot, FailedWriteLeavesNothingBehind) {
  const fs::path dir = fs::path(::testing::TempDir()) / "reelgraph-no-such-dir";
  fs::remove_all(dir);
  EXPECT_THROW(save_snapshot(small_world(), (dir / "g.rg").string()), SnapshotError);
  EXPECT_FALSE(fs::exists(dir));
}

TEST(Snapshot, ForgedStringsThatAreNotUtf8AreRefused) {
  // Queries give names to Python as str: a file whose checksums were redone
  // must not carry bytes that fail to decode there.
  GraphBuilder b;
  const auto f = b.add_film("amelie", "Le Fabuleux Destin d\u2019Am\u00e9lie Poulain", 2001).film;
  b.add_film("other", "Delicatessen", 1991);
  b.add_link(f, named(Relation::directed_by, "Jean-Pierre Jeunet"));
  b.add_alias(NodeKind::person, "Jean-Pierre Jeunet", "J.-P. Jeunet");
  const std::string path = temp_path("utf8");
  save_snapshot(b.freeze(), path);
  const auto bytes = read_bytes(path);
  const std::uint64_t chars = section_offset(bytes, 10);
  // A byte that is never UTF-8, in place of the first character.
  auto forged = bytes;
  forged[chars] = 0xFF;
  reseal(forged);
  write_bytes(path, forged);
  EXPECT_NE(load_error(path).find("not UTF-8"), std::string::npos) << load_error(path);
  // A surrogate (ED A0 80), valid to a lax decoder, refused by Python's.
  forged = bytes;
  const std::string title = "Le Fabuleux";
  const auto at = std::search(forged.begin() + static_cast<std::ptrdiff_t>(chars), forged.end(), title.begin(), title.end());
  ASSERT_NE(at, forged.end());
  at[0] = 0xED;
  at[1] = 0xA0;
  at[2] = 0x80;
  reseal(forged);
  write_bytes(path, forged);
  EXPECT_NE(load_error(path).find("not UTF-8"), std::string::npos) << load_error(path);
  // An offset moved inside a two-byte character: every string valid as a
  // whole, but one starts on a continuation byte.
  forged = bytes;
  const std::string e_acute = "\u00e9";
  const auto e = std::search(forged.begin() + static_cast<std::ptrdiff_t>(chars), forged.end(), e_acute.begin(), e_acute.end());
  ASSERT_NE(e, forged.end());
  const std::uint64_t inside = static_cast<std::uint64_t>(e - forged.begin()) + 1 - chars;
  const std::uint64_t offsets = section_offset(bytes, 11);
  std::uint64_t count;
  std::memcpy(&count, bytes.data() + 64 + 10 * 24 + 16, 8);  // section 11's directory entry
  bool moved = false;
  for (std::uint64_t i = 1; i + 1 < count && !moved; ++i) {
    std::uint64_t o, next;
    std::memcpy(&o, forged.data() + offsets + 8 * i, 8);
    std::memcpy(&next, forged.data() + offsets + 8 * (i + 1), 8);
    std::uint64_t before;
    std::memcpy(&before, forged.data() + offsets + 8 * (i - 1), 8);
    if (before < inside && inside < next) {
      std::memcpy(forged.data() + offsets + 8 * i, &inside, 8);
      moved = true;
    }
  }
  ASSERT_TRUE(moved);
  reseal(forged);
  write_bytes(path, forged);
  EXPECT_NE(load_error(path).find("inside a character"), std::string::npos) << load_error(path);
  // An alias that is not UTF-8 (section 15).
  forged = bytes;
  forged[section_offset(bytes, 15)] = 0xC0;
  reseal(forged);
  write_bytes(path, forged);
  EXPECT_NE(load_error(path).find("alias is not UTF-8"), std::string::npos) << load_error(path);
  fs::remove(path);
}

TEST(Snapshot, FifosDevicesAndFoldersAreRefusedWithoutWaiting) {
  // Opening a FIFO for reading waits for a writer: the loader must not.
  const std::string fifo = temp_path("fifo");
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_NE(load_error(fifo).find("not a regular file"), std::string::npos) << load_error(fifo);
  EXPECT_THROW(inspect_snapshot(fifo), SnapshotError);
  fs::remove(fifo);
  EXPECT_NE(load_error("/dev/zero").find("not a regular file"), std::string::npos) << load_error("/dev/zero");
  EXPECT_NE(load_error(::testing::TempDir()).find("a folder"), std::string::npos);
}

TEST(Snapshot, APlantedSymlinkAtATemporaryNameIsNotWrittenThrough) {
  // The old temporary name was the path, ".partial-" and the process id:
  // a symlink there sent the whole snapshot into the file it names.
  const std::string path = temp_path("planted");
  const std::string victim = temp_path("victim");
  write_bytes(victim, {'k', 'e', 'e', 'p'});
  const std::string planted = path + ".partial-" + std::to_string(::getpid());
  fs::remove(planted);
  fs::create_symlink(victim, planted);
  save_snapshot(small_world(), path);
  EXPECT_EQ(read_bytes(victim), (std::vector<unsigned char>{'k', 'e', 'e', 'p'}));
  EXPECT_TRUE(fs::is_symlink(planted));  // not ours to remove
  EXPECT_EQ(load_snapshot(path).film_count(), small_world().film_count());
  // The snapshot's own name a symlink: replaced, not followed.
  fs::remove(path);
  fs::create_symlink(victim, path);
  save_snapshot(small_world(), path);
  EXPECT_FALSE(fs::is_symlink(path));
  EXPECT_EQ(read_bytes(victim), (std::vector<unsigned char>{'k', 'e', 'e', 'p'}));
  for (const auto& p : {path, victim, planted}) fs::remove(p);
}

TEST(Snapshot, InspectReadsTheHeaderOnly) {
  const std::string path = temp_path("inspect");
  save_snapshot(small_world(), path);
  const SnapshotInfo info = inspect_snapshot(path);
  EXPECT_EQ(info.version, kSnapshotVersion);
  EXPECT_EQ(info.file_bytes, fs::file_size(path));
  fs::remove(path);
}

}  // namespace
}  // namespace reelgraph
