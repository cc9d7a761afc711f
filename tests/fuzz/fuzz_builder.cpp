// The GraphBuilder fed an arbitrary sequence of operations (add_film,
// add_link, add_alias, name_entity) with ids and names drawn from awkward
// spellings or from the raw input. Refusals must be std::invalid_argument and
// leave no trace; then the frozen graph must be consistent, find every film
// by its own key, answer see_also correctly, and survive a snapshot round
// trip unchanged.
#include <cstdio>
#include <vector>

#include "fuzz_program.hpp"
#include "reelgraph/snapshot.hpp"
#include "reelgraph/text.hpp"

namespace {

using namespace reelgraph;

void same_graph(const FilmGraph& a, const FilmGraph& b) {
  REELGRAPH_FUZZ_CHECK(a.film_count() == b.film_count());
  REELGRAPH_FUZZ_CHECK(a.vertex_count() == b.vertex_count());
  REELGRAPH_FUZZ_CHECK(a.edge_count() == b.edge_count());
  REELGRAPH_FUZZ_CHECK(a.duplicate_links() == b.duplicate_links());
  for (VertexId v = 0; v < a.vertex_count(); ++v) {
    REELGRAPH_FUZZ_CHECK(a.key(v) == b.key(v) && a.name(v) == b.name(v) && a.kind(v) == b.kind(v));
    REELGRAPH_FUZZ_CHECK(a.year(v) == b.year(v) && a.film_degree(v) == b.film_degree(v));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  GraphBuilder b;
  fuzz::run_builder_program(in, b);

  const FilmGraph g = b.freeze();
  REELGRAPH_FUZZ_CHECK(g.film_count() <= g.vertex_count());
  for (VertexId v = 0; v < g.vertex_count(); ++v) {
    for (const auto& e : g.links(v)) {
      const Link l = g.link(e);
      REELGRAPH_FUZZ_CHECK(l.target < g.vertex_count() && l.target != v);
      // Every link is stored both ways.
      bool back = false;
      for (const auto& r : g.links(l.target)) back = back || (g.link(r).target == v && g.link(r).relation == l.relation);
      REELGRAPH_FUZZ_CHECK(back);
    }
    if (g.is_film(v)) {
      REELGRAPH_FUZZ_CHECK(g.film_by_id(fuzz::id_of_film_key(g.key(v))) == v);
      const auto titled = g.films_titled(g.name(v));
      REELGRAPH_FUZZ_CHECK(std::find(titled.begin(), titled.end(), v) != titled.end());
      fuzz::check_see_also(g, v, SeeAlsoOptions{});
    } else {
      const auto found = g.find_entity(g.kind(v), g.key(v));
      REELGRAPH_FUZZ_CHECK(!found || g.kind(*found) == g.kind(v));
    }
  }

  static const std::string path = fuzz::temp_path("builder.rg");
  try {
    save_snapshot(g, path);
  } catch (const SnapshotError&) {
    fuzz::finding("a built graph could not be saved");
  }
  try {
    same_graph(g, load_snapshot(path));
  } catch (const SnapshotError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    fuzz::finding("a built graph does not load back");
  }
  std::remove(path.c_str());
  return 0;
}
