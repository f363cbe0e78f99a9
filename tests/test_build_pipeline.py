"""The build pipeline: bad raw input gives a clear error naming file, sheet, row, column and value, and a
failed build leaves the committed extracts exactly as they were."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from newasia.build import build, dots, reference_tables
from newasia.errors import RawInputError
from newasia.paths import DATA_DIR

WORKBOOK = "DOTS_1.xlsx"
COMTRADE = "comtrade_all_exports_2021A.csv"


@pytest.fixture
def small_raw(raw_dir, tmp_path) -> Path:
    """A raw folder with one DOTS workbook and the Comtrade file, in the real layout."""
    root = tmp_path / "raw"
    (root / "imf-dots").mkdir(parents=True)
    (root / "comtrade-2021").mkdir()
    shutil.copy(raw_dir / "imf-dots" / WORKBOOK, root / "imf-dots" / WORKBOOK)
    shutil.copy(raw_dir / "comtrade-2021" / COMTRADE, root / "comtrade-2021" / COMTRADE)
    return root


@pytest.fixture
def committed_copy(tmp_path) -> Path:
    """A copy of the committed data/ folder to build into."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns(".staging-*"))
    return target


def _fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _build_fails(raw: Path, out: Path, pattern: str) -> RawInputError:
    before = _fingerprint(out)
    with pytest.raises(RawInputError, match=pattern) as caught:
        build(raw, out, only=[reference_tables.build, dots.build], accept_changed_raw=True)
    assert _fingerprint(out) == before, "a failed build changed the extracts"
    assert not list(out.glob(".staging-*")), "a failed build left its staging folder behind"
    return caught.value


def _edit_comtrade(raw: Path, change) -> None:
    path = raw / "comtrade-2021" / COMTRADE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame).to_csv(path, index=False)


def test_missing_column_is_named(small_raw, committed_copy):
    _edit_comtrade(small_raw, lambda f: f.drop(columns="primaryValue"))
    error = _build_fails(small_raw, committed_copy, r"expected column is missing \(column 'primaryValue'\)")
    assert error.file.endswith(COMTRADE)


def test_non_numeric_value_is_located(small_raw, committed_copy):
    def spoil(frame):
        frame.loc[4, "primaryValue"] = "12,3x"
        return frame

    _edit_comtrade(small_raw, spoil)
    error = _build_fails(
        small_raw,
        committed_copy,
        r"value is not a number \(row 6, column 'primaryValue', "
        r"value '12,3x'\)",
    )
    assert error.row == 6 and error.value == "12,3x"


def test_unknown_country_is_named(small_raw, committed_copy):
    def spoil(frame):
        frame.loc[0, "partnerISO"] = "QQQ"
        return frame

    _edit_comtrade(small_raw, spoil)
    _build_fails(
        small_raw,
        committed_copy,
        r"unknown country name for source 'comtrade-2021'.*column "
        r"'partnerISO', value 'QQQ'",
    )


def test_empty_file_is_named(small_raw, committed_copy):
    (small_raw / "comtrade-2021" / COMTRADE).write_bytes(b"")
    _build_fails(small_raw, committed_copy, rf"{COMTRADE}: raw file is empty")


def test_missing_sheet_is_named(small_raw, committed_copy):
    path = small_raw / "imf-dots" / WORKBOOK
    book = openpyxl.load_workbook(path)
    del book["Imports, CIF"]
    book.save(path)
    _build_fails(small_raw, committed_copy, rf"{WORKBOOK}: expected sheet is missing \(sheet 'Imports, CIF'\)")


def test_text_in_a_workbook_cell_is_located(small_raw, committed_copy):
    path = small_raw / "imf-dots" / WORKBOOK
    book = openpyxl.load_workbook(path)
    sheet = book["Exports, FOB"]
    year = sheet.cell(row=7, column=4).value
    sheet.cell(row=9, column=4).value = "n.a."
    book.save(path)
    _build_fails(
        small_raw,
        committed_copy,
        rf"{WORKBOOK}: value is not a number or an IMF estimate .*sheet "
        rf"'Exports, FOB', row 9, column '{int(float(year))}', value 'n.a.'",
    )


def test_unknown_partner_name_in_a_workbook_is_located(small_raw, committed_copy):
    path = small_raw / "imf-dots" / WORKBOOK
    book = openpyxl.load_workbook(path)
    book["Exports, FOB"].cell(row=9, column=2).value = "Atlantis"
    book.save(path)
    _build_fails(
        small_raw,
        committed_copy,
        r"unknown country name for source 'imf-dots'.*sheet 'Exports, FOB', "
        r"row 9, column 'partner', value 'Atlantis'",
    )


def test_missing_raw_folder_is_named(tmp_path, committed_copy):
    with pytest.raises(RawInputError, match="raw data folder not found"):
        build(tmp_path / "nowhere", committed_copy)
