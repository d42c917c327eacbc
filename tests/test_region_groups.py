"""The comparison group *Arbetsförmedlingen Skåne sydväst* (issue 27), from the region list's
column `grupper`: stored in `ref_region_grupp`, selectable for `jamfor` (`--grupp`, or as a
`--region`) and for the comparison on Försörjningsstöd. The sample export
(tests/fixtures/sos/) holds Lund, Malmö, Skåne län, Riket, Arjeplog and Pajala: of the group's
eleven municipalities only Lund, so the group's total is missing every month, never zero."""

from __future__ import annotations

import json

from test_sos_manad import SAMPLE

from helpers import query
from helpers import run_cli as run
from pipelines.ingest.store import ingest_bytes

GROUP = "Arbetsförmedlingen Skåne sydväst"
MEMBERS = [
    "Burlöv",
    "Eslöv",
    "Hörby",
    "Höör",
    "Kävlinge",
    "Lomma",
    "Lund",
    "Staffanstorp",
    "Svedala",
    "Trelleborg",
    "Vellinge",
]


def test_the_group_is_stored_with_its_eleven_municipalities(empty_db):
    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    rows = query(empty_db, "select grupp, namn from ref_region_grupp order by namn")
    assert rows == [(GROUP, name) for name in sorted(MEMBERS)]


def test_selectable_groups_are_the_kommungrupp_and_the_area(empty_db):
    from pipelines.queries.region_groups import selectable_groups

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    assert selectable_groups() == ["Större städer", GROUP]


def test_the_default_set_with_the_chosen_group(empty_db):
    from pipelines.queries.comparison import comparison

    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    result = comparison(2025, None, None, None, GROUP)
    assert [(s.region, s.role) for s in result.regions] == [
        ("Lund", "egen"),
        ("Skåne län", "lan"),
        ("Riket", "riket"),
        (f"Jämförelsegrupp: {GROUP}", "grupp"),
    ]
    assert result.group_name == GROUP
    group = result.regions[3]
    assert group.members == 11
    assert set(group.frame["status"]) == {"saknas"} and group.frame["varde"].isna().all()


def test_jamfor_with_the_group_as_a_region_and_as_grupp(empty_db):
    assert run("ingest", str(SAMPLE)).returncode == 0
    as_region = run("jamfor", "--year", "2025", "--region", "Lund", "--region", GROUP, "--json")
    assert as_region.returncode == 0, as_region.stderr
    data = json.loads(as_region.stdout)
    assert [r["region"] for r in data["regions"]] == ["Lund", f"Jämförelsegrupp: {GROUP}"]
    months = data["regions"][1]["months"]
    assert len(months) == 12 and {m["status"] for m in months} == {"saknas"}
    assert all(m["varde"] is None for m in months)
    # Case does not matter, as for regions.
    as_grupp = run("jamfor", "--year", "2025", "--grupp", "arbetsförmedlingen skåne sydväst")
    assert as_grupp.returncode == 0, as_grupp.stderr
    assert f"Jämförelsegrupp: {GROUP}" in as_grupp.stdout


def test_an_unknown_group_is_refused_in_swedish(empty_db):
    run("ingest", str(SAMPLE))
    result = run("jamfor", "--year", "2025", "--grupp", "Skåne nordost", "--json")
    assert result.returncode == 2
    assert "Okänd jämförelsegrupp ”Skåne nordost”" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_region_list_without_the_column_still_validates(tmp_path):
    import pandas as pd

    from pipelines.ingest.region_groups import memberships
    from pipelines.ingest.sos import load_regions

    frame = load_regions().drop(columns=["grupper"])
    (tmp_path / "regioner.csv").write_text(frame.to_csv(sep=";", index=False), encoding="utf-8")
    plain = load_regions(tmp_path)
    assert "grupper" not in plain.columns
    assert memberships(plain).empty
    assert isinstance(memberships(load_regions()), pd.DataFrame)
    assert len(memberships(load_regions())) == 11
