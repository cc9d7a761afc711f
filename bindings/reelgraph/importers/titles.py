"""Titles as a reader expects them, for sources that write them in lower case only.

The festival programmes write most titles in lower case ("berlin night
window"). Another source's title of the same film wins when there is one (see
:data:`merge.PRIORITY`); for the rest this rule is applied, and only to a title
with no capital letter at all (a title that has one is kept as written):

- every word starts with a capital ("Berlin Night Window"), and so does every
  part of a hyphenated word ("Jean-Luc");
- except the short words below (articles, conjunctions, short prepositions, in
  English and in the Romance and Germanic languages the programmes hold),
  which stay lower case unless they open the title or follow a colon, a dash
  or an opening bracket ("The Man of the Year", "La Vita e Bella: Una Storia");
- a one-letter word before an apostrophe is an elision and the next letter is
  a capital too ("L'Avventura", "D'Amour");
- Roman numerals are written in capitals ("Rocky II", "Part IV").
"""

from __future__ import annotations

import re

import pandas as pd

SMALL_WORDS = frozenset(
    "a an the and but or nor for of on in at to by from as vs via with "
    "de del della dei degli di da du des la le les el los las lo y e et und van von der den het im al au".split()
)
_ROMAN = re.compile(r"(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _word(word: str, opening: bool) -> str:
    if len(word) > 1 and _ROMAN.fullmatch(word) and word not in ("di", "dc", "mix", "mic", "cd", "vic", "liv", "civil"):
        return word.upper()
    if not opening and word in SMALL_WORDS:
        return word
    # "l'avventura": an elided article, then a word of its own.
    m = re.fullmatch(r"([^\W\d_])(['’])(.+)", word)
    if m:
        return _cap(m.group(1)) + m.group(2) + _cap(m.group(3))
    return _cap(word)


def title_case(title: str) -> str:
    """`title` in title case by the rule above, when it has no capital letter; else as written."""
    if not isinstance(title, str) or title != title.lower() or title == title.upper():
        return title
    out, opening = [], True
    for m in re.finditer(r"[^\s\-–—:(\[/]+|[\s\-–—:(\[/]+", title):
        piece = m.group(0)
        if piece[0].isspace() or piece[0] in "-–—:([/":
            out.append(piece)
            # A new phrase opens after a colon, a dash between spaces or a bracket.
            stripped = piece.strip()
            opening = opening or any(c in stripped for c in ":–—([") or stripped == "-" and piece != "-"
            # A hyphen inside a word ("jean-luc"): its parts are all capitalised.
            if piece == "-":
                opening = True
            continue
        last = m.end() == len(title)
        out.append(_word(piece, opening or last))
        opening = False
    return "".join(out)


def title_case_column(titles: pd.Series) -> pd.Series:
    """title_case over a column: each distinct lower-case title worked out once."""
    lower = titles.map(lambda t: isinstance(t, str) and t == t.lower() and t != t.upper())
    if not lower.any():
        return titles
    distinct = titles[lower].unique()
    mapped = dict(zip(distinct, (title_case(t) for t in distinct)))
    return titles.where(~lower, titles.map(mapped))
