"""The project's curated reference tables in data/reference/: country codes, source names, groups, milestones.

The build reads these; the analysis reads the extracts the build makes from them (countries.csv,
group_members.csv, milestones.csv in data/).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from newasia.errors import RawInputError
from newasia.paths import REFERENCE_DIR

COUNTRIES_FILE = "countries.csv"
NAMES_FILE = "country_names.csv"
GROUPS_FILE = "groups.yaml"
SOURCES_FILE = "sources.yaml"
MILESTONES_FILE = "milestones.csv"
RECORDS_FILE = "records.csv"
OMISSIONS_FILE = "omissions.csv"


@cache
def sources(reference_dir: Path = REFERENCE_DIR) -> dict[str, dict]:
    """Source metadata (title, citation, licence, origin) keyed by source id."""
    return yaml.safe_load((reference_dir / SOURCES_FILE).read_text(encoding="utf-8"))


def countries(reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Code, display name and code system of every country code the project uses."""
    return pd.read_csv(reference_dir / COUNTRIES_FILE, dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class Resolved:
    """What a source's name stands for: a country code, a bloc id, or nothing (aggregate, non-state actor...)."""

    code: str | None
    kind: str


class NameResolver:
    """Maps the names one source uses to country codes, from data/reference/country_names.csv.

    A name the table does not know raises RawInputError naming the file and the value: the build never
    guesses what a new name means.
    """

    def __init__(self, source: str, reference_dir: Path = REFERENCE_DIR):
        names = pd.read_csv(reference_dir / NAMES_FILE, dtype=str, keep_default_na=False)
        names = names[names["source"] == source]
        self.source = source
        self._map = {n: Resolved(c or None, k) for n, c, k in zip(names["name"], names["code"], names["kind"])}

    def resolve(
        self,
        name: str,
        *,
        file: str | Path,
        column: str | None = None,
        row: int | None = None,
        sheet: str | None = None,
    ) -> Resolved:
        try:
            return self._map[name]
        except KeyError:
            raise RawInputError(
                file,
                f"unknown country name for source {self.source!r}; add it to data/reference/{NAMES_FILE}",
                sheet=sheet,
                row=row,
                column=column,
                value=name,
            ) from None

    def code(self, name: str, **where) -> str | None:
        """The country code, or None where the name is an aggregate, organisation or non-state actor."""
        resolved = self.resolve(name, **where)
        return resolved.code if resolved.kind == "country" else None


def _date(value: object, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RawInputError(where, "not an ISO date (YYYY-MM-DD)", value=value) from None


def groups(reference_dir: Path = REFERENCE_DIR) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(groups, group_members) frames from groups.yaml, checked: known codes, valid dates, start <= end."""
    path = reference_dir / GROUPS_FILE
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    codes = set(countries(reference_dir)["code"])
    group_rows, member_rows = [], []
    for group, body in spec.items():
        group_rows.append(
            {
                "group": group,
                "name": body["name"],
                "source": " ".join(body["source"].split()),
                "note": " ".join(body.get("note", "").split()) or None,
            }
        )
        for member in body["members"]:
            where = f"{path} (group {group})"
            if "group" in member:
                if member["group"] not in spec:
                    raise RawInputError(where, "nested group is not defined", value=member["group"])
                name, kind = member["group"], "group"
            elif member.get("code") in codes:
                name, kind = member["code"], "country"
            else:
                raise RawInputError(where, "member code is not in countries.csv", value=member.get("code"))
            start = _date(member["from"], where)
            end = _date(member["to"], where) if "to" in member else None
            if end is not None and end < start:
                raise RawInputError(where, "membership ends before it starts", value=name)
            member_rows.append(
                {
                    "group": group,
                    "member": name,
                    "member_type": kind,
                    "start": pd.Timestamp(start),
                    "end": pd.Timestamp(end) if end else pd.NaT,
                    "precision": member.get("precision", "day"),
                }
            )
    group_frame = pd.DataFrame(group_rows).astype({"note": "str"})
    members = pd.DataFrame(member_rows).astype({"start": "datetime64[ns]", "end": "datetime64[ns]"})
    return group_frame, members


def milestones(reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """The paper's milestones as curated in milestones.csv (raw text; typed by the build)."""
    return pd.read_csv(reference_dir / MILESTONES_FILE, dtype=str, keep_default_na=False)


def records(reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """The dated records of events, one row per fact per source, as curated in records.csv (raw text)."""
    return pd.read_csv(reference_dir / RECORDS_FILE, dtype=str, keep_default_na=False)


def omissions(reference_dir: Path = REFERENCE_DIR) -> pd.DataFrame:
    """Events the paper omits, with the reason (omissions.csv, raw text)."""
    return pd.read_csv(reference_dir / OMISSIONS_FILE, dtype=str, keep_default_na=False)
