"""The demo files: reproducible, realistic, and within every rule of the data contract.

The files are read back with plain pandas (not the project's readers), so these tests check the
generator on its own; `test_run_demo_stores_every_file` then sends them through the pipeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipelines import config
from pipelines.demo import generate_demo_files, run_demo
from schemas.reference_lists import Reference, load_reference

TODAY = date(2025, 6, 15)  # complete years 2021–2024, then January–May 2025
HIRES = ["manad", "forvaltning", "anstallningsform", "antal", "kon", "malgrupp", "fran"]
FS = [
    "manad", "hushall", "barnhushall", "vuxna", "barn", "unga_vuxna", "langvarigt", "utbetalt",
    "nya_hushall", "avslutade_hushall", "avslut_arbete", "avslut_studier",
    "i_arbetsmarknadsinsats",
]  # fmt: skip
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]  # fmt: skip


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference(config.DEFAULT_REFERENCE_DIR)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, ref: Reference) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate_demo_files(out, today=TODAY, reference=ref)
    return out


@pytest.fixture(scope="module")
def hires(demo_dir: Path, ref: Reference) -> pd.DataFrame:
    """All hires files read back, with codes for names, `ar` and month number `m`."""
    frames = []
    for path in sorted(demo_dir.glob("anstallningar_*")):
        if path.suffix == ".xlsx":
            frame = pd.read_excel(path, header=1, dtype=str, keep_default_na=False)
        else:
            encoding = "cp1252" if path.name == "anstallningar_2023.csv" else "utf-8"
            frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding=encoding)
        frames.append(frame.set_axis(HIRES, axis=1))
    frame = pd.concat(frames, ignore_index=True)
    frame["forvaltning"] = frame["forvaltning"].map(ref.match_forvaltning)
    frame["anstallningsform"] = frame["anstallningsform"].map(ref.match_anstallningsform)
    frame["antal"] = frame["antal"].astype(int)
    frame["ar"] = frame["manad"].str[:4].astype(int)
    frame["m"] = frame["manad"].str[5:7].astype(int)
    counts = dict(
        zip(ref.anstallningsformer["kod"], ref.anstallningsformer["raknas_mot_malet"], strict=True)
    )
    frame["raknas"] = frame["anstallningsform"].map(counts)
    return frame


def _number(text: str) -> float:
    return float(text.replace(" ", "").replace(",", "."))


@pytest.fixture(scope="module")
def forsorjningsstod(demo_dir: Path) -> pd.DataFrame:
    frame = pd.read_csv(
        demo_dir / "forsorjningsstod.csv", sep=";", dtype=str, encoding="utf-8-sig"
    ).set_axis(FS, axis=1)
    for column in FS[1:]:
        frame[column] = frame[column].map(_number)
    return frame


def test_same_today_gives_byte_identical_files(tmp_path: Path, demo_dir: Path) -> None:
    again = generate_demo_files(tmp_path, today=TODAY)
    assert [p.name for p in again] == [
        "forsorjningsstod.csv", "anstallningar_2021.csv", "anstallningar_2022.csv",
        "anstallningar_2023.csv", "anstallningar_2024.csv", "anstallningar_2025.xlsx", "mal.csv",
    ]  # fmt: skip
    for path in again:
        assert path.read_bytes() == (demo_dir / path.name).read_bytes(), path.name


def test_history_does_not_change_when_today_moves_on(tmp_path: Path, demo_dir: Path) -> None:
    later = {p.name: p for p in generate_demo_files(tmp_path, today=date(2026, 1, 10))}
    for year in (2021, 2022, 2023, 2024):
        name = f"anstallningar_{year}.csv"
        assert later[name].read_bytes() == (demo_dir / name).read_bytes()
    # Försörjningsstöd: months older than the four preliminary ones stay as they were.
    before = (demo_dir / "forsorjningsstod.csv").read_text(encoding="utf-8-sig").splitlines()
    after = later["forsorjningsstod.csv"].read_text(encoding="utf-8-sig").splitlines()
    assert after[: len(before) - 4] == before[:-4]
    assert after[len(before) - 1] != before[-1]  # maj 2025 was preliminary in June, revised later


def test_hires_per_year_are_the_planned_totals(hires: pd.DataFrame) -> None:
    counting = hires[hires["raknas"]].groupby("ar")["antal"].sum()
    assert counting.loc[2021:2024].to_dict() == {2021: 207, 2022: 185, 2023: 216, 2024: 203}
    assert all(170 <= n <= 230 for n in counting.loc[2021:2024])
    assert counting[2022] < 200 < counting[2023]


def test_july_is_the_quietest_month(hires: pd.DataFrame) -> None:
    full_years = hires[hires["raknas"] & (hires["ar"] <= 2024)]
    per_month = full_years.groupby("m")["antal"].sum() / 4
    assert per_month.idxmin() == 7
    assert per_month[7] < 5
    assert per_month[[1, 2, 3, 8, 9, 10]].min() > per_month[[4, 5, 6, 11, 12]].max() * 0.9


def test_every_valid_forvaltning_reports_every_month_and_no_other(
    hires: pd.DataFrame, ref: Reference
) -> None:
    for (ar, m), month in hires.groupby(["ar", "m"]):
        first = date(ar, m, 1)
        valid = {k for k in ref.forvaltningar["kod"] if ref.forvaltning_valid(k, first)}
        assert set(month["forvaltning"]) == valid, first
    assert hires.groupby(["ar", "m"]).ngroups == 4 * 12 + 5
    sof = hires[hires["forvaltning"] == "SOF"]
    asf = hires[hires["forvaltning"] == "ASF"]
    assert sof["manad"].max() == "2023-02"
    assert asf["manad"].min() == "2023-03"
    # A month without hires is one row with antal 0, never a missing month.
    zero_rows = hires[hires["antal"] == 0]
    assert not zero_rows.duplicated(["manad", "forvaltning"]).any()
    assert (hires.groupby(["manad", "forvaltning"])["antal"].sum() == 0).sum() == len(zero_rows)


def test_combinations_are_unique_and_forms_follow_history(hires: pd.DataFrame) -> None:
    key = ["manad", "forvaltning", "anstallningsform", "kon", "malgrupp", "fran"]
    assert not hires.duplicated(key).any()
    used = hires[hires["antal"] > 0]
    by_form = used.groupby("anstallningsform")["ar"]
    assert set(used["anstallningsform"]) == {
        "lonestod", "nystartsjobb", "introduktionsjobb", "osa", "extratjanst",
        "arbetsmarknadsanstallning", "ordinarie", "sysselsattningskrav",
    }  # fmt: skip
    assert by_form.max()["extratjanst"] == 2022
    assert by_form.min()["introduktionsjobb"] == 2022
    assert by_form.min()["sysselsattningskrav"] == 2024
    krav = used[used["anstallningsform"] == "sysselsattningskrav"]
    assert 3 <= krav[krav["ar"] == 2024]["antal"].sum() <= 6
    assert set(krav["forvaltning"]) <= {"TF", "SF", "SBK", "LRV"}


def test_forvaltningar_ahead_and_behind(hires: pd.DataFrame, ref: Reference) -> None:
    counting = hires[hires["raknas"] & (hires["ar"] <= 2024)]
    share = counting.groupby("forvaltning")["antal"].sum() / counting["antal"].sum()
    employees = ref.forvaltningar_valid_in_year(2024).set_index("kod")["anstallda"]
    employee_share = employees / employees.sum()
    assert share["VOF"] > employee_share["VOF"] * 1.05
    assert share["BSF"] < employee_share["BSF"] * 0.8
    mf = counting[counting["forvaltning"] == "MF"].groupby("ar")["antal"].sum()
    assert mf.between(0, 2).all()


def test_attributes_are_mixed_with_some_missing(hires: pd.DataFrame) -> None:
    hired = hires[hires["antal"] > 0]
    share = hired.groupby("fran")["antal"].sum() / hired["antal"].sum()
    assert 0.22 <= share["ja"] <= 0.38
    assert 0 < share[""] < 0.15
    assert set(hired["kon"]) == {"kvinna", "man", "K", "M", ""}
    assert set(hired[hired["ar"] == 2024]["kon"]) == {"K", "M", ""}
    assert "" in set(hired["malgrupp"])
    assert "Utrikesfödd ung vuxen (18–29 år)" in set(hired[hired["ar"] == 2022]["malgrupp"])


def test_file_formats_vary_like_real_deliveries(demo_dir: Path) -> None:
    raw_2023 = (demo_dir / "anstallningar_2023.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw_2023.decode("utf-8")
    assert raw_2023.startswith("Månad;Förvaltning".encode("cp1252"))
    assert b"\r\n" in raw_2023
    text_2022 = (demo_dir / "anstallningar_2022.csv").read_text(encoding="utf-8")
    assert "2022-01;Kommunkontoret;Lönebidrag/lönestöd;0;;;" in text_2022.splitlines()
    excel = pd.read_excel(demo_dir / "anstallningar_2025.xlsx", header=None, dtype=str)
    assert excel.iloc[0, 0] == "Anställningar av personer långt från arbetsmarknaden"
    assert list(excel.iloc[1]) == [
        "Månad", "Förvaltning", "Anställningsform", "Antal", "Kön", "Målgrupp",
        "Från försörjningsstöd",
    ]  # fmt: skip
    assert (demo_dir / "forsorjningsstod.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (demo_dir / "mal.csv").read_text(encoding="utf-8") == (
        "År;Förvaltning;Mål\n2025;VOF;60\n2025;BSF;45\n"
    )


def test_forsorjningsstod_follows_every_rule(forsorjningsstod: pd.DataFrame) -> None:
    fs = forsorjningsstod
    assert len(fs) == 53
    assert fs["manad"].iloc[0] == "januari 2021"
    assert fs["manad"].iloc[-1] == "maj 2025"  # the month before TODAY
    expected = [f"{MONTHS[m - 1]} {y}" for y in range(2021, 2026) for m in range(1, 13)][:53]
    assert list(fs["manad"]) == expected
    counts = FS[1:7] + FS[8:]
    assert (fs[counts] >= 0).all().all()
    assert (fs[counts] % 1 == 0).all().all()
    assert (fs["barnhushall"] <= fs["hushall"]).all()
    assert (fs["langvarigt"] <= fs["hushall"]).all()
    assert (fs["avslut_arbete"] + fs["avslut_studier"] <= fs["avslutade_hushall"]).all()
    assert fs["hushall"].between(2300, 2600).all()
    assert fs["hushall"].iloc[:12].mean() > fs["hushall"].iloc[-12:].mean() + 50


def test_forsorjningsstod_proportions(forsorjningsstod: pd.DataFrame) -> None:
    fs = forsorjningsstod
    assert (fs["barnhushall"] / fs["hushall"]).between(0.37, 0.43).all()
    assert (fs["vuxna"] / fs["hushall"]).between(1.3, 1.4).all()
    assert (fs["langvarigt"] / fs["hushall"]).between(0.42, 0.48).all()
    per_household = fs["utbetalt"] / fs["hushall"]
    assert per_household.between(10_000, 13_000).all()
    december = fs["manad"].str.startswith("december")
    assert per_household[december].mean() > per_household[~december].mean() * 1.05
    final = fs.iloc[:-4]  # avslutsorsaker of the last four months are still preliminary
    share_work = final["avslut_arbete"].sum() / final["avslutade_hushall"].sum()
    assert 0.27 <= share_work <= 0.33
    assert fs["avslut_arbete"].iloc[-1] < final["avslut_arbete"].mean() * 0.7


def test_last_month_in_january_is_december(tmp_path: Path, ref: Reference) -> None:
    paths = generate_demo_files(tmp_path, today=date(2026, 1, 1), reference=ref)
    assert paths[-2].name == "anstallningar_2025.xlsx"
    excel = pd.read_excel(paths[-2], header=1, dtype=str)
    assert excel["Månad"].max() == "2025-12"
    last_line = (tmp_path / "forsorjningsstod.csv").read_text(encoding="utf-8-sig").splitlines()[-1]
    assert last_line.startswith("december 2025;")


def test_no_complete_month_is_an_error(tmp_path: Path, ref: Reference) -> None:
    with pytest.raises(ValueError, match="januari 2021"):
        generate_demo_files(tmp_path, today=date(2021, 1, 31), reference=ref)
    assert len(generate_demo_files(tmp_path, today=date(2021, 2, 1), reference=ref)) == 3


def test_run_demo_stores_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(config.DEFAULT_REFERENCE_DIR))
    monkeypatch.setenv("ARBETSMAL_TODAY", TODAY.isoformat())
    db = tmp_path / "demo.duckdb"
    results = run_demo(db, out_dir=tmp_path / "files")
    assert [(r.file_name, r.outcome) for r in results] == [
        (name, "lagrad")
        for name in (
            "forsorjningsstod.csv", "anstallningar_2021.csv", "anstallningar_2022.csv",
            "anstallningar_2023.csv", "anstallningar_2024.csv", "anstallningar_2025.xlsx",
            "mal.csv", "avtal.csv", "sysselsattning.csv", "uppfoljning.csv",
        )
    ], [f.format() for r in results for f in r.findings]  # fmt: skip
    assert not any(f.is_error for r in results for f in r.findings)
    assert run_demo(db, if_empty=True, out_dir=tmp_path / "files") == []
