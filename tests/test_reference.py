"""The committed reference lists load, look-ups work by code and name, validity follows the
dates, and a broken copy is rejected with Swedish findings that name file, row and column."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from pipelines import config
from schemas.findings import RejectedFile
from schemas.reference_lists import Reference, load_reference

COMMITTED = config.DEFAULT_REFERENCE_DIR


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(COMMITTED)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A private copy of the committed reference folder, to break."""
    for csv in COMMITTED.glob("*.csv"):
        shutil.copy(csv, tmp_path / csv.name)
    return tmp_path


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rejection(directory: Path) -> RejectedFile:
    with pytest.raises(RejectedFile) as caught:
        load_reference(directory)
    return caught.value


# --- the committed files ---------------------------------------------------------------------


def test_committed_files_load_with_their_types(ref: Reference) -> None:
    assert list(ref.forvaltningar["kod"]) == [
        "KK", "BSF", "SBK", "KFF", "MF", "LRV", "SF", "SOF", "ASF", "TF", "UBF", "VOF",
    ]  # fmt: skip
    assert ref.forvaltningar["anstallda"].dtype == "int64"
    assert ref.forvaltningar.set_index("kod").loc["SOF", "giltig_till"] == date(2023, 2, 28)
    assert ref.forvaltningar.set_index("kod").loc["ASF", "giltig_fran"] == date(2023, 3, 1)
    assert ref.forvaltningar.set_index("kod").loc["VOF", "giltig_till"] is None
    assert ref.forvaltningar_valid_in_year(2026)["anstallda"].sum() == 10_955
    assert len(ref.anstallningsformer) == 8
    assert len(ref.malgrupper) == 5
    assert list(ref.mal_standard.itertuples(index=False, name=None)) == [(2021, None, 200)]


def test_only_sysselsattningskrav_does_not_count_toward_the_goal(ref: Reference) -> None:
    flags = dict(
        zip(ref.anstallningsformer["kod"], ref.anstallningsformer["raknas_mot_malet"], strict=True)
    )
    assert [kod for kod, counts in flags.items() if not counts] == ["sysselsattningskrav"]
    assert all(isinstance(v, bool) for v in flags.values())


def test_nyckeltal_cover_every_forsorjningsstod_figure_and_the_derived_ones(ref: Reference) -> None:
    ids = set(ref.nyckeltal["id"])
    figures = {
        "hushall", "barnhushall", "vuxna", "barn", "unga_vuxna", "langvarigt", "utbetalt",
        "nya_hushall", "avslutade_hushall", "avslut_arbete", "avslut_studier",
        "i_arbetsmarknadsinsats",
    }  # fmt: skip
    derived = {
        "anstallningar", "anstallningar_totalt", "andel_av_mal", "anstallningar_per_1000_anstallda",
        "fran_forsorjningsstod", "utbetalt_per_hushall", "andel_barnhushall", "andel_langvarigt",
        "andel_avslut_arbete", "prognos_helar", "sannolikhet_mal",
    }  # fmt: skip
    assert ids == figures | derived
    table = ref.nyckeltal.set_index("id")
    assert table["hogre_ar_battre"].dtype == bool
    assert not table.loc["hushall", "hogre_ar_battre"]
    assert table.loc["avslut_arbete", "hogre_ar_battre"]
    assert table.loc["utbetalt_per_hushall", "enhet"] == "kr per hushåll"
    assert table.loc["langvarigt", "definition"] == (
        "Hushåll som fått ekonomiskt bistånd minst 10 av de senaste 12 månaderna."
    )
    # A definition with a semicolon survives the `;`-separated file (it is quoted).
    assert "; anställningar via sysselsättningskrav" in table.loc["anstallningar", "definition"]
    preliminary = {i for i, d in table["definition"].items() if "Preliminär" in d}
    assert preliminary == {"avslut_arbete", "avslut_studier", "andel_avslut_arbete"}


# --- look-ups -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, kod",
    [
        ("VOF", "VOF"),
        ("vof", "VOF"),
        (" Vof ", "VOF"),
        ("Vård- och omsorgsförvaltningen", "VOF"),
        ("VÅRD- OCH OMSORGSFÖRVALTNINGEN", "VOF"),
        ("vard_och_omsorgsforvaltningen", "VOF"),
        ("Arbetsmarknads- och socialförvaltningen", "ASF"),
        ("socialförvaltningen", "SOF"),
        ("Vårdförvaltningen", None),
        ("", None),
    ],
)
def test_match_forvaltning_by_code_or_name_in_any_case(
    ref: Reference, written: str, kod: str | None
) -> None:
    assert ref.match_forvaltning(written) == kod


def test_match_anstallningsform_and_malgrupp(ref: Reference) -> None:
    assert ref.match_anstallningsform("LÖNEBIDRAG/LÖNESTÖD") == "lonestod"
    assert ref.match_anstallningsform("Extratjanst") == "extratjanst"
    assert ref.match_anstallningsform("nystartsjobb") == "nystartsjobb"
    assert ref.match_anstallningsform("praktik") is None
    assert ref.match_malgrupp("Utrikesfödd ung vuxen (18–29 år)") == "utrikesfodd_ung"
    assert ref.match_malgrupp("UVAS") == "uvas"
    assert ref.match_malgrupp("övrig") == "ovrig"
    assert ref.match_malgrupp("pensionär") is None


def test_sof_and_asf_are_valid_either_side_of_march_2023(ref: Reference) -> None:
    assert ref.forvaltning_valid("SOF", date(2023, 2, 1))
    assert ref.forvaltning_valid("SOF", date(2023, 2, 28))
    assert not ref.forvaltning_valid("SOF", date(2023, 3, 1))
    assert not ref.forvaltning_valid("ASF", date(2023, 2, 15))
    assert ref.forvaltning_valid("ASF", date(2023, 3, 31))
    assert ref.forvaltning_valid("VOF", date(2021, 7, 1))
    assert not ref.forvaltning_valid("XYZ", date(2023, 3, 1))


def test_months_valid_per_year(ref: Reference) -> None:
    in_2023 = ref.forvaltningar_valid_in_year(2023).set_index("kod")["months_valid"]
    assert in_2023["SOF"] == 2
    assert in_2023["ASF"] == 10
    assert in_2023["VOF"] == 12
    assert list(ref.forvaltningar_valid_in_year(2023).columns) == [
        "kod", "namn", "anstallda", "months_valid",
    ]  # fmt: skip
    assert "ASF" not in set(ref.forvaltningar_valid_in_year(2022)["kod"])
    assert "SOF" not in set(ref.forvaltningar_valid_in_year(2024)["kod"])
    assert len(ref.forvaltningar_valid_in_year(2024)) == 11


def test_standard_target(ref: Reference) -> None:
    assert ref.standard_target(2020) is None
    assert ref.standard_target(2021) == 200
    assert ref.standard_target(2040) == 200


def test_default_folder_comes_from_config(monkeypatch: pytest.MonkeyPatch, copy: Path) -> None:
    _replace(copy / "mal_standard.csv", "2021;;200", "2021;2024;200\n2025;;210")
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(copy))
    ref = config.reference()
    assert ref.standard_target(2024) == 200
    assert ref.standard_target(2025) == 210


# --- broken copies -------------------------------------------------------------------------------


def test_broken_copy_is_rejected_with_file_row_and_column(copy: Path) -> None:
    # Row numbers as Excel shows them: the header is row 1, KK row 2, BSF row 3, … SOF row 9.
    _replace(copy / "forvaltningar.csv", "BSF;Barn", "KK;Barn")
    _replace(copy / "forvaltningar.csv", "2000-01-01;2023-02-28", "2023-06-01;2023-02-28")
    _replace(
        copy / "anstallningsformer.csv",
        "nystartsjobb;Nystartsjobb;statligt stöd",
        "nystartsjobb;Nystartsjobb;statlig",
    )
    rejected = _rejection(copy)

    found = {(f.file, f.row, f.column, f.value) for f in rejected.findings}
    assert found == {
        ("forvaltningar.csv", 2, "kod", "KK"),
        ("forvaltningar.csv", 3, "kod", "KK"),
        ("forvaltningar.csv", 9, "giltig_till", "2023-02-28"),
        ("anstallningsformer.csv", 3, "kategori", "statlig"),
    }
    assert all(f.is_error for f in rejected.findings)
    message = str(rejected)
    assert "forvaltningar.csv, rad 3, kolumn ”kod”" in message
    assert "Koden finns på mer än en rad" in message
    assert "forvaltningar.csv, rad 9, kolumn ”giltig_till”" in message
    assert "Giltig till är före giltig från" in message
    assert "anstallningsformer.csv, rad 3, kolumn ”kategori”, värde ”statlig”" in message
    assert "Okänd kategori" in message


def test_namesakes_valid_at_the_same_time_are_rejected(copy: Path) -> None:
    # ASF renamed to SOF's name: fine while their periods do not overlap ...
    _replace(
        copy / "forvaltningar.csv",
        "ASF;Arbetsmarknads- och socialförvaltningen",
        "ASF;SOCIALFÖRVALTNINGEN",
    )
    assert load_reference(copy).match_forvaltning("Socialförvaltningen") == "ASF"
    # ... and rejected once they do.
    _replace(copy / "forvaltningar.csv", "2023-03-01", "2023-02-01")
    rejected = _rejection(copy)
    assert {(f.row, f.column) for f in rejected.findings} == {(9, "namn"), (10, "namn")}
    assert "samma namn gäller under samma tid" in str(rejected)


# (file, text, broken text, rows reported, column reported, words of the rule)
BROKEN = [
    ("forvaltningar.csv", "VOF;Vård- och omsorgsförvaltningen;3010",
     "VOF;Vård- och omsorgsförvaltningen;3 010", (13,), "anstallda", "heltal ≥ 0"),
    ("forvaltningar.csv", "MF;Miljöförvaltningen;85;2000-01-01",
     "MF;Miljöförvaltningen;85;2000-02-30", (6,), "giltig_fran", "ÅÅÅÅ-MM-DD"),
    ("forvaltningar.csv", "KK;Kommunkontoret", "KK;", (2,), "namn", "Namnet får inte vara tomt"),
    ("anstallningsformer.csv", "osa;Offentligt skyddat arbete;statligt stöd;ja",
     "osa;Offentligt skyddat arbete;statligt stöd;kanske", (5,), "raknas_mot_malet",
     "”ja” eller ”nej”"),
    ("malgrupper.csv", "uvas;", "utrikesfodd_ung;", (2, 4), "kod", "unik"),
    ("mal_standard.csv", "2021;;200", "2021;;0", (2,), "mal", "större än 0"),
    ("mal_standard.csv", "2021;;200", "2021;2020;200", (2,), "till_ar", "Till år är före"),
    ("nyckeltal.csv", "hushall;Biståndshushåll;hushåll;", "hushall;Biståndshushåll;st;", (2,),
     "enhet", "Okänd enhet"),
    ("nyckeltal.csv", "barn;Barn i biståndshushåll", "Barn i hushåll;Barn i biståndshushåll",
     (5,), "id", "a–z, 0–9 och _"),
]  # fmt: skip


@pytest.mark.parametrize("file, old, new, rows, column, rule", BROKEN)
def test_each_rule_names_its_row_and_column(
    copy: Path, file: str, old: str, new: str, rows: tuple[int, ...], column: str, rule: str
) -> None:
    _replace(copy / file, old, new)
    rejected = _rejection(copy)
    assert [(f.file, f.row, f.column) for f in rejected.findings] == [
        (file, row, column) for row in rows
    ]
    assert all(rule in f.message for f in rejected.findings)


def test_missing_file_and_wrong_header_are_reported_together(copy: Path) -> None:
    (copy / "malgrupper.csv").unlink()
    _replace(copy / "nyckeltal.csv", "hogre_ar_battre", "battre")
    rejected = _rejection(copy)
    assert [(f.file, f.row, f.column, f.message) for f in rejected.findings] == [
        ("malgrupper.csv", None, None, "Referensfilen saknas."),
        ("nyckeltal.csv", 1, "hogre_ar_battre", "Kolumnen saknas."),
        ("nyckeltal.csv", 1, "battre", "Okänd kolumn."),
    ]


def test_a_file_with_only_a_header_is_rejected(copy: Path) -> None:
    (copy / "malgrupper.csv").write_text("kod;namn\n", encoding="utf-8")
    rejected = _rejection(copy)
    assert [(f.file, f.message) for f in rejected.findings] == [
        ("malgrupper.csv", "Filen har inga datarader.")
    ]


def test_a_forvaltning_is_valid_in_a_month_it_covers_only_in_part(copy: Path) -> None:
    _replace(copy / "forvaltningar.csv", "2000-01-01;2023-02-28", "2000-01-01;2023-02-10")
    _replace(copy / "forvaltningar.csv", "2023-03-01", "2023-03-20")
    ref = load_reference(copy)
    assert ref.forvaltning_valid("SOF", date(2023, 2, 1))
    assert ref.forvaltning_valid("ASF", date(2023, 3, 1))
    assert not ref.forvaltning_valid("ASF", date(2023, 2, 28))
    in_2023 = ref.forvaltningar_valid_in_year(2023).set_index("kod")["months_valid"]
    assert (in_2023["SOF"], in_2023["ASF"]) == (2, 10)


def test_a_row_with_an_unquoted_semicolon_is_reported_on_its_row(copy: Path) -> None:
    _replace(copy / "malgrupper.csv", "uvas;Ung som", "uvas;Ung; som")
    rejected = _rejection(copy)
    assert [(f.file, f.row) for f in rejected.findings] == [("malgrupper.csv", 4)]
    assert "citattecken" in rejected.findings[0].message


def test_the_app_reads_a_changed_reference_file_again_and_hands_out_copies(
    copy: Path, monkeypatch
) -> None:
    # config.reference() validates an unchanged folder once per process: a changed file must be
    # read again, a broken one rejected (nothing cached), and a caller's edits stay its own.
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(copy))
    first = config.reference()
    assert first.match_forvaltning("Socialförvaltningen") == "SOF"
    first.forvaltningar.loc[:, "namn"] = "ändrad av en anropare"
    assert config.reference().match_forvaltning("Socialförvaltningen") == "SOF"
    _replace(
        copy / "forvaltningar.csv",
        "ASF;Arbetsmarknads- och socialförvaltningen",
        "ASF;Arbetsmarknadsförvaltningen",
    )
    assert config.reference().match_forvaltning("Arbetsmarknadsförvaltningen") == "ASF"
    _replace(copy / "forvaltningar.csv", "2023-03-01", "inte ett datum")
    with pytest.raises(RejectedFile):
        config.reference()
