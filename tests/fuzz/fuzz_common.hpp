// Shared by the fuzz targets: reading structured input out of raw bytes, a
// private temporary file, and checks that abort loudly (a fuzz target reports
// a finding by crashing).
#pragma once

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "reelgraph/graph.hpp"
#include "reelgraph/see_also.hpp"

namespace reelgraph::fuzz {

// Consumes the input front to back; past the end everything reads as zero or
// empty, so every input is a valid program.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(byte() | (byte() << 8)); }
  // A string of up to `max` bytes, its length given by the next byte.
  std::string_view text(std::size_t max = 255) { return text_of(byte(), max); }
  // The next n bytes (fewer at the end of the input), at most `max`.
  std::string_view text_of(std::size_t n, std::size_t max = 255) {
    if (n > max) n = max;
    if (n > size_ - pos_) n = size_ - pos_;
    const std::string_view out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }
  std::string_view rest() {
    const std::string_view out(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_);
    pos_ = size_;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

[[noreturn]] inline void finding(const char* what) {
  std::fprintf(stderr, "fuzz check failed: %s\n", what);
  std::abort();
}
#define REELGRAPH_FUZZ_CHECK(cond) \
  do {                             \
    if (!(cond)) ::reelgraph::fuzz::finding(#cond); \
  } while (0)

// A file name of this process's own, in the temporary folder.
inline std::string temp_path(std::string_view tag) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = dir && *dir ? dir : "/tmp";
  path += "/reelgraph-fuzz-";
  path += tag;
  path += '-';
  path += std::to_string(::getpid());
  return path;
}

inline void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) finding("cannot write the temporary file");
  if (size && std::fwrite(data, 1, size, f) != size) finding("cannot write the temporary file");
  std::fclose(f);
}

// An id that film_by_id maps back to the film with this key: the key itself
// for an external id, the folded local id after "film:" otherwise.
inline std::string_view id_of_film_key(std::string_view key) {
  return key.rfind("film:", 0) == 0 ? key.substr(5) : key;
}

// What every answer of see_also must satisfy on any graph: films only, never
// the query, best first, finite positive scores, and explanation terms that
// name real vertices and add up to the score.
inline void check_see_also(const FilmGraph& g, VertexId film, const SeeAlsoOptions& o) {
  const SeeAlsoResult r = see_also(g, film, o);
  REELGRAPH_FUZZ_CHECK(r.films.size() <= o.k);
  REELGRAPH_FUZZ_CHECK(r.scores.size() == r.films.size());
  REELGRAPH_FUZZ_CHECK(r.term_offsets.size() == r.films.size() + 1);
  REELGRAPH_FUZZ_CHECK(r.term_offsets.back() == r.term_entity.size());
  for (std::size_t i = 0; i < r.films.size(); ++i) {
    REELGRAPH_FUZZ_CHECK(r.films[i] < g.film_count() && r.films[i] != film);
    REELGRAPH_FUZZ_CHECK(std::isfinite(r.scores[i]) && r.scores[i] > 0.0);
    if (i) REELGRAPH_FUZZ_CHECK(r.scores[i] <= r.scores[i - 1]);
    double sum = 0.0;
    REELGRAPH_FUZZ_CHECK(r.term_offsets[i] <= r.term_offsets[i + 1]);
    for (auto t = r.term_offsets[i]; t < r.term_offsets[i + 1]; ++t) {
      REELGRAPH_FUZZ_CHECK(r.term_entity[t] < g.vertex_count());
      REELGRAPH_FUZZ_CHECK(r.term_contribution[t] > 0.0);
      sum += r.term_contribution[t];
    }
    REELGRAPH_FUZZ_CHECK(std::fabs(sum - r.scores[i]) <= 1e-9 * std::max(1.0, r.scores[i]));
  }
}

}  // namespace reelgraph::fuzz
