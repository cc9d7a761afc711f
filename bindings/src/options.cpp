#include "options.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "reelgraph/model.hpp"

namespace py = pybind11;

namespace reelgraph::python {
namespace {

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) out.append(i ? ", " : "").append(names[i]);
  return out;
}

std::string relation_names() {
  std::string out;
  for (std::size_t i = 0; i < kRelationCount; ++i)
    out.append(i ? ", " : "").append(to_string(static_cast<Relation>(i)));
  return out;
}

std::string shown(py::handle h) { return py::repr(h).cast<std::string>(); }

[[noreturn]] void type_error(const char* name, const char* what, py::handle h) {
  throw py::type_error(std::string(name) + " must be " + what + ", not " + shown(h));
}

bool is_bool(py::handle h) {
  const std::string type = py::str(py::type::of(h).attr("__name__"));
  return py::isinstance<py::bool_>(h) || type == "bool_";
}

std::int64_t as_int(const char* name, py::handle h, std::int64_t lo, std::int64_t hi, const char* range) {
  if (is_bool(h) || !PyIndex_Check(h.ptr())) type_error(name, "a whole number", h);
  const py::int_ value = py::reinterpret_steal<py::int_>(PyNumber_Index(h.ptr()));
  int overflow = 0;
  const long long v = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
  if (overflow || v < lo || v > hi)
    throw std::invalid_argument(std::string(name) + " must be " + range + ", not " + shown(h));
  return v;
}

double as_float(const char* name, py::handle h) {
  if (is_bool(h) || !(PyFloat_Check(h.ptr()) || PyIndex_Check(h.ptr()) || PyNumber_Check(h.ptr())))
    type_error(name, "a number", h);
  const double v = PyFloat_AsDouble(h.ptr());
  if (v == -1.0 && PyErr_Occurred()) throw py::error_already_set();
  return v;
}

bool as_bool(const char* name, py::handle h) {
  if (!is_bool(h)) type_error(name, "True or False", h);
  return h.cast<bool>();
}

std::string as_str(const char* name, py::handle h) {
  if (!py::isinstance<py::str>(h)) type_error(name, "a string", h);
  return h.cast<std::string>();
}

template <class Enum, std::size_t N>
Enum as_enum(const char* name, py::handle h, const std::array<std::string_view, N>& names,
             std::optional<Enum> (*parse)(std::string_view)) {
  const std::string text = as_str(name, h);
  if (auto v = parse(text)) return *v;
  throw std::invalid_argument(std::string(name) + " must be one of " + joined(names) + ", not '" + text + "'");
}

Relation as_relation(const char* name, py::handle h) {
  const std::string text = as_str(name, h);
  if (auto r = parse_relation(text)) return *r;
  throw std::invalid_argument(std::string(name) + " names unknown relation '" + text + "' (one of: " +
                              relation_names() + ")");
}

constexpr std::int64_t kU32 = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kI64 = std::numeric_limits<std::int64_t>::max();

// One option: its Python keyword, its type as written in a signature, what it
// does, and how it is read from and written to the core's options.
struct Field {
  const char* name;
  const char* type;
  const char* doc;
  std::function<py::object(const PyOptions&)> get;
  std::function<void(PyOptions&, py::handle)> set;
  // Choices of a string option (empty for others).
  std::vector<std::string_view> choices = {};
};

template <std::size_t N>
std::vector<std::string_view> choices(const std::array<std::string_view, N>& names) {
  return {names.begin(), names.end()};
}

// A count where 0 means "no bound" (None is taken as 0).
Field count_field(const char* name, const char* doc, std::uint32_t SeeAlsoOptions::*member) {
  return {name, "int", doc, [member](const PyOptions& p) { return py::object(py::int_(p.options.*member)); },
          [name, member](PyOptions& p, py::handle h) {
            p.options.*member = h.is_none() ? 0 : static_cast<std::uint32_t>(as_int(name, h, 0, kU32, "0 or more"));
          }};
}

Field year_field(const char* name, const char* doc, int SeeAlsoOptions::*member) {
  return {name, "int", doc, [member](const PyOptions& p) { return py::object(py::int_(p.options.*member)); },
          [name, member](PyOptions& p, py::handle h) {
            p.options.*member = h.is_none() ? 0 : static_cast<int>(as_int(name, h, -32768, 32767, "a year (0: no bound)"));
          }};
}

Field bool_field(const char* name, const char* doc, bool SeeAlsoOptions::*member) {
  return {name, "bool", doc, [member](const PyOptions& p) { return py::object(py::bool_(p.options.*member)); },
          [name, member](PyOptions& p, py::handle h) { p.options.*member = as_bool(name, h); }};
}

Field float_field(const char* name, const char* doc, double SeeAlsoOptions::*member) {
  return {name, "float", doc, [member](const PyOptions& p) { return py::object(py::float_(p.options.*member)); },
          [name, member](PyOptions& p, py::handle h) { p.options.*member = as_float(name, h); }};
}

// To add an option: give SeeAlsoOptions the field (see_also.hpp), check its
// range in the core's validate (see_also.cpp), add one entry here, and one
// line to SeeAlsoKwargs in reelgraph/options.py (what IDEs read; a test
// checks the two agree). Signatures, the CLI flags and the export manifest
// follow from this table.
const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      {"k", "int", "how many related films (0: none)",
       [](const PyOptions& p) { return py::object(py::int_(p.options.k)); },
       [](PyOptions& p, py::handle h) {
         // Any size: the core clamps k to the films there are.
         if (is_bool(h) || !PyIndex_Check(h.ptr())) type_error("k", "a whole number", h);
         const py::int_ value = py::reinterpret_steal<py::int_>(PyNumber_Index(h.ptr()));
         if (value < py::int_(0)) throw std::invalid_argument("k must be 0 or more, not " + shown(h));
         const unsigned long long v = PyLong_AsUnsignedLongLong(value.ptr());
         if (v == static_cast<unsigned long long>(-1) && PyErr_Occurred()) {
           PyErr_Clear();
           p.options.k = std::numeric_limits<std::size_t>::max();
         } else {
           p.options.k = static_cast<std::size_t>(v);
         }
       }},
      {"method", "str", "how films are scored: cooccurrence, pathsim, ppr or rp3beta (see docs/scoring.md)",
       [](const PyOptions& p) { return py::object(py::str(std::string(to_string(p.options.method)))); },
       [](PyOptions& p, py::handle h) { p.options.method = as_enum("method", h, kMethodNames, &parse_method); },
       choices(kMethodNames)},
      {"weights", "dict[str, float] | None",
       "relation -> weight (non-negative; 0 leaves the relation out); relations not named keep default_weights()",
       [](const PyOptions& p) {
         py::dict d;
         for (std::size_t i = 0; i < kRelationCount; ++i)
           d[py::str(std::string(to_string(static_cast<Relation>(i))))] = p.options.weights.weight[i];
         return py::object(std::move(d));
       },
       [](PyOptions& p, py::handle h) {
         p.options.weights = RelationWeights::defaults();
         if (h.is_none()) return;
         if (!py::hasattr(h, "items")) type_error("weights", "a dict of relation -> weight", h);
         for (auto item : h.attr("items")()) {
           const auto pair = item.cast<py::tuple>();
           const Relation r = as_relation("weights", pair[0]);
           p.options.weights[r] = as_float("weights", pair[1]);
         }
       }},
      {"relations", "list[str] | None", "the relations allowed to count (None: all)",
       [](const PyOptions& p) -> py::object {
         if (p.options.relations == kAllRelations) return py::none();
         py::list out;
         for (std::size_t i = 0; i < kRelationCount; ++i)
           if (p.options.relations & relation_bit(static_cast<Relation>(i)))
             out.append(py::str(std::string(to_string(static_cast<Relation>(i)))));
         return out;
       },
       [](PyOptions& p, py::handle h) {
         if (h.is_none()) {
           p.options.relations = kAllRelations;
           return;
         }
         if (py::isinstance<py::str>(h)) type_error("relations", "a list of relation names", h);
         RelationMask mask = 0;
         for (auto r : py::iter(h)) mask |= relation_bit(as_relation("relations", r));
         p.options.relations = mask;
       }},
      {"hub_weighting", "str", "how entities linked to many films are turned down: none, resource_allocation, adamic_adar or idf",
       [](const PyOptions& p) { return py::object(py::str(std::string(to_string(p.options.hub_weighting)))); },
       [](PyOptions& p, py::handle h) {
         p.options.hub_weighting = as_enum("hub_weighting", h, kHubWeightingNames, &parse_hub_weighting);
       },
       choices(kHubWeightingNames)},
      {"normalization", "str", "cooccurrence's normalisation: none, cosine or pathsim",
       [](const PyOptions& p) { return py::object(py::str(std::string(to_string(p.options.normalization)))); },
       [](PyOptions& p, py::handle h) {
         p.options.normalization = as_enum("normalization", h, kNormalizationNames, &parse_normalization);
       },
       choices(kNormalizationNames)},
      count_field("hub_degree", "entities linked to more films are hubs, not expanded (0: max(200, 2 sqrt(films)))",
                  &SeeAlsoOptions::hub_degree),
      count_field("evidence_degree",
                  "a film must share an entity linked to at most this many films to be listed (0: max(100, films / 500))",
                  &SeeAlsoOptions::evidence_degree),
      // The core's expand_hubs_when_short: fill a short list through broad
      // traits (each such film flagged `padded`).
      bool_field("pad", "fill a list shorter than k with films found through broad traits only, flagged padded",
                 &SeeAlsoOptions::expand_hubs_when_short),
      float_field("cross_role",
                  "how much a person or company shared in no common role counts, in [0, 1] (1: roles alike)",
                  &SeeAlsoOptions::cross_role),
      {"hub_walk_limit", "int | None",
       "how many films the hub walk may add as candidates (None: max(1000, 50 k); 0: no limit, the exact walk)",
       [](const PyOptions& p) -> py::object {
         if (!p.options.hub_walk_limit) return py::none();
         return py::int_(*p.options.hub_walk_limit);
       },
       [](PyOptions& p, py::handle h) {
         if (h.is_none())
           p.options.hub_walk_limit.reset();
         else
           p.options.hub_walk_limit = static_cast<std::size_t>(as_int("hub_walk_limit", h, 0, kI64, "0 (no limit) or more"));
       }},
      bool_field("prune_by_bounds", "skip candidates whose score bound cannot reach the list (same result; False scores every candidate)",
                 &SeeAlsoOptions::prune_by_bounds),
      year_field("min_year", "only films released in year Y or later (0: no bound; films of unknown year are left out)",
                 &SeeAlsoOptions::min_year),
      year_field("max_year", "only films released in year Y or earlier (0: no bound; films of unknown year are left out)", &SeeAlsoOptions::max_year),
      bool_field("exclude_same_director", "leave out films by the query film's director(s)",
                 &SeeAlsoOptions::exclude_same_director),
      {"within", "list[int] | None",
       "vertices (an edition, a section, a company...) a film must link to, one of them, to be listed",
       [](const PyOptions& p) -> py::object {
         if (p.options.restrict_to.empty()) return py::none();
         py::list out;
         for (auto v : p.options.restrict_to) out.append(py::int_(v));
         return out;
       },
       [](PyOptions& p, py::handle h) {
         p.options.restrict_to.clear();
         if (h.is_none()) return;
         for (auto v : py::iter(h)) {
           if (is_bool(v) || !PyIndex_Check(v.ptr())) type_error("within", "a list of vertex ids", v);
           const std::int64_t id = as_int("within", v, std::numeric_limits<std::int64_t>::min(), kI64, "a vertex id");
           if (id < 0 || id >= static_cast<std::int64_t>(kNoVertex))
             throw std::invalid_argument("within names vertex " + std::to_string(id) + ", which is not in the graph");
           p.options.restrict_to.push_back(static_cast<VertexId>(id));
         }
       }},
      count_field("max_per_director", "at most this many films by any one director (0: no limit)",
                  &SeeAlsoOptions::max_per_director),
      float_field("ppr_alpha", "ppr: the probability of jumping back to the seeds at each step, in (0, 1]",
                  &SeeAlsoOptions::ppr_alpha),
      float_field("ppr_epsilon", "ppr: the push tolerance (a vertex is pushed while its residual is at least this times its links)",
                  &SeeAlsoOptions::ppr_epsilon),
      float_field("rp3_alpha", "rp3beta: the exponent of each step's probability (> 0)", &SeeAlsoOptions::rp3_alpha),
      {"popularity_beta", "float | None",
       "divide every score by popularity^beta (None: 0.5 for rp3beta, 0 for the others)",
       [](const PyOptions& p) -> py::object {
         if (!p.options.popularity_beta) return py::none();
         return py::float_(*p.options.popularity_beta);
       },
       [](PyOptions& p, py::handle h) {
         if (h.is_none())
           p.options.popularity_beta.reset();
         else
           p.options.popularity_beta = as_float("popularity_beta", h);
       }},
      {"popularity", "numpy.ndarray | None",
       "one non-negative number per film, in vertex order (None: each film's number of links)",
       [](const PyOptions& p) { return p.popularity; },
       [](PyOptions& p, py::handle h) {
         p.options.popularity = {};
         p.popularity = py::none();
         if (h.is_none()) return;
         // float64 and contiguous: read in place, no copy when it already is.
         auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(h);
         if (!a) type_error("popularity", "an array of numbers", h);
         if (a.ndim() != 1) {
           std::string shape;
           for (py::ssize_t i = 0; i < a.ndim(); ++i) shape.append(i ? ", " : "").append(std::to_string(a.shape(i)));
           throw std::invalid_argument("popularity has shape (" + shape + "); it needs one value per film");
         }
         p.options.popularity = std::span<const double>(a.data(), static_cast<std::size_t>(a.size()));
         p.popularity = std::move(a);
       }},
  };
  return table;
}

const Field& field_named(const std::string& name) {
  for (const auto& f : fields())
    if (name == f.name) return f;
  throw py::type_error("SeeAlsoOptions got an unexpected keyword argument '" + name + "'");
}

void set_all(PyOptions& p, const py::kwargs& kw) {
  for (auto [key, value] : kw) field_named(key.cast<std::string>()).set(p, value);
}

}  // namespace

ReasonStyle reason_style(const py::object& reasons) {
  if (reasons.is_none()) return ReasonStyle::none;
  if (py::isinstance<py::str>(reasons)) {
    const auto text = reasons.cast<std::string>();
    if (text != "none")
      if (auto s = parse_reason_style(text)) return *s;
  }
  throw std::invalid_argument("reasons must be 'top', 'full', 'short' or None, not " + shown(reasons));
}

void register_options(py::module_& m) {
  py::class_<PyOptions> cls(m, "SeeAlsoOptions",
                            "See-also options, one keyword each; SeeAlsoOptions.fields() lists them "
                            "(name, type, default, doc).");
  cls.def(py::init([](const py::kwargs& kw) {
            PyOptions p;
            set_all(p, kw);
            return p;
          }),
          "Options from keywords; those left out keep their defaults.");
  for (const auto& f : fields()) {
    const Field* field = &f;
    cls.def_property(
        f.name, [field](const PyOptions& p) { return field->get(p); },
        [field](PyOptions& p, py::handle v) { field->set(p, v); }, f.doc);
  }
  cls.def(
      "replace",
      [](const PyOptions& self, const py::kwargs& kw) {
        PyOptions p = self;
        set_all(p, kw);
        return p;
      },
      "A copy with the given options changed.");
  cls.def("to_dict", [](const PyOptions& p) {
    py::dict d;
    for (const auto& f : fields()) d[f.name] = f.get(p);
    return d;
  });
  cls.def("__repr__", [](const PyOptions& p) {
    const PyOptions defaults;
    std::string out = "SeeAlsoOptions(";
    bool first = true;
    for (const auto& f : fields()) {
      const py::object v = f.get(p);
      if (v.equal(f.get(defaults))) continue;
      out.append(first ? "" : ", ").append(f.name).append("=").append(shown(v));
      first = false;
    }
    return out + ")";
  });
  cls.def("check", [](const PyOptions& p, const FilmGraph& g) { check_options(g, p.options); },
          py::arg("graph"), "Raise ValueError for an option out of range for this graph.");
  cls.def_static(
      "fields",
      [] {
        const PyOptions defaults;
        py::list out;
        for (const auto& f : fields()) {
          py::object d = f.get(defaults);
          // Weights default to the learned table, spelled as None (default_weights() has it).
          if (std::string(f.name) == "weights") d = py::none();
          out.append(py::make_tuple(f.name, f.type, d, f.doc));
        }
        return out;
      },
      "Every option as (name, type, default, doc), in a fixed order.");
  cls.def_static(
      "choices",
      [] {
        py::dict out;
        for (const auto& f : fields())
          if (!f.choices.empty()) {
            py::list names;
            for (auto c : f.choices) names.append(py::str(std::string(c)));
            out[f.name] = py::tuple(names);
          }
        py::list relations;
        for (std::size_t i = 0; i < kRelationCount; ++i)
          relations.append(py::str(std::string(to_string(static_cast<Relation>(i)))));
        out["relations"] = py::tuple(relations);
        py::list reasons;
        for (std::size_t i = 1; i < kReasonStyleNames.size(); ++i) reasons.append(py::str(std::string(kReasonStyleNames[i])));
        out["reasons"] = py::tuple(reasons);
        return out;
      },
      "The names each enumerated option accepts: method, hub_weighting, normalization, relations, reasons.");
}

}  // namespace reelgraph::python
