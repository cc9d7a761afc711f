#include "reelgraph/batch.hpp"
#include "reelgraph/model.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace reelgraph {
namespace {

// What the workers and the calling thread share. Chunk c lives in slot
// c % slots.size() from the moment a worker claims it until the consumer has
// had it; a worker may claim chunk c only once chunk c - slots.size() is
// consumed, which is what bounds memory.
struct Shared {
  Shared(const FilmGraph& graph, const SeeAlsoOptions& options, std::size_t film_count, const VertexId* films, std::size_t chunk_size,
         std::size_t chunk_count, const std::atomic<bool>* cancel, std::size_t slot_count)
      : graph(graph), options(options), film_count(film_count), films(films), chunk_size(chunk_size), chunk_count(chunk_count),
        cancel(cancel), slots(slot_count), ready(slot_count, 0) {}

  const FilmGraph& graph;
  const SeeAlsoOptions& options;
  std::size_t film_count;
  const VertexId* films;  // null: film i is vertex i
  std::size_t chunk_size;
  std::size_t chunk_count;
  const std::atomic<bool>* cancel;

  std::vector<SeeAlsoChunk> slots;
  std::vector<std::uint8_t> ready;  // per slot: computed, not yet consumed

  std::mutex mutex;
  std::condition_variable work_cv;  // workers wait for a free slot
  std::condition_variable done_cv;  // the calling thread waits for a chunk
  std::size_t next_chunk = 0;       // the next one a worker claims
  std::size_t consumed = 0;         // chunks the consumer has had
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::size_t error_chunk = 0;

  bool cancelled() const {
    return stop.load(std::memory_order_relaxed) || (cancel && cancel->load(std::memory_order_relaxed));
  }

  // Fills the chunk; false when the batch stopped before it was done.
  bool compute(std::size_t c) {
    SeeAlsoChunk& chunk = slots[c % slots.size()];
    chunk.index = c;
    chunk.first = c * chunk_size;
    const std::size_t last = std::min(film_count, chunk.first + chunk_size);
    chunk.queries.clear();
    chunk.offsets.assign(1, 0);
    clear(chunk.results);
    for (std::size_t i = chunk.first; i < last; ++i) {
      if (cancelled()) return false;
      const VertexId film = films ? films[i] : static_cast<VertexId>(i);
      // Each search keeps its working memory per thread (see see_also.cpp),
      // so a worker allocates only the small result it appends.
      append_result(chunk.results, see_also(graph, film, options));
      chunk.queries.push_back(film);
      chunk.offsets.push_back(static_cast<std::uint32_t>(chunk.results.films.size()));
    }
    return true;
  }

  void fail(std::size_t c, std::exception_ptr e) {
    std::lock_guard lock(mutex);
    // The earliest chunk's failure wins, so the error does not depend on
    // which worker got there first.
    if (!error || c < error_chunk) {
      error = e;
      error_chunk = c;
    }
    stop = true;
    work_cv.notify_all();
    done_cv.notify_all();
  }

  void work() {
    std::unique_lock lock(mutex);
    for (;;) {
      work_cv.wait(lock, [&] {
        return cancelled() || next_chunk >= chunk_count || next_chunk < consumed + slots.size();
      });
      if (cancelled() || next_chunk >= chunk_count) break;
      const std::size_t c = next_chunk++;
      lock.unlock();
      bool complete = false;
      try {
        complete = compute(c);
      } catch (...) {
        fail(c, std::current_exception());
      }
      lock.lock();
      if (!complete) {
        done_cv.notify_all();  // the calling thread may be waiting for this one
        break;
      }
      ready[c % slots.size()] = 1;
      done_cv.notify_all();
    }
  }
};

}  // namespace

// The shared state plus what only the reading thread touches.
struct SeeAlsoBatch::State {
  SeeAlsoOptions options;
  std::unique_ptr<Shared> shared;
  std::vector<std::thread> workers;
  std::chrono::milliseconds poll_interval;
  std::size_t chunk_count = 0;
  std::size_t next_read = 0;     // the chunk next() hands out next
  bool holding = false;          // the last chunk handed out is still lent
  bool finished = false;
  bool cancelled = false;
  std::size_t films_done = 0;

  State(const FilmGraph& graph, std::size_t film_count, const VertexId* films, const SeeAlsoOptions& options,
        const BatchOptions& batch)
      : options(options), poll_interval(batch.poll_interval) {
    check_options(graph, this->options);
    if (batch.chunk_size == 0) throw std::invalid_argument("chunk size must be at least 1");
    // A chunk larger than the list is the whole list; divided, not rounded up
    // by adding, so that a chunk size near 2^64 cannot wrap to no chunks.
    const std::size_t chunk_size = std::min(batch.chunk_size, std::max<std::size_t>(film_count, 1));
    chunk_count = film_count / chunk_size + (film_count % chunk_size != 0);
    if (chunk_count == 0) {
      finished = true;
      return;
    }
    std::size_t threads =
        batch.threads != 0 ? batch.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = std::min(threads, chunk_count);
    std::size_t slots = batch.max_chunks_in_flight != 0 ? std::min(batch.max_chunks_in_flight, chunk_count)
                                                        : std::min(2 * threads, chunk_count);
    // The chunks in flight are held at once: refuse, before any worker
    // starts, what cannot fit. A list holds at most every other film; each of
    // its rows is a film, a score, an offset and at least one term.
    const std::uint64_t per_list = std::min<std::uint64_t>(this->options.k, graph.film_count());
    constexpr std::uint64_t row_bytes = sizeof(VertexId) + sizeof(double) + sizeof(std::uint32_t) +
                                        sizeof(VertexId) + 2 + sizeof(double);
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() / row_bytes;
    const auto times = [&](std::uint64_t a, std::uint64_t b) { return a != 0 && b > limit / a ? limit : a * b; };
    check_memory("a see-also batch (" + std::to_string(slots) + " chunks of " + std::to_string(chunk_size) +
                     " films in flight, up to " + std::to_string(per_list) + " films per list)",
                 times(times(slots, chunk_size), per_list) * row_bytes, batch.max_bytes);
    shared = std::make_unique<Shared>(graph, this->options, film_count, films, chunk_size, chunk_count, batch.cancel, slots);
    workers.reserve(threads);
    try {
      for (std::size_t i = 0; i < threads; ++i) workers.emplace_back([s = shared.get()] { s->work(); });
    } catch (...) {
      stop();
      throw;
    }
  }

  ~State() { stop(); }

  // Tells the workers to stop and waits for them.
  void stop() {
    if (shared) {
      {
        std::lock_guard lock(shared->mutex);
        shared->stop = true;
      }
      shared->work_cv.notify_all();
    }
    for (auto& t : workers)
      if (t.joinable()) t.join();
    finished = true;
  }

  SeeAlsoChunk* next(const BatchPoll& poll) {
    if (finished) return nullptr;
    Shared& s = *shared;
    std::unique_lock lock(s.mutex);
    if (holding) {  // the reader is done with the chunk it had: its slot is free
      s.ready[(next_read - 1) % s.slots.size()] = 0;
      ++s.consumed;
      holding = false;
      s.work_cv.notify_all();
    }
    if (next_read == chunk_count) {
      lock.unlock();
      stop();
      return nullptr;
    }
    const std::size_t slot = next_read % s.slots.size();
    auto last_poll = std::chrono::steady_clock::now();
    while (!s.error && !s.cancelled() && !s.ready[slot]) {
      s.done_cv.wait_for(lock, poll_interval);
      if (poll && !s.ready[slot] && std::chrono::steady_clock::now() - last_poll >= poll_interval) {
        lock.unlock();
        bool go_on = false;
        try {
          go_on = poll(films_done);
        } catch (...) {
          cancelled = true;
          stop();
          throw;
        }
        last_poll = std::chrono::steady_clock::now();
        lock.lock();
        if (!go_on) s.stop = true;
      }
    }
    if (s.error) {
      lock.unlock();
      stop();
      std::rethrow_exception(s.error);
    }
    if (!s.ready[slot]) {
      lock.unlock();
      cancelled = true;
      stop();
      return nullptr;
    }
    ++next_read;
    holding = true;
    SeeAlsoChunk& chunk = s.slots[slot];
    films_done += chunk.queries.size();
    return &chunk;
  }
};

SeeAlsoBatch::SeeAlsoBatch(const FilmGraph& graph, std::span<const VertexId> films, const SeeAlsoOptions& options,
                           const BatchOptions& batch)
    : state_(std::make_unique<State>(graph, films.size(), films.data(), options, batch)) {}

SeeAlsoBatch::SeeAlsoBatch(const FilmGraph& graph, const SeeAlsoOptions& options, const BatchOptions& batch)
    : state_(std::make_unique<State>(graph, graph.film_count(), nullptr, options, batch)) {}

SeeAlsoBatch::~SeeAlsoBatch() = default;

SeeAlsoChunk* SeeAlsoBatch::next(const BatchPoll& poll) { return state_->next(poll); }

void SeeAlsoBatch::cancel() {
  if (!state_->finished) state_->cancelled = state_->next_read < state_->chunk_count;
  state_->stop();
}

std::size_t SeeAlsoBatch::films_done() const { return state_->films_done; }
std::size_t SeeAlsoBatch::chunks_done() const { return state_->next_read; }
std::size_t SeeAlsoBatch::chunk_count() const { return state_->chunk_count; }
bool SeeAlsoBatch::cancelled() const { return state_->cancelled; }

namespace {

BatchSummary read_all(SeeAlsoBatch& batch, const ChunkConsumer& consume, const BatchPoll& poll) {
  while (SeeAlsoChunk* chunk = batch.next(poll)) {
    if (!consume(*chunk, batch.films_done())) {
      batch.cancel();
      break;
    }
  }
  return BatchSummary{batch.films_done(), batch.chunks_done(), batch.cancelled()};
}

}  // namespace

BatchSummary see_also_batch(const FilmGraph& graph, std::span<const VertexId> films, const SeeAlsoOptions& options,
                            const BatchOptions& batch, const ChunkConsumer& consume, const BatchPoll& poll) {
  SeeAlsoBatch running(graph, films, options, batch);
  return read_all(running, consume, poll);
}

BatchSummary see_also_all(const FilmGraph& graph, const SeeAlsoOptions& options, const BatchOptions& batch,
                          const ChunkConsumer& consume, const BatchPoll& poll) {
  SeeAlsoBatch running(graph, options, batch);
  return read_all(running, consume, poll);
}

}  // namespace reelgraph
