"""World Bank indicators by country, year and data vintage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from newasia import data
from newasia.ranking import rank_desc


def value(country: str, indicator: str, year: int, vintage: str = "current") -> float:
    """One value; NaN where the vintage has none."""
    table = data.indicators()
    match = table[
        (table["country"] == country)
        & (table["indicator"] == indicator)
        & (table["year"] == year)
        & (table["vintage"] == vintage)
    ]
    return float(match["value"].iloc[0]) if len(match) else np.nan


def series(country: str, indicator: str, vintage: str = "current") -> pd.Series:
    """All years of one indicator for one country and vintage."""
    table = data.indicators()
    match = table[(table["country"] == country) & (table["indicator"] == indicator) & (table["vintage"] == vintage)]
    return match.set_index("year")["value"].sort_index()


US_CPI = ("USA", "fp.cpi.totl.zg")


def price_change(start: int, end: int, deflator: tuple[str, str] = US_CPI) -> float:
    """How much prices rose from `start` to `end` (1.10 = +10%), compounded from an annual inflation rate
    (default: US consumer prices, the usual deflator for values in US$); ValueError where a year is missing."""
    rates = series(*deflator).loc[start + 1 : end]
    if len(rates.dropna()) != end - start:
        raise ValueError(f"{deflator[1]} for {deflator[0]} does not cover {start + 1}-{end}")
    return float(np.prod(1 + rates.to_numpy() / 100))


def latest(country: str, indicator: str, up_to: int, vintage: str) -> tuple[int, float]:
    """(year, value) of the latest value at or before `up_to` in a vintage: what a reader could see."""
    found = series(country, indicator, vintage).loc[:up_to].dropna()
    if found.empty:
        return up_to, np.nan
    return int(found.index[-1]), float(found.iloc[-1])


def today(
    country: str, indicator: str, year: int, vintages: Sequence[str] = ("current", "2026-03")
) -> tuple[float, str]:
    """(value, vintage): the value for `year` from the first of `vintages` that has one; (NaN, first vintage)
    if none has. The current mirror lacks some series (e.g. Viet Nam's remittances after 2004) that the
    2026-03 vintage holds."""
    for vintage in vintages:
        found = value(country, indicator, year, vintage)
        if not np.isnan(found):
            return found, vintage
    return np.nan, vintages[0]


def seen_and_revised(
    country: str,
    indicators: Iterable[str],
    year: int,
    then: str = "2018-08",
    now: Sequence[str] = ("current", "2026-03"),
) -> pd.DataFrame:
    """One row per indicator: its name and unit; its value for `year` today (see `today`) and the vintage it comes
    from; the latest year at or before `year` in the `then` vintage with the value it had there (what a reader
    could see); today's value for that same year; and the revision: in percent for levels, in points (the
    difference) for indicators measured in percent."""
    definitions = data.indicator_definitions().set_index("indicator")
    rows = []
    for indicator in indicators:
        unit = definitions.loc[indicator, "unit"]
        value_now, vintage = today(country, indicator, year, now)
        seen_year, seen = latest(country, indicator, year, then)
        revised, _ = today(country, indicator, seen_year, now)
        in_percent = "%" in unit
        rows.append(
            {
                "indicator": indicator,
                "name": definitions.loc[indicator, "name"],
                "unit": unit,
                "value": value_now,
                "vintage": vintage,
                "seen_year": seen_year,
                "seen_value": seen,
                "revised_value": revised,
                "revision_pct": np.nan if in_percent else 100 * (revised / seen - 1),
                "revision_points": revised - seen if in_percent else np.nan,
            }
        )
    return pd.DataFrame(rows)


def hdi_rank(country: str, year: int, indicator: str = "hdi") -> tuple[float, int, int]:
    """(value, rank, number of countries ranked) of one UNDP HDI series (hdi, le, eys, mys, gnipc) in `year`,
    rank 1 the highest; (NaN, 0, countries) when the country has no value."""
    table = data.hdi()
    table = table[(table["indicator"] == indicator) & (table["year"] == year)].set_index("country")["value"]
    if country not in table.index:
        return np.nan, 0, len(table)
    return float(table[country]), int(rank_desc(table)[country]), len(table)


DISPLAY_UNITS = {"current US$": (1e9, "current US$ billion"), "persons": (1e6, "million persons")}


def readable(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """A copy of a frame with a `unit` column whose `columns` are rescaled for reading: current US$ to
    billions, persons to millions (the unit column says so); other units are left as they are."""
    out, columns = frame.copy(), list(columns)
    for unit, (divisor, label) in DISPLAY_UNITS.items():
        rows = out["unit"] == unit
        out.loc[rows, columns] = out.loc[rows, columns] / divisor
        out.loc[rows, "unit"] = label
    return out
