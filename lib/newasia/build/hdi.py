"""UNDP Human Development Report 2023/24: HDI and its components, 1990-2022, from the wide time-series CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newasia.build import Built
from newasia.build.raw import CountryCodes, RawSources, raise_first, read_csv, to_number
from newasia.reference import NAMES_FILE

SOURCE = "undp-hdi"
FILE = "HDR23-24_Composite_indices_complete_time_series.csv"
ENCODING = "utf-8-sig"
INDICATORS = ("hdi", "le", "eys", "mys", "gnipc")
YEARS = range(1990, 2023)
MAXIMUM = {"hdi": 1.0}  # an index; the other indicators have no natural upper bound
KEY = ["country", "indicator", "year"]


def value_columns() -> list[str]:
    """The wide file's columns the build reads: <indicator>_<year> for every indicator and year."""
    return [f"{indicator}_{year}" for indicator in INDICATORS for year in YEARS]


def read_wide(file: Path) -> pd.DataFrame:
    frame = read_csv(file, ["iso3", "country", *value_columns()], encoding=ENCODING)
    duplicated = frame["iso3"].duplicated()
    raise_first(duplicated, file, "repeated country code", column="iso3", values=frame["iso3"])
    return frame


def _check_range(numbers: pd.Series, frame: pd.DataFrame, column: str, indicator: str, file: Path) -> None:
    bad = numbers < 0
    if indicator in MAXIMUM:
        bad |= numbers > MAXIMUM[indicator]
    limits = f"0 to {MAXIMUM[indicator]:g}" if indicator in MAXIMUM else "0 or more"
    raise_first(bad, file, f"value out of range (expected {limits})", column=column, values=frame[column])


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    file = raw.file(SOURCE, FILE)
    frame = read_wide(file)
    is_country = CountryCodes(SOURCE, reference_dir).is_country(frame["iso3"], file, "iso3")
    parts = []
    for column in value_columns():
        indicator, year = column.rsplit("_", 1)
        numbers = to_number(frame, column, file)
        _check_range(numbers, frame, column, indicator, file)
        parts.append(
            pd.DataFrame(
                {
                    "country": frame["iso3"],
                    "indicator": indicator,
                    "year": int(year),
                    "value": numbers,
                    "is_country": is_country,
                }
            )
        )
    long = pd.concat(parts, ignore_index=True)
    countries_only = long[long["is_country"]]
    blank = countries_only["value"].isna()
    hdi = (
        countries_only[~blank][["country", "indicator", "year", "value"]]
        .astype({"country": "str", "indicator": "str", "year": "int64", "value": "float64"})
        .sort_values(KEY, ignore_index=True)
    )
    aggregates = frame.loc[~is_country, "iso3"]
    per_indicator = countries_only[blank].groupby("indicator").size().reindex(list(INDICATORS), fill_value=0)
    notes = [
        f"Dropped {len(aggregates)} rows of UNDP aggregates ({', '.join(aggregates)}: listed as aggregates of "
        f"'{SOURCE}' in data/reference/{NAMES_FILE}), {int(long.loc[~long['is_country'], 'value'].notna().sum())} "
        "values.",
        f"Dropped {int(blank.sum())} blank country values ("
        + ", ".join(f"{indicator} {count}" for indicator, count in per_indicator.items())
        + ").",
        f"Kept {hdi['country'].nunique()} countries; read only the columns "
        f"{{{','.join(INDICATORS)}}}_{YEARS[0]}..{YEARS[-1]} of the wide file.",
    ]
    return {"hdi": Built(hdi, notes)}
