"""Results in words, written by the core once for every way out; export folders any reader opens."""

import re

import numpy as np
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

import reelgraph
from reelgraph import _core, synthetic

# The wording as the Python layer used to write it: an independent statement
# of the rule the core now follows (festival terms fold into the edition, and
# edition terms into the section, whose names extend theirs).
_SHARED = {
    "directed_by": "same director {name}", "produced_by": "same producer {name}", "written_by": "same writer {name}",
    "cast": "shares cast member {name}", "edited_by": "same editor {name}", "shot_by": "same cinematographer {name}",
    "music_by": "same composer {name}", "crew": "shares crew member {name}",
    "production_company": "same production company {name}", "world_sales": "same sales agent {name}",
    "distributor": "same distributor {name}", "screened_at": "both screened at {name}", "screened_in": "both in {name}",
    "festival": "both screened at {name}", "awarded": "both won {name}", "nominated": "both nominated for {name}",
    "country": "both from {name}", "language": "both in {name}", "genre": "both {name}", "keyword": "both about {name}",
}


def phrase(t):
    qr, fr, name = t["query_relation"], t["film_relation"], t["name"]
    if qr is None:
        return f"via {name} ({_core.role_noun(fr)} here)"
    if qr == fr:
        return _SHARED[qr].format(name=name)
    return f"{name} ({_core.role_noun(qr)} there, {_core.role_noun(fr)} here)"


def folded(terms):
    said = [dict(t) for t in terms]
    for broad, narrow, joint in (("festival", "screened_at", " "), ("screened_at", "screened_in", " / ")):
        for t in [t for t in said if t["query_relation"] == broad == t["film_relation"]]:
            into = next((n for n in said if n["query_relation"] == narrow == n["film_relation"]
                         and n["name"].startswith(t["name"] + joint)), None)
            if into is not None:
                into["contribution"] += t["contribution"]
                said.remove(t)
    said.sort(key=lambda t: -t["contribution"])
    return said


def full_reason(terms):
    said = folded(terms)
    parts = [f"{phrase(t)} (+{t['contribution']:.4f})" for t in said[:4]]
    if len(said) > 4:
        parts.append(f"and {len(said) - 4} more (+{sum(t['contribution'] for t in said[4:]):.4f})")
    return "; ".join(parts)


@pytest.fixture(scope="module")
def graphs():
    tables = synthetic.generate(films=1500, seed=3)
    return [reelgraph.FilmGraph.seed_world(), reelgraph.FilmGraph.from_tables(tables.films, tables.links)]


@pytest.mark.parametrize("method", ["cooccurrence", "ppr"])
def test_reasons_and_phrases_follow_the_rule(graphs, method):
    checked = 0
    for g in graphs:
        for film in range(0, g.n_films, max(1, g.n_films // 60)):
            result = g.see_also(film, 15, method=method)
            for row in result.itertuples():
                assert row.reason == full_reason(row.explanation)
                assert [t["phrase"] for t in row.explanation] == [phrase(t) for t in row.explanation]
                checked += 1
    assert checked > 500


def test_short_reasons_are_one_sentence_without_numbers(graphs):
    seen_three = False
    for g in graphs:
        for film in range(0, g.n_films, max(1, g.n_films // 40)):
            result = g.see_also(film, 10, reasons="short")
            full = g.see_also(film, 10)
            for short, row in zip(result.reason, full.itertuples()):
                said = folded(row.explanation)[:3]
                phrases = [phrase(t) for t in said]
                assert short.endswith(".") and "(+" not in short and "more" not in short
                assert short[0].isupper() or not short[0].isalpha()
                expected = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
                assert short[:-1].lower() == expected.lower()
                seen_three |= len(said) == 3
    assert seen_three


def test_every_way_out_says_the_same(graphs):
    g = graphs[1]
    films = list(range(0, 300, 7))
    for style in ("full", "short", "top"):
        batch = g.see_also_all(8, films=films, reasons=style, progress=False, threads=2, chunk=4)
        single = pd.concat([g.see_also(f, 8, reasons=None if style == "top" else style) for f in films])
        if style == "top":
            expected = [phrase(e[0]) for e in single.explanation]
        else:
            expected = list(single.reason)
        assert list(batch.reason) == expected
        assert list(batch.top_entity) == [e[0]["name"] for e in single.explanation]
    assert "reason" not in g.see_also_all(8, films=films, reasons=None, progress=False).columns


def test_a_film_sharing_nothing_has_an_empty_result(graphs):
    g = graphs[0]
    empty = g.see_also("The Story of Film", reasons="short")
    assert empty.empty and list(empty.columns)[-3:] == ["reason", "explanation", "padded"]


@pytest.fixture(scope="module")
def exported(graphs, tmp_path_factory):
    g = graphs[1]
    out = tmp_path_factory.mktemp("export") / "out"
    reelgraph.export(g, out, k=7, part_films=400, threads=2, progress=False, reasons="short")
    return g, out


def test_readers_open_the_export_folder_as_it_is(exported):
    g, out = exported
    mine = reelgraph.read_export(out)
    assert len(mine) > 1000
    # pandas and pyarrow read the folder itself: the manifest, _SUCCESS and the sidecars under _parts/ are skipped.
    pd.testing.assert_frame_equal(pd.read_parquet(out), mine)
    assert pq.read_table(out).num_rows == len(mine)
    assert ds.dataset(out, format="parquet").to_table().num_rows == len(mine)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(("_", "."))) == \
        [f"part-{i:05d}.parquet" for i in range(4)]
    # related_year is the related film's year, null where unknown.
    years = g.films().set_index("film_id").year
    expected = years.reindex(mine.related_id).to_numpy(dtype="float64", na_value=np.nan)
    np.testing.assert_array_equal(mine.related_year.to_numpy(dtype="float64"), expected)
    assert all(r.endswith(".") and "(+" not in r for r in mine.reason)


def test_duckdb_reads_the_export_folder(exported, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    g, out = exported
    con = duckdb.connect()
    count = con.execute(f"select count(*) from read_parquet('{out}/*.parquet')").fetchall()[0][0]
    assert count == len(reelgraph.read_export(out))
    # JSON lines: no sidecar sits beside the parts to be read as rows.
    lines = tmp_path / "jsonl"
    reelgraph.export(g, lines, format="jsonl", k=3, films=list(range(50)), progress=False)
    rows = con.execute(f"select film_id, related_id, related_year, score from read_json('{lines}/*.jsonl')").fetchall()
    expected = reelgraph.read_export(lines)
    assert [r[1] for r in rows] == list(expected.related_id)
    np.testing.assert_allclose([r[3] for r in rows], expected.score)


def test_reason_sums_still_add_up_to_the_score(graphs):
    result = graphs[0].see_also("Comrade Kim Goes Flying", k=20)
    for row in result.itertuples():
        numbers = [float(x) for x in re.findall(r"\(\+(\d+\.\d+)\)", row.reason)]
        assert sum(numbers) == pytest.approx(row.score, abs=2e-3 * len(numbers))
