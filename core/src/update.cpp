#include "reelgraph/update.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "reelgraph/text.hpp"

namespace reelgraph {

// Reads and writes FilmGraph's private arrays, like SnapshotIo.
class GraphUpdate {
 public:
  static FilmGraph apply(const FilmGraph& base, const FilmGraph& change, std::span<const std::string> remove,
                         UpdateCounts* counts);
};

FilmGraph apply_update(const FilmGraph& base, const FilmGraph& change, std::span<const std::string> remove,
                       UpdateCounts* counts) {
  return GraphUpdate::apply(base, change, remove, counts);
}

namespace {

struct Out {
  VertexId target;
  Relation relation;
  bool operator<(const Out& o) const {
    return target != o.target ? target < o.target : relation < o.relation;
  }
  bool operator==(const Out& o) const { return target == o.target && relation == o.relation; }
};

}  // namespace

FilmGraph GraphUpdate::apply(const FilmGraph& b, const FilmGraph& d, std::span<const std::string> remove,
                             UpdateCounts* counts) {
  const std::size_t fb = b.film_count(), vb = b.vertex_count();
  const std::size_t fd = d.film_count(), vd = d.vertex_count();

  // What goes: removed films (by id), and changed films' old links.
  std::vector<std::uint8_t> gone(fb, 0);  // 1 removed, 2 changed
  for (const auto& id : remove) {
    const auto v = b.vertex_by_key(film_key(id));
    if (!v || !b.is_film(*v)) throw NotFoundError("cannot remove '" + id + "': no film has that id");
    gone[*v] = 1;
  }
  // Each film and entity of the change, matched to the base by identity key.
  constexpr VertexId kNew = kNoVertex;
  std::vector<VertexId> base_of(vd, kNew);
  std::vector<VertexId> change_of_film(fb, kNew);
  std::size_t films_new = 0, entities_new = 0, changed = 0;
  for (VertexId u = 0; u < vd; ++u) {
    const auto v = b.vertex_by_key(d.key(u));
    if (!v) {
      (u < fd ? films_new : entities_new) += 1;
      continue;
    }
    if (b.kind(*v) != d.kind(u))
      throw std::invalid_argument("id '" + std::string(d.key(u)) + "' names a " +
                                  std::string(to_string(d.kind(u))) + " in the change but a " +
                                  std::string(to_string(b.kind(*v))) + " in the graph");
    if (u < fd) {
      if (gone[*v] == 1)
        throw std::invalid_argument("film '" + std::string(d.name(u)) + "' is both changed and removed");
      gone[*v] = 2;
      change_of_film[*v] = u;
      ++changed;
    }
    base_of[u] = *v;
  }
  std::size_t removed = 0;
  for (auto g : gone) removed += g == 1;

  // A build joins a person known by name only to another spelling of the
  // same folded name on evidence from all the films (GraphBuilder::
  // merge_people). The change was built alone, so where its people or the
  // people of removed or changed films fold like other people of the graph,
  // one of them known by name only, a rebuild could join or part them
  // differently: refused rather than giving other lists than a rebuild.
  // Only the change's people and those of its films are looked at.
  {
    constexpr std::string_view kNameOnly = "person:";
    const auto name_only = [&](std::string_view key) { return key.compare(0, kNameOnly.size(), kNameOnly) == 0; };
    // People the base joined a name-only spelling to, with those spellings.
    std::unordered_map<std::string_view, std::vector<std::string_view>> merged_into;
    for (const auto& [alias, target] : b.alias_to_key_)
      if (name_only(alias)) merged_into[target].push_back(std::string_view(alias).substr(kNameOnly.size()));
    const auto refuse = [&](std::string_view who, VertexId other) {
      throw std::invalid_argument("person '" + std::string(who) + "' (or a spelling of the name) is '" +
                                  std::string(b.name(other)) + "' (" + std::string(b.key(other)) +
                                  ") in the graph or folds like it, and one of them is known by name only: a full "
                                  "rebuild may join or part them differently; build the graph again instead of "
                                  "updating it");
    };
    // A join stays what it was whatever films come or go when the person has
    // an id, is the only person of that folded name, and every spelling
    // joined to them is spelled as they are: the one id-holder spelled the
    // same takes them, film or no film.
    const auto join_may_change = [&](VertexId p) {
      const auto it = merged_into.find(b.key(p));
      if (it == merged_into.end()) return false;
      if (name_only(b.key(p))) return true;
      const std::string own = name_key(b.name(p));
      for (std::string_view spelling : it->second)
        if (spelling != own) return true;
      for (VertexId w : b.search(b.name(p), NodeKind::person))
        if (w != p) return true;
      return false;
    };
    const auto check = [&](std::string_view name, std::string_view key, VertexId self) {
      for (VertexId w : b.search(name, NodeKind::person)) {
        if (w == self) continue;
        if (name_only(key) || name_only(b.key(w)) || merged_into.count(b.key(w))) refuse(name, w);
      }
    };
    for (VertexId u = static_cast<VertexId>(fd); u < vd; ++u)
      if (d.kind(u) == NodeKind::person) {
        check(d.name(u), d.key(u), base_of[u]);
        if (base_of[u] != kNew && join_may_change(base_of[u])) refuse(d.name(u), base_of[u]);
      }
    for (const auto& [alias, target] : d.alias_to_key_)
      if (name_only(alias) && b.vertex_by_key(alias)) refuse(alias.substr(kNameOnly.size()), *b.vertex_by_key(alias));
    for (VertexId f = 0; f < fb; ++f)
      if (gone[f])
        for (VertexId p : b.link_targets(f))
          if (b.kind(p) == NodeKind::person) {
            if (join_may_change(p)) refuse(b.name(p), p);
            check(b.name(p), b.key(p), p);
          }
  }

  // New numbering: kept films in their order, new films, the base's entities,
  // new entities. Monotonic on the base's vertices, so a base list renumbered
  // stays sorted.
  const std::size_t films = fb - removed + films_new;
  const std::size_t vertices = films + (vb - fb) + entities_new;
  if (vertices >= kNoVertex) throw std::length_error("too many vertices for 32-bit ids");
  std::vector<VertexId> from_base(vb, kNoVertex);
  std::vector<VertexId> old_of(vertices, kNoVertex);  // base vertex, or kNoVertex for one of the change
  {
    VertexId next = 0;
    for (VertexId f = 0; f < fb; ++f)
      if (gone[f] != 1) from_base[f] = next++;
    next = static_cast<VertexId>(films);
    for (VertexId e = static_cast<VertexId>(fb); e < vb; ++e) from_base[e] = next++;
  }
  for (VertexId v = 0; v < vb; ++v)
    if (from_base[v] != kNoVertex) old_of[from_base[v]] = v;
  std::vector<VertexId> from_change(vd);
  std::vector<VertexId> change_of(vertices, kNoVertex);  // the change's vertex whose links a vertex takes
  {
    VertexId next_film = static_cast<VertexId>(fb - removed);
    VertexId next_entity = static_cast<VertexId>(films + (vb - fb));
    for (VertexId u = 0; u < vd; ++u) {
      const VertexId v = base_of[u] != kNew ? from_base[base_of[u]] : (u < fd ? next_film++ : next_entity++);
      from_change[u] = v;
      change_of[v] = u;
    }
  }
  // Base entities a removed or changed film linked to lose those links.
  std::vector<std::uint8_t> touched(vb, 0);
  for (VertexId f = 0; f < fb; ++f)
    if (gone[f])
      for (VertexId t : b.link_targets(f)) touched[t] = 1;
  for (VertexId u = static_cast<VertexId>(fd); u < vd; ++u)
    if (base_of[u] != kNew) touched[base_of[u]] = 1;

  FilmGraph g;
  g.film_count_ = films;
  g.duplicate_links_ = d.duplicate_links_;
  auto& rowstart = g.csr_.m_forward.m_rowstart;
  auto& column = g.csr_.m_forward.m_column;
  auto& relation = g.csr_.m_forward.m_edge_properties;
  rowstart.assign(vertices + 1, 0);
  column.reserve(b.edge_count() + d.edge_count());
  relation.reserve(b.edge_count() + d.edge_count());
  g.film_degree_.assign(vertices, 0);
  std::vector<Out> merged;
  for (VertexId v = 0; v < vertices; ++v) {
    const VertexId old = old_of[v], u = change_of[v];
    const bool replaced = old != kNoVertex && old < fb && gone[old] == 2;
    if (old != kNoVertex && !replaced && !touched[old]) {
      // Untouched: the base's list renumbered, still sorted.
      const auto targets = b.link_targets(old);
      const auto relations = b.link_relations(old);
      for (std::size_t i = 0; i < targets.size(); ++i) {
        column.push_back(from_base[targets[i]]);
        relation.push_back(relations[i]);
      }
      if (v >= films) g.film_degree_[v] = b.film_degree_[old];
    } else {
      merged.clear();
      if (old != kNoVertex && !replaced) {
        const auto targets = b.link_targets(old);
        const auto relations = b.link_relations(old);
        for (std::size_t i = 0; i < targets.size(); ++i)
          if (!(targets[i] < fb && gone[targets[i]])) merged.push_back({from_base[targets[i]], relations[i].relation});
      }
      if (u != kNoVertex) {
        const auto targets = d.link_targets(u);
        const auto relations = d.link_relations(u);
        for (std::size_t i = 0; i < targets.size(); ++i) merged.push_back({from_change[targets[i]], relations[i].relation});
      }
      std::sort(merged.begin(), merged.end());
      merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
      VertexId last_film = kNoVertex;
      for (const Out& o : merged) {
        column.push_back(o.target);
        relation.push_back(EdgeData{o.relation});
        if (o.target < films && o.target != last_film) {
          ++g.film_degree_[v];
          last_film = o.target;
        }
      }
      if (v < films) g.film_degree_[v] = 0;
    }
    rowstart[v + 1] = static_cast<std::uint32_t>(column.size());
    if (column.size() >= std::numeric_limits<std::uint32_t>::max())
      throw std::length_error("too many edges for 32-bit edge indices");
  }

  // Names and keys: the base's strings as they are (their indices stay
  // good), the change's new ones after them.
  g.strings_ = b.strings_;
  g.kinds_.resize(vertices);
  g.years_.resize(vertices);
  g.names_.resize(vertices);
  g.keys_.resize(vertices);
  g.title_keys_.resize(films);
  for (VertexId v = 0; v < vertices; ++v) {
    const VertexId old = old_of[v], u = change_of[v];
    if (old != kNoVertex) {
      g.kinds_[v] = b.kinds_[old];
      g.years_[v] = b.years_[old];
      g.names_[v] = b.names_[old];
      g.keys_[v] = b.keys_[old];
      if (v < films) g.title_keys_[v] = b.title_keys_[old];
    }
    // A film of the change takes its title and year from it; an entity the
    // base already has keeps the base's name (the first mention names it, as
    // in a build of everything).
    if (u != kNoVertex && (old == kNoVertex || u < fd)) {
      g.kinds_[v] = d.kinds_[u];
      g.years_[v] = d.years_[u];
      g.names_[v] = g.strings_.add(d.name(u));
      if (old == kNoVertex) g.keys_[v] = g.strings_.add(d.key(u));
      if (v < films) g.title_keys_[v] = g.strings_.add(d.strings_.at(d.title_keys_[u]));
    }
  }
  g.alias_to_key_ = b.alias_to_key_;
  for (const auto& [alias, key] : d.alias_to_key_) g.alias_to_key_.insert_or_assign(alias, key);
  g.build_indices();
  // Rebuilt whole rather than merged: it reads every name once and sorts, a
  // small part of a build; its strings go after the base's (whose old search
  // keys stay in the table unused).
  g.build_search_index();
  g.build_hub_signatures();
  if (counts) *counts = UpdateCounts{films_new, changed, removed, entities_new};
  return g;
}

}  // namespace reelgraph
