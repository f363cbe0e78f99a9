"""Measures of merchandise trade (newasia.trade): values, shares, growth, trends, balances, partner ranks and
intraregional shares, from either side's figures."""

from __future__ import annotations

from typing import Literal

from newasia import coverage, growth, indicators, trade
from newasia.groups import WORLD, members, name_of
from newasia.measures.core import Computed, Date, Entities, Entity, Year, measure
from newasia.ranking import rank_of, ranked_below

Side = Literal[trade.SIDES]
Flow = Literal[trade.FLOWS]
TABLES = ("trade", "trade_aggregates", "group_members")


def _membership(entities: list[str], year: int | None, fixed_on: str | None = None) -> str:
    groups = [e for e in entities if e != WORLD and len(members(e, fixed_on or year or 2000)) > 1]
    if not groups:
        return ""
    when = f"on {fixed_on}" if fixed_on else (f"on 31 Dec {year}" if year else "each year on 31 Dec")
    return "; " + ", ".join(f"{g} = {len(members(g, fixed_on or year))} members {when}" for g in groups)


def _basis(side: str, flow: str, years: str, entities: list[str], year: int | None, fixed_on: str | None = None) -> str:
    source = "UN Comtrade" if year == 2021 else "IMF DOTS"
    return f"{source}, {trade.SIDE_LABELS[side]}, {flow}, {years}{_membership(entities, year, fixed_on)}"


@measure(unit="US$ million", domain="trade", tables=TABLES)
def trade_value(
    a: Entity, b: Entity, year: Year, flow: Flow = "total", side: Side = "reporter", fixed_on: Date | None = None
) -> Computed:
    """A's trade with B in a year, US$ million"""
    value = trade.value(a, b, year, flow, side, fixed_on)
    return Computed(value, basis=_basis(side, flow, str(year), [a, b], year, fixed_on))


@measure(unit="%", domain="trade", tables=TABLES)
def trade_share(
    a: Entity,
    b: Entity,
    year: Year,
    of: Entity = WORLD,
    flow: Flow = "total",
    side: Side = "reporter",
    exclude_intra: bool = False,
) -> Computed:
    """B's share of A's trade with `of` (WORLD by default), percent"""
    value = float(trade.share(a, b, of, year, flow, side, exclude_intra=exclude_intra).get(year, float("nan")))
    scope = f"{name_of(a)}'s {'extra-group ' if exclude_intra else ''}trade with {name_of(of)}"
    return Computed(value, basis=_basis(side, flow, str(year), [a, b], year), detail={"denominator": scope})


@measure(unit="%", domain="trade", tables=(*TABLES, "indicators"))
def trade_growth(
    a: Entity,
    b: Entity,
    start: Year,
    end: Year,
    flow: Flow = "total",
    side: Side = "reporter",
    basis: Literal["cumulative", "annual"] = "cumulative",
    prices: Literal["current", "constant"] = "current",
) -> Computed:
    """Change of A's trade with B between two years: cumulative or compound annual, percent

    In current US$ or, with prices="constant", deflated by US consumer prices."""
    series = trade.trade(a, b, [start, end], side)[flow]
    if prices == "constant":
        series = series.astype(float).copy()
        series[end] = series[end] / indicators.price_change(start, end)
    found = growth.change(series, start, end)
    value = found.cumulative_pct if basis == "cumulative" else found.annual_pct
    label = "cumulative change" if basis == "cumulative" else "compound annual growth"
    deflated = f", in constant {start} US$ (US consumer prices)" if prices == "constant" else ""
    return Computed(
        value,
        basis=_basis(side, flow, f"{start}-{end} ({label}{deflated})", [a, b], end),
        detail={
            "start_usd_mn": found.start,
            "end_usd_mn": found.end,
            "cumulative_pct": found.cumulative_pct,
            "annual_pct": found.annual_pct,
        },
    )


def _fitted(fitted: growth.Trend) -> dict:
    return {"ci_low_pct": fitted.ci_low_pct, "ci_high_pct": fitted.ci_high_pct, "direction": fitted.direction}


@measure(unit="% a year", domain="trade", tables=TABLES)
def trade_trend(
    a: Entity, b: Entity, start: Year, end: Year, flow: Flow = "total", side: Side = "reporter"
) -> Computed:
    """Log-linear trend growth of A's trade with B, percent a year, with a 95% interval"""
    fitted = growth.trend(trade.trade(a, b, range(start, end + 1), side)[flow], start, end)
    return Computed(
        fitted.annual_pct,
        basis=_basis(side, flow, f"{start}-{end}, log-linear OLS trend", [a, b], end),
        detail=_fitted(fitted) | {"observations": fitted.observations},
    )


@measure(unit="year", domain="trade", tables=TABLES)
def deficit_since(a: Entity, b: Entity, end: Year, side: Side = "reporter") -> Computed:
    """First year of the run of trade deficits of A with B lasting to `end`"""
    first = trade.deficit_since(a, b, end, side)
    balance = trade.trade(a, b, range(end - 6, end + 1), side)["balance"].dropna()
    return Computed(
        f"no deficit in {end}" if first is None else first,
        basis=_basis(side, "balance (exports - imports)", f"{coverage.years('trade')[0]}-{end}", [a, b], end),
        detail={"balance_usd_mn": {int(y): float(v) for y, v in balance.items()}},
    )


def _candidates(candidates: list[str] | str, year: int) -> list[str]:
    return members(candidates, year) if isinstance(candidates, str) else list(candidates)


@measure(unit="rank", domain="trade", tables=TABLES)
def partner_rank(
    a: Entity, b: Entity, year: Year, candidates: Entities | None = None, flow: Flow = "total", side: Side = "reporter"
) -> Computed:
    """Rank of B among A's partners (all countries, a group's members, or a list)"""
    if candidates is None:
        ranked = trade.top_partners(a, year, flow, n=400, side=side)
        pool = "all partner countries"
    else:
        ranked = trade.partner_ranking(a, _candidates(candidates, year), year, flow, side)
        pool = candidates if isinstance(candidates, str) else f"{len(candidates)} named partners"
    return Computed(
        rank_of(ranked, "partner", b),
        basis=_basis(side, flow, str(year), [a], year) + f"; among {pool}",
        detail={"ranking": list(zip(ranked["partner"].head(12), ranked["value_usd_mn"].head(12).round(1)))},
    )


@measure(unit="partners", domain="trade", tables=TABLES)
def partners_ranked_below(
    a: Entity, b: Entity, year: Year, candidates: Entities, flow: Flow = "total", side: Side = "reporter"
) -> Computed:
    """The candidates that rank below B among A's partners"""
    ranked = trade.partner_ranking(a, _candidates(candidates, year), year, flow, side)
    below = sorted(ranked.loc[ranked_below(ranked.set_index("partner")["rank"], b).to_numpy(), "partner"])
    return Computed(
        below,
        basis=_basis(side, flow, str(year), [a], year),
        detail={"ranking": list(zip(ranked["partner"], ranked["value_usd_mn"].round(1)))},
    )


@measure(unit="%", domain="trade", tables=TABLES)
def intraregional_share(group: Entity, year: Year, side: Side = "reporter", fixed_on: Date | None = None) -> Computed:
    """Intra-group trade over the group's trade with the world, exports + imports, percent"""
    value = float(trade.intraregional_share(group, [year], side, fixed_on).get(year, float("nan")))
    return Computed(value, basis=_basis(side, "exports + imports", str(year), [group], year, fixed_on))


@measure(unit="% a year", domain="trade", tables=TABLES)
def intraregional_trend(
    group: Entity, start: Year, end: Year, side: Side = "reporter", fixed_on: Date | None = None
) -> Computed:
    """Trend of the intraregional share, percent a year, with a 95% interval"""
    shares = trade.intraregional_share(group, range(start, end + 1), side, fixed_on)
    fitted = growth.trend(shares, start, end)
    what = f"{start}-{end}, log-linear OLS trend of the share"
    return Computed(
        fitted.annual_pct,
        basis=_basis(side, "exports + imports", what, [group], end, fixed_on),
        detail=_fitted(fitted) | {"first_pct": float(shares.iloc[0]), "last_pct": float(shares.iloc[-1])},
    )
