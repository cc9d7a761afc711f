// Small hand-made graphs shared by the see_also suites.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "reelgraph/graph.hpp"
#include "reelgraph/see_also.hpp"

namespace reelgraph::test_worlds {

inline LinkSpec named(Relation r, std::string_view name, int year = 0) {
  LinkSpec l;
  l.relation = r;
  l.name = name;
  l.year = year;
  return l;
}

// q shares two crowded cast members with f1 and one rare one with f2; f2 also
// shares crowded A. Forty fillers each share A, forty share C.
struct HubWorld {
  FilmGraph g;
  VertexId q, f1, f2;
  HubWorld() {
    GraphBuilder b;
    q = b.add_film("q", "Query", 2000).film;
    f1 = b.add_film("f1", "Shares two crowded", 2000).film;
    f2 = b.add_film("f2", "Shares one rare", 2000).film;
    for (const char* who : {"A", "B", "C"}) b.add_link(q, named(Relation::cast, who));
    b.add_link(f1, named(Relation::cast, "A"));
    b.add_link(f1, named(Relation::cast, "C"));
    b.add_link(f2, named(Relation::cast, "B"));
    for (int i = 0; i < 80; ++i) {
      const auto f = b.add_film("filler" + std::to_string(i), "Filler", 2000).film;
      b.add_link(f, named(Relation::cast, i < 40 ? "A" : "C"));
    }
    g = b.freeze();
  }
};

inline double term_sum(const SeeAlsoResult& r, std::size_t i) {
  double sum = 0.0;
  for (auto t = r.term_offsets[i]; t < r.term_offsets[i + 1]; ++t) sum += r.term_contribution[t];
  return sum;
}

// A small catalogue for the filters.
struct FilterWorld {
  FilmGraph g;
  VertexId q, a, b, c, d, e, h;
  FilterWorld() {
    GraphBuilder bl;
    q = bl.add_film("q", "Query", 2012).film;
    a = bl.add_film("a", "Same company", 2004).film;
    b = bl.add_film("b", "Same company and director", 2006).film;
    c = bl.add_film("c", "Same edition", 2013).film;
    d = bl.add_film("d", "Same festival, other year", 2009).film;
    e = bl.add_film("e", "Same country, year unknown", 0).film;
    h = bl.add_film("h", "Same director again", 2010).film;
    bl.add_link(q, named(Relation::directed_by, "D1"));
    bl.add_link(q, named(Relation::production_company, "K"));
    bl.add_link(q, named(Relation::screened_at, "MIFF", 2013));
    bl.add_link(q, named(Relation::country, "UK"));
    bl.add_link(a, named(Relation::production_company, "K"));
    bl.add_link(a, named(Relation::directed_by, "D2"));
    bl.add_link(b, named(Relation::production_company, "K"));
    bl.add_link(b, named(Relation::directed_by, "D1"));
    bl.add_link(h, named(Relation::directed_by, "D1"));
    bl.add_link(c, named(Relation::screened_at, "MIFF", 2013));
    bl.add_link(d, named(Relation::screened_at, "MIFF", 2009));
    bl.add_link(e, named(Relation::country, "UK"));
    g = bl.freeze();
  }
  static bool has(const SeeAlsoResult& r, VertexId f) {
    return std::find(r.films.begin(), r.films.end(), f) != r.films.end();
  }
};

}  // namespace reelgraph::test_worlds
