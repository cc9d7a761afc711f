// The GraphBuilder fed an arbitrary sequence of operations (add_film,
// add_link, add_alias, name_entity) with ids and names drawn from awkward
// spellings or from the raw input. Refusals must be std::invalid_argument and
// leave no trace; then the frozen graph must be consistent, find every film
// by its own key, answer see_also correctly, and survive a snapshot round
// trip unchanged.
#include <cstdio>
#include <vector>

#include "fuzz_common.hpp"
#include "reelgraph/snapshot.hpp"
#include "reelgraph/text.hpp"

namespace {

using namespace reelgraph;

// Spellings that stress identity: one IMDb id three ways, ids of every
// scheme, a film id where a person's is expected, NFC/NFD, case and spacing,
// scripts other than Latin, control and invisible characters.
constexpr const char* kPool[] = {
    "tt0038297", "tt38297", "https://www.imdb.com/title/tt0038297/", "nm0000122", "nm122", "co0012345",
    "Q42", "wd:Q42", "tmdb:603", "Kim", "KIM  ", "kim\xc2\xa0gwang hun", "Caf\xc3\xa9", "Cafe\xcc\x81",
    "\xea\xb9\x80\xea\xb4\x91\xed\x9b\x88", "\xe6\x97\xa0\xe9\x97\xb4\xe9\x81\x93",
    "\xd8\xa7\xd9\x84\xd9\x81\xd9\x8a\xd9\x84\xd9\x85", "Cannes", "cannes", "Inside the DPRK", "film:x", "x",
    "a\xe2\x80\x8b" "b", "\t\n", "", "Q0", "tt12ab",
};
constexpr std::size_t kPoolSize = sizeof kPool / sizeof kPool[0];

std::string_view pick(fuzz::Bytes& in) {
  const std::uint8_t b = in.byte();
  if (b & 0x80) return kPool[(b & 0x7f) % kPoolSize];
  return in.text_of(b);
}

int year_of(fuzz::Bytes& in) {
  const std::uint8_t b = in.byte();
  if (b < 200) return b == 0 ? 0 : 1900 + b;
  if (b == 255) return -1;
  return 40000;  // out of range: refused
}

void same_graph(const FilmGraph& a, const FilmGraph& b) {
  REELGRAPH_FUZZ_CHECK(a.film_count() == b.film_count());
  REELGRAPH_FUZZ_CHECK(a.vertex_count() == b.vertex_count());
  REELGRAPH_FUZZ_CHECK(a.edge_count() == b.edge_count());
  REELGRAPH_FUZZ_CHECK(a.duplicate_links() == b.duplicate_links());
  for (VertexId v = 0; v < a.vertex_count(); ++v) {
    REELGRAPH_FUZZ_CHECK(a.key(v) == b.key(v) && a.name(v) == b.name(v) && a.kind(v) == b.kind(v));
    REELGRAPH_FUZZ_CHECK(a.year(v) == b.year(v) && a.film_degree(v) == b.film_degree(v));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  GraphBuilder b;
  std::size_t ops = 0;
  while (!in.empty() && ops++ < 256) {
    const std::uint8_t op = in.byte();
    try {
      switch (op % 4) {
        case 0: {
          const auto id = pick(in);
          const auto title = pick(in);
          b.add_film(id, title, year_of(in));
          break;
        }
        case 1: {
          const std::size_t films = b.film_count(), entities = b.entity_count();
          LinkSpec l;
          const std::uint8_t film = in.byte();
          l.relation = static_cast<Relation>(in.byte() % kRelationCount);
          const std::uint8_t how = in.byte();
          if (how & 1) l.entity_id = pick(in);
          if (how & 2) l.name = pick(in);
          if (how & 4) l.year = year_of(in);
          if (how & 8) l.section = pick(in);
          try {
            b.add_link(films ? film % (films + (how >> 7)) : film, l);
          } catch (...) {
            // A refused link leaves no trace.
            REELGRAPH_FUZZ_CHECK(b.film_count() == films && b.entity_count() == entities);
            throw;
          }
          break;
        }
        case 2: {
          const auto kind = static_cast<NodeKind>(in.byte() % kNodeKindCount);
          const auto alias = pick(in);
          b.add_alias(kind, alias, pick(in));
          break;
        }
        default: {
          const auto id = pick(in);
          b.name_entity(id, pick(in));
          break;
        }
      }
    } catch (const std::invalid_argument&) {
    } catch (const std::out_of_range&) {
      // add_link on a film index that does not exist.
    }
  }

  const FilmGraph g = b.freeze();
  REELGRAPH_FUZZ_CHECK(g.film_count() <= g.vertex_count());
  for (VertexId v = 0; v < g.vertex_count(); ++v) {
    for (const auto& e : g.links(v)) {
      const Link l = g.link(e);
      REELGRAPH_FUZZ_CHECK(l.target < g.vertex_count() && l.target != v);
      // Every link is stored both ways.
      bool back = false;
      for (const auto& r : g.links(l.target)) back = back || (g.link(r).target == v && g.link(r).relation == l.relation);
      REELGRAPH_FUZZ_CHECK(back);
    }
    if (g.is_film(v)) {
      REELGRAPH_FUZZ_CHECK(g.film_by_id(fuzz::id_of_film_key(g.key(v))) == v);
      const auto titled = g.films_titled(g.name(v));
      REELGRAPH_FUZZ_CHECK(std::find(titled.begin(), titled.end(), v) != titled.end());
      fuzz::check_see_also(g, v, SeeAlsoOptions{});
    } else {
      const auto found = g.find_entity(g.kind(v), g.key(v));
      REELGRAPH_FUZZ_CHECK(!found || g.kind(*found) == g.kind(v));
    }
  }

  static const std::string path = fuzz::temp_path("builder.rg");
  try {
    save_snapshot(g, path);
  } catch (const SnapshotError&) {
    fuzz::finding("a built graph could not be saved");
  }
  try {
    same_graph(g, load_snapshot(path));
  } catch (const SnapshotError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fuzz::finding("a built graph does not load back");
  }
  std::remove(path.c_str());
  return 0;
}
