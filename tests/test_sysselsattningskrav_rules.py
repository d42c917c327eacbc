"""The model term's rules (pipelines.domain.sysselsattningskrav), figure by figure.

Every case is worked out by hand in its comment: a contract starting January 2026 has June 2026
as its sixth month (the deadline for the first employment)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipelines.domain.sysselsattningskrav import (
    Avtal,
    Uppfoljning,
    add_months,
    assess,
    deadline,
)

JAN = date(2026, 1, 1)


def _avtal(villkor="sysselsattningskrav", krav=24, start=JAN, slut=date(2027, 12, 1)) -> Avtal:
    return Avtal("2026-017", villkor, start, slut, krav)


def _row(month: int, platstyp="anstallning", paborjade=0, heltid=0.0, varav=0, year=2026):
    return Uppfoljning(date(year, month, 1), platstyp, paborjade, Decimal(str(heltid)), varav)


# --- the deadline -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "sixth"),
    [
        (date(2026, 1, 1), date(2026, 6, 1)),
        (date(2026, 7, 1), date(2026, 12, 1)),
        (date(2026, 8, 1), date(2027, 1, 1)),  # across the year
        (date(2025, 12, 1), date(2026, 5, 1)),
    ],
)
def test_deadline_is_the_sixth_month_counting_the_start(start, sixth):
    assert deadline(start) == sixth


def test_add_months_across_years():
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)


# --- first employment ------------------------------------------------------------------------


def test_first_employment_started_in_the_sixth_month_is_in_time():
    # Start January, first start in June (the sixth month): i_tid.
    result = assess(_avtal(), [_row(6, paborjade=1, heltid=1.0)], per=date(2026, 6, 1))
    assert result.forsta_anstallning == "i_tid"
    assert result.forsta_manad == date(2026, 6, 1)
    assert result.tidsgrans == date(2026, 6, 1)


def test_first_employment_started_in_the_seventh_month_is_late():
    # First start in July, one month after the deadline: forsenad, even once it has started.
    rows = [_row(7, paborjade=1, heltid=1.0)]
    assert assess(_avtal(), rows, per=date(2026, 9, 1)).forsta_anstallning == "forsenad"


def test_no_start_while_the_sixth_month_is_not_followed_up_is_not_started():
    # Followed up through May (the fifth month), nothing started: there is still time.
    rows = [_row(m) for m in range(1, 6)]
    assert assess(_avtal(), rows, per=date(2026, 5, 1)).forsta_anstallning == "ej_paborjad"


def test_no_start_when_the_sixth_month_is_followed_up_is_late():
    # Followed up through June without a start: the sixth month has passed: forsenad.
    rows = [_row(m) for m in range(1, 7)]
    assert assess(_avtal(), rows, per=date(2026, 6, 1)).forsta_anstallning == "forsenad"


def test_nothing_followed_up_yet_is_not_started():
    assert assess(_avtal(), [], per=None).forsta_anstallning == "ej_paborjad"


def test_an_apprenticeship_counts_as_first_employment_an_internship_does_not():
    internship = [_row(2, "praktik", paborjade=3, heltid=3.0)]
    assert assess(_avtal(), internship, per=date(2026, 6, 1)).forsta_anstallning == "forsenad"
    apprentice = [_row(2, "larling", paborjade=1, heltid=0.5)]
    assert assess(_avtal(), apprentice, per=date(2026, 6, 1)).forsta_anstallning == "i_tid"


def test_a_start_after_the_followed_up_month_is_not_counted():
    # A start in August is outside a follow-up through July: July is past the deadline → forsenad.
    rows = [_row(8, paborjade=1, heltid=1.0)]
    result = assess(_avtal(), rows, per=date(2026, 7, 1))
    assert result.forsta_anstallning == "forsenad"
    assert result.forsta_manad is None
    assert result.utfort_heltidsmanader == 0.0


@pytest.mark.parametrize("villkor", ["dialog", "bonus"])
def test_dialogue_and_bonus_terms_have_no_first_employment_rule(villkor):
    result = assess(_avtal(villkor, krav=None), [], per=date(2026, 12, 1))
    assert result.forsta_anstallning == "ej_aktuellt"
    assert result.status == "ej_aktuellt"
    assert result.andel is None


# --- fulfilment ------------------------------------------------------------------------------


def test_running_contract_sums_employments_not_internships():
    # 1,5 + 2,0 + 2,5 + 3,0 + 4,5 = 13,5 full-time months in employments; 5,0 in praktik ignored.
    # 13,5 / 24 = 0,5625; the contract ends December 2027, followed up through August: pagar.
    rows = [
        _row(3, paborjade=2, heltid=1.5),
        _row(4, heltid=2.0),
        _row(5, "larling", paborjade=1, heltid=2.5),
        _row(6, heltid=3.0),
        _row(8, heltid=4.5),
        _row(4, "praktik", paborjade=5, heltid=5.0),
    ]
    result = assess(_avtal(), rows, per=date(2026, 8, 1))
    assert result.utfort_heltidsmanader == 13.5
    assert result.andel == 0.5625
    assert result.forsta_anstallning == "i_tid"
    assert result.status == "pagar"


def test_requirement_reached_is_fulfilled_even_while_running():
    # 12 months at 2,0 = 24,0 = the requirement.
    rows = [_row(m, heltid=2.0, paborjade=2 if m == 1 else 0) for m in range(1, 13)]
    result = assess(_avtal(), rows, per=date(2026, 12, 1))
    assert (result.utfort_heltidsmanader, result.andel, result.status) == (24.0, 1.0, "uppfyllt")


def test_75_percent_rule_with_an_early_end_after_75_percent_served():
    # 18,0 of 24 = 0,75 exactly, and one employment ended early having served ≥ 75 %: uppfyllt_75.
    rows = [_row(m, heltid=1.5, paborjade=2 if m == 1 else 0) for m in range(1, 13)]
    rows[-1] = _row(12, heltid=1.5, varav=1)
    result = assess(_avtal(), rows, per=date(2026, 12, 1))
    assert (result.utfort_heltidsmanader, result.andel, result.status) == (
        18.0,
        0.75,
        "uppfyllt_75",
    )


def test_75_percent_rule_needs_the_share():
    # 17,99 of 24 < 75 % (18,0): the early end does not help; the contract still runs: pagar.
    rows = [
        _row(1, paborjade=1, heltid=0.99, varav=1),
        *[_row(m, heltid=1.5) for m in range(2, 13)],
    ]
    result = assess(_avtal(), rows, per=date(2026, 12, 1))
    assert result.utfort_heltidsmanader == 17.49
    assert result.status == "pagar"


def test_75_percent_rule_needs_an_early_end_after_75_percent_served():
    # 20,0 of 24 (83 %) but nobody ended early having served 75 %: after the end: ej_uppfyllt.
    avtal = _avtal(slut=date(2026, 10, 1))
    rows = [_row(m, heltid=2.0, paborjade=1 if m == 1 else 0) for m in range(1, 11)]
    result = assess(avtal, rows, per=date(2026, 10, 1))
    assert (result.utfort_heltidsmanader, result.status) == (20.0, "ej_uppfyllt")


def test_early_end_in_an_internship_does_not_trigger_the_75_percent_rule():
    avtal = _avtal(slut=date(2026, 10, 1))
    rows = [_row(m, heltid=2.0, paborjade=1 if m == 1 else 0) for m in range(1, 11)]
    rows.append(_row(5, "praktik", heltid=1.0, varav=1))
    assert assess(avtal, rows, per=date(2026, 10, 1)).status == "ej_uppfyllt"


def test_end_month_followed_up_ends_the_running_state():
    # Ends October 2026. Followed up through September: pagar; through October: ej_uppfyllt.
    avtal = _avtal(slut=date(2026, 10, 1))
    rows = [_row(m, heltid=1.0, paborjade=1 if m == 1 else 0) for m in range(1, 11)]
    assert assess(avtal, rows, per=date(2026, 9, 1)).status == "pagar"
    late = assess(avtal, rows, per=date(2026, 10, 1))
    assert (late.utfort_heltidsmanader, late.andel, late.status) == (10.0, 0.4167, "ej_uppfyllt")


def test_bonus_with_a_requirement_is_assessed_but_has_no_deadline():
    rows = [_row(2, paborjade=1, heltid=6.0)]
    result = assess(_avtal("bonus", krav=6), rows, per=date(2026, 2, 1))
    assert (result.forsta_anstallning, result.status, result.andel) == (
        "ej_aktuellt",
        "uppfyllt",
        1.0,
    )
