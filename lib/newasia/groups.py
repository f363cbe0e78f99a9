"""Who belongs to which group, and when: membership is a set per date, read from data/group_members.csv."""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Iterable

import numpy as np
import pandas as pd

from newasia import data
from newasia.errors import NewAsiaError

WORLD = "WORLD"


def as_date(on: int | str | dt.date | pd.Timestamp) -> pd.Timestamp:
    """A date from a date, an ISO string, or a year (a year means its last day, 31 December)."""
    if isinstance(on, numbers.Integral) and not isinstance(on, bool):
        return pd.Timestamp(year=on, month=12, day=31)
    return pd.Timestamp(on)


@data.derived
def _group_set() -> frozenset[str]:
    return frozenset(data.groups()["group"])


@data.derived
def _country_set() -> frozenset[str]:
    return frozenset(data.countries()["code"])


def group_ids() -> list[str]:
    return sorted(_group_set())


def is_group(entity: str) -> bool:
    return entity in _group_set()


def is_country(entity: str) -> bool:
    return entity in _country_set()


def check_entity(entity: str) -> str:
    """`entity` if it is a country code, a group id or WORLD; otherwise NewAsiaError saying what is known."""
    if entity == WORLD or is_group(entity) or is_country(entity):
        return entity
    raise NewAsiaError(
        f"unknown country or group {entity!r}: use a code of data/countries.csv, "
        f"{WORLD}, or one of the groups {', '.join(group_ids())}"
    )


@data.derived
def _spells() -> dict[str, list[tuple[str, str, pd.Timestamp, pd.Timestamp | None]]]:
    """Membership spells by group: (member, member_type, start, end or None)."""
    spells: dict[str, list] = {}
    table = data.group_members()
    for group, member, kind, start, end in zip(
        table["group"], table["member"], table["member_type"], table["start"], table["end"]
    ):
        spells.setdefault(group, []).append((member, kind, start, None if pd.isna(end) else end))
    return spells


@data.derived
def _members_on(group: str, day: pd.Timestamp) -> tuple[str, ...]:
    """Countries in `group` on `day`, nested groups expanded, sorted; resolved once per (group, day)."""
    found: set[str] = set()
    for member, kind, start, end in _spells().get(group, ()):
        if start <= day and (end is None or end >= day):
            found.update(_members_on(member, day) if kind == "group" else [member])
    return tuple(sorted(found))


@data.derived
def members_each_year(group: str, years: tuple[int, ...]) -> dict[str, np.ndarray]:
    """For each country ever in `group` (nested groups expanded): whether it is a member on 31 December of each
    of `years` (booleans in the order of `years`); the same answers as members(group, year), vectorised."""
    ends = np.array([as_date(year).to_datetime64() for year in years])
    found: dict[str, np.ndarray] = {}
    for member, kind, start, end in _spells().get(group, ()):
        active = (start.to_datetime64() <= ends) & (True if end is None else ends <= end.to_datetime64())
        inner = members_each_year(member, years) if kind == "group" else {member: np.ones(len(years), dtype=bool)}
        for code, flags in inner.items():
            found[code] = found.get(code, np.zeros(len(years), dtype=bool)) | (active & flags)
    return found


def members(group: str, on: int | str | dt.date | pd.Timestamp) -> list[str]:
    """Countries in `group` on a date (a year means 31 December), nested groups expanded, sorted."""
    check_entity(group)
    if not is_group(group):
        return [group]
    return list(_members_on(group, as_date(on)))


def ever_members(group: str) -> list[str]:
    """Every country that was ever in `group` (nested groups expanded)."""
    found: set[str] = set()
    for member, kind, _, _ in _spells().get(group, ()):
        found.update(ever_members(member) if kind == "group" else [member])
    return sorted(found)


@data.derived
def _membership_by_year(entity: str, years: tuple[int, ...], fixed_on: str | None) -> pd.DataFrame:
    rows = [(year, code) for year in years for code in members(entity, fixed_on if fixed_on is not None else year)]
    return pd.DataFrame(rows, columns=["year", "code"]).astype({"year": "int64", "code": "str"})


def membership_by_year(entity: str, years: Iterable[int], fixed_on: str | None = None) -> pd.DataFrame:
    """Frame of (year, code): the members of `entity` each year (on 31 December), or on one fixed date.

    A country stands for itself every year. `fixed_on` applies one date's membership to every year, as the
    ADB does for its regional indicators. Built once per (entity, years, date) and cached; a copy is returned.
    """
    return _membership_by_year(entity, tuple(int(y) for y in years), fixed_on).copy()


def name_of(entity: str) -> str:
    """Display name of a country code, group id or WORLD."""
    if entity == WORLD:
        return "World"
    return _names().get(entity, entity)


@data.derived
def _names() -> dict[str, str]:
    names = dict(zip(data.countries()["code"], data.countries()["name"]))
    names.update((group, name.split(" (")[0]) for group, name in zip(data.groups()["group"], data.groups()["name"]))
    return names
