#include "reelgraph/model.hpp"

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

}  // namespace reelgraph
