"""The see-also service in process (Starlette's test client): endpoints, errors, pages, snapshot switch-over."""

import os

import pytest

pytest.importorskip("starlette", reason="the serve extra (starlette, uvicorn, jinja2) is not installed")
pytest.importorskip("httpx2", reason="the serve-test extra (httpx2, the client of starlette.testclient) is not installed")

from starlette.testclient import TestClient  # noqa: E402

import reelgraph  # noqa: E402
from reelgraph import _core  # noqa: E402
from reelgraph.serve import create_app  # noqa: E402
from reelgraph.serve.options import see_also_options  # noqa: E402

KIM = "comrade-kim-goes-flying"


@pytest.fixture(scope="module")
def seed_snapshot(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "seed.rg"
    reelgraph.FilmGraph.seed_world().save(path)
    return path


@pytest.fixture(scope="module")
def client(seed_snapshot):
    with TestClient(create_app(seed_snapshot, watch=False)) as c:
        yield c


def koryo_films(graph):
    v = graph.entity("company", "Koryo Group")
    targets, _ = graph.core.links(v)
    return {graph.film_ids([t])[0] for t in targets if t < graph.n_films} - {KIM}


def test_search_finds_the_film_by_its_title_in_lower_case(client):
    r = client.get("/api/films", params={"q": "comrade kim goes flying"})
    assert r.status_code == 200
    films = r.json()["films"]
    assert films[0]["film_id"] == KIM
    assert films[0]["title"] == "Comrade Kim Goes Flying" and films[0]["year"] == 2012
    assert "Nicholas Bonner" in films[0]["directors"]


def test_see_also_lists_the_koryo_group_films_first_each_with_its_reason(client, seed):
    r = client.get(f"/api/films/{KIM}/see-also", params={"k": 8})
    assert r.status_code == 200
    body = r.json()
    results = body["results"]
    koryo = koryo_films(seed)
    assert len(koryo) == 3
    assert {x["film_id"] for x in results[:3]} == koryo
    for x in results[:3]:
        assert "Koryo Group" in x["reason"]
        assert any(t["name"] == "Koryo Group" for t in x["terms"])
    assert [x["rank"] for x in results] == list(range(1, len(results) + 1))
    scores = [x["score"] for x in results]
    assert scores == sorted(scores, reverse=True)
    # The same list as the Python API gives.
    frame = seed.see_also(seed.film("Comrade Kim Goes Flying"), 8)
    assert [x["film_id"] for x in results] == list(frame.film_id)


def test_every_option_of_the_python_api_is_a_query_parameter(client):
    spec = client.get("/openapi.json").json()
    names = {p["name"] for p in spec["paths"]["/api/films/{film_id}/see-also"]["get"]["parameters"]}
    unservable = {"popularity"}  # one number per film: no query string carries it
    expected = {o.name for o in reelgraph.options.OPTIONS} - {"k"} - unservable
    assert expected and expected <= names
    assert {"k", "seed", "reasons"} <= names


def test_an_option_added_to_the_python_api_becomes_a_parameter(monkeypatch):
    from reelgraph.options import Option

    added = Option("brand_new_limit", "int", 3, "a limit the core has just learned", None)
    monkeypatch.setattr(reelgraph.options, "OPTIONS", (*reelgraph.options.OPTIONS, added))
    option = {o.name: o for o in see_also_options()}["brand_new_limit"]
    assert option.kind == "integer" and option.default == 3


def test_options_given_as_query_parameters_change_the_list_as_in_python(client, seed):
    v = seed.film("Comrade Kim Goes Flying")
    cases = [
        ({"relations": "production_company"}, {"relations": ["production_company"]}),
        ({"weights": "production_company:0,directed_by:2"}, {"weights": {"production_company": 0, "directed_by": 2}}),
        ({"method": "ppr", "ppr_alpha": "0.3"}, {"method": "ppr", "ppr_alpha": 0.3}),
        ({"exclude_same_director": "true"}, {"exclude_same_director": True}),
        ({"min_year": "2005"}, {"min_year": 2005}),
    ]
    for query, options in cases:
        r = client.get(f"/api/films/{KIM}/see-also", params={"k": 10, **query})
        assert r.status_code == 200, (query, r.text)
        expected = seed.see_also(v, 10, **options)
        assert [x["film_id"] for x in r.json()["results"]] == list(expected.film_id), query
    everything = seed.see_also(v, 10)
    only_companies = client.get(f"/api/films/{KIM}/see-also", params={"relations": "production_company"}).json()
    assert len(only_companies["results"]) < len(everything)


def test_unknown_film_is_404_with_suggestions(client):
    r = client.get("/api/films/comrade-kim-goes-flyin/see-also")
    assert r.status_code == 404
    body = r.json()
    assert body["status"] == 404 and "comrade-kim-goes-flyin" in body["error"]
    assert KIM in [s["film_id"] for s in body["suggestions"]]
    assert client.get("/api/films/no-such-film-at-all").status_code == 404


@pytest.mark.parametrize("query, parameter", [
    ({"k": "0"}, "k"), ({"k": "101"}, "k"), ({"k": "ten"}, "k"), ({"method": "magic"}, "method"),
    ({"weights": "directed_by"}, "weights"), ({"weights": "nonsense:1"}, "weights"),
    ({"weights": "cast:-1"}, "weights"), ({"ppr_alpha": "nan"}, "ppr_alpha"), ({"relations": "friends"}, "relations"),
    ({"exclude_same_director": "maybe"}, "exclude_same_director"), ({"min_year": "1.5"}, "min_year"),
])
def test_a_bad_parameter_is_422_naming_it(client, query, parameter):
    r = client.get(f"/api/films/{KIM}/see-also", params=query)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["status"] == 422 and body["parameter"] == parameter


def test_a_value_the_python_api_refuses_is_422(client):
    r = client.get(f"/api/films/{KIM}/see-also", params={"edition": "Nowhere Fest 1999"})
    assert r.status_code == 422 and "Nowhere Fest" in r.json()["error"]
    r = client.get("/api/films", params={"q": ""})
    assert r.status_code == 422
    r = client.get("/api/films", params={"q": "kim", "limit": "1000"})
    assert r.status_code == 422


def test_no_path_leaves_the_service_files(client):
    assert client.get("/static/style.css").status_code == 200
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/graph.py",
                 "/static//etc/passwd", "/../../etc/passwd", "/films/..%2f..%2fetc%2fpasswd"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "def " not in r.text and "root:" not in r.text


def test_healthz_gives_the_snapshot_checksum_and_film_count(client, seed_snapshot, seed):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["films"] == seed.n_films
    assert body["checksum"] == f"{_core.inspect_snapshot(str(seed_snapshot))['checksum']:016x}"


def test_film_page_shows_credits_and_the_see_also_block_with_links(client, seed):
    r = client.get(f"/films/{KIM}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<h1>Comrade Kim Goes Flying</h1>" in html and "See also..." in html
    assert "Nicholas Bonner" in html and "Koryo Group" in html
    for film_id in koryo_films(seed):
        assert f'href="http://testserver/films/{film_id}"' in html
    assert 'name="q"' in html


@pytest.mark.parametrize("path", ["/", "/search?q=kim", f"/films/{KIM}", "/films/nothing-here"])
def test_every_page_has_the_search_box(client, path):
    r = client.get(path)
    assert 'role="search"' in r.text and 'name="q"' in r.text


def test_unknown_film_page_is_404_with_suggestions(client):
    r = client.get("/films/comrade-kim")
    assert r.status_code == 404 and f"/films/{KIM}" in r.text


def test_embed_block_links_to_the_host_site_when_asked(client, seed):
    r = client.get(f"/embed/films/{KIM}", params={"k": 3, "href": "https://festival.example/film/{film_id}"})
    assert r.status_code == 200
    for film_id in koryo_films(seed):
        assert f'href="https://festival.example/film/{film_id}"' in r.text
    for bad in ("javascript:alert(1)//{film_id}", "//evil.example/{film_id}", "https://festival.example/"):
        assert client.get(f"/embed/films/{KIM}", params={"href": bad}).status_code == 422, bad


def test_text_is_escaped_on_pages(client):
    r = client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text


def test_a_replaced_snapshot_is_served_and_a_broken_one_is_not(tmp_path, seed):
    path = tmp_path / "live.rg"
    seed.save(path)
    app = create_app(path, watch=False)
    holder = app.state.holder
    with TestClient(app) as c:
        before = c.get("/healthz").json()
        smaller = reelgraph.FilmGraph.from_tables(*_without_one_film(seed))
        smaller.save(tmp_path / "next.rg")
        os.replace(tmp_path / "next.rg", path)
        assert holder.reload_if_changed()
        after = c.get("/healthz").json()
        assert after["films"] == before["films"] - 1 and after["generation"] == 2
        assert after["checksum"] != before["checksum"]
        # A damaged file: the graph loaded before goes on serving.
        (tmp_path / "bad.rg").write_bytes(b"not a snapshot at all")
        os.replace(tmp_path / "bad.rg", path)
        assert not holder.reload_if_changed()
        still = c.get("/healthz").json()
        assert still["generation"] == 2 and still["reload_errors"] == 1
        assert c.get(f"/api/films/{KIM}/see-also").status_code == 200


def _without_one_film(graph):
    import pandas as pd

    from reelgraph.datasets import dataset_path

    folder = dataset_path("seed-world")
    films = pd.read_csv(folder / "films.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(folder / "links.csv", dtype=str, keep_default_na=False)
    gone = films.film_id.iloc[-1]
    return films[films.film_id != gone], links[links.film_id != gone]


def test_the_templates_and_static_files_are_installed_with_the_package():
    import reelgraph.serve as serve

    folder = os.path.dirname(serve.__file__)
    for name in ("templates/film.html", "templates/embed.html", "static/style.css", "static/embed.js"):
        assert os.path.isfile(os.path.join(folder, name)), name
