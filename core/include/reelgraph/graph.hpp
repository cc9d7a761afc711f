// The typed film graph: built with a mutable GraphBuilder, then frozen into a
// compressed sparse row graph that every query reads.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reelgraph/id_map.hpp"
#include "reelgraph/model.hpp"

namespace reelgraph {

using VertexId = std::uint32_t;
inline constexpr VertexId kNoVertex = ~VertexId{0};

struct EdgeData {
  Relation relation = Relation::part_of;
};

// 32-bit vertex and edge indices: 4 bytes of target and 1 of relation per
// stored edge, against ~98 bytes an edge for adjacency_list.
using CsrGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeData,
                                                    boost::no_property, std::uint32_t, std::uint32_t>;

// Strings side by side in one buffer, addressed by index.
class StringTable {
 public:
  std::uint32_t add(std::string_view text);
  std::string_view at(std::uint32_t index) const {
    return std::string_view(chars_).substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
  }
  std::size_t size() const { return offsets_.size() - 1; }
  void reserve(std::size_t strings, std::size_t chars) {
    offsets_.reserve(strings + 1);
    chars_.reserve(chars);
  }
  std::size_t bytes() const { return chars_.size() + offsets_.size() * sizeof(std::uint64_t); }

 private:
  friend class SnapshotIo;
  std::string chars_;
  std::vector<std::uint64_t> offsets_{0};
};

class FilmGraph;

// A film's link to an entity as the tables state it. `screened_at` names a
// festival; with `year` it becomes an edition, and with `section` a section of
// that edition as well.
struct LinkSpec {
  Relation relation = Relation::directed_by;
  std::string_view entity_id;  // external id (nm..., Q..., co...), may be empty
  std::string_view name;       // display name, needed unless entity_id is given
  int year = 0;                // edition or award year; 0 when not known
  std::string_view section;    // festival section, for screened_at
};

class GraphBuilder {
 public:
  struct FilmAdded {
    VertexId film;
    bool inserted;  // false: the id was already there with the same title
  };

  // `film_id` is an external id in any spelling (tt0038297, an IMDb URL, Q42,
  // tmdb:603) or a local key unique within the data. A second row with the same
  // id and title is the same film; with another title it is an error
  // (std::invalid_argument), since one id cannot name two films.
  FilmAdded add_film(std::string_view film_id, std::string_view title, int year = 0);

  // `alias` is another spelling of the entity of this kind named `canonical`.
  // Aliases must come before the links that use them.
  void add_alias(NodeKind kind, std::string_view alias, std::string_view canonical);

  // Link a film (from add_film) to the entity described by `link`, creating the
  // entity on first mention. Throws std::invalid_argument for a link with
  // neither id nor name, a derived relation, or an id already used for a node
  // of another kind.
  void add_link(VertexId film, const LinkSpec& link);

  // Gives a display name to an entity first made from its external id alone
  // (an IMDb principals row names the person only by nm id). Returns false
  // when no entity has that id, or when it already has a name of its own.
  bool name_entity(std::string_view entity_id, std::string_view name);

  std::size_t film_count() const { return films_.size(); }
  std::size_t entity_count() const { return entities_.size(); }

  // Consumes the builder's contents.
  FilmGraph freeze();

 private:
  struct Node {
    NodeKind kind;
    std::string key;
    std::string name;
    int year;
  };
  struct PendingEdge {
    VertexId from;  // film index, or entity index for part_of
    VertexId to;    // entity index
    Relation relation;
    // The link an add_link call was made for (a screening also makes the
    // broader festival and edition links); counts duplicate rows at freeze.
    // Sits in what would be padding.
    bool row = false;
  };

  std::uint32_t entity(NodeKind kind, std::string_view key, std::string_view name, int year);
  // Joins people known by name only to the person their folded name and a
  // shared film point to (identity.cpp); freeze calls it first. Returns how
  // many entities it folded into others.
  std::size_t merge_people();
  std::string resolve_alias(NodeKind kind, std::string_view name) const;

  std::vector<Node> films_;
  std::vector<Node> entities_;
  // The kinds again, packed: the check on every link to a known entity reads
  // these rather than a whole Node far away in memory.
  std::vector<NodeKind> entity_kinds_;
  KeyIndex film_index_;    // key -> film index
  KeyIndex entity_index_;  // key -> entity index
  std::unordered_map<std::string, std::string> alias_to_key_;
  // The spelling an alias points to is the one shown, whichever came first.
  std::unordered_map<std::string, std::string> canonical_name_;
  std::vector<PendingEdge> film_links_;
  std::vector<PendingEdge> structure_links_;
};

// One link of a vertex: where it goes and how.
struct Link {
  VertexId target;
  Relation relation;
};

class FilmGraph {
 public:
  FilmGraph() = default;

  // Films are vertices [0, film_count()); entities follow.
  std::size_t film_count() const { return film_count_; }
  std::size_t vertex_count() const { return kinds_.size(); }
  // Stored directed edges: every film link is kept in both directions.
  std::size_t edge_count() const { return boost::num_edges(csr_); }

  NodeKind kind(VertexId v) const { return kinds_.at(v); }
  bool is_film(VertexId v) const { return v < film_count_; }
  std::string_view name(VertexId v) const { return strings_.at(names_.at(v)); }
  // Identity key: a canonical external id, or kind and normalised name.
  std::string_view key(VertexId v) const { return strings_.at(keys_.at(v)); }
  // Year of a film or edition; 0 when not known.
  int year(VertexId v) const { return years_.at(v); }
  // How many distinct films link to this entity (the hub measure).
  std::uint32_t film_degree(VertexId v) const { return film_degree_.at(v); }

  // The links of a vertex, sorted by target then relation.
  auto links(VertexId v) const {
    auto [first, last] = boost::out_edges(v, csr_);
    return boost::make_iterator_range(first, last);
  }
  Link link(const CsrGraph::edge_descriptor& e) const {
    return Link{boost::target(e, csr_), csr_[e].relation};
  }
  const CsrGraph& csr() const { return csr_; }
  // Entities linked to more films than this are hubs unless a query says
  // otherwise: max(200, 2 sqrt(films)).
  static std::uint32_t default_hub_degree(std::size_t films);
  // A 64-bit sketch per film of the hubs it links to: bit signature_bit(h) is
  // set for every entity h of more than default_hub_degree() films that the
  // film links to. A clear bit proves the film does not link to h; a set bit
  // may be another hub's. see_also bounds what a query's hubs can add to a
  // candidate with it, without reading the candidate's links. Rebuilt from
  // the links by the builder and on load, never stored.
  std::uint64_t hub_signature(VertexId film) const { return hub_signatures_[film]; }
  const std::uint64_t* hub_signatures() const { return hub_signatures_.data(); }
  static std::uint64_t signature_bit(VertexId entity) {
    return std::uint64_t{1} << ((static_cast<std::uint64_t>(entity) * 0x9E3779B97F4A7C15ull) >> 58);
  }
  // The same links as two parallel arrays (targets, and their relations), for
  // loops that look ahead along them.
  std::span<const VertexId> link_targets(VertexId v) const {
    const auto& f = csr_.m_forward;
    return {f.m_column.data() + f.m_rowstart[v], f.m_column.data() + f.m_rowstart[v + 1]};
  }
  std::span<const EdgeData> link_relations(VertexId v) const {
    const auto& f = csr_.m_forward;
    return {f.m_edge_properties.data() + f.m_rowstart[v], f.m_edge_properties.data() + f.m_rowstart[v + 1]};
  }
  // Hints that v's links will be read soon, in two steps: where they start
  // (prefetch_offsets), then, some time later, the links themselves
  // (prefetch_links reads the offsets). Scoring a long list of candidates is
  // bound by these cache misses; started early, they overlap.
  void prefetch_offsets(VertexId v) const { __builtin_prefetch(csr_.m_forward.m_rowstart.data() + v); }
  void prefetch_links(VertexId v) const {
    const std::uint32_t first = csr_.m_forward.m_rowstart[v];
    __builtin_prefetch(csr_.m_forward.m_column.data() + first);
    __builtin_prefetch(csr_.m_forward.m_edge_properties.data() + first);
  }

  // A film by its id in any spelling parse_external_id accepts, or by its local
  // key. NotFoundError when there is none.
  VertexId film_by_id(std::string_view film_id) const;
  // Films whose title has this key (case, spacing and normal form folded), in
  // vertex order; empty when none.
  std::vector<VertexId> films_titled(std::string_view title) const;
  // An entity of the kind by external id, name or alias; nullopt when none.
  std::optional<VertexId> find_entity(NodeKind kind, std::string_view id_or_name) const;
  // Vertices whose name or alias folds to the same search_key as `text`
  // (people compared with words in any order), of `kind` or of any kind, in
  // vertex order. What find_entity and films_titled miss: "the godfather",
  // "Amelie (2001)", "Joon-ho Bong", a person known by an IMDb id.
  std::vector<VertexId> search(std::string_view text, std::optional<NodeKind> kind = std::nullopt) const;
  // The search index as stored: entry i is the vertex search_vertex(i) under
  // the key search_entry_key(i); sorted by key, then vertex.
  std::size_t search_entries() const { return search_vertices_.size(); }
  std::string_view search_entry_key(std::size_t i) const { return strings_.at(search_keys_[i]); }
  VertexId search_vertex(std::size_t i) const { return search_vertices_[i]; }
  // A festival edition by the festival's name (or alias) and year.
  std::optional<VertexId> find_edition(std::string_view festival, int year) const;

  // Vertices of each kind and links of each relation, for `info`.
  std::vector<std::size_t> kind_counts() const;
  std::vector<std::size_t> relation_counts() const;
  // Bytes held by the graph structure alone (CSR arrays and edge labels), and
  // by everything (adding names, keys and the look-up indices).
  std::size_t structure_bytes() const;
  std::size_t memory_bytes() const;
  // add_link calls that said nothing new: the same film, relation and entity
  // (after ids and aliases are resolved) as an earlier call; merged at freeze.
  std::size_t duplicate_links() const { return duplicate_links_; }
  // People the builder folded into another spelling of their name (see
  // GraphBuilder::merge_people); 0 for a graph read from a snapshot.
  std::size_t merged_people() const { return merged_people_; }

 private:
  friend class GraphBuilder;
  friend class SnapshotIo;
  friend class GraphUpdate;

  // The vertex with this identity key, if any.
  std::optional<VertexId> vertex_by_key(std::string_view key) const;
  // Sorts the look-up indices; the builder calls it once.
  void build_indices();
  // Fills search_keys_ and search_vertices_ (the builder, once, after the names).
  void build_search_index();
  // Fills hub_signatures_ from the links (the builder and a snapshot load).
  void build_hub_signatures();

  std::size_t film_count_ = 0;
  std::size_t duplicate_links_ = 0;
  std::size_t merged_people_ = 0;
  CsrGraph csr_;
  std::vector<NodeKind> kinds_;
  std::vector<std::int16_t> years_;
  std::vector<std::uint32_t> names_;
  std::vector<std::uint32_t> keys_;
  std::vector<std::uint32_t> film_degree_;
  std::vector<std::uint64_t> hub_signatures_;  // per film
  StringTable strings_;
  // Look-ups are binary searches over sorted arrays rather than hash maps: a
  // snapshot then loads them as they are, with nothing to rebuild.
  std::vector<VertexId> key_order_;        // all vertices, sorted by key
  std::vector<std::uint32_t> title_keys_;  // per film: string index of its title's name_key
  std::vector<VertexId> title_order_;      // films, sorted by title key then vertex
  std::unordered_map<std::string, std::string> alias_to_key_;
  std::vector<std::uint32_t> search_keys_;  // string index of each entry's search_key
  std::vector<VertexId> search_vertices_;   // its vertex; entries sorted by key then vertex
};

// Identity keys, shared by the builder and look-ups.
std::string film_key(std::string_view film_id);
std::string entity_key(NodeKind kind, std::string_view name);

}  // namespace reelgraph
