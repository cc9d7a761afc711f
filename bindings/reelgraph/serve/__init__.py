"""`reelgraph serve`: a see-also service over a snapshot file (needs the `serve` extra: starlette, uvicorn, jinja2).

>>> from reelgraph.serve import create_app            # doctest: +SKIP
>>> app = create_app("films.rg")                       # an ASGI application
"""

from __future__ import annotations

import os


def create_app(snapshot, **kwargs):
    """The ASGI application serving one snapshot file (see :func:`reelgraph.serve.app.create_app`)."""
    from .app import create_app as _create

    return _create(snapshot, **kwargs)


def run(snapshot: str | os.PathLike, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
        poll_seconds: float = 1.0, log_level: str = "info") -> None:
    """Serve `snapshot` with uvicorn until stopped; `workers` processes share the port."""
    import uvicorn

    path = os.path.abspath(os.fspath(snapshot))
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no snapshot at {snapshot}")
    if workers > 1:
        # Worker processes import the application by name; the snapshot goes by the environment.
        os.environ["REELGRAPH_SERVE_SNAPSHOT"] = path
        os.environ["REELGRAPH_SERVE_POLL"] = str(poll_seconds)
        uvicorn.run("reelgraph.serve.app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level, proxy_headers=True)
    else:
        uvicorn.run(create_app(path, poll_seconds=poll_seconds), host=host, port=port, log_level=log_level,
                    proxy_headers=True)
