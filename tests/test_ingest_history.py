"""Idempotency, replacement by slice, and the revision history that keeps every version."""

from __future__ import annotations

from helpers import FS_HEADER, HIRES_HEADER, csv_bytes, current_hires, query, snapshot
from pipelines.ingest.store import ingest_bytes

MARCH = [HIRES_HEADER, "2026-03;KK;lonestod;2;;;", "2026-03;VOF;lonestod;5;;;"]


def test_same_file_twice_changes_nothing_and_says_so(empty_db):
    first = ingest_bytes(csv_bytes(MARCH), "mars.csv")
    before = snapshot(empty_db)
    again = ingest_bytes(csv_bytes(MARCH), "mars_igen.csv")
    assert (first.outcome, again.outcome) == ("lagrad", "redan_lagrad")
    assert again.earlier_ingest_id == first.ingest_id
    assert snapshot(empty_db) == before
    assert query(empty_db, "select outcome from ingest_log order by ingest_id") == [
        ("lagrad",),
        ("redan_lagrad",),
    ]


def test_correction_replaces_only_its_slice_and_keeps_the_old_version(empty_db):
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    correction = ingest_bytes(
        csv_bytes([HIRES_HEADER, "2026-03;VOF;lonestod;6;;;", "2026-03;VOF;osa;1;;;"]),
        "mars_vof_rattelse.csv",
    )
    assert correction.outcome == "lagrad"
    [change] = correction.changes
    assert (change.slice_key, change.old_total, change.new_total, change.changed) == (
        "manad=2026-03;forvaltning=VOF",
        5.0,
        7.0,
        True,
    )
    hires = current_hires(empty_db)
    assert (
        hires[("2026-03", "KK", "lonestod", "uppgift saknas", "uppgift saknas", "uppgift saknas")]
        == 2
    )
    vof = {k[2]: v for k, v in hires.items() if k[1] == "VOF"}
    assert vof == {"lonestod": 6, "osa": 1}
    # The revision history: both versions of (2026-03, VOF), with file, time and who replaced whom.
    history = query(
        empty_db,
        """
        select l.file_name, s.ingest_id, s.replaced_by, sum(v.antal)
        from slice_version s
        join ingest_log l using (ingest_id)
        join anstallningar_version v using (ingest_id, manad, forvaltning)
        where s.slice_key = 'manad=2026-03;forvaltning=VOF'
        group by all order by s.ingest_id
        """,
    )
    assert history == [("mars.csv", 1, 2, 5), ("mars_vof_rattelse.csv", 2, None, 7)]
    replaced_at = query(
        empty_db,
        "select replaced_at is not null from slice_version "
        "where slice_key = 'manad=2026-03;forvaltning=VOF' order by ingest_id",
    )
    assert replaced_at == [(True,), (False,)]


def test_forvaltningar_may_deliver_separately(empty_db):
    ingest_bytes(csv_bytes([HIRES_HEADER, "2026-03;KK;lonestod;2;;;"]), "kk.csv")
    result = ingest_bytes(csv_bytes([HIRES_HEADER, "2026-03;VOF;lonestod;5;;;"]), "vof.csv")
    assert [c.is_new for c in result.changes] == [True]
    assert sum(current_hires(empty_db).values()) == 7


def test_a_slice_delivered_as_zero_replaces_earlier_hires(empty_db):
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    ingest_bytes(csv_bytes([HIRES_HEADER, "2026-03;KK;lonestod;0;;;"]), "kk_noll.csv")
    hires = current_hires(empty_db)
    assert sum(v for k, v in hires.items() if k[1] == "KK") == 0
    assert sum(v for k, v in hires.items() if k[1] == "VOF") == 5


def test_forsorjningsstod_replaces_months(empty_db):
    row = "2026-03;2000;800;2700;2000;300;900;20000000;180;200;60;20;350"
    ingest_bytes(csv_bytes([FS_HEADER, row, row.replace("2026-03", "2026-04")]), "fs.csv")
    result = ingest_bytes(csv_bytes([FS_HEADER, row.replace(";2000;800", ";2100;800")]), "fs2.csv")
    assert [(c.slice_key, c.old_total, c.new_total) for c in result.changes] == [
        ("manad=2026-03", 2000.0, 2100.0)
    ]
    assert query(
        empty_db,
        "select strftime(manad, '%Y-%m'), hushall from forsorjningsstod_current order by manad",
    ) == [("2026-03", 2100), ("2026-04", 2000)]
    assert query(empty_db, "select count(*) from forsorjningsstod_version") == [(3,)]


def test_unchanged_redelivery_with_other_bytes_is_a_new_unchanged_version(empty_db):
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    # Other content (rows in another order), the same rows: stored as an unchanged version.
    result = ingest_bytes(csv_bytes([MARCH[0], MARCH[2], MARCH[1]]), "mars_kopia.csv")
    assert result.outcome == "lagrad"
    assert [c.changed for c in result.changes] == [False, False]


def test_a_copy_with_other_line_endings_or_encoding_is_the_same_content(empty_db):
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    before = snapshot(empty_db)
    text = "\n".join(MARCH) + "\n"
    for copy in (
        text.replace("\n", "\r\n").encode(),  # CRLF
        text.encode("cp1252"),  # Windows-1252
        b"\xef\xbb\xbf" + text.encode(),  # UTF-8 with BOM
        text.rstrip("\n").encode(),  # no last line break
    ):
        result = ingest_bytes(copy, "mars_kopia.csv")
        assert result.outcome == "redan_lagrad"
        assert result.changes == []
    assert snapshot(empty_db) == before


def test_rejected_file_leaves_only_a_log_line(fixture_db):
    before = snapshot(fixture_db)
    count = query(fixture_db, "select count(*) from ingest_log")[0][0]
    ingest_bytes(csv_bytes([HIRES_HEADER, "2026-03;XYZ;lonestod;2;;;"]), "fel.csv")
    assert snapshot(fixture_db) == before
    assert query(fixture_db, "select count(*) from ingest_log") == [(count + 1,)]
    assert query(
        fixture_db,
        "select file_name, outcome, rows_stored from ingest_log order by ingest_id desc limit 1",
    ) == [("fel.csv", "avvisad", 0)]
