"""Issue 26: hires far outside a förvaltning's own history are a warning naming the history
(median, most) that needs confirmation: the CLI refuses to store without `--confirm` (Swedish
message, exit 1, warehouse unchanged) and stores with it; an ordinary month passes unasked."""

from __future__ import annotations

from statistics import median

from helpers import query, snapshot
from pipelines import cli
from pipelines.formatting import fmt_int
from pipelines.ingest.history_checks import UNCONFIRMED_CLI
from pipelines.ingest.preview import preview_upload

HEADER = "Månad;Förvaltning;Anställningsform;Antal;Kön;Målgrupp;Från försörjningsstöd\n"


def _history(db, forvaltning: str, month: str) -> list[int]:
    return [
        int(total)
        for (total,) in query(
            db,
            "select sum(antal) from anstallningar_current where forvaltning = ? "
            "and manad <> ?::DATE group by manad",
            [forvaltning, month + "-01"],
        )
    ]


def _file(tmp_path, antal: int):
    path = tmp_path / "anstallningar_2026-08.csv"
    path.write_text(HEADER + f"2026-08;KK;lonestod;{antal};kvinna;uvas;ja\n", encoding="utf-8")
    return path


def test_a_month_far_outside_the_history_needs_confirm(fixture_db, capsys, tmp_path) -> None:
    past = _history(fixture_db, "KK", "2026-08")
    assert len(past) >= 6
    path = _file(tmp_path, 500)
    expected = (
        f"Anställningar för KK 2026-08 (500) ligger långt utanför förvaltningens "
        f"historik: median {fmt_int(round(median(past)))}, högst {fmt_int(max(past))} per månad "
        f"under {len(past)} lagrade månader. Stämmer siffran, bekräfta att filen ska lagras."
    )
    warnings = [f.message for f in preview_upload(path.read_bytes(), path.name).validated.warnings]
    assert expected in warnings

    before = snapshot(fixture_db)
    status = cli.main(["ingest", str(path)])
    out = capsys.readouterr().out
    assert status == 1
    assert UNCONFIRMED_CLI in out and "--confirm" in out
    assert expected.removesuffix(" Stämmer siffran, bekräfta att filen ska lagras.") in out
    assert snapshot(fixture_db) == before

    status = cli.main(["ingest", "--confirm", str(path)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert query(
        fixture_db,
        "select sum(antal) from anstallningar_current where forvaltning = 'KK' "
        "and manad = '2026-08-01'",
    ) == [(500,)]


def test_an_ordinary_month_is_stored_without_asking(fixture_db, capsys, tmp_path) -> None:
    status = cli.main(["ingest", str(_file(tmp_path, 3))])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "historik" not in out


def test_the_import_page_asks_for_confirmation_before_storing(fixture_db, tmp_path) -> None:
    from helpers import run_page

    at = run_page("importera.py")
    content = _file(tmp_path, 500).read_bytes()
    at.file_uploader(key="uploads").set_value([("anstallningar_2026-08.csv", content, "text/csv")])
    at.run()
    [box] = [c for c in at.checkbox if c.label == "Jag har kontrollerat siffrorna"]
    [store] = [b for b in at.button if (b.key or "").startswith("store-file-")]
    assert store.disabled and not box.value
    before = snapshot(fixture_db)
    box.check().run()
    [store] = [b for b in at.button if (b.key or "").startswith("store-file-")]
    assert not store.disabled
    store.click().run()
    assert not at.exception
    assert snapshot(fixture_db) != before
    assert query(
        fixture_db,
        "select sum(antal) from anstallningar_current where forvaltning = 'KK' "
        "and manad = '2026-08-01'",
    ) == [(500,)]
