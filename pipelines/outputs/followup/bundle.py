"""The follow-up bundle: collect → draw → write, once, for the command line, the Export page and
the benchmarks alike. One batch of drawings serves the ZIP package and the Word document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines.outputs.followup.collect import FollowUp, collect_followup
from pipelines.outputs.followup.docx import document_bytes, docx_name
from pipelines.outputs.followup.package import (
    PACKAGE_FORMATS,
    chart_images,
    followup_zip,
    package_name,
)
from pipelines.outputs.render import ChartRenderer


@dataclass(frozen=True)
class Bundle:
    """The package (ZIP) and the Word document of one follow-up; `drawn` says whether the charts
    could be drawn (without a browser both keep their tables and say the images are missing)."""

    followup: FollowUp
    package: bytes
    document: bytes | None
    drawn: bool

    @property
    def package_name(self) -> str:
        return package_name(self.followup.year, self.followup.publication)

    @property
    def document_name(self) -> str:
        return docx_name(self.followup.year, self.followup.publication)

    def write(self, out_dir: Path | str) -> list[Path]:
        """Write the ZIP (and the Word document, when built) into `out_dir`; their paths."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / self.package_name]
        paths[0].write_bytes(self.package)
        if self.document is not None:
            paths.append(out / self.document_name)
            paths[1].write_bytes(self.document)
        return paths


def build_bundle(
    followup: FollowUp | int,
    *,
    publication: bool = True,
    document: bool = True,
    renderer: ChartRenderer | None = None,
) -> Bundle:
    """The bundle of a collected follow-up, or of a year (collected here; raises
    `disclosure.CannotProtect` when a publication version cannot be protected)."""
    if isinstance(followup, int):
        followup = collect_followup(followup, publication=publication)
    images = chart_images(followup, PACKAGE_FORMATS, renderer=renderer)
    return Bundle(
        followup=followup,
        package=followup_zip(followup, images),
        document=document_bytes(followup, images) if document else None,
        drawn=images is not None,
    )
