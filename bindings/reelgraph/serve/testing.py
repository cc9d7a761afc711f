"""A service in a child process on a free local port, and a bounded load against it.

Used by the tests and by benchmarks/serve_load.py; also handy to try a
snapshot: ``with ServerProcess("films.rg") as s: print(s.url)``.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Sequence
from urllib.parse import quote


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class ServerProcess:
    """`reelgraph serve SNAPSHOT` on 127.0.0.1 and a free port, stopped on exit."""

    def __init__(self, snapshot, *, workers: int = 1, poll_seconds: float = 0.2, timeout: float = 60.0):
        self.snapshot, self.workers, self.poll_seconds, self.timeout = snapshot, workers, poll_seconds, timeout
        self.host, self.port = "127.0.0.1", free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> "ServerProcess":
        command = [sys.executable, "-m", "reelgraph", "serve", os.fspath(self.snapshot), "--host", self.host,
                   "--port", str(self.port), "--workers", str(self.workers), "--poll", str(self.poll_seconds)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"reelgraph serve exited with {self.process.returncode}: "
                                   f"{self.process.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__(None, None, None)
        raise TimeoutError(f"reelgraph serve did not answer on {self.url} within {self.timeout} s")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def health(self) -> dict:
        status, body = self.get("/healthz")
        if status != 200:
            raise RuntimeError(f"/healthz answered {status}")
        return json.loads(body)


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float]
    errors: list[str] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] if ordered else float("nan")

    def summary(self) -> str:
        return (f"{self.requests} requests in {self.seconds:.2f} s: {self.requests / self.seconds:.0f} requests/s, "
                f"p50 {self.percentile(50) * 1e3:.1f} ms, p99 {self.percentile(99) * 1e3:.1f} ms, "
                f"errors {len(self.errors)}")


def request_mix(film_ids: Sequence[str], titles: Sequence[str], seed: int = 0) -> Callable[[int], str]:
    """The i-th request path of a mix like a film site's: mostly see-also lists and pages, some searches."""
    rng = random.Random(seed)
    paths = []
    for _ in range(4096):
        film = quote(rng.choice(film_ids), safe="")
        roll = rng.random()
        if roll < 0.55:
            paths.append(f"/api/films/{film}/see-also?k=10")
        elif roll < 0.75:
            paths.append(f"/films/{film}")
        elif roll < 0.85:
            paths.append(f"/api/films/{film}")
        elif roll < 0.95:
            paths.append("/api/films?q=" + quote(rng.choice(titles)[:40]))
        else:
            paths.append("/healthz")
    return lambda i: paths[i % len(paths)]


def run_load(server: ServerProcess, total: int, clients: int, path_of: Callable[[int], str],
             midway: Callable[[], None] | None = None) -> LoadResult:
    """`total` GET requests from `clients` threads (one keep-alive connection each); `midway` is called
    once, from its own thread, when half the requests are done. Any status but 200 is an error."""
    lock = threading.Lock()
    next_request = [0]
    done = [0]
    latencies: list[float] = []
    errors: list[str] = []
    half = threading.Event()

    def client():
        connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
        mine = []
        while True:
            with lock:
                i = next_request[0]
                if i >= total:
                    break
                next_request[0] += 1
            path = path_of(i)
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = f"{type(exc).__name__}: {exc}"
                connection.close()
                connection = http.client.HTTPConnection(server.host, server.port, timeout=60)
            mine.append(time.perf_counter() - start)
            with lock:
                if status != 200:
                    errors.append(f"{path}: {status}")
                done[0] += 1
                if done[0] == total // 2:
                    half.set()
        connection.close()
        with lock:
            latencies.extend(mine)

    swapper = None
    if midway is not None:
        def swap():
            half.wait()
            midway()
        swapper = threading.Thread(target=swap, daemon=True)
        swapper.start()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    if swapper is not None:
        half.set()
        swapper.join()
    return LoadResult(total, seconds, latencies, errors)
