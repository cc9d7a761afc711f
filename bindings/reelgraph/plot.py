"""Figures of the graph: a film's neighbourhood, a person's collaborations and
co-production between countries (matplotlib, imported when a figure is drawn).

Networks are drawn in columns (the film or person, then what links it, then
what it links to), every node a box holding its label: boxes are opaque and
drawn above the edges, rows are one label high and columns as wide as their
widest label, and the figure is sized to hold them, so no label overlaps
another, no edge crosses a label and nothing is cut at the figure's edge.
:func:`label_problems` checks that of any figure.

>>> from reelgraph import plot
>>> fig = plot.neighbourhood(g, "Comrade Kim Goes Flying", k=6)   # doctest: +SKIP
>>> fig.savefig("neighbourhood.png", dpi=120)                      # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # matplotlib is imported only when a figure is drawn
    from matplotlib.figure import Figure

    from .graph import FilmGraph

__all__ = ["KIND_COLOURS", "coproduction", "collaborations", "label_problems", "neighbourhood"]

#: Box colour of each kind of node (light, so black labels read on every one).
KIND_COLOURS = {
    "film": "#c6dbef",
    "person": "#fdd0a2",
    "company": "#c7e9c0",
    "festival": "#dadaeb",
    "edition": "#bcbddc",
    "section": "#e5e0f2",
    "country": "#fcbba1",
    "language": "#fde0ef",
    "genre": "#ffffb2",
    "award": "#fee391",
    "keyword": "#e0e0e0",
}
_FOCUS_COLOUR = "#6baed6"  # the film or person the figure is about
_FONT = 9.0  # points
_ROW = 2.1  # row height, in font sizes
_GAP = 70.0  # points between columns, where the edges run
_PAD = 12.0  # points of margin around the drawing


@dataclass
class _Node:
    key: object
    label: str
    kind: str
    focus: bool = False
    width: float = 0.0
    x: float = 0.0
    y: float = 0.0


@dataclass
class _Layout:
    columns: list[list[_Node]]
    edges: list[tuple[object, object, float]] = field(default_factory=list)  # (from key, to key, weight)


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _relation_word(relation: str | None) -> str:
    """directed_by -> 'directed', production_company -> 'production company'."""
    if not relation:
        return "via"
    return relation.removesuffix("_by").replace("_", " ")


def _text_widths(labels: Sequence[str], size: float, bold: Sequence[bool] | None = None) -> list[float]:
    """Each label's width in points, as matplotlib will draw it (plus a little:
    rendering at a given resolution rounds glyphs wider than the outlines)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()
    weights = bold if bold is not None else [False] * len(labels)
    return [measure.get_text_width_height_descent(
                label, FontProperties(size=size, weight="bold" if b else "normal"), ismath=False)[0] * 1.04 + 1.0
            for label, b in zip(labels, weights)]


def _draw_columns(layout: _Layout, title: str, legend_kinds: Sequence[str]) -> "Figure":
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch, PathPatch, Patch
    from matplotlib.path import Path as MplPath

    row = _FONT * _ROW
    box_pad = _FONT * 0.45
    nodes = [n for column in layout.columns for n in column]
    for node, width in zip(nodes, _text_widths([n.label for n in nodes], _FONT, [n.focus for n in nodes])):
        node.width = width + 2 * box_pad
    widths = [max((n.width for n in column), default=0.0) for column in layout.columns]
    rows = max((len(c) for c in layout.columns), default=1)
    title_h = _FONT * 3.0
    legend_rows = 1 if legend_kinds else 0
    legend_h = legend_rows * _FONT * 3.2
    body_h = rows * row
    # Each column is centred on its own middle, boxes left-aligned within it.
    x = _PAD
    for column, width in zip(layout.columns, widths):
        top = _PAD + title_h + (body_h - len(column) * row) / 2
        for i, node in enumerate(column):
            node.x, node.y = x, top + (i + 0.5) * row
        x += width + _GAP
    total_w = max(x - _GAP + _PAD, 360.0)
    total_h = _PAD + title_h + body_h + legend_h + _PAD

    fig = plt.figure(figsize=(total_w / 72, total_h / 72), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, total_w)
    ax.set_ylim(total_h, 0)  # y grows downwards, like rows
    ax.axis("off")

    where = {n.key: n for n in nodes}
    heaviest = max((w for _, _, w in layout.edges), default=1.0) or 1.0
    for a, b, weight in layout.edges:
        left, right = where[a], where[b]
        if left.x > right.x:
            left, right = right, left
        x0, x1 = left.x + left.width, right.x
        bend = (x1 - x0) * 0.5
        path = MplPath([(x0, left.y), (x0 + bend, left.y), (x1 - bend, right.y), (x1, right.y)],
                       [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor="#7f7f7f", alpha=0.55, zorder=1,
                               linewidth=0.6 + 2.4 * max(0.0, weight) / heaviest))
    for node in nodes:
        colour = _FOCUS_COLOUR if node.focus else KIND_COLOURS.get(node.kind, "#eeeeee")
        height = _FONT * 1.5
        ax.add_patch(FancyBboxPatch((node.x, node.y - height / 2), node.width, height,
                                    boxstyle="round,pad=0,rounding_size=3", facecolor=colour,
                                    edgecolor="#4d4d4d" if node.focus else "#969696",
                                    linewidth=1.2 if node.focus else 0.6, zorder=3))
        ax.text(node.x + box_pad, node.y, node.label, fontsize=_FONT, va="center_baseline", ha="left", zorder=4,
                fontweight="bold" if node.focus else "normal")
    ax.text(_PAD, _PAD + title_h / 2, title, fontsize=_FONT * 1.25, fontweight="bold", va="center", ha="left")
    if legend_kinds:
        handles = [Patch(facecolor=KIND_COLOURS.get(k, "#eeeeee"), edgecolor="#969696", label=k) for k in legend_kinds]
        ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(_PAD / total_w, _PAD / total_h),
                  ncol=len(handles), frameon=False, fontsize=_FONT * 0.9, handlelength=1.2, columnspacing=1.0,
                  borderaxespad=0)
    return fig


def _fit(fig: "Figure") -> "Figure":
    """Widen the figure until its title and legend fit (the columns always do)."""
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    extents = [t.get_window_extent(renderer) for t in _texts(fig)]
    right = max((e.x1 for e in extents), default=0.0)
    if right > box.x1 - 4:
        ax = fig.axes[0]
        w, h = fig.get_size_inches()
        scale = (right + 12) / box.x1
        x0, x1 = ax.get_xlim()
        fig.set_size_inches(w * scale, h)
        ax.set_xlim(x0, x0 + (x1 - x0) * scale)
    return fig


def neighbourhood(graph: "FilmGraph", film, k: int = 8, *, terms: int = 3, max_label: int = 42,
                  **options) -> "Figure":
    """A film, its related films and the entities they share with it.

    The film is on the left, the shared entities (people, companies,
    festivals...) in the middle, coloured by kind, and the related films on the
    right in rank order; an edge's width is the entity's contribution to the
    score.

    Parameters
    ----------
    graph : FilmGraph
        The graph to ask.
    film : int or str
        The film: vertex, title or id, as :meth:`FilmGraph.film` takes it.
    k : int, default 8
        How many related films.
    terms : int, default 3
        At most this many shared entities per related film (its largest).
    max_label : int, default 42
        Titles and names longer than this many characters are cut with an
        ellipsis (the rank, year, score and relation are kept).
    **options
        Any option of :meth:`FilmGraph.see_also` (``method=``, ``edition=``,
        ``hub_weighting=``...).

    Returns
    -------
    matplotlib.figure.Figure
        Sized to hold every label; save it with ``fig.savefig(...)``.
    """
    import pandas as pd

    vertex = graph.film(film)
    related = graph.see_also(vertex, k, **options)
    centre = _Node(("film", vertex), _short(_title_year(graph, vertex), max_label), "film", focus=True)
    entities: dict[tuple[str, str], _Node] = {}
    order: dict[tuple[str, str], list[int]] = {}
    films: list[_Node] = []
    edges: list[tuple[object, object, float]] = []
    into: dict[tuple[str, str], float] = {}
    for i, row in enumerate(related.itertuples()):
        key = ("film", int(row.film))
        year = "" if pd.isna(row.year) else f" ({int(row.year)})"
        films.append(_Node(key, f"{row.rank}. {_short(row.title, max_label)}{year} \u00b7 {row.score:.3g}", "film"))
        for term in sorted(row.explanation, key=lambda t: -t["contribution"])[:terms]:
            ekey = (term["kind"], term["name"])
            if ekey not in entities:
                label = (f"{_short(term['name'], max_label)} \u00b7 "
                         f"{_relation_word(term['query_relation'] or term['film_relation'])}")
                entities[ekey] = _Node(("entity",) + ekey, label, term["kind"])
                order[ekey] = []
            order[ekey].append(i)
            into[ekey] = into.get(ekey, 0.0) + term["contribution"]
            edges.append((("entity",) + ekey, key, term["contribution"]))
    # Entities in the order of the films they explain (their mean rank), so edges cross little.
    middle = [entities[e] for e in sorted(entities, key=lambda e: (sum(order[e]) / len(order[e]), e[1]))]
    edges = [(centre.key, ("entity",) + e, w) for e, w in into.items()] + edges
    kinds = sorted({n.kind for n in middle} | {"film"}, key=list(KIND_COLOURS).index)
    if not films:
        middle = [_Node("none", "no related film under these options", "keyword")]
        kinds = ["film"]
    title = f"See also: {_short(_title_year(graph, vertex), 60)}"
    return _fit(_draw_columns(_Layout([[centre], middle, films], edges), title, kinds))


def collaborations(graph: "FilmGraph", person: str, k: int = 10, *, roles: Sequence[str] | None = None,
                   max_films: int = 12, max_label: int = 42) -> "Figure":
    """A person, the films they share with their collaborators, and those collaborators.

    The person is on the left, the shared films in the middle (those shared
    with the most collaborators first, at most `max_films`), the collaborators
    on the right, coloured by kind, most shared films first.

    Parameters
    ----------
    graph : FilmGraph
        The graph to ask.
    person : str
        A person (or company) as :meth:`FilmGraph.collaborators` takes it.
    k : int, default 10
        How many collaborators.
    roles : sequence of str, optional
        The collaborators' credits that count (see
        :meth:`FilmGraph.collaborators`; people by default).
    max_films : int, default 12
        At most this many films in the middle column.
    max_label : int, default 42
        Labels longer than this many characters are cut with an ellipsis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    found = graph.collaborators(person, roles=roles, k=k)
    name = person
    if hasattr(graph, "node"):  # "person:Kim Gwang Hun" is shown as the name it stands for
        name = graph.core.name(graph.node(person, kinds=("person", "company")))
    centre = _Node(("me", person), _short(name, max_label), "person", focus=True)
    shared: dict[str, int] = {}
    for titles in found["titles"]:
        for t in titles:
            shared[t] = shared.get(t, 0) + 1
    kept = sorted(shared, key=lambda t: (-shared[t], t))[:max_films]
    film_nodes = [_Node(("film", t), _short(t, max_label), "film") for t in kept]
    people, edges = [], []
    for row in found.itertuples():
        films = [t for t in row.titles if t in set(kept)]
        if not films:
            continue
        kind = getattr(row, "kind", "person") or "person"
        label = f"{_short(row.collaborator, max_label)} \u00b7 {row.films} film{'s' if row.films != 1 else ''}"
        node = _Node(("who", row.collaborator, kind), label, kind)
        people.append(node)
        edges += [(("film", t), node.key, 1.0) for t in films]
    edges += [(centre.key, n.key, float(shared[n.key[1]])) for n in film_nodes]
    kinds = sorted({"film", "person"} | {n.kind for n in people}, key=list(KIND_COLOURS).index)
    if not people:
        film_nodes = [_Node("none", "no collaborator found", "keyword")]
    return _fit(_draw_columns(_Layout([[centre], film_nodes, people], edges),
                              f"Collaborations of {_short(name, 60)}", kinds))


def coproduction(pairs, top: int = 15, *, title: str = "Co-productions between countries") -> "Figure":
    """How often two countries (or companies) share a film, as a matrix.

    Parameters
    ----------
    pairs : pandas.DataFrame
        What :meth:`FilmGraph.coproduction` returns (columns ``a``, ``b``,
        ``films``; periods are summed).
    top : int, default 15
        The countries with the most co-productions, at most this many.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    import numpy as np

    totals = pairs.groupby(["a", "b"], as_index=False)["films"].sum()
    per = (totals.groupby("a")["films"].sum().add(totals.groupby("b")["films"].sum(), fill_value=0)
           .sort_values(ascending=False))
    names = list(per.index[:top])
    index = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(names), len(names)))
    for row in totals.itertuples():
        if row.a in index and row.b in index:
            matrix[index[row.a], index[row.b]] = matrix[index[row.b], index[row.a]] = row.films
    widest = max(_text_widths(names, _FONT), default=0.0) / 72
    cell = 0.32
    side = max(len(names), 1) * cell
    fig, ax = plt.subplots(figsize=(side + widest + 1.6, side + widest + 0.9), layout="constrained")
    shown = np.ma.masked_where(matrix == 0, matrix)
    image = ax.imshow(shown, cmap="Purples", vmin=0)
    ax.set_xticks(range(len(names)), names, rotation=90, fontsize=_FONT)
    ax.set_yticks(range(len(names)), names, fontsize=_FONT)
    ax.set_xticks(np.arange(-0.5, len(names)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(names)), minor=True)
    ax.grid(which="minor", color="#f0f0f0", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    from matplotlib.ticker import MaxNLocator

    bar = fig.colorbar(image, ax=ax, shrink=0.6, label="films", pad=0.04)
    bar.locator = MaxNLocator(integer=True)  # films are counted
    bar.update_ticks()
    ax.set_title(title, fontsize=_FONT * 1.2)
    return fig


def _title_year(graph: "FilmGraph", vertex: int) -> str:
    name, year = graph.core.name(vertex), graph.core.year(vertex)
    return f"{name} ({year})" if year else name


def _texts(fig: "Figure") -> list:
    from matplotlib.text import Text

    hidden = set()  # the tick labels of axes drawn without axes ("axis off") are never drawn
    for ax in fig.axes:
        if not ax.axison:
            hidden.update(id(t) for axis in (ax.xaxis, ax.yaxis) for t in axis.findobj(Text))
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


def _drawn_texts(fig: "Figure") -> tuple[list, list]:
    """The labels a drawing of `fig` actually draws, and where: hidden tick
    labels, ticks outside the view and empty texts are not drawn, so they are
    left out."""
    from matplotlib.text import Text

    texts, boxes = [], []
    original = Text.draw

    def record(self, renderer):
        result = original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            texts.append(self)
            boxes.append(self.get_window_extent(renderer))
        return result

    Text.draw = record
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    return texts, boxes


def label_problems(fig: "Figure") -> list[str]:
    """Labels of `fig` that overlap one another or reach past the figure's edge.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Any figure, drawn as it would be saved.

    Returns
    -------
    list of str
        One line per problem (empty when every label stands clear).
    """
    texts, boxes = _drawn_texts(fig)
    frame = fig.bbox
    problems = []
    for t, b in zip(texts, boxes):
        if b.x0 < frame.x0 - 0.5 or b.y0 < frame.y0 - 0.5 or b.x1 > frame.x1 + 0.5 or b.y1 > frame.y1 + 0.5:
            problems.append(f"clipped: {t.get_text()!r}")
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = boxes[i], boxes[j]
            # Overlap of more than a hair (rounded glyph extents touch at 0.5 px).
            if min(a.x1, b.x1) - max(a.x0, b.x0) > 1 and min(a.y1, b.y1) - max(a.y0, b.y0) > 1:
                problems.append(f"overlap: {texts[i].get_text()!r} and {texts[j].get_text()!r}")
    return problems
