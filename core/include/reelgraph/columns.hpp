// Input tables given as whole columns of text, checked row by row and added
// to a GraphBuilder.
//
// A column is read in Arrow's layout for strings (one buffer of UTF-8 bytes,
// an offset per row, a validity bit per row), so a table read by any Arrow
// reader comes here without a copy and without a string object per cell.
// Every rule a row must follow (required fields, years, runtimes, relations,
// sections, ids) is checked here, once for every way in; a bad row becomes a
// RowError naming its row and field, and the caller says where that row is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reelgraph/graph.hpp"

namespace reelgraph {

// A name, title, id or section longer than this is not one but a cell that
// swallowed much of a file (an unclosed quote, a paste gone wrong). Long
// real names (100 kB titles in the tests) stay well below it; descriptions
// are not held to it.
inline constexpr std::size_t kMaxNameBytes = std::size_t{1} << 20;

// A year cell: blank (or only spaces) is 0, not known; otherwise ASCII digits,
// optionally followed by a point and zeros (a spreadsheet's "2001.0"), within
// kMinYear-kMaxYear (model.hpp). Nothing else: no exponent ("2e3"), no digit separators
// ("2_003"), no digits of other scripts ("２００３"), no sign. Returns the
// reason a cell is refused ("'x' is not a year", "year 1700 is outside
// 1870-2100"), or nullopt with `year` set.
std::optional<std::string> parse_year(std::string_view text, int& year);
// A runtime in minutes: blank, or a positive whole number written as a year is.
std::optional<std::string> parse_positive(std::string_view text, std::int64_t& value);

// One column of text in Arrow's string layout (utf8, large_utf8, binary or
// large_binary). Absent columns have no data; every cell then reads as empty.
struct TextColumn {
  const char* data = nullptr;
  const std::int32_t* offsets32 = nullptr;  // one of the two offsets arrays, length + 1 entries
  const std::int64_t* offsets64 = nullptr;
  const std::uint8_t* validity = nullptr;  // bit per row (LSB first); null when every cell is present
  std::int64_t offset = 0;                 // the array's first row within its buffers
  std::size_t length = 0;

  bool present() const { return offsets32 != nullptr || offsets64 != nullptr; }
  bool valid(std::size_t row) const {
    if (!validity) return true;
    const std::uint64_t i = static_cast<std::uint64_t>(offset) + row;
    return (validity[i / 8] >> (i % 8)) & 1;
  }
  // The cell's bytes as given (a missing cell is empty).
  std::string_view raw(std::size_t row) const {
    if (!present() || !valid(row)) return {};
    const std::uint64_t i = static_cast<std::uint64_t>(offset) + row;
    const std::int64_t begin = offsets32 ? offsets32[i] : offsets64[i];
    const std::int64_t end = offsets32 ? offsets32[i + 1] : offsets64[i + 1];
    return std::string_view(data + begin, static_cast<std::size_t>(end - begin));
  }
};

// A column, by name, of one input table. Columns not named by the table's
// format are not looked at.
struct NamedColumn {
  std::string name;
  TextColumn column;
};

struct RowError {
  std::size_t row = 0;  // from 0, in the order of the columns
  std::string field;    // empty when the row as a whole is at fault
  std::string reason;
};

struct TableOutcome {
  std::size_t rows_used = 0;
  std::size_t duplicates = 0;  // film rows repeating a film already read (same id and title)
  std::vector<RowError> errors;
};

struct ColumnOptions {
  // true: stop at the first bad row (its error is the only one returned).
  bool stop_on_error = true;
  // Rows the reader already refused (a byte per row, non-zero to pass over),
  // or null.
  const std::uint8_t* skip = nullptr;
  // How the films table is named in "'x' is not a film of <films_label>".
  std::string films_label = "the films table";
};

// The three tables of the input format, in the order they must be added:
// aliases (kind, alias, name), films (film_id, title, year,
// runtime_minutes), links (film_id, relation, name, entity_id, year,
// section). `rows` is the table's length (every column has it).
TableOutcome add_alias_rows(GraphBuilder& builder, const std::vector<NamedColumn>& columns, std::size_t rows,
                            const ColumnOptions& options = {});
TableOutcome add_film_rows(GraphBuilder& builder, const std::vector<NamedColumn>& columns, std::size_t rows,
                           const ColumnOptions& options = {});
TableOutcome add_link_rows(GraphBuilder& builder, const std::vector<NamedColumn>& columns, std::size_t rows,
                           const ColumnOptions& options = {});

// Whether bytes are well-formed UTF-8.
bool is_utf8(std::string_view bytes);

}  // namespace reelgraph
