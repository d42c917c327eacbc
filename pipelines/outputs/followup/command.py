"""`python -m pipelines export --year YYYY --out DIR [--intern] [--utan-word]`: the follow-up
package (ZIP) and the Word document of a year, drawn in one browser.

`pipelines/cli.py` hooks it in with `add_export_parser(sub)`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines import config
from pipelines.domain import disclosure


def add_export_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
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
    return p


def cmd_export(args: argparse.Namespace) -> int:
    from pipelines.outputs.followup.collect import collect_followup
    from pipelines.outputs.followup.docx import document_bytes, docx_name
    from pipelines.outputs.followup.package import chart_images, followup_zip, package_name
    from pipelines.outputs.render import NO_BROWSER_MESSAGE

    year = args.year or config.today().year
    publication = not args.intern
    out = Path(args.out)
    try:
        followup = collect_followup(year, publication=publication)
    except disclosure.CannotProtect as exc:
        # Nothing public is written: not the ZIP, not the Word document.
        print(exc.message, file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    images = chart_images(followup, ("png", "svg"))
    if images is None:
        print(f"Observera: {NO_BROWSER_MESSAGE}")
    zip_path = out / package_name(year, publication)
    zip_path.write_bytes(followup_zip(followup, images))
    print(
        f"{zip_path}: {disclosure.version_label(publication)}, "
        f"{len(followup.charts)} diagram{'' if images else ' (utan bilder)'}."
    )
    if not args.no_docx:
        docx_path = out / docx_name(year, publication)
        docx_path.write_bytes(document_bytes(followup, images))
        print(f"{docx_path}: Word-dokument med diagram, tabeller och sammanfattning.")
    for note in followup.missing:
        print(f"Observera: {note}")
    if followup.audit:
        print(
            f"Röjandekontroll: {followup.audit['dolda']} dolda tal; granskningen fann inget "
            "dolt tal som kan räknas fram eller ringas in."
        )
    return 0
