// Batch see-also: the lists of many films (every film, by default) under one
// set of options, computed on several threads and delivered in order.
//
// The film list is cut into chunks of consecutive films. Workers, each with its
// own scratch, compute chunks; the calling thread hands the completed ones to a
// consumer strictly in list order, so the output is the same whatever the
// number of threads. A bounded number of chunks exists at once (being computed
// or waiting for the consumer), and their buffers are reused, so memory stays
// flat however long the list: the consumer can stream chunks to a file.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "reelgraph/graph.hpp"
#include "reelgraph/see_also.hpp"

namespace reelgraph {

// Consecutive films of the list with their see-also lists, concatenated: the
// list of queries[i] is results.films[offsets[i], offsets[i+1]) (rank j is
// offsets[i] + j), with its terms laid out as SeeAlsoResult lays them out.
struct SeeAlsoChunk {
  std::size_t index = 0;  // 0, 1, 2... in list order
  std::size_t first = 0;  // position of queries[0] in the film list
  std::vector<VertexId> queries;
  std::vector<std::uint32_t> offsets{0};
  SeeAlsoResult results;
};

struct BatchOptions {
  unsigned threads = 0;           // workers; 0: one per core
  std::size_t chunk_size = 1024;  // films a chunk
  // Chunks being computed or waiting for the consumer; 0: two a worker.
  std::size_t max_chunks_in_flight = 0;
  // Setting it (from any thread) stops the batch: workers stop after the film
  // they are on, and no further chunk reaches the consumer.
  const std::atomic<bool>* cancel = nullptr;
  // While the calling thread waits for a chunk, it calls `poll` this often.
  std::chrono::milliseconds poll_interval{100};
  // Memory the chunks in flight may hold at most (0: default_memory_budget()):
  // counted from their size and k before any worker starts, and refused with
  // ResourceError when they would not fit.
  std::uint64_t max_bytes = 0;
};

struct BatchSummary {
  std::size_t films_done = 0;  // films delivered to the consumer
  std::size_t chunks = 0;      // chunks delivered
  bool cancelled = false;      // stopped by the consumer, poll or the cancel flag
};

// Called on the calling thread at least every poll_interval while it waits,
// with the films delivered so far: return false to stop the batch.
using BatchPoll = std::function<bool(std::size_t films_done)>;

// A running batch, read chunk by chunk. The workers start at construction and
// run ahead of the reader by at most max_chunks_in_flight chunks; destruction
// (or cancel()) stops them and waits for them, so no thread outlives it.
// One thread reads it.
class SeeAlsoBatch {
 public:
  // The lists of `films` in that order (the span must outlive the batch), or
  // of every film in vertex order when `all_films`. Throws
  // std::invalid_argument for options out of range or a chunk size of 0,
  // before any thread starts.
  SeeAlsoBatch(const FilmGraph& graph, std::span<const VertexId> films, const SeeAlsoOptions& options,
               const BatchOptions& batch);
  SeeAlsoBatch(const FilmGraph& graph, const SeeAlsoOptions& options, const BatchOptions& batch);
  ~SeeAlsoBatch();
  SeeAlsoBatch(const SeeAlsoBatch&) = delete;
  SeeAlsoBatch& operator=(const SeeAlsoBatch&) = delete;

  // The next chunk in list order, waiting for it (calling `poll` while it
  // waits); null once every chunk has been read or the batch was stopped. The
  // chunk is lent until the next call: its buffers then serve a later chunk
  // (move its vectors out to keep them). A vertex of the list that is not a
  // film, or any other failure in a worker (std::bad_alloc included), stops
  // the batch and is rethrown here, after every worker has finished; so is an
  // exception from `poll`. No chunk is handed out after it: what was read is
  // a prefix of the output, in order.
  SeeAlsoChunk* next(const BatchPoll& poll = {});
  // Stops the workers and waits for them; next() returns null afterwards.
  void cancel();

  std::size_t films_done() const;  // films in the chunks read so far
  std::size_t chunks_done() const;
  std::size_t chunk_count() const;
  bool cancelled() const;  // stopped before every chunk was read

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// Gets each completed chunk, in list order, on the calling thread, with the
// number of films delivered so far (this chunk's included). Return false to
// stop the batch. The chunk is lent for the call.
using ChunkConsumer = std::function<bool(SeeAlsoChunk& chunk, std::size_t films_done)>;

// A whole batch, read by the calling thread into `consume`. An exception from
// `consume` or `poll` stops the batch and is rethrown, as are workers'
// failures (see SeeAlsoBatch::next).
BatchSummary see_also_batch(const FilmGraph& graph, std::span<const VertexId> films, const SeeAlsoOptions& options,
                            const BatchOptions& batch, const ChunkConsumer& consume, const BatchPoll& poll = {});

// The same for every film of the graph, in vertex order.
BatchSummary see_also_all(const FilmGraph& graph, const SeeAlsoOptions& options, const BatchOptions& batch,
                          const ChunkConsumer& consume, const BatchPoll& poll = {});

}  // namespace reelgraph
