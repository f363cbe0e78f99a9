"""Dated records of events from independent sources (data/records.csv): look up an event's records, give a
record's date at a precision, infer the precision of a stated date, and describe a record's citation."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from newasia import data

PRECISIONS = ("year", "month", "day")  # coarse to fine
_LENGTH = {"year": 4, "month": 7, "day": 10}
_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def precision_of(value: Any) -> str | None:
    """'YYYY' -> year, 'YYYY-MM' -> month, 'YYYY-MM-DD' -> day (a list: its first element); None otherwise."""
    if isinstance(value, list):
        return precision_of(value[0]) if value else None
    text = str(value) if value is not None else ""
    if not _PARTIAL.match(text):
        return None
    return {4: "year", 7: "month", 10: "day"}[len(text)]


def at_precision(date: str, precision: str) -> str:
    """A partial ISO date cut to a precision ('1950-01-30', 'month' -> '1950-01')."""
    return date[: _LENGTH[precision]]


def coarser(a: str, b: str) -> str:
    return min(a, b, key=PRECISIONS.index)


def events() -> list[str]:
    return sorted(data.records()["event"].unique())


@data.derived
def _by_event() -> dict[str, tuple[dict, ...]]:
    """Each event's records, as plain rows in date order, split once per process."""
    found: dict[str, list[dict]] = {}
    for row in data.records().sort_values(["event_date", "record_id"]).to_dict("records"):
        found.setdefault(str(row["event"]), []).append(row)
    return {event: tuple(event_rows) for event, event_rows in found.items()}


@data.derived
def _by_id() -> dict[str, dict]:
    return {row["record_id"]: row for rows in _by_event().values() for row in rows}


def has_event(event: str) -> bool:
    return event in _by_event()


def of_event(event: str, unit: str | None = None) -> list[dict]:
    """The records of one event as rows (column -> value; KeyError naming the slug if it has none), optionally
    only those whose unit contains `unit`, in date order."""
    found = _by_event().get(event)
    if found is None:
        raise KeyError(f"no record of event {event!r} in data/records.csv")
    return [row for row in found if not unit or unit in _text(row["unit"])]


def record(record_id: str) -> dict:
    """One record as a row (column -> value); KeyError naming the id if there is none."""
    found = _by_id().get(record_id)
    if found is None:
        raise KeyError(f"no record {record_id!r} in data/records.csv")
    return found


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def citation(row: dict) -> str:
    """Publisher, title, address and kind of source of one record."""
    return f"{row['publisher']}, '{row['title']}', {row['url']} ({row['source_kind'].replace('_', ' ')})"


def span(row: dict) -> list[str]:
    """[start, end] of a record that spans days or years ([start, start] otherwise)."""
    end = row["end_date"] if isinstance(row["end_date"], str) else row["event_date"]
    return [row["event_date"], end]


def date_at(row: dict, precision: str, stated: Any = None) -> str | list[str]:
    """The record's date at the stated precision (a [start, end] pair when the stated value is one).

    A record less precise than the stated date cannot confirm it: when the two agree as far as the record goes,
    ValueError says so (no value); when they disagree, the record's own date is returned, which differs."""
    pair = isinstance(stated, list)
    if pair and len(stated) != 2:
        raise ValueError("the stated value is a list of more than two dates; records compare a date or a span")
    own = row["precision"]
    common = coarser(precision, own)
    dates = span(row) if pair else [row["event_date"]]
    if pair and not isinstance(row["end_date"], str):
        raise ValueError(f"the record gives a single date ({row['event_date']}), the claim a span")
    cut = [at_precision(d, common) for d in dates]
    if common != precision:
        wanted = [at_precision(str(s), common) for s in (stated if pair else [stated])] if stated else None
        if wanted == cut:
            raise ValueError(
                f"the record dates it only to the {own} ({'..'.join(dates)}), consistent with the "
                f"stated date but less precise"
            )
    return cut if pair else cut[0]


def to_timestamp(date: str) -> pd.Timestamp:
    """A partial ISO date drawn on its first day ('1950' -> 1950-01-01)."""
    return pd.Timestamp(date)


def checked_claims(document: str) -> pd.DataFrame:
    """One row per (claim, record) of the document's claims checked against records with a stated date: the claim,
    its event and stage, the stated date, the record's date, stage, publisher, whether it is at the claim's stage,
    and the claim's verdict. Dates are drawn on their first day."""
    from newasia.claims import evaluation, load_ledger  # the ledger reads this module's table
    from newasia.claims.engine import CITED_RECORDS, evidence_of

    rows = []
    for claim in load_ledger():
        if claim.document != document or claim.opinion or claim.test is None or evidence_of(claim) != CITED_RECORDS:
            continue
        found = evaluation(claim.id)
        stated = claim.stated.value
        if precision_of(stated) is None:
            continue
        first = stated[0] if isinstance(stated, list) else stated
        for reading in found.readings:
            row = record(reading.params["record"])
            rows.append(
                {
                    "claim": claim.id,
                    "event": claim.test.params["event"],
                    "stage": claim.test.params["stage"],
                    "stated": "..".join(stated) if isinstance(stated, list) else stated,
                    "stated_date": to_timestamp(first),
                    "record": row["record_id"],
                    "recorded": row["event_date"],
                    "recorded_date": to_timestamp(row["event_date"]),
                    "record_stage": row["stage"],
                    "publisher": row["publisher"],
                    "same_stage": row["stage"] == claim.test.params["stage"],
                    "verdict": found.verdict,
                }
            )
    return pd.DataFrame(rows)


def differences(checked: pd.DataFrame, supported: str) -> pd.DataFrame:
    """The checked claims (rows of `checked_claims`) whose verdict is not `supported`, one row per claim with every
    recorded date, its stage and publisher: 'recorded dates' = '1997-11 (visit, TASS); ...'."""
    rows = checked[checked["verdict"] != supported]
    joined = rows.groupby(["claim", "stated", "verdict"]).apply(
        lambda g: "; ".join(
            f"{r.recorded} ({r.record_stage.replace('_', ' ')}, {r.publisher})" for r in g.itertuples()
        ),
        include_groups=False,
    )
    return joined.rename("recorded dates").to_frame()
