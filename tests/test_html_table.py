"""The accessible HTML tables (pipelines/present/html_table.py): links only inside the app,
marked cells, long text columns, every text escaped; read back as the page tests read them."""

from __future__ import annotations

import pandas as pd
from html_tables import read_tables

from pipelines.present.html_table import html_table, safe_link
from pipelines.present.quality_tables import is_missing

NB = "\u00a0"


def test_links_stay_inside_the_app():
    assert safe_link("?ar=2026&forvaltning=VOF") == "?ar=2026&forvaltning=VOF"
    assert safe_link("forvaltningar?ar=2026") == "forvaltningar?ar=2026"
    for outside in (
        "javascript:alert(1)",
        "https://example.org/?a=1",
        "//example.org/?a=1",
        '?a="><script>',
        "",
        None,
    ):
        assert safe_link(outside) is None


def test_the_first_cell_links_and_the_markup_is_escaped():
    frame = pd.DataFrame(
        {
            "Förvaltning": ["VOF <i>", "X"],
            "Status": ["✗ Efter", "✓ I fas"],
            "Anställda": ["42", "7"],
        }
    )
    markup = html_table(
        frame, caption="Förvaltningar <2026>", links=["?forvaltning=VOF", "javascript:x()"]
    )
    assert '<th scope="row"><a href="?forvaltning=VOF" target="_self">VOF &lt;i&gt;</a></th>' in (
        markup
    )
    assert '<th scope="row">X</th>' in markup  # the unsafe link is left out
    assert "<caption>Förvaltningar &lt;2026&gt;</caption>" in markup
    (read,) = read_tables(markup)
    assert read.attrs == {"caption": "Förvaltningar <2026>", "links": ["?forvaltning=VOF"]}
    assert read.to_dict("records")[0] == {
        "Förvaltning": "VOF <i>",
        "Status": "✗ Efter",
        "Anställda": "42",
    }


def test_marked_cells_and_long_text_columns():
    frame = pd.DataFrame(
        {
            "Månad": ["Januari", "Februari"],
            "KK": [f"✓ 1{NB}234", "✗ Saknas"],
            "Vad som är ovanligt": ["kort", "en förklaring som är längre än fyrtio tecken, alltså"],
        }
    )
    markup = html_table(frame, caption="Leveranser", marked=is_missing)
    assert '<td class="short marked">✗ Saknas</td>' in markup
    assert f'<td class="short">✓ 1{NB}234</td>' in markup  # not a figure: the symbol says so
    assert '<td class="long">kort</td>' in markup
