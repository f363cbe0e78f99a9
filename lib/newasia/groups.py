"""Who belongs to which group, and when: membership is a set per date, read from data/group_members.csv."""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Iterable

import pandas as pd

from newasia import data
from newasia.errors import NewAsiaError

WORLD = "WORLD"


def as_date(on: int | str | dt.date | pd.Timestamp) -> pd.Timestamp:
    """A date from a date, an ISO string, or a year (a year means its last day, 31 December)."""
    if isinstance(on, numbers.Integral) and not isinstance(on, bool):
        return pd.Timestamp(year=on, month=12, day=31)
    return pd.Timestamp(on)


def group_ids() -> list[str]:
    return sorted(data.groups()["group"])


def is_group(entity: str) -> bool:
    return entity in set(data.groups()["group"])


def is_country(entity: str) -> bool:
    return entity in set(data.countries()["code"])


def check_entity(entity: str) -> str:
    """`entity` if it is a country code, a group id or WORLD; otherwise NewAsiaError saying what is known."""
    if entity == WORLD or is_group(entity) or is_country(entity):
        return entity
    raise NewAsiaError(f"unknown country or group {entity!r}: use a code of data/countries.csv, "
                       f"{WORLD}, or one of the groups {', '.join(group_ids())}")


def members(group: str, on: int | str | dt.date | pd.Timestamp) -> list[str]:
    """Countries in `group` on a date (a year means 31 December), nested groups expanded, sorted."""
    check_entity(group)
    if not is_group(group):
        return [group]
    day = as_date(on)
    spells = data.group_members()
    spells = spells[(spells["group"] == group) & (spells["start"] <= day)
                    & (spells["end"].isna() | (spells["end"] >= day))]
    found: set[str] = set()
    for member, kind in zip(spells["member"], spells["member_type"]):
        found.update(members(member, day) if kind == "group" else [member])
    return sorted(found)


def ever_members(group: str) -> list[str]:
    """Every country that was ever in `group` (nested groups expanded)."""
    spells = data.group_members()
    spells = spells[spells["group"] == group]
    found: set[str] = set()
    for member, kind in zip(spells["member"], spells["member_type"]):
        found.update(ever_members(member) if kind == "group" else [member])
    return sorted(found)


def membership_by_year(entity: str, years: Iterable[int], fixed_on: str | None = None) -> pd.DataFrame:
    """Frame of (year, code): the members of `entity` each year (on 31 December), or on one fixed date.

    A country stands for itself every year. `fixed_on` applies one date's membership to every year, as the
    ADB does for its regional indicators.
    """
    rows = [(year, code) for year in years
            for code in members(entity, fixed_on if fixed_on is not None else year)]
    return pd.DataFrame(rows, columns=["year", "code"]).astype({"year": "int64", "code": "str"})


def name_of(entity: str) -> str:
    """Display name of a country code, group id or WORLD."""
    if entity == WORLD:
        return "World"
    groups = data.groups().set_index("group")["name"]
    if entity in groups:
        return groups[entity].split(" (")[0]
    return data.countries().set_index("code")["name"].get(entity, entity)
