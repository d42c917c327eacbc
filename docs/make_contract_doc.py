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
- **Format**: CSV (`.csv`, `.txt`) eller Excel (`.xlsx`; se Arbetsböcker). Avgränsare `;`, `,` eller tabb; teckenkodning UTF-8 (med eller utan BOM) eller
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
- **Personuppgifter**: ett värde som ser ut som ett person- eller samordningsnummer
  (`ÅÅMMDD-NNNN`, `ÅÅMMDD+NNNN`, `ÅÅÅÅMMDDNNNN`; utan skiljetecken eller med bindestreck,
  minustecken, tankstreck eller mellanslag; även med helbreddssiffror; samordningsnummer har
  dagen + 60) avvisar hela filen, var det än står: i en cell, en rubrik, ett blads namn eller
  filens namn. Meddelandet säger var, aldrig numret; ett filnamn sparas med numret borttaget.
  Samma kontroll gäller kommentarer, deras författare och referensdata.
- **Arbetsböcker**: det första *synliga* bladet vars rubrikrad passar en filtyp läses (ett blad
  som heter som filtypen går före bara bland synliga blad med samma sorts rubrikrad). Dolda blad
  läses aldrig; övriga blad med en rubrikrad ger en varning. Dolda rader läses men ger en
  varning. En formel läses med sitt sparade värde; en formel utan sparat värde är fel, och en
  arbetsbok som ska räknas om när den öppnas ger en varning (värdena kan vara inaktuella).
- **Rimlighet**: fler anställningar en månad än förvaltningen har anställda, eller ett mål över
  förvaltningens (kommunens) antal anställda, är fel. Ett tal som är för stort för att lagras
  (över 2 147 483 647, belopp över 9 999 999 999 999,99) är fel. `25.000` är fel i en textfil
  (25 eller 25 000?): skriv `25 000` eller `25,00`. Ett utbetalt belopp som är mer än tio gånger
  (eller under en tiondel av) medianen för de lagrade månaderna ger en varning, liksom ett
  filnamn som säger en annan filtyp än rubrikraden.
- **Gränser** (kontrolleras innan filen läses): högst 20 MB; en arbetsbok packas upp till högst
  100 MB (varav texter högst 50 MB) och har högst 1 000 000 celler (räknat till sista ifyllda
  cellen på varje rad), 200 kolumner och 1 000 000 rader; en CSV-fil högst 1 000 000 rader och
  200 kolumner. Högst 200 fel visas, sedan hur många till. Ett värde visas med högst 60 tecken,
  och osynliga tecken (styrtecken) och bokstäver från andra alfabet (t.ex. kyrilliska) visas som
  vad de är.
- **Tom fil** är fel: en månad utan anställningar lämnas som rader med antal 0.
- **Fel** samlas (alla, inte bara det första) med fil, rad som i Excel, kolumn, värde och regel.
  En fil med fel ändrar ingenting. Varningar stoppar inte.
- **Samma fil två gånger** (samma innehåll, även sparad med andra radslut eller en annan
  teckenkodning) ändrar ingenting och säger det.
- **En ny fil ersätter** exakt de delar den innehåller (se varje filtyp), hela delen:
  förhandsvisningen säger hur många lagrade rader som tas bort och hur många som läggs in. Den tidigare versionen
  sparas och syns i revisionshistoriken (även rättade mål).
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
