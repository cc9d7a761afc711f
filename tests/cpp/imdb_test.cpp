// The IMDb reader's accounting: every row read is used, skipped or rejected
// exactly once, a rejection names the right field, and a damaged gzip file
// is an error rather than a shorter file.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "reelgraph/imdb.hpp"

namespace reelgraph {
namespace {

namespace fs = std::filesystem;

const std::string kBasicsHeader =
    "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n";
const std::string kNamesHeader = "nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles\n";

std::string temp_file(const std::string& name, const std::string& contents) {
  const std::string path = (fs::path(::testing::TempDir()) / ("reelgraph-imdb-" + name)).string();
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

void expect_balanced(const ImdbFileReport& r) {
  EXPECT_EQ(r.rows_read, r.rows_used + r.rows_skipped + r.rows_rejected) << r.file;
}

TEST(Imdb, ARowWithABadGenreIsRejectedWholeAndCountedOnce) {
  const std::string basics = temp_file("basics-genre.tsv", kBasicsHeader +
                                                               "tt0000001\tmovie\tOne\tOne\t0\t1999\t\\N\t90\tDrama\n"
                                                               "tt0000002\tmovie\tTwo\tTwo\t0\t1999\t\\N\t90\tDrama,\xff\n"
                                                               "tt0000003\tmovie\tThree\tThree\t0\t1999\t\\N\t90\t \n");
  GraphBuilder b;
  ImdbOptions o;
  o.stop_on_error = false;
  const ImdbReport report = read_imdb(b, ImdbFiles{basics, "", "", ""}, o);
  ASSERT_EQ(report.files.size(), 1u);
  const auto& r = report.files[0];
  expect_balanced(r);
  EXPECT_EQ(r.rows_used, 1u);
  EXPECT_EQ(r.rows_rejected, 2u);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 3u);
  EXPECT_EQ(r.errors[0].field, "genres");
  // The refused rows left no film behind.
  EXPECT_EQ(b.film_count(), 1u);
  fs::remove(basics);
}

TEST(Imdb, AMalformedPersonIdBlamesTheIdColumn) {
  const std::string basics = temp_file("basics-n.tsv", kBasicsHeader);
  const std::string names =
      temp_file("names.tsv", kNamesHeader + "nm12ab\tBroken\t\\N\t\\N\t\\N\t\\N\n" + "nm0000001\t\xc3\t\\N\t\\N\t\\N\t\\N\n");
  GraphBuilder b;
  ImdbOptions o;
  o.stop_on_error = false;
  const ImdbReport report = read_imdb(b, ImdbFiles{basics, "", "", names}, o);
  const auto& r = report.files.at(1);
  expect_balanced(r);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].field, "nconst");
  EXPECT_EQ(r.errors[1].field, "primaryName");
  fs::remove(basics);
  fs::remove(names);
}

TEST(Imdb, ATruncatedGzipFileIsAnErrorNotAShorterFile) {
  const std::string path = (fs::path(::testing::TempDir()) / "reelgraph-imdb-basics.tsv.gz").string();
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  std::string text = kBasicsHeader;
  for (int i = 1; i <= 2000; ++i)
    text += "tt" + std::to_string(i) + "\tmovie\tFilm " + std::to_string(i) + "\tx\t0\t1999\t\\N\t90\tDrama\n";
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  {
    GraphBuilder b;
    EXPECT_EQ(read_imdb(b, ImdbFiles{path, "", "", ""}).files.at(0).rows_used, 2000u);
  }
  fs::resize_file(path, fs::file_size(path) / 2);
  GraphBuilder b;
  try {
    read_imdb(b, ImdbFiles{path, "", "", ""});
    ADD_FAILURE() << "a truncated file was read without complaint";
  } catch (const ImdbError& e) {
    EXPECT_NE(std::string(e.what()).find("ends early or is damaged"), std::string::npos) << e.what();
  }
  fs::remove(path);
}

TEST(Imdb, AFifoOrDeviceIsRefusedWithoutWaiting) {
  // gzopen on a FIFO waited for a writer for ever; /dev/zero never ends.
  const std::string fifo = (fs::path(::testing::TempDir()) / "reelgraph-imdb-fifo.tsv").string();
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& path : {fifo, std::string("/dev/zero")}) {
    GraphBuilder b;
    try {
      read_imdb(b, ImdbFiles{path, "", "", ""});
      ADD_FAILURE() << path << " was read";
    } catch (const ImdbError& e) {
      EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
  }
  fs::remove(fifo);
}

TEST(Imdb, AControlCharacterInAQuotedCellDoesNotCutTheMessage) {
  const std::string basics =
      temp_file("basics-nul.tsv", kBasicsHeader + "tt" + std::string(1, '\0') + "\x1b" +
                                      "1\tmovie\tA\tA\t0\t2001\t\\N\t90\tDrama\n");
  GraphBuilder b;
  try {
    read_imdb(b, ImdbFiles{basics, "", "", ""});
    ADD_FAILURE() << "read";
  } catch (const ImdbError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("is not an IMDb title id"), std::string::npos) << what;
    EXPECT_NE(what.find("\\x00\\x1b"), std::string::npos) << what;
  }
  fs::remove(basics);
}

TEST(Imdb, BytesThatAreNotUtf8AreShownEscapedInTheMessage) {
  // A message is text a caller prints (Python decodes it strictly): a cell's
  // stray bytes are shown as \xNN, its real characters as they are.
  const std::string basics = temp_file("basics-latin1.tsv", kBasicsHeader + "tt\xf4\x28\xc3\xa9" +
                                                                "\tmovie\tA\tA\t0\t2001\t\\N\t90\tDrama\n");
  GraphBuilder b;
  try {
    read_imdb(b, ImdbFiles{basics, "", "", ""});
    ADD_FAILURE() << "read";
  } catch (const ImdbError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("'tt\\xf4(\xc3\xa9'"), std::string::npos) << what;
  }
  fs::remove(basics);
}

TEST(Imdb, EveryPrincipalsCategoryMapsToItsRelation) {
  EXPECT_EQ(imdb_category_relation("director"), Relation::directed_by);
  EXPECT_EQ(imdb_category_relation("producer"), Relation::produced_by);
  EXPECT_EQ(imdb_category_relation("writer"), Relation::written_by);
  EXPECT_EQ(imdb_category_relation("actor"), Relation::cast);
  EXPECT_EQ(imdb_category_relation("actress"), Relation::cast);
  EXPECT_EQ(imdb_category_relation("self"), Relation::cast);
  EXPECT_EQ(imdb_category_relation("editor"), Relation::edited_by);
  EXPECT_EQ(imdb_category_relation("cinematographer"), Relation::shot_by);
  EXPECT_EQ(imdb_category_relation("composer"), Relation::music_by);
  // Anything else, near misses included, is crew: IMDb spells its categories one way.
  for (const char* other : {"archive_footage", "production_designer", "casting_director", "Director", "actors",
                            "compose", "selff", "", "cinematographe"})
    EXPECT_EQ(imdb_category_relation(other), Relation::crew) << other;
}

}  // namespace
}  // namespace reelgraph
