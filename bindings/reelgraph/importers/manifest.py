"""Manifests: which sources to import, of which kind, from which files (TOML).

::

    root = "${REELGRAPH_DATA}"   # paths are relative to it; without it, to the manifest's folder
    [[source]]
    kind = "imdb5000"
    path = "credits/imdb5000/movie_metadata.csv"

``on_error = "skip"`` in a source states that its known-bad rows are left
out (each counted and listed in the report) rather than stopping the build;
``reelgraph build --lenient`` does so for every source.

``${NAME}`` in ``root`` or a path is the environment variable NAME. A
mistake is a :class:`ManifestError` naming the manifest, the source's number
(from 1) and the key.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from ._common import ManifestError
from . import (award_winners, cannes, festival_programmes, imdb, imdb5000, oscars, tmdb5000, wikipedia_cast)

KINDS = {m.KIND: m for m in (imdb, imdb5000, tmdb5000, festival_programmes, cannes, award_winners, oscars,
                             wikipedia_cast)}
# Keys that are not file paths, and the type each takes.
VALUE_KEYS = {"title_types": list, "adult": bool, "block_size": int, "pattern": str, "on_error": str, "tv": bool}
# A source's own policy for bad rows: stop at the first ("raise", the default),
# or leave each out and list it in the report ("skip").
ON_ERROR = ("raise", "skip")
# The bytes pyarrow reads at a time: positive, and within what it can address (int32).
MIN_BLOCK, MAX_BLOCK = 1, (1 << 31) - 1
# A manifest is a few lines of TOML; anything larger is not one.
MAX_MANIFEST_BYTES = 1 << 20


def _expand(text: str, manifest: str, index: int | None, key: str) -> str:
    def var(m):
        name = m.group(1) or m.group(2)
        if name not in os.environ:
            raise ManifestError(manifest, index, key, f"environment variable {name} is not set")
        return os.environ[name]

    return re.sub(r"\$\{(\w+)\}|\$(\w+)", var, text)


def _read_text(path: Path, label: str) -> str:
    """The manifest's text. Only a regular file of at most MAX_MANIFEST_BYTES
    is read: a folder, a FIFO (whose open would wait for a writer; O_NONBLOCK
    keeps it from waiting) or a device (/dev/zero never ends) is refused by
    its type, before a byte is read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ManifestError(label, None, None, "no such file") from None
    except IsADirectoryError:
        raise ManifestError(label, None, None, "a folder, not a manifest file") from None
    except OSError as exc:
        raise ManifestError(label, None, None, f"cannot be opened: {exc.strerror or exc}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ManifestError(label, None, None, "a folder, not a manifest file")
        raise ManifestError(label, None, None, "not a regular file (a device, pipe or socket)")
    with os.fdopen(fd, "rb") as f:
        if st.st_size > MAX_MANIFEST_BYTES:
            raise ManifestError(label, None, None, f"{st.st_size} bytes: too large for a manifest "
                                                   f"(at most {MAX_MANIFEST_BYTES})")
        raw = f.read(MAX_MANIFEST_BYTES + 1)
    if len(raw) > MAX_MANIFEST_BYTES:
        raise ManifestError(label, None, None, f"grew past {MAX_MANIFEST_BYTES} bytes while it was read")
    return raw.decode("utf-8")


def _inside(root: Path, text: str) -> bool:
    """Whether a path written in a manifest stays inside its root: relative,
    and no '..' climbing above it (judged on the text, before any file is
    looked at, so nothing outside is even tested for existence)."""
    if os.path.isabs(text) or text.startswith("~"):
        return False
    normal = os.path.normpath(text)
    return normal != ".." and not normal.startswith(".." + os.sep)


def read_manifest(path: str | os.PathLike) -> list[dict]:
    """The manifest's sources, each a dict with its kind, resolved paths and, per
    path key K, a ``K_label`` (the path as reports show it).

    Every path is relative to the root and stays inside it: an absolute path
    or one that climbs out with '..' is refused.
    """
    path = Path(path)
    label = str(path)
    try:
        data = tomllib.loads(_read_text(path, label))
    except UnicodeDecodeError as exc:
        raise ManifestError(label, None, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(label, None, None, f"not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"root", "source"})
    if unknown:
        raise ManifestError(label, None, unknown[0], "unknown key (a manifest has 'root' and [[source]] tables)")
    root_text = data.get("root")
    if root_text is not None and not isinstance(root_text, str):
        raise ManifestError(label, None, "root", "must be a string")
    root = path.parent if root_text is None else (path.parent / _expand(root_text, label, None, "root"))
    if not root.is_dir():
        raise ManifestError(label, None, "root", f"not a folder: {root}")
    sources = data.get("source")
    if not isinstance(sources, list) or not sources:
        raise ManifestError(label, None, "source", "no [[source]] tables")
    entries = []
    for index, source in enumerate(sources, start=1):
        if not isinstance(source, dict):
            raise ManifestError(label, index, None, "not a table: each source is a [[source]] table of keys")
        kind = source.get("kind")
        if kind is None:
            raise ManifestError(label, index, "kind", "missing")
        if not isinstance(kind, str):
            raise ManifestError(label, index, "kind", "must be a string")
        if kind not in KINDS:
            raise ManifestError(label, index, "kind", f"unknown kind '{kind}' (one of: {', '.join(KINDS)})")
        module = KINDS[kind]
        allowed = {"kind", "on_error", *module.REQUIRED, *module.OPTIONAL}
        for key in source:
            if key not in allowed:
                raise ManifestError(label, index, key, f"not a key of a {kind} source (keys: {', '.join(sorted(allowed))})")
        for key in module.REQUIRED:
            if key not in source:
                raise ManifestError(label, index, key, f"missing (a {kind} source needs {', '.join(module.REQUIRED)})")
        entry = {"kind": kind, "index": index, "root": root, "manifest": label}
        for key, value in source.items():
            if key == "kind":
                continue
            if key in VALUE_KEYS:
                wanted = VALUE_KEYS[key]
                if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
                    raise ManifestError(label, index, key, f"must be a {wanted.__name__}")
                if wanted is list and not all(isinstance(v, str) for v in value):
                    raise ManifestError(label, index, key, "must be a list of strings")
                if wanted is list and not value:
                    # An empty list would silently mean the defaults.
                    raise ManifestError(label, index, key, "is empty: list at least one, or leave the key out "
                                                           "for the defaults")
                if key == "pattern" and not _inside(Path("."), value):
                    raise ManifestError(label, index, key, f"'{value}' reaches outside the source's folder")
                if key == "on_error" and value not in ON_ERROR:
                    raise ManifestError(label, index, key, f"must be one of {', '.join(ON_ERROR)}, not '{value}'")
                if key == "block_size" and not MIN_BLOCK <= value <= MAX_BLOCK:
                    raise ManifestError(label, index, key, f"must be from {MIN_BLOCK} to {MAX_BLOCK} bytes")
                entry[key] = value
                continue
            if not isinstance(value, str) or not value.strip():
                raise ManifestError(label, index, key, "must be a path (a non-empty string)")
            if "\0" in value:
                raise ManifestError(label, index, key, "a path cannot hold a NUL character")
            expanded = _expand(value, label, index, key)
            if not _inside(root, expanded):
                raise ManifestError(label, index, key, f"'{value}' is outside the manifest's root ({root}): "
                                                       "paths are relative to it and stay inside it")
            file = root / expanded
            if not file.exists():
                raise ManifestError(label, index, key, f"no such file or folder: {file}")
            if file.is_dir() and key not in getattr(module, "FOLDER_KEYS", ()):
                raise ManifestError(label, index, key, f"a folder, where a {kind} source wants a file: {file}")
            if not (file.is_dir() or file.is_file()):
                raise ManifestError(label, index, key, f"not a file or folder (a device or pipe?): {file}")
            entry[key] = file
            entry[f"{key}_label"] = value
        entries.append(entry)
    return entries
