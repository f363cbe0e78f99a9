"""World Bank indicators by country, year and data vintage."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from newasia import data


def value(country: str, indicator: str, year: int, vintage: str = "current") -> float:
    """One value; NaN where the vintage has none."""
    table = data.indicators()
    match = table[(table["country"] == country) & (table["indicator"] == indicator) & (table["year"] == year)
                  & (table["vintage"] == vintage)]
    return float(match["value"].iloc[0]) if len(match) else np.nan


def series(country: str, indicator: str, vintage: str = "current") -> pd.Series:
    """All years of one indicator for one country and vintage."""
    table = data.indicators()
    match = table[(table["country"] == country) & (table["indicator"] == indicator) & (table["vintage"] == vintage)]
    return match.set_index("year")["value"].sort_index()


def vintage_comparison(country: str, indicators: Iterable[str], year: int,
                       vintages: tuple[str, str] = ("2018-08", "current")) -> pd.DataFrame:
    """One row per indicator: its name and unit, the value in each vintage, and the revision in percent."""
    definitions = data.indicator_definitions().set_index("indicator")
    rows = []
    for indicator in indicators:
        old, new = (value(country, indicator, year, v) for v in vintages)
        rows.append({"indicator": indicator, "name": definitions.loc[indicator, "name"],
                     "unit": definitions.loc[indicator, "unit"], vintages[0]: old, vintages[1]: new,
                     "revision_pct": 100 * (new / old - 1) if old else np.nan})
    return pd.DataFrame(rows)


def latest(country: str, indicator: str, up_to: int, vintage: str) -> tuple[int, float]:
    """(year, value) of the latest value at or before `up_to` in a vintage: what a reader could see."""
    found = series(country, indicator, vintage).loc[:up_to].dropna()
    if found.empty:
        return up_to, np.nan
    return int(found.index[-1]), float(found.iloc[-1])
