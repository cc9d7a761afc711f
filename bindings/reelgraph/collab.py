"""Collaboration analysis on a FilmGraph: who worked with whom, co-credit
networks, how two nodes are connected, and the structure of the credits.

The counting, path search, components and betweenness run in the C++ core
with the GIL released and come back as numpy arrays; this module turns them
into DataFrames. Communities use networkx (an optional dependency) on the
co-credit network the core builds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple, Sequence

import numpy as np
import pandas as pd

from . import _core
from .errors import FilmNotFoundError

if TYPE_CHECKING:  # pragma: no cover
    import igraph
    import networkx

_RELATIONS = _core.relations()
_KINDS = _core.node_kinds()

PERSON_CREDITS = ("directed_by", "produced_by", "written_by", "cast", "edited_by", "shot_by", "music_by", "crew")
COMPANY_CREDITS = ("production_company", "world_sales", "distributor")
CREDITS = PERSON_CREDITS + COMPANY_CREDITS
# Kinds a path does not pass through by default: nearly every film has a
# country, a language and a genre, so a path through one says nothing.
HUB_KINDS = ("country", "language", "genre", "keyword")
# Betweenness is exact up to this many vertices; above it, estimated from
# BETWEENNESS_SAMPLES sources drawn with the seed (cost: one breadth-first
# search per source).
EXACT_BETWEENNESS_MAX = 5000
BETWEENNESS_SAMPLES = 500

def _require_networkx(what: str):
    try:
        import networkx
    except ImportError:
        raise ImportError(
            f"{what} needs networkx, which is not installed: pip install networkx "
            "(or pip install 'reelgraph[analysis]')"
        ) from None
    return networkx


def _require_igraph(what: str):
    try:
        import igraph
    except ImportError:
        raise ImportError(
            f"{what} needs python-igraph, which is not installed: pip install igraph "
            "(or pip install 'reelgraph[analysis]')"
        ) from None
    return igraph


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _steps(progress: bool, total: int, what: str):
    """A tqdm bar over the steps of a long call, or nothing."""
    if not progress:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=what, unit="step")


def _edge_pairs(a: np.ndarray, b: np.ndarray) -> list:
    """Edges as igraph's constructor takes them fastest: python-igraph reads a
    list of int pairs in C, and a numpy array of pairs about twice as slowly."""
    return list(zip(a.tolist(), b.tolist()))


def _relation_names(mask: int) -> list[str]:
    return [r for i, r in enumerate(_RELATIONS) if (int(mask) >> i) & 1]


def _label(relations: Sequence[str]) -> str:
    return ", ".join(r.replace("_", " ") for r in relations)


def _check_relations(relations, what: str) -> list[str] | None:
    if relations is None:
        return None
    if isinstance(relations, str):
        relations = [relations]
    relations = list(relations)
    for r in relations:
        if r not in _RELATIONS:
            raise ValueError(f"{what}: unknown relation '{r}' (one of: {', '.join(_RELATIONS)})")
    return relations


def _cap(value, what: str = "degree_cap") -> int:
    if value is None:
        return 0
    if int(value) < 1:
        raise ValueError(f"{what} must be 1 or more (or None for no cap), not {value}")
    return int(value)


def _budget(max_bytes) -> int:
    if max_bytes is None:
        return 0
    if int(max_bytes) < 1:
        raise ValueError(f"max_bytes must be 1 or more (or None for half the machine's memory), not {max_bytes}")
    return int(max_bytes)


def _split(values, offsets: np.ndarray) -> list[list]:
    values, offsets = list(values), offsets.tolist()  # plain ints slice much faster than numpy scalars
    return [values[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]


class NodeNotFoundError(KeyError):
    """No node of the kinds asked for has that name; `suggestions` holds close names."""

    def __init__(self, query: str, kinds: Sequence[str], suggestions: Sequence[str] = ()):
        self.query, self.kinds, self.suggestions = query, list(kinds), list(suggestions)
        super().__init__(query)

    def __str__(self) -> str:
        text = f"no {' or '.join(self.kinds)} named '{self.query}'"
        if self.suggestions:
            text += "; closest names: " + ", ".join(self.suggestions)
        return text


class AmbiguousNodeError(KeyError):
    """Nodes of several kinds answer to the name; `candidates` lists (kind, vertex)."""

    def __init__(self, query: str, candidates: Sequence[tuple[str, int]], labels: Sequence[str] | None = None):
        self.query, self.candidates = query, list(candidates)
        self.labels = list(labels) if labels is not None else None
        super().__init__(query)

    def __str__(self) -> str:
        if self.labels and len({k for k, _ in self.candidates}) == 1:
            kind = self.candidates[0][0]
            ids = ", ".join(sorted(label[label.rfind("(") + 1:-1] for label in self.labels))
            return (f"{len(self.candidates)} {kind}s answer to '{self.query}': {'; '.join(self.labels)}. "
                    f"Give the id ({ids}).")
        kinds = ", ".join(f"'{kind}:{self.query}'" for kind, _ in self.candidates)
        return f"'{self.query}' names a {' and a '.join(k for k, _ in self.candidates)}; write {kinds}"


class CocreditNetwork(NamedTuple):
    """A co-credit network: `nodes` and `edges` DataFrames, and how many
    entities were left out for linking to more films than the degree cap."""

    nodes: pd.DataFrame
    edges: pd.DataFrame
    skipped_entities: int

    def to_networkx(self) -> "networkx.Graph":
        """An undirected networkx Graph: nodes by vertex id (kind, name), edges with weight and films."""
        nx = _require_networkx("CocreditNetwork.to_networkx")
        graph = nx.Graph()
        graph.add_nodes_from((int(r.vertex), {"kind": r.kind, "name": r.name}) for r in self.nodes.itertuples())
        graph.add_edges_from(
            (int(r.a_vertex), int(r.b_vertex), {"weight": int(r.weight), "films": list(r.films)})
            for r in self.edges.itertuples()
        )
        return graph


class Collaborations:
    """Collaboration analysis of one graph: ``graph.collab``.

    Who worked with whom, co-credit networks, paths between two nodes,
    components, betweenness, communities and co-production. Films are looked
    up through the graph (titles, ids or vertices), names of other nodes by
    :meth:`node`. The old spellings ``graph.components()`` and the like still
    work and call these.
    """

    #: The methods FilmGraph also offers under the same names.
    PUBLIC = ("node", "collaborators", "cocredit_network", "degree_centrality", "paths", "components",
              "betweenness", "communities", "coproduction", "to_networkx", "to_igraph")

    def __init__(self, graph):
        # Any object with the FilmGraph look-ups: core, film, edition, titles, film_ids.
        self.graph = graph

    @property
    def _g(self) -> "_core.FilmGraph":
        return self.graph.core

    def film(self, film, year: int | None = None) -> int:
        return self.graph.film(film, year)

    def edition(self, edition) -> int:
        return self.graph.edition(edition)

    def titles(self) -> list[str]:
        return self.graph.titles()

    def film_ids(self, vertices) -> list[str]:
        return self.graph.film_ids(vertices)

    @property
    def search_index(self):
        return self.graph.search_index

    # ------------------------------------------------------------ naming nodes
    def node(self, node, kinds: Sequence[str] | None = None) -> int:
        """The vertex of a film, person, company, festival, edition... by name.

        `node` is a vertex id, a film title or id, an entity's name, alias or
        external id, or either written "kind:name" ("person:Kim Gwang Hun",
        "edition:MIFF 2013", "film:Broken") when a name is shared by nodes of
        several kinds (AmbiguousNodeError otherwise). `kinds` limits the kinds
        looked in. An unknown name raises NodeNotFoundError with close names.

        Parameters
        ----------
        node : int or str
            A vertex, a film title or id, an entity's name, alias or external
            id, or ``"kind:name"``.
        kinds : sequence of str, optional
            The node kinds to look in (default: every kind).

        Returns
        -------
        int
            The vertex.

        Raises
        ------
        NodeNotFoundError
            No such node (with the closest names).
        AmbiguousNodeError
            Nodes of several kinds answer to the name.
        """
        kinds = list(kinds) if kinds is not None else list(_KINDS)
        for kind in kinds:
            if kind not in _KINDS:
                raise ValueError(f"unknown node kind '{kind}' (one of: {', '.join(_KINDS)})")
        if isinstance(node, (int, np.integer)) and not isinstance(node, bool):
            v = int(node)
            if not 0 <= v < self._g.vertex_count:
                raise NodeNotFoundError(str(node), kinds)
            if self._g.kind(v) not in kinds:
                raise ValueError(f"vertex {v} ({self._g.name(v)}) is a {self._g.kind(v)}, not a {' or '.join(kinds)}")
            return v
        text = str(node).strip()
        prefix = re.fullmatch(r"([a-z]+):(.+)", text, flags=re.S)
        if prefix and prefix.group(1) in _KINDS:
            kind, name = prefix.group(1), prefix.group(2).strip()
            if kind not in kinds:
                raise ValueError(f"'{text}' names a {kind}, not a {' or '.join(kinds)}")
            return self._node_of_kind(kind, name)
        found: list[tuple[str, int]] = []
        if "film" in kinds:
            try:
                found.append(("film", self.film(text)))
            except FilmNotFoundError:
                pass
        for kind in kinds:
            if kind in ("film", "edition"):
                continue
            v = self._g.find_entity(kind, text)
            if v is not None:
                found.append((kind, v))
        if "edition" in kinds and re.fullmatch(r".+\s\d{4}", text):
            try:
                found.append(("edition", self.edition(text)))
            except (KeyError, ValueError):
                pass
        if not found:
            # Any other spelling of an entity's name or alias ("Joon-ho Bong",
            # "andrei tarkovski"), or the name of a person known by an id.
            for kind in kinds:
                if kind not in ("film", "edition"):
                    found += [(kind, v) for v in self.search_index.exact(text, kind)]
        found = list(dict.fromkeys(found))
        if len(found) == 1:
            return found[0][1]
        if found:
            raise AmbiguousNodeError(text, found, self._labels(found))
        raise NodeNotFoundError(text, kinds, self._close_names(text, kinds))

    def _node_of_kind(self, kind: str, name: str) -> int:
        if kind == "film":
            return self.film(name)
        if kind == "edition":
            return self.edition(name)
        return self.graph.entity(kind, name)

    def _labels(self, found: Sequence[tuple[str, int]]) -> list[str]:
        """"Name (key)" of each candidate, so a user can pick one by its id."""
        return [f"{self._g.name(v)} ({self._g.key(v)})" for _, v in found]

    def _close_names(self, text: str, kinds: Sequence[str], n: int = 5) -> list[str]:
        """The names closest to `text` among nodes of these kinds, best first (the search index, ranked)."""
        ranked = self.search_index.ranked(text, [k for k in kinds if k != "edition"], limit=n)
        return list(dict.fromkeys(self._g.name(v) for v, _ in ranked))

    def _film_labels(self, films: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Titles and film ids of many films (repeats allowed), from per-film tables built once."""
        tables = self.__dict__.get("_film_tables")
        if tables is None:
            every = np.arange(self._g.film_count)
            tables = self.__dict__["_film_tables"] = (np.asarray(self.titles(), dtype=object),
                                                      np.asarray(self.film_ids(every), dtype=object))
        index = np.asarray(films, dtype=np.int64)
        return tables[0][index], tables[1][index]

    def _film_vertices(self, films) -> np.ndarray:
        if films is None:
            return np.zeros(0, dtype=np.int64)
        if isinstance(films, (str, int, np.integer)):
            films = [films]
        vs = np.asarray([self.film(f) for f in films], dtype=np.int64)
        if len(vs) == 0:
            raise ValueError("films is empty: give None for every film")
        return vs

    def _describe_node(self, v: int) -> str:
        name = self._g.name(v)
        if v < self._g.film_count:
            year = self._g.year(v)
            return f"{name} ({year})" if year else name
        return name

    # ------------------------------------------------------------ collaborators
    def collaborators(self, person, roles: Sequence[str] | None = None, k: int | None = None, *,
                      as_roles: Sequence[str] | None = None, by_role: bool = False) -> pd.DataFrame:
        """Who worked with `person` (a person or company): one row per collaborator, most shared films first.

        `roles`: the collaborators' credits that count (default: the people
        credits, directed_by ... crew; add production_company and the like to
        see companies). `as_roles`: the person's own credits whose films count
        (default: every credit). `k`: at most this many rows. `by_role`: one row
        per collaborator and role, each counting the films of that role.

        Columns: collaborator, collaborator_id (identity key), vertex, kind,
        roles (theirs on the shared films; `role` with by_role), films (distinct
        films shared), titles, film_ids, as_roles (the person's roles on them).
        Ties are broken by vertex order.

        Parameters
        ----------
        person : int or str
            A person or company, as :meth:`node` takes it.
        roles : sequence of str, optional
            The collaborators' credits that count (default: the people credits).
        k : int, optional
            At most this many rows (default: all).
        as_roles : sequence of str, optional
            The person's own credits whose films count (default: every credit).
        by_role : bool, default False
            One row per collaborator and role.

        Returns
        -------
        pandas.DataFrame
            Most shared films first.
        """
        if k is not None and int(k) < 1:
            raise ValueError(f"k must be 1 or more (or None for all), not {k}")
        v = self.node(person, kinds=("person", "company"))
        raw = _core.collaborators(
            self._g, v, own_roles=_check_relations(as_roles, "as_roles"),
            roles=_check_relations(roles, "roles"),
            by_role=bool(by_role), k=int(k or 0),
        )
        who, offsets, films = raw["collaborator"], raw["film_offsets"], raw["films"]
        film_titles, film_ids = self._film_labels(films)
        titles, ids = _split(film_titles, offsets), _split(film_ids, offsets)
        columns = {
            "collaborator": self._g.names(who) if len(who) else [],
            "collaborator_id": self._g.keys(who) if len(who) else [],
            "vertex": who.astype(np.int64),
            "kind": self._g.kinds(who) if len(who) else [],
        }
        if by_role:
            columns["role"] = [_RELATIONS[r] for r in raw["role"]]
        else:
            columns["roles"] = [_relation_names(m) for m in raw["roles"]]
        columns.update({
            "films": np.diff(offsets).astype(np.int64),
            "titles": titles,
            "film_ids": ids,
            "as_roles": [_relation_names(m) for m in raw["own_roles"]],
        })
        return pd.DataFrame(columns)

    # ------------------------------------------------------------ co-credit network
    def cocredit_network(self, films=None, people=None, relations: Sequence[str] | None = None,
                         top_k: int | None = 20, degree_cap: int | None = None, *,
                         max_bytes: int | None = None) -> CocreditNetwork:
        """The network of people (or companies) credited on the same films.

        `films` (titles, ids or vertices) limits the films whose credits count
        (default: every film); `people` limits the nodes (names or vertices;
        edges then join two of them). `relations` are the credits that put a
        node on a film (default: the people credits). For each node only the
        edges to its `top_k` collaborators by shared films are kept (an edge
        stays when either end keeps it), so the full projection is never
        built; None keeps every edge. `degree_cap` leaves out entities linked
        to more films than that in the whole graph.

        Returns CocreditNetwork(nodes, edges, skipped_entities): edges a, b
        (names), weight (shared films), films (titles), a_vertex, b_vertex,
        film_ids; nodes vertex, name, kind, key, films (credited in scope),
        collaborators (before the top_k cut), degree (edges kept).

        With top_k=None the size of the whole projection is worked out first:
        more than `max_bytes` (default: half the machine's memory) raises
        reelgraph.ResourceError, a MemoryError whose message and
        `bytes_needed` give the figure, before anything is allocated.

        Parameters
        ----------
        films : sequence, optional
            Films (titles, ids or vertices) whose credits count (default: every film).
        people : sequence, optional
            Nodes to keep (names or vertices); edges then join two of them.
        relations : sequence of str, optional
            Credits that put a node on a film (default: the people credits).
        top_k : int or None, default 20
            Edges kept per node, by shared films; None keeps every edge.
        degree_cap : int, optional
            Leave out entities linked to more films than this.
        max_bytes : int, optional
            With ``top_k=None``, the most the projection may take (default:
            half the machine's memory).

        Returns
        -------
        CocreditNetwork

        Raises
        ------
        reelgraph.ResourceError
            The full projection would need more than `max_bytes`.
        """
        if top_k is not None and int(top_k) < 1:
            raise ValueError(f"top_k must be 1 or more (or None for every edge), not {top_k}")
        raw = self._cocredit_raw(films, people, relations, int(top_k or 0), degree_cap, edges=True,
                                 max_bytes=max_bytes)
        nodes_v = raw["nodes"].astype(np.int64)
        a_v, b_v = nodes_v[raw["a"]], nodes_v[raw["b"]]
        names = self._g.names(nodes_v) if len(nodes_v) else []
        film_titles, film_ids = self._film_labels(raw["films"])
        titles, ids = _split(film_titles, raw["film_offsets"]), _split(film_ids, raw["film_offsets"])
        edges = pd.DataFrame({
            "a": [names[i] for i in raw["a"]],
            "b": [names[i] for i in raw["b"]],
            "weight": raw["weight"].astype(np.int64),
            "films": titles,
            "a_vertex": a_v,
            "b_vertex": b_v,
            "film_ids": ids,
        })
        edges = edges.sort_values("weight", ascending=False, kind="stable").reset_index(drop=True)
        degree = np.bincount(np.concatenate([raw["a"], raw["b"]]).astype(np.int64), minlength=len(nodes_v))
        nodes = pd.DataFrame({
            "vertex": nodes_v,
            "name": names,
            "kind": self._g.kinds(nodes_v) if len(nodes_v) else [],
            "key": self._g.keys(nodes_v) if len(nodes_v) else [],
            "films": raw["node_films"].astype(np.int64),
            "collaborators": raw["node_collaborators"].astype(np.int64),
            "degree": degree.astype(np.int64),
        })
        return CocreditNetwork(nodes, edges, int(raw["skipped_entities"]))

    def _cocredit_raw(self, films, people, relations, top_k: int, degree_cap, edges: bool,
                      max_bytes: int | None = None) -> dict:
        person_vs = np.zeros(0, dtype=np.int64)
        if people is not None:
            if isinstance(people, (str, int, np.integer)):
                people = [people]
            person_vs = np.asarray([self.node(p, kinds=("person", "company")) for p in people], dtype=np.int64)
            if len(person_vs) == 0:
                raise ValueError("people is empty: give None for everyone")
        return _core.cocredit_network(
            self._g, relations=_check_relations(relations, "relations"), films=self._film_vertices(films),
            people=person_vs, top_k=top_k, degree_cap=_cap(degree_cap), edges=edges,
            max_bytes=_budget(max_bytes),
        )

    def degree_centrality(self, films=None, people=None, relations: Sequence[str] | None = None,
                          degree_cap: int | None = None) -> pd.DataFrame:
        """Degree in the co-credit network: how many distinct people each node shares a film with.

        Columns: vertex, name, kind, films, collaborators, degree_centrality
        (collaborators / (nodes - 1), networkx's normalisation); most connected first.
        Options as in :meth:`cocredit_network`; no edge list is built.

        Parameters
        ----------
        films, people, relations, degree_cap
            As for :meth:`cocredit_network`.

        Returns
        -------
        pandas.DataFrame
        """
        raw = self._cocredit_raw(films, people, relations, 0, degree_cap, edges=False)
        vs = raw["nodes"].astype(np.int64)
        n = len(vs)
        collaborators = raw["node_collaborators"].astype(np.int64)
        out = pd.DataFrame({
            "vertex": vs,
            "name": self._g.names(vs) if n else [],
            "kind": self._g.kinds(vs) if n else [],
            "films": raw["node_films"].astype(np.int64),
            "collaborators": collaborators,
            "degree_centrality": collaborators / (n - 1) if n > 1 else np.zeros(n),
        })
        return out.sort_values(["collaborators", "vertex"], ascending=[False, True]).reset_index(drop=True)

    # ------------------------------------------------------------ paths
    def paths(self, a, b, max_length: int = 8, relations: Sequence[str] | None = None, k: int = 1, *,
              degree_cap: int | None = None, exclude_kinds: Sequence[str] | None = HUB_KINDS,
              as_steps: bool = False) -> pd.DataFrame:
        """How two nodes (people, films, companies, editions...) are connected: the shortest paths.

        A breadth-first search (Boost's breadth_first_search on the graph)
        from `a` stops as soon as it reaches `b`; up to `k` paths of that
        shortest length come back, in order of their vertices. Countries,
        languages, genres and keywords are not passed through (`exclude_kinds`;
        None or () to allow them): they join nearly every film to every other,
        which makes every path two links long and meaningless. `degree_cap`
        also keeps the search out of entities linked to more films than that.
        `relations` limits the links followed; by default every link but the
        derived any-year `festival` one (the edition says the same with its
        year). The endpoints themselves may be of any kind.

        One row per path: path (1..), length (links), text ("A ←directed by—
        Film —screened at→ MIFF 2013 ..."), vertices, names, steps (a list of
        dicts: source, relations, target, text). `as_steps=True` gives one row
        per step instead (path, step, source, source_kind, relations, target,
        target_kind, text). With no path the frame is empty and
        ``.attrs["reason"]`` says why.

        Parameters
        ----------
        a, b : int or str
            The two nodes, as :meth:`node` takes them.
        max_length : int, default 8
            Longest path searched, in links.
        relations : sequence of str, optional
            Links the search may follow.
        k : int, default 1
            At most this many shortest paths.
        degree_cap : int, optional
            Keep out of entities linked to more films than this.
        exclude_kinds : sequence of str or None
            Node kinds not passed through (default: country, language,
            genre, keyword).
        as_steps : bool, default False
            One row per step instead of one per path.

        Returns
        -------
        pandas.DataFrame
            Empty, with ``.attrs["reason"]``, when there is no path.
        """
        if int(k) < 1:
            raise ValueError(f"k must be 1 or more, not {k}")
        if int(max_length) < 1:
            raise ValueError(f"max_length must be 1 or more, not {max_length}")
        exclude = list(exclude_kinds or ())
        for kind in exclude:
            if kind not in _KINDS:
                raise ValueError(f"exclude_kinds: unknown node kind '{kind}' (one of: {', '.join(_KINDS)})")
        relations = _check_relations(relations, "relations")
        u, v = self.node(a), self.node(b)
        if u == v:
            raise ValueError(f"'{a}' and '{b}' are the same node ({self._describe_node(u)})")
        raw = _core.shortest_paths(self._g, u, v, relations=relations, max_length=int(max_length), k=int(k),
                                   excluded_kinds=exclude, degree_cap=_cap(degree_cap))
        length = int(raw["length"])
        path_rows, step_rows = [], []
        if raw["outcome"] == "found":
            vertices, masks = raw["vertices"].astype(np.int64), raw["step_relations"]
            for p in range(len(masks) // length):
                vs = vertices[p * (length + 1):(p + 1) * (length + 1)].tolist()
                labels = [self._describe_node(x) for x in vs]
                steps, text = [], labels[0]
                for s in range(length):
                    rels = _relation_names(masks[p * length + s])
                    arrow = self._arrow(vs[s], vs[s + 1], _label(rels))
                    step_text = f"{labels[s]} {arrow} {labels[s + 1]}"
                    text += f" {arrow} {labels[s + 1]}"
                    steps.append({"source": labels[s], "relations": rels, "target": labels[s + 1], "text": step_text})
                    step_rows.append({
                        "path": p + 1, "step": s + 1, "source": labels[s], "source_kind": self._g.kind(vs[s]),
                        "relations": rels, "target": labels[s + 1], "target_kind": self._g.kind(vs[s + 1]),
                        "text": step_text,
                    })
                path_rows.append({"path": p + 1, "length": length, "text": text, "vertices": vs,
                                  "names": labels, "steps": steps})
        if as_steps:
            out = pd.DataFrame(step_rows, columns=["path", "step", "source", "source_kind", "relations", "target",
                                                   "target_kind", "text"])
        else:
            out = pd.DataFrame(path_rows, columns=["path", "length", "text", "vertices", "names", "steps"])
        out.attrs["visited"] = int(raw["visited"])
        if raw["outcome"] != "found":
            out.attrs["reason"] = self._no_path_reason(raw["outcome"], u, v, int(max_length), relations, exclude,
                                                       degree_cap)
        return out

    def _arrow(self, u: int, v: int, label: str) -> str:
        # Links point from a film to what it links to, and from a section or
        # edition to what it is part of; the arrow shows which way it was stated.
        order = {"section": 2, "edition": 1, "festival": 0}
        if u < self._g.film_count:
            forward = True
        elif v < self._g.film_count:
            forward = False
        else:
            forward = order.get(self._g.kind(u), 0) > order.get(self._g.kind(v), 0)
        return f"—{label}→" if forward else f"←{label}—"

    def _no_path_reason(self, outcome, u, v, max_length, relations, exclude, degree_cap) -> str:
        ends = f"{self._describe_node(u)} and {self._describe_node(v)}"
        if outcome == "longer_than_max":
            links = "link" if max_length == 1 else "links"
            return f"no path of at most {max_length} {links} between {ends}; a longer one may exist (raise max_length)"
        limits = []
        if exclude:
            kinds = ", ".join(exclude[:-1]) + " or " + exclude[-1] if len(exclude) > 1 else exclude[0]
            limits.append(f"passing through no {kinds}")
        if degree_cap:
            limits.append(f"nor any entity linked to more than {degree_cap} films")
        if relations is not None:
            limits.append(f"following only {', '.join(relations)}")
        return f"no path between {ends}" + (" " + " ".join(limits) if limits else "") + ": they are not connected"

    # ------------------------------------------------------------ structure
    def _credit_graph(self, films, relations, degree_cap) -> dict:
        return _core.credit_graph(self._g, relations=_check_relations(relations, "relations"),
                                  films=self._film_vertices(films), degree_cap=_cap(degree_cap))

    def components(self, films=None, relations: Sequence[str] | None = None, degree_cap: int | None = None, *,
                   members: bool = False) -> pd.DataFrame:
        """Connected components of the film-person-company graph, counted and summarised in the core.

        `relations` are the links that join (default: people and company
        credits; films with none are components of their own). With
        `members=True`, one row per vertex (vertex, name, kind, component);
        otherwise one per component, largest first: component, size, films,
        people, companies, titles (its first five films, by vertex). The
        components and their summaries are computed in the core.

        Parameters
        ----------
        films : sequence, optional
            Only these films and what they link to.
        relations : sequence of str, optional
            The links that join (default: people and company credits).
        degree_cap : int, optional
            Leave out entities linked to more films than this.
        members : bool, default False
            One row per vertex instead of one per component.

        Returns
        -------
        pandas.DataFrame
        """
        raw = _core.components(self._g, relations=_check_relations(relations, "relations"),
                               films=self._film_vertices(films), degree_cap=_cap(degree_cap), titles=5)
        if members:
            vs = raw["vertices"].astype(np.int64)
            return pd.DataFrame({"vertex": vs, "name": self._g.names(vs) if len(vs) else [],
                                 "kind": self._g.kinds(vs) if len(vs) else [],
                                 "component": raw["component"].astype(np.int64)})
        titles = raw["title_vertices"].astype(np.int64)
        return pd.DataFrame({
            "component": np.arange(len(raw["size"]), dtype=np.int64),
            "size": raw["size"].astype(np.int64),
            "films": raw["films"].astype(np.int64),
            "people": raw["people"].astype(np.int64),
            "companies": raw["companies"].astype(np.int64),
            "titles": _split(self._g.names(titles) if len(titles) else [], raw["title_offsets"]),
        }, columns=["component", "size", "films", "people", "companies", "titles"])

    def betweenness(self, network: str = "credits", films=None, relations: Sequence[str] | None = None,
                    degree_cap: int | None = None, *, top_k: int | None = 20, samples: int | None = None,
                    seed: int = 0) -> pd.DataFrame:
        """Betweenness centrality: who lies on the shortest paths between others.

        `network="credits"`: the film-person-company graph (a person between two
        films, a film between two people). `network="cocredit"`: the co-credit
        network of :meth:`cocredit_network` (`top_k` per person), people only.
        Exact (Brandes' accumulation from every vertex; Ctrl-C stops it) up to
        EXACT_BETWEENNESS_MAX (5,000) vertices; above that estimated from
        BETWEENNESS_SAMPLES (500) sources drawn with `seed` and scaled up.
        `samples` sets the number of sources (0: exact whatever the size).

        Columns: vertex, name, kind, betweenness (networkx's normalised value:
        the share of pairs, 2·pairs/((n-1)(n-2))), pairs (paths through the
        vertex, each unordered pair once); highest first. ``.attrs["sources"]``
        is the number of sources used.

        Parameters
        ----------
        network : {"credits", "cocredit"}, default "credits"
            The film-person-company graph, or the co-credit network.
        films, relations, degree_cap
            As for :meth:`components`.
        top_k : int or None, default 20
            For ``network="cocredit"``: edges kept per person.
        samples : int, optional
            Sources to estimate from (0: exact; default exact up to 5,000
            vertices, else 500).
        seed : int, default 0
            Seed of the sources drawn.

        Returns
        -------
        pandas.DataFrame
        """
        if network == "credits":
            cg = self._credit_graph(films, relations, degree_cap)
            vs, a, b = cg["vertices"].astype(np.int64), cg["a"], cg["b"]
        elif network == "cocredit":
            if top_k is not None and int(top_k) < 1:
                raise ValueError(f"top_k must be 1 or more (or None for every edge), not {top_k}")
            raw = self._cocredit_raw(films, None, relations, int(top_k or 0), degree_cap, edges=True)
            vs, a, b = raw["nodes"].astype(np.int64), raw["a"], raw["b"]
        else:
            raise ValueError(f"network must be 'credits' or 'cocredit', not '{network}'")
        n = len(vs)
        if samples is None:
            samples = 0 if n <= EXACT_BETWEENNESS_MAX else BETWEENNESS_SAMPLES
        if int(samples) < 0:
            raise ValueError(f"samples must be 0 (exact) or more, not {samples}")
        pairs = _core.betweenness(n, a, b, samples=int(samples), seed=int(seed))
        scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
        out = pd.DataFrame({"vertex": vs, "name": self._g.names(vs) if n else [],
                            "kind": self._g.kinds(vs) if n else [], "betweenness": pairs * scale, "pairs": pairs})
        out = out.sort_values(["pairs", "vertex"], ascending=[False, True]).reset_index(drop=True)
        out.attrs["sources"] = n if samples == 0 or samples >= n else int(samples)
        return out

    def communities(self, films=None, people=None, relations: Sequence[str] | None = None, *,
                    top_k: int | None = 20, degree_cap: int | None = None, seed: int = 0,
                    resolution: float = 1.0, method: str = "leiden", progress: bool = False) -> pd.DataFrame:
        """Communities of collaborators, found by igraph (C) on the weighted co-credit network.

        The network is :meth:`cocredit_network`'s (top_k edges per person, so
        it stays small), handed to igraph as edge arrays; weights are shared
        films. Needs python-igraph (the ``analysis`` extra). Columns: vertex,
        name, kind, community (0 the largest), community_size, films.

        Parameters
        ----------
        films, people, relations, top_k, degree_cap
            As for :meth:`cocredit_network`.
        seed : int, default 0
            Seed of igraph's random choices: the same seed gives the same communities.
        resolution : float, default 1.0
            Above 1, more and smaller communities.
        method : {"leiden", "multilevel"}, default "leiden"
            Leiden (modularity) or multilevel (Louvain).
        progress : bool, default False
            A progress bar over the steps (network, igraph graph, communities).

        Returns
        -------
        pandas.DataFrame
        """
        if method not in ("leiden", "multilevel"):
            raise ValueError(f"method must be 'leiden' or 'multilevel', not '{method}'")
        ig = _require_igraph("communities")
        steps = _steps(progress, 3, "communities")
        raw = self._cocredit_raw(films, people, relations, int(top_k or 0), degree_cap, edges=True)
        steps.update()
        nodes = raw["nodes"].astype(np.int64)
        graph = ig.Graph(n=len(nodes), edges=_edge_pairs(raw["a"], raw["b"]), directed=False)
        weights = np.asarray(raw["weight"], dtype=np.float64)
        steps.update()
        # igraph draws from Python's random module: seeded here, and put back after.
        import random

        state = random.getstate()
        random.seed(seed)
        try:
            if method == "leiden":
                found = graph.community_leiden(objective_function="modularity", weights=weights,
                                               resolution=resolution, n_iterations=2)
            else:
                found = graph.community_multilevel(weights=weights, resolution=resolution)
        finally:
            random.setstate(state)
        steps.update()
        steps.close()
        membership = np.asarray(found.membership, dtype=np.int64)
        # Renumbered by size (largest first), then by the smallest vertex in each.
        sizes = np.bincount(membership, minlength=len(found)).astype(np.int64)
        first = np.full(len(sizes), np.iinfo(np.int64).max)
        np.minimum.at(first, membership, nodes)
        order = np.lexsort((first, -sizes))
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        community = rank[membership]
        out = pd.DataFrame({"vertex": nodes, "name": self._g.names(nodes) if len(nodes) else [],
                            "kind": self._g.kinds(nodes) if len(nodes) else [],
                            "community": community, "community_size": sizes[membership],
                            "films": raw["node_films"].astype(np.int64)})
        return out.sort_values(["community", "films", "vertex"], ascending=[True, False, True]).reset_index(drop=True)

    def to_igraph(self, network: str = "cocredit", films=None, people=None, relations: Sequence[str] | None = None,
                  *, top_k: int | None = 20, degree_cap: int | None = None) -> "igraph.Graph":
        """The co-credit network (``network="cocredit"``, weighted by shared films) or the
        film-person-company graph (``"credits"``) as an undirected igraph Graph, built
        from edge arrays. Vertex attributes: vertex (the FilmGraph id), name, kind;
        co-credit edges carry weight. Needs python-igraph (the ``analysis`` extra)."""
        ig = _require_igraph("to_igraph")
        if network == "cocredit":
            raw = self._cocredit_raw(films, people, relations, int(top_k or 0), degree_cap, edges=True)
            vs, a, b = raw["nodes"].astype(np.int64), raw["a"], raw["b"]
            attrs = {"weight": np.asarray(raw["weight"], dtype=np.float64).tolist()}
        elif network == "credits":
            cg = self._credit_graph(films, relations, degree_cap)
            vs, a, b = cg["vertices"].astype(np.int64), cg["a"], cg["b"]
            attrs = {}
        else:
            raise ValueError(f"network must be 'cocredit' or 'credits', not '{network}'")
        graph = ig.Graph(n=len(vs), edges=_edge_pairs(a, b), directed=False, edge_attrs=attrs)
        graph.vs["vertex"] = vs.tolist()
        graph.vs["name"] = self._g.names(vs) if len(vs) else []
        graph.vs["kind"] = self._g.kinds(vs) if len(vs) else []
        return graph

    # ------------------------------------------------------------ co-production
    def coproduction(self, kind: str = "country", by: str = "year", *, max_bytes: int | None = None) -> pd.DataFrame:
        """Co-production networks over time: pairs of countries (or production companies) on one film.

        `kind`: "country" or "company" (production companies). `by`: "year" or
        "decade". Columns: a, b, period (the year, or the decade's first year;
        <NA> for films of unknown year, kept rather than dropped), films (how
        many), titles, film_ids. Sorted by period, then films (most first).
        Every pair on every film is counted first: more than `max_bytes`
        (default: half the machine's memory) raises reelgraph.ResourceError.

        Parameters
        ----------
        kind : {"country", "company"}, default "country"
            Countries, or production companies.
        by : {"year", "decade"}, default "year"
            The period pairs are counted by.
        max_bytes : int, optional
            The most the pairs may take (default: half the machine's memory).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        reelgraph.ResourceError
            Counting every pair would need more than `max_bytes`.
        """
        relation = {"country": "country", "company": "production_company"}.get(kind)
        if relation is None:
            raise ValueError(f"kind must be 'country' or 'company', not '{kind}'")
        period = {"year": 1, "decade": 10}.get(by)
        if period is None:
            raise ValueError(f"by must be 'year' or 'decade', not '{by}'")
        raw = _core.coproduction(self._g, relations=[relation], period=period, max_bytes=_budget(max_bytes))
        a, b, films = raw["a"].astype(np.int64), raw["b"].astype(np.int64), raw["films"]
        offsets = raw["film_offsets"]
        periods = pd.Series(raw["period"], dtype="Int32")
        out = pd.DataFrame({
            "a": self._g.names(a) if len(a) else [],
            "b": self._g.names(b) if len(b) else [],
            "period": periods.mask(periods == 0),
            "films": np.diff(offsets).astype(np.int64) if len(offsets) else np.zeros(0, dtype=np.int64),
            "titles": _split(self._film_labels(films)[0], offsets),
            "film_ids": _split(self._film_labels(films)[1], offsets),
        })
        return out.sort_values(["period", "films", "a", "b"], ascending=[True, False, True, True],
                               na_position="last", kind="stable").reset_index(drop=True)

    # ------------------------------------------------------------ networkx
    def to_networkx(self, films=None, relations: Sequence[str] | None = None) -> "networkx.MultiGraph":
        """The films (all, or those given) and what they link to, as a networkx MultiGraph.

        Nodes are vertex ids with attributes kind, name, year (None when not
        known) and key; each link is an edge keyed and labelled by its
        relation (a person who directed and produced a film has two edges).
        `relations` limits the links. Needs networkx (ImportError otherwise).

        Parameters
        ----------
        films : sequence, optional
            Only these films and what they link to (default: every film).
        relations : sequence of str, optional
            Only these links.

        Returns
        -------
        networkx.MultiGraph

        Raises
        ------
        ImportError
            networkx is not installed.
        """
        nx = _require_networkx("to_networkx")
        raw = _core.film_links(self._g, films=self._film_vertices(films),
                               relations=_check_relations(relations, "relations"))
        source, target = raw["source"].astype(np.int64), raw["target"].astype(np.int64)
        film_vs = self._film_vertices(films) if films is not None else np.arange(self._g.film_count)
        vs = np.unique(np.concatenate([film_vs, target]))
        graph = nx.MultiGraph()
        if len(vs):
            years = self._g.years(vs)
            graph.add_nodes_from(
                (int(v), {"kind": kind, "name": name, "year": int(y) if y else None, "key": key})
                for v, kind, name, y, key in zip(vs, self._g.kinds(vs), self._g.names(vs), years, self._g.keys(vs))
            )
        graph.add_edges_from(
            (int(s), int(t), _RELATIONS[r], {"relation": _RELATIONS[r]})
            for s, t, r in zip(source, target, raw["relation"])
        )
        return graph
