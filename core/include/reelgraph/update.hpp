// A frozen graph changed in place of a rebuild: films added, changed or
// removed, the base graph's arrays merged with those of a small graph of the
// change.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "reelgraph/graph.hpp"

namespace reelgraph {

struct UpdateCounts {
  std::size_t films_added = 0;
  std::size_t films_changed = 0;
  std::size_t films_removed = 0;
  std::size_t entities_added = 0;
};

// The graph `base` with the films of `change` (a graph built from the tables
// of the change alone) added, or put in place of the base's film with the
// same id (title, year and every link of it replaced), and the films with the
// ids of `remove` taken out. Entities are matched by identity key, so a
// person or a festival edition the base has is the same vertex in the result.
//
// The work is copies and one renumbering pass over the base's arrays, a
// merge at each entity the change touches, and the look-up indices sorted
// again; no table is read and no link resolved twice. Films keep their
// relative order, new films come after them. Entities the change leaves
// without films stay (a full rebuild would not make them): they link no two
// films, so no list changes.
//
// Throws NotFoundError for an id in `remove` that is no film of `base`, and
// std::invalid_argument for an id both changed and removed.
FilmGraph apply_update(const FilmGraph& base, const FilmGraph& change, std::span<const std::string> remove,
                       UpdateCounts* counts = nullptr);

}  // namespace reelgraph
