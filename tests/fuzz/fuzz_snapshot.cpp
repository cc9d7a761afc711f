// The snapshot loader on arbitrary files: it must refuse them with
// SnapshotError or return a graph every query can walk safely.
//
// Built twice. As `snapshot` the bytes are the file. As `snapshot_sealed` the
// header's fixed fields and both checksums are rewritten to match the bytes
// first, so that mutations get past the checksums to the structural checks
// behind them (a file made to lie on purpose).
#include <xxhash.h>

#include <cstring>
#include <vector>

#include "fuzz_common.hpp"
#include "reelgraph/collab.hpp"
#include "reelgraph/snapshot.hpp"

namespace {

using namespace reelgraph;

void seal(std::vector<std::uint8_t>& bytes) {
  if (bytes.size() < 64) return;
  static constexpr char magic[8] = {'\x89', 'R', 'G', 'S', 'N', 'A', 'P', '\n'};
  std::memcpy(bytes.data(), magic, 8);
  const std::uint32_t version = kSnapshotVersion, header = 64, order = 0x01020304;
  const std::uint64_t size = bytes.size();
  std::memcpy(bytes.data() + 8, &version, 4);
  std::memcpy(bytes.data() + 12, &header, 4);
  std::memcpy(bytes.data() + 16, &size, 8);
  std::memcpy(bytes.data() + 28, &order, 4);
  const std::uint64_t body = XXH3_64bits(bytes.data() + 64, bytes.size() - 64);
  std::memcpy(bytes.data() + 32, &body, 8);
  const std::uint64_t head = XXH3_64bits(bytes.data(), 56);
  std::memcpy(bytes.data() + 56, &head, 8);
}

// Every query a loaded graph offers, on a bounded number of vertices.
void exercise(const FilmGraph& g) {
  (void)g.kind_counts();
  (void)g.relation_counts();
  (void)g.memory_bytes();
  const std::size_t n = std::min<std::size_t>(g.vertex_count(), 16);
  for (VertexId v = 0; v < n; ++v) {
    (void)g.name(v);
    (void)g.year(v);
    (void)g.film_degree(v);
    for (const auto& e : g.links(v)) REELGRAPH_FUZZ_CHECK(g.link(e).target < g.vertex_count());
    try {
      if (g.is_film(v)) {
        (void)g.film_by_id(fuzz::id_of_film_key(g.key(v)));
        (void)g.films_titled(g.name(v));
      } else {
        (void)g.find_entity(g.kind(v), g.name(v));
      }
    } catch (const NotFoundError&) {
    } catch (const std::invalid_argument&) {
      // A forged key or name need not be valid UTF-8 or a valid id.
    }
    if (g.is_film(v)) {
      SeeAlsoOptions o;
      fuzz::check_see_also(g, v, o);
      o.max_per_director = 1;
      o.exclude_same_director = true;
      o.hub_weighting = HubWeighting::idf;
      fuzz::check_see_also(g, v, o);
    } else {
      CollaboratorOptions co;
      (void)collaborators(g, v, co);
    }
  }
  if (g.vertex_count() > 1) (void)shortest_paths(g, 0, static_cast<VertexId>(g.vertex_count() - 1), PathOptions{});
  CocreditOptions cc;
  cc.top_k = 4;
  (void)cocredit_network(g, cc);
  const Subgraph s = credit_graph(g, CreditGraphOptions{});
  (void)connected_components(s);
  if (s.vertices.size() < 64) (void)betweenness_centrality(s);
  (void)coproduction(g, CoproductionOptions{});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);
#ifdef REELGRAPH_FUZZ_SEAL
  seal(bytes);
#endif
  static const std::string path = fuzz::temp_path("snapshot");
  fuzz::write_file(path, bytes.data(), bytes.size());
  try {
    std::string metadata;
    const FilmGraph g = load_snapshot(path, &metadata);
    exercise(g);
  } catch (const SnapshotError&) {
    // Refused, as it should be.
  }
  std::remove(path.c_str());
  return 0;
}
