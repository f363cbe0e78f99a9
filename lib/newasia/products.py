"""Trade by product group (Open Trade Statistics): composition and partner shares. Shares, not levels: OTS
levels look inflated against other sources."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newasia import data
from newasia.groups import members
from newasia.ranking import rank_desc

FLOW_COLUMNS = {"exports": "exports_usd_mn", "imports": "imports_usd_mn"}


@data.derived
def _by_reporter() -> dict:
    return data.row_positions(data.product_trade()["reporter"])


@data.derived
def _rows(reporter: str, partners: str | None, year: int) -> pd.DataFrame:
    """A's rows with B (None: all partners) in one year, kept for the process (callers only read them)."""
    table = data.product_trade()
    reporters = members(reporter, year)
    rows = data.take_rows(_by_reporter(), reporters)
    table = table.take(rows[table["year"].to_numpy()[rows] == year])
    if partners is not None:
        partner_codes = members(partners, year)
        table = table[table["partner"].isin(partner_codes) & ~table["partner"].isin(reporters)]
    return table


def composition(reporter: str, partner: str | None, year: int, flow: str = "exports") -> pd.DataFrame:
    """Product groups of A's `flow` with B in `year` (B None: all partners), value and share (percent)."""
    table = _rows(reporter, partner, year)
    by = table.groupby("product_group")[FLOW_COLUMNS[flow]].sum().sort_values(ascending=False)
    out = by.rename("value_usd_mn").reset_index()
    out["share_pct"] = 100 * out["value_usd_mn"] / out["value_usd_mn"].sum()
    return out


def group_share(
    reporter: str, partner: str | None, year: int, product_groups: Iterable[str], flow: str = "exports"
) -> float:
    """Share (percent) of the given product groups in A's `flow` with B."""
    table = composition(reporter, partner, year, flow)
    return float(table.loc[table["product_group"].isin(list(product_groups)), "share_pct"].sum())


def partner_share(
    reporter: str,
    partners: Iterable[str],
    product_group: str,
    year: int,
    flow: str = "imports",
    include_intra: bool = True,
) -> float:
    """Share (percent) of the given partners (countries or groups) in A's `flow` of one product group.

    With `include_intra` the denominator is A's trade of the group with all partners (a group's trade among its
    own members included); without it, only with partners outside A.
    """
    codes: set[str] = set()
    for partner in partners:
        codes.update(members(partner, year))
    shares = _partner_shares(reporter, product_group, year, flow, include_intra)
    return float(shares.loc[shares["partner"].isin(codes), "share_pct"].sum())


def composition_by_year(
    reporter: str, partner: str | None, years: Iterable[int], flow: str = "exports", top: int = 5
) -> pd.DataFrame:
    """Shares (percent) of the `top` product groups (by total over the years) in A's `flow` with B, the rest
    summed as 'Other', one row per year."""
    shares = {
        year: composition(reporter, partner, year, flow).set_index("product_group")["share_pct"] for year in years
    }
    frame = pd.DataFrame(shares).T.fillna(0.0)
    if frame.empty:
        return frame
    leaders = frame.sum().sort_values(ascending=False).index[:top]
    out = frame[leaders].copy()
    out["Other"] = 100 - out.sum(axis=1)
    out.index.name = "year"
    return out


def years() -> tuple[int, int]:
    """First and last year in the Open Trade Statistics extract."""
    table = data.product_trade()
    return int(table["year"].min()), int(table["year"].max())


def partner_shares(
    reporter: str, product_group: str, year: int, flow: str = "imports", include_intra: bool = True
) -> pd.DataFrame:
    """A's partners in its `flow` of one product group in `year`: value, share (percent) and rank, largest first.

    With `include_intra` a group's trade among its own members counts (its members are then partners too);
    without it, only partners outside A.
    """
    return _partner_shares(reporter, product_group, year, flow, include_intra).copy()


@data.derived
def _partner_shares(reporter: str, product_group: str, year: int, flow: str, include_intra: bool) -> pd.DataFrame:
    table = _rows(reporter, None, year)
    table = table[table["product_group"] == product_group]
    if not include_intra:
        table = table[~table["partner"].isin(members(reporter, year))]
    by = table.astype({"partner": "str"}).groupby("partner")[FLOW_COLUMNS[flow]].sum().sort_values(ascending=False)
    out = by.rename("value_usd_mn").reset_index()
    out["share_pct"] = 100 * out["value_usd_mn"] / out["value_usd_mn"].sum()
    out["rank"] = rank_desc(out["value_usd_mn"])
    return out
