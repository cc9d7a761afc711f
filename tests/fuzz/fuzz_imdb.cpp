// The IMDb TSV reader on arbitrary files. The first byte picks which of the
// four files the rest of the input is (the others are a small fixed
// title.basics, so principals, crew and names rows have films to refer to)
// and whether the reader stops at the first bad row.
//
// Allowed outcomes: ImdbError (stop_on_error), or a report in which every row
// read is used, skipped or rejected exactly once; then the built graph must
// answer see_also correctly.
#include <cstdio>

#include "fuzz_common.hpp"
#include "reelgraph/imdb.hpp"

namespace {

using namespace reelgraph;

constexpr char kBasics[] =
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n"
    "tt0000001\tmovie\tOne\tOne\t0\t1999\t\\N\t90\tDrama,Comedy\n"
    "tt0000002\tmovie\tTwo\tTwo\t0\t2001\t\\N\t90\tDrama\n"
    "tt0000003\tshort\tThree\tThree\t0\t\\N\t\\N\t9\t\\N\n"
    "tt0000004\ttvSeries\tFour\tFour\t0\t2001\t\\N\t90\tDrama\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  const std::uint8_t selector = in.byte();
  const std::string_view body = in.rest();
  static const std::string fuzzed = fuzz::temp_path("imdb-fuzzed");
  static const std::string basics = fuzz::temp_path("imdb-basics");
  fuzz::write_file(fuzzed, reinterpret_cast<const std::uint8_t*>(body.data()), body.size());

  ImdbFiles files;
  switch (selector % 4) {
    case 0: files.title_basics = fuzzed; break;
    case 1: files.title_principals = fuzzed; break;
    case 2: files.title_crew = fuzzed; break;
    default: files.name_basics = fuzzed; break;
  }
  if (files.title_basics.empty()) {
    fuzz::write_file(basics, reinterpret_cast<const std::uint8_t*>(kBasics), sizeof kBasics - 1);
    files.title_basics = basics;
  }
  ImdbOptions options;
  options.stop_on_error = selector & 4;
  options.include_adult = selector & 8;
  options.max_kept_errors = 8;

  GraphBuilder builder;
  try {
    const ImdbReport report = read_imdb(builder, files, options);
    for (const auto& f : report.files) {
      REELGRAPH_FUZZ_CHECK(f.rows_read == f.rows_used + f.rows_skipped + f.rows_rejected);
      REELGRAPH_FUZZ_CHECK(f.errors.size() == std::min<std::uint64_t>(f.rows_rejected, options.max_kept_errors));
      for (const auto& e : f.errors) REELGRAPH_FUZZ_CHECK(e.line >= 2 && e.line <= f.rows_read + 1);
    }
    const FilmGraph g = builder.freeze();
    for (VertexId v = 0; v < std::min<std::size_t>(g.film_count(), 16); ++v) {
      REELGRAPH_FUZZ_CHECK(g.film_by_id(fuzz::id_of_film_key(g.key(v))) == v);
      fuzz::check_see_also(g, v, SeeAlsoOptions{});
    }
  } catch (const ImdbError&) {
    // A bad header in either mode, or a bad row with stop_on_error.
  }
  std::remove(fuzzed.c_str());
  std::remove(basics.c_str());
  return 0;
}
