"""Measures of arms transfers (newasia.arms, the SIPRI trade register): volumes in TIV, shares and ranks of
suppliers, recipients and importers."""

from __future__ import annotations

import pandas as pd

from newasia import arms
from newasia.measures.core import Computed, Entities, Entity, Year, measure
from newasia.ranking import rank_of


def _basis(start: int, end: int) -> str:
    return f"SIPRI trade register, deliveries {start}-{end}, TIV (a volume index, not US$)"


def _top(table: pd.DataFrame, column: str, value: str, n: int) -> list:
    return list(zip(table[column].head(n), table[value].head(n).round(1)))


@measure(unit="TIV million", domain="arms")
def arms_tiv(supplier: Entity, recipient: Entity, start: Year, end: Year) -> Computed:
    """TIV delivered from supplier to recipient"""
    return Computed(arms.deliveries(supplier, recipient, start, end), basis=_basis(start, end))


@measure(unit="% of TIV", domain="arms")
def arms_supplier_share(recipient: Entity, supplier: Entity, start: Year, end: Year) -> Computed:
    """Supplier's share of a recipient's arms imports (TIV), percent"""
    table = arms.supplier_shares(recipient, start, end)
    share = table.loc[table["supplier"] == supplier, "share_pct"]
    return Computed(
        float(share.iloc[0]) if len(share) else 0.0,
        basis=_basis(start, end),
        detail={"suppliers": _top(table, "supplier", "share_pct", 5)},
    )


@measure(unit="rank", domain="arms")
def arms_supplier_rank(recipient: Entity, supplier: Entity, start: Year, end: Year) -> Computed:
    """Rank of a supplier among a recipient's"""
    table = arms.supplier_shares(recipient, start, end)
    return Computed(
        rank_of(table, "supplier", supplier),
        basis=_basis(start, end),
        detail={"suppliers": _top(table, "supplier", "tiv_mn", 5)},
    )


@measure(unit="rank", domain="arms")
def arms_recipient_rank(supplier: Entity, recipient: Entity, start: Year, end: Year) -> Computed:
    """Rank of a recipient among a supplier's"""
    table = arms.recipient_shares(supplier, start, end)
    return Computed(
        rank_of(table, "recipient", recipient),
        basis=_basis(start, end),
        detail={"recipients": _top(table, "recipient", "share_pct", 8)},
    )


@measure(unit="percentage points", domain="arms")
def arms_supplier_share_change(recipient: Entity, supplier: Entity, start: Year, middle: Year, end: Year) -> Computed:
    """Change of a supplier's share of a recipient's arms imports between two periods, points

    From start-middle to (middle+1)-end."""
    before = arms_supplier_share(recipient, supplier, start, middle).value
    after = arms_supplier_share(recipient, supplier, middle + 1, end).value
    return Computed(
        after - before,
        basis=f"SIPRI trade register, {supplier}'s share of {recipient}'s TIV, {start}-{middle} vs {middle + 1}-{end}",
        detail={"share_before_pct": before, "share_after_pct": after},
    )


@measure(unit="rank", domain="arms")
def arms_importer_rank(recipient: Entity, start: Year, end: Year) -> Computed:
    """Rank of a recipient among all arms importers"""
    table = arms.importer_ranking(start, end)
    return Computed(
        rank_of(table, "recipient", recipient),
        basis=_basis(start, end),
        detail={"importers": _top(table, "recipient", "share_pct", 10)},
    )


@measure(unit="recipients", domain="arms")
def arms_recipients_supplied(supplier: Entity, recipients: Entities, start: Year, end: Year) -> Computed:
    """Which of the listed recipients received deliveries from the supplier"""
    delivered = {r: arms.deliveries(supplier, r, start, end) for r in recipients}
    return Computed([r for r, tiv in delivered.items() if tiv > 0], basis=_basis(start, end), detail=delivered)
