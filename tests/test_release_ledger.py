"""The release ledger over a year as a real warehouse lives it: publish, ingest the next month,
publish again, correct a month, publish again; every public package is recorded (table
`release`, the audit trail) and protected against every earlier one, and the attacker run over
all releases together pins nothing, narrows no count of 1–4, derives no count of 1–4 as the
difference of two releases, and finds nothing hidden in one release printed in another. Without
the ledger the same year does leak (the test can fail)."""

from __future__ import annotations

import itertools

import pytest

from conftest import FIXTURES
from helpers import run_page
from pipelines import warehouse
from pipelines.config import pointing_at
from pipelines.domain import disclosure
from pipelines.domain.disclosure_audit import total_relation
from pipelines.domain.disclosure_history import (
    MASK,
    Release,
    audit_releases,
    combine,
    release_of,
)
from pipelines.ingest.release import record_release
from pipelines.ingest.store import ingest_file
from pipelines.outputs.followup import published
from pipelines.outputs.followup.collect import _read, collect_followup
from pipelines.outputs.followup.releases import record_package
from pipelines.queries.release import earlier_releases, release_list

HIRES_2026 = FIXTURES / "warehouse" / "anstallningar_2026.csv"


def _months_file(folder, months: set[str], name: str, change=None, source=HIRES_2026) -> object:
    """A file with only `months` of a fixture file (`change`: a line → a new line)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[1:] if line.split(";")[0] in months]
    if change:
        body = [change(line) for line in body]
    path = folder / name
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return path


def _ingest(db, reference, path, today: str) -> None:
    with pointing_at(db, reference, today):
        result = ingest_file(path, source="test")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]


def _publish(db, monkeypatch, today: str):
    """The public package as the command line writes it (collected, drawn tables, recorded)."""
    monkeypatch.setenv("ARBETSMAL_TODAY", today)
    followup = collect_followup(2026, publication=True, db=db)
    return followup, record_package(followup, "uppfoljning_2026_publicering.zip", db=db)


def _publish_quickly(db, monkeypatch, today: str):
    """What the package releases, without drawing it: its ledger protected against every
    earlier release, checked by the attacker together with them, and recorded."""
    monkeypatch.setenv("ARBETSMAL_TODAY", today)
    with warehouse.read(db) as con:
        data = _read(con, 2026, whole=False)
    history = earlier_releases()
    ledger, protection = published.protect_package(data, 2026, earlier=history)
    shown = {k: protection.show(k, v) for k, v in ledger.values.items()}
    last = int(data["overview"].forecast.last_month)
    rounded = {k: base for k, (_, base) in protection.rounded.items()}
    release = release_of("paket", 2026, last, ledger, shown, rounded)
    assert audit_releases([*history, release]).ok
    return None, record_release(release, "uppfoljning_2026_publicering.zip", db=db)


def _printed(release: Release, key) -> bool:
    return key in release.shown and not disclosure.is_mark(release.shown[key])


def _independent_checks(releases: list[Release]) -> None:
    """What an outsider tries first, without the integer programs: a figure hidden in one
    release and printed in another with the same value, and a year-to-date figure printed in
    two releases whose difference is 1–4."""
    for a, b in itertools.permutations(releases, 2):
        for key, value in a.values.items():
            if a.hidden(key) and _printed(b, key) and b.values[key] == value:
                pytest.fail(f"{key} dolt i utlämning {a.release_id}, visat i {b.release_id}")
    for a, b in itertools.combinations(releases, 2):
        if a.year != b.year or a.month == b.month:
            continue
        early, late = (a, b) if a.month < b.month else (b, a)
        for key in early.values:
            if key[0] != "ytd":
                continue
            later = ("ytd", key[1], late.month, *key[3:])
            if _printed(early, key) and _printed(late, later) and key not in early.rounded:
                growth = late.values[later] - early.values[key]
                assert not 1 <= growth <= 4, (key, early.month, late.month, growth)


FS = FIXTURES / "warehouse" / "forsorjningsstod.csv"


def _ingest_start(db, reference, folder) -> None:
    """2025's hires, the 2026 target, and försörjningsstöd through May 2026."""
    for name in ("anstallningar_2025.csv", "mal_2026.csv"):
        _ingest(db, reference, FIXTURES / "warehouse" / name, "2026-06-15")
    months = {f"2025-{m:02d}" for m in range(1, 13)} | {f"2026-0{m}" for m in range(1, 6)}
    _ingest(db, reference, _months_file(folder, months, "fs.csv", source=FS), "2026-06-15")


@pytest.fixture(scope="module")
def lived_year(tmp_path_factory, reference_dir):
    """A warehouse lived through 2026: the releases after May, June, August and a correction of
    March, each published and recorded."""
    tmp_path = tmp_path_factory.mktemp("utlamningar")
    db = tmp_path / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("ARBETSMAL_DB", str(db))
        monkeypatch.setenv("ARBETSMAL_REFERENCE", str(reference_dir))
        yield _live(db, reference_dir, monkeypatch, tmp_path)


@pytest.fixture
def year_of_releases(lived_year, monkeypatch):
    db, _ = lived_year
    monkeypatch.setenv("ARBETSMAL_DB", str(db))
    return lived_year


def _live(db, reference_dir, monkeypatch, tmp_path):
    _ingest_start(db, reference_dir, tmp_path)
    spring = {f"2026-0{m}" for m in range(1, 6)}
    _ingest(db, reference_dir, _months_file(tmp_path, spring, "jan_maj.csv"), "2026-06-15")
    steps = [_publish_quickly(db, monkeypatch, "2026-06-15")]
    _ingest(db, reference_dir, _months_file(tmp_path, {"2026-06"}, "jun.csv"), "2026-07-15")
    steps.append(_publish_quickly(db, monkeypatch, "2026-07-15"))
    summer = {"2026-07", "2026-08"}
    _ingest(db, reference_dir, _months_file(tmp_path, summer, "jul_aug.csv"), "2026-09-15")
    _ingest(db, reference_dir, FS, "2026-09-15")
    steps.append(_publish_quickly(db, monkeypatch, "2026-09-15"))

    def more_in_bsf(line: str) -> str:  # a correction: BSF had 9 hires in March, not 6
        parts = line.split(";")
        if parts[1] == "BSF" and parts[2] == "nystartsjobb":
            parts[3] = "9"
        return ";".join(parts)

    corrected = _months_file(tmp_path, {"2026-03"}, "mars_rattad.csv", more_in_bsf)
    _ingest(db, reference_dir, corrected, "2026-09-15")
    steps.append(_publish(db, monkeypatch, "2026-09-15"))
    return db, steps


def test_a_year_of_releases_gives_nothing_back(year_of_releases):
    db, steps = year_of_releases
    assert [rid is not None for _, rid in steps] == [True, True, True, True]
    releases = earlier_releases()
    assert [(r.kind, r.year, r.month) for r in releases] == [
        ("paket", 2026, 5),
        ("paket", 2026, 6),
        ("paket", 2026, 8),
        ("paket", 2026, 8),
    ]
    verdict = audit_releases(releases)
    assert verdict.printed_after_hidden == []
    assert verdict.result.findings == [], verdict.message()
    _independent_checks(releases)
    # Every release is in the list for Datakvalitet and in the audit trail.
    listed = release_list()
    assert list(listed["kind"]) == ["paket"] * 4
    assert list(listed["manad"]) == [8, 8, 6, 5]
    with warehouse.read(db) as con:
        lines = con.execute(
            "select count(*) from audit_log where action = 'utlamning_registrerad'"
        ).fetchone()[0]
    assert lines == 4


def test_the_same_package_written_again_is_one_release(year_of_releases, monkeypatch):
    db, steps = year_of_releases
    followup, release_id = _publish(db, monkeypatch, "2026-09-15")
    assert release_id is None  # nothing new was released
    assert len(earlier_releases()) == 4
    assert followup.release.content() == earlier_releases()[-1].content()


def test_protected_alone_the_same_year_leaks(empty_db, reference_dir, monkeypatch, tmp_path):
    """Two packages of the same year each protected on its own: together they give back a
    count of 1–4 (so the ledger is what keeps the year above safe)."""
    db = empty_db
    _ingest_start(db, reference_dir, tmp_path)
    spring = {f"2026-0{m}" for m in range(1, 6)}
    _ingest(db, reference_dir, _months_file(tmp_path, spring, "jan_maj.csv"), "2026-06-15")
    alone = []
    for today, months in (("2026-06-15", None), ("2026-07-15", {"2026-06"})):
        if months:
            _ingest(db, reference_dir, _months_file(tmp_path, months, "jun.csv"), today)
        monkeypatch.setenv("ARBETSMAL_TODAY", today)
        with warehouse.read(db) as con:
            data = _read(con, 2026, whole=False)
        ledger, protection = published.protect_package(data, 2026)  # as if nothing before
        shown = {k: protection.show(k, v) for k, v in ledger.values.items()}
        last = int(data["overview"].forecast.last_month)
        rounded = {k: base for k, (_, base) in protection.rounded.items()}
        alone.append(release_of("paket", 2026, last, ledger, shown, rounded))
        alone[-1].release_id = len(alone)
    verdict = audit_releases(alone)
    assert not verdict.ok
    assert any(f.key[0] == "diff" for f in verdict.result.findings) or verdict.printed_after_hidden


def test_a_release_that_cannot_be_protected_names_what_blocks_it(fixture_db):
    """An earlier release that hid KK's January but printed two figures that give it back
    (a sum and its other part): whatever the next package hides, the attacker has it, so the
    package stops in Swedish, names the figure, and nothing public is made."""
    with warehouse.read(fixture_db) as con:
        data = _read(con, 2026)
    ledger = published.package_ledger(data, 2026)
    last = int(data["overview"].forecast.last_month)
    kk = ("y", 2026, "forv", "KK", 1)
    total, other = ("ytd", 2026, 1, "summa"), ("ytd", 2026, 1, "ovrigt")
    leaky = Release(
        "rapport",
        2026,
        1,
        values={kk: 2.0, total: 8.0, other: 6.0},
        shown={kk: MASK, total: 8.0, other: 6.0},
        relations=[total_relation(total, [kk, other])],
        labels={kk: "Kommunkontoret, januari 2026"},
        release_id=1,
    )
    combined = combine(ledger, 2026, last, [leaky])
    assert ("forv", "KK", 1) in combined.forced and total in combined.fixed
    with pytest.raises(disclosure.CannotProtect) as caught:
        published.protect_package(data, 2026, earlier=[leaky])
    message = caught.value.message
    assert "tidigare utlämningar" in message and "Inget publikt paket skrevs" in message
    assert "januari 2026" in message


def _small_release() -> Release:
    kk, total = ("y", 2026, "forv", "KK", 1), ("ar", 2026, "m", 1)
    return Release(
        "paket",
        2026,
        8,
        values={kk: 2.0, total: 16.0},
        shown={kk: MASK, total: 16.0},
        relations=[total_relation(total, [kk])],
        labels={kk: "Kommunkontoret, januari 2026"},
    )


def test_a_release_is_on_datakvalitet_and_survives_backup_and_restore(fixture_db, tmp_path):
    from pipelines.warehouse import backup as backups

    release_id = record_release(_small_release(), "uppfoljning_2026_publicering.zip")
    assert release_id == 1
    at = run_page("datakvalitet.py")
    [frame] = [d.value for d in at.dataframe if "Utlämning" in d.value.columns]
    assert frame.iloc[0][["Nr", "Utlämning", "År", "Till och med", "Tal", "Dolda"]].tolist() == [
        "1",
        "Uppföljningspaket",
        "2026",
        "augusti",
        "2",
        "1",
    ]
    assert frame.iloc[0]["Dataversion"].startswith("inläsning ")
    made = backups.backup(tmp_path / "kopior")
    assert made.tables["release"] == 1 and made.tables["release_quantity"] == 2
    assert made.tables["release_relation"] == 2
    record_release(
        Release("rapport", 2026, 8, {("ar", 2026, "m", 2): 16.0}, {("ar", 2026, "m", 2): 16.0}),
        "nyckeltalsrapport_2026-08.pdf",
    )
    assert len(earlier_releases()) == 2
    backups.restore(made.path)
    [restored] = earlier_releases()
    assert restored.values == _small_release().values and restored.hidden(
        ("y", 2026, "forv", "KK", 1)
    )
    assert restored.relations == _small_release().relations


def test_the_command_line_records_the_public_package_and_not_the_internal(
    fixture_db, tmp_path, monkeypatch
):
    from pipelines.cli import main

    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")  # tables only: quicker
    out = str(tmp_path / "ut")
    assert main(["export", "--year", "2026", "--out", out, "--intern", "--utan-word"]) == 0
    assert release_list().empty
    assert main(["export", "--year", "2026", "--out", out, "--utan-word"]) == 0
    listed = release_list()
    assert list(listed["subject"]) == ["uppfoljning_2026_publicering.zip"]
    assert list(listed["manad"]) == [8] and list(listed["n_hidden"]) == [14]


def test_what_is_remembered_of_earlier_releases_changes_nothing(year_of_releases, monkeypatch):
    """Issue 25's shortcut (groups already certified are not solved again, earlier releases
    above all): the last package protected against the three before it, with everything
    remembered and with nothing, is the same release, and the attacker run from nothing over
    all four finds nothing, as it does with everything remembered."""
    from pipelines.domain import disclosure_audit

    db, _ = year_of_releases
    releases = earlier_releases()
    history = releases[:-1]
    monkeypatch.setenv("ARBETSMAL_TODAY", "2026-09-15")
    with warehouse.read(db) as con:
        data = _read(con, 2026, whole=False)

    def release_against(earlier):
        published._PROTECTIONS.clear()
        ledger, protection = published.protect_package(data, 2026, earlier=earlier)
        shown = {k: protection.show(k, v) for k, v in ledger.values.items()}
        rounded = {k: base for k, (_, base) in protection.rounded.items()}
        month = int(data["overview"].forecast.last_month)
        return release_of("paket", 2026, month, ledger, shown, rounded)

    assert audit_releases(history).ok  # the earlier releases' groups, remembered
    remembered = release_against(history)
    warm = audit_releases([*history, remembered])
    disclosure_audit.forget()
    cold = release_against(history)
    assert remembered.content() == cold.content()
    disclosure_audit.forget()
    from_nothing = audit_releases([*history, remembered])
    assert from_nothing.ok, from_nothing.message()
    assert warm.ok and warm.result.findings == from_nothing.result.findings == []
    _independent_checks([*history, remembered])
