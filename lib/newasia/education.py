"""International tertiary students (OECD) by origin and host, corrected for the extract's doubling."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from newasia import data
from newasia.ranking import rank_desc


def students(origin: str, host: str, year: int) -> float:
    """Students from `origin` enrolled in tertiary education in `host` in `year` (corrected)."""
    table = data.students()
    match = table[(table["origin"] == origin) & (table["host"] == host) & (table["year"] == year)]
    return float(match["students"].iloc[0]) if len(match) else np.nan


def origin_ranking(host: str, year: int) -> pd.DataFrame:
    """Countries of origin ranked by students in `host` in `year`."""
    table = data.students()
    table = table[(table["host"] == host) & (table["year"] == year)].sort_values("students", ascending=False)
    out = table[["origin", "students", "students_in_extract"]].reset_index(drop=True)
    out["rank"] = rank_desc(out["students"])
    return out


def host_ranking(origin: str, year: int) -> pd.DataFrame:
    """Host countries (OECD reporters) ranked by students from `origin` in `year`."""
    table = data.students()
    table = table[(table["origin"] == origin) & (table["year"] == year)].sort_values("students", ascending=False)
    out = table[["host", "students"]].reset_index(drop=True)
    out["share_pct"] = 100 * out["students"] / out["students"].sum()
    out["rank"] = rank_desc(out["students"])
    return out


def hosts_by_year(origin: str, years: Iterable[int], top: int = 5) -> pd.DataFrame:
    """Students from `origin` in its `top` OECD hosts (by the last year), one column per host, one row per year."""
    table = data.students()
    table = table[(table["origin"] == origin) & table["year"].isin(list(years))]
    wide = table.pivot_table(index="year", columns="host", values="students", aggfunc="sum")
    leaders = wide.iloc[-1].sort_values(ascending=False).index[:top]
    return wide[leaders]


def years() -> list[int]:
    """The years the OECD extract covers."""
    return sorted(int(y) for y in data.students()["year"].unique())


def extract_and_corrected(origin: str, hosts: Iterable[str], years: Iterable[int]) -> pd.DataFrame:
    """Students from `origin` in each host and year: the extract's (doubled) value, the corrected value, and
    whether halving is exact for that host and year (False: some sub-levels were missing, a lower bound)."""
    table = data.students()
    table = table[(table["origin"] == origin) & table["host"].isin(list(hosts)) & table["year"].isin(list(years))]
    columns = ["host", "year", "students_in_extract", "students", "exact_correction"]
    return table[columns].sort_values(["host", "year"], ignore_index=True)


def extract_even_share(host: str, year: int) -> float:
    """Share (percent) of the positive values of the extract for a host and year that are even: about half for
    genuine head counts, all of them where every value is a total added to its complete sub-levels."""
    table = data.students()
    values = table.loc[(table["host"] == host) & (table["year"] == year), "students_in_extract"]
    positive = values[values > 0]
    return 100 * float((positive % 2 == 0).mean()) if len(positive) else float("nan")
