"""Regional trade agreements (WTO RTA-IS): how many were in force when, and when they applied to a country.

An agreement is in force on a date if it had entered into force (goods or services, whichever came first) and
had not become inactive. The WTO counts "notifications" (goods and services separately, accessions included)
and "physical" agreements; both are available here.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterable
from functools import cache

import pandas as pd

from newasia import data
from newasia.groups import as_date, name_of

COUNTS = ("agreements", "notifications")


def _agreements(include_accessions: bool) -> pd.DataFrame:
    table = data.rta()
    return table if include_accessions else table[~table["accession"]]


@cache
def _region_set(listed: str) -> frozenset[str]:
    """The WTO regions of one agreement's ';'-separated list, split once per distinct list."""
    return frozenset(part.strip() for part in listed.split(";") if part.strip())


def _region_mask(table: pd.DataFrame, region: str | None, region_match: str) -> pd.Series:
    if region is None:
        return pd.Series(True, index=table.index)
    regions = table["region"].fillna("").map(_region_set)
    if region_match == "any":
        return regions.apply(lambda found: region in found)
    if region_match == "only":
        return regions.apply(lambda found: found == {region})
    raise ValueError(f"region_match must be 'any' or 'only', not {region_match!r}")


def _active(start: pd.Series, table: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    return (start <= day) & (table["inactive_date"].isna() | (table["inactive_date"] > day))


def in_force(
    on: int | str | dt.date,
    count: str = "agreements",
    region: str | None = None,
    region_match: str = "any",
    include_accessions: bool | None = None,
    notified_by: int | str | dt.date | None = None,
) -> int:
    """Number of agreements (or notifications) in force on a date (a year means 31 December).

    `region` restricts to agreements whose WTO region list includes it ("any") or is only it ("only").
    Accessions are counted with notifications and left out of agreements unless said otherwise. `notified_by`
    keeps only agreements notified to the WTO by that date: what the WTO's own list showed then (the snapshot
    also holds agreements notified later with earlier dates of entry into force).
    """
    if count not in COUNTS:
        raise ValueError(f"count must be one of {COUNTS}, not {count!r}")
    day = as_date(on)
    include = (count == "notifications") if include_accessions is None else include_accessions
    table = _agreements(include)
    table = table[_region_mask(table, region, region_match)]
    if notified_by is not None:
        notified = table[["notification_goods", "notification_services"]].min(axis=1)
        table = table[notified <= as_date(notified_by)]
    if count == "agreements":
        start = table[["entry_into_force_goods", "entry_into_force_services"]].min(axis=1)
        return int(_active(start, table, day).sum())
    goods = _active(table["entry_into_force_goods"], table, day)
    services = _active(table["entry_into_force_services"], table, day)
    return int(goods.sum() + services.sum())


def in_force_by_year(years: Iterable[int], **options) -> pd.Series:
    """`in_force` on 31 December of each year."""
    return pd.Series({year: in_force(year, **options) for year in years}, name="in_force").rename_axis("year")


def entered_into_force(
    start: int | str,
    end: int | str,
    region: str | None = None,
    region_match: str = "any",
    include_accessions: bool = False,
) -> pd.DataFrame:
    """Agreements whose first entry into force falls between two dates (years: 1 January / 31 December)."""
    first = pd.Timestamp(year=start, month=1, day=1) if isinstance(start, int) else pd.Timestamp(start)
    last = as_date(end)
    table = _agreements(include_accessions)
    table = table[_region_mask(table, region, region_match)]
    began = table[["entry_into_force_goods", "entry_into_force_services"]].min(axis=1)
    return table[(began >= first) & (began <= last)].assign(entry_into_force=began[(began >= first) & (began <= last)])


def name(rta_id: int) -> str:
    """The WTO's name of an agreement."""
    table = data.rta().set_index("rta_id")
    if rta_id not in table.index:
        raise KeyError(f"no agreement with RTA ID {rta_id} in data/rta.csv")
    return str(table.loc[rta_id, "name"])


def entry_into_force(rta_id: int, party: str | None = None) -> pd.Timestamp:
    """Date an agreement entered into force: for the agreement (goods, else services), or for one party."""
    name(rta_id)
    if party is None:
        row = data.rta().set_index("rta_id").loc[rta_id]
        return (
            row["entry_into_force_goods"]
            if pd.notna(row["entry_into_force_goods"])
            else row["entry_into_force_services"]
        )
    parties = data.rta_parties()
    match = parties[(parties["rta_id"] == rta_id) & (parties["party"] == party)]
    if match.empty:
        raise KeyError(f"{party} is not a party to RTA {rta_id} ({name(rta_id)})")
    return match["start"].iloc[0]


def signature(rta_id: int) -> pd.Timestamp:
    """Date of signature (goods, else services)."""
    row = data.rta().set_index("rta_id").loc[rta_id]
    return row["signature_goods"] if pd.notna(row["signature_goods"]) else row["signature_services"]


def _acceded_after(rta_id: int, day: pd.Timestamp) -> set[str]:
    """Parties that joined the agreement through an accession signed after `day` (the WTO lists an accession as
    an agreement of its own, named after the original; the new party's start is the accession's entry into
    force)."""
    table = data.rta()
    accessions = table[table["accession"] & table["name"].str.startswith(name(rta_id) + " - ")]
    signed = accessions[["signature_goods", "signature_services"]].min(axis=1)
    began = accessions.loc[signed > day, ["entry_into_force_goods", "entry_into_force_services"]].min(axis=1)
    parties = data.rta_parties()
    parties = parties[parties["rta_id"] == rta_id]
    return set(parties.loc[parties["start"].isin(set(began.dropna())), "party"])


def parties_in_force(rta_id: int, on: int | str | dt.date) -> tuple[int, int]:
    """(parties for which the agreement applied on the date, parties it had on that date): a party that joined
    through a later accession is not counted, so a claim is judged with the membership of its own date."""
    name(rta_id)
    day = as_date(on)
    parties = data.rta_parties()
    parties = parties[(parties["rta_id"] == rta_id) & ~parties["party"].isin(_acceded_after(rta_id, day))]
    active = (parties["start"] <= day) & (parties["end"].isna() | (parties["end"] >= day))
    return int(active.sum()), len(parties)


def country_agreements(country: str, include_accessions: bool = False) -> pd.DataFrame:
    """The agreements a country is party to (directly or through a bloc), with dates, by entry into force."""
    parties = data.rta_parties()
    mine = parties[parties["party"] == country]
    table = _agreements(include_accessions).merge(mine, on="rta_id")
    columns = [
        "rta_id",
        "name",
        "type",
        "status",
        "via",
        "signature_goods",
        "signature_services",
        "entry_into_force_goods",
        "start",
        "end",
    ]
    return table[columns].sort_values(["start", "rta_id"], ignore_index=True)


def bilateral_share_by_period(
    periods: Iterable[tuple[int, int]], region: str | None = None, region_match: str = "any"
) -> pd.DataFrame:
    """For agreements entering into force in each period: how many, and the share that are bilateral (percent)."""
    rows = []
    for start, end in periods:
        entered = entered_into_force(start, end, region, region_match)
        bilateral = entered["composition"].str.startswith("Bilateral")
        rows.append(
            {
                "period": f"{start}-{end}",
                "agreements": len(entered),
                "bilateral": int(bilateral.sum()),
                "bilateral_pct": 100 * bilateral.mean() if len(entered) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def desta_not_in_wto(country: str) -> pd.DataFrame:
    """DESTA treaties a country is party to that the WTO does not list (e.g. agreements never notified)."""
    pairs = data.desta_pairs()
    numbers = set(pairs.loc[(pairs["country1"] == country) | (pairs["country2"] == country), "number"])
    treaties = data.desta_treaties()
    mine = treaties[treaties["number"].isin(numbers) & (treaties["wto_listed"] != True)]  # noqa: E712
    return mine[["number", "name", "year", "entry_into_force_year", "entry_type"]].sort_values(
        ["year", "number"], ignore_index=True
    )


def party_count(rta_id: int, which: str = "original") -> int:
    """Number of signatories the WTO lists for an agreement: the original ones or the current ones."""
    name(rta_id)
    row = data.rta().set_index("rta_id").loc[rta_id]
    listed = row["original_parties"] if which == "original" else row["parties"]
    return 0 if pd.isna(listed) else len([p for p in str(listed).split(";") if p.strip()])


def short_name(full_name: str, width: int = 45) -> str:
    """An agreement's name for figure labels: each part that ends in an abbreviation replaced by it ("Eurasian
    Economic Union (EAEU) - Viet Nam" becomes "EAEU - Viet Nam"), then cut at a word to at most `width` characters."""
    parts = [re.sub(r"^.*\(([A-Z][A-Za-z-]+)\)$", r"\1", part.strip()) for part in full_name.split(" - ")]
    return textwrap.shorten(" - ".join(parts), width=width, placeholder=" …")


def country_timeline(country: str, include_accessions: bool = False) -> pd.DataFrame:
    """The agreements a country is party to, one row each: short name, the bloc it joined through, first
    signature and first entry into force of the agreement (goods or services), and the dates the agreement
    applied to the country (`start`, `end`); `own_start_differs` where the country's start is not the agreement's.
    Sorted by the country's start."""
    table = country_agreements(country, include_accessions)[["rta_id", "name", "via", "start", "end"]].copy()
    dates = _agreements(include_accessions).set_index("rta_id").loc[table["rta_id"]]
    table["agreement"] = table["name"].map(short_name)
    table["signed"] = dates[["signature_goods", "signature_services"]].min(axis=1).to_numpy()
    table["in_force"] = dates[["entry_into_force_goods", "entry_into_force_services"]].min(axis=1).to_numpy()
    table["own_start_differs"] = table["start"].notna() & (table["start"] != table["in_force"])
    columns = ["rta_id", "agreement", "via", "signed", "in_force", "start", "end", "own_start_differs"]
    return table[columns].sort_values(["start", "rta_id"], ignore_index=True)


def timeline_rows(country: str, include_accessions: bool = False) -> pd.DataFrame:
    """Rows for a signature-to-entry-into-force timeline of a country's agreements (columns label, signed,
    in_force): one per agreement, labelled with the bloc the country joined through (unless the name has it) and
    the year it stopped applying, plus one row with only the country's own start for each agreement that applied
    to the country from another date than its entry into force."""
    table = country_timeline(country, include_accessions)
    via = [
        f" (via {bloc})" if pd.notna(bloc) and bloc not in agreement else ""
        for bloc, agreement in zip(table["via"], table["agreement"])
    ]
    ended = table["end"].map(lambda day: f" (until {day.year})" if pd.notna(day) else "")
    table["label"] = table["agreement"] + via + ended
    own = table[table["own_start_differs"]].assign(
        label=lambda t: t["label"] + f": for {name_of(country)}", signed=pd.NaT, in_force=lambda t: t["start"]
    )
    return pd.concat([table, own], ignore_index=True)[["label", "signed", "in_force"]]


def composition_by_period(
    periods: Iterable[tuple[int, int]], region: str | None = None, region_match: str = "any"
) -> pd.DataFrame:
    """Agreements entering into force in each period (rows, "start-end") by the WTO's composition (columns:
    "Bilateral", "Bilateral; One Party is an RTA", "Plurilateral", ...), counts."""
    periods = list(periods)
    frames = [
        entered_into_force(start, end, region, region_match).assign(period=f"{start}-{end}") for start, end in periods
    ]
    entered = pd.concat(frames, ignore_index=True)
    labels = [f"{start}-{end}" for start, end in periods]
    counts = pd.crosstab(entered["period"], entered["composition"]).reindex(labels, fill_value=0)
    return counts.rename_axis(index="period", columns="composition")


def parties_timeline(rta_id: int) -> pd.DataFrame:
    """An agreement's parties in the order it began to apply to them: party, name, bloc it came through, start,
    end, and `parties_in_force` (the number of parties for which the agreement applied on that start date)."""
    name(rta_id)
    parties = data.rta_parties()
    parties = parties[parties["rta_id"] == rta_id].sort_values(["start", "party"], ignore_index=True)
    parties["name"] = parties["party"].map(name_of)
    parties["parties_in_force"] = [parties_in_force(rta_id, day)[0] for day in parties["start"]]
    return parties[["party", "name", "via", "start", "end", "parties_in_force"]]


def pair_agreements(a: str, b: str) -> pd.DataFrame:
    """The agreements (accessions left out) to which both countries are parties, directly or through a bloc, with
    `both_from`, the first day the agreement applied to both, sorted by it (the latest last); only agreements
    that have applied to both."""
    mine, theirs = country_agreements(a), country_agreements(b)
    both = mine.merge(theirs[["rta_id", "start", "end"]], on="rta_id", suffixes=("", "_b"))
    both = both.assign(both_from=both[["start", "start_b"]].max(axis=1)).dropna(subset=["both_from"])
    return both.drop(columns=["start_b", "end_b"]).sort_values(["both_from", "rta_id"], ignore_index=True)


def window_after(a: str, b: str, length: int, last: int) -> dict | None:
    """The years after the latest agreement that applies to both `a` and `b`: its name, the year it first applied
    to both (`start`) and `start + length`, capped at `last` (`end`); None if no agreement applied to both before
    `last`, or either country is not in the agreements data."""
    from newasia import coverage

    if not {a, b} <= coverage.countries("agreements"):
        return None
    found = pair_agreements(a, b)
    if found.empty:
        return None
    start = int(found["both_from"].iloc[-1].year)
    end = min(start + length, last)
    return {"name": found["name"].iloc[-1], "start": start, "end": end} if start < end else None
