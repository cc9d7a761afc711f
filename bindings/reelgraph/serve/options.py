"""See-also options as query parameters, read from the Python API itself.

The parameters are not listed here: they come from the one definition of the
see-also options (``reelgraph.options.OPTIONS``, the core's table) and from the
other keywords of ``FilmGraph.see_also`` (``reasons``), so an option added to
the core is a query parameter of the service without a change here. Each
option's type decides how the text of a query string is read.
"""

from __future__ import annotations

import inspect
import math
import re
import typing
from dataclasses import dataclass, field
from typing import Any, Callable

from .. import graph as graph_module
from .. import options as options_module
from ..graph import FilmGraph

# Arguments that name the film(s) a list is for, or that the service sets
# itself: they are the path, `k` (bounded) or `seed`, not options.
_NOT_OPTIONS = {"self", "film", "k", "year", "seeds", "seed_weights"}
# Values no query string can carry (one number per film, an array).
_UNSERVABLE_TYPES = ("ndarray", "np.ndarray", "Callable")



@dataclass
class QueryOption:
    """One see-also option as a query parameter."""

    name: str
    kind: str  # integer, number, boolean, string, string_list, integer_list, weights
    default: Any
    choices: tuple[str, ...] | None = None
    description: str = ""

    def openapi(self) -> dict:
        """The parameter in OpenAPI 3 terms."""
        if self.kind in ("string_list", "integer_list"):
            item = {"type": "string" if self.kind == "string_list" else "integer"}
            if self.choices:
                item["enum"] = list(self.choices)
            schema: dict = {"type": "array", "items": item}
            style = {"style": "form", "explode": True}
        elif self.kind == "weights":
            relation = "(" + "|".join(self.choices) + ")" if self.choices else "[a-z_]+"
            pair = relation + r":[0-9]+(\.[0-9]+)?"
            schema = {"type": "string", "pattern": f"^{pair}(,{pair})*$"}
            style = {}
        else:
            schema = {"type": self.kind}
            if self.choices:
                schema["enum"] = list(self.choices)
            if self.default is not None and not callable(self.default):
                schema["default"] = self.default
            style = {}
        return {"name": self.name, "in": "query", "required": False, "schema": schema,
                "description": self.description, **style}


class OptionError(ValueError):
    """A query parameter that cannot be read: the service answers 422."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"{name}: {message}")


def _annotation_text(annotation) -> str:
    if annotation is inspect.Parameter.empty:
        return ""
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", None) or str(annotation)


def _literal_choices(annotation) -> tuple[str, ...] | None:
    if isinstance(annotation, str):
        m = re.search(r"Literal\[(.*?)\]", annotation)
        if not m:
            return None
        return tuple(part.strip().strip("'\"") for part in m.group(1).split(","))
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return None


def _kind_of(name: str, annotation, default) -> str | None:
    """How a parameter is read from a query string; None when it cannot be."""
    text = _annotation_text(annotation)
    if any(t in text for t in _UNSERVABLE_TYPES):
        return None
    if "Mapping" in text or "dict" in text:
        return "weights"
    if re.search(r"(Sequence|list|tuple)\[\s*int", text) and "str" not in text:
        return "integer_list"
    if re.search(r"(Sequence|list)\[\s*str", text):
        return "string_list"
    if "bool" in text or isinstance(default, bool):
        return "boolean"
    if "float" in text or isinstance(default, float):
        return "number"
    if "int" in text and "str" not in text or isinstance(default, int):
        return "integer"
    if "str" in text or isinstance(default, str) or _literal_choices(annotation):
        return "string"
    return None


def _extra_parameters() -> dict[str, inspect.Parameter]:
    """Keywords of see_also that are not see-also options but shape the answer (`reasons`)."""
    signature = inspect.signature(FilmGraph.see_also)
    return {name: p for name, p in signature.parameters.items()
            if p.kind == p.KEYWORD_ONLY and name not in _NOT_OPTIONS and name not in options_module.NAMES}


def see_also_options() -> list[QueryOption]:
    """Every see-also option of the Python API that a query string can carry.

    The options come from their one definition (:data:`reelgraph.options.OPTIONS`,
    the core's table), so an option added there is a query parameter without a
    change here.
    """
    relations = tuple(graph_module._RELATIONS)
    out = []
    for option in options_module.OPTIONS:
        if option.name in _NOT_OPTIONS:
            continue
        kind = _kind_of(option.name, option.type, option.default)
        if kind is None:
            continue
        choices = option.choices
        if choices is None and kind == "weights":
            choices = relations
        out.append(QueryOption(option.name, kind, option.default, tuple(choices) if choices else None, option.doc))
    for name, p in _extra_parameters().items():
        kind = _kind_of(name, p.annotation, p.default)
        if kind is None:
            continue
        default = None if p.default is inspect.Parameter.empty else p.default
        out.append(QueryOption(name, kind, default, _literal_choices(p.annotation)))
    return out


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _scalar(option: QueryOption, text: str):
    try:
        if option.kind == "integer":
            return int(text)
        if option.kind == "number":
            value = float(text)
            if not math.isfinite(value):
                raise ValueError
            return value
    except ValueError:
        raise OptionError(option.name, f"'{text}' is not a{'n integer' if option.kind == 'integer' else ' number'}") from None
    if option.kind == "boolean":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise OptionError(option.name, f"'{text}' is not true or false")
    if option.choices and text not in option.choices:
        raise OptionError(option.name, f"'{text}' is not one of {', '.join(option.choices)}")
    return text


def parse_options(options: list[QueryOption], query) -> dict:
    """The see_also keyword arguments given by a query string (a Starlette QueryParams)."""
    out: dict = {}
    for option in options:
        values = query.getlist(option.name)
        if not values:
            continue
        if option.kind in ("string_list", "integer_list"):
            parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
            item = QueryOption(option.name, "integer" if option.kind == "integer_list" else "string", None,
                               option.choices)
            out[option.name] = [_scalar(item, part) for part in parts]
        elif option.kind == "weights":
            weights = {}
            for value in values:
                for part in value.split(","):
                    relation, sep, number = part.partition(":")
                    if not sep:
                        raise OptionError(option.name, f"'{part}' is not relation:weight")
                    relation = relation.strip()
                    if relation not in graph_module._RELATIONS:
                        raise OptionError(option.name, f"unknown relation '{relation}'")
                    weight = _scalar(QueryOption(option.name, "number", None), number.strip())
                    if weight < 0:
                        raise OptionError(option.name, f"a weight is 0 or more, not {weight}")
                    weights[relation] = weight
            out[option.name] = weights
        else:
            if len(values) > 1:
                raise OptionError(option.name, "given more than once")
            out[option.name] = _scalar(option, values[0])
    return out
