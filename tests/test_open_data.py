"""Open data of the publication version: one CSV per table (UTF-8), a Frictionless
`datapackage.json` that `frictionless validate` passes (fields, types, `X` and `..` as missing
values, CC BY 4.0, source) and a DCAT-AP-SE `dcat.jsonld`; the figures are exactly what the
package shows; the internal version has none."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from frictionless import validate

from conftest import DEMO_REFERENCE, TODAY
from pipelines.outputs.followup.collect import collect_followup
from pipelines.outputs.followup.open_data import FOLDER, LICENSE_URL, open_data_files
from pipelines.outputs.followup.package import followup_zip


@pytest.fixture(scope="module")
def demo_2026(tmp_path_factory, demo_master):
    """The demo's 2026 package, publication version (on a copy of the session's demo)."""
    db = tmp_path_factory.mktemp("demo_oppna") / "demo.duckdb"
    shutil.copy(demo_master.db, db)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARBETSMAL_DB", str(db))
        mp.setenv("ARBETSMAL_REFERENCE", str(DEMO_REFERENCE))
        mp.setenv("ARBETSMAL_TODAY", TODAY)
        yield collect_followup(2026, publication=True)


def test_frictionless_validate_passes_on_the_demo_2026_open_data(demo_2026, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(followup_zip(demo_2026, None)))
    archive.extractall(tmp_path)
    report = validate(str(tmp_path / FOLDER / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "note"])
    package = json.loads((tmp_path / FOLDER / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["path"] == LICENSE_URL
    assert package["sources"][0]["title"].startswith("Arbetsmål")
    paths = sorted(r["path"] for r in package["resources"])
    on_disk = sorted(p.name for p in (tmp_path / FOLDER).glob("*.csv"))
    assert paths == on_disk and len(paths) == 1 + len(demo_2026.charts) + len(demo_2026.tables)
    for resource in package["resources"]:
        assert resource["schema"]["missingValues"] == ["", "X", ".."]
    dcat = json.loads((tmp_path / FOLDER / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["@type"] == "dcat:Dataset"
    assert dcat["dcterms:temporal"]["dcat:startDate"]["@value"] == "2026-01-01"
    assert dcat["dcterms:temporal"]["dcat:endDate"]["@value"] == "2026-08-31"
    assert dcat["dcterms:publisher"]["foaf:name"] == "Lunds kommun"
    assert len(dcat["dcat:distribution"]) == len(paths)
    readme = archive.read("README.txt").decode("utf-8")
    assert f"- {FOLDER}/dcat.jsonld: öppna data" in readme
    assert f"- {FOLDER}/00_malet.csv: Målet i siffror (öppna data, CSV i UTF-8)." in readme


def test_the_csv_shows_what_the_package_shows(fixture_db):
    public = collect_followup(2026, publication=True)
    files = open_data_files(public)
    heat = files[f"{FOLDER}/04_forvaltning_och_manad.csv"].decode("utf-8").splitlines()
    assert heat == [
        "Förvaltning,jan,feb,mar,apr,maj,jun,jul,aug,Totalt",
        "Arbetsmarknads- och socialförvaltningen,X,X,X,X,X,X,0,X,14",
        "Barn- och skolförvaltningen,6,6,6,6,6,6,0,6,42",
        "Kommunkontoret,X,X,X,X,X,X,0,X,14",
        "Miljöförvaltningen,0,0,0,0,0,0,0,0,0",
        "Vård- och omsorgsförvaltningen,6,6,6,6,6,6,0,6,42",
        "Totalt,16,16,16,16,16,16,0,16,112",
    ]
    assert open_data_files(collect_followup(2026, publication=False)) == {}
