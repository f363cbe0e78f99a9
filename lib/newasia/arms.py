"""Arms transfers (SIPRI): deliveries in trend-indicator values (TIV), a volume index, not US dollars."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from newasia import data
from newasia.ranking import rank_desc


def _window(start: int, end: int) -> pd.DataFrame:
    table = data.arms_transfers()
    return table[(table["year"] >= start) & (table["year"] <= end)]


@data.derived
def _columns() -> dict[str, tuple[np.ndarray, dict[str, int]] | np.ndarray]:
    """The deliveries as arrays, built once: supplier and recipient codes (with their lookup), year, TIV."""
    table = data.arms_transfers()
    coded = {}
    for column in ("supplier", "recipient"):
        codes, uniques = pd.factorize(table[column])
        coded[column] = (codes, {value: code for code, value in enumerate(uniques)})
    return {**coded, "year": table["year"].to_numpy(), "tiv_mn": table["tiv_mn"].to_numpy()}


def deliveries(supplier: str | None, recipient: str | None, start: int, end: int) -> float:
    """TIV (millions) delivered from `supplier` to `recipient` in start-end (None means any)."""
    columns = _columns()
    rows = (columns["year"] >= start) & (columns["year"] <= end)
    for column, wanted in (("supplier", supplier), ("recipient", recipient)):
        if wanted is not None:
            codes, lookup = columns[column]
            rows &= codes == lookup.get(wanted, -2)
    return float(columns["tiv_mn"][rows].sum())


def by_year(supplier: str | None, recipient: str | None, start: int, end: int) -> pd.Series:
    """TIV delivered each year."""
    return pd.Series({y: deliveries(supplier, recipient, y, y) for y in range(start, end + 1)}, name="tiv_mn")


def _shares(table: pd.DataFrame, by: str, name_column: str) -> pd.DataFrame:
    label = table[by].fillna(table[name_column])
    totals = table.groupby(label)["tiv_mn"].sum().sort_values(ascending=False)
    out = totals.rename("tiv_mn").rename_axis(by).reset_index()
    out["share_pct"] = 100 * out["tiv_mn"] / out["tiv_mn"].sum()
    out["rank"] = rank_desc(out["tiv_mn"])
    return out


def supplier_shares(recipient: str, start: int, end: int) -> pd.DataFrame:
    """A recipient's suppliers in start-end: TIV, share of the recipient's imports (percent), rank."""
    table = _window(start, end)
    return _shares(table[table["recipient"] == recipient], "supplier", "supplier_name")


def recipient_shares(supplier: str, start: int, end: int) -> pd.DataFrame:
    """A supplier's recipients in start-end: TIV, share of the supplier's exports (percent), rank."""
    table = _window(start, end)
    return _shares(table[table["supplier"] == supplier], "recipient", "recipient_name")


def importer_ranking(start: int, end: int) -> pd.DataFrame:
    """All recipients ranked by TIV received in start-end."""
    return _shares(_window(start, end), "recipient", "recipient_name")


def supplier_share_by_year(recipient: str, supplier: str, start: int, end: int) -> pd.DataFrame:
    """Per year: TIV from `supplier`, TIV from all suppliers, and the supplier's share (percent)."""
    rows = []
    for year in range(start, end + 1):
        everyone = deliveries(None, recipient, year, year)
        one = deliveries(supplier, recipient, year, year)
        rows.append((year, one, everyone, 100 * one / everyone if everyone else float("nan")))
    return pd.DataFrame(rows, columns=["year", "supplier_tiv_mn", "total_tiv_mn", "share_pct"]).set_index("year")


def years() -> tuple[int, int]:
    """First and last delivery year in the SIPRI extract."""
    table = data.arms_transfers()
    return int(table["year"].min()), int(table["year"].max())


def periods_between(start: int, end: int, length: int = 5) -> list[tuple[int, int]]:
    """Consecutive periods of `length` years from `start`; the last one ends at `end` (and may be shorter)."""
    return [(first, min(first + length - 1, end)) for first in range(start, end + 1, length)]


def _period_label(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def supplier_tiv_by_period(
    recipient: str, periods: Iterable[tuple[int, int]], top: int = 5, shares: bool = False
) -> pd.DataFrame:
    """TIV a recipient received in each period (first, last) from each of its `top` suppliers over all the
    periods together (one column each, largest first) and from all the others ("other suppliers").

    One row per period, labelled "first-last" (or the year alone); `shares` gives percent of each period's total.
    """
    rows = {}
    for first, last in periods:
        table = supplier_shares(recipient, first, last)
        rows[_period_label(first, last)] = table.set_index("supplier")["tiv_mn"]
    wide = pd.DataFrame(rows).T.fillna(0.0).rename_axis(index="period", columns="supplier")
    leaders = list(wide.sum().sort_values(ascending=False).index[:top])
    out = wide[leaders].copy()
    others = wide.drop(columns=leaders).sum(axis=1)
    if (others > 0).any():
        out["other suppliers"] = others
    return 100 * out.div(out.sum(axis=1), axis=0) if shares else out


def rolling_supplier_share(recipient: str, supplier: str, start: int, end: int, window: int = 5) -> pd.Series:
    """Per year: the supplier's share (percent) of the recipient's TIV over the `window` years ending that year.

    NaN for the first `window` - 1 years, whose window would begin before `start`.
    """
    yearly = supplier_share_by_year(recipient, supplier, start, end)
    summed = yearly[["supplier_tiv_mn", "total_tiv_mn"]].rolling(window).sum()
    return (100 * summed["supplier_tiv_mn"] / summed["total_tiv_mn"]).rename("share_pct")


def supplier_standing_by_period(recipient: str, supplier: str, periods: Iterable[tuple[int, int]]) -> pd.DataFrame:
    """For each period (first, last): the supplier's TIV to the recipient, its share (percent) and rank among
    the recipient's suppliers, and the recipient's largest supplier with its share."""
    rows = []
    for first, last in periods:
        table = supplier_shares(recipient, first, last)
        mine = table[table["supplier"] == supplier]
        rows.append(
            {
                "period": _period_label(first, last),
                "tiv_mn": float(mine["tiv_mn"].sum()),
                "share_pct": float(mine["share_pct"].sum()),
                "rank": int(mine["rank"].iloc[0]) if len(mine) else pd.NA,
                "largest": table["supplier"].iloc[0] if len(table) else pd.NA,
                "largest_share_pct": float(table["share_pct"].iloc[0]) if len(table) else float("nan"),
            }
        )
    return pd.DataFrame(rows).astype({"rank": "Int64"}).set_index("period")


def recipient_standing_by_period(recipient: str, supplier: str, periods: Iterable[tuple[int, int]]) -> pd.DataFrame:
    """For each period (first, last): the recipient's share (percent) and rank among the supplier's recipients,
    and its share and rank among all importers."""
    rows = []
    for first, last in periods:
        customers = recipient_shares(supplier, first, last).set_index("recipient")
        importers = importer_ranking(first, last).set_index("recipient")
        rows.append(
            {
                "period": _period_label(first, last),
                "share_of_supplier_pct": customers["share_pct"].get(recipient, 0.0),
                "rank_among_customers": customers["rank"].get(recipient, pd.NA),
                "share_of_all_imports_pct": importers["share_pct"].get(recipient, 0.0),
                "rank_among_importers": importers["rank"].get(recipient, pd.NA),
            }
        )
    return (
        pd.DataFrame(rows)
        .astype({"rank_among_customers": "Int64", "rank_among_importers": "Int64"})
        .set_index("period")
    )


def recipients_among(supplier: str, recipients: Iterable[str], start: int, end: int) -> pd.DataFrame:
    """recipient_shares for the given recipients only, in their order: TIV and share of all the supplier's
    deliveries (0 for a recipient that got nothing) and rank among all its recipients (none for those)."""
    recipients = list(recipients)
    table = recipient_shares(supplier, start, end).set_index("recipient").reindex(recipients)
    table = table.fillna({"tiv_mn": 0.0, "share_pct": 0.0}).astype({"rank": "Int64"})
    return table.rename_axis("recipient")
