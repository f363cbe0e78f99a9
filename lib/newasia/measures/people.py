"""Measures of countries and people: World Bank indicators by data vintage (newasia.indicators) and
international students (newasia.education, OECD)."""

from __future__ import annotations

import pandas as pd

from newasia import data, education, indicators
from newasia.groups import name_of
from newasia.measures.core import Computed, Entity, Indicator, Vintage, Year, measure
from newasia.ranking import rank_of

INDICATOR_TABLES = ("indicators", "indicator_definitions")


def _unit(indicator: str) -> str:
    return data.indicator_definitions().set_index("indicator").loc[indicator, "unit"]


@measure(domain="indicators", tables=INDICATOR_TABLES)
def indicator_value(country: Entity, indicator: Indicator, year: Year, vintage: Vintage = "current") -> Computed:
    """A World Bank indicator for a country, year and vintage"""
    return Computed(
        indicators.value(country, indicator, year, vintage),
        _unit(indicator),
        f"World Bank WDI, {indicator}, {year}, vintage {vintage}",
    )


@measure(domain="indicators", tables=INDICATOR_TABLES)
def indicator_min(
    country: Entity, indicator: Indicator, start: Year, end: Year, vintage: Vintage = "current"
) -> Computed:
    """Lowest value of a World Bank indicator over a period"""
    values = indicators.series(country, indicator, vintage).loc[start:end].dropna()
    return Computed(
        float(values.min()),
        _unit(indicator),
        f"World Bank WDI, {indicator}, lowest value {start}-{end}, vintage {vintage}",
        {"lowest_year": int(values.idxmin()), "years": len(values)},
    )


def _oecd(year: int, what: str) -> str:
    return f"OECD EDU_ENRL_MOBILE, tertiary, {year}: {what}"


@measure(unit="students", domain="students")
def students(origin: Entity, host: Entity, year: Year) -> Computed:
    """International tertiary students from origin in host (OECD, corrected)"""
    table = education.origin_ranking(host, year)
    raw = table.loc[table["origin"] == origin, "students_in_extract"]
    return Computed(
        education.students(origin, host, year),
        basis=f"OECD EDU_ENRL_MOBILE, tertiary (ISCED 5-8), {year}, corrected (extract value halved)",
        detail={"extract_value_before_correction": int(raw.iloc[0]) if len(raw) else None},
    )


def _ranking(table: pd.DataFrame, column: str, n: int) -> dict:
    return {"ranking": list(zip(table[column].head(n), table["students"].head(n)))}


@measure(unit="rank", domain="students")
def students_origin_rank(origin: Entity, host: Entity, year: Year) -> Computed:
    """Rank of an origin among a host's international students"""
    table = education.origin_ranking(host, year)
    basis = _oecd(year, f"origins of {name_of(host)}'s international students")
    return Computed(rank_of(table, "origin", origin), basis=basis, detail=_ranking(table, "origin", 6))


@measure(unit="rank", domain="students")
def students_host_rank(origin: Entity, host: Entity, year: Year) -> Computed:
    """Rank of a host among the OECD destinations of an origin"""
    table = education.host_ranking(origin, year)
    basis = _oecd(year, f"OECD hosts of students from {name_of(origin)}")
    return Computed(rank_of(table, "host", host), basis=basis, detail=_ranking(table, "host", 5))


@measure(unit="hosts", domain="students")
def students_top_hosts(origin: Entity, year: Year, n: int = 2) -> Computed:
    """The n largest OECD hosts of students from an origin"""
    table = education.host_ranking(origin, year)
    return Computed(
        list(table["host"].head(n)),
        basis=_oecd(year, f"the {n} largest OECD hosts of students from {name_of(origin)}"),
        detail=_ranking(table, "host", 5),
    )
