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


def test_the_signature_stays_with_its_comment(fixture_db):
    report = build_report(AUG)
    # Comments of every length from one line to most of a page: somewhere among them the
    # comment ends at the foot of page 1, where its signature used to go alone to page 2.
    seen_moved = False
    for sentences in range(2, 60, 2):
        text = (SENTENCE * sentences).strip() + " Slut på kommentaren."
        pages = _pages(report, text)
        [signed] = [i for i, page in enumerate(pages) if SIGNATURE in page]
        assert "Slut på kommentaren." in pages[signed], sentences
        body = pages[signed].replace(SIGNATURE, "")
        assert SENTENCE.strip()[:40] in body, sentences  # more than the signature on its page
        seen_moved |= signed == 1
    assert seen_moved  # a long comment did move to page 2, with its heading and signature


def test_a_percentage_has_its_space(fixture_db):
    pages = _pages(build_report(AUG), "Kort kommentar.")
    text = "\n".join(pages)
    assert "%" in text
    assert re.findall(r"\d%", text) == []
