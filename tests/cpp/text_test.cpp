#include <gtest/gtest.h>

#include <stdexcept>

#include "reelgraph/text.hpp"

namespace reelgraph {
namespace {

TEST(CleanText, FoldsEverySpaceAndTrims) {
  // No-break space at the end (as IMDB 5000 titles have), tab and ideographic space inside.
  EXPECT_EQ(clean_text("  Avatar\u00a0"), "Avatar");
  EXPECT_EQ(clean_text("Kim\tGwang\u3000Hun"), "Kim Gwang Hun");
  EXPECT_EQ(clean_text("A  \n B"), "A B");
}

TEST(CleanText, ComposesToNfc) {
  const std::string nfd = "Rene\xcc\x81";  // e + combining acute
  const std::string nfc = "Ren\xc3\xa9";
  EXPECT_EQ(clean_text(nfd), nfc);
}

TEST(SearchKey, FoldsWhatAUserMayTypeDifferently) {
  EXPECT_EQ(search_key("Am\xc3\xa9lie (2001)"), search_key("amelie"));
  EXPECT_EQ(search_key("Godfather, The"), search_key("the  godfather"));
  EXPECT_EQ(search_key("The Godfather"), "godfather");
  EXPECT_EQ(search_key("L'Avventura"), search_key("Avventura, L'"));
  EXPECT_EQ(search_key("Andrei Tarkovsky"), search_key("ANDREI TARKOVSKI"));
  EXPECT_EQ(search_key("S\xc3\xb8ren"), "soren");
}

TEST(SearchKey, SortsWordsOfPeopleOnly) {
  EXPECT_EQ(search_key("Bong Joon Ho", true), search_key("Joon-ho Bong", true));
  EXPECT_EQ(search_key("Wong Kar Wai", true), search_key("Kar-Wai Wong", true));
  EXPECT_NE(search_key("Man Bites Dog"), search_key("Dog Bites Man"));
}

TEST(SearchKey, NeverEmptyForANonEmptyName) {
  EXPECT_EQ(search_key("The"), "the");
  EXPECT_FALSE(search_key("...").empty());
  EXPECT_EQ(search_key("Alien (1979)"), "alien");
  EXPECT_EQ(search_key("(1979)"), "1979");
  EXPECT_THROW(search_key("bad \xff byte"), std::invalid_argument);
}

TEST(CleanText, RejectsInvalidUtf8) {
  EXPECT_THROW(clean_text("bad \xff byte"), std::invalid_argument);
}

TEST(NameKey, FoldsCaseSpacingAndNormalForm) {
  EXPECT_EQ(name_key("KIM\u00a0Gwang  Hun "), name_key("kim gwang hun"));
  EXPECT_EQ(name_key("Rene\xcc\x81 Clair"), name_key("REN\xc3\x89 CLAIR"));
  // A Unicode hyphen is the ASCII hyphen; a hyphen is not a space (that is an alias).
  EXPECT_EQ(name_key("Kim Gwang\u2010hun"), name_key("Kim Gwang-hun"));
  EXPECT_NE(name_key("Kim Gwang-hun"), name_key("Kim Gwang hun"));
  // Case folding beyond ASCII.
  EXPECT_EQ(name_key("STRASSE"), name_key("stra\xc3\x9f" "e"));
}

TEST(ExternalId, ImdbTitleSpellingsAgree) {
  for (const char* spelling : {"tt0038297", "TT0038297", "tt38297", " tt0038297 ",
                               "https://www.imdb.com/title/tt0038297/",
                               "http://www.imdb.com/title/tt0038297/?ref_=fn_tt_tt_1"}) {
    const auto id = parse_external_id(spelling);
    ASSERT_TRUE(id.has_value()) << spelling;
    EXPECT_EQ(id->scheme, IdScheme::imdb_title) << spelling;
    EXPECT_EQ(id->canonical, "tt0038297") << spelling;
  }
  EXPECT_EQ(imdb_title_id("38297"), "tt0038297");  // MovieLens spelling
  EXPECT_EQ(imdb_title_id("0038297"), "tt0038297");
  EXPECT_EQ(imdb_title_id("tt10872600"), "tt10872600");  // eight digits stay eight
}

TEST(ExternalId, PeopleCompaniesWikidataTmdb) {
  EXPECT_EQ(parse_external_id("nm122")->canonical, "nm0000122");
  EXPECT_EQ(parse_external_id("https://www.imdb.com/name/nm0000122/")->scheme, IdScheme::imdb_name);
  EXPECT_EQ(parse_external_id("co0012345")->scheme, IdScheme::imdb_company);
  EXPECT_EQ(parse_external_id("Q42")->canonical, "Q42");
  EXPECT_EQ(parse_external_id("wd:q42")->canonical, "Q42");
  EXPECT_EQ(parse_external_id("http://www.wikidata.org/entity/Q42")->canonical, "Q42");
  EXPECT_EQ(parse_external_id("wd:Q42")->canonical, "Q42");
  EXPECT_EQ(parse_external_id("tmdb:00603")->canonical, "tmdb:603");
}

TEST(ExternalId, PlainImdbIdsOfEveryWidthComeOutCanonical) {
  // IMDb writes its ids canonically, and those pass through as they are; any
  // other width is padded or trimmed to the same key.
  const std::pair<const char*, const char*> cases[] = {
      {"tt0038297", "tt0038297"},   {"tt38297", "tt0038297"},     {"tt00038297", "tt0038297"},
      {"nm0000001", "nm0000001"},   {"nm1", "nm0000001"},         {"nm00000001", "nm0000001"},
      {"tt12345678", "tt12345678"}, {"tt012345678", "tt12345678"}, {"nm1000000", "nm1000000"},
      {"nm10000000", "nm10000000"}, {"nm9999999", "nm9999999"}};
  for (const auto& [text, canonical] : cases) {
    const auto id = parse_external_id(text);
    ASSERT_TRUE(id.has_value()) << text;
    EXPECT_EQ(id->canonical, canonical) << text;
    EXPECT_EQ(id->scheme, text[0] == 't' ? IdScheme::imdb_title : IdScheme::imdb_name) << text;
  }
  EXPECT_THROW(parse_external_id("nm00000000"), std::invalid_argument);
}

TEST(ExternalId, PlainWordsAreNotIds) {
  EXPECT_FALSE(parse_external_id("comrade-kim-goes-flying").has_value());
  EXPECT_FALSE(parse_external_id("travel").has_value());
  EXPECT_FALSE(parse_external_id("normal").has_value());
  EXPECT_FALSE(parse_external_id("Quest").has_value());
  EXPECT_FALSE(parse_external_id("co2-the-film").has_value());
  EXPECT_FALSE(parse_external_id("q42").has_value());  // bare Wikidata ids are written Q42
  EXPECT_FALSE(parse_external_id("Q12x").has_value());
}

TEST(ExternalId, MalformedIdsAreErrorsNotKeys) {
  EXPECT_THROW(parse_external_id("tt12ab"), std::invalid_argument);
  EXPECT_THROW(parse_external_id("tt0000000"), std::invalid_argument);
  EXPECT_THROW(parse_external_id("https://www.imdb.com/title/oops/"), std::invalid_argument);
  EXPECT_THROW(parse_external_id("https://www.imdb.com/list/ls123/"), std::invalid_argument);
  EXPECT_THROW(parse_external_id("wd:Q12x"), std::invalid_argument);
  EXPECT_THROW(parse_external_id("nm12-ab"), std::invalid_argument);
  EXPECT_THROW(parse_external_id("tmdb:abc"), std::invalid_argument);
  EXPECT_THROW(imdb_title_id("nm0000122"), std::invalid_argument);
}

}  // namespace
}  // namespace reelgraph

namespace reelgraph {
namespace {

TEST(Text, AsciiFastPathAgreesWithUtf8proc) {
  // Every printable ASCII character alone, between letters and doubled, plus
  // spacing at the ends: the shortcut must give exactly utf8proc's answer.
  std::vector<std::string> samples = {"", " ", "   ", "  Kim  Gwang   Hun ", "The Game of Their Lives",
                                      "A MATTER of life & DEATH", "tt0038297", "Q42", "co2-the-film"};
  for (char c = 0x20; c < 0x7f; ++c) {
    samples.push_back(std::string(1, c));
    samples.push_back(std::string("a") + c + "B");
    samples.push_back(std::string(2, c) + " Z ");
  }
  for (const auto& s : samples) {
    EXPECT_EQ(clean_text(s), detail::clean_text_unicode(s)) << "'" << s << "'";
    EXPECT_EQ(name_key(s), detail::name_key_unicode(s)) << "'" << s << "'";
  }
}

TEST(Text, PlainImdbIdsTakeTheShortcutToTheSameAnswer) {
  for (std::string_view id : {"tt0038297", "tt38297", "nm0000122", "nm122", "tt12345678", "tt0000001"}) {
    const auto fast = parse_external_id(id);
    const auto slow = parse_external_id(" " + std::string(id) + " ");  // trimmed: the general path
    ASSERT_TRUE(fast && slow) << id;
    EXPECT_EQ(fast->canonical, slow->canonical);
    EXPECT_EQ(fast->scheme, slow->scheme);
  }
  EXPECT_THROW(parse_external_id("tt0"), std::invalid_argument);
  EXPECT_THROW(parse_external_id("nm0000000"), std::invalid_argument);
}

}  // namespace
}  // namespace reelgraph
