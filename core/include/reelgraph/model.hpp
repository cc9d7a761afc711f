// The vocabulary of the film graph: what kinds of node there are and how a film
// links to them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace reelgraph {

// Raised when a film, entity or name asked for does not exist.
class NotFoundError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Raised before a call allocates what would not fit: the full co-credit
// projection of a large graph, all pairs of co-producers. `bytes_needed` is
// the figure the call worked out; `bytes_allowed` the budget it was held to.
class ResourceError : public std::runtime_error {
 public:
  ResourceError(const std::string& what, std::uint64_t needed, std::uint64_t allowed)
      : std::runtime_error(what), bytes_needed(needed), bytes_allowed(allowed) {}
  std::uint64_t bytes_needed;
  std::uint64_t bytes_allowed;
};

// Thrown by a long call whose caller set its cancel flag (Ctrl-C in Python).
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

// The bytes a single call may allocate when its options name no budget of
// their own: half of the machine's physical memory.
std::uint64_t default_memory_budget();

// Throws ResourceError when `needed` exceeds `budget` (0: the default), with
// a message naming `what` and both figures.
void check_memory(std::string_view what, std::uint64_t needed, std::uint64_t budget);

enum class NodeKind : std::uint8_t {
  film,
  person,
  company,
  festival,
  edition,  // a festival in one year: "Melbourne International Film Festival 2013"
  section,  // a strand of one edition: "... 2013 / Inside the DPRK"
  country,
  language,
  genre,
  award,
  keyword,
};
inline constexpr std::size_t kNodeKindCount = 11;

// Relations always point from a film to another node, except `part_of`, which
// ties a section to its edition and an edition to its festival.
enum class Relation : std::uint8_t {
  directed_by,
  produced_by,
  written_by,
  cast,
  edited_by,
  shot_by,
  music_by,
  crew,
  production_company,
  world_sales,
  distributor,
  screened_at,  // film -> edition
  screened_in,  // film -> section
  festival,     // film -> festival (any year), derived from screened_at
  awarded,
  nominated,
  country,
  language,
  genre,
  keyword,
  part_of,
};
inline constexpr std::size_t kRelationCount = 21;

// A set of relations, one bit each.
using RelationMask = std::uint32_t;
inline constexpr RelationMask kAllRelations = (RelationMask{1} << kRelationCount) - 1;
constexpr RelationMask relation_bit(Relation r) {
  return RelationMask{1} << static_cast<unsigned>(r);
}

std::string_view to_string(NodeKind kind);
std::string_view to_string(Relation relation);
// Parse the names above; nullopt for anything else.
std::optional<NodeKind> parse_node_kind(std::string_view name);
std::optional<Relation> parse_relation(std::string_view name);

// What a film's link of this relation points to (`screened_at` as written in
// the tables names a festival; the builder expands it into edition, section and
// festival nodes).
NodeKind target_kind(Relation relation);

// The role a person or company plays through the relation, for explanations:
// "director", "production company", "festival edition".
std::string_view role_noun(Relation relation);

// Relations a table may name in its `relation` column (everything but the
// derived screened_in/festival and the structural part_of).
bool is_table_relation(Relation relation);

}  // namespace reelgraph
