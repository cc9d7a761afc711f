#include "reelgraph/columns.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <charconv>
#include <stdexcept>

#include "reelgraph/text.hpp"

namespace reelgraph {
namespace {

bool ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

// "'cell' reason", with a long cell cut short so a message stays a line.
std::string quoted(std::string_view cell, std::string_view reason) { return quoted_cell(cell, reason, 80); }

// A whole number as a year or runtime is written: ASCII digits, then
// optionally a point and zeros only. False for anything else.
bool whole_number(std::string_view s, std::int64_t& value) {
  const auto point = s.find('.');
  std::string_view digits = s.substr(0, point);
  if (point != std::string_view::npos) {
    const std::string_view fraction = s.substr(point + 1);
    if (!std::all_of(fraction.begin(), fraction.end(), [](char c) { return c == '0'; })) return false;
  }
  if (digits.empty() || digits.size() > 15) return false;
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return true;
}

// The columns of one table by role; absent ones read as empty cells.
template <std::size_t N>
struct Columns {
  std::array<TextColumn, N> at{};
  Columns(const std::vector<NamedColumn>& given, const std::array<std::string_view, N>& names,
          std::size_t rows) {
    for (const auto& c : given) {
      const auto it = std::find(names.begin(), names.end(), c.name);
      if (it == names.end()) continue;
      if (c.column.present() && c.column.length != rows)
        throw std::invalid_argument("column '" + c.name + "' has " + std::to_string(c.column.length) +
                                    " rows, not " + std::to_string(rows));
      at[static_cast<std::size_t>(it - names.begin())] = c.column;
    }
  }
};

// Rows of one table: errors are kept or end the table, as the options say.
class Rows {
 public:
  Rows(const ColumnOptions& options, TableOutcome& out) : options_(options), out_(out) {}
  bool skipped(std::size_t row) const { return options_.skip && options_.skip[row]; }
  // Records the error; true when the table must stop here.
  bool reject(std::size_t row, std::string_view field, std::string reason) {
    out_.errors.push_back(RowError{row, std::string(field), std::move(reason)});
    return options_.stop_on_error;
  }

 private:
  const ColumnOptions& options_;
  TableOutcome& out_;
};

// The text of a cell for the builder, or the reason it cannot be: bytes that
// are not UTF-8, or a name too long to be one.
std::optional<std::string> bad_text(std::string_view cell, bool is_name) {
  if (!is_utf8(cell)) return std::string("not valid UTF-8");
  if (is_name && cell.size() > kMaxNameBytes)
    return "a cell of " + std::to_string(cell.size()) + " bytes, longer than any name (at most " +
           std::to_string(kMaxNameBytes) + ")";
  return std::nullopt;
}

// Required text: present, UTF-8, of a sane length and with something visible
// in it (a title of zero-width spaces alone is as empty as a blank one).
std::optional<std::string> bad_required(std::string_view cell) {
  if (cell.empty()) return std::string("empty");
  if (auto bad = bad_text(cell, true)) return bad;
  if (name_key(cell).empty()) return std::string("empty (it holds only spaces, invisible or control characters)");
  return std::nullopt;
}

std::string one_of(std::string_view what, const std::vector<std::string>& names) {
  std::string out = std::string(what) + " (one of: ";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + ")";
}

}  // namespace

bool is_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    // Eight ASCII bytes at a time: most cells are nothing else.
    if (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) extra = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) extra = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) extra = 3, cp = c & 0x07;
    else return false;
    if (end - p <= extra) return false;
    for (int k = 1; k <= extra; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[k] & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
      return false;
    p += extra + 1;
  }
  return true;
}

std::optional<std::string> parse_year(std::string_view text, int& year) {
  year = 0;
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  std::int64_t value = 0;
  if (!whole_number(s, value)) return quoted(s, "is not a year");
  if (value < kMinYear || value > kMaxYear)
    return "year " + std::to_string(value) + " is outside " + std::to_string(kMinYear) + "-" + std::to_string(kMaxYear);
  year = static_cast<int>(value);
  return std::nullopt;
}

std::optional<std::string> parse_positive(std::string_view text, std::int64_t& value) {
  value = 0;
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  if (!whole_number(s, value) || value <= 0) {
    value = 0;
    return quoted(s, "is not a positive whole number");
  }
  return std::nullopt;
}

TableOutcome add_alias_rows(GraphBuilder& builder, const std::vector<NamedColumn>& columns, std::size_t rows,
                            const ColumnOptions& options) {
  enum { kKind, kAlias, kName };
  const Columns<3> c(columns, {"kind", "alias", "name"}, rows);
  std::vector<std::string> kinds;
  for (std::size_t k = 0; k < kNodeKindCount; ++k) {
    const auto kind = static_cast<NodeKind>(k);
    if (kind != NodeKind::film && kind != NodeKind::edition && kind != NodeKind::section)
      kinds.emplace_back(to_string(kind));
  }
  std::sort(kinds.begin(), kinds.end());
  TableOutcome out;
  Rows r(options, out);
  for (std::size_t i = 0; i < rows; ++i) {
    if (r.skipped(i)) continue;
    const std::string_view kind_text = trim(c.at[kKind].raw(i));
    const std::string_view alias = trim(c.at[kAlias].raw(i));
    const std::string_view name = trim(c.at[kName].raw(i));
    if (auto bad = kind_text.empty() ? std::optional<std::string>("empty") : bad_text(kind_text, true)) {
      if (r.reject(i, "kind", *bad)) break;
      continue;
    }
    if (auto bad = bad_required(alias)) {
      if (r.reject(i, "alias", *bad)) break;
      continue;
    }
    if (auto bad = bad_required(name)) {
      if (r.reject(i, "name", *bad)) break;
      continue;
    }
    const auto kind = parse_node_kind(kind_text);
    if (!kind || std::find(kinds.begin(), kinds.end(), kind_text) == kinds.end()) {
      if (r.reject(i, "kind", one_of(quoted(kind_text, "is not a kind that takes aliases"), kinds))) break;
      continue;
    }
    try {
      builder.add_alias(*kind, alias, name);
    } catch (const std::invalid_argument& e) {
      if (r.reject(i, "alias", e.what())) break;
      continue;
    }
    ++out.rows_used;
  }
  return out;
}

TableOutcome add_film_rows(GraphBuilder& builder, const std::vector<NamedColumn>& columns, std::size_t rows,
                           const ColumnOptions& options) {
  enum { kId, kTitle, kYear, kRuntime };
  const Columns<4> c(columns, {"film_id", "title", "year", "runtime_minutes"}, rows);
  TableOutcome out;
  Rows r(options, out);
  for (std::size_t i = 0; i < rows; ++i) {
    if (r.skipped(i)) continue;
    const std::string_view id = trim(c.at[kId].raw(i));
    const std::string_view title = trim(c.at[kTitle].raw(i));
    if (auto bad = bad_required(id)) {
      if (r.reject(i, "film_id", *bad)) break;
      continue;
    }
    if (auto bad = bad_required(title)) {
      if (r.reject(i, "title", *bad)) break;
      continue;
    }
    int year = 0;
    std::int64_t runtime = 0;
    const std::string_view year_cell = c.at[kYear].raw(i), runtime_cell = c.at[kRuntime].raw(i);
    if (auto bad = bad_text(year_cell, true) ? bad_text(year_cell, true) : parse_year(year_cell, year)) {
      if (r.reject(i, "year", *bad)) break;
      continue;
    }
    if (auto bad = bad_text(runtime_cell, true) ? bad_text(runtime_cell, true) : parse_positive(runtime_cell, runtime)) {
      if (r.reject(i, "runtime_minutes", *bad)) break;
      continue;
    }
    GraphBuilder::FilmAdded added;
    try {
      added = builder.add_film(id, title, year);
    } catch (const std::invalid_argument& e) {
      if (r.reject(i, "film_id", e.what())) break;
      continue;
    }
    ++out.rows_used;
    out.duplicates += !added.inserted;
  }
  return out;
}

TableOutcome add_link_rows(GraphBuilder& builder, const std::vector<NamedColumn>& columns, std::size_t rows,
                           const ColumnOptions& options) {
  enum { kId, kRelation, kName, kEntity, kYear, kSection };
  const Columns<6> c(columns, {"film_id", "relation", "name", "entity_id", "year", "section"}, rows);
  std::vector<std::string> relations;
  for (std::size_t k = 0; k < kRelationCount; ++k)
    if (is_table_relation(static_cast<Relation>(k))) relations.emplace_back(to_string(static_cast<Relation>(k)));
  std::sort(relations.begin(), relations.end());
  TableOutcome out;
  Rows r(options, out);
  // Links come many to a film, in runs: the last film found is asked again first.
  std::string last_id;
  VertexId last_film = kNoVertex;
  for (std::size_t i = 0; i < rows; ++i) {
    if (r.skipped(i)) continue;
    const std::string_view id = trim(c.at[kId].raw(i));
    const std::string_view relation_text = trim(c.at[kRelation].raw(i));
    const std::string_view name = trim(c.at[kName].raw(i));
    const std::string_view entity_id = trim(c.at[kEntity].raw(i));
    const std::string_view section = trim(c.at[kSection].raw(i));
    const std::string_view year_cell = c.at[kYear].raw(i);
    // Bytes first: nothing below may read a cell that is not text.
    std::optional<std::string> bad;
    std::string_view field;
    for (const auto& [f, cell] : {std::pair<std::string_view, std::string_view>{"film_id", id},
                                  {"relation", relation_text}, {"name", name}, {"entity_id", entity_id},
                                  {"year", year_cell}, {"section", section}}) {
      if ((bad = bad_text(cell, true))) {
        field = f;
        break;
      }
    }
    if (bad) {
      if (r.reject(i, field, *bad)) break;
      continue;
    }
    VertexId film = kNoVertex;
    if (id.empty()) {
      if (r.reject(i, "film_id", "empty")) break;
      continue;
    }
    if (id == last_id) {
      film = last_film;
    } else {
      try {
        film = builder.find_film(id).value_or(kNoVertex);
      } catch (const std::invalid_argument& e) {
        if (r.reject(i, "film_id", e.what())) break;
        continue;
      }
      if (film == kNoVertex) {
        if (r.reject(i, "film_id", quoted(id, "is not a film of " + options.films_label))) break;
        continue;
      }
      last_id.assign(id);
      last_film = film;
    }
    const auto relation = parse_relation(relation_text);
    if (!relation || !is_table_relation(*relation)) {
      if (r.reject(i, "relation", one_of("unknown relation '" + std::string(relation_text) + "'", relations))) break;
      continue;
    }
    if (name.empty() && entity_id.empty()) {
      if (r.reject(i, "name", "a link needs a name or an entity_id")) break;
      continue;
    }
    if (!section.empty() && *relation != Relation::screened_at) {
      if (r.reject(i, "section", "only screened_at links have a section, not " + std::string(relation_text))) break;
      continue;
    }
    int year = 0;
    if (auto why = parse_year(year_cell, year)) {
      if (r.reject(i, "year", *why)) break;
      continue;
    }
    if (!section.empty() && year == 0) {
      if (r.reject(i, "year", "a festival section needs the edition's year")) break;
      continue;
    }
    LinkSpec link;
    link.relation = *relation;
    link.entity_id = entity_id;
    link.name = name;
    link.year = year;
    link.section = section;
    try {
      builder.add_link(film, link);
    } catch (const std::invalid_argument& e) {
      if (r.reject(i, entity_id.empty() ? "name" : "entity_id", e.what())) break;
      continue;
    }
    ++out.rows_used;
  }
  return out;
}

}  // namespace reelgraph
