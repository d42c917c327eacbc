"""Command line for the comparison with the country (issue 15), registered by `pipelines.cli`:

    python -m pipelines jamfor --year 2025 --region Lund --region Riket --json
    python -m pipelines jamfor --year 2025 --grupp "Arbetsförmedlingen Skåne sydväst"
    python -m pipelines kolada --fil sparat_svar.json        # a saved Kolada response
    python -m pipelines kolada --hamta --ar 2023 --ar 2024   # pull from Kolada's API (internet)

`jamfor` prints the twelve months of each region (`varde` null unless the status is `varde`);
without `--region` the own municipality, its län, Riket and its comparison group (`--grupp`: another
group of the region list; a group's name also works as a `--region`). Exit status:
0 done, 1 nothing stored to compare or a refused Kolada response, 2 wrong usage (an unknown
region). Messages in Swedish, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from pipelines import config


def _month(text: str) -> date:
    try:
        year, month = text.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"Basmånaden ”{text}” ska skrivas ÅÅÅÅ-MM, t.ex. 2025-01."
        ) from None


def cmd_jamfor(args: argparse.Namespace) -> int:
    from pipelines.present.comparison import comparison_json, comparison_table, source_line
    from pipelines.queries.comparison import UnknownRegion, comparison

    year = args.year or config.current_month().year
    try:
        result = comparison(
            year,
            tuple(args.region) if args.region else None,
            args.matt,
            args.basmanad,
            args.grupp,
        )
    except UnknownRegion as unknown:
        print(str(unknown), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(comparison_json(result), ensure_ascii=False))
        return 0
    if result.empty:
        print(f"Ingen statistik från Socialstyrelsen är lagrad för {result.matt.lower()}.")
        return 1
    print(f"{result.matt}, {year} (index: {result.base_month:%Y-%m} = 100)")
    print(comparison_table(result).to_string(index=False))
    print(source_line(result))
    return 0


def cmd_kolada(args: argparse.Namespace) -> int:
    from pipelines.ingest import kolada
    from schemas.findings import RejectedFile

    try:
        if args.fil:
            result = kolada.import_saved(Path(args.fil))
        else:
            ids = _kolada_ids()
            years = args.ar or [config.current_month().year - 1]
            result = kolada.pull(ids, years, optional=outcome_words())
    except RejectedFile as refused:
        for finding in refused.findings:
            print(finding.format(), file=sys.stderr)
        return 1
    print(
        f"Kolada: hämtning {result.hamtning_id} från {result.source}: {result.values} värden, "
        f"nyckeltal {', '.join(result.kpis) or '–'}, år "
        f"{', '.join(str(y) for y in result.years) or '–'}."
    )
    return 0


def outcome_words() -> dict[str, str]:
    """The outcome comparison's Kolada figures (issue 27), pulled when Kolada lists them."""
    from schemas.kolada_outcomes import OUTCOME_KPIS

    return {kpi: m.word for kpi, m in OUTCOME_KPIS.items()}


def _kolada_ids() -> list[str]:
    """Kolada ids of the own municipality, its län, its comparison group and Riket."""
    from pipelines.ingest import kolada
    from pipelines.ingest.sos import load_regions

    regions = load_regions()
    own = regions[regions["egen"].str.casefold() == "ja"].iloc[0]
    wanted = regions[
        (regions["namn"] == own["lan"])
        | (regions["typ"] == "riket")
        | ((regions["typ"] == "kommun") & (regions["jamforelsegrupp"] == own["jamforelsegrupp"]))
    ]
    return [kolada.kolada_id(r.kod, r.typ) for r in wanted.itertuples(index=False)]


def add_comparison_parsers(sub) -> None:
    p = sub.add_parser(
        "jamfor", help="jämför kommunen med riket, länet och jämförelsegruppen (Socialstyrelsen)"
    )
    p.add_argument("--year", type=int, help="år (standard: innevarande år)")
    p.add_argument(
        "--region",
        action="append",
        help="region som i Socialstyrelsens statistik (Lund, Skåne län, Riket); flera går",
    )
    p.add_argument(
        "--grupp",
        help="jämförelsegrupp i stället för kommungruppen, t.ex. ”Arbetsförmedlingen Skåne "
        "sydväst” (en grupp går också att ange med --region)",
    )
    p.add_argument("--matt", help="mått, när flera är lagrade (standard: Antal hushåll)")
    p.add_argument("--basmanad", type=_month, help="indexets basmånad ÅÅÅÅ-MM (standard: januari)")
    p.add_argument("--json", action="store_true", help="skriv ett JSON-objekt")
    p.set_defaults(func=cmd_jamfor)

    p = sub.add_parser("kolada", help="hämta Koladas nyckeltal, eller läs ett sparat svar")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--fil", help="ett sparat svar från Koladas API (JSON)")
    source.add_argument("--hamta", action="store_true", help="hämta från Koladas API")
    p.add_argument("--ar", type=int, action="append", help="år att hämta (flera går)")
    p.set_defaults(func=cmd_kolada)
