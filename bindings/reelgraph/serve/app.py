"""The see-also service: JSON endpoints, film pages, an embeddable block, a health check.

Every handler that touches the graph is a plain function: Starlette runs it on
its thread pool, and the core releases the GIL while it searches, so requests
are answered in parallel. A handler reads `holder.current` once, so a graph
swapped in by the snapshot watch never changes under a request.
"""

from __future__ import annotations

import math
import os
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import __version__, _core
from ..graph import AmbiguousFilmError, FilmGraph, FilmNotFoundError
from ..results import text as result_text
from .options import OptionError, parse_options, see_also_options
from .snapshot_watch import Served, SnapshotHolder

HERE = Path(__file__).parent
MAX_K = 100
DEFAULT_K = 10
MAX_LIMIT = 50
MAX_QUERY_CHARS = 200
_RELATIONS = _core.relations()

# The order credits are shown in on a film page, and their headings.
_CREDIT_ORDER = ("written_by", "produced_by", "cast", "shot_by", "edited_by", "music_by", "crew",
                 "production_company", "world_sales", "distributor", "country", "language", "genre", "keyword",
                 "awarded", "nominated")
_SCREENING_RELATIONS = ("screened_in", "screened_at", "festival")
# Headings of lists where the role's noun reads oddly (the core's nouns are singular roles).
_HEADINGS = {"cast": "cast", "crew": "crew", "awarded": "awards", "nominated": "nominations"}


class ApiError(Exception):
    """An error answered as JSON (API) or as a page (HTML routes)."""

    def __init__(self, status: int, message: str, **extra):
        self.status, self.message, self.extra = status, message, extra
        super().__init__(message)


# ------------------------------------------------------------ reading requests
def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(422, f"{name}: '{text}' is not an integer", parameter=name) from None
    if not low <= value <= high:
        raise ApiError(422, f"{name} must be between {low} and {high}, not {value}", parameter=name)
    return value


def _year_or_none(year) -> int | None:
    return None if year is None or pd.isna(year) or not year else int(year)


# ------------------------------------------------------------ looking films up
def _search(graph: FilmGraph, text: str, limit: int) -> list[int]:
    """Films answering to `text` by any spelling, best first, as vertices.

    FilmGraph.search (lookup by any spelling) when the package has it; the
    exact lookup with the closest titles otherwise.
    """
    text = text.strip()
    if not text:
        return []
    search = getattr(graph, "search", None)
    if search is not None:
        found = _vertices_of(search(text, limit=limit, kind="film"))
        if found is not None:
            return found[:limit]
    vertices: list[int] = []
    try:
        vertices.append(graph.film(text))
    except AmbiguousFilmError as exc:
        vertices.extend(int(v) for v in exc.candidates["film"])
    except FilmNotFoundError:
        pass
    if not vertices:  # the closest titles only when nothing answers exactly: they read every title
        for title in graph.suggest(text, n=limit):
            try:
                vertices.extend(graph.core.films_titled(title))
            except (KeyError, ValueError):
                continue
    return list(dict.fromkeys(vertices))[:limit]


def _vertices_of(result) -> list[int] | None:
    """Film vertices from what FilmGraph.search returns (a DataFrame, or a list of vertices or dicts)."""
    if isinstance(result, pd.DataFrame):
        for column in ("film", "vertex"):
            if column in result.columns:
                return [int(v) for v in result[column]]
        return None
    try:
        items = list(result)
    except TypeError:
        return None
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("film", item.get("vertex"))
        if not isinstance(item, int):
            return None
        out.append(int(item))
    return out


def _film_of(served: Served, film_id: str) -> int:
    """The vertex of a film by its id (as the tables wrote it); 404 with suggestions otherwise."""
    core = served.graph.core
    try:
        return core.film_by_id(film_id)
    except (KeyError, ValueError):
        pass
    suggestions = [_film_summary(served.graph, v, with_directors=False)
                   for v in _search(served.graph, film_id.replace("-", " ").replace("_", " "), 5)]
    raise ApiError(404, f"no film with id '{film_id}'", suggestions=suggestions)


# Responses are read from the core's arrays directly: a DataFrame per request
# costs far more than the query itself.
_DIRECTED_BY = _RELATIONS.index("directed_by")


def _links(graph: FilmGraph, v: int) -> list[dict]:
    """What a film links to: relation, kind, name, films (how many films link there), in the core's order."""
    core = graph.core
    targets, relations = core.links(v)
    if not len(targets):
        return []
    return [{"relation": _RELATIONS[r], "kind": kind, "name": name, "films": int(n)}
            for r, kind, name, n in zip(relations, core.kinds(targets), core.names(targets), core.film_degrees(targets))]


def _directors(graph: FilmGraph, v: int) -> list[str]:
    targets, relations = graph.core.links(v)
    chosen = targets[relations == _DIRECTED_BY]
    return list(dict.fromkeys(graph.core.names(chosen))) if len(chosen) else []


def _film_summary(graph: FilmGraph, v: int, with_directors: bool = True) -> dict:
    core = graph.core
    out = {"film_id": graph.film_ids([v])[0], "title": core.name(v), "year": _year_or_none(core.year(v))}
    if with_directors:
        out["directors"] = _directors(graph, v)
    return out


def _film_detail(graph: FilmGraph, v: int) -> dict:
    out = _film_summary(graph, v)
    out["links"] = _links(graph, v)
    return out


# ------------------------------------------------------------ see also
def _short_reason(terms: list[dict], max_terms: int = 3) -> str:
    """A sentence fit for a page: the largest shared things in words, no numbers.

    A festival, its edition and its section are one fact said three times;
    only the narrowest is kept.
    """
    phrases, names = [], [t["name"] for t in terms]
    for t in sorted(terms, key=lambda t: -t["contribution"]):
        if any(other != t["name"] and (other.startswith(t["name"] + " ") or other.startswith(t["name"] + " / "))
               for other in names):
            continue
        if t["phrase"] not in phrases:
            phrases.append(t["phrase"])
    if not phrases:
        return ""
    shown = phrases[:max_terms]
    text = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
    if len(phrases) > max_terms:
        text += f", and {len(phrases) - max_terms} more in common"
    return text[0].upper() + text[1:]


# Bounds the service sets on options that the Python API leaves open, so that
# one request cannot ask for unbounded work: (lowest, highest), None for open.
SERVICE_BOUNDS = {"ppr_epsilon": (1e-7, None)}


def _see_also(served: Served, request: Request, film_id: str,
              also_allowed: tuple[str, ...] = ()) -> tuple[int, list[dict], dict]:
    graph = served.graph
    v = _film_of(served, film_id)
    k = _int_param(request, "k", DEFAULT_K, 1, MAX_K)
    known = {o.name for o in request.app.state.options} | {"k", "seed"} | set(also_allowed)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ApiError(422, f"unknown parameter '{unknown[0]}' (one of: {', '.join(sorted(known))})",
                       parameter=unknown[0])
    try:
        options = parse_options(request.app.state.options, request.query_params)
    except OptionError as exc:
        raise ApiError(422, str(exc), parameter=exc.name) from None
    for name, (low, high) in SERVICE_BOUNDS.items():
        value = options.get(name)
        if value is not None and ((low is not None and value < low) or (high is not None and value > high)):
            raise ApiError(422, f"{name} must be {'at least ' + str(low) if low is not None else ''}"
                                f"{' and ' if low is not None and high is not None else ''}"
                                f"{'at most ' + str(high) if high is not None else ''} here, not {value}",
                           parameter=name)
    seeds = request.query_params.getlist("seed")
    try:
        if seeds:
            more = [_film_of(served, s) for s in seeds]
            raw = graph.see_also_arrays(None, k, seeds=list(dict.fromkeys([v] + more)), terms=True, **options)
        else:
            raw = graph.see_also_arrays(v, k, terms=True, **options)
    except ApiError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        # The Python API's own checks (an unknown edition, a negative bound...).
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise ApiError(422, str(message)) from None
    return v, _results(graph, raw), options


def _results(graph: FilmGraph, raw: dict) -> list[dict]:
    """see_also_arrays' result as the API's list: see_also's columns and terms, without a DataFrame."""
    core = graph.core
    films, scores, offsets = raw["films"], raw["scores"], raw["term_offsets"]
    if not len(films):
        return []
    # The core wrote the terms' names, kinds and phrases (see_also_arrays(terms=True)).
    names = result_text(raw, "term_name").to_pylist()
    kinds = result_text(raw, "term_kind").to_pylist()
    phrases = result_text(raw, "term_phrase").to_pylist()
    query_relations, film_relations = raw["term_query_relation"], raw["term_film_relation"]
    contributions = raw["term_contribution"]
    ids, titles, years = graph.film_ids(films), core.names(films), core.years(films)
    results = []
    for i in range(len(films)):
        terms = []
        for t in range(int(offsets[i]), int(offsets[i + 1])):
            qr = _RELATIONS[query_relations[t]] if query_relations[t] < len(_RELATIONS) else None
            fr = _RELATIONS[film_relations[t]]
            terms.append({"name": names[t], "kind": kinds[t], "query_relation": qr, "film_relation": fr,
                          "contribution": round(float(contributions[t]), 6),
                          "phrase": phrases[t]})
        score = float(scores[i])
        results.append({"rank": i + 1, "film_id": ids[i], "title": titles[i], "year": _year_or_none(int(years[i])),
                        "score": round(score, 6) if math.isfinite(score) else None,
                        "reason": _short_reason(terms), "terms": terms})
    return results


# ------------------------------------------------------------ handlers
def _served(request: Request) -> Served:
    return request.app.state.holder.current


def api_search(request: Request):
    q = request.query_params.get("q", "")
    if not q.strip():
        raise ApiError(422, "q: give the text to search for", parameter="q")
    if len(q) > MAX_QUERY_CHARS:
        raise ApiError(422, f"q is longer than {MAX_QUERY_CHARS} characters", parameter="q")
    limit = _int_param(request, "limit", 10, 1, MAX_LIMIT)
    served = _served(request)
    hits = [_film_summary(served.graph, v) for v in _search(served.graph, q, limit)]
    return JSONResponse({"query": q, "films": hits})


def api_film(request: Request):
    served = _served(request)
    v = _film_of(served, request.path_params["film_id"])
    return JSONResponse(_film_detail(served.graph, v))


def api_see_also(request: Request):
    served = _served(request)
    v, results, options = _see_also(served, request, request.path_params["film_id"])
    return JSONResponse({"film": _film_summary(served.graph, v), "k": len(results), "options": options,
                         "results": results})


def healthz(request: Request):
    served = _served(request)
    holder = request.app.state.holder
    return JSONResponse({
        "status": "ok", "films": served.graph.n_films, "checksum": served.checksum,
        "snapshot": served.path.name, "generation": served.generation, "loaded_at": served.loaded_at,
        "reload_errors": holder.reload_errors, "version": __version__,
    })


def openapi(request: Request):
    return JSONResponse(request.app.state.openapi)


def _page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    served = _served(request)
    context.setdefault("q", "")
    return request.app.state.templates.TemplateResponse(
        request, template, {"films_total": served.graph.n_films, "version": __version__, **context},
        status_code=status)


def _credits(graph: FilmGraph, v: int) -> tuple[list[tuple[str, list[str]]], list[str]]:
    groups: dict[str, list[str]] = {}
    for link in _links(graph, v):
        names = groups.setdefault(link["relation"], [])
        if link["name"] not in names:
            names.append(link["name"])
    credits = []
    # Directors head the page; every other relation is a credit.
    shown = set(_CREDIT_ORDER) | set(_SCREENING_RELATIONS) | {"directed_by"}
    for relation in _CREDIT_ORDER + tuple(sorted(set(groups) - shown)):
        if relation in groups:
            noun = _HEADINGS.get(relation) or _core.role_noun(relation)
            heading = noun[0].upper() + noun[1:] if noun else relation.replace("_", " ")
            credits.append((heading, groups[relation]))
    # The narrowest screening facts: a section names its edition, an edition its festival.
    screenings = [name for relation in _SCREENING_RELATIONS for name in groups.get(relation, [])]
    screenings = [s for s in screenings if not any(o != s and o.startswith(s + " ") for o in screenings)]
    return credits, screenings


def film_page(request: Request):
    served = _served(request)
    film_id = request.path_params["film_id"]
    v, results, _ = _see_also(served, request, film_id)
    credits, screenings = _credits(served.graph, v)
    return _page(request, "film.html", film=_film_summary(served.graph, v), credits=credits,
                 screenings=screenings, results=results)


def _link_template(request: Request) -> str | None:
    """An embedding site's own film-page address, with {film_id} in it; only http(s) or a path."""
    href = request.query_params.get("href")
    if not href:
        return None
    if "{film_id}" not in href or not (href.startswith(("https://", "http://")) or
                                         (href.startswith("/") and not href.startswith("//"))):
        raise ApiError(422, "href must be an http(s) address or a path holding {film_id}", parameter="href")
    return href


def embed_block(request: Request):
    served = _served(request)
    href = _link_template(request)
    v, results, _ = _see_also(served, request, request.path_params["film_id"], ("href", "heading"))
    for r in results:
        r["href"] = href.replace("{film_id}", quote(r["film_id"], safe="")) if href else \
            str(request.url_for("film_page", film_id=r["film_id"]))
    return _page(request, "embed.html", film=_film_summary(served.graph, v), results=results,
                 heading=request.query_params.get("heading", "See also...")[:80])


def home(request: Request):
    served = _served(request)
    return _page(request, "home.html", films=served.graph.n_films)


def search_page(request: Request):
    q = request.query_params.get("q", "")[:MAX_QUERY_CHARS]
    served = _served(request)
    hits = [_film_summary(served.graph, v) for v in _search(served.graph, q, 25)] if q.strip() else []
    if len(hits) == 1 and request.query_params.get("go"):
        from starlette.responses import RedirectResponse

        return RedirectResponse(request.url_for("film_page", film_id=hits[0]["film_id"]), status_code=303)
    return _page(request, "search.html", q=q, hits=hits)


# ------------------------------------------------------------ errors
def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/openapi.json")


async def _api_error(request: Request, exc: ApiError) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": exc.message, "status": exc.status, **exc.extra}, status_code=exc.status)
    return _page(request, "error.html", status=exc.status, message=exc.message,
                 suggestions=exc.extra.get("suggestions", []))


async def _http_error(request: Request, exc: HTTPException) -> Response:
    message = {404: "no such page", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
    if _wants_json(request) or exc.status_code != 404:
        return JSONResponse({"error": message, "status": exc.status_code}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))
    return _page(request, "error.html", status=404, message=message, suggestions=[])


async def _server_error(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": "internal error", "status": 500}, status_code=500)


# ------------------------------------------------------------ the application
def create_app(snapshot: str | os.PathLike, *, poll_seconds: float = 1.0, watch: bool = True,
               cors_origins: tuple[str, ...] = ("*",)) -> Starlette:
    """The service for one snapshot file; it reloads the file when it is replaced (every `poll_seconds`)."""
    from .openapi import openapi_schema

    holder = SnapshotHolder(snapshot, poll_seconds=poll_seconds)

    @asynccontextmanager
    async def lifespan(app):
        if watch:
            holder.watch()
        try:
            yield
        finally:
            holder.close()

    routes = [
        Route("/", home, name="home"),
        Route("/search", search_page, name="search_page"),
        # Film ids are the catalogue's own and may hold a slash; the see-also
        # route comes before the film's, which would match its path too.
        Route("/films/{film_id:path}", film_page, name="film_page"),
        Route("/embed/films/{film_id:path}", embed_block, name="embed_block"),
        Route("/api/films", api_search, name="api_search"),
        Route("/api/films/{film_id:path}/see-also", api_see_also, name="api_see_also"),
        Route("/api/films/{film_id:path}", api_film, name="api_film"),
        Route("/healthz", healthz, name="healthz"),
        Route("/openapi.json", openapi, name="openapi"),
        # StaticFiles serves only files under its folder: a path with .. or
        # a link out of it is a 404.
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET"])]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={ApiError: _api_error, HTTPException: _http_error, 500: _server_error})
    app.state.holder = holder
    app.state.options = see_also_options()
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.openapi = openapi_schema(app.state.options, max_k=MAX_K, max_limit=MAX_LIMIT)
    return app


def app_from_environment() -> Starlette:
    """The application for uvicorn's workers: the snapshot is named by REELGRAPH_SERVE_SNAPSHOT."""
    snapshot = os.environ.get("REELGRAPH_SERVE_SNAPSHOT")
    if not snapshot:
        raise RuntimeError("REELGRAPH_SERVE_SNAPSHOT names no snapshot file")
    return create_app(snapshot, poll_seconds=float(os.environ.get("REELGRAPH_SERVE_POLL", "1.0")))
