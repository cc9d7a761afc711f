// Kernels of the see-also search on a synthetic catalogue (synthetic_graph.hpp).
//
//   REELGRAPH_BENCH_FILMS=100000 build/bench/benchmarks/cpp/reelgraph_benchmarks
//
// REELGRAPH_BENCH_FILMS sets the catalogue's size (default 100000),
// REELGRAPH_BENCH_SEED its seed (default 7). items_per_second is films
// answered a second. The batch kernels report wall time and the process's CPU
// time (every thread's), so their CPU column is core-seconds.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "reelgraph/batch.hpp"
#include "reelgraph/see_also.hpp"
#include "synthetic_graph.hpp"

namespace {

using namespace reelgraph;

std::size_t env_or(const char* name, std::size_t fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::stoull(text) : fallback;
}

const FilmGraph& graph() {
  static const FilmGraph g = [] {
    const std::size_t films = env_or("REELGRAPH_BENCH_FILMS", 100000);
    FilmGraph built = synthetic::film_graph(films, env_or("REELGRAPH_BENCH_SEED", 7));
    std::fprintf(stderr, "synthetic graph: %zu films, %zu vertices, %zu links\n", built.film_count(),
                 built.vertex_count(), built.edge_count() / 2);
    return built;
  }();
  return g;
}

// Query films drawn at random (fixed seed), so the kernels see the catalogue's
// mix of small films and films in the giant hubs' shadow.
std::vector<VertexId> sample_films(std::size_t n) {
  synthetic::Random random(11);
  std::vector<VertexId> films(n);
  for (auto& f : films) f = static_cast<VertexId>(random.below(graph().film_count()));
  return films;
}

SeeAlsoOptions top20() {
  SeeAlsoOptions o;
  o.k = 20;
  return o;
}

// One film's top-20 through the public call, as an interactive query runs it.
void BM_SeeAlsoOneFilm(benchmark::State& state) {
  const auto films = sample_films(4096);
  const auto options = top20();
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = see_also(graph(), films[i++ % films.size()], options);
    benchmark::DoNotOptimize(r.films.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_SeeAlsoOneFilm);

std::size_t run_batch(std::span<const VertexId> films, unsigned threads) {
  BatchOptions batch;
  batch.threads = threads;
  std::size_t results = 0;
  const auto consume = [&](SeeAlsoChunk& chunk, std::size_t) {
    results += chunk.results.films.size();
    return true;
  };
  if (films.empty()) see_also_all(graph(), top20(), batch, consume);
  else see_also_batch(graph(), films, top20(), batch, consume);
  return results;
}

// 10,000 films' top-20 with see_also_batch, on state.range(0) threads.
void BM_SeeAlsoBatch10k(benchmark::State& state) {
  const auto films = sample_films(10000);
  for (auto _ : state) benchmark::DoNotOptimize(run_batch(films, static_cast<unsigned>(state.range(0))));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * films.size()));
}
BENCHMARK(BM_SeeAlsoBatch10k)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// Every film's top-20, once: the export's workload. Run it on its own with
// --benchmark_filter=All.
void BM_SeeAlsoAllFilms(benchmark::State& state) {
  std::size_t results = 0;
  for (auto _ : state) results = run_batch({}, static_cast<unsigned>(state.range(0)));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * graph().film_count()));
  state.counters["results"] = static_cast<double>(results);
}
BENCHMARK(BM_SeeAlsoAllFilms)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace

BENCHMARK_MAIN();
