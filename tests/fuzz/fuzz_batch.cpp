// The batch engine (SeeAlsoBatch) against single queries. A small graph is
// built from the input (the builder program of fuzz_builder), the options,
// the film list and the chunking come from a header of the input, and the
// batch runs with one worker and with two. Every list it delivers must equal
// see_also for that film exactly (films, scores bit for bit, every term), in
// list order; refusals must agree (options out of range, a vertex that is not
// a film); a consumer that stops early must get a prefix and be told so.
#include <array>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <vector>

#include "fuzz_program.hpp"
#include "reelgraph/batch.hpp"

namespace {

using namespace reelgraph;

constexpr std::size_t kHeader = 12;

struct Plan {
  SeeAlsoOptions options;
  std::size_t chunk_size = 1;
  std::size_t in_flight = 0;
  std::size_t stop_after = 0;  // chunks the consumer takes before it stops; 0: all
  bool whole_graph = true;
  std::array<std::uint8_t, 6> picks{};  // vertices of the list (or restrict_to), modulo the vertex count
  std::size_t list_size = 0;
  std::size_t restrict_size = 0;
};

Plan plan_of(fuzz::Bytes& in) {
  Plan p;
  SeeAlsoOptions& o = p.options;
  const std::uint8_t a = in.byte();
  o.method = static_cast<Method>(a & 3);
  o.hub_weighting = static_cast<HubWeighting>((a >> 2) & 3);
  o.normalization = static_cast<Normalization>(((a >> 4) & 3) % 3);
  o.expand_hubs_when_short = (a & 0x40) != 0;
  o.exclude_same_director = (a & 0x80) != 0;
  const std::uint8_t k = in.byte();
  o.k = k == 255 ? 0 : k % 12;  // 0 is refused
  o.hub_degree = in.byte() % 6;  // tiny hub degrees make hubs of most entities
  const std::uint8_t walk = in.byte();
  if (walk != 255) o.hub_walk_limit = walk % 5;
  const std::uint8_t f = in.byte();
  o.max_per_director = f & 3;
  if (f & 4) o.min_year = 1950;
  if (f & 8) o.max_year = 2000;
  if (f & 16) o.relations = static_cast<RelationMask>(in.byte()) | 1u;
  switch ((f >> 5) & 3) {
    case 1: o.popularity_beta = 0.0; break;
    case 2: o.popularity_beta = 0.5; break;
    case 3: o.popularity_beta = 1.0; break;
    default: break;
  }
  o.ppr_epsilon = 1e-4;  // a coarser push: the graphs are small, the search long
  const std::uint8_t c = in.byte();
  p.chunk_size = 1 + c % 5;
  p.in_flight = (c >> 3) % 4;
  p.stop_after = (c >> 5) % 4;
  const std::uint8_t l = in.byte();
  p.whole_graph = (l & 7) == 0;
  p.list_size = l % 7;
  p.restrict_size = (l >> 3) % 3;
  for (auto& b : p.picks) b = in.byte();
  return p;
}

struct Run {
  bool refused = false;
  bool cancelled = false;
  std::size_t films_done = 0;
  std::vector<VertexId> queries;
  std::vector<SeeAlsoResult> results;
};

// One list of a chunk as a SeeAlsoResult of its own.
SeeAlsoResult slice(const SeeAlsoChunk& chunk, std::size_t i) {
  const SeeAlsoResult& r = chunk.results;
  SeeAlsoResult out;
  const std::size_t from = chunk.offsets[i], to = chunk.offsets[i + 1];
  REELGRAPH_FUZZ_CHECK(from <= to && to <= r.films.size() && r.scores.size() == r.films.size());
  REELGRAPH_FUZZ_CHECK(r.term_offsets.size() == r.films.size() + 1);
  out.films.assign(r.films.begin() + from, r.films.begin() + to);
  out.scores.assign(r.scores.begin() + from, r.scores.begin() + to);
  const std::uint32_t base = r.term_offsets[from];
  for (std::size_t j = from; j < to; ++j) out.term_offsets.push_back(r.term_offsets[j + 1] - base);
  const std::uint32_t end = r.term_offsets[to];
  REELGRAPH_FUZZ_CHECK(end <= r.term_entity.size());
  out.term_entity.assign(r.term_entity.begin() + base, r.term_entity.begin() + end);
  out.term_query_relation.assign(r.term_query_relation.begin() + base, r.term_query_relation.begin() + end);
  out.term_film_relation.assign(r.term_film_relation.begin() + base, r.term_film_relation.begin() + end);
  out.term_contribution.assign(r.term_contribution.begin() + base, r.term_contribution.begin() + end);
  return out;
}

bool same_doubles(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void check_equal(const SeeAlsoResult& batch, const SeeAlsoResult& single) {
  REELGRAPH_FUZZ_CHECK(batch.films == single.films);
  REELGRAPH_FUZZ_CHECK(same_doubles(batch.scores, single.scores));
  REELGRAPH_FUZZ_CHECK(batch.term_offsets == single.term_offsets);
  REELGRAPH_FUZZ_CHECK(batch.term_entity == single.term_entity);
  REELGRAPH_FUZZ_CHECK(batch.term_query_relation == single.term_query_relation);
  REELGRAPH_FUZZ_CHECK(batch.term_film_relation == single.term_film_relation);
  REELGRAPH_FUZZ_CHECK(same_doubles(batch.term_contribution, single.term_contribution));
}

Run run_batch(const FilmGraph& g, const Plan& p, const std::vector<VertexId>& list, unsigned threads) {
  BatchOptions b;
  b.threads = threads;
  b.chunk_size = p.chunk_size;
  b.max_chunks_in_flight = p.in_flight;
  Run run;
  std::size_t chunks = 0;
  const ChunkConsumer consume = [&](SeeAlsoChunk& chunk, std::size_t films_done) {
    REELGRAPH_FUZZ_CHECK(chunk.index == chunks);
    REELGRAPH_FUZZ_CHECK(chunk.first == run.queries.size());
    REELGRAPH_FUZZ_CHECK(chunk.offsets.size() == chunk.queries.size() + 1);
    for (std::size_t i = 0; i < chunk.queries.size(); ++i) {
      run.queries.push_back(chunk.queries[i]);
      run.results.push_back(slice(chunk, i));
    }
    REELGRAPH_FUZZ_CHECK(films_done == run.queries.size());
    ++chunks;
    return p.stop_after == 0 || chunks < p.stop_after;
  };
  try {
    const BatchSummary s = p.whole_graph ? see_also_all(g, p.options, b, consume)
                                         : see_also_batch(g, list, p.options, b, consume);
    REELGRAPH_FUZZ_CHECK(s.films_done == run.queries.size() && s.chunks == chunks);
    run.cancelled = s.cancelled;
  } catch (const std::invalid_argument&) {
    run.refused = true;
  }
  run.films_done = run.queries.size();
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  fuzz::Bytes header(data, std::min(size, kHeader));
  Plan p = plan_of(header);
  in.text_of(kHeader, kHeader);
  GraphBuilder builder;
  fuzz::run_builder_program(in, builder, 64);
  const FilmGraph g = builder.freeze();
  const std::size_t n = g.vertex_count();

  std::vector<VertexId> list;
  if (p.whole_graph) {
    for (VertexId v = 0; v < g.film_count(); ++v) list.push_back(v);
  } else if (n) {
    // Any vertex, a film twice, or a person: a list may repeat films and a
    // vertex that is not a film must be refused.
    for (std::size_t i = 0; i < p.list_size; ++i) list.push_back(p.picks[i] % n);
  }
  if (n)
    for (std::size_t i = 0; i < p.restrict_size; ++i) p.options.restrict_to.push_back(p.picks[5 - i] % n);

  // Options out of range are refused before anything runs.
  bool options_refused = false;
  try {
    check_options(g, p.options);
  } catch (const std::invalid_argument&) {
    options_refused = true;
  }
  // The single queries, last film first, so the per-thread working memory of
  // the search has served other films before each of them. A vertex that is
  // not a film is refused; the batch must stop there too.
  std::vector<std::optional<SeeAlsoResult>> single(list.size());
  std::size_t first_refused = list.size();
  for (std::size_t i = list.size(); i-- > 0;) {
    try {
      single[i] = see_also(g, list[i], p.options);
    } catch (const std::invalid_argument&) {
      first_refused = i;
    }
  }
  REELGRAPH_FUZZ_CHECK(!options_refused || list.empty() || first_refused == 0);

  const std::size_t chunks = (list.size() + p.chunk_size - 1) / p.chunk_size;
  const bool stops_early = p.stop_after != 0 && p.stop_after < chunks;
  const std::size_t wanted = stops_early ? p.stop_after * p.chunk_size : list.size();
  for (const unsigned threads : {1u, 2u}) {
    const Run run = run_batch(g, p, list, threads);
    REELGRAPH_FUZZ_CHECK(run.films_done <= list.size());
    // Whatever was delivered is a prefix of the single answers.
    for (std::size_t i = 0; i < run.films_done; ++i) {
      REELGRAPH_FUZZ_CHECK(run.queries[i] == list[i] && single[i].has_value());
      check_equal(run.results[i], *single[i]);
    }
    if (options_refused) {
      REELGRAPH_FUZZ_CHECK(run.refused && run.films_done == 0);
    } else if (first_refused < wanted) {
      // The failing chunk is one the consumer would have read: the batch
      // fails, with nothing from that chunk on delivered.
      REELGRAPH_FUZZ_CHECK(run.refused && run.films_done <= first_refused / p.chunk_size * p.chunk_size);
    } else if (!run.refused) {
      REELGRAPH_FUZZ_CHECK(run.cancelled == stops_early && run.films_done == wanted);
    } else {
      // A worker ahead of the consumer may fail on a chunk the consumer
      // would never have read: the batch may then fail early, as documented.
      REELGRAPH_FUZZ_CHECK(first_refused < list.size());
    }
  }
  return 0;
}
