"""The service's OpenAPI 3 description, with see-also's options as they are in the Python API."""

from __future__ import annotations

from .. import __version__
from .options import QueryOption

_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    text = {404: "No film has that id; `suggestions` lists films with a close title",
            422: "A parameter is missing, malformed or out of bounds; `parameter` names it"}
    return {str(c): _json(_ERROR, text[c]) for c in codes}


_FILM_ID = {"name": "film_id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1},
            "description": "The film's id as the catalogue writes it (tt0038297, Q42, or the table's own id)"}


def openapi_schema(options: list[QueryOption], *, max_k: int, max_limit: int) -> dict:
    film = {"type": "object", "required": ["film_id", "title", "year"], "properties": {
        "film_id": {"type": "string"}, "title": {"type": "string"}, "year": {"type": "integer", "nullable": True},
        "directors": {"type": "array", "items": {"type": "string"}}}}
    term = {"type": "object", "properties": {
        "name": {"type": "string"}, "kind": {"type": "string"},
        "query_relation": {"type": "string", "nullable": True}, "film_relation": {"type": "string"},
        "contribution": {"type": "number"}, "phrase": {"type": "string"}}}
    related = {"type": "object", "required": ["rank", "film_id", "title", "year", "score", "reason", "terms"],
               "properties": {"rank": {"type": "integer", "minimum": 1}, "film_id": {"type": "string"},
                              "title": {"type": "string"}, "year": {"type": "integer", "nullable": True},
                              "score": {"type": "number", "nullable": True}, "reason": {"type": "string"},
                              "terms": {"type": "array", "items": term}}}
    error = {"type": "object", "required": ["error", "status"], "properties": {
        "error": {"type": "string"}, "status": {"type": "integer"}, "parameter": {"type": "string"},
        "suggestions": {"type": "array", "items": {"$ref": "#/components/schemas/Film"}}}}
    see_also_params = [_FILM_ID,
                       {"name": "k", "in": "query", "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": max_k, "default": 10},
                        "description": f"How many related films (1-{max_k})"},
                       {"name": "seed", "in": "query", "required": False, "style": "form", "explode": True,
                        "schema": {"type": "array", "items": {"type": "string"}},
                        "description": "More films (by id) to start from: films related to all of them"}]
    see_also_params += [o.openapi() for o in options]
    html = {"description": "An HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "reelgraph", "version": __version__,
                 "description": "Related films with their reasons, from a reelgraph snapshot."},
        "paths": {
            "/api/films": {"get": {
                "operationId": "searchFilms", "summary": "Find films by any spelling of their title or id",
                "parameters": [
                    {"name": "q", "in": "query", "required": True,
                     "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
                    {"name": "limit", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": max_limit, "default": 10}}],
                "responses": {"200": _json({"type": "object", "properties": {
                    "query": {"type": "string"}, "films": {"type": "array", "items": {"$ref": "#/components/schemas/Film"}}}},
                    "Films, best match first"), **_errors(422)}}},
            "/api/films/{film_id}": {"get": {
                "operationId": "getFilm", "summary": "A film and what it links to",
                "parameters": [_FILM_ID],
                "responses": {"200": _json({"allOf": [{"$ref": "#/components/schemas/Film"}, {
                    "type": "object", "properties": {"links": {"type": "array", "items": {
                        "type": "object", "properties": {"relation": {"type": "string"}, "kind": {"type": "string"},
                                                         "name": {"type": "string"}, "films": {"type": "integer"}}}}}}]},
                    "The film"), **_errors(404)}}},
            "/api/films/{film_id}/see-also": {"get": {
                "operationId": "seeAlso", "summary": "The films most related to a film, best first, each with its reason",
                "parameters": see_also_params,
                "responses": {"200": _json({"type": "object", "properties": {
                    "film": {"$ref": "#/components/schemas/Film"}, "k": {"type": "integer"},
                    "options": {"type": "object"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Related"}}}},
                    "The list"), **_errors(404, 422)}}},
            "/films/{film_id}": {"get": {"operationId": "filmPage", "summary": "The film's page",
                                         "parameters": see_also_params, "responses": {"200": html, "404": html, "422": html}}},
            "/embed/films/{film_id}": {"get": {
                "operationId": "embedBlock", "summary": "The see-also block alone, for an iframe on another site",
                "parameters": see_also_params + [
                    {"name": "href", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "The embedding site's film address with {film_id} in it (default: this service's pages)"},
                    {"name": "heading", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 80}}],
                "responses": {"200": html, "404": html, "422": html}}},
            "/healthz": {"get": {"operationId": "health", "summary": "The snapshot served: its checksum and film count",
                                 "responses": {"200": _json({"type": "object", "required": ["status", "films", "checksum"],
                                                             "properties": {"status": {"type": "string"},
                                                                            "films": {"type": "integer"},
                                                                            "checksum": {"type": "string"}}},
                                                            "Serving")}}},
        },
        "components": {"schemas": {"Film": film, "Related": related, "Error": error}},
    }
