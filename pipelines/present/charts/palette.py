"""One colour-blind-safe palette (Okabe–Ito) and the status colours, used by every chart and page.

Status is never told by colour alone: every status has a word and a symbol as well.
"""

from __future__ import annotations

from schemas.vocabulary import STATUS_WORDS

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#6E6E6E"
BLACK = "#000000"
LIGHT_GREY = "#D9D9D9"

#: Categorical series, in order of use.
SERIES = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY]

#: Actual outcome, target and forecast: the three roles in every goal chart.
UTFALL = BLUE
MAL = BLACK
PROGNOS = ORANGE
FOREGAENDE_AR = LIGHT_GREY

#: Status: colour, Swedish word and symbol, the same everywhere.
_STATUS_COLOURS = {
    "i_fas": GREEN,
    "risk": ORANGE,
    "efter": VERMILLION,
    "natt": GREEN,
    "ingen_data": GREY,
}
STATUS = {
    code: {"color": _STATUS_COLOURS[code], "label": word, "symbol": symbol}
    for code, (word, symbol) in STATUS_WORDS.items()
}


def status_spec(status: str | None) -> dict[str, str]:
    """Colour, word and symbol of a status; an unknown or missing status is *Ingen data*."""
    return STATUS.get(status, STATUS["ingen_data"])


#: Sequential scale for heatmaps (light to dark blue; readable in black and white too).
SEQUENTIAL = ["#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]
