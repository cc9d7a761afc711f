#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reelgraph/see_also.hpp"

namespace reelgraph::python {
void register_graph(pybind11::module_& m);
void register_see_also(pybind11::module_& m);
void register_snapshot(pybind11::module_& m);
void register_update(pybind11::module_& m);
void register_imdb(pybind11::module_& m);
void register_collab(pybind11::module_& m);
void register_batch(pybind11::module_& m);

// see_also's keyword arguments as core options (shared by see_also and the
// batch); throws std::invalid_argument for names it does not know.
SeeAlsoOptions see_also_options(std::size_t k, const std::optional<std::map<std::string, double>>& weights,
                                const std::optional<std::vector<std::string>>& relations,
                                const std::string& hub_weighting, const std::string& normalization,
                                std::uint32_t hub_degree, bool expand_hubs_when_short, int min_year, int max_year,
                                bool exclude_same_director, const std::vector<std::int64_t>& restrict_to,
                                std::uint32_t max_per_director, const std::string& method, double ppr_alpha,
                                double ppr_epsilon, double rp3_alpha, std::optional<double> popularity_beta);
}  // namespace reelgraph::python
