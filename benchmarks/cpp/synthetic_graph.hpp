// A synthetic film graph for benchmarks and tests, the same shape as
// benchmarks/see_also_latency.py's catalogue: about 11 links a film, entity
// popularity drawn from Zipf laws, so most people are in one or two films, a
// few in hundreds, and a handful of entities (the first cast members and
// companies, every country, language and genre) are giant hubs.
//
// Deterministic for a seed on every platform: the random numbers come from
// std::mt19937_64, whose output the standard fixes, turned into choices by
// code here rather than by the library's distributions, whose algorithms it
// does not fix.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "reelgraph/graph.hpp"

namespace reelgraph::synthetic {

struct Role {
  Relation relation;
  int per_film;       // links of this relation per film
  double pool_ratio;  // distinct entities per film in the catalogue
  double exponent;    // Zipf exponent of their popularity
};

inline constexpr Role kRoles[] = {
    {Relation::directed_by, 1, 0.6, 1.6},      {Relation::written_by, 1, 0.7, 1.6},
    {Relation::produced_by, 1, 0.6, 1.5},      {Relation::cast, 4, 1.5, 1.4},
    {Relation::production_company, 1, 0.08, 1.3}, {Relation::country, 1, 0.0005, 1.2},
    {Relation::language, 1, 0.0004, 1.4},      {Relation::genre, 1, 0.0003, 1.0},
};

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }

 private:
  std::mt19937_64 engine_;
};

// Entity i of a pool is picked with probability proportional to 1/(i+1)^s.
class Zipf {
 public:
  Zipf(std::size_t pool, double exponent) : cdf_(pool) {
    double sum = 0.0;
    for (std::size_t i = 0; i < pool; ++i) cdf_[i] = sum += 1.0 / std::pow(static_cast<double>(i + 1), exponent);
    for (double& c : cdf_) c /= sum;
  }
  std::size_t operator()(Random& random) const {
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), random.uniform());
    return std::min<std::size_t>(static_cast<std::size_t>(it - cdf_.begin()), cdf_.size() - 1);
  }

 private:
  std::vector<double> cdf_;
};

inline FilmGraph film_graph(std::size_t films, std::uint64_t seed = 7) {
  Random random(seed);
  GraphBuilder b;
  std::vector<VertexId> ids(films);
  for (std::size_t i = 0; i < films; ++i) {
    const std::string n = std::to_string(i);
    ids[i] = b.add_film("f" + n, "Film " + n, 1950 + static_cast<int>(random.below(74))).film;
  }
  std::string name;
  for (const Role& role : kRoles) {
    const Zipf pick(std::max<std::size_t>(5, static_cast<std::size_t>(static_cast<double>(films) * role.pool_ratio)),
                    role.exponent);
    const std::string prefix = std::string(to_string(role.relation)) + ":";
    for (std::size_t i = 0; i < films; ++i)
      for (int j = 0; j < role.per_film; ++j) {
        name = prefix + std::to_string(pick(random));
        LinkSpec link;
        link.relation = role.relation;
        link.name = name;
        b.add_link(ids[i], link);
      }
  }
  // Three films in ten screened at one of forty festivals, in some year.
  for (std::size_t i = 0; i < films; ++i) {
    if (random.uniform() >= 0.3) continue;
    name = "festival " + std::to_string(random.below(40));
    LinkSpec link;
    link.relation = Relation::screened_at;
    link.name = name;
    link.year = 2000 + static_cast<int>(random.below(24));
    b.add_link(ids[i], link);
  }
  return b.freeze();
}

}  // namespace reelgraph::synthetic
