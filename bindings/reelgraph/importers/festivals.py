"""The festivals the sources name, each under one name.

Sources write one festival several ways ("CANNES", "Cannes", "Festival de
Cannes", "cannes international film festival"). The graph names each by the
short name below; the festival library of the programmes dataset adds its
alternative spellings as aliases of these names.
"""

from __future__ import annotations

from .. import _core

# Short name -> other spellings.
FESTIVALS = {
    "Cannes": ["CANNES", "Festival de Cannes", "Cannes Film Festival", "Cannes International Film Festival"],
    "Berlinale": ["BERLINALE", "Berlin International Film Festival", "Internationale Filmfestspiele Berlin"],
    "TIFF": ["Toronto International Film Festival", "TIFF Toronto International Film Festival"],
    "IDFA": ["International Documentary Film Festival Amsterdam"],
    "Clermont-Ferrand": ["CLERMONT-FERRAND", "Clermont-Ferrand International Film Festival",
                         "Clermont-Ferrand International Short Film Festival", "Clermont Ferrand Short Film Festival"],
    "Frameline": ["FRAMELINE", "Frameline Film Festival", "Frameline San Francisco International LGBTQ Film Festival"],
    "Venice": ["Venice Film Festival", "Venice International Film Festival", "Mostra"],
    "Locarno": ["Locarno Film Festival", "Locarno International Film Festival"],
    "Sundance": ["Sundance Film Festival"],
}

_BY_KEY = {_core.name_key(n): short for short, spellings in FESTIVALS.items() for n in [short, *spellings]}


def festival_name(written: str) -> str:
    """The graph's name of a festival written any known way; other text is kept as written."""
    return _BY_KEY.get(_core.name_key(written), written.strip())


def known(written: str) -> str | None:
    return _BY_KEY.get(_core.name_key(written))
