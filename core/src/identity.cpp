// People named differently by different sources, made one person on evidence.
//
// Two spellings ("Andrei Tarkovsky", "andrei tarkovski"; "Bong Joon Ho",
// "Joon-ho Bong") fold to one search_key. A folded name alone is weak
// evidence (two directors may share a name), so a person known by name only
// is joined to another only when the two also share a film:
//   - to the one person with an external id (nm..., Q...) of that folded name
//     who shares a film with it (or with name-only spellings it shares films
//     with); with two or more such ids it stays apart, ambiguous;
//   - else, when that folded name has exactly one person with an id in all
//     the data, spelled exactly as it is (case, spacing and Unicode form
//     aside), to that person: the source that gives the id is the evidence;
//   - else to the other name-only spellings it shares a film with.
// Two people with external ids are never joined: an id is the strongest
// evidence there is that they differ.
#include <algorithm>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "reelgraph/graph.hpp"
#include "reelgraph/text.hpp"

namespace reelgraph {
namespace {

bool shares(const std::vector<VertexId>& a, const std::vector<VertexId>& b) {
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i == *j) return true;
    if (*i < *j) ++i;
    else ++j;
  }
  return false;
}

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::size_t GraphBuilder::merge_people() {
  constexpr std::string_view kPersonKey = "person:";
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_fold;
  for (std::uint32_t e = 0; e < entities_.size(); ++e)
    if (entities_[e].kind == NodeKind::person) by_fold[search_key(entities_[e].name, true)].push_back(e);

  // Only folded names that at least two people answer to, one of them known
  // by name only, can merge: their films are gathered, nobody else's.
  std::vector<char> candidate(entities_.size(), 0);
  bool any = false;
  for (auto& [fold, members] : by_fold) {
    if (members.size() < 2) continue;
    const bool has_name_only = std::any_of(members.begin(), members.end(), [&](std::uint32_t e) {
      return entities_[e].key.compare(0, kPersonKey.size(), kPersonKey) == 0;
    });
    if (!has_name_only) continue;
    for (std::uint32_t e : members) candidate[e] = 1;
    any = true;
  }
  if (!any) return 0;
  std::unordered_map<std::uint32_t, std::vector<VertexId>> films_of;
  for (const auto& l : film_links_)
    if (candidate[l.to]) films_of[l.to].push_back(l.from);
  for (auto& [e, films] : films_of) {
    std::sort(films.begin(), films.end());
    films.erase(std::unique(films.begin(), films.end()), films.end());
  }
  static const std::vector<VertexId> kNone;
  const auto films = [&](std::uint32_t e) -> const std::vector<VertexId>& {
    const auto it = films_of.find(e);
    return it == films_of.end() ? kNone : it->second;
  };

  std::vector<std::uint32_t> into(entities_.size());
  std::iota(into.begin(), into.end(), 0u);
  std::size_t merged = 0;
  for (auto& [fold, members] : by_fold) {
    if (members.size() < 2 || !candidate[members.front()]) continue;
    std::vector<std::uint32_t> ids, names;
    for (std::uint32_t e : members)
      (entities_[e].key.compare(0, kPersonKey.size(), kPersonKey) == 0 ? names : ids).push_back(e);
    // Name-only spellings that share a film form one component.
    std::vector<std::uint32_t> parent(names.size());
    std::iota(parent.begin(), parent.end(), 0u);
    for (std::uint32_t i = 0; i < names.size(); ++i)
      for (std::uint32_t j = i + 1; j < names.size(); ++j)
        if (shares(films(names[i]), films(names[j]))) parent[find_root(parent, i)] = find_root(parent, j);
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> components;
    for (std::uint32_t i = 0; i < names.size(); ++i) components[find_root(parent, i)].push_back(names[i]);
    for (auto& [root, component] : components) {
      const auto ids_sharing = [&](const std::vector<std::uint32_t>& people) {
        std::vector<std::uint32_t> out;
        for (std::uint32_t id : ids)
          for (std::uint32_t p : people)
            if (shares(films(id), films(p))) {
              out.push_back(id);
              break;
            }
        return out;
      };
      const auto found = ids_sharing(component);
      if (found.size() == 1) {
        for (std::uint32_t p : component) into[p] = found.front();
      } else if (found.empty()) {
        // The one id of this folded name anywhere, spelled exactly as one of
        // the component's names: a source that knows the person's id is the
        // evidence, even without a film in common.
        if (ids.size() == 1) {
          const std::string id_name = name_key(entities_[ids.front()].name);
          const bool same_spelling = std::any_of(component.begin(), component.end(), [&](std::uint32_t p) {
            return name_key(entities_[p].name) == id_name;
          });
          if (same_spelling) {
            for (std::uint32_t p : component) into[p] = ids.front();
            continue;
          }
        }
        if (component.size() < 2) continue;
        // The spelling with the most films is kept (the lowest index on a tie).
        const std::uint32_t keep = *std::max_element(component.begin(), component.end(), [&](auto a, auto b) {
          return films(a).size() != films(b).size() ? films(a).size() < films(b).size() : a > b;
        });
        for (std::uint32_t p : component) into[p] = keep;
      } else {
        // Several ids: each spelling joins only an id it alone points to.
        for (std::uint32_t p : component) {
          const auto own = ids_sharing({p});
          if (own.size() == 1) into[p] = own.front();
        }
      }
    }
  }

  // Survivors keep their order; links, names and aliases follow the merge.
  std::vector<std::uint32_t> renumber(entities_.size(), 0);
  std::vector<Node> kept;
  std::vector<NodeKind> kept_kinds;
  kept.reserve(entities_.size());
  for (std::uint32_t e = 0; e < entities_.size(); ++e) {
    if (into[e] != e) continue;
    renumber[e] = static_cast<std::uint32_t>(kept.size());
    kept.push_back(std::move(entities_[e]));
    kept_kinds.push_back(kept.back().kind);
  }
  for (std::uint32_t e = 0; e < entities_.size(); ++e) {
    if (into[e] == e) continue;
    ++merged;
    Node& survivor = kept[renumber[into[e]]];
    // A person known only by an id takes the first name a source gives.
    if (survivor.name == survivor.key) survivor.name = entities_[e].name;
    // The merged spelling stays findable, as an alias of the survivor.
    alias_to_key_[entities_[e].key] = survivor.key;
    renumber[e] = renumber[into[e]];
  }
  if (merged == 0) {
    entities_ = std::move(kept);  // every entity survived, in its place
    return 0;
  }
  std::unordered_map<std::string, std::string> moved;
  for (std::uint32_t e = 0; e < entities_.size(); ++e)
    if (into[e] != e) moved.emplace(entities_[e].key, kept[renumber[e]].key);
  for (auto& [alias, target] : alias_to_key_) {
    const auto it = moved.find(target);
    if (it != moved.end()) target = it->second;
  }
  for (auto& l : film_links_) l.to = renumber[l.to];
  for (auto& l : structure_links_) {
    l.from = renumber[l.from];
    l.to = renumber[l.to];
  }
  entities_ = std::move(kept);
  entity_kinds_ = std::move(kept_kinds);
  return merged;
}

}  // namespace reelgraph
