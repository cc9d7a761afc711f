"""Explanation terms in words: "same director Nicholas Bonner"."""

from __future__ import annotations

# How a shared entity reads when both films link to it the same way.
_SHARED = {
    "directed_by": "same director {name}",
    "produced_by": "same producer {name}",
    "written_by": "same writer {name}",
    "cast": "shares cast member {name}",
    "edited_by": "same editor {name}",
    "shot_by": "same cinematographer {name}",
    "music_by": "same composer {name}",
    "crew": "shares crew member {name}",
    "production_company": "same production company {name}",
    "world_sales": "same sales agent {name}",
    "distributor": "same distributor {name}",
    "screened_at": "both screened at {name}",
    "screened_in": "both in {name}",
    "festival": "both screened at {name}",
    "awarded": "both won {name}",
    "nominated": "both nominated for {name}",
    "country": "both from {name}",
    "language": "both in {name}",
    "genre": "both {name}",
    "keyword": "both about {name}",
}


def term_phrase(name: str, query_relation: str | None, film_relation: str, role_noun) -> str:
    """One shared entity in words. `role_noun` maps a relation to its role ("director").

    `query_relation` is None for an entity the query film does not link to (a
    random walk reached the film through it from other films).
    """
    if query_relation is None:
        return f"via {name} ({role_noun(film_relation)} here)"
    if query_relation == film_relation:
        template = _SHARED.get(query_relation, "shares {name}")
        return template.format(name=name)
    return f"{name} ({role_noun(query_relation)} there, {role_noun(film_relation)} here)"


def reason(terms: list[dict], max_terms: int = 4) -> str:
    """The reason line of one related film, from its terms (largest first).

    Sharing a festival section implies sharing its edition, and an edition its
    festival; saying all three would repeat one fact, so the broader term is
    folded into the narrower one in words, its contribution with it, and the
    numbers of the sentence still add up to the score.
    """
    said = [dict(t) for t in terms]
    for broad, narrow, joint in (("festival", "screened_at", " "), ("screened_at", "screened_in", " / ")):
        for t in [t for t in said if t["query_relation"] == broad == t["film_relation"]]:
            into = next((n for n in said if n["query_relation"] == narrow == n["film_relation"]
                         and n["name"].startswith(t["name"] + joint)), None)
            if into is not None:
                into["contribution"] += t["contribution"]
                said.remove(t)
    said.sort(key=lambda t: -t["contribution"])
    parts = [f"{t['phrase']} (+{t['contribution']:.4f})" for t in said[:max_terms]]
    if len(said) > max_terms:
        rest = sum(t["contribution"] for t in said[max_terms:])
        parts.append(f"and {len(said) - max_terms} more (+{rest:.4f})")
    return "; ".join(parts)
