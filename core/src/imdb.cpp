#include "reelgraph/imdb.hpp"

#include <zlib.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "reelgraph/columns.hpp"
#include "reelgraph/id_map.hpp"
#include "reelgraph/text.hpp"

namespace reelgraph {
namespace {

constexpr std::string_view kNull = "\\N";
constexpr std::uint64_t kProgressEvery = std::uint64_t{4} << 20;

std::string quoted(std::string_view cell, std::string_view reason) { return quoted_cell(cell, reason, 200); }

std::string_view base_name(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Lines of a plain or gzipped file, a buffer at a time. zlib reads a plain
// file through unchanged, so one reader serves both.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : path_(path) {
    // A regular file only: the open of a FIFO would wait for a writer
    // (O_NONBLOCK keeps it from waiting) and a device such as /dev/zero never
    // ends; both are refused by their type.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) throw ImdbError(std::string(base_name(path)) + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      throw ImdbError(std::string(base_name(path)) + ": not a regular file (a folder, device or pipe)");
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    file_ = gzdopen(fd, "rb");
    if (!file_) {
      ::close(fd);
      throw ImdbError(std::string(base_name(path)) + ": cannot open: " + std::strerror(errno));
    }
    gzbuffer(file_, 1 << 18);
    buf_.resize(1 << 20);
  }
  ~LineReader() {
    if (file_) gzclose(file_);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its line break; false at the end of the file.
  bool next(std::string_view& line) {
    for (;;) {
      const char* start = buf_.data() + begin_;
      if (const void* nl = std::memchr(start, '\n', end_ - begin_)) {
        std::size_t n = static_cast<const char*>(nl) - start;
        begin_ += n + 1;
        if (n > 0 && start[n - 1] == '\r') --n;
        line = std::string_view(start, n);
        ++line_;
        return true;
      }
      if (eof_) {
        if (begin_ == end_) return false;
        line = std::string_view(start, end_ - begin_);
        begin_ = end_;
        ++line_;
        return true;
      }
      fill();
    }
  }
  std::uint64_t line_number() const { return line_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void fill() {
    // Keep the partial line, then read after it; grow for a line longer than the buffer.
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
    const int got = gzread(file_, buf_.data() + end_, static_cast<unsigned>(buf_.size() - end_));
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(file_, &code);
      throw ImdbError(std::string(base_name(path_)) + ":" + std::to_string(line_ + 1) +
                      ": cannot read: " + (code == Z_ERRNO ? std::strerror(errno) : message));
    }
    if (got == 0) {
      // zlib reports a gzip stream cut short only through gzerror, after
      // handing over what it could: without this a truncated download would
      // read as a shorter file, its lost rows unmentioned.
      int code = Z_OK;
      const char* message = gzerror(file_, &code);
      if (code != Z_OK)
        throw ImdbError(std::string(base_name(path_)) + ":" + std::to_string(line_ + 1) +
                        ": the compressed data ends early or is damaged (" + message + ")");
      eof_ = true;
    }
    end_ += static_cast<std::size_t>(got);
    bytes_ += static_cast<std::uint64_t>(got);
  }

  std::string path_;
  gzFile file_ = nullptr;
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  std::uint64_t line_ = 0, bytes_ = 0;
};

// Splits a line at tabs into exactly N fields; false when the count differs.
template <std::size_t N>
bool split(std::string_view line, std::array<std::string_view, N>& out, std::size_t& count) {
  count = 0;
  std::size_t start = 0;
  for (;;) {
    const auto tab = line.find('\t', start);
    if (count == N) {
      ++count;
      return false;
    }
    out[count++] = line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return count == N;
}

// "tt0038297" -> 38297; 0 when it is not a tt id.
std::uint32_t title_number(std::string_view tconst) {
  if (tconst.size() < 3 || tconst[0] != 't' || tconst[1] != 't') return 0;
  std::uint32_t n = 0;
  const auto [end, err] = std::from_chars(tconst.data() + 2, tconst.data() + tconst.size(), n);
  if (err != std::errc() || end != tconst.data() + tconst.size()) return 0;
  return n;
}

// Calls fn on each comma-separated item of a list cell (none for \N or empty).
template <class Fn>
void each_item(std::string_view cell, Fn fn) {
  if (cell == kNull || cell.empty()) return;
  std::size_t start = 0;
  for (;;) {
    const auto comma = cell.find(',', start);
    const auto item = cell.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (!item.empty()) fn(item);
    if (comma == std::string_view::npos) return;
    start = comma + 1;
  }
}

class Reader {
 public:
  Reader(GraphBuilder& b, const ImdbOptions& o) : b_(b), o_(o) {}

  ImdbReport run(const ImdbFiles& files) {
    if (files.title_basics.empty()) throw ImdbError("title.basics is required: it says which titles are films");
    basics(files.title_basics);
    if (!files.title_principals.empty()) principals(files.title_principals);
    if (!files.title_crew.empty()) crew(files.title_crew);
    if (!files.name_basics.empty()) names(files.name_basics);
    return std::move(report_);
  }

 private:
  template <std::size_t N>
  ImdbFileReport& open(const std::string& path, LineReader& lines, const std::array<std::string_view, N>& header) {
    ImdbFileReport& r = report_.files.emplace_back();
    r.file = base_name(path);
    std::string_view line;
    std::string expected;
    for (std::size_t i = 0; i < N; ++i) {
      if (i) expected += '\t';
      expected += header[i];
    }
    if (!lines.next(line)) throw ImdbError(r.file + ": empty file, expected the header '" + expected + "'");
    if (line.size() >= 3 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line != expected)
      throw ImdbError(r.file + ":1: the header is not IMDb's for this file; expected '" + expected + "'");
    return r;
  }

  void reject(ImdbFileReport& r, std::uint64_t line, std::string_view field, const std::string& reason) {
    if (o_.stop_on_error) {
      std::string message = r.file + ":" + std::to_string(line) + ": ";
      if (!field.empty()) message += "field '" + std::string(field) + "': ";
      throw ImdbError(message + reason);
    }
    ++r.rows_rejected;
    if (r.errors.size() < o_.max_kept_errors) r.errors.push_back(ImdbRowError{line, std::string(field), reason});
  }

  void tick(const LineReader& lines, ImdbFileReport& r) {
    r.bytes = lines.bytes();
    const std::uint64_t total = done_bytes_ + lines.bytes();
    if (o_.progress && total >= next_progress_) {
      next_progress_ = total + kProgressEvery;
      if (!o_.progress(total)) throw ImdbCancelled("reading the IMDb files was cancelled");
    }
  }

  void finish(const LineReader& lines, ImdbFileReport& r) {
    r.bytes = lines.bytes();
    done_bytes_ += lines.bytes();
    if (o_.progress && !o_.progress(done_bytes_)) throw ImdbCancelled("reading the IMDb files was cancelled");
  }

  template <std::size_t N>
  bool fields(LineReader& lines, ImdbFileReport& r, std::string_view line, std::array<std::string_view, N>& f) {
    std::size_t count = 0;
    if (split(line, f, count)) return true;
    reject(r, lines.line_number(), "", "has " + std::to_string(count) + (count > N ? " or more" : "") +
                                            " tab-separated fields where IMDb writes " + std::to_string(N));
    return false;
  }

  // A handful of types at most: a scan, with no string built per row.
  bool chosen_type(std::string_view type) const {
    return std::find(o_.title_types.begin(), o_.title_types.end(), type) != o_.title_types.end();
  }


  void basics(const std::string& path) {
    static constexpr std::array<std::string_view, 9> header = {
        "tconst", "titleType", "primaryTitle", "originalTitle", "isAdult", "startYear", "endYear",
        "runtimeMinutes", "genres"};
    LineReader lines(path);
    ImdbFileReport& r = open(path, lines, header);
    std::array<std::string_view, 9> f;
    std::string_view line;
    while (lines.next(line)) {
      ++r.rows_read;
      tick(lines, r);
      if (!fields(lines, r, line, f)) continue;
      const std::uint32_t number = title_number(f[0]);
      if (number == 0) {
        reject(r, lines.line_number(), "tconst", quoted(f[0], "is not an IMDb title id (tt and digits)"));
        continue;
      }
      if (!chosen_type(f[1]) || (!o_.include_adult && f[4] == "1")) {
        ++r.rows_skipped;
        continue;
      }
      // The core's one year rule (parse_year), as for every other way in.
      int year = 0;
      if (f[5] != kNull) {
        if (auto why = parse_year(f[5], year)) {
          reject(r, lines.line_number(), "startYear", *why);
          continue;
        }
      }
      // Runtimes are not kept, but a row whose runtime is not one is as bad as
      // a table row with that runtime: refused by the same rule.
      std::int64_t runtime = 0;
      if (f[7] != kNull) {
        if (auto why = parse_positive(f[7], runtime)) {
          reject(r, lines.line_number(), "runtimeMinutes", *why);
          continue;
        }
      }
      if (f[2] == kNull || f[2].empty()) {
        reject(r, lines.line_number(), "primaryTitle", "empty title");
        continue;
      }
      // Genres are checked before the film is added, so a row is either used
      // whole or rejected whole (never both, never half a film).
      std::string bad_genre;
      each_item(f[8], [&](std::string_view genre) {
        if (!bad_genre.empty()) return;
        try {
          if (clean_text(genre).empty()) bad_genre = quoted(genre, "is an empty genre");
        } catch (const std::invalid_argument& e) {
          bad_genre = e.what();
        }
      });
      if (!bad_genre.empty()) {
        reject(r, lines.line_number(), "genres", bad_genre);
        continue;
      }
      VertexId film;
      try {
        film = b_.add_film(f[0], f[2], year).film;
      } catch (const std::invalid_argument& e) {
        reject(r, lines.line_number(), "primaryTitle", e.what());
        continue;
      }
      films_.try_emplace(number, film);
      each_item(f[8], [&](std::string_view genre) {
        LinkSpec l;
        l.relation = Relation::genre;
        l.name = genre;
        b_.add_link(film, l);  // cannot be refused: the genre was checked above
        ++report_.links_added;
      });
      ++r.rows_used;
    }
    finish(lines, r);
  }

  // One link from a title's row to a person by nm id; false when refused.
  bool person_link(ImdbFileReport& r, std::uint64_t line, VertexId film, Relation rel, std::string_view nconst,
                   std::string_view field) {
    LinkSpec l;
    l.relation = rel;
    l.entity_id = nconst;
    try {
      b_.add_link(film, l);
    } catch (const std::invalid_argument& e) {
      reject(r, line, field, e.what());
      return false;
    }
    ++report_.links_added;
    return true;
  }

  bool film_of(std::string_view tconst, ImdbFileReport& r, std::uint64_t line, VertexId& film) {
    const std::uint32_t number = title_number(tconst);
    if (number == 0) {
      reject(r, line, "tconst", quoted(tconst, "is not an IMDb title id (tt and digits)"));
      return false;
    }
    const std::uint32_t* found = films_.find(number);
    if (!found) {
      ++r.rows_skipped;
      return false;
    }
    film = *found;
    return true;
  }

  void principals(const std::string& path) {
    static constexpr std::array<std::string_view, 6> header = {"tconst", "ordering", "nconst", "category", "job",
                                                               "characters"};
    LineReader lines(path);
    ImdbFileReport& r = open(path, lines, header);
    std::array<std::string_view, 6> f;
    std::string_view line;
    while (lines.next(line)) {
      ++r.rows_read;
      tick(lines, r);
      if (!fields(lines, r, line, f)) continue;
      VertexId film;
      if (!film_of(f[0], r, lines.line_number(), film)) continue;
      if (f[2] == kNull || f[2].empty()) {
        reject(r, lines.line_number(), "nconst", "no person id");
        continue;
      }
      if (person_link(r, lines.line_number(), film, imdb_category_relation(f[3]), f[2], "nconst")) ++r.rows_used;
    }
    finish(lines, r);
  }

  void crew(const std::string& path) {
    static constexpr std::array<std::string_view, 3> header = {"tconst", "directors", "writers"};
    LineReader lines(path);
    ImdbFileReport& r = open(path, lines, header);
    std::array<std::string_view, 3> f;
    std::string_view line;
    while (lines.next(line)) {
      ++r.rows_read;
      tick(lines, r);
      if (!fields(lines, r, line, f)) continue;
      VertexId film;
      if (!film_of(f[0], r, lines.line_number(), film)) continue;
      bool ok = true;
      each_item(f[1], [&](std::string_view n) {
        ok = ok && person_link(r, lines.line_number(), film, Relation::directed_by, n, "directors");
      });
      each_item(f[2], [&](std::string_view n) {
        ok = ok && person_link(r, lines.line_number(), film, Relation::written_by, n, "writers");
      });
      if (ok) ++r.rows_used;
    }
    finish(lines, r);
  }

  void names(const std::string& path) {
    static constexpr std::array<std::string_view, 6> header = {"nconst", "primaryName", "birthYear", "deathYear",
                                                               "primaryProfession", "knownForTitles"};
    LineReader lines(path);
    ImdbFileReport& r = open(path, lines, header);
    std::array<std::string_view, 6> f;
    std::string_view line;
    while (lines.next(line)) {
      ++r.rows_read;
      tick(lines, r);
      if (!fields(lines, r, line, f)) continue;
      std::optional<ExternalId> id;
      try {
        id = parse_external_id(f[0]);
      } catch (const std::invalid_argument& e) {
        reject(r, lines.line_number(), "nconst", e.what());
        continue;
      }
      if (!id || id->scheme != IdScheme::imdb_name) {
        reject(r, lines.line_number(), "nconst", quoted(f[0], "is not an IMDb person id"));
        continue;
      }
      try {
        if (f[1] == kNull || clean_text(f[1]).empty()) {
          // A person with no name keeps showing the id; not worth a rejection
          // unless they are in the graph.
          ++r.rows_skipped;
          continue;
        }
        if (b_.name_entity(id->canonical, f[1])) ++r.rows_used;
        else ++r.rows_skipped;
      } catch (const std::invalid_argument& e) {
        reject(r, lines.line_number(), "primaryName", e.what());
      }
    }
    finish(lines, r);
  }

  GraphBuilder& b_;
  const ImdbOptions& o_;
  IdMap films_;  // title number -> film
  ImdbReport report_;
  std::uint64_t done_bytes_ = 0;
  std::uint64_t next_progress_ = 0;
};

}  // namespace

Relation imdb_category_relation(std::string_view category) {
  // Called for every principals row: a switch on the length, then one
  // comparison, rather than hashing the category.
  switch (category.size()) {
    case 4:
      if (category == "self") return Relation::cast;
      break;
    case 5:
      if (category == "actor") return Relation::cast;
      break;
    case 6:
      if (category == "writer") return Relation::written_by;
      if (category == "editor") return Relation::edited_by;
      break;
    case 7:
      if (category == "actress") return Relation::cast;
      break;
    case 8:
      if (category == "director") return Relation::directed_by;
      if (category == "producer") return Relation::produced_by;
      if (category == "composer") return Relation::music_by;
      break;
    case 15:
      if (category == "cinematographer") return Relation::shot_by;
      break;
  }
  return Relation::crew;
}

ImdbReport read_imdb(GraphBuilder& builder, const ImdbFiles& files, const ImdbOptions& options) {
  return Reader(builder, options).run(files);
}

}  // namespace reelgraph
