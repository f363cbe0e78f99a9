"""Fault injection: broken data never turns into a quiet verdict, and every bad input gets a named error.

Every test works on a copy of data/ (and of the raw files it needs) in a temporary folder, asserts the message and
the exit code, and that the folder is byte-identical afterwards (or, for a build that was meant to succeed, that it
holds the complete new state). The real data/ is never written: `test_real_data_is_untouched` checks it last.
Builds are killed at the named points of newasia.build.publish (NEWASIA_FAULT_KILL_AT) in a subprocess.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest
from newasia import data
from newasia.build import publish
from newasia.build.raw import RawSources, read_catalogue
from newasia.cli import main
from newasia.errors import ExtractError, NotebookError, RawInputError
from newasia.notebook_runner import execute
from newasia.paths import DATA_DIR
from newasia.reference import NameResolver
from newasia.tables import TABLES

WORKBOOK = "DOTS_1.xlsx"
COMTRADE = "comtrade_all_exports_2021A.csv"


def fingerprint(folder: Path, *, skip_staging: bool = False) -> dict[str, str]:
    """sha256 of every file under `folder` (leftover staging folders inside it included unless `skip_staging`)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (skip_staging and p.relative_to(folder).parts[0].startswith(".staging-"))
    }


REAL_DATA = fingerprint(DATA_DIR)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def copy(tmp_path) -> Path:
    """A copy of the committed data/ (reference/ and claims/ included)."""
    target = tmp_path / "repo" / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns(".staging-*"))
    data.clear_cache()
    yield target
    data.clear_cache()


@pytest.fixture
def no_raw(tmp_path) -> Path:
    """A raw folder with an empty catalogue: enough for the reference-table builder, which reads no raw file."""
    root = tmp_path / "raw"
    root.mkdir()
    (root / "SHA256SUMS").write_text("")
    return root


@pytest.fixture
def small_raw(raw_dir, tmp_path) -> Path:
    """One DOTS workbook and the Comtrade file in the real layout, with their lines of the real SHA256SUMS."""
    root = tmp_path / "raw"
    lines = []
    for source, name in (("imf-dots", WORKBOOK), ("comtrade-2021", COMTRADE)):
        (root / source).mkdir(parents=True)
        shutil.copy(raw_dir / source / name, root / source / name)
        lines.append(f"{_sha(root / source / name)}  ./{source}/{name}")
    (root / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    return root


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newasia", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in this process (so that monkeypatched faults apply): exit code, stdout, stderr."""
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def rewrite(folder: Path, name: str, content: bytes) -> None:
    """Replace one extract and record its new sha256 in the folder's descriptor: an edit that hashes cannot catch."""
    (folder / name).write_bytes(content)
    path = folder / "datapackage.json"
    package = json.loads(path.read_text())
    for resource in package["resources"]:
        if resource["path"] == name:
            resource["hash"] = f"sha256:{hashlib.sha256(content).hexdigest()}"
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n")


def drop_entry(folder: Path, table: str) -> None:
    path = folder / "datapackage.json"
    package = json.loads(path.read_text())
    package["resources"] = [r for r in package["resources"] if r["name"] != table]
    path.write_text(json.dumps(package, indent=2) + "\n")


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


# ---------------------------------------------------------------------------------------------------------------
# claims: errors are never verdicts


@pytest.mark.parametrize("form", ["table", "json", "csv"])
def test_claims_stop_on_a_truncated_extract_in_every_format(copy, form):
    truncate(copy / "trade.parquet")
    before = fingerprint(copy)
    result = run("claims", "--format", form, env={"NEWASIA_DATA_DIR": str(copy)})
    assert result.returncode == 1
    assert result.stderr.startswith("error: claim ") and "could not be evaluated" in result.stderr
    assert f"{copy / 'trade.parquet'}: stale or modified" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert fingerprint(copy) == before


def test_claims_stop_when_a_table_has_no_descriptor_entry(copy):
    drop_entry(copy, "trade")
    before = fingerprint(copy)
    result = run("claims", env={"NEWASIA_DATA_DIR": str(copy)})
    assert result.returncode == 1 and result.stdout == ""
    assert f"{copy / 'datapackage.json'}: has no entry for table 'trade'" in result.stderr
    assert fingerprint(copy) == before


def test_keep_going_lists_every_error_marks_the_claims_and_exits_1(copy):
    truncate(copy / "trade.parquet")
    before = fingerprint(copy)
    result = run("claims", "--keep-going", "--format", "json", env={"NEWASIA_DATA_DIR": str(copy)})
    assert result.returncode == 1
    claims = json.loads(result.stdout)
    failed = [c for c in claims if c["verdict"] == "error"]
    assert failed and all("trade.parquet" in c["error"] for c in failed)
    # 'not testable' comes from the ledger only: the count is the ledger's, not swollen by the errors
    expected_not_testable = sum(1 for c in claims if c["not_testable"])
    assert sum(c["verdict"] == "not testable with these data" for c in claims) == expected_not_testable
    assert any(c["verdict"] == "supported" for c in claims)  # the others were evaluated
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: claim ")]
    assert len(errors) == len(failed)
    assert (
        result.stderr.splitlines()[-1] == f"error: {len(failed)} claim(s) could not be evaluated; they have no verdict"
    )
    assert fingerprint(copy) == before


def test_a_notebook_cell_error_stops_the_run_naming_notebook_and_error(tmp_path):
    path = tmp_path / "99-broken.ipynb"
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "from newasia.errors import EvaluationError\nraise EvaluationError('x', 'data/trade.parquet: truncated')"
            )
        ]
    )
    nbformat.write(notebook, path)
    before = path.read_bytes()
    with pytest.raises(
        NotebookError,
        match=r"99-broken.ipynb: a cell raised EvaluationError: claim 'x' could not "
        r"be evaluated: data/trade.parquet: truncated",
    ):
        execute(path)
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------------------------------------
# data check and loading: corrupted, truncated, missing, coerced


def test_data_check_fails_on_a_truncated_extract(copy, capsys):
    truncate(copy / "trade.parquet")
    before = fingerprint(copy)
    code, _, err = cli(capsys, "data", "check", "--data", str(copy))
    assert code == 1 and err.startswith(f"error: {copy / 'trade.parquet'}: stale or modified")
    assert fingerprint(copy) == before


def test_data_check_fails_on_a_corrupted_extract_of_the_same_size(copy, capsys):
    path = copy / "hdi.csv"
    content = bytearray(path.read_bytes())
    content[-3] = ord("7") if content[-3] != ord("7") else ord("8")
    path.write_bytes(bytes(content))
    code, _, err = cli(capsys, "data", "check", "--data", str(copy))
    assert code == 1 and f"{path}: stale or modified" in err


def test_data_check_fails_on_a_missing_descriptor_entry(copy, capsys):
    drop_entry(copy, "hdi")
    code, _, err = cli(capsys, "data", "check", "--data", str(copy))
    assert code == 1 and "has no entry for table 'hdi'" in err


def test_data_check_fails_on_a_missing_extract_and_on_a_broken_descriptor(copy, capsys):
    (copy / "rta.csv").unlink()
    code, _, err = cli(capsys, "data", "check", "--data", str(copy))
    assert code == 1 and f"{copy / 'rta.csv'}: missing" in err
    data.clear_cache()
    (copy / "datapackage.json").write_text("{ not json")
    code, _, err = cli(capsys, "data", "check", "--data", str(copy))
    assert code == 1 and "datapackage.json: is not valid JSON" in err


def test_a_fractional_year_is_an_error_even_when_the_hash_matches(copy, capsys):
    text = (copy / "hdi.csv").read_text()
    lines = text.splitlines()
    first = lines[1].split(",")
    lines[1] = ",".join([first[0], first[1], f"{first[2]}.5", first[3]])
    rewrite(copy, "hdi.csv", ("\n".join(lines) + "\n").encode())
    before = fingerprint(copy)
    code, _, err = cli(capsys, "data", "check", "--data", str(copy))
    assert code == 1
    assert f"{copy / 'hdi.csv'}: column 'year', line 2: value '{first[2]}.5' is not a whole number" in err
    assert fingerprint(copy) == before


def test_a_fractional_year_in_a_parquet_extract_is_an_error(copy):
    frame = pd.read_parquet(copy / "indicators.parquet")
    frame["year"] = frame["year"].astype("float64")
    frame.loc[3, "year"] = frame.loc[3, "year"] + 0.5
    frame.to_parquet(copy / "indicators.parquet", index=False)
    rewrite(copy, "indicators.parquet", (copy / "indicators.parquet").read_bytes())
    with pytest.raises(
        ExtractError,
        match=r"indicators.parquet: column 'year', row 4: value \d{4}\.5 is not "
        r"a whole number",
    ):
        data.load("indicators", copy)


def test_a_renamed_header_names_the_column_not_the_table(copy):
    text = (copy / "hdi.csv").read_text()
    rewrite(copy, "hdi.csv", text.replace("country,indicator,year,value", "country,indicator,yeer,value", 1).encode())
    with pytest.raises(
        ExtractError,
        match=r"hdi.csv: header does not match the schema: unexpected column\(s\) "
        r"\['yeer'\], missing column\(s\) \['year'\]",
    ):
        data.load("hdi", copy)


def test_an_unreadable_csv_value_names_column_and_line(copy):
    lines = (copy / "hdi.csv").read_text().splitlines()
    cells = lines[9].split(",")
    lines[9] = ",".join([*cells[:3], "n/a"])
    rewrite(copy, "hdi.csv", ("\n".join(lines) + "\n").encode())
    with pytest.raises(ExtractError, match=r"column 'value', line 10: value 'n/a' is not a number"):
        data.load("hdi", copy)


# ---------------------------------------------------------------------------------------------------------------
# raw checksums


def test_catalogue_reads_text_and_binary_forms(tmp_path):
    digest = "ab" * 32
    path = tmp_path / "SHA256SUMS"
    path.write_text(f"{digest}  ./wdi/a.csv\n{digest.upper()} *wdi/b b.csv\n\n{digest} *./hdi/c.csv\n")
    assert read_catalogue(path) == {"wdi/a.csv": digest, "wdi/b b.csv": digest, "hdi/c.csv": digest}


@pytest.mark.parametrize("line", ["abc  ./wdi/a.csv", "ab" * 32 + "./wdi/a.csv", "ab" * 32, "not a checksum line"])
def test_a_malformed_catalogue_line_names_its_line_number(tmp_path, line):
    path = tmp_path / "SHA256SUMS"
    path.write_text(f"{'cd' * 32}  ./wdi/a.csv\n{line}\n")
    with pytest.raises(RawInputError, match=r"malformed checksum line.*\(row 2, value") as caught:
        read_catalogue(path)
    assert caught.value.row == 2


def test_a_malformed_catalogue_stops_the_build(no_raw, copy, capsys):
    (no_raw / "SHA256SUMS").write_text("1234 ./x\n")
    before = fingerprint(copy)
    code, _, err = cli(capsys, "data", "build", "--raw", str(no_raw), "--out", str(copy), "--only", "reference_tables")
    assert code == 1 and "SHA256SUMS: malformed checksum line" in err and "row 1" in err
    assert fingerprint(copy) == before


def test_a_missing_catalogue_stops_the_build(no_raw, copy, capsys):
    (no_raw / "SHA256SUMS").unlink()
    before = fingerprint(copy)
    code, _, err = cli(capsys, "data", "build", "--raw", str(no_raw), "--out", str(copy), "--only", "reference_tables")
    assert code == 1 and "SHA256SUMS: checksum catalogue is missing" in err and "--accept-changed-raw" in err
    assert fingerprint(copy) == before


def test_binary_form_catalogue_matches(small_raw):
    catalogue = small_raw / "SHA256SUMS"
    catalogue.write_text(catalogue.read_text().replace("  ./", " *"))
    raw = RawSources(small_raw)
    raw.file("comtrade-2021", COMTRADE)
    assert raw.files_of(["comtrade-2021"])[0]["matches_catalogue"] and not raw.changed


def test_a_changed_raw_file_stops_the_build_with_both_hashes(small_raw, copy, capsys):
    path = small_raw / "comtrade-2021" / COMTRADE
    catalogued = _sha(path)
    path.write_bytes(path.read_bytes() + b"\n")
    before = fingerprint(copy)
    code, _, err = cli(
        capsys, "data", "build", "--raw", str(small_raw), "--out", str(copy), "--only", "reference_tables", "dots"
    )
    assert code == 1
    assert (
        err.startswith(
            f"error: {path}: raw file changed: its sha256 {_sha(path)} differs from {catalogued} in SHA256SUMS"
        )
        and "--accept-changed-raw" in err
    )
    assert fingerprint(copy) == before


def test_accept_changed_raw_builds_and_records_the_new_hash(small_raw, copy, capsys):
    path = small_raw / "comtrade-2021" / COMTRADE
    catalogued = _sha(path)
    path.write_bytes(path.read_bytes() + b"\n")
    code, _, err = cli(
        capsys,
        "data",
        "build",
        "--raw",
        str(small_raw),
        "--out",
        str(copy),
        "--only",
        "reference_tables",
        "dots",
        "--accept-changed-raw",
    )
    assert code == 0, err
    assert f"accepted changed raw file comtrade-2021/{COMTRADE}: sha256 {_sha(path)} (catalogue: {catalogued})" in err
    trade = {r["name"]: r for r in json.loads((copy / "datapackage.json").read_text())["resources"]}["trade"]
    entry = next(e for e in trade["raw_files"] if e["path"].endswith(COMTRADE))
    assert entry == {
        "path": f"comtrade-2021/{COMTRADE}",
        "sha256": _sha(path),
        "matches_catalogue": False,
        "catalogue_sha256": catalogued,
    }


# ---------------------------------------------------------------------------------------------------------------
# messages name the raw file, sheet, 1-based row, column and raw value


def test_a_negative_comtrade_value_names_the_raw_row_in_raw_units(small_raw, copy, capsys):
    path = small_raw / "comtrade-2021" / COMTRADE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    countries = set(data.countries()["code"])
    row = int(((frame["reporterISO"].isin(countries)) & (frame["partnerISO"].isin(countries))).to_numpy().argmax())
    frame.loc[row, "primaryValue"] = "-1234567"
    frame.to_csv(path, index=False)
    before = fingerprint(copy)
    code, _, err = cli(
        capsys,
        "data",
        "build",
        "--raw",
        str(small_raw),
        "--out",
        str(copy),
        "--only",
        "reference_tables",
        "dots",
        "--accept-changed-raw",
    )
    assert code == 1
    assert (
        f"{path}: negative trade value between two countries (US dollars) (row {row + 2}, column "
        "'primaryValue', value '-1234567')" in err
    )
    assert "trade.parquet" not in err
    assert fingerprint(copy) == before


def test_a_negative_dots_cell_names_sheet_row_and_year(small_raw, copy, capsys):
    path = small_raw / "imf-dots" / WORKBOOK
    book = openpyxl.load_workbook(path)
    sheet = book["Exports, FOB"]
    countries = set(data.countries()["code"])
    names = NameResolver("imf-dots")
    target = None
    for row in range(8, sheet.max_row + 1):
        name = sheet.cell(row=row, column=2).value
        if name and names.resolve(name, file=path).code in countries and sheet.cell(row=row, column=4).value:
            target = row
            break
    year = int(float(sheet.cell(row=7, column=4).value))
    sheet.cell(row=target, column=4).value = -5.5
    book.save(path)
    before = fingerprint(copy)
    code, _, err = cli(
        capsys,
        "data",
        "build",
        "--raw",
        str(small_raw),
        "--out",
        str(copy),
        "--only",
        "reference_tables",
        "dots",
        "--accept-changed-raw",
    )
    assert code == 1
    assert (
        f"{path}: negative trade value between two countries (sheet 'Exports, FOB', row {target}, column "
        f"'{year}', value '-5.5 (US Dollars, Millions; partner" in err
    )
    assert fingerprint(copy) == before


# ---------------------------------------------------------------------------------------------------------------
# the build's target folder: read-only, full, failing writes


def test_a_read_only_target_fails_before_any_work(no_raw, copy, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(publish.tempfile, "mkstemp", refuse)
    monkeypatch.setattr("newasia.reference.groups", lambda *a: pytest.fail("a builder ran before the pre-flight"))
    before = fingerprint(copy)
    code, _, err = cli(capsys, "data", "build", "--raw", str(no_raw), "--out", str(copy), "--only", "reference_tables")
    assert code == 1
    assert (
        err == f"error: {copy}: is not writable (Permission denied); the build writes the extracts there and "
        "nothing was built\n"
    )
    assert fingerprint(copy) == before


def test_a_full_disk_fails_before_any_work(no_raw, copy, capsys, monkeypatch):
    monkeypatch.setattr(publish.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**9, 10**9, 2**20))
    monkeypatch.setattr("newasia.reference.groups", lambda *a: pytest.fail("a builder ran before the pre-flight"))
    before = fingerprint(copy)
    code, _, err = cli(capsys, "data", "build", "--raw", str(no_raw), "--out", str(copy), "--only", "reference_tables")
    assert code == 1
    assert err.startswith(f"error: {copy.parent}: has 1 MiB free; the build needs about ")
    assert fingerprint(copy) == before


def test_a_write_failure_names_the_file_and_leaves_data_unchanged(no_raw, copy, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("newasia.build.write_table", full)
    before = fingerprint(copy)
    code, _, err = cli(capsys, "data", "build", "--raw", str(no_raw), "--out", str(copy), "--only", "reference_tables")
    assert code == 1
    assert "countries.csv: cannot be written (No space left on device);" in err and "Traceback" not in err
    assert fingerprint(copy) == before
    assert sorted(p.name for p in copy.parent.iterdir()) == ["data"], "a failed build left its staging folder"


# ---------------------------------------------------------------------------------------------------------------
# a kill at any instant leaves data/ whole: old or new, never a mixture


def _older_state(copy: Path) -> dict[str, str]:
    """Make the copy an older consistent state (one milestone edited, its hash recorded), which a build of the
    reference tables replaces by the committed state; returns the older state's fingerprint."""
    text = (copy / "milestones.csv").read_text()
    rewrite(copy, "milestones.csv", text.replace("First Russian account", "An older account", 1).encode())
    return fingerprint(copy)


@pytest.mark.parametrize("point", ["preflight", "built", "written", "linked", "switched"])
def test_a_killed_build_leaves_old_or_new_data_and_the_next_build_cleans_up(no_raw, copy, point):
    old, new = _older_state(copy), REAL_DATA
    assert old != new
    (copy / ".staging-legacy").mkdir()  # what the older code left behind when killed
    (copy / ".staging-legacy" / "trade.parquet").write_bytes(b"x" * 1000)
    args = ("data", "build", "--raw", str(no_raw), "--out", str(copy), "--only", "reference_tables")
    killed = run(*args, env={publish.FAULT_ENV: point})
    assert killed.returncode == -9, killed.stderr
    assert fingerprint(copy, skip_staging=True) == (new if point == "switched" else old)
    assert f"removed {copy / '.staging-legacy'}, left by a killed build" in killed.stderr
    left = [p for p in copy.parent.iterdir() if p.name.startswith(".data.staging-")]
    assert bool(left) == (point in ("written", "linked", "switched"))
    finished = run(*args)
    assert finished.returncode == 0, finished.stderr
    for folder in left:
        assert f"removed {folder}, left by a killed build" in finished.stderr
    assert fingerprint(copy) == new
    assert sorted(p.name for p in copy.parent.iterdir()) == ["data"]


def test_a_build_killed_between_the_two_renames_is_restored(no_raw, copy):
    old = _older_state(copy)
    args = ("data", "build", "--raw", str(no_raw), "--out", str(copy), "--only", "reference_tables")
    killed = run(*args, env={publish.FAULT_ENV: "half-switched", "NEWASIA_NO_EXCHANGE": "1"})
    assert killed.returncode == -9
    assert not copy.exists()
    (moved,) = [p for p in copy.parent.iterdir() if p.name.startswith(".data.old-")]
    assert fingerprint(moved) == old
    finished = run(*args, env={"NEWASIA_NO_EXCHANGE": "1"})
    assert finished.returncode == 0, finished.stderr
    assert f"restored {copy} from {moved.name}" in finished.stderr
    assert fingerprint(copy) == REAL_DATA
    assert sorted(p.name for p in copy.parent.iterdir()) == ["data"]


def test_a_successful_build_reproduces_the_committed_reference_tables(no_raw, copy, capsys):
    code, out, err = cli(
        capsys, "data", "build", "--raw", str(no_raw), "--out", str(copy), "--only", "reference_tables"
    )
    assert code == 0, err
    assert f"built {len(TABLES)} tables" in out
    assert fingerprint(copy) == REAL_DATA


def test_real_data_is_untouched():
    assert fingerprint(DATA_DIR) == REAL_DATA
    assert not [p for p in DATA_DIR.parent.iterdir() if p.name.startswith((".data.staging-", ".data.old-"))]
