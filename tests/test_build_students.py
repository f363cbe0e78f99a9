"""The students builder: the doubling defect is detected from the data and corrected; bad input fails."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import assert_matches_table
from newasia.build import students
from newasia.build.raw import RawSources
from newasia.errors import RawInputError
from newasia.paths import REFERENCE_DIR

COLUMNS = [students.HOST, students.ORIGIN, students.YEAR, students.VALUE]


def raw_rows(raw_dir: Path) -> list[dict[str, str]]:
    with (raw_dir / students.SOURCE / students.FILE).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def built(raw_dir):
    return students.build(RawSources(raw_dir), REFERENCE_DIR)["students"]


def row_of(frame, host: str, origin: str, year: int):
    hit = frame[(frame["host"] == host) & (frame["origin"] == origin) & (frame["year"] == year)]
    assert len(hit) == 1, (host, origin, year)
    return hit.iloc[0]


# The defect ---------------------------------------------------------------------------------------------------------


def test_raw_extract_is_doubled(raw_dir):
    values = [int(row[students.VALUE]) for row in raw_rows(raw_dir)]
    positive = [v for v in values if v > 0]
    share = sum(v % 2 == 0 for v in positive) / len(positive)
    assert share > 0.9  # genuine head counts would be near 0.5
    assert students.even_share(values) == pytest.approx(share)


def test_even_share():
    assert students.even_share([1, 2, 3, 4]) == 0.5
    assert students.even_share([0, 0, 2, 4, 6, 7]) == 0.75  # zeros ignored
    assert math.isnan(students.even_share([0, 0]))
    with pytest.raises(ValueError):
        students.even_share([1.5, 2])


def test_note_reports_measured_share(built, raw_dir):
    share = students.even_share(int(row[students.VALUE]) for row in raw_rows(raw_dir))
    assert any(note.startswith(f"Defect check: {share:.1%} of the") for note in built.notes)


def test_spot_value_is_halved(built, raw_dir):
    raw = next(
        row
        for row in raw_rows(raw_dir)
        if (row[students.HOST], row[students.ORIGIN], row[students.YEAR]) == ("Australia", "Viet Nam", "2017")
    )
    assert raw[students.VALUE] == "30596"
    row = row_of(built.frame, "AUS", "VNM", 2017)
    assert (row["students_in_extract"], row["students"]) == (30596, 15298.0)


def test_exact_correction_follows_parity_of_the_host_year(built, raw_dir):
    by_host_year = defaultdict(list)
    for row in raw_rows(raw_dir):
        by_host_year[row[students.HOST], row[students.YEAR]].append(int(row[students.VALUE]))
    all_even = {key: all(v % 2 == 0 for v in values) for key, values in by_host_year.items()}
    assert all_even["Australia", "2017"] and not all_even["United States of America", "2017"]
    assert row_of(built.frame, "AUS", "VNM", 2017)["exact_correction"]
    assert not row_of(built.frame, "USA", "VNM", 2017)["exact_correction"]
    exact = built.frame.groupby(["host", "year"])["exact_correction"].agg(["all", "any"])
    assert (exact["all"] == exact["any"]).all()  # one flag per host-year
    assert int(exact["all"].sum()) == sum(all_even.values())
    assert any(f"{sum(all_even.values())} host-years have only even values" in note for note in built.notes)


def test_frame_matches_schema_and_invariants(built, raw_dir):
    frame = built.frame
    assert_matches_table("students", frame)
    assert (frame["students"] >= 0).all()
    assert (frame["students"] * 2 == frame["students_in_extract"]).all()
    assert len(frame) == len(raw_rows(raw_dir))


# Synthetic files ----------------------------------------------------------------------------------------------------

ORIGINS = ["Viet Nam", "China", "India", "Japan", "Indonesia", "Thailand", "Cambodia", "Philippines"]


def write(root: Path, rows: list[list[object]], header: list[str] = COLUMNS) -> Path:
    path = root / students.SOURCE / students.FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def doubled_rows() -> list[list[object]]:
    """Two host-years with even (doubled) counts; one odd value in Australia 2018."""
    rows = [
        ["Australia", origin, year, 2 * (100 + 7 * i + year % 10)]
        for year in (2017, 2018)
        for i, origin in enumerate(ORIGINS)
    ]
    rows.append(["Japan", "Viet Nam", 2017, 0])
    rows[-2][3] = 301  # Australia, Philippines, 2018
    return rows


def run(root: Path):
    return students.build(RawSources(root, accept_changed_raw=True), REFERENCE_DIR)["students"]


def test_synthetic_doubled_file_builds(tmp_path):
    write(tmp_path, doubled_rows())
    built = run(tmp_path)
    frame = built.frame
    assert row_of(frame, "AUS", "PHL", 2018)["students"] == 150.5
    assert frame.loc[(frame["host"] == "AUS") & (frame["year"] == 2017), "exact_correction"].all()
    assert not frame.loc[(frame["host"] == "AUS") & (frame["year"] == 2018), "exact_correction"].any()
    assert row_of(frame, "JPN", "VNM", 2017)["exact_correction"]
    assert "2 host-years have only even values (halving exact); 1 host-years" in " ".join(built.notes)


def test_genuine_counts_make_the_build_fail(tmp_path):
    # Mixed parity, as genuine head counts (or a file fixed upstream) would be: halving would be wrong.
    rows = [
        ["Australia", origin, year, 100 + 7 * i + year] for year in (2017, 2018) for i, origin in enumerate(ORIGINS)
    ]
    path = write(tmp_path, rows)
    assert students.even_share(r[3] for r in rows) == 0.5
    with pytest.raises(RawInputError, match=r"only 50\.0% of the positive values are even") as error:
        run(tmp_path)
    assert error.value.file == str(path) and error.value.column == students.VALUE
    assert "fixed upstream" in str(error.value) and students.FILE in str(error.value)


def test_no_positive_values_fails(tmp_path):
    write(tmp_path, [["Australia", "Viet Nam", 2017, 0]])
    with pytest.raises(RawInputError, match="positive values are even"):
        run(tmp_path)


def test_missing_column(tmp_path):
    path = write(tmp_path, [row[:3] for row in doubled_rows()], header=COLUMNS[:3])
    with pytest.raises(RawInputError, match="expected column is missing") as error:
        run(tmp_path)
    assert (error.value.file, error.value.column) == (str(path), students.VALUE)


@pytest.mark.parametrize(
    ("value", "problem"), [("12a", "not a number"), ("12.5", "whole number"), ("", "whole number"), ("-4", "negative")]
)
def test_bad_value(tmp_path, value, problem):
    rows = doubled_rows()
    rows[3][3] = value
    path = write(tmp_path, rows)
    with pytest.raises(RawInputError, match=problem) as error:
        run(tmp_path)
    assert (error.value.file, error.value.row, error.value.column, error.value.value) == (
        str(path),
        5,
        students.VALUE,
        value,
    )


def test_unknown_country_name(tmp_path):
    rows = doubled_rows()
    rows[2][1] = "Atlantis"
    path = write(tmp_path, rows)
    with pytest.raises(RawInputError, match="unknown country name") as error:
        run(tmp_path)
    assert (error.value.file, error.value.row, error.value.column, error.value.value) == (
        str(path),
        4,
        students.ORIGIN,
        "Atlantis",
    )


def test_repeated_key(tmp_path):
    rows = doubled_rows()
    rows.append(list(rows[0]))
    write(tmp_path, rows)
    with pytest.raises(RawInputError, match="repeated host, origin and year") as error:
        run(tmp_path)
    assert error.value.row == len(rows) + 1


def test_empty_file(tmp_path):
    path = write(tmp_path, [])
    with pytest.raises(RawInputError, match="no data rows") as error:
        run(tmp_path)
    assert error.value.file == str(path)
    path.write_bytes(b"")
    with pytest.raises(RawInputError, match="empty") as error:
        run(tmp_path)
    assert error.value.file == str(path)
