"""Validate a frame against its `Table` schema with pandera; failures name the file, column and values."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from newasia.errors import ExtractError
from newasia.storage import dtype_of
from newasia.tables import TABLES, Column, Table

UNIQUE_KEY = "unique primary key"


def _checks(column: Column) -> list[pa.Check]:
    checks = []
    if column.enum is not None:
        checks.append(pa.Check.isin(list(column.enum)))
    if column.minimum is not None:
        checks.append(pa.Check.ge(column.minimum))
    if column.maximum is not None:
        checks.append(pa.Check.le(column.maximum))
    if column.pattern is not None:
        checks.append(pa.Check.str_matches(column.pattern))
    return checks


def _key_is_unique(key: list[str]) -> pa.Check:
    # MultiIndex.is_unique is several times faster than pandera's row-wise `unique` on large tables.
    return pa.Check(lambda frame: pd.MultiIndex.from_frame(frame[key]).is_unique, name=UNIQUE_KEY)


@cache
def pandera_schema(table_name: str) -> pa.DataFrameSchema:
    """The pandera schema of a table: dtypes, nullability, allowed values, ranges, patterns, unique key."""
    table = TABLES[table_name]
    columns = {c.name: pa.Column(dtype_of(c), checks=_checks(c), nullable=not c.required) for c in table.columns}
    return pa.DataFrameSchema(
        columns, checks=[_key_is_unique(list(table.primary_key))], strict=True, ordered=True, name=table.name
    )


def _duplicate_keys(table: Table, frame: pd.DataFrame) -> str:
    key = list(table.primary_key)
    duplicated = frame.loc[frame.duplicated(key, keep=False), key].drop_duplicates().head(3)
    return ", ".join(repr(tuple(row)) for row in duplicated.itertuples(index=False))


def validate_frame(table: Table, frame: pd.DataFrame, file: object) -> pd.DataFrame:
    """Return `frame` if it satisfies the schema of `table`, else raise ExtractError naming what fails."""
    try:
        # inplace: the schema coerces nothing, so validating the frame itself spares a copy of every column
        return pandera_schema(table.name).validate(frame, lazy=True, inplace=True)
    except SchemaErrors as errors:
        lines = []
        for (column, check), group in errors.failure_cases.groupby(["column", "check"], dropna=False, sort=False):
            if check == UNIQUE_KEY:
                lines.append(f"duplicate {list(table.primary_key)} keys: {_duplicate_keys(table, frame)}")
                continue
            examples = ", ".join(repr(v) for v in group["failure_case"].drop_duplicates().head(5))
            lines.append(f"column {column!r} fails {check}: {examples}")
        raise ExtractError(file, "does not match its schema: " + "; ".join(lines[:10])) from None
