"""Access to the raw sources: checked paths, and a record of every file read with its sha256."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from newasia.descriptor import sha256_of
from newasia.errors import RawInputError
from newasia.reference import NAMES_FILE, NameResolver, countries

CATALOGUE = "SHA256SUMS"
# Row numbers in messages are 1-based as a spreadsheet or text editor shows them. FIRST_ROW is the row of a
# table's first data row: 2 under one header line (CSV files, workbook sheets read with a header); records of an
# R data file or a JSON list have no header and are numbered from 1 (RECORD_ROW).
FIRST_ROW = 2
RECORD_ROW = 1
ACCEPT_FLAG = "--accept-changed-raw"
# One line of `sha256sum` output: 64 hex digits, a space, ' ' (text mode) or '*' (binary mode), the path.
CATALOGUE_LINE = re.compile(r"([0-9a-fA-F]{64}) ([ *])(.+)")


def read_catalogue(path: Path) -> dict[str, str]:
    """The checksum catalogue (`sha256sum` output, text or binary form) as {relative path: sha256}.

    A line that is not `<64 hex digits> <space or *><path>` raises RawInputError naming its line number.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RawInputError(path, f"checksum catalogue cannot be read ({error})") from None
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = CATALOGUE_LINE.fullmatch(line)
        if match is None:
            raise RawInputError(
                path,
                "malformed checksum line: expected '<64 hex digits>  <path>' (or "
                "'<64 hex digits> *<path>') as sha256sum writes",
                row=number,
                value=line,
            )
        digest, _mode, name = match.groups()
        name = name.removeprefix("./")
        if name in entries and entries[name] != digest.lower():
            raise RawInputError(path, "file is listed twice with different checksums", row=number, value=name)
        entries[name] = digest.lower()
    return entries


@dataclass
class RawSources:
    """The raw data folder (default ../shared/data/raw), with the files each source's builder reads.

    Every file read is checked against the folder's SHA256SUMS: a file whose sha256 differs (or that the
    catalogue does not list, or a folder without a catalogue) raises RawInputError with the file and both
    hashes, unless `accept_changed_raw` (a deliberate refresh): then the new hash is recorded in the descriptor
    with the catalogue's (`catalogue_sha256`) and listed in `changed`.
    """

    root: Path
    accept_changed_raw: bool = False
    used: dict[str, list[dict]] = field(default_factory=dict)
    changed: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self.root = Path(self.root)
        if not self.root.is_dir():
            raise RawInputError(
                self.root,
                "raw data folder not found; pass --raw PATH. The raw files are not in "
                "the repository (the committed extracts in data/ need none): `python -m newasia "
                "data sources` lists, for each source, the layout expected and where its release "
                "is published, and docs/UPDATING.md says how to assemble or fetch a raw folder",
            )
        catalogue = self.root / CATALOGUE
        self._catalogue: dict[str, str] = {}
        if catalogue.is_file():
            self._catalogue = read_catalogue(catalogue)
        elif not self.accept_changed_raw:
            raise RawInputError(
                catalogue,
                "checksum catalogue is missing, so the raw files cannot be checked; "
                f"pass {ACCEPT_FLAG} to build from unchecked files",
            )

    def _check(self, path: Path, key: str, digest: str) -> dict:
        expected = self._catalogue.get(key)
        entry = {"path": key, "sha256": digest, "matches_catalogue": expected == digest}
        if expected == digest:
            return entry
        listed = f"differs from {expected} in {CATALOGUE}" if expected else f"is not listed in {CATALOGUE}"
        if not self.accept_changed_raw:
            raise RawInputError(
                path,
                f"raw file changed: its sha256 {digest} {listed}; if the file was refreshed "
                f"on purpose, rebuild with {ACCEPT_FLAG} (and update {CATALOGUE})",
            )
        entry["catalogue_sha256"] = expected
        self.changed.append(entry)
        return entry

    def file(self, source: str, relative: str) -> Path:
        """Path of one raw file of `source`, checked to exist, not be empty and match the catalogue; recorded
        with its sha256."""
        path = self.root / source / relative
        if not path.is_file():
            raise RawInputError(
                path, "raw file is missing (the layout each source needs: `python -m newasia data sources`)"
            )
        if path.stat().st_size == 0:
            raise RawInputError(path, "raw file is empty")
        key = f"{source}/{relative}"
        self.used.setdefault(source, []).append(self._check(path, key, sha256_of(path)))
        return path

    def glob(self, source: str, pattern: str) -> list[Path]:
        """Every raw file of `source` matching `pattern`, sorted, each checked and recorded."""
        folder = self.root / source
        found = sorted(p.relative_to(folder).as_posix() for p in folder.glob(pattern))
        if not found:
            raise RawInputError(folder / pattern, "no raw files match")
        return [self.file(source, name) for name in found]

    def files_of(self, sources: Iterable[str]) -> list[dict]:
        return [entry for s in sources for entry in sorted(self.used.get(s, []), key=lambda e: e["path"])]


def spreadsheet_row(position: int, first_row: int = FIRST_ROW) -> int:
    """The 1-based row a spreadsheet shows for the 0-based data row `position` (header offset in `first_row`)."""
    return int(position) + first_row


def raise_first(
    bad: pd.Series | np.ndarray,
    file: Path,
    problem: str,
    *,
    column: str | Callable[[int], str] | None = None,
    values: pd.Series | Callable[[int], object] | None = None,
    sheet: str | None = None,
    first_row: int = FIRST_ROW,
    at: Sequence[int] | None = None,
    lines: Sequence[int] | None = None,
) -> None:
    """If any row is `bad`, raise RawInputError for the first one, naming file, sheet, row, column and value.

    The row is 1-based as a spreadsheet shows it: `spreadsheet_row(position, first_row)`, where `position` is the
    row's 0-based place in the data or, if `at` is given, `at[position]` (the row's place in the file before
    rows were dropped); `lines` gives the row numbers directly (files whose records span several lines).
    `values` is the raw column (its value at that row is reported) or a function of the position; `column` is
    a name or, where the column varies (a wide sheet), a function of the position.
    """
    mask = bad.to_numpy(dtype=bool, na_value=False) if isinstance(bad, pd.Series) else np.asarray(bad, dtype=bool)
    if not mask.any():
        return
    position = int(mask.nonzero()[0][0])
    if lines is not None:
        row = int(lines[position])
    else:
        row = spreadsheet_row(at[position] if at is not None else position, first_row)
    if values is None:
        value = None
    elif callable(values) and not isinstance(values, pd.Series):
        value = values(position)
    else:
        value = values.iloc[position]
    if callable(column):
        column = column(position)
    raise RawInputError(file, problem, sheet=sheet, row=row, column=column, value=value)


def require_columns(frame: pd.DataFrame, columns: Iterable[str], file: Path, sheet: str | None = None) -> None:
    """Raise RawInputError naming the first expected column that `frame` lacks."""
    for column in columns:
        if column not in frame.columns:
            raise RawInputError(file, "expected column is missing", sheet=sheet, column=column)


def require_rows(frame: pd.DataFrame, file: Path, sheet: str | None = None) -> None:
    if frame.empty:
        raise RawInputError(file, "no data rows", sheet=sheet)


def to_number(
    frame: pd.DataFrame, column: str, file: Path, *, first_row: int = FIRST_ROW, sheet: str | None = None
) -> pd.Series:
    """`frame[column]` as floats; the first non-numeric, non-blank value raises RawInputError with its row
    (1-based as a spreadsheet shows it; `first_row` is the row of the first data row)."""
    values = frame[column]
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna() & values.notna() & values.astype(str).str.strip().ne("")
    raise_first(bad, file, "value is not a number", sheet=sheet, first_row=first_row, column=column, values=values)
    return numbers


def read_csv(file: Path, columns: Iterable[str], **options) -> pd.DataFrame:
    """A raw CSV as text columns (blanks kept as ''), checked to parse, to have `columns` and at least one row."""
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False, **options)
    except (ValueError, UnicodeDecodeError) as error:  # pandas' ParserError and EmptyDataError are ValueErrors
        raise RawInputError(file, f"cannot be read as CSV ({error})") from None
    require_columns(frame, columns, file)
    require_rows(frame, file)
    return frame


def whole_numbers(frame: pd.DataFrame, column: str, file: Path) -> pd.Series:
    """`frame[column]` as int64; a blank, non-numeric or fractional value raises RawInputError with its row."""
    numbers = to_number(frame, column, file)
    raise_first(
        numbers.isna() | (numbers % 1 != 0), file, "value is not a whole number", column=column, values=frame[column]
    )
    return numbers.astype("int64")


class CountryCodes:
    """Sorts a source's codes into countries (in countries.csv) and the source's aggregates.

    A code that is neither in countries.csv nor listed as an aggregate of `source` in country_names.csv raises
    RawInputError naming the file, the first row where it occurs, the column and the code.
    """

    def __init__(self, source: str, reference_dir: Path):
        self.source = source
        self.known = set(countries(reference_dir)["code"])
        self.names = NameResolver(source, reference_dir)

    def is_country(self, codes: pd.Series, file: Path, column: str, *, first_row: int = FIRST_ROW) -> pd.Series:
        """Boolean mask of `codes`: True for a country, False for an aggregate of the source."""
        mask = codes.isin(self.known)
        for code in codes[~mask].unique():
            position = int((codes == code).to_numpy().nonzero()[0][0])
            where = {"row": spreadsheet_row(position, first_row), "column": column, "value": code}
            try:
                kind = self.names.resolve(code, file=file).kind
            except RawInputError:
                raise RawInputError(
                    file,
                    f"country code is neither in countries.csv nor an aggregate of source "
                    f"{self.source!r} in data/reference/{NAMES_FILE}",
                    **where,
                ) from None
            if kind != "aggregate":
                raise RawInputError(
                    file,
                    f"code is listed as {kind!r} for source {self.source!r} in "
                    f"data/reference/{NAMES_FILE} but is not in countries.csv",
                    **where,
                )
        return mask
