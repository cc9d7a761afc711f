#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <numeric>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "reelgraph/batch.hpp"
#include "reelgraph/see_also.hpp"
#include "synthetic_graph.hpp"

namespace reelgraph {
namespace {

// Built once: a few thousand films with the benchmark catalogue's shape.
const FilmGraph& world() {
  static const FilmGraph g = synthetic::film_graph(3000, 5);
  return g;
}

// Threads of this process, to check that a batch leaves none behind.
std::size_t live_threads() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// The threads left once joined workers are gone. A joined thread has run its
// last instruction, but the kernel may list it under /proc a moment longer
// (on a busy machine, or under a sanitizer): wait up to two seconds for the
// count to come down to `expected`. A thread that is never joined keeps it up.
std::size_t threads_after_join(std::size_t expected) {
  std::size_t n = live_threads();
  for (int i = 0; i < 2000 && n > expected; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    n = live_threads();
  }
  return n;
}

// A batch's output flattened: per query, the query and its list.
struct Row {
  VertexId query;
  std::uint32_t rank;
  VertexId film;
  double score;
  std::vector<VertexId> entities;
  std::vector<double> contributions;
  std::vector<std::uint8_t> relations;
  bool operator==(const Row&) const = default;
};

void append_rows(const SeeAlsoChunk& chunk, std::vector<Row>& rows) {
  const auto& r = chunk.results;
  for (std::size_t q = 0; q < chunk.queries.size(); ++q)
    for (std::uint32_t i = chunk.offsets[q]; i < chunk.offsets[q + 1]; ++i) {
      Row row{chunk.queries[q], i - chunk.offsets[q], r.films[i], r.scores[i], {}, {}, {}};
      for (auto t = r.term_offsets[i]; t < r.term_offsets[i + 1]; ++t) {
        row.entities.push_back(r.term_entity[t]);
        row.contributions.push_back(r.term_contribution[t]);
        row.relations.push_back(r.term_query_relation[t]);
        row.relations.push_back(r.term_film_relation[t]);
      }
      rows.push_back(std::move(row));
    }
}

std::vector<Row> single_calls(std::span<const VertexId> films, const SeeAlsoOptions& o) {
  std::vector<Row> rows;
  for (VertexId f : films) {
    SeeAlsoChunk one;
    one.queries = {f};
    one.results = see_also(world(), f, o);
    one.offsets = {0, static_cast<std::uint32_t>(one.results.films.size())};
    append_rows(one, rows);
  }
  return rows;
}

std::vector<Row> batch_rows(std::span<const VertexId> films, const SeeAlsoOptions& o, BatchOptions b,
                            BatchSummary* summary = nullptr) {
  std::vector<Row> rows;
  std::size_t expected_index = 0, expected_first = 0;
  const auto s = see_also_batch(world(), films, o, b, [&](SeeAlsoChunk& chunk, std::size_t done) {
    EXPECT_EQ(chunk.index, expected_index++);
    EXPECT_EQ(chunk.first, expected_first);
    expected_first += chunk.queries.size();
    EXPECT_EQ(done, expected_first);
    append_rows(chunk, rows);
    return true;
  });
  if (summary) *summary = s;
  return rows;
}

std::vector<VertexId> every_film() {
  std::vector<VertexId> films(world().film_count());
  std::iota(films.begin(), films.end(), VertexId{0});
  return films;
}

TEST(Batch, EveryFilmEqualsItsSingleCall) {
  SeeAlsoOptions o;
  o.k = 20;
  const auto films = every_film();
  const auto expected = single_calls(films, o);
  ASSERT_GT(expected.size(), films.size());  // most films have a list
  BatchOptions b;
  b.threads = 2;
  BatchSummary summary;
  EXPECT_EQ(batch_rows(films, o, b, &summary), expected);
  EXPECT_EQ(summary.films_done, films.size());
  EXPECT_EQ(summary.chunks, (films.size() + b.chunk_size - 1) / b.chunk_size);
  EXPECT_FALSE(summary.cancelled);

  // see_also_all is the same list.
  std::vector<Row> all;
  see_also_all(world(), o, b, [&](SeeAlsoChunk& chunk, std::size_t) {
    append_rows(chunk, all);
    return true;
  });
  EXPECT_EQ(all, expected);
}

TEST(Batch, OtherOptionsEqualSingleCallsToo) {
  SeeAlsoOptions o;
  o.k = 7;
  o.hub_weighting = HubWeighting::idf;
  o.normalization = Normalization::pathsim;
  o.min_year = 1970;
  o.max_year = 2000;
  o.exclude_same_director = true;
  o.max_per_director = 1;
  o.hub_degree = 30;
  std::vector<VertexId> films;
  for (VertexId f = 0; f < world().film_count(); f += 3) films.push_back(f);
  films.push_back(films.front());  // a film twice is answered twice
  const auto expected = single_calls(films, o);
  ASSERT_FALSE(expected.empty());
  BatchOptions b;
  b.threads = 2;
  b.chunk_size = 100;
  EXPECT_EQ(batch_rows(films, o, b), expected);
}

TEST(Batch, SameOutputWhateverThreadsAndChunks) {
  SeeAlsoOptions o;
  o.k = 10;
  std::vector<VertexId> films;
  for (VertexId f = world().film_count(); f-- > 0;) films.push_back(f);  // not in vertex order
  const auto reference = single_calls(films, o);
  for (unsigned threads : {1u, 2u, 4u})
    for (std::size_t chunk : {std::size_t{1}, std::size_t{37}, std::size_t{1024}, std::size_t{5000}}) {
      BatchOptions b;
      b.threads = threads;
      b.chunk_size = chunk;
      EXPECT_EQ(batch_rows(films, o, b), reference) << threads << " threads, chunks of " << chunk;
    }
}

TEST(Batch, AtMostTheChunksInFlightExistAtOnce) {
  SeeAlsoOptions o;
  o.k = 5;
  const auto films = every_film();
  BatchOptions b;
  b.threads = 4;
  b.chunk_size = 50;
  b.max_chunks_in_flight = 3;
  std::set<const SeeAlsoChunk*> seen;
  std::size_t chunks = 0;
  see_also_batch(world(), films, o, b, [&](SeeAlsoChunk& chunk, std::size_t) {
    seen.insert(&chunk);
    ++chunks;
    return true;
  });
  EXPECT_EQ(chunks, films.size() / 50);
  EXPECT_EQ(seen.size(), 3u);  // three chunk buffers, reused in turn
}

TEST(Batch, ConsumerCanStopIt) {
  const auto before = live_threads();
  SeeAlsoOptions o;
  const auto films = every_film();
  BatchOptions b;
  b.threads = 2;
  b.chunk_size = 100;
  std::size_t calls = 0;
  const auto s = see_also_batch(world(), films, o, b, [&](SeeAlsoChunk&, std::size_t) { return ++calls < 2; });
  EXPECT_EQ(calls, 2u);
  EXPECT_EQ(s.chunks, 2u);
  EXPECT_EQ(s.films_done, 200u);
  EXPECT_TRUE(s.cancelled);
  EXPECT_EQ(threads_after_join(before), before);
}

TEST(Batch, CancelFlagFromAnotherThreadStopsItPromptly) {
  const auto before = live_threads();
  SeeAlsoOptions o;
  o.k = 20;
  // Many passes over the catalogue: far longer than the wait below.
  std::vector<VertexId> films;
  for (int pass = 0; pass < 200; ++pass)
    for (VertexId f = 0; f < world().film_count(); ++f) films.push_back(f);
  std::atomic<bool> cancel{false};
  BatchOptions b;
  b.threads = 2;
  b.cancel = &cancel;
  std::size_t after_cancel = 0;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  const auto start = std::chrono::steady_clock::now();
  const auto s = see_also_batch(world(), films, o, b, [&](SeeAlsoChunk&, std::size_t) {
    if (cancel) ++after_cancel;
    return true;
  });
  const auto took = std::chrono::steady_clock::now() - start;
  canceller.join();
  EXPECT_TRUE(s.cancelled);
  EXPECT_LT(s.films_done, films.size());
  EXPECT_EQ(after_cancel, 0u);  // nothing delivered once the flag was seen
  // Generous: the machine may be loaded, but not the whole list's worth.
  EXPECT_LT(took, std::chrono::seconds(10));
  EXPECT_EQ(threads_after_join(before), before);
}

TEST(Batch, PollRunsWhileWaitingAndCanStopIt) {
  SeeAlsoOptions o;
  o.k = 20;
  std::vector<VertexId> films;
  for (int pass = 0; pass < 50; ++pass)
    for (VertexId f = 0; f < world().film_count(); ++f) films.push_back(f);
  BatchOptions b;
  b.threads = 1;
  b.chunk_size = films.size();  // one long chunk: the calling thread must wait
  b.poll_interval = std::chrono::milliseconds(1);
  std::size_t polls = 0, chunks = 0;
  const auto s = see_also_batch(
      world(), films, o, b, [&](SeeAlsoChunk&, std::size_t) { return ++chunks > 0; },
      [&](std::size_t done) {
        EXPECT_EQ(done, 0u);
        return ++polls < 3;
      });
  EXPECT_EQ(polls, 3u);
  EXPECT_EQ(chunks, 0u);
  EXPECT_TRUE(s.cancelled);
}

TEST(Batch, WorkerFailureIsRethrownAfterTheChunksBeforeIt) {
  const auto before = live_threads();
  SeeAlsoOptions o;
  auto films = every_film();
  const VertexId not_a_film = static_cast<VertexId>(world().film_count());  // the first entity
  films[2550] = not_a_film;
  for (unsigned threads : {1u, 2u, 4u}) {
    BatchOptions b;
    b.threads = threads;
    b.chunk_size = 100;
    std::vector<std::size_t> delivered;
    try {
      see_also_batch(world(), films, o, b, [&](SeeAlsoChunk& chunk, std::size_t) {
        delivered.push_back(chunk.index);
        return true;
      });
      ADD_FAILURE() << "no exception";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("not a film"), std::string::npos);
    }
    // In order, from the first, and none from the failing chunk (25) on.
    for (std::size_t i = 0; i < delivered.size(); ++i) EXPECT_EQ(delivered[i], i);
    EXPECT_LE(delivered.size(), 25u);
    EXPECT_EQ(threads_after_join(before), before);
  }
}

TEST(Batch, ConsumerExceptionIsRethrownAndWorkersJoined) {
  const auto before = live_threads();
  SeeAlsoOptions o;
  const auto films = every_film();
  BatchOptions b;
  b.threads = 2;
  b.chunk_size = 64;
  std::size_t calls = 0;
  EXPECT_THROW(see_also_batch(world(), films, o, b,
                              [&](SeeAlsoChunk&, std::size_t) -> bool {
                                if (++calls == 3) throw std::bad_alloc();
                                return true;
                              }),
               std::bad_alloc);
  EXPECT_EQ(calls, 3u);
  EXPECT_EQ(threads_after_join(before), before);
}

TEST(Batch, ReaderDroppedHalfWayJoinsItsWorkers) {
  const auto before = live_threads();
  SeeAlsoOptions o;
  const auto films = every_film();
  BatchOptions b;
  b.threads = 2;
  b.chunk_size = 10;
  {
    SeeAlsoBatch batch(world(), films, o, b);
    ASSERT_NE(batch.next(), nullptr);
    ASSERT_NE(batch.next(), nullptr);
    EXPECT_EQ(batch.films_done(), 20u);
    EXPECT_GT(live_threads(), before);
  }
  EXPECT_EQ(threads_after_join(before), before);

  SeeAlsoBatch batch(world(), films, o, b);
  ASSERT_NE(batch.next(), nullptr);
  batch.cancel();
  EXPECT_EQ(batch.next(), nullptr);
  EXPECT_TRUE(batch.cancelled());
  EXPECT_EQ(threads_after_join(before), before);
}

TEST(Batch, EmptyListAndKZero) {
  SeeAlsoOptions o;
  std::size_t calls = 0;
  const auto none = see_also_batch(world(), {}, o, {}, [&](SeeAlsoChunk&, std::size_t) { return ++calls > 0; });
  EXPECT_EQ(calls, 0u);
  EXPECT_EQ(none.films_done, 0u);
  EXPECT_FALSE(none.cancelled);

  o.k = 0;
  const auto films = every_film();
  BatchOptions b;
  b.chunk_size = 1000;
  std::size_t queries = 0;
  const auto s = see_also_batch(world(), films, o, b, [&](SeeAlsoChunk& chunk, std::size_t) {
    queries += chunk.queries.size();
    EXPECT_EQ(chunk.offsets.size(), chunk.queries.size() + 1);
    EXPECT_EQ(chunk.offsets.back(), 0u);
    EXPECT_TRUE(chunk.results.films.empty());
    EXPECT_EQ(chunk.results.term_offsets.size(), 1u);
    return true;
  });
  EXPECT_EQ(queries, films.size());
  EXPECT_EQ(s.films_done, films.size());
}

TEST(Batch, BadArgumentsFailBeforeAnyWork) {
  const auto films = every_film();
  std::size_t calls = 0;
  const auto consume = [&](SeeAlsoChunk&, std::size_t) { return ++calls > 0; };
  BatchOptions zero_chunk;
  zero_chunk.chunk_size = 0;
  EXPECT_THROW(see_also_batch(world(), films, {}, zero_chunk, consume), std::invalid_argument);
  SeeAlsoOptions negative;
  negative.weights[Relation::cast] = -1.0;
  EXPECT_THROW(see_also_batch(world(), films, negative, {}, consume), std::invalid_argument);
  EXPECT_EQ(calls, 0u);
}

TEST(Batch, AbsurdKAndChunkSizesAreClampedNotOverflowed) {
  const std::vector<VertexId> films = {0, 5, 9};
  SeeAlsoOptions all;
  all.k = world().film_count();
  const auto expected = single_calls(films, all);
  ASSERT_GT(expected.size(), films.size());
  SeeAlsoOptions huge;
  huge.k = ~std::size_t{0};
  EXPECT_EQ(batch_rows(films, huge, {}), expected);
  // A chunk size near 2^64 once wrapped the chunk count to 0: no film at all.
  for (const std::size_t chunk : {~std::size_t{0}, ~std::size_t{0} - 1, std::size_t{1} << 63}) {
    BatchOptions b;
    b.chunk_size = chunk;
    BatchSummary summary;
    EXPECT_EQ(batch_rows(films, all, b, &summary), expected) << chunk;
    EXPECT_EQ(summary.chunks, 1u);
    EXPECT_EQ(summary.films_done, films.size());
  }
}

TEST(Batch, WorkThatCannotFitIsRefusedBeforeAnyWorker) {
  // Four chunks of 1024 films in flight, each list up to every film (about
  // 370 MB): refused up front with the figure, not found out by running out
  // of memory.
  const auto films = every_film();
  SeeAlsoOptions o;
  o.k = ~std::size_t{0};
  BatchOptions b;
  b.threads = 2;
  b.max_bytes = 64 << 20;
  std::size_t calls = 0;
  try {
    see_also_batch(world(), films, o, b, [&](SeeAlsoChunk&, std::size_t) { return ++calls > 0; });
    ADD_FAILURE() << "not refused";
  } catch (const ResourceError& e) {
    EXPECT_GT(e.bytes_needed, e.bytes_allowed);
    EXPECT_EQ(e.bytes_allowed, b.max_bytes);
    EXPECT_NE(std::string(e.what()).find("would need"), std::string::npos) << e.what();
  }
  EXPECT_EQ(calls, 0u);
}

}  // namespace
}  // namespace reelgraph
