// The builder program shared by the fuzz targets that need a graph: the
// input read as a sequence of GraphBuilder operations (add_film, add_link,
// add_alias, name_entity) with ids and names drawn from awkward spellings or
// from the raw input. See tests/fuzz/make_seeds.py for the encoding.
#pragma once

#include <stdexcept>
#include <string_view>

#include "fuzz_common.hpp"

namespace reelgraph::fuzz {

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

inline std::string_view pick(Bytes& in) {
  const std::uint8_t b = in.byte();
  if (b & 0x80) return kPool[(b & 0x7f) % kPoolSize];
  return in.text_of(b);
}

inline int year_of(Bytes& in) {
  const std::uint8_t b = in.byte();
  if (b < 200) return b == 0 ? 0 : 1900 + b;
  if (b == 255) return -1;
  return 40000;  // out of range: refused
}

// Runs at most `max_ops` operations from the input on `b`. Refusals must be
// std::invalid_argument (or std::out_of_range for a film index that does not
// exist) and leave no trace.
inline void run_builder_program(Bytes& in, GraphBuilder& b, std::size_t max_ops = 256) {
  std::size_t ops = 0;
  while (!in.empty() && ops++ < max_ops) {
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
}

}  // namespace reelgraph::fuzz
