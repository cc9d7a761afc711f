"""`update`: a snapshot changed without a rebuild gives the lists a full rebuild gives."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

import reelgraph
from reelgraph import synthetic
from reelgraph.cli import main
from reelgraph.datasets import dataset_path
from reelgraph.tables import InputError
from reelgraph.update import update


def lists(graph, film_ids, k=10, **options):
    """Each film's list as (film_id, score) pairs, by film id."""
    out = {}
    for film_id in film_ids:
        frame = graph.see_also(graph.core.film_by_id(film_id), k, **options)
        out[film_id] = [(f, round(float(s), 9)) for f, s in zip(frame.film_id, frame.score)]
    return out


def same_graph(updated, rebuilt, film_ids, **options):
    assert updated.n_films == rebuilt.n_films
    assert updated.info()["links"] == rebuilt.info()["links"]
    assert updated.info()["relations"] == rebuilt.info()["relations"]
    assert sorted(updated.films().film_id) == sorted(rebuilt.films().film_id)
    assert lists(updated, film_ids, **options) == lists(rebuilt, film_ids, **options)


def split(tables, last: int):
    """(base films, base links, change films, change links): the last `last` films are the change."""
    films = tables.films.combine_chunks()
    ids = films.column("film_id").cast(pa.string())
    change_ids = ids.slice(len(ids) - last)
    in_change = pc.is_in(tables.links.column("film_id").cast(pa.string()), value_set=change_ids)
    return (films.slice(0, len(ids) - last), tables.links.filter(pc.invert(in_change)),
            films.slice(len(ids) - last), tables.links.filter(in_change))


@pytest.fixture(scope="module")
def catalogue():
    return synthetic.generate(films=3000, seed=11)


def test_adding_films_gives_the_lists_of_a_full_rebuild(catalogue, tmp_path):
    base_films, base_links, new_films, new_links = split(catalogue, 100)
    reelgraph.FilmGraph.from_tables(base_films, base_links).save(tmp_path / "base.rg")
    updated, summary = update(tmp_path / "base.rg", new_films, new_links)
    rebuilt = reelgraph.FilmGraph.from_tables(*catalogue)
    assert (summary.films_added, summary.films_changed, summary.films_removed) == (100, 0, 0)
    # The same entities: the change's genres, countries and languages are
    # spelled as a build spells them ("Sci-Fi" is no genre of its own).
    assert updated.info()["vertices"] == rebuilt.info()["vertices"]
    everyone = lambda g: set(g.core.keys(np.arange(g.core.vertex_count, dtype=np.int64)))  # noqa: E731
    assert everyone(updated) == everyone(rebuilt)
    ids = list(rebuilt.films().film_id)
    sample = ids[:150] + ids[-100:]  # old films, whose lists may now hold new ones, and every new film
    same_graph(updated, rebuilt, sample)
    same_graph(updated, rebuilt, sample[::5], method="ppr")
    # Saved and loaded, it is still the same graph.
    updated.save(tmp_path / "new.rg")
    same_graph(reelgraph.FilmGraph.load(tmp_path / "new.rg"), rebuilt, sample[::3])


def seed_tables():
    folder = dataset_path("seed-world")
    read = lambda name: pd.read_csv(folder / name, dtype=str, keep_default_na=False)  # noqa: E731
    return read("films.csv"), read("links.csv"), read("aliases.csv")


def test_changing_and_removing_films_gives_the_lists_of_a_full_rebuild(tmp_path):
    films, links, aliases = seed_tables()
    reelgraph.FilmGraph.from_tables(films, links, aliases).save(tmp_path / "seed.rg")
    # A State of Mind loses its production company and gains a cast member;
    # The Game of Their Lives is retitled; one film goes.
    changed = ["a-state-of-mind", "the-game-of-their-lives-2002"]
    gone = "crossing-the-line"
    new_films = films[films.film_id.isin(changed)].copy()
    new_films.loc[new_films.film_id == "the-game-of-their-lives-2002", "title"] = "The Game of Their Lives (cut)"
    new_links = links[links.film_id.isin(changed) & (links.relation != "production_company")]
    extra = new_links[new_links.film_id == "a-state-of-mind"].iloc[[0]].copy()
    extra[["relation", "name", "entity_id"]] = ["cast", "Han Jong Sim", ""]
    new_links = pd.concat([new_links, extra], ignore_index=True)
    updated, summary = update(tmp_path / "seed.rg", new_films, new_links, aliases, remove=[gone])
    assert (summary.films_added, summary.films_changed, summary.films_removed) == (0, 2, 1)

    all_films = films[films.film_id != gone].copy()
    all_films.loc[all_films.film_id == "the-game-of-their-lives-2002", "title"] = "The Game of Their Lives (cut)"
    kept = links[~links.film_id.isin(changed + [gone])]
    # The rebuild states the links in the same order: each film's rows together, films in table order.
    all_links = pd.concat([kept, new_links], ignore_index=True)
    order = {f: i for i, f in enumerate(all_films.film_id)}
    all_links = all_links.iloc[np.argsort([order[f] for f in all_links.film_id], kind="stable")]
    rebuilt = reelgraph.FilmGraph.from_tables(all_films, all_links, aliases)
    same_graph(updated, rebuilt, list(all_films.film_id))
    v = updated.core.film_by_id("the-game-of-their-lives-2002")
    assert updated.core.name(v) == "The Game of Their Lives (cut)"
    assert "Koryo Group" not in set(updated.links(v).name)
    with pytest.raises(KeyError):
        updated.core.film_by_id(gone)
    kim = updated.see_also("Comrade Kim Goes Flying", 20)
    assert gone not in set(kim.film_id)
    shared = kim[kim.film_id == "a-state-of-mind"]
    assert len(shared) == 1 and "Han Jong Sim" in shared.reason.iloc[0] and "Koryo" not in shared.reason.iloc[0]


def test_bad_changes_are_refused_clearly(tmp_path, write):
    films, links, aliases = seed_tables()
    base = reelgraph.FilmGraph.from_tables(films, links, aliases)
    with pytest.raises(KeyError, match="no-such-film"):
        update(base, remove=["no-such-film"])
    with pytest.raises(ValueError, match="both changed and removed"):
        update(base, films[films.film_id == "a-state-of-mind"], links[links.film_id == "a-state-of-mind"],
               remove=["a-state-of-mind"])
    # The change's rows are checked as a build checks them: file, line, field.
    bad_films = write("films.csv", """
        film_id,title,year
        new-film,A New Film,19x5
        """)
    bad_links = write("links.csv", """
        film_id,relation,name
        new-film,directed_by,Somebody
        """)
    with pytest.raises(InputError, match=r"films.csv:2: field .year."):
        update(base, bad_films, bad_links)
    lenient, summary = update(base, bad_films, bad_links, on_error="skip")
    films_report = summary.report.tables[0]
    assert films_report.rows_rejected == 1 and lenient.n_films == base.n_films


def test_a_change_whose_people_a_rebuild_would_join_otherwise_is_refused(tmp_path, write, capsys):
    """A name-only credit a build would join to a person of the graph: refused, not a list a rebuild would not give."""
    base_films = write("films.csv", """
        film_id,title,year
        tt0069293,Solaris,1972
        """)
    base_links = write("links.csv", """
        film_id,relation,name,entity_id
        tt0069293,directed_by,Andrei Tarkovsky,nm0001789
        """)
    new_films = write("new_films.csv", """
        film_id,title,year
        tt0079944,Stalker,1979
        """)
    new_links = write("new_links.csv", """
        film_id,relation,name,entity_id
        tt0079944,directed_by,andrei  tarkovsky,
        """)
    # A rebuild makes them one person, the director of both films.
    rebuilt = reelgraph.FilmGraph.from_tables(pd.concat([pd.read_csv(base_films), pd.read_csv(new_films)]),
                                              pd.concat([pd.read_csv(base_links, dtype=str, keep_default_na=False),
                                                         pd.read_csv(new_links, dtype=str, keep_default_na=False)]))
    assert len(rebuilt.search("Andrei Tarkovsky", 5, kind="person")) == 1
    reelgraph.FilmGraph.from_tables(base_films, base_links).save(tmp_path / "base.rg")
    with pytest.raises(ValueError, match="Andrei Tarkovsky.*build the graph again"):
        update(tmp_path / "base.rg", new_films, new_links)
    code = main(["update", str(tmp_path / "base.rg"), "--films", str(new_films), "--links", str(new_links),
                 "-o", str(tmp_path / "next.rg")])
    assert code != 0 and not (tmp_path / "next.rg").exists()
    assert "build the graph again" in capsys.readouterr().err


def test_update_command_writes_a_snapshot_that_serves(tmp_path, write, capsys):
    films, links, aliases = seed_tables()
    reelgraph.FilmGraph.from_tables(films, links, aliases).save(tmp_path / "seed.rg")
    new_films = write("new_films.csv", """
        film_id,title,year
        tt9999999,Comrade Kim Flies Again,2030
        """)
    new_links = write("new_links.csv", """
        film_id,relation,name
        tt9999999,production_company,Koryo Group
        tt9999999,directed_by,Nicholas Bonner
        """)
    code = main(["update", str(tmp_path / "seed.rg"), "--films", str(new_films), "--links", str(new_links),
                 "--remove", "crossing-the-line", "-o", str(tmp_path / "next.rg")])
    out = capsys.readouterr().out
    assert code == 0
    assert "new_films.csv: 1 rows read, 1 used" in out and "1 films added, 0 changed, 1 removed" in out
    graph = reelgraph.FilmGraph.load(tmp_path / "next.rg")
    top = graph.see_also("Comrade Kim Goes Flying", 3)
    assert "tt9999999" in set(top.film_id)
    # Found by any spelling: the lookup index covers the new film.
    assert graph.search("comrade kim flies again", 1).film_id.iloc[0] == "tt9999999"


def test_the_update_benchmark_runs_and_prints_its_figures():
    import re
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "update_bench.py"
    done = subprocess.run([sys.executable, str(script), "--films", "1500", "--add", "20", "--repeat", "1"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert re.search(r"update \(load, check change, merge, save\): +[\d.]+ s += [\d.]+% of the rebuild", done.stdout)
    assert re.search(r"same lists as the rebuild for \d+ films: (yes|NO, \d+ differ)", done.stdout)
