"""The report PDF's layout (issue 28): the analyst's comment and its signature stay on one page
(no page holds only the signature), and the PDF writes a percentage with its space (`0 %`)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime

from pypdf import PdfReader

from pipelines.domain.comments import Comment, CommentHistory
from pipelines.outputs.report.files import build_report, pdf_bytes

AUG = date(2026, 8, 1)
SIGNATURE = "Anna Analytiker, 2026-09-03 10:15 (version 1)."
SENTENCE = "Färre hushåll än i fjol men fler långvariga, och fler avslut till arbete. "


def _pages(report, text: str) -> list[str]:
    comment = Comment(AUG, text, "Anna Analytiker", datetime(2026, 9, 3, 10, 15), 1)
    with_comment = replace(report, comments=CommentHistory(comment, (comment,)))
    reader = PdfReader(io.BytesIO(pdf_bytes(with_comment, charts=False)))
    return [" ".join(page.extract_text().replace("\u00a0", " ").split()) for page in reader.pages]


def _signed_page(report, sentences: int) -> int:
    """The page (0-based) that holds the signature of a comment of `sentences` sentences, after
    checking that the comment's end and more than the signature are on that page."""
    text = (SENTENCE * sentences).strip() + " Slut på kommentaren."
    pages = _pages(report, text)
    [signed] = [i for i, page in enumerate(pages) if SIGNATURE in page]
    assert "Slut på kommentaren." in pages[signed], sentences
    body = pages[signed].replace(SIGNATURE, "")
    assert SENTENCE.strip()[:40] in body, sentences  # more than the signature on its page
    return signed


def test_the_signature_stays_with_its_comment(fixture_db):
    report = build_report(AUG)
    # Comments from one line to most of a page: the dangerous lengths are those whose end falls
    # at the foot of page 1, where the signature used to go alone to page 2. Find the shortest
    # comment that moves to page 2 (the page only grows with the text), then try every length
    # around it, one sentence at a time.
    short, long = 2, 60
    assert _signed_page(report, short) == 0
    assert _signed_page(report, long) == 1  # a long comment moves, with heading and signature
    while long - short > 1:
        middle = (short + long) // 2
        if _signed_page(report, middle) == 0:
            short = middle
        else:
            long = middle
    for sentences in range(max(2, short - 3), long + 4):
        assert _signed_page(report, sentences) == (0 if sentences <= short else 1), sentences


def test_a_percentage_has_its_space(fixture_db):
    pages = _pages(build_report(AUG), "Kort kommentar.")
    text = "\n".join(pages)
    assert "%" in text
    assert re.findall(r"\d%", text) == []
