#include "reelgraph/model.hpp"

#include <unistd.h>

#include <cstdio>

namespace reelgraph {
namespace {

constexpr std::array<std::string_view, kNodeKindCount> kKindNames = {
    "film",    "person",   "company", "festival", "edition", "section",
    "country", "language", "genre",   "award",    "keyword"};

struct RelationInfo {
  std::string_view name;
  NodeKind target;
  std::string_view role;
  bool in_tables;
};

constexpr std::array<RelationInfo, kRelationCount> kRelations = {{
    {"directed_by", NodeKind::person, "director", true},
    {"produced_by", NodeKind::person, "producer", true},
    {"written_by", NodeKind::person, "writer", true},
    {"cast", NodeKind::person, "cast member", true},
    {"edited_by", NodeKind::person, "editor", true},
    {"shot_by", NodeKind::person, "cinematographer", true},
    {"music_by", NodeKind::person, "composer", true},
    {"crew", NodeKind::person, "crew member", true},
    {"production_company", NodeKind::company, "production company", true},
    {"world_sales", NodeKind::company, "world sales agent", true},
    {"distributor", NodeKind::company, "distributor", true},
    {"screened_at", NodeKind::edition, "festival edition", true},
    {"screened_in", NodeKind::section, "festival section", false},
    {"festival", NodeKind::festival, "festival", false},
    {"awarded", NodeKind::award, "award", true},
    {"nominated", NodeKind::award, "award nomination", true},
    {"country", NodeKind::country, "country", true},
    {"language", NodeKind::language, "language", true},
    {"genre", NodeKind::genre, "genre", true},
    {"keyword", NodeKind::keyword, "keyword", true},
    {"part_of", NodeKind::festival, "part of", false},
}};

}  // namespace

std::string_view to_string(NodeKind kind) {
  return kKindNames.at(static_cast<std::size_t>(kind));
}

std::string_view to_string(Relation relation) {
  return kRelations.at(static_cast<std::size_t>(relation)).name;
}

std::optional<NodeKind> parse_node_kind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == name) return static_cast<NodeKind>(i);
  return std::nullopt;
}

std::optional<Relation> parse_relation(std::string_view name) {
  for (std::size_t i = 0; i < kRelations.size(); ++i)
    if (kRelations[i].name == name) return static_cast<Relation>(i);
  return std::nullopt;
}

NodeKind target_kind(Relation relation) {
  return kRelations.at(static_cast<std::size_t>(relation)).target;
}

std::string_view role_noun(Relation relation) {
  return kRelations.at(static_cast<std::size_t>(relation)).role;
}

bool is_table_relation(Relation relation) {
  return kRelations.at(static_cast<std::size_t>(relation)).in_tables;
}

std::uint64_t default_memory_budget() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return std::uint64_t{4} << 30;  // unknown: assume a small machine
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page) / 2;
}

void check_memory(std::string_view what, std::uint64_t needed, std::uint64_t budget) {
  const std::uint64_t allowed = budget ? budget : default_memory_budget();
  if (needed <= allowed) return;
  const auto mib = [](std::uint64_t b) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(b) / (1 << 20));
    return std::string(buf);
  };
  throw ResourceError(std::string(what) + " would need " + std::to_string(needed) + " bytes (" + mib(needed) +
                          "), more than the " + std::to_string(allowed) + " bytes (" + mib(allowed) +
                          ") allowed; nothing was allocated",
                      needed, allowed);
}

}  // namespace reelgraph
