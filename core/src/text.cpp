#include "reelgraph/text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <vector>

namespace reelgraph {
namespace {

std::string utf8_map(std::string_view text, int options) {
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &out,
                   static_cast<utf8proc_option_t>(options));
  if (n < 0) {
    throw std::invalid_argument(std::string("text is not valid UTF-8 (") +
                                utf8proc_errmsg(n) + ")");
  }
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
}

bool is_space(utf8proc_int32_t cp) {
  if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85) return true;
  const auto cat = utf8proc_category(cp);
  return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
         cat == UTF8PROC_CATEGORY_ZP;
}

// Every run of white space becomes one ASCII space; none at either end.
std::string fold_spaces(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  bool pending_space = false;
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(p, left, &cp);
    if (len <= 0) throw std::invalid_argument("text is not valid UTF-8");
    if (is_space(cp)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(len));
    }
    p += len;
    left -= len;
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || (s.front() >= '\t' && s.front() <= '\r')))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || (s.back() >= '\t' && s.back() <= '\r')))
    s.remove_suffix(1);
  return s;
}

[[noreturn]] void malformed(std::string_view text, std::string_view why) {
  throw std::invalid_argument("malformed id '" + std::string(text) + "': " + std::string(why));
}

// `prefix` and the digits with leading zeros dropped, padded to `width`
// digits (IMDb pads to seven). Built in place: `prefix + std::string` trips a
// false -Wrestrict in GCC 12.
std::string prefixed_number(std::string_view prefix, std::string_view digits, std::size_t width,
                            std::string_view whole) {
  if (digits.empty()) malformed(whole, "no digits");
  for (char c : digits)
    if (!is_digit(c)) malformed(whole, "expected digits only after the prefix");
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits == "0") malformed(whole, "number 0 is not an id");
  // Sized once and filled in place: this runs for every id of a large import.
  const std::size_t pad = digits.size() < width ? width - digits.size() : 0;
  std::string out(prefix.size() + pad + digits.size(), '0');
  prefix.copy(out.data(), prefix.size());
  digits.copy(out.data() + prefix.size() + pad, digits.size());
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// An IMDb id as a whole token. "tt" and "nm" followed by a digit are IMDb's
// own and nobody's slug, so "tt12ab" is a typo and an error; "co" is a common
// start of words ("co2-the-film"), so only "co" and digits alone is an id.
std::optional<ExternalId> parse_imdb_token(std::string_view token, std::string_view whole) {
  if (token.size() < 3 || !is_digit(token[2])) return std::nullopt;
  const std::string prefix{lower(token[0]), lower(token[1])};
  if (prefix == "tt" || prefix == "nm") {
    const auto scheme = prefix == "tt" ? IdScheme::imdb_title : IdScheme::imdb_name;
    return ExternalId{scheme, prefixed_number(prefix, token.substr(2), 7, whole)};
  }
  if (prefix == "co" && all_digits(token.substr(2)))
    return ExternalId{IdScheme::imdb_company, prefixed_number(prefix, token.substr(2), 7, whole)};
  return std::nullopt;
}

// A Wikidata id: "Q" and digits. Written bare it must be exactly that, capital
// Q included ("q42-remake" is a local id); after a Wikidata URL or "wd:" the
// case of the Q does not matter and anything else is an error.
std::optional<ExternalId> parse_wikidata_token(std::string_view token, std::string_view whole, bool bare) {
  if (token.size() < 2 || !is_digit(token[1])) return std::nullopt;
  if (bare && (token[0] != 'Q' || !all_digits(token.substr(1)))) return std::nullopt;
  if (token[0] != 'Q' && token[0] != 'q') return std::nullopt;
  return ExternalId{IdScheme::wikidata, prefixed_number("Q", token.substr(1), 1, whole)};
}

// The URL path segment that starts at `from`, up to '/', '?' or '#'.
std::string_view segment_at(std::string_view text, std::size_t from) {
  const auto rest = text.substr(from);
  return rest.substr(0, rest.find_first_of("/?#"));
}

}  // namespace

namespace {

// Printable ASCII (0x20-0x7e) is already in NFC, holds no control or invisible
// characters and no look-alikes to lump, and folds case by ASCII rules. Most
// names and ids are such text, and skip utf8proc's decomposition entirely.
bool printable_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

}  // namespace

bool has_visible_text(std::string_view text) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    if (*p > 0x20 && *p < 0x7f) return true;  // printable ASCII, not a space
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(p, left, &cp);
    if (len <= 0) return true;
    if (cp >= 0x80) {
      const auto* prop = utf8proc_get_property(cp);
      switch (prop->category) {
        case UTF8PROC_CATEGORY_CC:
        case UTF8PROC_CATEGORY_CF:
        case UTF8PROC_CATEGORY_CS:
        case UTF8PROC_CATEGORY_CN:
        case UTF8PROC_CATEGORY_ZS:
        case UTF8PROC_CATEGORY_ZL:
        case UTF8PROC_CATEGORY_ZP:
        case UTF8PROC_CATEGORY_MN:
        case UTF8PROC_CATEGORY_ME:
          break;
        default:
          if (!prop->ignorable) return true;
      }
    }
    p += len;
    left -= len;
  }
  return false;
}

namespace {

std::string fold_ascii(std::string_view s, bool fold_case) {
  // Most text is already folded (no space at either end or twice in a row,
  // no capital to lower): then it is copied whole rather than a byte at a time.
  bool folded = s.empty() || (s.front() != ' ' && s.back() != ' ');
  for (std::size_t i = 1; folded && i < s.size(); ++i)
    folded = !(s[i] == ' ' && s[i - 1] == ' ') && !(fold_case && s[i] >= 'A' && s[i] <= 'Z');
  if (folded && fold_case && !s.empty() && s[0] >= 'A' && s[0] <= 'Z') folded = false;
  if (folded) return std::string(s);
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (c == ' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(fold_case ? lower(c) : c);
  }
  return out;
}

}  // namespace

namespace detail {

std::string clean_text_unicode(std::string_view text) {
  // STRIPCC turns line breaks and tabs into spaces and drops other control
  // characters, which have no business in a name.
  return fold_spaces(utf8_map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPCC));
}

std::string name_key_unicode(std::string_view text) {
  // LUMP turns the space-like and dash-like look-alikes into ASCII, IGNORE
  // drops invisible characters (zero-width space, soft hyphen) that would
  // otherwise split one name into two keys.
  return fold_spaces(utf8_map(text, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPCC | UTF8PROC_CASEFOLD |
                                        UTF8PROC_LUMP | UTF8PROC_IGNORE));
}

}  // namespace detail

std::string clean_text(std::string_view text) {
  return printable_ascii(text) ? fold_ascii(text, false) : detail::clean_text_unicode(text);
}

std::string name_key(std::string_view text) {
  return printable_ascii(text) ? fold_ascii(text, true) : detail::name_key_unicode(text);
}

namespace {

// Letters that compatibility decomposition leaves whole, as a reader of Latin
// script would type them.
std::string_view plain_letter(utf8proc_int32_t cp) {
  switch (cp) {
    case 0xF8: return "o";    // ø
    case 0xE6: return "ae";   // æ
    case 0x153: return "oe";  // œ
    case 0x142: return "l";   // ł
    case 0x111: return "d";   // đ
    case 0xF0: return "d";    // ð
    case 0xFE: return "th";   // þ
    case 0x131: return "i";   // dotless ı
    default: return {};
  }
}

bool is_word_char(utf8proc_int32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool is_article(std::string_view w) {
  static constexpr std::string_view articles[] = {"the", "a", "an", "le", "la", "les", "l", "el",
                                                  "il", "los", "las", "der", "die", "das"};
  return std::find(std::begin(articles), std::end(articles), w) != std::end(articles);
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// "Amelie (2001)" and "Amelie [2001]" are Amelie.
std::string_view drop_bracketed_year(std::string_view s) {
  s = trim_spaces(s);
  if (s.size() < 6 || (s.back() != ')' && s.back() != ']')) return s;
  const char open = s.back() == ')' ? '(' : '[';
  const auto at = s.rfind(open);
  if (at == std::string_view::npos || at == 0) return s;
  const auto inside = trim_spaces(s.substr(at + 1, s.size() - at - 2));
  if (inside.size() != 4 || !all_digits(inside)) return s;
  return trim_spaces(s.substr(0, at));
}

// "Godfather, The" and "Avventura, L'" are Godfather and Avventura.
std::string_view drop_moved_article(std::string_view s) {
  const auto comma = s.rfind(',');
  if (comma == std::string_view::npos || comma == 0) return s;
  std::string_view tail = trim_spaces(s.substr(comma + 1));
  if (!tail.empty() && tail.back() == '\'') tail.remove_suffix(1);
  return is_article(tail) ? trim_spaces(s.substr(0, comma)) : s;
}

// "tarkovsky", "tarkovskiy", "tarkovskij", "tarkovskii": one transliteration.
void fold_romanisation(std::string& w) {
  for (std::string_view end : {"skiy", "skij", "skii", "sky"}) {
    if (w.size() > end.size() + 1 && std::string_view(w).substr(w.size() - end.size()) == end) {
      w.resize(w.size() - end.size());
      w += "ski";
      return;
    }
  }
}

}  // namespace

std::string search_key(std::string_view text, bool any_order) {
  std::string lowered;
  if (printable_ascii(text)) {
    lowered.assign(text);
    for (char& c : lowered) c = lower(c);
  } else {
    lowered = utf8_map(text, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                 UTF8PROC_STRIPMARK | UTF8PROC_STRIPCC | UTF8PROC_LUMP | UTF8PROC_IGNORE);
  }
  std::string_view s = drop_moved_article(drop_bracketed_year(lowered));

  std::vector<std::string> words(1);
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len = utf8proc_iterate(p, left, &cp);
    if (len <= 0) throw std::invalid_argument("text is not valid UTF-8");
    std::string& word = words.back();
    if (const auto plain = plain_letter(cp); !plain.empty()) {
      word += plain;
    } else if (is_word_char(cp)) {
      word.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(len));
    } else if (cp == '\'' || cp == 0x2019) {
      // An apostrophe joins ("schindler's"), except the elision of a one-letter
      // word ("l'avventura", "d'amelie"), which is a word of its own.
      if (word.size() == 1) words.emplace_back();
    } else if (!word.empty()) {
      words.emplace_back();
    }
    p += len;
    left -= len;
  }
  if (words.back().empty()) words.pop_back();
  if (words.empty()) return name_key(text);
  if (words.size() > 1 && is_article(words.front())) words.erase(words.begin());
  for (auto& w : words) fold_romanisation(w);
  if (any_order) std::sort(words.begin(), words.end());
  std::string out = std::move(words.front());
  for (std::size_t i = 1; i < words.size(); ++i) out.append(" ").append(words[i]);
  return out;
}

std::optional<ExternalId> parse_external_id(std::string_view text) {
  // The common case first: a plain tt/nm id as IMDb writes it (millions of
  // them in an IMDb import), with no copy, no lowering and no URL search.
  if (text.size() >= 3 && text.size() <= 12 && ((text[0] == 't' && text[1] == 't') || (text[0] == 'n' && text[1] == 'm')) &&
      all_digits(text.substr(2))) {
    const IdScheme scheme = text[0] == 't' ? IdScheme::imdb_title : IdScheme::imdb_name;
    const std::string_view digits = text.substr(2);
    // IMDb's own files write every id canonically already (seven digits, or
    // more without a leading zero): kept as it is, with nothing to rebuild.
    if ((digits.size() == 7 && digits != "0000000") || (digits.size() > 7 && digits[0] != '0'))
      return ExternalId{scheme, std::string(text)};
    return ExternalId{scheme, prefixed_number(text.substr(0, 2), digits, 7, text)};
  }
  const std::string_view whole = trim_ascii(text);
  std::string lowered(whole);
  for (char& c : lowered) c = lower(c);

  if (lowered.find("imdb.com/") != std::string::npos) {
    for (std::string_view marker : {"/title/", "/name/", "/company/"}) {
      const auto pos = lowered.find(marker);
      if (pos == std::string::npos) continue;
      const auto token = segment_at(whole, pos + marker.size());
      if (auto id = parse_imdb_token(token, whole)) return id;
      malformed(whole, "IMDb URL without a tt/nm/co id");
    }
    malformed(whole, "IMDb URL without /title/, /name/ or /company/");
  }
  if (lowered.find("wikidata.org/") != std::string::npos) {
    for (std::string_view marker : {"/entity/", "/wiki/"}) {
      const auto pos = lowered.find(marker);
      if (pos == std::string::npos) continue;
      const auto token = segment_at(whole, pos + marker.size());
      if (auto id = parse_wikidata_token(token, whole, false)) return id;
      malformed(whole, "Wikidata URL without a Q id");
    }
    malformed(whole, "Wikidata URL without /entity/ or /wiki/");
  }
  if (lowered.rfind("wd:", 0) == 0) {
    if (auto id = parse_wikidata_token(whole.substr(3), whole, false)) return id;
    malformed(whole, "expected wd:Q<digits>");
  }
  if (lowered.rfind("tmdb:", 0) == 0) {
    return ExternalId{IdScheme::tmdb, prefixed_number("tmdb:", whole.substr(5), 1, whole)};
  }
  if (auto id = parse_imdb_token(whole, whole)) return id;
  if (auto id = parse_wikidata_token(whole, whole, true)) return id;
  return std::nullopt;
}

std::string imdb_title_id(std::string_view text) {
  const std::string_view whole = trim_ascii(text);
  if (!whole.empty() && is_digit(whole.front())) return prefixed_number("tt", whole, 7, whole);
  const auto id = parse_external_id(whole);
  if (!id || id->scheme != IdScheme::imdb_title)
    malformed(whole, "not an IMDb title id (tt followed by digits)");
  return id->canonical;
}

std::string_view to_string(IdScheme scheme) {
  switch (scheme) {
    case IdScheme::imdb_title: return "imdb_title";
    case IdScheme::imdb_name: return "imdb_name";
    case IdScheme::imdb_company: return "imdb_company";
    case IdScheme::wikidata: return "wikidata";
    case IdScheme::tmdb: return "tmdb";
    case IdScheme::none: break;
  }
  return "none";
}

// "'cell' reason", built by appending (GCC 12 misreports chains of operator+
// on string_views as overlapping copies).
// Control characters in the cell are written as \xNN: a NUL would end the
// message wherever it is read as a C string (an exception's what()), and a
// carriage return or escape would garble a terminal. A cell of more than
// max_bytes is cut, with its length said.
std::string quoted_cell(std::string_view cell, std::string_view reason, std::size_t max_bytes) {
  std::size_t shown = std::min<std::size_t>(cell.size(), max_bytes);
  while (shown < cell.size() && shown > 0 && (static_cast<unsigned char>(cell[shown]) & 0xC0) == 0x80)
    --shown;  // not inside a character
  std::string out;
  out.reserve(shown + reason.size() + 3);
  out += '\'';
  // Control characters and bytes that are not UTF-8 are shown as \\xNN: the
  // message must be text a caller can print (Python decodes it strictly).
  static constexpr char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < shown;) {
    const auto c = static_cast<unsigned char>(cell[i]);
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t len =
        c < 0x80 ? 1 : utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(cell.data() + i),
                                        static_cast<utf8proc_ssize_t>(shown - i), &cp);
    if (len <= 0 || c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
    } else {
      out.append(cell.data() + i, static_cast<std::size_t>(len));
      i += static_cast<std::size_t>(len);
    }
  }
  if (cell.size() > shown) out += "... (" + std::to_string(cell.size()) + " bytes)";
  out += "' ";
  out.append(reason);
  return out;
}

}  // namespace reelgraph
