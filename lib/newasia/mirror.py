"""Why two sides' figures for the same trade differ: the gap between a reporter's figures and its partners' mirror
figures, by partner member and direction, set against the usual valuation margin.

Exports are valued free on board (FOB) and imports including cost, insurance and freight (CIF), so a partner's
imports should exceed the reporter's exports of the same goods by the freight margin, and the reporter's imports
should exceed the partner's exports by the same margin. The IMF uses a CIF/FOB factor of 1.06 when it estimates one
side from the other (IMF, Direction of Trade Statistics Yearbook 2017, "Introduction", https://www.elibrary.imf.org/
view/books/042/24207-9781475593822-en/24207-9781475593822-en-book.xml). What the margin does not explain comes from
attributing goods to their origin rather than their consignment, re-exports and transshipment through third
countries, timing, confidential trade and the IMF's estimates for members that do not report.
"""

from __future__ import annotations

import pandas as pd

from newasia import data
from newasia.groups import is_group, members, name_of

CIF_FOB_FACTOR = 1.06
DOMINANT_SHARE = 0.5
DIRECTIONS = {"exports": "imports", "imports": "exports"}


@data.derived
def _year(year: int) -> pd.DataFrame:
    """The trade table's rows of one year, in table order, selected once per process."""
    table = data.trade()
    return table[table["year"] == year]


def _rows(reporters: list[str], partners: list[str], flow: str, year: int) -> pd.DataFrame:
    table = _year(year)
    found = table[(table["flow"] == flow) & table["reporter"].isin(reporters) & table["partner"].isin(partners)]
    return found.astype({"reporter": "str", "partner": "str"})


def _side(entity: str, year: int) -> list[str]:
    return members(entity, year) if is_group(entity) else [entity]


def gap_by_member(reporter: str, partner: str, year: int) -> pd.DataFrame:
    """One row per member of `partner` (a country or a group) and direction of `reporter`'s trade: the reporter's
    figure, the partner member's mirror figure, what the mirror should be if only the CIF/FOB margin separated
    them, the gap left unexplained, and the share of each figure that is an IMF estimate (US$ million)."""
    rows = []
    mine = _side(reporter, year)
    for member in _side(partner, year):
        for flow, opposite in DIRECTIONS.items():
            own = _rows(mine, [member], flow, year)
            mirror = _rows([member], mine, opposite, year)
            reported, mirrored = float(own["value_usd_mn"].sum()), float(mirror["value_usd_mn"].sum())
            expected = reported * CIF_FOB_FACTOR if flow == "exports" else reported / CIF_FOB_FACTOR
            rows.append(
                {
                    "partner member": member,
                    "direction": f"{name_of(reporter)}'s {flow}",
                    "reported": reported,
                    "mirror": mirrored,
                    "mirror expected from CIF/FOB": expected,
                    "unexplained gap": mirrored - expected,
                    "reported estimated (%)": _estimated_pct(own),
                    "mirror estimated (%)": _estimated_pct(mirror),
                }
            )
    return pd.DataFrame(rows)


def _estimated_pct(rows: pd.DataFrame) -> float:
    total = rows["value_usd_mn"].sum()
    return float(100 * rows.loc[rows["estimate"], "value_usd_mn"].sum() / total) if total else float("nan")


def findings(reporter: str, partner: str, year: int) -> list[str]:
    """Sentences on what the gap is made of: its size against the CIF/FOB margin, the member and direction that
    dominate it, and where a side rests on IMF estimates."""
    table = gap_by_member(reporter, partner, year)
    said = []
    for direction, part in table.groupby("direction", sort=False):
        reported, mirror = part["reported"].sum(), part["mirror"].sum()
        expected = part["mirror expected from CIF/FOB"].sum()
        unexplained = part["unexplained gap"]
        said.append(
            f"{direction} with {name_of(partner)}, {year}: US${reported:,.0f}m on the reporter's figures, "
            f"US${mirror:,.0f}m on the mirror figures, against US${expected:,.0f}m if only the "
            f"{100 * (CIF_FOB_FACTOR - 1):.0f}% CIF/FOB margin separated them; "
            f"US${unexplained.sum():+,.0f}m is left unexplained."
        )
        total = unexplained.abs().sum()
        if len(part) > 1 and total:
            top = part.loc[unexplained.abs().idxmax()]
            share = abs(top["unexplained gap"]) / total
            alone = "alone " if share >= DOMINANT_SHARE else ""
            said.append(
                f"{name_of(top['partner member'])} {alone}accounts for {100 * share:.0f}% of the unexplained "
                f"gap in {direction} (the largest member, by absolute gap)."
            )
        for column, whose in (("reported estimated (%)", "reporter's"), ("mirror estimated (%)", "mirror")):
            estimated = part[part[column] > 50]
            if len(estimated):
                names = ", ".join(name_of(m) for m in estimated["partner member"])
                said.append(
                    f"In {direction}, the {whose} figures for {names} are mostly IMF estimates, not reported data."
                )
    return said
