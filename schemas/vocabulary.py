"""One vocabulary: every code the product stores, with the Swedish word a user reads.

Pages, reports, exports, the command line and messages look words up here, so a word changes in
one place. Codes are ASCII (`i_fas`, `beraknat`, `forsorjningsstod`); words are Swedish.
"""

from __future__ import annotations

#: Where the figures come from: one wording per source, on pages, charts and exports alike.
SOURCE_HIRES = "Källa: förvaltningarnas månadsrapportering av anställningar (Arbetsmål)."
SOURCE_FORSORJNINGSSTOD = "Källa: socialförvaltningens månadsuppföljning av ekonomiskt bistånd."
SOURCE_HIRES_AND_FORSORJNINGSSTOD = (
    "Källor: förvaltningarnas månadsrapportering av anställningar (Arbetsmål); "
    "socialförvaltningens månadsuppföljning av ekonomiskt bistånd."
)

#: Column names as users write them (the normalised names lose å, ä and ö).
COLUMN_LABELS = {
    "manad": "månad", "forvaltning": "förvaltning", "anstallningsform": "anställningsform",
    "antal": "antal", "kon": "kön", "malgrupp": "målgrupp",
    "fran_forsorjningsstod": "från försörjningsstöd", "hushall": "hushåll",
    "barnhushall": "barnhushåll", "vuxna": "vuxna", "barn": "barn", "unga_vuxna": "unga vuxna",
    "langvarigt": "långvarigt", "utbetalt": "utbetalt", "nya_hushall": "nya hushåll",
    "avslutade_hushall": "avslutade hushåll", "avslut_arbete": "avslut arbete",
    "avslut_studier": "avslut studier", "i_arbetsmarknadsinsats": "i arbetsmarknadsinsats",
    "ar": "år", "mal": "mål", "region": "Region",
}  # fmt: skip
# The columns of the kinds `avtal` and `sysselsattning` (issue 16), as users write them.
COLUMN_LABELS.update(
    {
        "avtal": "avtal", "benamning": "benämning", "leverantor": "leverantör",
        "villkor": "villkor", "startmanad": "startmånad", "slutmanad": "slutmånad",
        "krav_heltidsmanader": "krav heltidsmånader", "platstyp": "platstyp",
        "paborjade": "påbörjade", "pagaende": "pågående", "heltidsmanader": "heltidsmånader",
        "avslutade_i_fortid": "avslutade i förtid", "varav_minst_75_procent": "varav minst 75 %",
    }
)  # fmt: skip

#: Month names, lower case (Swedish writes them so), January first.
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
MONTHS_SHORT = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

#: The goal status of the year or a förvaltning: word and symbol (never colour alone).
#: A target already reached is `natt` (Målet nått), so the status and the summary agree.
I_FAS, RISK, EFTER, INGEN_DATA = "i_fas", "risk", "efter", "ingen_data"
NATT = "natt"
STATUS_WORDS: dict[str, tuple[str, str]] = {
    I_FAS: ("I fas", "✓"),
    RISK: ("Risk", "!"),
    EFTER: ("Efter", "✗"),
    NATT: ("Målet nått", "✓"),
    INGEN_DATA: ("Ingen data", "–"),
}
#: Status from worst to best (sorting: Efter first).
STATUS_ORDER = {EFTER: 0, RISK: 1, I_FAS: 2, NATT: 3, INGEN_DATA: 4}


def status_word(status: str | None) -> str:
    """`I fas`, `Risk`, `Efter`; an unknown or missing status is `Ingen data`."""
    return STATUS_WORDS.get(status or "", STATUS_WORDS[INGEN_DATA])[0]


def status_symbol(status: str | None) -> str:
    return STATUS_WORDS.get(status or "", STATUS_WORDS[INGEN_DATA])[1]


def status_text(status: str | None) -> str:
    """The status with its symbol: `✓ I fas`, `! Risk`, `✗ Efter`, `– Ingen data`."""
    return f"{status_symbol(status)} {status_word(status)}"


#: How a förvaltning's target came about.
BESLUTAT, BERAKNAT = "beslutat", "beraknat"
TARGET_KIND_LABELS = {BESLUTAT: "beslutat", BERAKNAT: "beräknat"}


def target_kind_label(kind: str) -> str:
    """`beslutat` or `beräknat` (an unknown code is shown as it is)."""
    return TARGET_KIND_LABELS.get(kind, kind)


#: A month of försörjningsstöd: final, preliminary (the latest months) or not delivered.
SLUTLIG, PRELIMINAR, SAKNAS = "slutlig", "preliminar", "saknas"
FS_STATUS_LABELS = {SLUTLIG: "Slutlig", PRELIMINAR: "Preliminär", SAKNAS: "Saknas"}


def fs_status_label(status: str) -> str:
    return FS_STATUS_LABELS.get(status, status)


#: A delivery's state in the completeness matrix (Datakvalitet): stored (zero hires included),
#: due and not delivered, not yet due, or the förvaltning did not exist that month.
LEVERERAD, VANTAS, EJ_AKTUELL = "levererad", "vantas", "ej_aktuell"
COMPLETENESS_LABELS = {
    LEVERERAD: ("✓", "levererad"),
    SAKNAS: ("✗", "Saknas"),
    VANTAS: ("…", "väntas"),
    EJ_AKTUELL: ("–", "fanns inte"),
}


#: A cell of Socialstyrelsen's statistics: a number, masked (`X`) or not reported (`--`).
SOS_STATUS_WORDS = {"varde": "värde", "sekretess": "X (sekretess)", "saknas": "– (saknas)"}
#: The regions of the comparison: the own municipality, its län, the country, its group.
SOS_ROLE_LABELS = {"egen": "egen kommun", "lan": "länet", "riket": "", "grupp": "", "vald": ""}


def sos_status_word(status: str) -> str:
    """`X (sekretess)`, `– (saknas)`; a value's status is `värde`."""
    return SOS_STATUS_WORDS.get(status, status)


def sos_role_label(role: str) -> str:
    return SOS_ROLE_LABELS.get(role, "")


#: Why the own monthly file and Socialstyrelsen may disagree (codes from queries.comparison).
SOS_DIFFERENCE_EXPLANATIONS = {
    "lika": "Samma siffra.",
    "ingen_uppgift": "Ingen siffra i någon av källorna.",
    "egen_saknas": "Egen månadsfil saknas för månaden.",
    "sos_sekretess": "Socialstyrelsens siffra är skyddad av sekretess (X).",
    "sos_saknas": "Socialstyrelsen har ingen siffra (--): ofta inte publicerad ännu.",
    "rattad_efter_uttag": "Egen fil lagrades efter Socialstyrelsens uttag: Socialstyrelsen har den "
    "siffra kommunen rapporterade in tidigare.",
    "liten": "Liten skillnad (högst 2 %): troligen sen inrapportering eller en rättelse efter "
    "inrapporteringen till Socialstyrelsen.",
    "stor": "Större skillnad: kontrollera att egen fil räknar hushåll som Socialstyrelsen "
    "(hushåll med utbetalt bistånd under månaden, per utbetalningsmånad).",
}

#: Kolada's key figures used in the comparison: id → title as Kolada's /kpi metadata writes it.
KOLADA_KPI_TITLES = {
    "N31807": "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef.",
    "N31816": "Vuxna biståndsmottagare med långvarigt ekonomiskt bistånd, andel (%) av "
    "befolkningen",
    "N40008": "Kostnad arbetsmarknadsåtgärder, kr/inv",
    # Beside the follow-up of those hired (issue 27; schemas/kolada_outcomes.py):
    "U31462": "Vuxna biståndsmottagare som inte återkommit till ekonomiskt bistånd ett år efter "
    "avslutat bistånd, andel (%)",
    "N00919": "Arbetslöshet 16–64 år, andel (%) av befolkningen",
    "N00988": "Långtidsarbetslöshet 25–64 år, andel (%) av befolkningen",
    "N02797": "Unga vuxna som varken arbetar eller studerar, andel (%)",
}


#: The app's roles (pipelines/app/auth.py) and the local mode's role, as the pages name them.
ROLE_LABELS = {
    "lasare": "läsare",
    "analytiker": "analytiker",
    "administrator": "administratör",
    "lokal": "lokalt läge",
}
#: The audit trail's actions (pipelines/ingest/audit.py), as the Datakvalitet page names them.
AUDIT_ACTIONS = {
    "fil_lagrad": "Fil lagrad",
    "fil_redan_lagrad": "Fil redan lagrad",
    "fil_avvisad": "Fil avvisad",
    "kommentar_skriven": "Kommentar skriven",
    "kommentar_andrad": "Kommentar ändrad",
    "export_byggd": "Export byggd",
    "sakerhetskopia": "Säkerhetskopia tagen",
    "aterstallning": "Databasen återställd",
    "rapport_faststalld": "Månadsrapport fastställd",
    "utlamning_registrerad": "Utlämning registrerad",
    "personnummer_rensat": "Personnummer rensade ur loggarna",
}
#: Where an audited action was done.
AUDIT_SOURCES = {"app": "appen", "cli": "kommandoraden", "demo": "demodata", "test": "test"}


def role_label(role: str | None) -> str:
    """`läsare`, `analytiker`, `administratör`, `lokalt läge`; '' for no role."""
    return ROLE_LABELS.get(role or "", role or "")


def audit_action_label(action: str) -> str:
    return AUDIT_ACTIONS.get(action, action)


# --- sysselsättningskrav in procurement (issue 16) ------------------------------------------------

#: The term a contract carries.
VILLKOR = {
    "dialog": "Dialogkrav",
    "sysselsattningskrav": "Sysselsättningskrav",
    "bonus": "Bonus",
}
#: Kinds of place, in the plural (totals, column heads).
PLATSTYP_PLURAL = {
    "anstallning": "Anställningar",
    "larling": "Lärlingsanställningar",
    "praktik": "Praktikplatser",
}
#: The model term's two statuses (pipelines/domain/sysselsattningskrav.py): word and symbol.
SYSSELSATTNING_STATUS: dict[str, dict[str, tuple[str, str]]] = {
    "forsta_anstallning": {
        "i_tid": ("I tid", "✓"),
        "forsenad": ("Försenad", "✗"),
        "ej_paborjad": ("Ej påbörjad, tid kvar", "○"),
        "ej_aktuellt": ("Ej aktuellt", "–"),
    },
    "status": {
        "uppfyllt": ("Uppfyllt", "✓"),
        "uppfyllt_75": ("Uppfyllt (75 %-regeln)", "✓"),
        "pagar": ("Pågår", "→"),
        "ej_uppfyllt": ("Ej uppfyllt", "✗"),
        "ej_aktuellt": ("Ej aktuellt", "–"),
    },
}


def sysselsattning_status_text(kind: str, code: str) -> str:
    """`✓ I tid`, `→ Pågår`: a status of a contract with its symbol (`kind`: forsta_anstallning
    or status); an unknown code is shown as it is."""
    word, symbol = SYSSELSATTNING_STATUS[kind].get(code, (code, "?"))
    return f"{symbol} {word}"
