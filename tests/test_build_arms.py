"""The SIPRI arms-transfers builder: values against the raw CSV read independently, and bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from conftest import assert_matches_table
from newasia.build import arms
from newasia.build.raw import RawSources
from newasia.errors import RawInputError
from newasia.paths import REFERENCE_DIR

SOURCE = arms.SOURCE
HEADER_LINE = 12  # the column row, as PROVENANCE.md describes the file (11 lines before it)


@pytest.fixture(scope="module")
def raw_lines(raw_dir) -> list[str]:
    return (raw_dir / SOURCE / arms.FILE).read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture(scope="module")
def raw_rows(raw_lines) -> list[dict]:
    """The data rows read with the csv module alone, each with its line number."""
    header = next(csv.reader([raw_lines[HEADER_LINE - 1]]))
    return [
        dict(zip(header, row), line=number)
        for number, row in enumerate(csv.reader(raw_lines[HEADER_LINE:]), start=HEADER_LINE + 1)
    ]


@pytest.fixture(scope="module")
def built(raw_dir):
    return arms.build(RawSources(raw_dir), REFERENCE_DIR)["arms_transfers"]


def test_table_matches_its_schema_and_is_sorted(built):
    assert_matches_table("arms_transfers", built.frame)


def test_one_row_per_raw_row(raw_rows, built):
    assert len(built.frame) == len(raw_rows) == 20480


def test_russia_to_viet_nam_tiv_2013_2017(raw_rows, built):
    from_csv = sum(
        float(r["TIV delivery values"])
        for r in raw_rows
        if r["Supplier"] == "Russia" and r["Recipient"] == "Viet Nam" and 2013 <= int(r["Delivery year"]) <= 2017
    )
    assert from_csv == pytest.approx(3316.25)
    frame = built.frame
    rows = frame[(frame["supplier"] == "RUS") & (frame["recipient"] == "VNM") & frame["year"].between(2013, 2017)]
    assert rows["tiv_mn"].sum() == pytest.approx(from_csv)


def test_spot_row_against_the_csv(raw_rows, built):
    raw = next(r for r in raw_rows if r["SIPRI AT Database ID"] == "60320" and r["Delivery year"] == "2018")
    row = built.frame.set_index(["deal_id", "year"]).loc[(60320, 2018)]
    assert (row["supplier"], row["supplier_name"], row["recipient"], row["recipient_name"]) == (
        "BRA",
        raw["Supplier"],
        "AFG",
        raw["Recipient"],
    )
    assert (row["order_year"], row["numbers_delivered"]) == (int(raw["Order date"]), int(raw["Numbers delivered"]))
    assert row["tiv_mn"] == float(raw["TIV delivery values"])
    assert (row["category"], row["description"]) == (raw["Armament category"], raw["Description"])


def test_non_countries_have_no_code_but_keep_their_name(raw_rows, built):
    frame = built.frame
    unknown = frame[frame["supplier_name"] == "unknown supplier(s)"]
    expected = sum(r["Supplier"] == "unknown supplier(s)" for r in raw_rows)
    assert len(unknown) == expected > 0 and unknown["supplier"].isna().all()
    organisations = frame[frame["recipient_name"].str.endswith("**")]
    assert len(organisations) > 0 and organisations["recipient"].isna().all()
    assert frame.loc[frame["supplier_name"] == "Russia", "supplier"].eq("RUS").all()


def test_notes_are_computed(built):
    notes = " ".join(built.notes)
    assert "20480 rows" in notes and "column row found at line 12" in notes
    assert "3 rows have an order year after their delivery year" in notes


# Bad input: a temporary raw folder holding an edited copy of the CSV.


@pytest.fixture
def write_raw(raw_lines, tmp_path):
    """Write edited lines as the register in tmp_path/sipri-arms-transfers; return (raw root, path)."""

    def write(lines: list[str]) -> tuple[Path, Path]:
        path = tmp_path / SOURCE / arms.FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
        return tmp_path, path

    return write


def _edit(lines: list[str], number: int, column: int, value: str) -> list[str]:
    """`lines` with the field `column` of file line `number` (1-based) replaced by `value`."""
    row = next(csv.reader([lines[number - 1]]))
    row[column] = value
    edited = list(lines)
    edited[number - 1] = ",".join(f'"{c}"' if "," in c else c for c in row) + "\n"
    return edited


def _error(root: Path) -> RawInputError:
    with pytest.raises(RawInputError) as error:
        arms.build(RawSources(root, accept_changed_raw=True), REFERENCE_DIR)
    return error.value


def _column(raw_lines: list[str], name: str) -> int:
    return next(csv.reader([raw_lines[HEADER_LINE - 1]])).index(name)


def test_unchanged_copy_builds(raw_lines, write_raw):
    root, _ = write_raw(raw_lines)
    assert len(arms.build(RawSources(root, accept_changed_raw=True), REFERENCE_DIR)["arms_transfers"].frame) == 20480


def test_header_row_absent(raw_lines, write_raw):
    root, path = write_raw(_edit(raw_lines, HEADER_LINE, 0, "Deal"))
    error = _error(root)
    assert error.file == str(path) and "SIPRI AT Database ID" in str(error)


def test_missing_column(raw_lines, write_raw):
    column = _column(raw_lines, "Numbers delivered")
    root, path = write_raw(_edit(raw_lines, HEADER_LINE, column, "Numbers"))
    error = _error(root)
    assert (error.file, error.column) == (str(path), "Numbers delivered")


def test_non_numeric_tiv_names_the_file_line(raw_lines, write_raw):
    line = 5000
    root, path = write_raw(_edit(raw_lines, line, _column(raw_lines, "TIV delivery values"), "n.a."))
    error = _error(root)
    assert (error.file, error.row, error.column, error.value) == (str(path), line, "TIV delivery values", "n.a.")


def test_header_found_after_an_extra_preamble_line(raw_lines, write_raw):
    """The column row is found by its first cell, not by a fixed skip; line numbers follow the file."""
    lines = ["An extra line the publisher added\n", *raw_lines]
    line = 101
    root, _ = write_raw(_edit(lines, line, _column(raw_lines, "Delivery year"), "20x1"))
    error = _error(root)
    assert (error.row, error.column, error.value) == (line, "Delivery year", "20x1")


def test_fractional_numbers_delivered(raw_lines, write_raw):
    root, _ = write_raw(_edit(raw_lines, 300, _column(raw_lines, "Numbers delivered"), "2.5"))
    error = _error(root)
    assert (error.row, error.column, error.value) == (300, "Numbers delivered", "2.5")
    assert "whole number" in str(error)


def test_blank_order_date(raw_lines, write_raw):
    root, _ = write_raw(_edit(raw_lines, 400, _column(raw_lines, "Order date"), ""))
    error = _error(root)
    assert (error.row, error.column) == (400, "Order date") and "blank" in str(error)


def test_unknown_country_name(raw_lines, write_raw):
    root, path = write_raw(_edit(raw_lines, 2000, _column(raw_lines, "Recipient"), "Atlantis"))
    error = _error(root)
    assert (error.file, error.row, error.column, error.value) == (str(path), 2000, "Recipient", "Atlantis")
    assert "country_names.csv" in str(error)


def test_duplicate_deal_and_year(raw_lines, write_raw):
    root, _ = write_raw([*raw_lines, raw_lines[HEADER_LINE + 9]])
    error = _error(root)
    assert "several rows for one deal and delivery year" in str(error)
    assert f"lines [{HEADER_LINE + 10}, {len(raw_lines) + 1}]" in str(error)


def test_empty_file(write_raw):
    root, path = write_raw([])
    error = _error(root)
    assert error.file == str(path) and "empty" in str(error)


def test_preamble_without_unit(raw_lines, write_raw):
    lines = [line for line in raw_lines if not line.startswith("SIPRI trend-indicator values")]
    root, _ = write_raw(lines)
    assert "unit" in str(_error(root))


def test_reads_like_pandas_with_the_documented_skip(raw_dir, built):
    """Cross-check with pandas reading the file with PROVENANCE.md's 11 header lines."""
    frame = pd.read_csv(raw_dir / SOURCE / arms.FILE, skiprows=HEADER_LINE - 1)
    by_key = frame.groupby(["SIPRI AT Database ID", "Delivery year"])["TIV delivery values"].sum()
    mine = built.frame.set_index(["deal_id", "year"])["tiv_mn"]
    pd.testing.assert_series_equal(mine.sort_index(), by_key.sort_index(), check_names=False, check_index_type=False)
