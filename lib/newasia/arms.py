"""Arms transfers (SIPRI): deliveries in trend-indicator values (TIV), a volume index, not US dollars."""

from __future__ import annotations

import pandas as pd

from newasia import data


def _window(start: int, end: int) -> pd.DataFrame:
    table = data.arms_transfers()
    return table[(table["year"] >= start) & (table["year"] <= end)]


def deliveries(supplier: str | None, recipient: str | None, start: int, end: int) -> float:
    """TIV (millions) delivered from `supplier` to `recipient` in start-end (None means any)."""
    table = _window(start, end)
    if supplier is not None:
        table = table[table["supplier"] == supplier]
    if recipient is not None:
        table = table[table["recipient"] == recipient]
    return float(table["tiv_mn"].sum())


def by_year(supplier: str | None, recipient: str | None, start: int, end: int) -> pd.Series:
    """TIV delivered each year."""
    return pd.Series({y: deliveries(supplier, recipient, y, y) for y in range(start, end + 1)}, name="tiv_mn")


def _shares(table: pd.DataFrame, by: str, name_column: str) -> pd.DataFrame:
    label = table[by].fillna(table[name_column])
    totals = table.groupby(label)["tiv_mn"].sum().sort_values(ascending=False)
    out = totals.rename("tiv_mn").rename_axis(by).reset_index()
    out["share_pct"] = 100 * out["tiv_mn"] / out["tiv_mn"].sum()
    out["rank"] = out["tiv_mn"].rank(ascending=False, method="min").astype("int64")
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
