"""Read and write one extract file (CSV or parquet) with the dtypes its schema declares."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newasia.tables import Column, Table
from newasia.validate import dtype_of

BOOLEAN_TEXT = {"True": True, "False": False}


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


def _convert(series: pd.Series, column: Column) -> pd.Series:
    dtype, blank = dtype_of(column), series.eq("")
    if column.type == "string":
        return series if column.required else series.where(~blank).astype(dtype)
    if column.type == "boolean":
        return series.map(BOOLEAN_TEXT).where(~blank).astype(dtype)
    if column.type == "date":
        return pd.to_datetime(series.where(~blank), format="%Y-%m-%d").astype(dtype)
    return pd.to_numeric(series.where(~blank)).astype(dtype)


def read_table(table: Table, path: Path) -> pd.DataFrame:
    """Read `path` and give every column the dtype its schema declares."""
    if table.format == "parquet":
        frame = pd.read_parquet(path)
        return frame.astype({c.name: dtype_of(c) for c in table.columns if c.name in frame})
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    for column in table.columns:
        if column.name in frame:
            frame[column.name] = _convert(frame[column.name], column)
    return frame
