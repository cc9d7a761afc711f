#include "reelgraph/graph.hpp"

#include <boost/iterator/transform_iterator.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "reelgraph/text.hpp"

namespace reelgraph {
namespace {

// Alias chains are short in practice; this bounds a cycle written by mistake.
constexpr int kMaxAliasHops = 16;

std::int16_t checked_year(int year) {
  if (year < 0 || year > std::numeric_limits<std::int16_t>::max())
    throw std::invalid_argument("year " + std::to_string(year) + " is out of range");
  return static_cast<std::int16_t>(year);
}

// Keys of editions and sections join their parts with a control character,
// which names never hold (clean_text strips them), so no festival's own name
// can forge the key of another festival's edition.
constexpr char kKeyJoin = '\x1f';

std::string edition_key(std::string_view festival_key, int year) {
  std::string key(festival_key);
  key += kKeyJoin;
  key += std::to_string(year);
  return key;
}

std::string resolve_through(const std::unordered_map<std::string, std::string>& aliases,
                            std::string key) {
  if (aliases.empty()) return key;  // most data states no aliases: skip hashing the key
  for (int hop = 0; hop < kMaxAliasHops; ++hop) {
    const auto it = aliases.find(key);
    if (it == aliases.end()) return key;
    key = it->second;
  }
  throw std::invalid_argument("aliases form a cycle through '" + key + "'");
}

// Sorts a vertex's links. They arrive in file order, so an entity's list
// (its films) is a few ascending runs, one per file that links to it: those
// are merged rather than sorted afresh. Short or jumbled lists are sorted.
template <class It>
void sort_runs(It first, It last) {
  constexpr std::ptrdiff_t kShort = 32;
  constexpr int kMaxRuns = 8;
  if (last - first <= kShort) {
    std::sort(first, last);
    return;
  }
  It bounds[kMaxRuns + 1];
  int runs = 0;
  for (It at = first; at != last; at = std::is_sorted_until(at, last)) {
    if (runs == kMaxRuns) {
      std::sort(first, last);
      return;
    }
    bounds[runs++] = at;
  }
  bounds[runs] = last;
  for (int r = 1; r < runs; ++r) std::inplace_merge(first, bounds[r], bounds[r + 1]);
}

}  // namespace

std::uint32_t StringTable::add(std::string_view text) {
  chars_.append(text);
  offsets_.push_back(chars_.size());
  return static_cast<std::uint32_t>(offsets_.size() - 2);
}

std::string film_key(std::string_view film_id) {
  if (const auto id = parse_external_id(film_id)) {
    if (id->scheme == IdScheme::imdb_name || id->scheme == IdScheme::imdb_company)
      throw std::invalid_argument("'" + std::string(film_id) + "' is an IMDb " +
                                  (id->scheme == IdScheme::imdb_name ? "person" : "company") +
                                  " id, not a film id");
    return id->canonical;
  }
  // Local ids compare like names: "Kill-List" and "kill-list " are one id.
  std::string local = name_key(film_id);
  if (local.empty()) throw std::invalid_argument("empty film id");
  // Folding drops invisible and control characters, so "\u200btt0038297"
  // (pasted from a web page) would fold to a local id that reads as
  // tt0038297 and stand beside that film as another one. Refused instead.
  bool reads_as_id = true;
  try {
    reads_as_id = parse_external_id(local).has_value();
  } catch (const std::invalid_argument&) {
  }
  if (reads_as_id)
    throw std::invalid_argument("film id '" + std::string(film_id) +
                                "' holds invisible, control or look-alike characters around what reads as an "
                                "external id; write the id plainly");
  return "film:" + local;
}

std::string entity_key(NodeKind kind, std::string_view name) {
  return std::string(to_string(kind)) + ":" + name_key(name);
}

// ---------------------------------------------------------------- builder

GraphBuilder::FilmAdded GraphBuilder::add_film(std::string_view film_id, std::string_view title,
                                               int year) {
  std::string key = film_key(film_id);
  std::string clean_title = clean_text(title);
  if (clean_title.empty()) throw std::invalid_argument("film '" + key + "' has an empty title");
  if (!has_visible_text(clean_title))
    throw std::invalid_argument("film '" + key + "' has a title of only invisible characters");
  const std::int16_t checked = checked_year(year);
  // One key, one vertex: a Wikidata id cannot name a film and a person both.
  if (const auto entity = entity_index_.find(key))
    throw std::invalid_argument("id '" + key + "' already names a " +
                                std::string(to_string(entities_[*entity].kind)) + ", not a film");
  if (const auto found = film_index_.find(key)) {
    Node& existing = films_[*found];
    if (name_key(existing.name) != name_key(clean_title))
      throw std::invalid_argument("film id '" + key + "' names both '" + existing.name +
                                  "' and '" + clean_title + "'");
    if (existing.year != 0 && checked != 0 && existing.year != checked)
      throw std::invalid_argument("film id '" + key + "' is dated both " + std::to_string(existing.year) +
                                  " and " + std::to_string(checked));
    if (existing.year == 0) existing.year = checked;  // a later row may know the year
    return {*found, false};
  }
  const auto film = static_cast<VertexId>(films_.size());
  film_index_.insert(key, film);
  films_.push_back(Node{NodeKind::film, std::move(key), std::move(clean_title), checked});
  return {film, true};
}

std::string GraphBuilder::resolve_alias(NodeKind kind, std::string_view name) const {
  return resolve_through(alias_to_key_, entity_key(kind, name));
}

void GraphBuilder::add_alias(NodeKind kind, std::string_view alias, std::string_view canonical) {
  if (kind == NodeKind::film)
    throw std::invalid_argument("films have no aliases: two films may share a title");
  const std::string alias_key = entity_key(kind, alias);
  const auto id = parse_external_id(canonical);
  const std::string target = id ? id->canonical : resolve_alias(kind, canonical);
  const std::string shown = id ? std::string() : clean_text(canonical);
  if (shown.empty() && !id) throw std::invalid_argument("alias '" + std::string(alias) + "' stands for an empty name");
  if (alias_key == target) return;
  // Every check before any change, so a refused alias leaves no trace.
  if (entity_index_.contains(alias_key))
    throw std::invalid_argument("alias '" + std::string(alias) +
                                "' comes after links that already name it: give aliases first");
  const auto known = alias_to_key_.find(alias_key);
  if (known != alias_to_key_.end()) {
    if (known->second != target)
      throw std::invalid_argument("alias '" + std::string(alias) + "' already stands for '" +
                                  known->second + "', not '" + target + "'");
    return;
  }
  // Aliases always point at a resolved key, so they cannot form a cycle.
  alias_to_key_.emplace(alias_key, target);
  if (!id) canonical_name_.try_emplace(target, shown);
}

std::uint32_t GraphBuilder::entity(NodeKind kind, std::string_view key, std::string_view name,
                                   int year) {
  if (const auto found = entity_index_.find(key)) {
    const NodeKind existing = entity_kinds_[*found];
    if (existing != kind)
      throw std::invalid_argument("id '" + std::string(key) + "' names a " + std::string(to_string(existing)) +
                                  " and a " + std::string(to_string(kind)));
    return *found;
  }
  // Whatever can throw comes before the node is added.
  if (film_index_.contains(key))
    throw std::invalid_argument("id '" + std::string(key) + "' already names a film, not a " +
                                std::string(to_string(kind)));
  const auto canonical = canonical_name_.empty() ? canonical_name_.end() : canonical_name_.find(std::string(key));
  std::string display = canonical != canonical_name_.end() ? canonical->second : clean_text(name);
  if (display.empty()) display = std::string(key);
  const std::int16_t checked = checked_year(year);
  const auto index = static_cast<std::uint32_t>(entities_.size());
  entity_index_.insert(key, index);
  entities_.push_back(Node{kind, std::string(key), std::move(display), checked});
  entity_kinds_.push_back(kind);
  return index;
}

bool GraphBuilder::name_entity(std::string_view entity_id, std::string_view name) {
  const auto id = parse_external_id(entity_id);
  if (!id) return false;
  const auto found = entity_index_.find(id->canonical);
  if (!found) return false;
  Node& node = entities_[*found];
  if (node.name != node.key) return false;
  std::string display = clean_text(name);
  if (display.empty()) return false;
  node.name = std::move(display);
  return true;
}

void GraphBuilder::add_link(VertexId film, const LinkSpec& link) {
  if (film >= films_.size()) throw std::out_of_range("no film with index " + std::to_string(film));
  if (!is_table_relation(link.relation))
    throw std::invalid_argument("relation '" + std::string(to_string(link.relation)) +
                                "' is derived by the graph and cannot be given in a table");
  const NodeKind kind =
      link.relation == Relation::screened_at ? NodeKind::festival : target_kind(link.relation);
  const std::string section_name = link.section.empty() ? std::string() : clean_text(link.section);
  if (!section_name.empty() && link.relation != Relation::screened_at)
    throw std::invalid_argument("only screened_at links have a section");
  if (!section_name.empty() && link.year == 0)
    throw std::invalid_argument("a festival section needs the edition's year");
  checked_year(link.year);

  std::string key;
  std::string_view name = link.name;
  if (!link.entity_id.empty()) {
    auto id = parse_external_id(link.entity_id);
    if (!id)
      throw std::invalid_argument("'" + std::string(link.entity_id) +
                                  "' is not an external id (IMDb nm/co/tt, Wikidata Q, tmdb:)");
    if (id->scheme == IdScheme::imdb_title)
      throw std::invalid_argument("'" + std::string(link.entity_id) +
                                  "' is a film id; a " + std::string(to_string(kind)) +
                                  " needs its own id");
    key = std::move(id->canonical);
  } else {
    if (!has_visible_text(clean_text(name)))
      throw std::invalid_argument("a " + std::string(to_string(link.relation)) +
                                  " link needs a name or an id (this name shows nothing)");
    key = resolve_alias(kind, name);
  }

  // Everything is checked; from here on the builder only grows.
  const std::uint32_t target = entity(kind, key, name, 0);
  if (link.relation != Relation::screened_at) {
    film_links_.push_back({film, target, link.relation, true});
    return;
  }

  // A screening: the festival always, the edition when the year is known, and
  // the section of that edition when it is named.
  // The row's own link is its most specific one: section, else edition, else festival.
  film_links_.push_back({film, target, Relation::festival, link.year == 0});
  if (link.year == 0) return;
  const std::string festival_name = entities_[target].name;
  const std::string ed_key = edition_key(key, link.year);
  const std::uint32_t edition = entity(NodeKind::edition, ed_key,
                                       festival_name + " " + std::to_string(link.year), link.year);
  structure_links_.push_back({edition, target, Relation::part_of});
  film_links_.push_back({film, edition, Relation::screened_at, section_name.empty()});
  if (section_name.empty()) return;
  const std::uint32_t section =
      entity(NodeKind::section, ed_key + kKeyJoin + name_key(section_name),
             entities_[edition].name + " / " + section_name, link.year);
  structure_links_.push_back({section, edition, Relation::part_of});
  film_links_.push_back({film, section, Relation::screened_in, true});
}

FilmGraph GraphBuilder::freeze() {
  FilmGraph g;
  g.merged_people_ = merge_people();
  const std::size_t film_count = films_.size();
  const std::size_t vertex_count = film_count + entities_.size();
  if (vertex_count >= kNoVertex) throw std::length_error("too many vertices for 32-bit ids");
  g.film_count_ = film_count;

  struct Edge {
    VertexId source, target;
    Relation relation;
    bool row;  // the own link of a table row (see PendingEdge)
    bool operator<(const Edge& o) const {
      return std::tie(source, target, relation) < std::tie(o.source, o.target, o.relation);
    }
    bool operator==(const Edge& o) const {
      return source == o.source && target == o.target && relation == o.relation;
    }
  };
  const auto entity_vertex = [&](std::uint32_t e) { return static_cast<VertexId>(film_count + e); };
  // Every link is stored both ways, each vertex's links in a block of their
  // own: a counting pass by source places each edge straight into its block,
  // then each vertex's own short list is sorted by target, so links() groups
  // a film's relations to one entity together and two sorted lists
  // intersect by merging. This costs far less than one comparison sort of
  // every edge.
  std::vector<Edge> edges;
  {
    std::vector<std::size_t> start(vertex_count + 1, 0);
    for (const auto& l : film_links_) {
      ++start[l.from + 1];
      ++start[entity_vertex(l.to) + 1];
    }
    for (const auto& l : structure_links_) {
      ++start[entity_vertex(l.from) + 1];
      ++start[entity_vertex(l.to) + 1];
    }
    std::partial_sum(start.begin(), start.end(), start.begin());
    edges.resize(start[vertex_count]);
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    const auto put = [&](const Edge& e) { edges[next[e.source]++] = e; };
    for (const auto& l : film_links_) {
      put({l.from, entity_vertex(l.to), l.relation, l.row});
      put({entity_vertex(l.to), l.from, l.relation, false});
    }
    for (const auto& l : structure_links_) {
      put({entity_vertex(l.from), entity_vertex(l.to), l.relation, false});
      put({entity_vertex(l.to), entity_vertex(l.from), l.relation, false});
    }
    std::vector<PendingEdge>().swap(film_links_);
    std::vector<PendingEdge>().swap(structure_links_);
    for (std::size_t v = 0; v < vertex_count; ++v)
      sort_runs(edges.begin() + static_cast<std::ptrdiff_t>(start[v]),
                edges.begin() + static_cast<std::ptrdiff_t>(start[v + 1]));
  }
  // A row whose own link an earlier row already made said nothing new.
  std::size_t rows_in_group = 0;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (i == 0 || !(edges[i - 1] == edges[i])) rows_in_group = 0;
    if (edges[i].row && rows_in_group++ > 0) ++g.duplicate_links_;
  }
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
  if (edges.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("too many edges for 32-bit edge indices");

  // Read by the CSR constructor through views, not copied into arrays of its shape first.
  const auto pair_of = [](const Edge& e) { return std::pair<VertexId, VertexId>(e.source, e.target); };
  const auto data_of = [](const Edge& e) { return EdgeData{e.relation}; };
  g.csr_ = CsrGraph(boost::edges_are_sorted, boost::make_transform_iterator(edges.begin(), pair_of),
                    boost::make_transform_iterator(edges.end(), pair_of),
                    boost::make_transform_iterator(edges.begin(), data_of), vertex_count, edges.size());
  std::vector<Edge>().swap(edges);

  {
    std::size_t chars = 0;
    for (auto* nodes : {&films_, &entities_})
      for (const auto& node : *nodes) chars += node.name.size() + node.key.size();
    // Title keys are about as long as the titles.
    for (const auto& node : films_) chars += node.name.size();
    g.strings_.reserve(2 * vertex_count + film_count, chars);
  }
  g.kinds_.reserve(vertex_count);
  g.years_.reserve(vertex_count);
  g.names_.reserve(vertex_count);
  g.keys_.reserve(vertex_count);
  VertexId v = 0;
  for (auto* nodes : {&films_, &entities_}) {
    for (auto& node : *nodes) {
      g.kinds_.push_back(node.kind);
      g.years_.push_back(static_cast<std::int16_t>(node.year));
      g.names_.push_back(g.strings_.add(node.name));
      g.keys_.push_back(g.strings_.add(node.key));
      if (node.kind == NodeKind::film) g.title_keys_.push_back(g.strings_.add(name_key(node.name)));
      ++v;
    }
  }

  g.film_degree_.assign(vertex_count, 0);
  for (VertexId u = static_cast<VertexId>(film_count); u < vertex_count; ++u) {
    VertexId last = kNoVertex;
    for (const auto& e : g.links(u)) {
      const VertexId t = boost::target(e, g.csr_);
      if (t < film_count && t != last) ++g.film_degree_[u];
      last = t;
    }
  }
  g.alias_to_key_ = std::move(alias_to_key_);
  g.build_indices();
  g.build_search_index();
  g.build_hub_signatures();
  *this = GraphBuilder();
  return g;
}

void FilmGraph::build_indices() {
  // Sorted on the first 16 bytes as two big-endian integers, the strings
  // compared only where those are equal: most comparisons then touch no
  // string at all (the keys of a large import are millions of ids of 9 or 10
  // characters). The order is exactly that of comparing the strings.
  struct Entry {
    std::uint64_t high, low;
    VertexId v;
    bool operator<(const Entry& o) const { return high != o.high ? high < o.high : low < o.low; }
    bool same_prefix(const Entry& o) const { return high == o.high && low == o.low; }
  };
  const auto entries = [](std::size_t n, auto text_of) {
    std::vector<Entry> out(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view t = text_of(static_cast<VertexId>(i));
      std::uint64_t word[2] = {0, 0};
      for (std::size_t b = 0; b < 16; ++b)
        word[b / 8] = word[b / 8] << 8 | (b < t.size() ? static_cast<unsigned char>(t[b]) : 0u);
      out[i] = Entry{word[0], word[1], static_cast<VertexId>(i)};
    }
    return out;
  };
  const auto key_of = [this](VertexId v) { return key(v); };
  std::vector<Entry> by_key = entries(vertex_count(), key_of);
  // Keys are unique (the builder interns them), so the order is total.
  std::sort(by_key.begin(), by_key.end(), [&](const Entry& a, const Entry& b) {
    return !a.same_prefix(b) ? a < b : key_of(a.v) < key_of(b.v);
  });
  key_order_.resize(vertex_count());
  for (std::size_t i = 0; i < by_key.size(); ++i) key_order_[i] = by_key[i].v;
  std::vector<Entry>().swap(by_key);

  // Titles repeat; films with one title key stay in vertex order.
  const auto title_of = [this](VertexId v) { return strings_.at(title_keys_[v]); };
  std::vector<Entry> by_title = entries(film_count_, title_of);
  std::sort(by_title.begin(), by_title.end(), [&](const Entry& a, const Entry& b) {
    if (!a.same_prefix(b)) return a < b;
    const int c = title_of(a.v).compare(title_of(b.v));
    return c != 0 ? c < 0 : a.v < b.v;
  });
  title_order_.resize(film_count_);
  for (std::size_t i = 0; i < by_title.size(); ++i) title_order_[i] = by_title[i].v;
}

void FilmGraph::build_search_index() {
  std::vector<std::pair<std::string, VertexId>> entries;
  entries.reserve(vertex_count() + alias_to_key_.size());
  for (VertexId v = 0; v < vertex_count(); ++v)
    entries.emplace_back(search_key(name(v), kinds_[v] == NodeKind::person), v);
  // An alias is "kind:folded name" (entity_key); its vertex is the key it resolves to.
  for (const auto& [alias, target] : alias_to_key_) {
    const auto colon = alias.find(':');
    if (colon == std::string::npos) continue;
    std::string key = target;
    try {
      key = resolve_through(alias_to_key_, target);
    } catch (const std::invalid_argument&) {
      continue;  // a cycle is refused when aliases are added; a forged file gets no entry
    }
    const auto v = vertex_by_key(key);
    if (!v) continue;
    entries.emplace_back(search_key(std::string_view(alias).substr(colon + 1), kinds_[*v] == NodeKind::person), *v);
  }
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  search_keys_.clear();
  search_vertices_.clear();
  search_keys_.reserve(entries.size());
  search_vertices_.reserve(entries.size());
  for (const auto& [k, v] : entries) {
    // One string for a run of equal keys.
    if (!search_keys_.empty() && strings_.at(search_keys_.back()) == k) search_keys_.push_back(search_keys_.back());
    else search_keys_.push_back(strings_.add(k));
    search_vertices_.push_back(v);
  }
}

std::vector<VertexId> FilmGraph::search(std::string_view text, std::optional<NodeKind> kind) const {
  std::vector<VertexId> out;
  const std::string ordered = search_key(text, false);
  const std::string any = search_key(text, true);
  const auto collect = [&](const std::string& k, bool people) {
    auto it = std::lower_bound(search_keys_.begin(), search_keys_.end(), k,
                               [this](std::uint32_t s, const std::string& x) { return strings_.at(s) < x; });
    for (; it != search_keys_.end() && strings_.at(*it) == k; ++it) {
      const VertexId v = search_vertices_[static_cast<std::size_t>(it - search_keys_.begin())];
      if ((kinds_[v] == NodeKind::person) != people) continue;
      if (kind && kinds_[v] != *kind) continue;
      out.push_back(v);
    }
  };
  collect(ordered, false);
  collect(any, true);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::uint32_t FilmGraph::default_hub_degree(std::size_t films) {
  const double auto_cap = 2.0 * std::sqrt(static_cast<double>(films));
  return std::max<std::uint32_t>(200, static_cast<std::uint32_t>(auto_cap));
}

void FilmGraph::build_hub_signatures() {
  hub_signatures_.assign(film_count_, 0);
  const std::uint32_t hub = default_hub_degree(film_count_);
  // A bit per vertex marks the hubs (a few hundred thousand bytes, which stay
  // in cache): then every film's links are read once, in order.
  std::vector<std::uint64_t> is_hub((vertex_count() + 63) / 64, 0);
  for (std::size_t v = film_count_; v < vertex_count(); ++v)
    if (film_degree_[v] > hub) is_hub[v / 64] |= std::uint64_t{1} << (v % 64);
  for (VertexId f = 0; f < film_count_; ++f) {
    std::uint64_t signature = 0;
    for (VertexId t : link_targets(f))
      if (is_hub[t / 64] >> (t % 64) & 1) signature |= signature_bit(t);
    hub_signatures_[f] = signature;
  }
}

std::optional<VertexId> FilmGraph::vertex_by_key(std::string_view k) const {
  const auto it = std::lower_bound(key_order_.begin(), key_order_.end(), k,
                                   [this](VertexId v, std::string_view x) { return key(v) < x; });
  if (it == key_order_.end() || key(*it) != k) return std::nullopt;
  return *it;
}

// ---------------------------------------------------------------- queries

VertexId FilmGraph::film_by_id(std::string_view film_id) const {
  const auto v = vertex_by_key(film_key(film_id));
  if (!v || !is_film(*v)) throw NotFoundError("no film with id '" + std::string(film_id) + "'");
  return *v;
}

std::vector<VertexId> FilmGraph::films_titled(std::string_view title) const {
  const std::string k = name_key(title);
  const auto title_of = [this](VertexId v) { return strings_.at(title_keys_[v]); };
  const auto first = std::lower_bound(title_order_.begin(), title_order_.end(), k,
                                      [&](VertexId v, std::string_view x) { return title_of(v) < x; });
  std::vector<VertexId> out;
  for (auto it = first; it != title_order_.end() && title_of(*it) == k; ++it) out.push_back(*it);
  return out;
}

std::optional<VertexId> FilmGraph::find_entity(NodeKind kind, std::string_view id_or_name) const {
  std::string key;
  std::optional<ExternalId> id;
  try {
    id = parse_external_id(id_or_name);
  } catch (const std::invalid_argument&) {
    // Not an id after all: look it up as a name.
  }
  if (id) key = id->canonical;
  else key = resolve_through(alias_to_key_, entity_key(kind, id_or_name));
  const auto v = vertex_by_key(key);
  if (!v || kinds_[*v] != kind) return std::nullopt;
  return v;
}

std::optional<VertexId> FilmGraph::find_edition(std::string_view festival, int year) const {
  const auto fest = find_entity(NodeKind::festival, festival);
  if (!fest) return std::nullopt;
  return vertex_by_key(edition_key(key(*fest), year));
}

std::vector<std::size_t> FilmGraph::kind_counts() const {
  std::vector<std::size_t> counts(kNodeKindCount, 0);
  for (NodeKind k : kinds_) ++counts[static_cast<std::size_t>(k)];
  return counts;
}

std::vector<std::size_t> FilmGraph::relation_counts() const {
  // Each link is stored twice; count it from its film (or, for part_of, from
  // the child: the lower-level node points up to a node of a broader kind).
  std::vector<std::size_t> counts(kRelationCount, 0);
  for (VertexId u = 0; u < vertex_count(); ++u) {
    for (const auto& e : links(u)) {
      const Link l = link(e);
      const bool from_child = l.relation == Relation::part_of &&
                              static_cast<int>(kinds_[u]) > static_cast<int>(kinds_[l.target]);
      if (is_film(u) || from_child) ++counts[static_cast<std::size_t>(l.relation)];
    }
  }
  return counts;
}

std::size_t FilmGraph::structure_bytes() const {
  const std::size_t e = edge_count();
  return (vertex_count() + 1) * sizeof(std::uint32_t) + e * sizeof(std::uint32_t) +
         e * sizeof(EdgeData);
}

std::size_t FilmGraph::memory_bytes() const {
  const std::size_t per_vertex = sizeof(NodeKind) + sizeof(std::int16_t) + 3 * sizeof(std::uint32_t);
  const std::size_t index = (key_order_.size() + title_keys_.size() + title_order_.size() + search_keys_.size() +
                             search_vertices_.size()) * sizeof(VertexId) +
                            hub_signatures_.size() * sizeof(std::uint64_t);
  std::size_t aliases = 0;  // a hash node per entry plus both strings, roughly
  for (const auto& [a, k] : alias_to_key_) aliases += a.capacity() + k.capacity() + 64;
  return structure_bytes() + vertex_count() * per_vertex + strings_.bytes() + index + aliases;
}

}  // namespace reelgraph
