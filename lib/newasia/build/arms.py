"""Arms transfers: the SIPRI trade register (deliveries by deal and year, TIV)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from newasia.build import Built
from newasia.build.raw import RawSources, raise_first, require_columns, require_rows
from newasia.errors import RawInputError
from newasia.reference import NameResolver

SOURCE = "sipri-arms-transfers"
FILE = "sipri_trade_register_2000-2030_generated-2025-01-03.csv"
HEADER_CELL = "SIPRI AT Database ID"
UNIT_LINE = "SIPRI trend-indicator values (TIVs) are in millions."
COLUMNS = {
    "SIPRI AT Database ID": "deal_id",
    "Delivery year": "year",
    "Supplier": "supplier_name",
    "Recipient": "recipient_name",
    "Armament category": "category",
    "Designation": "designation",
    "Description": "description",
    "Order date": "order_year",
    "Numbers delivered": "numbers_delivered",
    "TIV delivery values": "tiv_mn",
}
INTEGERS = ("SIPRI AT Database ID", "Delivery year", "Order date", "Numbers delivered")
NUMBERS = (*INTEGERS, "TIV delivery values")
TEXT = ("Supplier", "Recipient", "Armament category", "Designation", "Description")
OPTIONAL_TEXT = ("Designation", "Description")
KEY = ["deal_id", "year"]
OUTPUT = [
    "deal_id",
    "year",
    "supplier",
    "supplier_name",
    "recipient",
    "recipient_name",
    "category",
    "designation",
    "description",
    "order_year",
    "numbers_delivered",
    "tiv_mn",
]


def read_register(file: Path) -> tuple[pd.DataFrame, list[int], list[str], int]:
    """The table under the preamble, as text: the frame, the file line number of each row, the preamble
    lines and the line of the column row.

    The column row is the first whose first cell is 'SIPRI AT Database ID'; blank lines after it are skipped.
    """
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise RawInputError(file, f"is not UTF-8 text ({error})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    preamble, header, records, lines = [], None, [], []
    line = 0
    for record in reader:
        start, line = line + 1, reader.line_num
        if header is None:
            if record and record[0].strip() == HEADER_CELL:
                header = [cell.strip() for cell in record]
                header_line = start
            else:
                preamble.append(",".join(record).strip())
            continue
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise RawInputError(
                file, f"row has {len(record)} fields, the column row (line {header_line}) has {len(header)}", row=start
            )
        records.append(record)
        lines.append(start)
    if header is None:
        raise RawInputError(file, f"column row not found: no line starts with {HEADER_CELL!r}")
    repeated = sorted({c for c in header if header.count(c) > 1 and c in COLUMNS})
    if repeated:
        raise RawInputError(file, "column appears more than once", row=header_line, column=repeated[0])
    return pd.DataFrame(records, columns=header, dtype="str"), lines, preamble, header_line


def _numbers(frame: pd.DataFrame, column: str, lines: list[int], file: Path) -> pd.Series:
    """A numeric column, every value present, non-negative and (for INTEGERS) whole; errors give file lines."""
    text = frame[column].str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    checks = [
        (text == "", "value is blank"),
        (numbers.isna(), "value is not a number"),
        (numbers < 0, "value is negative"),
    ]
    if column in INTEGERS:
        checks.append((numbers % 1 != 0, "value is not a whole number"))
    for bad, problem in checks:
        raise_first(bad, file, problem, lines=lines, column=column, values=frame[column])
    return numbers.astype("int64") if column in INTEGERS else numbers.astype("float64")


def _parties(
    names_: pd.Series, column: str, lines: list[int], file: Path, names: NameResolver
) -> tuple[pd.Series, dict[str, int]]:
    """Country codes of a Supplier/Recipient column (NA for organisations, non-state actors, unknown), and
    the number of rows of each non-country kind."""
    codes, kinds = {}, {}
    for name in names_.unique():
        position = int((names_ == name).to_numpy().nonzero()[0][0])
        resolved = names.resolve(name, file=file, column=column, row=lines[position])
        codes[name] = resolved.code if resolved.kind == "country" else None
        kinds[name] = resolved.kind
    kind = names_.map(kinds)
    counts = kind[kind != "country"].value_counts().sort_index()
    return names_.map(codes).astype("str"), {k: int(n) for k, n in counts.items()}


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    file = raw.file(SOURCE, FILE)
    frame, lines, preamble, header_line = read_register(file)
    if UNIT_LINE not in preamble:
        raise RawInputError(file, f"the preamble does not state the unit ({UNIT_LINE!r})")
    require_columns(frame, COLUMNS, file)
    require_rows(frame, file)

    table = pd.DataFrame(index=frame.index)
    for column in NUMBERS:
        table[COLUMNS[column]] = _numbers(frame, column, lines, file)
    padded = {}
    for column in TEXT:
        stripped = frame[column].str.strip()
        padded[column] = int((stripped != frame[column]).sum())
        blank = stripped == ""
        if column not in OPTIONAL_TEXT:
            raise_first(blank, file, "value is blank", lines=lines, column=column)
        table[COLUMNS[column]] = stripped.where(~blank).astype("str")
    names = NameResolver(SOURCE, reference_dir)
    table["supplier"], supplier_kinds = _parties(table["supplier_name"], "Supplier", lines, file, names)
    table["recipient"], recipient_kinds = _parties(table["recipient_name"], "Recipient", lines, file, names)

    repeated = table.duplicated(KEY, keep=False)
    if repeated.any():
        first = table[repeated].sort_values(KEY).iloc[0]
        where = [
            lines[i]
            for i in table.index[repeated & (table["deal_id"] == first["deal_id"]) & (table["year"] == first["year"])]
        ]
        raise RawInputError(
            file,
            f"several rows for one deal and delivery year (lines {where})",
            row=where[0],
            column=HEADER_CELL,
            value=f"{first['deal_id']}, {first['year']}",
        )

    late_order = table["order_year"] > table["year"]
    late_lines = [lines[i] for i in table.index[late_order]]
    notes = [
        f"{len(table)} rows (one per deal and delivery year), {table['deal_id'].nunique()} deals, delivery years "
        f"{table['year'].min()}-{table['year'].max()}; column row found at line {header_line} "
        f"after {len(preamble)} preamble lines.",
        "Supplier and recipient codes are empty for organisations, non-state actors and unknown parties: "
        f"suppliers {supplier_kinds or 'none'}, recipients {recipient_kinds or 'none'} (rows of each kind).",
        f"{int(late_order.sum())} rows have an order year after their delivery year, kept as SIPRI gives them "
        f"(lines {late_lines}).",
        f"Leading or trailing spaces removed from {sum(padded.values())} text values "
        f"({', '.join(f'{c}: {n}' for c, n in padded.items() if n) or 'none'}).",
        f"TIV delivery values are SIPRI TIV millions as the file states ({UNIT_LINE!r}); smallest "
        f"{table['tiv_mn'].min()}, none blank.",
    ]
    return {"arms_transfers": Built(table[OUTPUT].sort_values(KEY, ignore_index=True), notes)}
