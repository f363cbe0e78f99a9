"""Measures of regional trade agreements (newasia.agreements, the WTO's RTA database): counts in force or
entering into force, dates, parties."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from newasia import agreements
from newasia.groups import name_of
from newasia.measures.core import Computed, Date, Dates, Entity, RtaId, Text, measure

Count = Literal[agreements.COUNTS]
RegionMatch = Literal["any", "only"]
TABLES = ("rta", "rta_parties")


def _basis(count: str, region: str | None, region_match: str, when: str = "in force on the date") -> str:
    if region is None:
        where = ""
    elif region_match == "any":
        where = f"; WTO region list includes {region}"
    else:
        where = f"; all parties in WTO region {region}"
    return f"WTO RTA-IS (late-2025 snapshot), {count} {when}{where}"


@measure(tables=TABLES)
def rtas_in_force(
    date: Dates,
    count: Count = "agreements",
    region: Text | None = None,
    region_match: RegionMatch = "any",
    notified_by: Date | None = None,
) -> Computed:
    """Number of regional trade agreements in force on one or more dates"""
    dates = date if isinstance(date, list) else [date]
    values = [agreements.in_force(d, count, region, region_match, notified_by=notified_by) for d in dates]
    listed = f"; only agreements notified to the WTO by {notified_by}" if notified_by else ""
    return Computed(
        values if isinstance(date, list) else values[0],
        count,
        _basis(count, region, region_match) + f" ({', '.join(dates)}){listed}",
    )


@measure(unit="agreements", tables=TABLES)
def rtas_entered(start: Date, end: Date, region: Text | None = None, region_match: RegionMatch = "any") -> Computed:
    """Number of agreements entering into force between two dates"""
    found = agreements.entered_into_force(start, end, region, region_match)
    return Computed(
        len(found), basis=_basis("agreements", region, region_match, f"entering into force {start} to {end}")
    )


@measure(unit="date", tables=TABLES)
def rta_date(
    rta: RtaId, event: Literal["entry_into_force", "signature"] = "entry_into_force", party: Entity | None = None
) -> Computed:
    """Date of signature or entry into force of an agreement (for one party if named)"""
    date = agreements.signature(rta) if event == "signature" else agreements.entry_into_force(rta, party)
    value = None if pd.isna(date) else date.date().isoformat()
    whose = f" for {name_of(party)}" if party else ""
    return Computed(value, basis=f"WTO RTA-IS, {agreements.name(rta)} (RTA {rta}), {event.replace('_', ' ')}{whose}")


@measure(unit="parties", tables=TABLES)
def rta_party_count(rta: RtaId, which: Literal["original", "current"] = "original") -> Computed:
    """Number of signatories of an agreement, original or current"""
    return Computed(
        agreements.party_count(rta, which), basis=f"WTO RTA-IS, {agreements.name(rta)} (RTA {rta}), {which} signatories"
    )


@measure(unit="%", tables=TABLES)
def rtas_bilateral_share(
    start: Date, end: Date, region: Text | None = None, region_match: RegionMatch = "any"
) -> Computed:
    """Share of the agreements entering into force between two dates that are bilateral, percent"""
    found = agreements.entered_into_force(start, end, region, region_match)
    bilateral = found["composition"].str.startswith("Bilateral")
    when = f"entering into force {start} to {end}, share that are bilateral"
    return Computed(
        100 * float(bilateral.mean()),
        basis=_basis("agreements", region, region_match, when),
        detail={"agreements": len(found), "bilateral": int(bilateral.sum())},
    )


@measure(unit="% of parties", tables=TABLES)
def rta_parties_in_force(rta: RtaId, date: Date) -> Computed:
    """Share of an agreement's parties for which it was in force on a date"""
    active, listed = agreements.parties_in_force(rta, date)
    return Computed(
        100 * active / listed,
        basis=f"WTO RTA-IS, {agreements.name(rta)} (RTA {rta}): in force for {active} of {listed} parties on {date}",
        detail={"in_force": active, "parties": listed},
    )
