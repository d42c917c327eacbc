"""The outcome figures' rules (`pipelines.domain.outcomes`), on frames small enough to derive by
hand: reached points, shares over the rows that have a column, and missing deliveries at the
edges of the grace period."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipelines.domain.outcomes import follow_up_due, follow_up_ended, share, year_outcomes

HIRES = pd.DataFrame(
    {
        "manad": [date(2025, 1, 1), date(2025, 1, 1), date(2025, 6, 1), date(2025, 7, 1)],
        "forvaltning": ["KK", "VOF", "KK", "VOF"],
        "hires": [2, 4, 3, 0],  # VOF July: no hires, so no cohort
    }
)
ROWS = pd.DataFrame(
    {
        "anstallningsmanad": [date(2025, 1, 1), date(2025, 1, 1), date(2025, 1, 1)],
        "forvaltning": ["KK", "VOF", "KK"],
        "uppfoljning": [6, 6, 12],
        "anstallda": [2, 4, 2],
        "kvar_i_anstallning": [2, 3, 1],
        "i_arbete_eller_studier": pd.array([2, None, 2], dtype="Int64"),
        "med_forsorjningsstod_fore": pd.array([1, 2, 1], dtype="Int64"),
        "med_forsorjningsstod_vid_uppfoljning": pd.array([0, 1, 0], dtype="Int64"),
    }
)


def test_a_follow_up_month_ends_with_the_month_and_is_due_after_the_grace_period():
    # January + 6 = July 2025; it has ended in August, and is due after 10 August.
    assert not follow_up_ended(date(2025, 1, 1), 6, date(2025, 7, 1))
    assert follow_up_ended(date(2025, 1, 1), 6, date(2025, 8, 1))
    assert not follow_up_due(date(2025, 1, 1), 6, date(2025, 8, 10), 10)
    assert follow_up_due(date(2025, 1, 1), 6, date(2025, 8, 11), 10)
    assert follow_up_due(date(2025, 1, 1), 6, date(2025, 8, 1), 0)


def test_shares_round_to_three_decimals_and_have_no_value_without_a_whole():
    assert share(5, 6) == 0.833
    assert share(0, 0) is None
    assert share(None, 4) is None


def test_the_figures_of_a_year_by_hand():
    result = year_outcomes(2025, HIRES, ROWS, date(2026, 2, 20), 10)
    six, twelve, twentyfour = result.uppfoljningar
    # 9 hires; at 6 months reached: Jan (6) and Jun (3, December ended) = 9; reported 2 + 4.
    assert (six.anstallda, six.uppnadda, six.rapporterade) == (9, 9, 6)
    assert (six.kvar_i_anstallning, six.andel_kvar) == (5, 0.833)
    # i arbete eller studier only on KK's row (cohort 2): 2 / 2.
    assert (six.i_arbete_eller_studier, six.andel_i_arbete_eller_studier) == (2, 1.0)
    assert (six.med_fs_fore, six.med_fs_vid_uppfoljning) == (3, 1)
    # 12 months: January 2026 has ended (reached: Jan cohorts, 6 hires); June's has not.
    assert (twelve.uppnadda, twelve.rapporterade, twelve.kvar_i_anstallning) == (6, 2, 1)
    assert twelve.andel_kvar == 0.5
    # 24 months: nothing reached, nothing reported, no shares.
    assert (twentyfour.uppnadda, twentyfour.rapporterade, twentyfour.andel_kvar) == (0, 0, None)
    assert twentyfour.i_arbete_eller_studier is None
    assert list(result.per_forvaltning) == ["KK", "VOF"]
    # Missing: KK June at 6 (December ended, past 10 January); VOF January at 12 (January
    # 2026 ended, but 20 February is past 10 February): due. KK January at 12 delivered.
    assert [(m.kod, f"{m.anstallningsmanad:%Y-%m}", m.manader) for m in result.saknas] == [
        ("VOF", "2025-01", 12),
        ("KK", "2025-06", 6),
    ]


def test_the_json_shape_lists_the_points_in_order():
    shape = year_outcomes(2025, HIRES, ROWS, date(2026, 2, 20), 10).as_json()
    assert [p["manader"] for p in shape["uppfoljningar"]] == [6, 12, 24]
    assert list(shape["uppfoljningar"][0]) == [
        "manader", "anstallda", "uppnadda", "rapporterade", "kvar_i_anstallning", "andel_kvar",
        "i_arbete_eller_studier", "andel_i_arbete_eller_studier", "med_fs_fore",
        "med_fs_vid_uppfoljning",
    ]  # fmt: skip
    assert shape["saknas"][0] == {"kod": "VOF", "anstallningsmanad": "2025-01", "manader": 12}
