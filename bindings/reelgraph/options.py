"""See-also options, defined once.

The core's ``SeeAlsoOptions`` (bound in ``bindings/src/options.cpp``) is the
only list of the options: their names, types, defaults and meaning come from
``_core.SeeAlsoOptions.fields()``, and the enumerated names (methods, hub
weightings, normalisations, relations, reason styles) from
``_core.SeeAlsoOptions.choices()``. The core converts and checks every value;
nothing here repeats a rule. From that one list this module gives:

- :data:`OPTIONS`: every option as ``Option(name, type, default, doc, choices)``,
  for anything that needs to enumerate them (the CLI's flags, an HTTP service's
  query parameters);
- :func:`takes_options`: the decorator that gives ``see_also``,
  ``see_also_many``, the batch and ``export`` one keyword-only parameter per
  option in their signatures (``help()``, Jupyter, ``inspect``), and turns an
  unknown keyword into a TypeError naming the function called;
- :class:`SeeAlsoKwargs`: the same keywords for static tools (IDEs, mypy).

To add an option: add it to the core (``SeeAlsoOptions`` in see_also.hpp, its
check in see_also.cpp, one entry in the table of bindings/src/options.cpp), then
one line to :class:`SeeAlsoKwargs` below. ``tests/python/test_options.py``
fails until the two agree, and checks every path takes the new option.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import inspect
from typing import TYPE_CHECKING, Any, Callable, Mapping, NamedTuple, Sequence, TypedDict

import numpy as np

from . import _core

if TYPE_CHECKING:
    from .graph import FilmGraph

SeeAlsoOptions = _core.SeeAlsoOptions


class Option(NamedTuple):
    name: str
    type: str  # as written in a signature: "int", "float | None", "list[str] | None"...
    default: Any
    doc: str
    choices: tuple[str, ...] | None  # the names a string option accepts


CHOICES: dict[str, tuple[str, ...]] = dict(_core.SeeAlsoOptions.choices())
METHODS: tuple[str, ...] = CHOICES["method"]
HUB_WEIGHTINGS: tuple[str, ...] = CHOICES["hub_weighting"]
NORMALIZATIONS: tuple[str, ...] = CHOICES["normalization"]
RELATIONS: tuple[str, ...] = CHOICES["relations"]
REASONS: tuple[str, ...] = CHOICES["reasons"]  # besides None

# Resolved against the graph here, then handed to the core as `within`.
_GRAPH_OPTIONS = (
    Option("edition", "str | tuple[str, int] | None", None,
           "only films of this festival edition: 'MIFF 2013' or ('MIFF', 2013) (added to within)", None),
)

OPTIONS: tuple[Option, ...] = tuple(
    Option(name, type_, default, doc, CHOICES.get(name) if name != "relations" else RELATIONS)
    for name, type_, default, doc in _core.SeeAlsoOptions.fields()
) + _GRAPH_OPTIONS
NAMES: tuple[str, ...] = tuple(o.name for o in OPTIONS)
_BY_NAME = {o.name: o for o in OPTIONS}


class SeeAlsoKwargs(TypedDict, total=False):
    """The see-also keywords, for static tools (the runtime reads :data:`OPTIONS`)."""

    method: str
    weights: Mapping[str, float] | None
    relations: Sequence[str] | None
    hub_weighting: str
    normalization: str
    hub_degree: int | None
    evidence_degree: int | None
    pad: bool
    cross_role: float
    hub_walk_limit: int | None
    prune_by_bounds: bool
    min_year: int | None
    max_year: int | None
    exclude_same_director: bool
    within: Sequence[int] | None
    max_per_director: int | None
    ppr_alpha: float
    ppr_epsilon: float
    rp3_alpha: float
    popularity_beta: float | None
    popularity: np.ndarray | None
    edition: str | tuple[str, int] | None


def core_options(graph: "FilmGraph", options: Mapping[str, Any]) -> "_core.SeeAlsoOptions":
    """The core's options from keywords (`k` among them): `edition` is looked up in the graph and joins
    `within`; the core converts and checks the rest (ValueError or TypeError naming the keyword)."""
    given = dict(options)
    edition = given.pop("edition", None)
    if edition is not None:
        given["within"] = [*(given.get("within") or []), graph.edition(edition)]
    return _core.SeeAlsoOptions(**given)


def manifest_options(options: Mapping[str, Any]) -> dict:
    """Options as JSON-safe values, for an export's manifest: an array becomes its SHA-256."""
    out = {}
    for name, value in sorted(options.items()):
        if isinstance(value, np.ndarray):
            data = np.ascontiguousarray(value, dtype="<f8")
            value = {"sha256": hashlib.sha256(data.tobytes()).hexdigest(), "shape": list(data.shape)}
        elif isinstance(value, Mapping):
            value = {str(k): float(v) for k, v in sorted(value.items())}
        elif isinstance(value, (tuple, list)):
            value = [v.item() if isinstance(v, np.generic) else v for v in value]
        elif isinstance(value, np.generic):
            value = value.item()
        out[name] = value
    return out


def unknown_keyword(function: str, name: str) -> TypeError:
    close = difflib.get_close_matches(name, NAMES, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"the options are: {', '.join(NAMES)}"
    return TypeError(f"{function}() got an unexpected keyword argument '{name}' (unknown see-also option; {hint})")


def takes_options(func: Callable) -> Callable:
    """Gives `func` (which ends in ``**options``) every see-also option as a keyword-only parameter.

    The signature shown by ``help()`` and ``inspect`` lists each option with its
    default; a keyword that is no option raises TypeError naming `func`.
    Options `func` names itself (``k``) stay as `func` declares them.
    """
    signature = inspect.signature(func)
    params = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    own = {p.name for p in params}
    accepted = frozenset(n for n in NAMES if n not in own)
    extra = [inspect.Parameter(o.name, inspect.Parameter.KEYWORD_ONLY, default=o.default, annotation=o.type)
             for o in OPTIONS if o.name in accepted]
    name = func.__name__

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for key in kwargs:
            if key not in accepted and key not in own:
                raise unknown_keyword(name, key)
        return func(*args, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=params + extra)
    wrapper.options = accepted  # type: ignore[attr-defined]
    return wrapper
