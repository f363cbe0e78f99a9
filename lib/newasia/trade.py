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

from collections.abc import Iterable

import numpy as np
import pandas as pd

from newasia import coverage, data
from newasia.groups import WORLD, check_entity, is_group, members, members_each_year, membership_by_year
from newasia.ranking import rank_desc

SIDES = ("reporter", "partner", "reporter+mirror", "exporters")
SIDE_LABELS = {
    "reporter": "reporter's own figures",
    "partner": "partner's mirror figures",
    "reporter+mirror": "reporter's figures, mirror for non-reporters",
    "exporters": "each direction as its exporter reports it",
}
FLOWS = ("exports", "imports", "total", "balance")
OPPOSITE = {"exports": "imports", "imports": "exports"}


def _years(years: int | Iterable[int] | None) -> list[int]:
    if years is None:
        return list(range(1960, 2022))
    if isinstance(years, (int, np.integer)):
        return [int(years)]
    return [int(y) for y in years]


@data.derived
def _axis() -> tuple[int, ...]:
    """Every year of the trade extract (first to last, from newasia.coverage): the year axis of the arrays below."""
    first, last = coverage.years("trade")
    return tuple(range(first, last + 1))


class _Flow:
    """One flow of one trade table as arrays: reporter and partner codes, year and value of each row.

    Codes are positions in the shared code list (_codes()); `year_at` is the year's position in _axis() (-1 outside).
    Selected rows are kept in table order, so sums over them add the same numbers in the same order as a filter of
    the table would.
    """

    def __init__(self, name: str, flow: str) -> None:
        table = _table(name)
        rows = (table["flow"] == flow).to_numpy()
        self.reporter, self.partner = (_coded(name, column)[rows] for column in ("reporter", "partner"))
        self.year = table["year"].to_numpy(np.int64)[rows]
        self.value = table["value_usd_mn"].to_numpy(np.float64)[rows]
        axis = _axis()
        self.year_at = np.where((self.year >= axis[0]) & (self.year <= axis[-1]), self.year - axis[0], -1)

    def positions(self, column: str, wanted: np.ndarray) -> np.ndarray:
        """Row positions (ascending, i.e. in table order) whose `column` code is one of `wanted`: one pass over
        the codes (a few milliseconds; each entity's rows are then kept by _rows_of)."""
        chosen = np.zeros(len(_codes()), dtype=bool)
        chosen[wanted] = True
        return np.flatnonzero(chosen[getattr(self, column)])


def _table(name: str) -> pd.DataFrame:
    return data.trade() if name == "trade" else data.trade_aggregates()


@data.derived
def _coded(name: str, column: str) -> np.ndarray:
    """Positions in _codes() of one column's values (categorical, as loaded, or plain strings), for every row of
    trade table `name`; built once per process."""
    values = _table(name)[column]
    values = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    return _codes().get_indexer(values.cat.categories)[values.cat.codes.to_numpy()].astype(np.int64)


@data.derived
def _codes() -> pd.Index:
    """Every reporter and partner code of both trade tables (countries, aggregates, "world")."""
    found: set[str] = set()
    for table in (_table("trade"), _table("trade_aggregates")):
        for column in ("reporter", "partner"):
            values = table[column]
            found.update(
                str(v)
                for v in (values.cat.categories if isinstance(values.dtype, pd.CategoricalDtype) else values.unique())
            )
    return pd.Index(sorted(found), dtype="str")


@data.derived
def _flow(table: str, flow: str) -> _Flow:
    """The index of one flow of `trade` or `trade_aggregates`, built once per process."""
    return _Flow(table, flow)


@data.derived
def _membership(entity: str, fixed_on: str | None) -> np.ndarray:
    """Boolean matrix (year in _axis(), code in _codes()): is the code a member of `entity` that year (WORLD: the
    code "world" every year)."""
    codes = _codes()
    matrix = np.zeros((len(_axis()), len(codes)), dtype=bool)
    if entity == WORLD:
        matrix[:, codes.get_indexer(["world"])] = "world" in codes
        return matrix
    if not is_group(entity) or fixed_on is not None:  # a country is itself; a fixed date, the same every year
        at = codes.get_indexer([entity] if not is_group(entity) else members(entity, fixed_on))
        matrix[:, at[at >= 0]] = True
        return matrix
    for code, flags in members_each_year(entity, _axis()).items():
        at = codes.get_indexer([code])[0]
        if at >= 0:
            matrix[flags, at] = True
    return matrix


@data.derived
def _rows_of(table: str, flow: str, column: str, entity: str, fixed_on: str | None) -> tuple[np.ndarray, ...]:
    """Rows of one flow whose `column` (reporter or partner) is a member of `entity` that year: (year position,
    member code, other side's code, value), in table order. Built once per entity and reused for every other
    side it is paired with (a ranking's candidates, a share's numerator and denominator)."""
    index = _flow(table, flow)
    mine = _membership(entity, fixed_on)
    rows = index.positions(column, np.flatnonzero(mine.any(axis=0)))
    other = "partner" if column == "reporter" else "reporter"
    year_at, member, opposite = index.year_at[rows], getattr(index, column)[rows], getattr(index, other)[rows]
    keep = (year_at >= 0) & mine[np.maximum(year_at, 0), member]
    return year_at[keep], member[keep], opposite[keep], index.value[rows][keep]


def _side(a: str, b: str, flow: str, mirror: bool, fixed_on: str | None) -> tuple[np.ndarray, ...]:
    """(year position, member of A, value) of A's `flow` with B from A's own figures or (mirror) from B's."""
    table = "trade_aggregates" if b == WORLD else "trade"
    if mirror:
        flow, column = OPPOSITE[flow], "partner"
    else:
        column = "reporter"
    year_at, member, opposite, value = _rows_of(table, flow, column, a, fixed_on)
    keep = _membership(b, fixed_on)[year_at, opposite]
    return year_at[keep], member[keep], value[keep]


def _flow_rows(a: str, b: str, flow: str, side: str, fixed_on: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(year position, value) of A's `flow` with B from the chosen side, in the order the rows are added."""
    if side == "reporter" or (side == "exporters" and flow == "exports"):
        year_at, _, value = _side(a, b, flow, False, fixed_on)
        return year_at, value
    year_at, member, value = _side(a, b, flow, True, fixed_on)
    if side in ("partner", "exporters"):
        return year_at, value
    own_year, own_member, own_value = _side(a, b, flow, False, fixed_on)
    width = len(_codes())
    silent = ~np.isin(year_at * width + member, own_year * width + own_member)
    return np.concatenate([own_year, year_at[silent]]), np.concatenate([own_value, value[silent]])


def _reporting(members: pd.DataFrame) -> set[tuple[int, str]]:
    """(year, code) of the members that report any trade to the IMF or Comtrade that year."""
    table = data.trade_aggregates()
    reported = table.loc[table["partner"] == "world", ["year", "reporter"]].drop_duplicates()
    reported = reported.rename(columns={"reporter": "code"}).astype({"code": "str"}).merge(members)
    return set(zip(reported["year"], reported["code"]))


def trade(
    a: str, b: str, years: int | Iterable[int] | None = None, side: str = "reporter", fixed_on: str | None = None
) -> pd.DataFrame:
    """A's trade with B by year: exports, imports, total (= exports + imports) and balance (= exports - imports).

    A and B are country codes or group ids; B may be WORLD. A year where nothing is recorded is left out.
    """
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, not {side!r}")
    if a == WORLD:
        raise ValueError("A must be a country or a group; put WORLD second")
    check_entity(a), check_entity(b)
    found = _all_years(a, b, side, fixed_on).reindex(_years(years))
    return found[~np.isnan(found.to_numpy(np.float64)).all(axis=1)]  # the years where something is recorded


@data.derived
def _all_years(a: str, b: str, side: str, fixed_on: str | None) -> pd.DataFrame:
    years = list(_axis())
    columns = {}
    for flow in ("exports", "imports"):
        year_at, value = _flow_rows(a, b, flow, side, fixed_on)
        columns[flow] = pd.Series(value, index=np.asarray(years, dtype=np.int64)[year_at]).groupby(level=0).sum()
    out = pd.DataFrame(columns).reindex(years).rename_axis("year")
    out["total"] = out["exports"] + out["imports"]
    out["balance"] = out["exports"] - out["imports"]
    return out


def value(a: str, b: str, year: int, flow: str = "total", side: str = "reporter", fixed_on: str | None = None) -> float:
    """One number: A's `flow` (exports, imports, total, balance) with B in `year`; NaN if not recorded."""
    if flow not in FLOWS:
        raise ValueError(f"flow must be one of {FLOWS}, not {flow!r}")
    table = trade(a, b, year, side, fixed_on)
    return float(table[flow].get(year, np.nan))


def share(
    a: str,
    b: str,
    of: str = WORLD,
    years: int | Iterable[int] | None = None,
    flow: str = "total",
    side: str = "reporter",
    fixed_on: str | None = None,
    exclude_intra: bool = False,
) -> pd.Series:
    """B's share of A's trade with `of` (WORLD by default), in percent, by year.

    `exclude_intra` takes A's trade among its own members out of the denominator (a group's extra-group trade).
    """
    part = trade(a, b, years, side, fixed_on)[flow]
    whole = trade(a, of, years, side, fixed_on)[flow]
    if exclude_intra:
        whole = whole - trade(a, a, years, side, fixed_on)[flow].reindex(whole.index).fillna(0.0)
    return (100 * part / whole).dropna().rename("share_pct")


def partner_ranking(
    a: str, candidates: Iterable[str], year: int, flow: str = "total", side: str = "reporter"
) -> pd.DataFrame:
    """Candidates (countries or groups) ranked by A's `flow` with each in `year`, largest first."""
    rows = [(c, value(a, c, year, flow, side)) for c in candidates]
    ranked = pd.DataFrame(rows, columns=["partner", "value_usd_mn"]).sort_values(
        "value_usd_mn", ascending=False, ignore_index=True
    )
    ranked["rank"] = rank_desc(ranked["value_usd_mn"])
    return ranked


def top_partners(a: str, year: int, flow: str = "total", n: int = 10, side: str = "reporter") -> pd.DataFrame:
    """A's `n` largest partner countries in `year` with their share of A's trade with the world (percent)."""
    check_entity(a)
    members = membership_by_year(a, [year])
    column = "reporter" if side == "reporter" else "partner"
    codes, rows = _codes(), []
    for table_flow in ("exports", "imports"):
        year_at, _, opposite, values = _rows_of("trade", table_flow, column, a, None)
        at = year_at == year - _axis()[0]
        flow_of_a = table_flow if side == "reporter" else OPPOSITE[table_flow]
        rows.append(pd.DataFrame({"partner": codes[opposite[at]], "flow": flow_of_a, "value_usd_mn": values[at]}))
    # summed as pivot_table sums them (its order of additions; a plain groupby differs in the last bits)
    by = (
        pd.concat(rows, ignore_index=True)
        .pivot_table(index="partner", columns="flow", values="value_usd_mn", aggfunc="sum")
        .fillna(0.0)
    )
    by = by.drop(index=[c for c in members["code"] if c in by.index])
    by["total"] = by.get("exports", 0.0) + by.get("imports", 0.0)
    world = value(a, WORLD, year, flow, side)
    ranked = by[flow].sort_values(ascending=False).head(n).rename("value_usd_mn").reset_index()
    ranked["share_pct"] = 100 * ranked["value_usd_mn"] / world
    ranked["rank"] = rank_desc(ranked["value_usd_mn"])
    return ranked


def intraregional_share(
    group: str, years: int | Iterable[int] | None = None, side: str = "reporter", fixed_on: str | None = None
) -> pd.Series:
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
        rows.append(
            {
                "partner": partner,
                "start_usd_mn": first,
                "end_usd_mn": last,
                "cumulative_pct": 100 * (last / first - 1),
                "annual_pct": 100 * ((last / first) ** (1 / (end - start)) - 1),
            }
        )
    return pd.DataFrame(rows)


CUMULATIVE, ANNUAL = "cumulative change (%)", "per year, compound (%)"


def growth_by_side(
    a: str, partners: Iterable[str], start: int, end: int, sides: Iterable[str] = ("reporter", "partner")
) -> pd.DataFrame:
    """growth_by_partner from each side's figures, one row per (reading, partner): the reading labelled with
    SIDE_LABELS, values in US$ billion, so that every notebook shows the same table with the same labels."""
    partners = list(partners)
    frame = pd.concat(
        {SIDE_LABELS[side]: growth_by_partner(a, partners, start, end, side).set_index("partner") for side in sides},
        names=["reading", "partner"],
    )
    frame[["start_usd_mn", "end_usd_mn"]] /= 1000
    names = {"start_usd_mn": f"{start} (US$ bn)", "end_usd_mn": f"{end} (US$ bn)"}
    return frame.rename(columns=names | {"cumulative_pct": CUMULATIVE, "annual_pct": ANNUAL})


def deficit_since(a: str, b: str, end: int, side: str = "reporter") -> int | None:
    """First year of the run of A's trade deficits with B that lasts to `end`; None if A had no deficit in `end`."""
    first_year, _ = coverage.years("trade")
    balance = trade(a, b, range(first_year, end + 1), side)["balance"].dropna()
    first = None
    for year in sorted(balance.index, reverse=True):
        if balance[year] >= 0:
            break
        first = int(year)
    return first


def indexed_against(a: str, b: str, benchmark: str, start: int, end: int, side: str = "reporter") -> pd.DataFrame:
    """A's total trade with B and with `benchmark` (WORLD, say) by year, each indexed to 100 in `start`: the
    comparison behind a growth word ("dynamic", "insignificant") judged against a benchmark."""
    from newasia.groups import name_of

    years = range(start, end + 1)
    frame = pd.DataFrame(
        {
            f"{name_of(a)} with {name_of(b)}": trade(a, b, years, side)["total"],
            f"{name_of(a)} with {name_of(benchmark)}": trade(a, benchmark, years, side)["total"],
        }
    )
    return 100 * frame / frame.loc[start]


def partner_shares_by_side(
    a: str, year: int, flow: str = "total", sides: Iterable[str] = ("reporter", "partner")
) -> pd.DataFrame:
    """Every partner country's share of A's `flow` with the world in `year` (percent) and its rank, from each
    side's figures: columns (reading, "share_pct" | "rank"), readings labelled with SIDE_LABELS, rows sorted by the
    first side's share (largest first)."""
    sides = list(sides)
    everyone = len(data.countries())
    frame = pd.concat(
        {
            SIDE_LABELS[side]: top_partners(a, year, flow, everyone, side).set_index("partner")[["share_pct", "rank"]]
            for side in sides
        },
        axis=1,
    )
    frame = frame.sort_values((SIDE_LABELS[sides[0]], "share_pct"), ascending=False)
    return frame.astype({(SIDE_LABELS[side], "rank"): "Int64" for side in sides})
