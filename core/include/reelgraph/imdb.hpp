// IMDb's non-commercial datasets (title.basics, title.principals, title.crew,
// name.basics), read straight into a GraphBuilder.
//
// The files are streamed (plain or gzipped, through zlib) a buffer at a time:
// memory holds the graph being built, never the text. Titles of the chosen
// types become films; principals and crew rows become links to people by nm
// id; name.basics then gives those people their names. Rows about titles that
// are not chosen films, and people who are in no chosen film, are counted as
// skipped, not rejected.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "reelgraph/graph.hpp"

namespace reelgraph {

struct ImdbFiles {
  std::string title_basics;      // required
  std::string title_principals;  // optional ("" to leave out)
  std::string title_crew;        // optional
  std::string name_basics;       // optional: without it people are shown by their nm id
};

struct ImdbOptions {
  // IMDb titleType values that count as films.
  std::vector<std::string> title_types = {"movie", "tvMovie"};
  bool include_adult = false;
  // true: stop at the first bad row (ImdbError); false: count it, keep its
  // description, and go on.
  bool stop_on_error = true;
  // Descriptions kept per file; every rejected row is counted regardless.
  std::size_t max_kept_errors = 1000;
  // Called every few megabytes with the bytes read so far over all files;
  // returning false stops the read with ImdbCancelled.
  std::function<bool(std::uint64_t bytes_read)> progress;
};

struct ImdbRowError {
  std::uint64_t line = 0;  // physical line of the file, the header being line 1
  std::string field;       // IMDb's column name; empty when the row itself is malformed
  std::string reason;
};

struct ImdbFileReport {
  std::string file;
  std::uint64_t bytes = 0;  // uncompressed bytes read
  std::uint64_t rows_read = 0;
  std::uint64_t rows_used = 0;
  std::uint64_t rows_skipped = 0;  // about a title that is not a chosen film, or a person in none
  std::uint64_t rows_rejected = 0;
  std::vector<ImdbRowError> errors;  // the first max_kept_errors rejected rows
};

struct ImdbReport {
  std::vector<ImdbFileReport> files;
  std::uint64_t links_added = 0;  // add_link calls (the builder merges repeats at freeze)
};

// A bad row or header, as "file:line: field 'x': reason".
class ImdbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ImdbCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The relation an IMDb principals category stands for (director ->
// directed_by, actress -> cast, cinematographer -> shot_by, ...); crew for
// the categories with no relation of their own.
Relation imdb_category_relation(std::string_view category);

ImdbReport read_imdb(GraphBuilder& builder, const ImdbFiles& files, const ImdbOptions& options = {});

}  // namespace reelgraph
