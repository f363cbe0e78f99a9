"""Tables curated by the project: countries, groups and their membership, the paper's milestones, the dated records
of events from independent sources and the paper's omissions."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newasia import reference
from newasia.build import Built
from newasia.build.raw import RawSources, raise_first
from newasia.errors import RawInputError


def _milestones(reference_dir: Path) -> pd.DataFrame:
    frame = reference.milestones(reference_dir)
    path = reference_dir / reference.MILESTONES_FILE
    bad = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce").isna()
    raise_first(bad, path, "not an ISO date (YYYY-MM-DD)", column="date", values=frame["date"])
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").astype("datetime64[ns]")
    frame["claim_id"] = frame["claim_id"].where(frame["claim_id"] != "")
    return frame.sort_values(["date", "event"], ignore_index=True)


DATE_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
_REQUIRED = (
    "record_id",
    "event",
    "stage",
    "event_date",
    "precision",
    "parties",
    "description",
    "publisher",
    "title",
    "url",
    "source_kind",
)


def _parses(value: str, precision: str) -> bool:
    fmt = DATE_FORMATS.get(precision)
    return fmt is not None and not pd.isna(pd.to_datetime(value, format=fmt, errors="coerce"))


def _partial(value: str) -> str | None:
    """The precision of a partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD), None if it is not one."""
    for precision in ("day", "month", "year"):
        if _parses(value, precision):
            return precision
    return None


def _records(reference_dir: Path) -> pd.DataFrame:
    """Check every row: required fields, the date parses at its stated precision, end date and source date are
    partial ISO dates, the figure is a number; schema checks (vocabularies, url) follow in the build."""
    frame = reference.records(reference_dir)
    path = reference_dir / reference.RECORDS_FILE
    for row, record in enumerate(frame.to_dict("records"), start=2):
        for column in _REQUIRED:
            if not record[column].strip():
                raise RawInputError(path, "is required", row=row, column=column, value=record["record_id"])
        if not _parses(record["event_date"], record["precision"]):
            raise RawInputError(
                path,
                f"does not parse at its precision {record['precision']!r}",
                row=row,
                column="event_date",
                value=record["event_date"],
            )
        for column in ("end_date", "source_date"):
            if record[column] and _partial(record[column]) is None:
                raise RawInputError(
                    path, "not a date (YYYY, YYYY-MM or YYYY-MM-DD)", row=row, column=column, value=record[column]
                )
        if record["end_date"] and record["end_date"] < record["event_date"]:
            raise RawInputError(path, "ends before it starts", row=row, column="end_date", value=record["end_date"])
    frame["value"] = pd.to_numeric(frame["value"].where(frame["value"] != "")).astype("float64")
    for column in ("end_date", "unit", "source_date"):
        frame[column] = frame[column].where(frame[column] != "")
    return frame.sort_values("record_id", ignore_index=True)


def _omissions(reference_dir: Path, records: pd.DataFrame) -> pd.DataFrame:
    frame = reference.omissions(reference_dir)
    unknown = sorted(set(frame["event"]) - set(records["event"]))
    if unknown:
        raise RawInputError(
            reference_dir / reference.OMISSIONS_FILE, "names an event with no record", column="event", value=unknown[0]
        )
    return frame.sort_values("event", ignore_index=True)


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    groups, members = reference.groups(reference_dir)
    members = members.sort_values(["group", "member", "start"], ignore_index=True)
    records = _records(reference_dir)
    return {
        "countries": Built(reference.countries(reference_dir).sort_values("code", ignore_index=True)),
        "groups": Built(groups),
        "group_members": Built(members),
        "milestones": Built(_milestones(reference_dir)),
        "records": Built(records),
        "omissions": Built(_omissions(reference_dir, records)),
    }
