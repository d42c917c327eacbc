"""Kolada's yearly key figures that come nearest to what became of those hired (issue 27),
shown beside the municipality's own follow-up with their definitions: they measure other things
(the whole municipality's residents, a year at a time, not the people the municipality hired).

Each figure is pulled when Kolada's `/kpi` metadata has it and its title holds the expected word
(`pipelines.ingest.kolada`); a figure Kolada does not list is left out, never an error. The
titles (`schemas.vocabulary.KOLADA_KPI_TITLES`) are written as the issue describes the figures:
the pull checks them against Kolada's metadata (the word), and the definitions say in plain
Swedish what each one counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.vocabulary import KOLADA_KPI_TITLES


@dataclass(frozen=True)
class KoladaMeasure:
    kpi: str
    #: A word Kolada's title must contain (else Kolada renumbered the figure: left out).
    word: str
    definition: str
    #: What it measures that the own follow-up does not.
    differs: str

    @property
    def title(self) -> str:
        return KOLADA_KPI_TITLES[self.kpi]


OUTCOME_KPIS: dict[str, KoladaMeasure] = {
    m.kpi: m
    for m in (
        KoladaMeasure(
            "N31816",
            "långvarigt",
            "Vuxna som fått ekonomiskt bistånd minst 10 av årets 12 månader, i procent av "
            "befolkningen.",
            "Alla vuxna invånare med långvarigt bistånd, inte de som kommunen anställt.",
        ),
        KoladaMeasure(
            "U31462",
            "bistånd",
            "Av de vuxna vars ekonomiska bistånd avslutades: andelen som inte fått bistånd igen "
            "inom ett år.",
            "Alla som lämnat biståndet, av vilket skäl som helst, och bara återkomst till bistånd.",
        ),
        KoladaMeasure(
            "N00919",
            "arbetslös",
            "Öppet arbetslösa och sökande i program med aktivitetsstöd hos Arbetsförmedlingen, "
            "16–64 år, i procent av befolkningen i samma ålder.",
            "Hela befolkningens arbetslöshet, inte de anställdas.",
        ),
        KoladaMeasure(
            "N00988",
            "arbetslös",
            "Arbetslösa 25–64 år som varit utan arbete i mer än sex månader, i procent av "
            "befolkningen i samma ålder.",
            "Hela befolkningens långtidsarbetslöshet, inte de anställdas.",
        ),
        KoladaMeasure(
            "N02797",
            "varken",
            "Unga vuxna som under året varken arbetat, studerat eller varit inskrivna hos "
            "Arbetsförmedlingen, i procent av alla i samma ålder.",
            "Alla unga i kommunen, inte de som kommunen anställt.",
        ),
    )
}
