"""The follow-up package's section on what became of those hired (issue 27; figures:
tests/outcomes_data.py): the chart with the total table, the table per förvaltning, the
paragraph and the README line; in the publication version every count of 1–4 hidden, every
share computed from a hidden count hidden, and a count that would give back a hidden one hidden
too (the package's one disclosure pass); the internal version exact."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook
from outcomes_data import lines

from helpers import csv_bytes
from pipelines.domain import disclosure
from pipelines.ingest.store import ingest_bytes
from pipelines.outputs.followup.collect import collect_followup
from pipelines.outputs.followup.docx import document_bytes
from pipelines.outputs.followup.package import followup_zip, workbook

X = disclosure.MASK
COUNTS = [
    "Anställda",
    "Uppnådda",
    "Rapporterade",
    "Kvar i anställning",
    "I arbete eller studier",
    "Med försörjningsstöd före",
    "Med försörjningsstöd vid uppföljning",
]


@pytest.fixture
def with_outcomes(fixture_db):
    result = ingest_bytes(csv_bytes(lines()), "uppfoljning_2025.csv", source="test")
    assert result.outcome == "lagrad"
    return fixture_db


def _tables(followup):
    chart = next(c for c in followup.charts if c.key.endswith("_uppfoljning"))
    (per,) = [t for t in followup.tables if t.name == "Uppföljning per förvaltning 2025"]
    return chart, chart.table.frame, per.frame.set_index(["Förvaltning", "Uppföljning"])


def test_internal_version_shows_the_figures_exactly(with_outcomes):
    followup = collect_followup(2025, publication=False)
    chart, total, per = _tables(followup)
    assert chart.title == "Vad hände med dem som anställdes 2025"
    assert list(total.iloc[0]) == ["6 månader", 58, 58, 36, 23, 0.639, 35, 0.972, 17, 3]
    assert list(total.iloc[1]) == ["12 månader", 58, 38, 15, 8, 0.533, 13, 1.0, 6, 0]
    vof = per.loc[("Vård- och omsorgsförvaltningen", "6 månader")]
    assert list(vof) == [25, 25, 25, 13, 0.52, 25, 1.0, 11, 3]
    kk = per.loc[("Kommunkontoret", "6 månader")]
    assert (kk["Rapporterade"], kk["Kvar i anställning"]) == (11, 10)
    assert not chart.table.masked
    assert followup.paragraphs[-1].startswith(
        "Vad hände med dem som anställdes 2025? Efter 6 månader: 23 av 36 rapporterade"
    )
    assert "3 vid uppföljningen" in followup.paragraphs[-1]


def test_publication_hides_small_counts_and_every_share_from_them(with_outcomes):
    internal = collect_followup(2025, publication=False)
    public = collect_followup(2025)
    assert public.audit is not None  # the attacker's audit of the finished package passed
    for exact_frame, shown_frame in zip(_tables(internal)[1:], _tables(public)[1:], strict=True):
        assert exact_frame.shape == shown_frame.shape
        for (index, exact), (_, shown) in zip(
            exact_frame.iterrows(), shown_frame.iterrows(), strict=True
        ):
            for column in COUNTS:
                if disclosure.is_small(exact[column]):
                    assert shown[column] == X, (index, column, exact[column])
                elif shown[column] != X:
                    # published as it is (a count not reported stays empty)
                    assert shown[column] == exact[column] or (
                        pd.isna(shown[column]) and pd.isna(exact[column])
                    )
            if X in (shown["Kvar i anställning"], shown["Rapporterade"]):
                assert shown["Andel kvar"] == X, index
            if X in (shown["I arbete eller studier"], shown["Rapporterade"]):
                assert shown["Andel i arbete eller studier"] in (X, None), index
    _, total, per = _tables(public)
    # 3 had försörjningsstöd at 6 months (all in VOF): hidden in the total and in VOF.
    assert total.iloc[0]["Med försörjningsstöd vid uppföljning"] == X
    assert (
        per.loc[("Vård- och omsorgsförvaltningen", "6 månader")][
            "Med försörjningsstöd vid uppföljning"
        ]
        == X
    )
    # KK: 11 reported, 10 still employed: the 1 who left is a count of 1–4 the package never
    # shows, so reported and still employed cannot both be shown, nor the share.
    kk = per.loc[("Kommunkontoret", "6 månader")]
    assert X in (kk["Rapporterade"], kk["Kvar i anställning"])
    assert kk["Andel kvar"] == X
    # So with the 1 of KK's 11 not in work or studies.
    assert X in (kk["Rapporterade"], kk["I arbete eller studier"])
    # 12 months: the share in work or studies is over 13 of the 15 reported (one cohort lacks
    # the column): its denominator is not shown, so the share is hidden.
    assert total.iloc[1]["Andel i arbete eller studier"] == X
    # The paragraph says nothing the tables hide.
    assert "3 vid uppföljningen" not in public.paragraphs[-1]
    assert public.paragraphs[-1].startswith("Vad hände med dem som anställdes 2025?")


def test_word_excel_and_readme_carry_the_section(with_outcomes):
    followup = collect_followup(2025)
    doc = Document(io.BytesIO(document_bytes(followup, None)))
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("Vad hände med dem som anställdes 2025?") for t in texts)
    assert "Vad hände med dem som anställdes 2025" in [
        p.text for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    book = load_workbook(io.BytesIO(workbook(followup)))
    assert any(name.endswith("Uppföljning 2025") for name in book.sheetnames)
    assert "Uppföljning per förvaltning" in book.sheetnames  # cut to Excel's 31 characters
    archive = zipfile.ZipFile(io.BytesIO(followup_zip(followup, None)))
    readme = archive.read("README.txt").decode("utf-8")
    assert "Uppföljning av anställda" in readme
    assert "Vad hände med dem som anställdes 2025, efter 6, 12 och 24 månader" in readme


def test_no_section_without_follow_up_rows(fixture_db):
    followup = collect_followup(2025, publication=False)
    assert not any(c.key.endswith("_uppfoljning") for c in followup.charts)
    assert followup.utfall is None
