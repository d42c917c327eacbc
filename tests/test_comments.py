"""The analyst's comment per month: saved with author and time, every version kept."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipelines import warehouse
from pipelines.ingest.comments import save_comment
from pipelines.queries.comments import comments_for

AUG = date(2026, 8, 1)


def history(month: date):
    with warehouse.read() as con:
        return comments_for(con, month)


def test_no_comment_yet(fixture_db):
    result = history(AUG)
    assert result.latest is None and result.history == ()


def test_an_edit_adds_a_version_and_keeps_the_old_one(fixture_db):
    before = datetime.now().replace(microsecond=0)
    first = save_comment(AUG, "  Färre hushåll än i fjol.  ", "Anna Analytiker")
    second = save_comment(date(2026, 8, 20), "Färre hushåll, men fler långvariga.", "Bo Chef")
    assert (first.version, second.version) == (1, 2)
    result = history(AUG)
    assert result.latest.text == "Färre hushåll, men fler långvariga."
    assert result.latest.author == "Bo Chef"
    assert [c.version for c in result.history] == [2, 1]
    assert result.history[1].text == "Färre hushåll än i fjol."  # trimmed, otherwise verbatim
    assert result.history[1].author == "Anna Analytiker"
    assert result.history[1].month == AUG
    assert all(c.saved_at >= before for c in result.history)


def test_months_keep_their_own_comments(fixture_db):
    save_comment(AUG, "Augusti.", "Anna")
    save_comment(date(2026, 7, 1), "Juli.", "Anna")
    assert history(AUG).latest.text == "Augusti."
    assert history(date(2026, 7, 1)).latest.text == "Juli."
    assert history(date(2026, 6, 1)).latest is None


def test_text_is_stored_as_written_not_as_html(fixture_db):
    text = "<b>fet</b> & <script>alert(1)</script>"
    save_comment(AUG, text, "<i>Eva</i>")
    latest = history(AUG).latest
    assert latest.text == text
    assert latest.author == "<i>Eva</i>"


@pytest.mark.parametrize(
    ("text", "author", "message"),
    [
        ("", "Anna", "Skriv en kommentar"),
        ("   ", "Anna", "Skriv en kommentar"),
        ("Text", "", "Ange ditt namn"),
        ("x" * 10_001, "Anna", "högst 10\u00a0000 tecken"),
        ("Text", "y" * 101, "högst 100 tecken"),
    ],
)
def test_empty_or_too_long_input_is_refused_in_swedish(fixture_db, text, author, message):
    with pytest.raises(ValueError, match=message):
        save_comment(AUG, text, author)
    assert history(AUG).latest is None
