"""Bilateral and group-to-group merchandise trade from either side's figures.

Every function takes countries or groups (group membership is taken each year on 31 December, or on one fixed
date) and a `side`:

- "reporter": the figures of the countries named first (their exports FOB, their imports CIF);
- "partner": the mirror figures of the other side (A's exports to B as B's imports from A, and vice versa);
- "reporter+mirror": reporter figures, with mirror figures for a member of A that reports nothing of that flow
  with B that year (e.g. Taiwan, which reports nothing to the IMF);
- "exporters": each direction as its exporter reports it (A's exports from A, A's imports from B's exports),
  both FOB; the only side that gives totals for 2021, where UN Comtrade has exports only.

Values are US$ million. Trade with WORLD uses the IMF's own "World" totals, so it includes trade with areas
the IMF does not allocate to a country.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
import pandas as pd

from newasia import data
from newasia.groups import WORLD, check_entity, membership_by_year

SIDES = ("reporter", "partner", "reporter+mirror", "exporters")
FLOWS = ("exports", "imports", "total", "balance")
OPPOSITE = {"exports": "imports", "imports": "exports"}


def _years(years: int | Iterable[int] | None) -> list[int]:
    if years is None:
        return list(range(1960, 2022))
    if isinstance(years, (int, np.integer)):
        return [int(years)]
    return [int(y) for y in years]


def _pick(table: pd.DataFrame, reporters: pd.DataFrame, partners: pd.DataFrame, member_of_a: str) -> pd.DataFrame:
    """Rows of `table` whose reporter and partner are members (that year) of the given sets.

    Returns (year, member, value_usd_mn) where member is the `member_of_a` column: the country of A whose
    trade the row measures.
    """
    table = table[table["reporter"].isin(reporters["code"].unique()) & table["partner"].isin(partners["code"].unique())]
    picked = (table.merge(reporters, left_on=["year", "reporter"], right_on=["year", "code"]).drop(columns="code")
              .merge(partners, left_on=["year", "partner"], right_on=["year", "code"]))
    return picked[["year", member_of_a, "value_usd_mn"]].rename(columns={member_of_a: "member"}).astype(
        {"member": "str"})


def _world_code(members: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"year": members["year"].unique(), "code": "world"})


def _reporter_side(a: pd.DataFrame, b: pd.DataFrame | None, flow: str) -> pd.DataFrame:
    if b is None:
        table = data.trade_aggregates()
        return _pick(table[table["flow"] == flow], a, _world_code(a), "reporter")
    table = data.trade()
    return _pick(table[table["flow"] == flow], a, b, "reporter")


def _partner_side(a: pd.DataFrame, b: pd.DataFrame | None, flow: str) -> pd.DataFrame:
    if b is None:
        table = data.trade_aggregates()
        return _pick(table[table["flow"] == OPPOSITE[flow]], _world_code(a), a, "partner")
    table = data.trade()
    return _pick(table[table["flow"] == OPPOSITE[flow]], b, a, "partner")


def _reporting(members: pd.DataFrame) -> set[tuple[int, str]]:
    """(year, code) of the members that report any trade to the IMF or Comtrade that year."""
    table = data.trade_aggregates()
    reported = table.loc[table["partner"] == "world", ["year", "reporter"]].drop_duplicates()
    reported = reported.rename(columns={"reporter": "code"}).astype({"code": "str"}).merge(members)
    return set(zip(reported["year"], reported["code"]))


def _flow_rows(a: pd.DataFrame, b: pd.DataFrame | None, flow: str, side: str) -> pd.DataFrame:
    """(year, member of A, value) of A's `flow` with B from the chosen side."""
    if side == "reporter" or (side == "exporters" and flow == "exports"):
        return _reporter_side(a, b, flow)
    mirror = _partner_side(a, b, flow)
    if side in ("partner", "exporters"):
        return mirror
    own = _reporter_side(a, b, flow)
    reported = set(zip(own["year"], own["member"]))
    silent = [(y, m) not in reported for y, m in zip(mirror["year"], mirror["member"])]
    return pd.concat([own, mirror[silent]], ignore_index=True)


def _members(entity: str, years: Sequence[int], fixed_on: str | None) -> pd.DataFrame | None:
    return None if entity == WORLD else membership_by_year(entity, years, fixed_on)


def trade(a: str, b: str, years: int | Iterable[int] | None = None, side: str = "reporter",
          fixed_on: str | None = None) -> pd.DataFrame:
    """A's trade with B by year: exports, imports, total (= exports + imports) and balance (= exports - imports).

    A and B are country codes or group ids; B may be WORLD. A year where nothing is recorded is left out.
    """
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, not {side!r}")
    if a == WORLD:
        raise ValueError("A must be a country or a group; put WORLD second")
    check_entity(a), check_entity(b)
    wanted = _years(years)
    return _all_years(a, b, side, fixed_on).reindex(wanted).dropna(how="all").rename_axis("year")


@cache
def _all_years(a: str, b: str, side: str, fixed_on: str | None) -> pd.DataFrame:
    years = _years(None)
    members_a, members_b = _members(a, years, fixed_on), _members(b, years, fixed_on)
    columns = {flow: _flow_rows(members_a, members_b, flow, side).groupby("year")["value_usd_mn"].sum()
               for flow in ("exports", "imports")}
    out = pd.DataFrame(columns).reindex(years)
    out["total"] = out["exports"] + out["imports"]
    out["balance"] = out["exports"] - out["imports"]
    return out


def value(a: str, b: str, year: int, flow: str = "total", side: str = "reporter",
          fixed_on: str | None = None) -> float:
    """One number: A's `flow` (exports, imports, total, balance) with B in `year`; NaN if not recorded."""
    if flow not in FLOWS:
        raise ValueError(f"flow must be one of {FLOWS}, not {flow!r}")
    table = trade(a, b, year, side, fixed_on)
    return float(table[flow].get(year, np.nan))


def share(a: str, b: str, of: str = WORLD, years: int | Iterable[int] | None = None, flow: str = "total",
          side: str = "reporter", fixed_on: str | None = None, exclude_intra: bool = False) -> pd.Series:
    """B's share of A's trade with `of` (WORLD by default), in percent, by year.

    `exclude_intra` takes A's trade among its own members out of the denominator (a group's extra-group trade).
    """
    part = trade(a, b, years, side, fixed_on)[flow]
    whole = trade(a, of, years, side, fixed_on)[flow]
    if exclude_intra:
        whole = whole - trade(a, a, years, side, fixed_on)[flow].reindex(whole.index).fillna(0.0)
    return (100 * part / whole).dropna().rename("share_pct")


def partner_ranking(a: str, candidates: Iterable[str], year: int, flow: str = "total",
                    side: str = "reporter") -> pd.DataFrame:
    """Candidates (countries or groups) ranked by A's `flow` with each in `year`, largest first."""
    rows = [(c, value(a, c, year, flow, side)) for c in candidates]
    ranked = pd.DataFrame(rows, columns=["partner", "value_usd_mn"]).sort_values(
        "value_usd_mn", ascending=False, ignore_index=True)
    ranked["rank"] = ranked["value_usd_mn"].rank(ascending=False, method="min").astype("Int64")
    return ranked


def top_partners(a: str, year: int, flow: str = "total", n: int = 10, side: str = "reporter") -> pd.DataFrame:
    """A's `n` largest partner countries in `year` with their share of A's trade with the world (percent)."""
    check_entity(a)
    members = membership_by_year(a, [year])
    if side == "reporter":
        table = data.trade()
        table = table[(table["year"] == year) & table["reporter"].isin(members["code"])]
        table = table.astype({"partner": "str", "flow": "str"})
        by = table.pivot_table(index="partner", columns="flow", values="value_usd_mn", aggfunc="sum",
                               observed=True).fillna(0.0)
    else:
        table = data.trade()
        table = table[(table["year"] == year) & table["partner"].isin(members["code"])]
        table = table.astype({"reporter": "str", "flow": "str"})
        by = table.pivot_table(index="reporter", columns="flow", values="value_usd_mn", aggfunc="sum",
                               observed=True).fillna(0.0).rename(columns=OPPOSITE)
        by.index.name = "partner"
    by = by.drop(index=[c for c in members["code"] if c in by.index])
    by["total"] = by.get("exports", 0.0) + by.get("imports", 0.0)
    world = value(a, WORLD, year, flow, side)
    ranked = by[flow].sort_values(ascending=False).head(n).rename("value_usd_mn").reset_index()
    ranked["share_pct"] = 100 * ranked["value_usd_mn"] / world
    ranked["rank"] = range(1, len(ranked) + 1)
    return ranked


def intraregional_share(group: str, years: int | Iterable[int] | None = None, side: str = "reporter",
                        fixed_on: str | None = None) -> pd.Series:
    """Intra-group trade over the group's total trade with the world, both exports + imports, percent.

    The ADB's definition for its regional members: (X_ii + M_ii) / (X_iw + M_iw).
    """
    intra = trade(group, group, years, side, fixed_on)["total"]
    total = trade(group, WORLD, years, side, fixed_on)["total"]
    return (100 * intra / total).dropna().rename("intraregional_share_pct")


def non_reporting(group: str, year: int, fixed_on: str | None = None) -> list[str]:
    """Members of `group` that report no trade with the world that year (their trade is known only from
    their partners' mirror figures)."""
    members = membership_by_year(group, [year], fixed_on)
    reporting = {code for y, code in _reporting(members)}
    return sorted(set(members["code"]) - reporting)


def growth_by_partner(a: str, partners: Iterable[str], start: int, end: int, side: str = "reporter") -> pd.DataFrame:
    """For each partner: A's total trade with it in `start` and `end`, cumulative change and compound annual
    growth (percent)."""
    rows = []
    for partner in partners:
        both = trade(a, partner, [start, end], side)["total"]
        first, last = both.get(start, np.nan), both.get(end, np.nan)
        rows.append({"partner": partner, "start_usd_mn": first, "end_usd_mn": last,
                     "cumulative_pct": 100 * (last / first - 1),
                     "annual_pct": 100 * ((last / first) ** (1 / (end - start)) - 1)})
    return pd.DataFrame(rows)
