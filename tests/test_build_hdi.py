"""The HDI builder: long values match the wide raw file, UNDP aggregates and blanks are dropped, bad input fails."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from conftest import assert_matches_table
from newasia.build import hdi
from newasia.build.raw import RawSources
from newasia.errors import RawInputError
from newasia.paths import REFERENCE_DIR
from newasia.reference import countries


def raw_rows(raw_dir: Path) -> dict[str, dict[str, str]]:
    with (raw_dir / "undp-hdi" / hdi.FILE).open(newline="", encoding="utf-8-sig") as handle:
        return {row["iso3"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def built(raw_dir):
    return hdi.build(RawSources(raw_dir), REFERENCE_DIR)["hdi"]


def value_of(frame: pd.DataFrame, country: str, indicator: str, year: int) -> float:
    hit = frame[(frame["country"] == country) & (frame["indicator"] == indicator) & (frame["year"] == year)]
    assert len(hit) == 1, (country, indicator, year)
    return float(hit["value"].iloc[0])


@pytest.mark.parametrize(
    ("country", "indicator", "year"),
    [("VNM", "hdi", 2017), ("VNM", "le", 1990), ("VNM", "gnipc", 2022), ("RUS", "mys", 2000), ("AFG", "eys", 2010)],
)
def test_spot_values_match_the_raw_file(built, raw_dir, country, indicator, year):
    expected = raw_rows(raw_dir)[country][f"{indicator}_{year}"]
    assert expected != ""
    assert value_of(built.frame, country, indicator, year) == float(expected)


def test_vietnam_hdi_2017_is_0706(built):
    assert value_of(built.frame, "VNM", "hdi", 2017) == pytest.approx(0.706)


def test_frame_matches_schema_and_invariants(built):
    frame = built.frame
    assert_matches_table("hdi", frame)
    assert (frame["value"] >= 0).all()
    assert (frame.loc[frame["indicator"] == "hdi", "value"] <= 1).all()
    assert set(frame["indicator"]) == set(hdi.INDICATORS)


def test_aggregates_and_blanks_dropped_and_counted(built, raw_dir):
    rows = raw_rows(raw_dir)
    aggregates = [code for code in rows if code.startswith("ZZ")]
    assert len(aggregates) == 11
    assert set(built.frame["country"]) <= set(countries(REFERENCE_DIR)["code"])
    assert not built.frame["country"].str.startswith("ZZ").any()
    columns = hdi.value_columns()
    kept = [rows[code] for code in rows if not code.startswith("ZZ")]
    blank = sum(row[c].strip() == "" for row in kept for c in columns)
    assert blank > 0
    assert len(built.frame) == len(kept) * len(columns) - blank
    assert any(note.startswith(f"Dropped {blank} blank country values") for note in built.notes)
    assert any(note.startswith("Dropped 11 rows of UNDP aggregates") for note in built.notes)


# Bad input, in a small copy of the raw file -----------------------------------------------------------------------

KEEP_ROWS = ["VNM", "AFG", "RUS", "ZZK.WORLD"]


@pytest.fixture
def small(raw_dir, tmp_path) -> tuple[Path, pd.DataFrame]:
    """A raw folder whose HDI file has a few rows and only the columns the builder reads (plus one other)."""
    wide = pd.read_csv(raw_dir / "undp-hdi" / hdi.FILE, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    wide = wide.loc[wide["iso3"].isin(KEEP_ROWS), ["iso3", "country", "hdicode", *hdi.value_columns()]]
    (tmp_path / "raw" / "undp-hdi").mkdir(parents=True)
    return tmp_path / "raw", wide.reset_index(drop=True)


def write_and_build(root: Path, wide: pd.DataFrame):
    path = root / "undp-hdi" / hdi.FILE
    wide.to_csv(path, index=False, encoding="utf-8-sig")
    return path, lambda: hdi.build(RawSources(root, accept_changed_raw=True), REFERENCE_DIR)


def test_small_copy_builds(small):
    _, run = write_and_build(*small)
    frame = run()["hdi"].frame
    assert set(frame["country"]) == {"VNM", "AFG", "RUS"}


def test_missing_column(small):
    root, wide = small
    path, run = write_and_build(root, wide.drop(columns="hdi_2017"))
    with pytest.raises(RawInputError, match="expected column is missing") as error:
        run()
    assert (error.value.file, error.value.column) == (str(path), "hdi_2017")
    assert hdi.FILE in str(error.value)


def test_non_numeric_value(small):
    root, wide = small
    wide.loc[2, "le_2000"] = ".."
    path, run = write_and_build(root, wide)
    with pytest.raises(RawInputError, match="not a number") as error:
        run()
    assert (error.value.file, error.value.row, error.value.column, error.value.value) == (str(path), 4, "le_2000", "..")


def test_unknown_country_code(small):
    root, wide = small
    wide.loc[1, "iso3"] = "ZZX.NEW"
    path, run = write_and_build(root, wide)
    with pytest.raises(RawInputError, match="neither in countries.csv nor an aggregate") as error:
        run()
    assert (error.value.file, error.value.row, error.value.column, error.value.value) == (
        str(path),
        3,
        "iso3",
        "ZZX.NEW",
    )


def test_hdi_above_one(small):
    root, wide = small
    wide.loc[0, "hdi_2010"] = "70.6"
    _path, run = write_and_build(root, wide)
    with pytest.raises(RawInputError, match="out of range") as error:
        run()
    assert (error.value.column, error.value.value) == ("hdi_2010", "70.6")


def test_empty_file(small):
    root, wide = small
    path, run = write_and_build(root, wide.iloc[:0])
    with pytest.raises(RawInputError, match="no data rows") as error:
        run()
    assert error.value.file == str(path)
    path.write_bytes(b"")
    with pytest.raises(RawInputError, match="empty") as error:
        run()
    assert error.value.file == str(path)


def test_blank_values_are_dropped(small):
    root, wide = small
    vnm = wide.index[wide["iso3"] == "VNM"][0]
    wide.loc[vnm, "hdi_2017"] = ""
    _, run = write_and_build(root, wide)
    built = run()["hdi"]
    frame = built.frame
    assert frame[(frame["country"] == "VNM") & (frame["indicator"] == "hdi") & (frame["year"] == 2017)].empty
    assert not frame[(frame["country"] == "VNM") & (frame["indicator"] == "hdi") & (frame["year"] == 2016)].empty
    assert any(note.startswith("Dropped 1 rows of UNDP aggregates (ZZK.WORLD") for note in built.notes)
