"""Files written safely: under a temporary name created exclusively, then renamed.

The temporary file is created with O_EXCL and O_NOFOLLOW under an unguessable
name beside the target: a file or symlink planted at that name is never
opened, so it cannot redirect the write; a planted name only costs another
try. The rename puts the whole file in place at once (a reader sees the old
file or the new one, never half of one), and a failure on the way (a full
disk) removes the temporary file.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def create_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty file beside `path` (".<name>.tmp-<pid>-<random>"), open for writing: (fd, its path)."""
    for _ in range(64):
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(8)}")
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{path}: no free temporary name beside it after 64 tries")


@contextmanager
def atomic_file(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write `path`'s new contents into; renamed into place when the block ends without error."""
    path = Path(path)
    fd, tmp = create_temporary(path)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    with atomic_file(path) as f:
        f.write(data)
