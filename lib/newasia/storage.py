"""Read and write one extract file (CSV or parquet) with the dtypes its schema declares."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newasia.errors import ExtractError, plain
from newasia.tables import Column, Table

BOOLEAN_TEXT = {"True": True, "False": False}


DTYPES = {"string": "str", "integer": "int64", "number": "float64", "boolean": "bool", "date": "datetime64[ns]"}
NULLABLE_DTYPES = {**DTYPES, "integer": "Int64", "boolean": "boolean"}


def dtype_of(column: Column) -> str:
    """The pandas dtype a column has once loaded (low-cardinality strings are categorical)."""
    if column.categorical:
        return "category"
    return (DTYPES if column.required else NULLABLE_DTYPES)[column.type]


def write_table(table: Table, frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` (already validated) to `path` deterministically: same frame, same bytes."""
    if table.format == "parquet":
        frame.to_parquet(path, index=False, compression="zstd")
        return
    out = frame.copy()
    for column in table.columns:
        if column.type == "date":
            out[column.name] = out[column.name].dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False, lineterminator="\n")


def _fail(path: Path, column: str, where: str, value: object, problem: str) -> ExtractError:
    return ExtractError(
        path,
        f"column {column!r}, {where}: value {plain(value)!r} {problem} (loading never changes a "
        "value to fit the schema)",
    )


def _first(mask: pd.Series) -> int:
    return int(mask.to_numpy(dtype=bool, na_value=False).nonzero()[0][0])


def _convert(series: pd.Series, column: Column, path: Path) -> pd.Series:
    """A CSV column (text) as its declared dtype; a value that does not convert exactly raises ExtractError
    naming the column, the line (1-based, the header is line 1) and the value."""
    dtype, blank = dtype_of(column), series.eq("")

    def fail(mask: pd.Series, problem: str) -> ExtractError:
        position = _first(mask)
        return _fail(path, column.name, f"line {position + 2}", series.iloc[position], problem)

    if column.type == "string":
        return series if column.required else series.where(~blank).astype(dtype)
    if column.type == "boolean":
        converted = series.map(BOOLEAN_TEXT)
        if (bad := converted.isna() & ~blank).any():
            raise fail(bad, "is not True or False")
        return converted.where(~blank).astype(dtype)
    if column.type == "date":
        converted = pd.to_datetime(series.where(~blank), format="%Y-%m-%d", errors="coerce")
        if (bad := converted.isna() & ~blank).any():
            raise fail(bad, "is not a date (YYYY-MM-DD)")
        return converted.astype(dtype)
    numbers = pd.to_numeric(series.where(~blank), errors="coerce")
    if (bad := numbers.isna() & ~blank).any():
        raise fail(bad, "is not a number")
    if column.type == "integer" and (bad := numbers.notna() & (numbers % 1 != 0)).any():
        raise fail(bad, "is not a whole number")
    return numbers.astype(dtype)


def _cast(series: pd.Series, column: Column, path: Path) -> pd.Series:
    """A parquet column as its declared dtype, only if no value changes; else ExtractError naming the column,
    the row (1-based) and the value."""
    dtype = dtype_of(column)
    if str(series.dtype) == dtype:
        return series
    textual = column.type == "string"
    if textual != (pd.api.types.is_string_dtype(series) or isinstance(series.dtype, pd.CategoricalDtype)):
        position = int(series.notna().to_numpy().argmax())
        raise _fail(
            path,
            column.name,
            f"row {position + 1}",
            series.iloc[position],
            f"has type {series.dtype}, not the schema's {column.type}",
        )
    try:
        converted = series.astype(dtype)
    except (ValueError, TypeError) as error:
        raise ExtractError(path, f"column {column.name!r}: cannot be read as {column.type} ({error})") from None
    if textual:
        return converted
    same = (converted == series).fillna(False) | (converted.isna() & series.isna())
    if not same.all():
        position = _first(~same)
        problem = "is not a whole number" if column.type == "integer" else f"would change when read as {dtype}"
        raise _fail(path, column.name, f"row {position + 1}", series.iloc[position], problem)
    return converted


def _check_header(table: Table, frame: pd.DataFrame, path: Path) -> None:
    found, expected = list(frame.columns), table.column_names
    if found == expected:
        return
    unexpected = [c for c in found if c not in expected]
    missing = [c for c in expected if c not in found]
    if unexpected or missing:
        problem = ", ".join(
            part
            for part in (
                f"unexpected column(s) {unexpected}" if unexpected else "",
                f"missing column(s) {missing}" if missing else "",
            )
            if part
        )
    else:
        problem = f"columns in the wrong order {found}"
    raise ExtractError(path, f"header does not match the schema: {problem}; expected {expected}")


def read_table(table: Table, path: Path) -> pd.DataFrame:
    """Read `path` and give every column the dtype its schema declares, never changing a value: a value that
    does not convert exactly (a fractional year, text in a number column) raises ExtractError."""
    if table.format == "parquet":
        frame = pd.read_parquet(path)
        _check_header(table, frame, path)
        for column in table.columns:
            frame[column.name] = _cast(frame[column.name], column, path)
        return frame
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    _check_header(table, frame, path)
    for column in table.columns:
        frame[column.name] = _convert(frame[column.name], column, path)
    return frame
