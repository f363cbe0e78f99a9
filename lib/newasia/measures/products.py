"""Measures of trade by product group (newasia.products, Open Trade Statistics)."""

from __future__ import annotations

from typing import Literal

from newasia import products
from newasia.measures.core import Computed, Entities, Entity, ProductGroup, ProductGroups, Year, measure

Direction = Literal["exports", "imports"]


def _basis(year: int) -> str:
    return f"Open Trade Statistics (UN Comtrade, HS 2007), {year}, shares of reported values"


@measure(unit="%", domain="products", tables=("product_trade", "product_groups"))
def product_group_share(
    reporter: Entity, partner: Entity, year: Year, product_groups: ProductGroups, flow: Direction = "exports"
) -> Computed:
    """Share of product groups in A's exports (or imports) with B, percent"""
    value = products.group_share(reporter, partner, year, product_groups, flow)
    return Computed(value, basis=_basis(year) + f"; {reporter}'s {flow}, groups: {', '.join(product_groups)}")


@measure(unit="%", domain="products", tables=("product_trade", "product_groups"))
def product_partner_share(
    reporter: Entity,
    partners: Entities,
    product_group: ProductGroup,
    year: Year,
    flow: Direction = "imports",
    include_intra: bool = True,
) -> Computed:
    """Share of the listed partners in A's imports (or exports) of one product group, percent"""
    value = products.partner_share(reporter, partners, product_group, year, flow, include_intra)
    scope = "all partners" if include_intra else f"partners outside {reporter}"
    return Computed(value, basis=_basis(year) + f"; {reporter}'s {flow} of {product_group} from {scope}")
