"""The service as users meet it: a real `reelgraph serve` process on a free 127.0.0.1 port.

A bounded load with the snapshot replaced midway, several worker processes,
and the OpenAPI schema fuzzed with schemathesis.
"""

import json
import os
import time

import pytest

pytest.importorskip("starlette", reason="the serve extra (starlette, uvicorn, jinja2) is not installed")
pytest.importorskip("uvicorn", reason="the serve extra (starlette, uvicorn, jinja2) is not installed")

import reelgraph  # noqa: E402
from reelgraph import synthetic  # noqa: E402
from reelgraph.serve.testing import ServerProcess, request_mix, run_load  # noqa: E402


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    first = reelgraph.FilmGraph.from_tables(*synthetic.generate(films=2000, seed=3))
    second = reelgraph.FilmGraph.from_tables(*synthetic.generate(films=2100, seed=3))
    first.save(folder / "first.rg")
    second.save(folder / "second.rg")
    return folder, first, second


def test_load_with_the_snapshot_replaced_midway_has_no_error_and_switches(snapshots, tmp_path):
    folder, first, second = snapshots
    live, incoming = tmp_path / "live.rg", tmp_path / "incoming.rg"
    live.write_bytes((folder / "first.rg").read_bytes())
    incoming.write_bytes((folder / "second.rg").read_bytes())
    common = sorted(set(first.films().film_id) & set(second.films().film_id))
    with ServerProcess(live, poll_seconds=0.05) as server:
        before = server.health()
        assert before["films"] == first.n_films
        result = run_load(server, 400, 8, request_mix(common, list(first.films().title), seed=1),
                          midway=lambda: os.replace(incoming, live))
        assert result.errors == []
        assert len(result.latencies) == 400
        deadline = time.monotonic() + 30
        after = server.health()
        while after["generation"] == before["generation"] and time.monotonic() < deadline:
            time.sleep(0.05)
            after = server.health()
        assert after["films"] == second.n_films and after["checksum"] != before["checksum"]
        # A film only the new catalogue has is served now.
        new_only = sorted(set(second.films().film_id) - set(common))[0]
        status, body = server.get(f"/api/films/{new_only}/see-also?k=5")
        assert status == 200 and json.loads(body)["film"]["film_id"] == new_only


def test_several_workers_answer_on_one_port(snapshots):
    folder, first, _ = snapshots
    with ServerProcess(folder / "first.rg", workers=2) as server:
        result = run_load(server, 100, 4, request_mix(list(first.films().film_id)[:200], ["a"], seed=2))
        assert result.errors == []
        assert server.health()["films"] == first.n_films


def test_the_openapi_schema_holds_under_fuzzing(snapshots):
    schemathesis = pytest.importorskip("schemathesis", reason="the serve-test extra (schemathesis) is not installed")
    from hypothesis import HealthCheck, settings
    from schemathesis.checks import positive_data_acceptance

    folder, first, _ = snapshots
    with ServerProcess(folder / "first.rg") as server:
        schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
        failures = []
        for result in schema.get_all_operations():
            operation = result.ok()
            strategy = operation.as_strategy()

            @settings(max_examples=25, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def check(case):
                response = case.call(base_url=server.url)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code}")
                    return
                # Every other check: no server error, documented status codes and
                # content types, bodies that match their schema. A valid-looking
                # request may still be refused with 422 (an edition that does not
                # exist, a year the core cannot hold), which that check would flag.
                case.validate_response(response, excluded_checks=[positive_data_acceptance])

            from hypothesis import given

            given(strategy)(check)()
        assert failures == []


def test_the_load_benchmark_runs_and_prints_its_figures():
    import re
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "serve_load.py"
    done = subprocess.run([sys.executable, str(script), "--films", "600", "--requests", "120", "--clients", "4"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"120 requests in [\d.]+ s: \d+ requests/s, p50 [\d.]+ ms, p99 [\d.]+ ms, errors 0", done.stdout)
    assert "(switched)" in done.stdout
