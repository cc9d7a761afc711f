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


def term_phrase(name: str, query_relation: str, film_relation: str, role_noun) -> str:
    """One shared entity in words. `role_noun` maps a relation to its role ("director")."""
    if query_relation == film_relation:
        template = _SHARED.get(query_relation, "shares {name}")
        return template.format(name=name)
    return f"{name} ({role_noun(query_relation)} there, {role_noun(film_relation)} here)"


def reason(terms: list[dict], max_terms: int = 4) -> str:
    """The reason line of one related film, from its terms (largest first).

    A shared festival adds nothing in words when the shared edition of that
    festival is already said, so it is left out of the sentence (its
    contribution stays in the terms and the score).
    """
    editions = {t["name"] for t in terms if t["query_relation"] == "screened_at"}
    said = [
        t for t in terms
        if not (t["query_relation"] == "festival" and any(e.startswith(t["name"] + " ") for e in editions))
    ]
    parts = [f"{t['phrase']} (+{t['contribution']:.3f})" for t in said[:max_terms]]
    if len(said) > max_terms:
        parts.append(f"and {len(said) - max_terms} more")
    return "; ".join(parts)
