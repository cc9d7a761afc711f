#include "reelgraph/explain.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace reelgraph {
namespace {

// How a shared entity reads when both films link to it the same way ("{}" is
// its name), by relation code.
constexpr std::array<std::string_view, kRelationCount> kShared{
    "same director {}",            // directed_by
    "same producer {}",            // produced_by
    "same writer {}",              // written_by
    "shares cast member {}",       // cast
    "same editor {}",              // edited_by
    "same cinematographer {}",     // shot_by
    "same composer {}",            // music_by
    "shares crew member {}",       // crew
    "same production company {}",  // production_company
    "same sales agent {}",         // world_sales
    "same distributor {}",         // distributor
    "both screened at {}",         // screened_at
    "both in {}",                  // screened_in
    "both screened at {}",         // festival
    "both won {}",                 // awarded
    "both nominated for {}",       // nominated
    "both from {}",                // country
    "both in {}",                  // language
    "both {}",                     // genre
    "both about {}",               // keyword
    "shares {}",                   // part_of (never a film's link)
};

bool valid_relation(std::uint8_t code) { return code < kRelationCount; }

// One term of a reason being written: contributions of broader terms are
// folded into it.
struct Said {
  std::uint32_t term;
  double contribution;
  bool folded;
};

// True when `narrow` (a section, an edition) is part of `broad` (its
// edition, its festival): they are tied by a part_of link.
bool part_of(const FilmGraph& g, VertexId narrow, VertexId broad) {
  const auto targets = g.link_targets(narrow);
  const auto relations = g.link_relations(narrow);
  auto it = std::lower_bound(targets.begin(), targets.end(), broad);
  for (; it != targets.end() && *it == broad; ++it)
    if (relations[static_cast<std::size_t>(it - targets.begin())].relation == Relation::part_of) return true;
  return false;
}

void append_number(std::string& out, double value) {
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.4f", value);
  out.append(buf, static_cast<std::size_t>(std::max(n, 0)));
}

}  // namespace

std::optional<ReasonStyle> parse_reason_style(std::string_view name) {
  for (std::size_t i = 0; i < kReasonStyleNames.size(); ++i)
    if (kReasonStyleNames[i] == name) return static_cast<ReasonStyle>(i);
  return std::nullopt;
}

void TextColumn::push(std::string_view text) {
  if (data.size() + text.size() > static_cast<std::size_t>(INT32_MAX))
    throw std::length_error("a text column of more than 2 GiB");
  data.insert(data.end(), text.begin(), text.end());
  offsets.push_back(static_cast<std::int32_t>(data.size()));
}

void ResultText::clear() {
  reason.clear();
  term_name.clear();
  term_kind.clear();
  term_phrase.clear();
}

void append_term_phrase(std::string& out, const FilmGraph& g, VertexId entity, std::uint8_t query_relation,
                        std::uint8_t film_relation) {
  const std::string_view name = g.name(entity);
  const auto fr = static_cast<Relation>(valid_relation(film_relation) ? film_relation : 0);
  if (!valid_relation(query_relation)) {
    out.append("via ").append(name).append(" (").append(role_noun(fr)).append(" here)");
    return;
  }
  if (query_relation == film_relation) {
    const std::string_view t = kShared[query_relation];
    const auto at = t.find("{}");
    out.append(t.substr(0, at)).append(name).append(t.substr(at + 2));
    return;
  }
  out.append(name).append(" (").append(role_noun(static_cast<Relation>(query_relation))).append(" there, ");
  out.append(role_noun(fr)).append(" here)");
}

void explain(const FilmGraph& g, const SeeAlsoResult& r, const ExplainOptions& options, ResultText& out) {
  std::string text;
  std::vector<Said> said;
  if (options.term_names || options.term_phrases)
    for (std::size_t t = 0; t < r.term_entity.size(); ++t) {
      const VertexId e = r.term_entity[t];
      if (options.term_names) {
        out.term_name.push(g.name(e));
        out.term_kind.push(to_string(g.kind(e)));
      }
      if (options.term_phrases) {
        text.clear();
        append_term_phrase(text, g, e, r.term_query_relation[t], r.term_film_relation[t]);
        out.term_phrase.push(text);
      }
    }
  if (options.reasons == ReasonStyle::none) return;
  const auto same = [&](std::uint32_t t, Relation rel) {
    return r.term_query_relation[t] == static_cast<std::uint8_t>(rel) &&
           r.term_film_relation[t] == static_cast<std::uint8_t>(rel);
  };
  for (std::size_t i = 0; i + 1 < r.term_offsets.size(); ++i) {
    const std::uint32_t first = r.term_offsets[i], last = r.term_offsets[i + 1];
    text.clear();
    if (first == last) {
      out.reason.push(text);
      continue;
    }
    if (options.reasons == ReasonStyle::top) {
      append_term_phrase(text, g, r.term_entity[first], r.term_query_relation[first], r.term_film_relation[first]);
      out.reason.push(text);
      continue;
    }
    // Sharing a festival section implies sharing its edition, and an edition
    // its festival: saying all three would repeat one fact, so the broader
    // term is folded into the narrower one, its contribution with it, and the
    // numbers of the sentence still add up to the score.
    said.clear();
    for (std::uint32_t t = first; t < last; ++t) said.push_back({t, r.term_contribution[t], false});
    for (const auto& [broad, narrow] : {std::pair{Relation::festival, Relation::screened_at},
                                        std::pair{Relation::screened_at, Relation::screened_in}}) {
      for (auto& b : said) {
        if (b.folded || !same(b.term, broad)) continue;
        for (auto& n : said)
          if (!n.folded && same(n.term, narrow) && part_of(g, r.term_entity[n.term], r.term_entity[b.term])) {
            n.contribution += b.contribution;
            b.folded = true;
            break;
          }
      }
    }
    said.erase(std::remove_if(said.begin(), said.end(), [](const Said& s) { return s.folded; }), said.end());
    std::stable_sort(said.begin(), said.end(), [](const Said& a, const Said& b) { return a.contribution > b.contribution; });
    const auto phrase = [&](const Said& s) {
      append_term_phrase(text, g, r.term_entity[s.term], r.term_query_relation[s.term],
                         r.term_film_relation[s.term]);
    };
    if (options.reasons == ReasonStyle::full) {
      constexpr std::size_t kMaxTerms = 4;
      for (std::size_t j = 0; j < std::min(said.size(), kMaxTerms); ++j) {
        if (j) text.append("; ");
        phrase(said[j]);
        text.append(" (+");
        append_number(text, said[j].contribution);
        text.append(")");
      }
      if (said.size() > kMaxTerms) {
        double rest = 0.0;
        for (std::size_t j = kMaxTerms; j < said.size(); ++j) rest += said[j].contribution;
        text.append("; and ").append(std::to_string(said.size() - kMaxTerms)).append(" more (+");
        append_number(text, rest);
        text.append(")");
      }
    } else {
      // short: the three largest reasons as one sentence, no numbers.
      constexpr std::size_t kMaxTerms = 3;
      const std::size_t n = std::min(said.size(), kMaxTerms);
      for (std::size_t j = 0; j < n; ++j) {
        if (j) text.append(j + 1 == n ? " and " : ", ");
        const std::size_t at = text.size();
        phrase(said[j]);
        // Capitalise the sentence's first word when it is ours ("same", "both",
        // "via"), never an entity's name.
        const auto qr = r.term_query_relation[said[j].term];
        if (j == 0 && (!valid_relation(qr) || qr == r.term_film_relation[said[j].term]) && text[at] >= 'a' &&
            text[at] <= 'z')
          text[at] = static_cast<char>(text[at] - 'a' + 'A');
      }
      text.append(".");
    }
    out.reason.push(text);
  }
}

}  // namespace reelgraph
