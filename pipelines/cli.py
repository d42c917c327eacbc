"""Command line: `python -m pipelines KOMMANDO` (ingest, check, summary, demo, history, templates,
backup, restore, report, export, …).

A stable interface for people and scheduled scripts. Exit status: 0 when every file was stored
(or was stored before), 1 when any file was rejected, 2 for wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from pipelines import config
from pipelines.formatting import fmt_int, fmt_month, fmt_number
from schemas import guard
from schemas.findings import Finding
from schemas.kinds import CONTRACTS, KIND_LABELS


def _print_findings(findings: list[Finding], limit: int = 200) -> None:
    for finding in findings[:limit]:
        print(f"  {finding.format()}")
    if len(findings) > limit:
        print(f"  … och {len(findings) - limit} till.")


def _period_text(kind: str | None, months: list[str]) -> str:
    """`månader 2025-01–2025-06`, or for targets `år 2026` (a `mal` file covers whole years)."""
    if not months:
        return "inga månader"
    if kind in CONTRACTS and CONTRACTS[kind].yearly:
        years = sorted({m[:4] for m in months})
        return "år " + (years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}")
    return "månader " + (months[0] if len(months) == 1 else f"{months[0]}–{months[-1]}")


def _rows(count: int) -> str:
    return f"{fmt_int(count)} {'rad' if count == 1 else 'rader'}"


def _figure(value: float | None) -> str:
    if value is None:
        return "–"
    return fmt_number(value, 0 if float(value).is_integer() else 2)


def _report(result) -> None:
    kind = KIND_LABELS.get(result.kind or "", "okänd filtyp")
    if result.outcome == "lagrad":
        replaced = result.replaced
        new = len(result.changes) - len(replaced)
        print(
            f"{result.file_name}: lagrad som {kind} (inläsning {result.ingest_id}): "
            f"{_rows(result.rows)}, {_period_text(result.kind, result.months)}, "
            f"{fmt_int(new)} nya och {fmt_int(len(replaced))} ersatta delar."
        )
        if CONTRACTS[result.kind].reader == "sos_wide":  # thousands of cells: only the changed
            replaced = [c for c in replaced if c.changed]
        for change in replaced:
            note = "" if change.changed else " (oförändrad)"
            if change.changed and (change.old_rows or change.new_rows):
                # A correction replaces the whole slice: say what it removes, not only adds.
                note = f" (tar bort {_rows(change.old_rows)}, lägger till {_rows(change.new_rows)})"
            print(
                f"  ersatt {change.slice_key}: {_figure(change.old_total)} → "
                f"{_figure(change.new_total)}{note}"
            )
    elif result.outcome == "redan_lagrad":
        when = (
            result.earlier_stored_at.strftime("%Y-%m-%d %H:%M") if result.earlier_stored_at else ""
        )
        print(
            f"{result.file_name}: redan inläst (inläsning {result.earlier_ingest_id}, {when}). "
            "Ingenting ändrades."
        )
    elif result.outcome == "kontrollerad":
        print(
            f"{result.file_name}: godkänd som {kind}: {_rows(result.rows)}, "
            f"{_period_text(result.kind, result.months)}. Ingenting lagrades."
        )
    else:
        errors = [f for f in result.findings if f.is_error]
        print(f"{result.file_name}: avvisad, {fmt_int(len(errors))} fel. Ingenting ändrades.")
        _print_findings(errors)
    warnings = [f for f in result.findings if not f.is_error]
    if warnings and result.outcome != "avvisad":
        _print_findings(warnings)


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipelines.ingest.store import IngestResult, ingest_bytes

    status = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"{guard.admit_name(name)}: filen finns inte.")
            status = 1
            continue
        if args.check_only:
            from pipelines.ingest.upload import check_upload

            validated = check_upload(path.read_bytes(), path.name, kind=args.kind)
            result = IngestResult(
                validated.file_name,  # as the gate shows it: a personal number never echoed
                validated.content_hash,
                validated.kind,
                "kontrollerad" if validated.ok else "avvisad",
                rows=len(validated.frame) if validated.frame is not None else 0,
                months=[m.strftime("%Y-%m") for m in validated.months()]
                if validated.frame is not None
                else [],
                findings=validated.findings,
            )
        else:
            from pipelines.ingest.history_checks import confirmed

            with confirmed(getattr(args, "confirm", False)):  # --confirm (issue 26)
                result = ingest_bytes(path.read_bytes(), path.name, kind=args.kind, source="cli")
        _report(result)
        if result.rejected:
            status = 1
    return status


def cmd_summary(args: argparse.Namespace) -> int:
    from pipelines.present.summary_text import format_summary
    from pipelines.queries.summary import year_summary

    year = args.year or config.today().year
    summary = year_summary(year)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary))
    return 0


def cmd_sysselsattning(args: argparse.Namespace) -> int:
    from pipelines.present.sysselsattning import cli_lines
    from pipelines.queries.sysselsattning import as_json, year_followup

    result = year_followup(args.year or config.today().year)
    if args.json:
        print(json.dumps(as_json(result), ensure_ascii=False))
    else:
        print("\n".join(cli_lines(result)))
    return 0


def cmd_utfall(args: argparse.Namespace) -> int:
    from pipelines.present.outcomes import cli_lines
    from pipelines.queries.outcomes import outcomes

    result = outcomes(args.year or config.today().year)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print("\n".join(cli_lines(result)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pipelines import warehouse
    from pipelines.demo import run_demo

    if args.if_empty and warehouse.has_data():
        print(f"Databasen {config.db_path()} har redan data: demodata läses inte in.")
        return 0
    results = run_demo(if_empty=args.if_empty, out_dir=Path(args.out) if args.out else None)
    for result in results:
        _report(result)
    return 1 if any(r.rejected for r in results) else 0


def cmd_history(args: argparse.Namespace) -> int:
    from pipelines import warehouse

    with warehouse.read() as con:
        rows = con.execute(
            "select ingest_id, finished_at, file_name, kind, outcome, rows_stored, first_month, "
            "last_month, slices_replaced from ingest_log order by ingest_id desc limit ?",
            [args.limit],
        ).fetchall()
    if not rows:
        print("Ingen fil har lästs in ännu.")
        return 0
    print(f"{'Nr':>4}  {'Tid':<16}  {'Fil':<32} {'Typ':<17} {'Utfall':<12} {'Rader':>7}  Månader")
    for ingest_id, at, name, kind, outcome, n, first, last, _replaced in rows:
        months = (
            ""
            if first is None
            else (f"{first:%Y-%m}" if first == last else f"{first:%Y-%m}–{last:%Y-%m}")
        )
        print(
            f"{ingest_id:>4}  {at:%Y-%m-%d %H:%M}  {name[:32]:<32} "
            f"{KIND_LABELS.get(kind or '', '–'):<17} {outcome:<12} {fmt_int(n):>7}  {months}"
        )
    return 0


def _parse_month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"ogiltig månad {text!r}: skriv den som ÅÅÅÅ-MM, till exempel 2026-08"
        ) from exc


def cmd_report(args: argparse.Namespace) -> int:
    """`python -m pipelines report [--month YYYY-MM] --out DIR`."""
    from pipelines.domain.disclosure import CannotProtect
    from pipelines.outputs.report.files import write_report_files
    from pipelines.queries.report import report_months

    month = args.month
    if month is None:
        months = report_months()
        if not months:
            print("Databasen har inga inlästa månader: ingen rapport skapades.")
            return 1
        month = months[0]
    if month > config.current_month():
        print(f"{fmt_month(month, capital=True)} har inte börjat: ingen rapport skapades.")
        return 2
    try:
        xlsx, pdf = write_report_files(month, Path(args.out), intern=args.intern)
    except CannotProtect as exc:  # nothing written (issue 25)
        print(exc.message, file=sys.stderr)
        return 1
    version = "intern version, exakta tal" if args.intern else "nämndens version, X = dolt"
    print(f"Nyckeltalsrapport för {fmt_month(month)} ({version}):")
    print(f"  {xlsx}")
    print(f"  {pdf}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """`python -m pipelines export --year YYYY --out DIR [--intern] [--utan-word]`: the follow-up
    package (ZIP) and the Word document of a year, drawn in one browser."""
    from pipelines.domain import disclosure
    from pipelines.outputs.followup.bundle import build_bundle
    from pipelines.outputs.render import NO_BROWSER_MESSAGE

    year = args.year or config.today().year
    publication = not args.intern
    try:
        bundle = build_bundle(year, publication=publication, document=not args.no_docx)
    except disclosure.CannotProtect as exc:
        # Nothing public is written: not the ZIP, not the Word document.
        print(exc.message, file=sys.stderr)
        return 1
    followup = bundle.followup
    if not bundle.drawn:
        print(f"Observera: {NO_BROWSER_MESSAGE}")
    paths = bundle.write(args.out)
    if publication:  # the public package enters the release ledger as it is written
        from pipelines.outputs.followup.releases import record_package

        record_package(followup, paths[0].name)
    print(
        f"{paths[0]}: {disclosure.version_label(publication)}, "
        f"{len(followup.charts)} diagram{'' if bundle.drawn else ' (utan bilder)'}."
    )
    if len(paths) > 1:
        print(f"{paths[1]}: Word-dokument med diagram, tabeller och sammanfattning.")
    for note in followup.missing:
        print(f"Observera: {note}")
    if followup.audit:
        print(
            f"Röjandekontroll: {followup.audit['dolda']} dolda tal; granskningen fann inget "
            "dolt tal som kan räknas fram eller ringas in."
        )
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from pipelines.outputs.templates import write_templates

    for path in write_templates(Path(args.out)):
        print(path)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from pipelines.ingest import audit
    from pipelines.warehouse.backup import BackupError, backup

    try:
        made = backup(Path(args.out))
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    audit.record_now(
        audit.BACKUP, made.path.name, f"{_rows(made.rows)} i {len(made.tables)} tabeller"
    )
    print(
        f"Säkerhetskopia sparad: {made.path} ({_rows(made.rows)} i {len(made.tables)} tabeller; "
        f"manifest {made.manifest_path.name})."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pipelines.ingest import audit
    from pipelines.warehouse.backup import BackupError, restore

    if args.utan_manifest:
        print(
            "Varning: återställer utan manifest. Det går inte att kontrollera att "
            "säkerhetskopian är hel och oförändrad; bara att den är en läsbar databas från "
            "Arbetsmål.",
            file=sys.stderr,
        )
    try:
        done = restore(Path(args.file), without_manifest=args.utan_manifest)
    except BackupError as exc:
        print(f"Återställningen avbröts: {exc}", file=sys.stderr)
        return 1
    kept = f"; den tidigare databasen finns kvar som {done.previous}" if done.previous else ""
    audit.record_now(audit.RESTORE, done.source.name, f"{_rows(sum(done.tables.values()))}{kept}")
    print(f"Databasen {done.db} är återställd från {done.source}{kept}.")
    return 0


def _record_export(args: argparse.Namespace) -> None:
    """The audit line for an export or report written from the command line."""
    from pipelines.ingest import audit

    if args.command == "export":
        year = args.year or config.today().year
        kind = "internt (exakta tal)" if args.intern else "publikt"
        audit.record_now(audit.EXPORT_BUILT, f"uppföljningspaket {year}", f"{kind}, kommandoraden")
    elif args.command == "report":
        month = f"{args.month:%Y-%m}" if args.month else "senaste månaden"
        kind = "internt (exakta tal)" if args.intern else "nämndens version"
        audit.record_now(audit.EXPORT_BUILT, f"månadsrapport {month}", f"{kind}, Excel och PDF")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines",
        description="Arbetsmål: läs in, kontrollera och sammanfatta månadsfiler.",
    )
    parser.add_argument(
        "--db", help="databasfil (standard: ARBETSMAL_DB eller data/warehouse.duckdb)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")

    kinds = sorted(CONTRACTS)
    p = sub.add_parser("ingest", help="läs in filer (varje fil en transaktion)")
    p.add_argument("files", nargs="+", metavar="FIL")
    p.add_argument("--kind", choices=kinds, help="filtyp (annars känns den igen på rubrikraden)")
    p.add_argument(
        "--confirm",
        action="store_true",
        help="lagra även när en siffra ligger långt utanför historiken (efter kontroll)",
    )
    p.set_defaults(func=cmd_ingest, check_only=False)

    p = sub.add_parser("check", help="kontrollera filer utan att lagra något")
    p.add_argument("files", nargs="+", metavar="FIL")
    p.add_argument("--kind", choices=kinds)
    p.set_defaults(func=cmd_ingest, check_only=True)

    p = sub.add_parser("summary", help="årets läge: anställningar mot mål per förvaltning")
    p.add_argument("--year", type=int, help="år (standard: innevarande år)")
    p.add_argument("--json", action="store_true", help="skriv ett JSON-objekt")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser(
        "sysselsattning", help="avtal med sysselsättningskrav: status och årets platser"
    )
    p.add_argument("--year", type=int, help="år (standard: innevarande år)")
    p.add_argument("--json", action="store_true", help="skriv ett JSON-objekt")
    p.set_defaults(func=cmd_sysselsattning)

    p = sub.add_parser(
        "utfall", help="vad hände med dem som anställdes: uppföljning efter 6, 12 och 24 månader"
    )
    p.add_argument("--year", type=int, help="anställningsår (standard: innevarande år)")
    p.add_argument("--json", action="store_true", help="skriv ett JSON-objekt")
    p.set_defaults(func=cmd_utfall)

    p = sub.add_parser("demo", help="skapa och läs in demodata (2021 till förra månaden)")
    p.add_argument("--if-empty", action="store_true", help="bara om databasen saknar data")
    p.add_argument("--out", help="mapp för demofilerna (standard: data/demo/)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("history", help="inläsningsloggen, senaste först")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("templates", help="skriv mallfiler (CSV och Excel) för varje filtyp")
    p.add_argument("--out", default=str(config.TEMPLATES_DIR))
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("backup", help="säkerhetskopiera databasen (går medan appen körs)")
    p.add_argument("--out", required=True, metavar="MAPP", help="mapp att skriva kopian i")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="kontrollera en säkerhetskopia och återställ databasen")
    p.add_argument("file", metavar="FIL", help="säkerhetskopian (.duckdb)")
    p.add_argument(
        "--utan-manifest",
        action="store_true",
        help="återställ en kopia som saknar manifest (.json): kontrolleras då bara som databas",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("report", help="skriv månadens nyckeltalsrapport som Excel och PDF")
    p.add_argument(
        "--month",
        type=_parse_month,
        metavar="ÅÅÅÅ-MM",
        help="rapportens månad (standard: den senast inrapporterade)",
    )
    p.add_argument("--out", required=True, metavar="MAPP", help="mapp att skriva filerna i")
    p.add_argument(
        "--intern",
        action="store_true",
        help="den exakta versionen (märkt intern, registreras inte som utlämnad)",
    )
    p.set_defaults(func=cmd_report)

    p = sub.add_parser(
        "export",
        help="uppföljningspaket (ZIP med diagram, Excel och README) och Word-dokument för ett år",
    )
    p.add_argument("--year", type=int, help="år (standard: innevarande år)")
    p.add_argument("--out", default=".", help="mapp att skriva filerna i (standard: .)")
    p.add_argument(
        "--intern",
        action="store_true",
        help="exakta tal för internt bruk (standard: publiceringsversion med röjandekontroll)",
    )
    p.add_argument(
        "--utan-word", dest="no_docx", action="store_true", help="skriv bara ZIP-paketet"
    )
    p.set_defaults(func=cmd_export)

    from pipelines.cli_jamfor import add_comparison_parsers  # jamfor, kolada (issue 15)

    add_comparison_parsers(sub)
    return parser


#: Exit code when the warehouse stayed locked by another writer (sysexits' EX_TEMPFAIL).
EXIT_BUSY = 75


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db:
        os.environ["ARBETSMAL_DB"] = args.db
    from pipelines.warehouse import WarehouseBusy

    try:
        config.grace_days()  # a bad setting stops the start, in Swedish (issue 24)
    except config.ConfigError as bad:
        print(str(bad), file=sys.stderr)
        return 2
    try:
        status = args.func(args)
        if status == 0 and args.command in ("export", "report"):
            _record_export(args)
        return status
    except WarehouseBusy as busy:
        # Its own exit code (not 1, a rejected file): the file may be fine, try again later.
        print(str(busy), file=sys.stderr)
        return EXIT_BUSY


if __name__ == "__main__":
    sys.exit(main())
