"""Figures: a film's neighbourhood, a person's collaborations, co-production;
every label clear of the others and inside the figure. The figures are saved
as PNG under build/figures/ to be looked at."""

from pathlib import Path

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

import reelgraph  # noqa: E402
from reelgraph import plot  # noqa: E402

FIGURES = Path(__file__).resolve().parents[2] / "build" / "figures"


def _save(fig, name: str) -> None:
    FIGURES.mkdir(parents=True, exist_ok=True)
    fig.savefig(FIGURES / f"{name}.png", dpi=110)
    plt.close(fig)


def _labels(fig) -> list[str]:
    return [t.get_text() for t in plot._texts(fig)]


def _box_colours(fig) -> set[str]:
    from matplotlib.patches import FancyBboxPatch

    return {mcolors.to_hex(p.get_facecolor()) for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)}


def _texts_outside_their_boxes(fig) -> list[str]:
    """Node labels that spill out of the box drawn behind them."""
    from matplotlib.patches import FancyBboxPatch

    renderer = fig.canvas.get_renderer()
    boxes = [p.get_window_extent(renderer) for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    spilled = []
    for text in fig.axes[0].texts:
        e = text.get_window_extent(renderer)
        holders = [b for b in boxes if b.y0 <= (e.y0 + e.y1) / 2 <= b.y1 and b.x0 <= e.x0 + 1 <= b.x1]
        if holders and not any(e.x1 <= b.x1 for b in holders):
            spilled.append(text.get_text())
    return spilled


def test_neighbourhood_shows_the_film_its_related_films_and_what_they_share(seed):
    fig = plot.neighbourhood(seed, "Comrade Kim Goes Flying", k=6)
    labels = _labels(fig)
    related = seed.see_also("Comrade Kim Goes Flying", k=6)
    assert "Comrade Kim Goes Flying (2012)" in labels
    for row in related.itertuples():
        assert any(label.startswith(f"{row.rank}. {row.title}") for label in labels), row.title
    assert any(label.startswith("Koryo Group") for label in labels)
    # Coloured by kind: the company's box, a festival edition's box, the films'.
    colours = _box_colours(fig)
    assert {plot.KIND_COLOURS["company"], plot.KIND_COLOURS["edition"], plot.KIND_COLOURS["film"]} <= colours
    assert plot.label_problems(fig) == []
    assert _texts_outside_their_boxes(fig) == []
    _save(fig, "plot-neighbourhood-seed")


def test_neighbourhood_takes_see_also_options(seed):
    fig = plot.neighbourhood(seed, "Comrade Kim Goes Flying", k=6, edition="MIFF 2013", method="ppr")
    films = [label for label in _labels(fig) if label[:2].rstrip(".").isdigit()]
    assert len(films) == 6
    assert plot.label_problems(fig) == []
    plt.close(fig)


def test_long_titles_are_cut_not_overlapping(write):
    long = "A Film Whose Title Goes On and On Well Past Any Box " * 2
    write("films.csv", f"film_id,title,year\na,{long},2001\nb,Beta,2002\nc,{long} II,2003\n")
    links = write("links.csv", "film_id,relation,name\na,directed_by,Someone With A Very Long Name Indeed\n"
                  "b,directed_by,Someone With A Very Long Name Indeed\nc,directed_by,Someone With A Very Long Name Indeed\n"
                  "a,country,Italy\nb,country,Italy\nc,country,Italy\n")
    graph = reelgraph.FilmGraph.from_folder(links.parent)
    fig = plot.neighbourhood(graph, "Beta", k=5)
    films = sorted(label for label in _labels(fig) if label[:2] in ("1.", "2."))
    # Titles are cut; the rank, year and score stay, so the two films still differ.
    assert films[0].startswith("1. A Film Whose Title") and "\u2026 (2001) \u00b7 " in films[0]
    assert films[1].startswith("2. A Film Whose Title") and "\u2026 (2003) \u00b7 " in films[1]
    assert all(len(label) <= 42 + 20 for label in _labels(fig))
    assert plot.label_problems(fig) == []
    assert _texts_outside_their_boxes(fig) == []
    _save(fig, "plot-neighbourhood-long-titles")


def test_collaborations_of_a_person(seed):
    fig = plot.collaborations(seed, "Kim Gwang Hun", k=6)
    labels = _labels(fig)
    found = seed.collaborators("Kim Gwang Hun", k=6)
    assert "Kim Gwang Hun" in labels and "Comrade Kim Goes Flying" in labels
    for name in found.collaborator:
        assert any(label.startswith(name) for label in labels), name
    assert plot.label_problems(fig) == []
    assert _texts_outside_their_boxes(fig) == []
    _save(fig, "plot-collaborations-seed")


def test_coproduction_matrix(seed):
    pairs = seed.coproduction("country")
    fig = plot.coproduction(pairs)
    ticks = {t.get_text() for t in fig.axes[0].get_xticklabels()}
    assert ticks == {"Belgium", "North Korea", "United Kingdom"}
    assert plot.label_problems(fig) == []
    _save(fig, "plot-coproduction-seed")


def test_label_problems_finds_overlaps_and_clipping():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.text(0.5, 0.5, "one label")
    ax.text(0.52, 0.5, "another label")
    ax.text(0.98, 0.1, "running off the edge of the figure", transform=fig.transFigure)
    problems = plot.label_problems(fig)
    plt.close(fig)
    assert any(p.startswith("overlap: 'one label' and 'another label'") for p in problems)
    assert any(p.startswith("clipped: 'running off") for p in problems)
