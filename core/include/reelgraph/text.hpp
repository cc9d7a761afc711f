// Names and external ids, made comparable.
//
// Two spellings of one name must give one key, and the key must never join two
// things that differ: so keys fold only what never distinguishes names
// (Unicode normal form, spacing, letter case), and anything else ("Kim Gwang
// Hun" vs "Kim Gwang-hun") is an alias the data states.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace reelgraph {

// For display: Unicode NFC, every kind of space (no-break, thin, ideographic,
// tabs, newlines) folded to one ASCII space, other control characters
// dropped, trimmed. Case is kept.
// Throws std::invalid_argument on bytes that are not UTF-8.
std::string clean_text(std::string_view text);

// Whether the text shows anything: at least one character that is not a
// space, a control or format character (a zero-width space, a BOM), a
// combining mark alone or another default-ignorable (a Hangul filler). A
// title or name of only such characters looks blank and is refused like one.
// Expects UTF-8 (clean_text's output); bytes that are not count as shown.
bool has_visible_text(std::string_view text);

// For identity: clean_text, then Unicode case folding and compatibility
// lumping of look-alike punctuation (U+2010 hyphen to '-', curly to straight
// quotes), so "  KIM\u00a0Gwang Hun" and "kim gwang hun" give one key.
std::string name_key(std::string_view text);

// For finding, never for identity: what a user may type for a name or title
// folds to the same key as the stored name. Beyond name_key it drops accents
// (compatibility decomposition, marks stripped, a few letters that do not
// decompose: ø, æ, œ, ł, đ, ß), turns every punctuation run into a word break
// ("Joon-ho" is "joon ho") except apostrophes, which join ("Schindler's"),
// drops a trailing year in brackets ("Amelie (2001)"), a trailing moved
// article ("Godfather, The") and a leading article ("the godfather"), and
// folds one romanisation variant ("-sky"/"-skiy"/"-skij" to "-ski").
// With `any_order` the words are sorted, so "Bong Joon Ho" and "Joon-ho Bong"
// give one key: used for people, whose names come in either order.
// A text made of an article alone ("The", "A") keeps it: the key is never
// empty for a non-empty name.
std::string search_key(std::string_view text, bool any_order = false);

// Which external id scheme a string is written in.
enum class IdScheme { none, imdb_title, imdb_name, imdb_company, wikidata, tmdb };

struct ExternalId {
  IdScheme scheme = IdScheme::none;
  std::string canonical;  // "tt0038297", "nm0000122", "co0012345", "Q42", "tmdb:603"
};

// Recognise an external id in any of its usual spellings: "tt0038297",
// "TT38297", "https://www.imdb.com/title/tt0038297/", "nm122", "Q42",
// "http://www.wikidata.org/entity/Q42", "wd:Q42", "tmdb:603".
// Returns nullopt when the text is not written as an external id at all
// ("comrade-kim", "co2-the-film", "q42-remake"), and throws
// std::invalid_argument when it is unmistakably meant as one but malformed
// ("tt12ab", "nm0000000", "imdb.com/title/xyz", "wd:Qx"), so a typo is never
// taken for a local key. Bare Wikidata ids take a capital Q.
std::optional<ExternalId> parse_external_id(std::string_view text);

// An IMDb title id given as digits alone (MovieLens writes "38297" for
// tt0038297) or in any spelling parse_external_id accepts.
std::string imdb_title_id(std::string_view text);

std::string_view to_string(IdScheme scheme);

// "'cell' reason" for an error message: control characters and bytes that
// are not UTF-8 written as \xNN (the message stays printable text), a cell of
// more than max_bytes cut at a character boundary with its length said.
std::string quoted_cell(std::string_view cell, std::string_view reason, std::size_t max_bytes = 200);

namespace detail {
// clean_text and name_key through utf8proc alone, without the fast path for
// printable ASCII; the tests check that both paths agree.
std::string clean_text_unicode(std::string_view text);
std::string name_key_unicode(std::string_view text);
}  // namespace detail

}  // namespace reelgraph
