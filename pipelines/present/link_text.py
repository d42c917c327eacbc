"""What a page says when a shared link names a value it does not have (`?forvaltning=XYZ`,
`?ar=1999`): that the value is unknown, what is shown instead, and the values to choose from.
A link is never silently read as something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Markdown and directive characters: a value from the URL is shown as typed, never rendered.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^])")
#: At most this many choices are named in the message (the select box holds them all).
MAX_CHOICES_NAMED = 15


def _plain(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def unknown_link_text(label: str, raw: str, shown: str, choices: Sequence[str]) -> str:
    """`Länken anger förvaltning ”XYZ”, som inte finns här. Sidan visar Alla förvaltningar i
    stället. Välj i listan Förvaltning: Barn- och skolförvaltningen (BSF), …` (markdown-safe)."""
    named = [_plain(c) for c in choices[:MAX_CHOICES_NAMED]]
    more = len(choices) - len(named)
    listing = ", ".join(named) + (f" och {more} till" if more > 0 else "")
    return (
        f"Länken anger {label.lower()} ”{_plain(raw[:60])}”, som inte finns här. Sidan visar "
        f"{_plain(shown)} i stället. Välj i listan {label}: {listing}."
    )
