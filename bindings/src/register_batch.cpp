// Batch see-also: SeeAlsoBatch read chunk by chunk from Python. The workers
// never touch Python; the GIL is held only to build a chunk's arrays and to
// call back, and signals (Ctrl-C) are checked on the reading thread between
// chunks and every 100 ms while it waits, cancelling the batch.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "numpy_owner.hpp"
#include "register.hpp"
#include "reelgraph/batch.hpp"

namespace py = pybind11;

namespace reelgraph::python {
namespace {

using FilmArray = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

// A chunk's vectors, moved out of the core's buffers (no copy), plus one row
// per result: its query, its rank and its largest explanation term.
struct ChunkArrays {
  std::size_t index = 0, first = 0;
  std::vector<VertexId> queries;
  std::vector<std::uint32_t> offsets;
  std::vector<VertexId> query, film;
  std::vector<std::uint32_t> rank;
  std::vector<double> score;
  std::vector<VertexId> top_entity;
  std::vector<std::uint8_t> top_query_relation, top_film_relation;
  std::vector<double> top_contribution;
  std::vector<std::uint32_t> term_offsets;
  std::vector<VertexId> term_entity;
  std::vector<std::uint8_t> term_query_relation, term_film_relation;
  std::vector<double> term_contribution;
};

ChunkArrays take(SeeAlsoChunk& c) {
  ChunkArrays a;
  a.index = c.index;
  a.first = c.first;
  auto& r = c.results;
  const std::size_t rows = r.films.size();
  a.query.resize(rows);
  a.rank.resize(rows);
  for (std::size_t q = 0; q < c.queries.size(); ++q)
    for (std::uint32_t i = c.offsets[q]; i < c.offsets[q + 1]; ++i) {
      a.query[i] = c.queries[q];
      a.rank[i] = i - c.offsets[q] + 1;
    }
  // Terms are largest first, and every listed film has at least one (its
  // score is positive).
  a.top_entity.resize(rows);
  a.top_query_relation.resize(rows);
  a.top_film_relation.resize(rows);
  a.top_contribution.resize(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const auto t = r.term_offsets[i];
    a.top_entity[i] = r.term_entity[t];
    a.top_query_relation[i] = r.term_query_relation[t];
    a.top_film_relation[i] = r.term_film_relation[t];
    a.top_contribution[i] = r.term_contribution[t];
  }
  a.queries = std::move(c.queries);
  a.offsets = std::move(c.offsets);
  a.film = std::move(r.films);
  a.score = std::move(r.scores);
  a.term_offsets = std::move(r.term_offsets);
  a.term_entity = std::move(r.term_entity);
  a.term_query_relation = std::move(r.term_query_relation);
  a.term_film_relation = std::move(r.term_film_relation);
  a.term_contribution = std::move(r.term_contribution);
  return a;
}

py::dict to_dict(ChunkArrays&& a, std::size_t films_done) {
  py::dict d;
  d["index"] = a.index;
  d["first"] = a.first;
  d["films_done"] = films_done;
  d["queries"] = to_numpy(std::move(a.queries));
  d["offsets"] = to_numpy(std::move(a.offsets));
  d["query"] = to_numpy(std::move(a.query));
  d["rank"] = to_numpy(std::move(a.rank));
  d["film"] = to_numpy(std::move(a.film));
  d["score"] = to_numpy(std::move(a.score));
  d["top_entity"] = to_numpy(std::move(a.top_entity));
  d["top_query_relation"] = to_numpy(std::move(a.top_query_relation));
  d["top_film_relation"] = to_numpy(std::move(a.top_film_relation));
  d["top_contribution"] = to_numpy(std::move(a.top_contribution));
  d["term_offsets"] = to_numpy(std::move(a.term_offsets));
  d["term_entity"] = to_numpy(std::move(a.term_entity));
  d["term_query_relation"] = to_numpy(std::move(a.term_query_relation));
  d["term_film_relation"] = to_numpy(std::move(a.term_film_relation));
  d["term_contribution"] = to_numpy(std::move(a.term_contribution));
  return d;
}

void check_signals() {
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

// A running batch as a Python iterator of chunk dicts. Holds the graph's
// Python object, so the graph outlives the workers; closing it (or dropping
// it) stops the workers and waits for them.
class BatchReader {
 public:
  BatchReader(py::object graph_object, const std::optional<FilmArray>& films, const SeeAlsoOptions& options,
              const BatchOptions& batch)
      : graph_object_(std::move(graph_object)) {
    const FilmGraph& graph = graph_object_.cast<const FilmGraph&>();
    if (films) {
      if (films->ndim() != 1) throw std::invalid_argument("films must be a one-dimensional array of vertex ids");
      const auto view = films->unchecked<1>();
      films_.reserve(static_cast<std::size_t>(view.shape(0)));
      for (py::ssize_t i = 0; i < view.shape(0); ++i) {
        const auto v = view(i);
        if (v < 0 || static_cast<std::size_t>(v) >= graph.film_count())
          throw std::invalid_argument("films[" + std::to_string(i) + "] = " + std::to_string(v) +
                                      " is not a film (films are 0.." + std::to_string(graph.film_count() - 1) +
                                      ")");
        films_.push_back(static_cast<VertexId>(v));
      }
      batch_ = std::make_unique<SeeAlsoBatch>(graph, films_, options, batch);
    } else {
      batch_ = std::make_unique<SeeAlsoBatch>(graph, options, batch);
    }
  }

  // The next chunk, or nullopt at the end. Raises KeyboardInterrupt (having
  // stopped the workers) when a signal arrives while it waits.
  std::optional<py::dict> next() {
    if (!batch_) return std::nullopt;
    check_signals();
    std::optional<ChunkArrays> arrays;
    {
      py::gil_scoped_release released;
      const BatchPoll poll = [](std::size_t) {
        py::gil_scoped_acquire held;
        check_signals();
        return true;
      };
      if (SeeAlsoChunk* chunk = batch_->next(poll)) arrays = take(*chunk);
    }
    if (!arrays) return std::nullopt;
    return to_dict(std::move(*arrays), batch_->films_done());
  }

  void close() {
    if (!batch_) return;
    py::gil_scoped_release released;  // joining waits for a film's worth of work at most
    batch_->cancel();
  }

  std::size_t films_done() const { return batch_ ? batch_->films_done() : 0; }
  std::size_t chunk_count() const { return batch_ ? batch_->chunk_count() : 0; }
  std::size_t chunks_done() const { return batch_ ? batch_->chunks_done() : 0; }
  std::size_t films_total() const { return films_total_; }
  bool cancelled() const { return batch_ && batch_->cancelled(); }
  void set_total(std::size_t n) { films_total_ = n; }

 private:
  py::object graph_object_;
  std::vector<VertexId> films_;
  std::unique_ptr<SeeAlsoBatch> batch_;
  std::size_t films_total_ = 0;
};

std::unique_ptr<BatchReader> start(py::object graph, const std::optional<FilmArray>& films, const SeeAlsoOptions& o,
                                   unsigned threads, std::size_t chunk, std::size_t in_flight) {
  BatchOptions b;
  b.threads = threads;
  b.chunk_size = chunk;
  b.max_chunks_in_flight = in_flight;
  const std::size_t total = films ? static_cast<std::size_t>(films->size()) : graph.cast<const FilmGraph&>().film_count();
  auto reader = std::make_unique<BatchReader>(std::move(graph), films, o, b);
  reader->set_total(total);
  return reader;
}

}  // namespace

void register_batch(py::module_& m) {
  py::class_<BatchReader>(m, "SeeAlsoBatch",
                          "A running batch: iterate it for chunk dicts, in film-list order; close() stops it.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__",
           [](BatchReader& r) {
             auto d = r.next();
             if (!d) throw py::stop_iteration();
             return *d;
           })
      .def("close", &BatchReader::close, "Stop the workers and wait for them.")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](BatchReader& r, py::args) { r.close(); })
      .def_property_readonly("films_done", &BatchReader::films_done)
      .def_property_readonly("films_total", &BatchReader::films_total)
      .def_property_readonly("chunk_count", &BatchReader::chunk_count)
      .def_property_readonly("chunks_done", &BatchReader::chunks_done)
      .def_property_readonly("cancelled", &BatchReader::cancelled);

  m.def(
      "see_also_batch_iter",
      [](py::object graph, const std::optional<FilmArray>& films, std::size_t k,
         const std::optional<std::map<std::string, double>>& weights,
         const std::optional<std::vector<std::string>>& relations, const std::string& hub_weighting,
         const std::string& normalization, std::uint32_t hub_degree, bool expand_hubs_when_short, int min_year,
         int max_year, bool exclude_same_director, const std::vector<std::int64_t>& restrict_to,
         std::uint32_t max_per_director, const std::string& method, double ppr_alpha, double ppr_epsilon,
         double rp3_alpha, std::optional<double> popularity_beta, unsigned threads, std::size_t chunk, std::size_t in_flight) {
        graph.cast<const FilmGraph&>();  // a TypeError now rather than later
        const SeeAlsoOptions o =
            see_also_options(k, weights, relations, hub_weighting, normalization, hub_degree, expand_hubs_when_short,
                             min_year, max_year, exclude_same_director, restrict_to, max_per_director, method,
                             ppr_alpha, ppr_epsilon, rp3_alpha, popularity_beta);
        return start(std::move(graph), films, o, threads, chunk, in_flight);
      },
      py::arg("graph"), py::arg("films") = py::none(), py::arg("k") = 10, py::arg("weights") = py::none(),
      py::arg("relations") = py::none(), py::arg("hub_weighting") = "idf",
      py::arg("normalization") = "none", py::arg("hub_degree") = 0, py::arg("expand_hubs_when_short") = SeeAlsoOptions{}.expand_hubs_when_short,
      py::arg("min_year") = 0, py::arg("max_year") = 0, py::arg("exclude_same_director") = false,
      py::arg("restrict_to") = std::vector<std::int64_t>{}, py::arg("max_per_director") = 0,
      py::arg("method") = "cooccurrence", py::arg("ppr_alpha") = SeeAlsoOptions{}.ppr_alpha,
      py::arg("ppr_epsilon") = SeeAlsoOptions{}.ppr_epsilon, py::arg("rp3_alpha") = SeeAlsoOptions{}.rp3_alpha,
      py::arg("popularity_beta") = py::none(), py::arg("threads") = 0, py::arg("chunk") = 1024, py::arg("in_flight") = 0,
      "Start a batch see-also over `films` (every film when None); iterate the result for chunk dicts.");

  m.def(
      "see_also_batch",
      [](py::object graph, const std::optional<FilmArray>& films, std::size_t k,
         const std::optional<std::map<std::string, double>>& weights,
         const std::optional<std::vector<std::string>>& relations, const std::string& hub_weighting,
         const std::string& normalization, std::uint32_t hub_degree, bool expand_hubs_when_short, int min_year,
         int max_year, bool exclude_same_director, const std::vector<std::int64_t>& restrict_to,
         std::uint32_t max_per_director, const std::string& method, double ppr_alpha, double ppr_epsilon,
         double rp3_alpha, std::optional<double> popularity_beta, unsigned threads, std::size_t chunk, const py::function& callback) {
        graph.cast<const FilmGraph&>();
        const SeeAlsoOptions o =
            see_also_options(k, weights, relations, hub_weighting, normalization, hub_degree, expand_hubs_when_short,
                             min_year, max_year, exclude_same_director, restrict_to, max_per_director, method,
                             ppr_alpha, ppr_epsilon, rp3_alpha, popularity_beta);
        auto reader = start(std::move(graph), films, o, threads, chunk, 0);
        while (auto d = reader->next()) {
          const py::object go_on = callback(*d);
          if (!go_on.is_none() && !go_on.cast<bool>()) {
            reader->close();
            break;
          }
        }
        py::dict summary;
        summary["films_done"] = reader->films_done();
        summary["chunks"] = reader->chunks_done();
        summary["cancelled"] = reader->cancelled();
        return summary;
      },
      py::arg("graph"), py::arg("films") = py::none(), py::arg("k") = 10, py::arg("weights") = py::none(),
      py::arg("relations") = py::none(), py::arg("hub_weighting") = "idf",
      py::arg("normalization") = "none", py::arg("hub_degree") = 0, py::arg("expand_hubs_when_short") = SeeAlsoOptions{}.expand_hubs_when_short,
      py::arg("min_year") = 0, py::arg("max_year") = 0, py::arg("exclude_same_director") = false,
      py::arg("restrict_to") = std::vector<std::int64_t>{}, py::arg("max_per_director") = 0,
      py::arg("method") = "cooccurrence", py::arg("ppr_alpha") = SeeAlsoOptions{}.ppr_alpha,
      py::arg("ppr_epsilon") = SeeAlsoOptions{}.ppr_epsilon, py::arg("rp3_alpha") = SeeAlsoOptions{}.rp3_alpha,
      py::arg("popularity_beta") = py::none(), py::arg("threads") = 0, py::arg("chunk") = 1024, py::kw_only(), py::arg("callback"),
      "Batch see-also over `films` (every film when None): callback(chunk dict) per chunk, in order, on this "
      "thread; return False to stop. Returns a summary dict.");
}

}  // namespace reelgraph::python
