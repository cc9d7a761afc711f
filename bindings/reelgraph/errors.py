"""The errors a film look-up raises, shared by the graph and its collaboration analysis."""

from __future__ import annotations

from typing import Sequence

import pandas as pd


def _year_text(year) -> str:
    return "year unknown" if pd.isna(year) else str(int(year))


class FilmNotFoundError(KeyError):
    """No film has that title or id; `suggestions` holds the closest titles."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()):
        self.query, self.suggestions = query, list(suggestions)
        super().__init__(query)

    def __str__(self) -> str:
        text = f"no film titled or identified as '{self.query}'"
        if self.suggestions:
            text += "; closest titles: " + ", ".join(self.suggestions)
        return text


class AmbiguousFilmError(KeyError):
    """Several films answer to the name; `candidates` is a DataFrame of them."""

    def __init__(self, query: str, candidates: pd.DataFrame):
        self.query, self.candidates = query, candidates
        super().__init__(query)

    def __str__(self) -> str:
        listing = "; ".join(f"{r.title} ({_year_text(r.year)}) as id:{r.film_id}" for r in self.candidates.itertuples())
        return f"{len(self.candidates)} films answer to '{self.query}': {listing}. Give the year or the id."
