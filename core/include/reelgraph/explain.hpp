// A see-also result in words: each related film's reason sentence, and each
// explanation term's entity name, kind and phrase, written as text columns
// that a reader wraps without copying (Arrow's string layout: the strings end
// to end in one buffer, with n + 1 offsets). Every way out (a single list,
// the batch, the export) reads its text from here, so the wording exists once.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reelgraph/graph.hpp"
#include "reelgraph/see_also.hpp"

namespace reelgraph {

struct TextColumn {
  std::vector<std::int32_t> offsets{0};
  std::vector<std::uint8_t> data;
  // Throws std::length_error past 2 GiB (a reader's 32-bit offsets): a chunk
  // of lists is far smaller.
  void push(std::string_view text);
  std::size_t size() const { return offsets.size() - 1; }
  void clear() {
    offsets.assign(1, 0);
    data.clear();
  }
};

enum class ReasonStyle : std::uint8_t {
  none,   // no reason column
  top,    // the largest term's phrase: "same director Nicholas Bonner"
  full,   // every term, largest first, with its share of the score, at most four and "and N more (+x)"
  short_, // a sentence for a web page: "Same director X, shares cast member Y and both screened at Z."
};
inline constexpr std::array<std::string_view, 4> kReasonStyleNames{"none", "top", "full", "short"};
std::optional<ReasonStyle> parse_reason_style(std::string_view name);

struct ExplainOptions {
  ReasonStyle reasons = ReasonStyle::full;
  bool term_names = true;    // term_name and term_kind
  bool term_phrases = false; // term_phrase
};

struct ResultText {
  TextColumn reason;  // one per related film (none when reasons is none)
  TextColumn term_name, term_kind, term_phrase;  // one per term, when asked
  void clear();
};

// One shared entity in words. `query_relation` is kNoRelationCode for an
// entity no seed links to (a random walk reached the film through it).
void append_term_phrase(std::string& out, const FilmGraph& graph, VertexId entity, std::uint8_t query_relation,
                        std::uint8_t film_relation);

// Appends the text of every film of `result` (and of its terms) to `out`.
void explain(const FilmGraph& graph, const SeeAlsoResult& result, const ExplainOptions& options, ResultText& out);

}  // namespace reelgraph
