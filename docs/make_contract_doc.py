"""Writes docs/data-contract.md from the contracts in schemas/, so the doc cannot drift from the
code (tests/test_docs.py checks that the committed file is what this renders)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas.kinds import CONTRACTS  # noqa: E402

GENERAL = """# Datakontrakt för inlästa filer (v1)

Det här är vad kommunens månadsfiler ska innehålla, vad Arbetsmål godtar, avvisar och sparar.
Sidan genereras från kontrakten i `schemas/` (`python docs/make_contract_doc.py`), så den stämmer
med koden.

## Regler för alla filer
- **Format**: CSV (`.csv`, `.txt`) eller Excel (`.xlsx`; första bladet, om inget blad heter som
  filtypen). Avgränsare `;`, `,` eller tabb; teckenkodning UTF-8 (med eller utan BOM) eller
  Windows-1252; decimalkomma eller punkt; tusental med mellanslag (`1 234`, `1 234,50`).
- **Rubrikrad**: en rad, hittas bland de 10 första raderna (titelrader ovanför går bra). Stora
  och små bokstäver, å/ä/ö och mellanslag/`_`/`-` spelar ingen roll (`Från försörjningsstöd` =
  `fran_forsorjningsstod`). Okända kolumner ger en varning och lagras inte.
- **Månad**: `2025-03`, `2025-03-01`, `202503`, `mars 2025`, `mar 2025`, `2025 mars`. En månad
  efter innevarande månad, eller före år 2000, är fel.
- **Summeringsrader** (`Totalt`, `Summa`, `Total`, `Hela kommunen` i förvaltningskolumnen eller
  första kolumnen) kontrolleras mot summan av övriga rader (samma månad om raden anger en) och
  lagras inte. Gäller inte filtypen mål, där tom förvaltning eller `Hela kommunen` betyder hela
  kommunens mål.
- **Personuppgifter**: ett värde som ser ut som ett person- eller samordningsnummer avvisar hela
  filen. Meddelandet säger var, aldrig numret.
- **Tom fil** är fel: en månad utan anställningar lämnas som rader med antal 0.
- **Fel** samlas (alla, inte bara det första) med fil, rad som i Excel, kolumn, värde och regel.
  En fil med fel ändrar ingenting. Varningar stoppar inte.
- **Samma fil två gånger** (samma innehåll) ändrar ingenting och säger det.
- **En ny fil ersätter** exakt de delar den innehåller (se varje filtyp); den tidigare versionen
  sparas och syns i revisionshistoriken.
"""

SYSSELSATTNINGSKRAV = """## Avtal och uppföljning hör ihop
- En rad i `sysselsattning` måste gälla ett avtal som finns i avtalsregistret (lämna in `avtal`
  först) och en månad från avtalets startmånad till och med dess slutmånad; annars avvisas filen.
- Ingen av filerna får innehålla personuppgifter: en kolumn som namnger personer (`Namn`,
  `Personnummer`, `Deltagare`, `E-post`, …) avvisar filen, och leverantören ska vara en
  organisation, inte en persons namn.
- Modellvillkoret (Upphandlingsmyndigheten, krav-ID 11554) bedöms så här, per avtal med
  `sysselsattningskrav`: minst en anställning eller lärlingsanställning ska ha påbörjats senast den
  sjätte månaden (startmånaden är den första); heltidsmånaderna i anställningar och
  lärlingsanställningar (inte praktik) räknas mot kravet; minst 75 % av kravet räcker när en
  anställning som slutade i förtid hade fullgjort minst 75 % av sin tid. Platserna räknas inte mot
  kommunens mål om 200 anställningar.
"""

REFERENCE = """## Referensdata
Förvaltningar, anställningsformer och målgrupper anges med kod eller namn ur `data/reference/`,
oavsett stora och små bokstäver. En förvaltning måste vara giltig den månaden (för mål: någon
gång under året).

Regioner i Socialstyrelsens statistik anges med namn ur `data/reference/regioner.csv` (riket,
21 län, 290 kommuner; stora och små bokstäver spelar ingen roll, å/ä/ö gör det: Håbo är inte
Habo). Listan anger också varje kommuns län, dess jämförelsegrupp (SKL:s kommungruppsindelning,
t.ex. Större städer) och vilken kommun som är den egna.
"""


def render() -> str:
    parts = [GENERAL]
    for kind, contract in CONTRACTS.items():
        lines = [
            f"## Filtyp `{kind}`: {contract.title.lower()}",
            "",
            "| kolumn | krävs | regel |",
            "|---|---|---|",
        ]
        lines += [
            f"| {f.label} | {'ja' if f.required else 'nej'} | {f.rule} |" for f in contract.fields
        ]
        if contract.layout_notes:  # a statistics export: its layout says more than columns
            lines += [""] + [f"- {note}" for note in contract.layout_notes]
        else:
            unique = ", ".join(contract.field(k).label.lower() for k in contract.unique_key)
            slices = ", ".join(contract.field(k).label.lower() for k in contract.slice_key)
            lines += [
                "",
                f"Unikt i filen: kombinationen av {unique}. En levererad fil ersätter allt som "
                f"är lagrat för varje ({slices}) som den innehåller, och inget annat.",
            ]
        if contract.rules:
            lines += [""] + [f"- {rule.message}" for rule in contract.rules]
        parts.append("\n".join(lines) + "\n")
    if "avtal" in CONTRACTS:
        parts.append(SYSSELSATTNINGSKRAV)
    parts.append(REFERENCE)
    return "\n".join(parts)


if __name__ == "__main__":
    (ROOT / "docs" / "data-contract.md").write_text(render(), encoding="utf-8")
