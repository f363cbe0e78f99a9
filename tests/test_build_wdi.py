"""The WDI builder: values match the raw files, aggregates and blanks are dropped and counted, bad input fails."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import assert_matches_table
from newasia.build import wdi
from newasia.build.raw import RawSources
from newasia.errors import RawInputError
from newasia.paths import REFERENCE_DIR
from newasia.reference import countries

GDP, REMITTANCES = "ny.gdp.mktp.cd", "bx.trf.pwkr.cd.dt"


def raw_value(path: Path, code: str, year: int) -> float | None:
    """The Value of one country and year, read with the csv module."""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Country Code"] == code and row["Year"] == str(year):
                return float(row["Value"])
    return None


def wdi_aggregates() -> set[str]:
    names = pd.read_csv(REFERENCE_DIR / "country_names.csv", dtype=str, keep_default_na=False)
    return set(names.loc[(names["source"] == "wdi") & (names["kind"] == "aggregate"), "name"])


@pytest.fixture(scope="module")
def built(raw_dir):
    return wdi.build(RawSources(raw_dir), REFERENCE_DIR)


def value_of(frame: pd.DataFrame, country: str, indicator: str, year: int, vintage: str) -> float:
    hit = frame[
        (frame["country"] == country)
        & (frame["indicator"] == indicator)
        & (frame["year"] == year)
        & (frame["vintage"] == vintage)
    ]
    assert len(hit) == 1, (country, indicator, year, vintage)
    return float(hit["value"].iloc[0])


@pytest.mark.parametrize(
    ("folder", "vintage", "indicator", "year"),
    [
        ("current", "current", GDP, 2017),
        ("current", "current", GDP, 2016),
        ("vintage-2018-08", "2018-08", GDP, 2016),
        ("vintage-2018-08", "2018-08", "sp.pop.totl", 2010),
        ("vintage-2026-03", "2026-03", REMITTANCES, 2020),
    ],
)
def test_spot_values_match_the_raw_files(built, raw_dir, folder, vintage, indicator, year):
    expected = raw_value(raw_dir / "wdi" / folder / f"{indicator}.csv", "VNM", year)
    assert expected is not None
    assert value_of(built["indicators"].frame, "VNM", indicator, year, vintage) == expected


def test_vintages_are_not_swapped(built):
    # PROVENANCE: the 2018-08 vintage predates Viet Nam's 2019 GDP revision (about +25%).
    frame = built["indicators"].frame
    ratio = value_of(frame, "VNM", GDP, 2016, "current") / value_of(frame, "VNM", GDP, 2016, "2018-08")
    assert 1.15 < ratio < 1.35
    assert frame.loc[frame["vintage"] == "2018-08", "year"].max() <= 2017
    assert set(frame.loc[frame["vintage"] == "2026-03", "indicator"]) == {REMITTANCES}


def test_frames_match_their_schemas(built):
    for name, result in built.items():
        assert_matches_table(name, result.frame)


def test_only_countries_and_aggregates_counted(built, raw_dir):
    frame = built["indicators"].frame
    assert set(frame["country"]) <= set(countries(REFERENCE_DIR)["code"])
    assert not set(frame["country"]) & wdi_aggregates()
    dropped = 0
    for path in sorted((raw_dir / "wdi").glob("*/*.csv")):
        dropped += pd.read_csv(path, dtype=str, usecols=["Country Code"])["Country Code"].isin(wdi_aggregates()).sum()
    assert dropped > 0
    assert any(f"Dropped {dropped} rows of World Bank aggregates" in note for note in built["indicators"].notes)


def test_definitions_have_titles_and_units(built, raw_dir):
    definitions = built["indicator_definitions"].frame
    assert set(definitions["indicator"]) == set(built["indicators"].frame["indicator"])
    assert len(definitions) == len(list((raw_dir / "wdi" / "current").glob("*.csv")))
    gdp = definitions.set_index("indicator").loc[GDP]
    title = json.loads((raw_dir / "wdi" / "current" / f"{GDP}.datapackage.json").read_text())["title"]
    assert (gdp["name"], gdp["unit"]) == (title, "current US$")
    assert definitions["unit"].str.len().gt(0).all()


# Bad input, in a small copy of the raw folder --------------------------------------------------------------------


@pytest.fixture
def small_raw(raw_dir, tmp_path) -> Path:
    """A raw folder with one indicator per vintage, keeping the layout wdi/<vintage>/<indicator>.csv."""
    root = tmp_path / "raw"
    files = [
        f"current/{GDP}.csv",
        f"current/{GDP}.datapackage.json",
        f"current/{REMITTANCES}.datapackage.json",
        f"vintage-2018-08/{GDP}.csv",
        f"vintage-2026-03/{REMITTANCES}.csv",
    ]
    for name in files:
        (root / "wdi" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(raw_dir / "wdi" / name, root / "wdi" / name)
        (root / "wdi" / name).chmod(0o644)
    return root


def edit_line(path: Path, number: int, change) -> str:
    """Replace line `number` (1-based, header = 1) of `path` by change(line); return the old line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    old = lines[number - 1]
    lines[number - 1] = change(old)
    path.write_text("\n".join(lines), encoding="utf-8")
    return old


def build_small(root: Path):
    return wdi.build(RawSources(root, accept_changed_raw=True), REFERENCE_DIR)


def test_small_copy_builds(small_raw):
    built = build_small(small_raw)
    assert set(built["indicators"].frame["vintage"]) == {"current", "2018-08", "2026-03"}


def test_missing_column(small_raw):
    path = small_raw / "wdi" / "current" / f"{GDP}.csv"
    edit_line(path, 1, lambda line: line.replace("Value", "Amount"))
    with pytest.raises(RawInputError, match="expected column is missing") as error:
        build_small(small_raw)
    assert error.value.file == str(path) and error.value.column == "Value"
    assert f"{GDP}.csv" in str(error.value) and "'Value'" in str(error.value)


def test_non_numeric_value(small_raw):
    path = small_raw / "wdi" / "vintage-2018-08" / f"{GDP}.csv"
    edit_line(path, 5, lambda line: line.rsplit(",", 1)[0] + ",1.2e3x")
    with pytest.raises(RawInputError, match="not a number") as error:
        build_small(small_raw)
    assert (error.value.file, error.value.row, error.value.column, error.value.value) == (
        str(path),
        5,
        "Value",
        "1.2e3x",
    )
    assert "vintage-2018-08" in str(error.value) and "'1.2e3x'" in str(error.value)


def test_non_integer_year(small_raw):
    path = small_raw / "wdi" / "current" / f"{GDP}.csv"
    edit_line(path, 3, lambda line: re.sub(r",(\d{4}),", ",1987.5,", line))
    with pytest.raises(RawInputError, match="whole number") as error:
        build_small(small_raw)
    assert (error.value.row, error.value.column, error.value.value) == (3, "Year", "1987.5")


def test_unknown_country_code(small_raw):
    path = small_raw / "wdi" / "current" / f"{GDP}.csv"
    edit_line(path, 4, lambda line: line.replace(",ABW,", ",XYZ,"))
    with pytest.raises(RawInputError, match="neither in countries.csv nor an aggregate") as error:
        build_small(small_raw)
    assert (error.value.file, error.value.row, error.value.column, error.value.value) == (
        str(path),
        4,
        "Country Code",
        "XYZ",
    )
    assert "'XYZ'" in str(error.value)


@pytest.mark.parametrize("content", ["", "Country Name,Country Code,Year,Value\n"])
def test_empty_file(small_raw, content):
    path = small_raw / "wdi" / "vintage-2026-03" / f"{REMITTANCES}.csv"
    path.write_text(content)
    with pytest.raises(RawInputError, match="empty|no data rows") as error:
        build_small(small_raw)
    assert error.value.file == str(path)


def test_indicator_without_unit(small_raw):
    shutil.copyfile(small_raw / "wdi" / "current" / f"{GDP}.csv", small_raw / "wdi" / "current" / "xx.new.csv")
    with pytest.raises(RawInputError, match="no unit") as error:
        build_small(small_raw)
    assert error.value.file.endswith("xx.new.csv") and error.value.value == "xx.new"


def test_datapackage_without_title(small_raw):
    path = small_raw / "wdi" / "current" / f"{GDP}.datapackage.json"
    package = json.loads(path.read_text())
    del package["title"]
    path.write_text(json.dumps(package))
    with pytest.raises(RawInputError, match="no title") as error:
        build_small(small_raw)
    assert error.value.file == str(path)


def test_unknown_vintage_folder(small_raw):
    (small_raw / "wdi" / "vintage-2030-01").mkdir()
    with pytest.raises(RawInputError, match="unknown WDI vintage folder") as error:
        build_small(small_raw)
    assert error.value.file.endswith("vintage-2030-01")


def test_blank_values_and_aggregates_are_dropped_and_counted(small_raw):
    path = small_raw / "wdi" / "current" / f"{GDP}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, start=1) if ",VNM,2017," in line)
    edit_line(path, number, lambda line: line.rsplit(",", 1)[0] + ",")
    built = build_small(small_raw)
    frame, notes = built["indicators"].frame, built["indicators"].notes
    assert frame[(frame["country"] == "VNM") & (frame["year"] == 2017) & (frame["vintage"] == "current")].empty
    assert "Dropped 1 blank values (by vintage: current 1, 2018-08 0, 2026-03 0)." in notes
    aggregates = sum(
        pd.read_csv(p, dtype=str)["Country Code"].isin(wdi_aggregates()).sum()
        for p in (small_raw / "wdi").glob("*/*.csv")
    )
    assert any(note.startswith(f"Dropped {aggregates} rows of World Bank aggregates") for note in notes)
