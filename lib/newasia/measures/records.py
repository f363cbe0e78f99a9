"""Measures read from the project's curated reference tables: cited records of events (data/records.csv) and
group memberships (data/reference/groups.yaml). Each cites the published source of the record it reads."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from newasia import data, records
from newasia.groups import members
from newasia.measures.core import AnyValue, Computed, Date, Entity, RecordEvent, Text, measure
from newasia.tables import STAGES

Stage = Literal[STAGES]


@measure(unit="members", curated=True, tables=("groups", "group_members"))
def group_size(group: Entity, date: Date) -> Computed:
    """Number of members of a group on a date"""
    source = data.groups().set_index("group").loc[group, "source"]
    return Computed(
        len(members(group, date)),
        basis=f"curated record data/reference/groups.yaml, members on {date}; its source: {source}",
    )


def _precision(stated: Any, precision: str | None) -> str:
    found = precision or records.precision_of(stated)
    if found is None:
        raise ValueError(f"the stated value {stated!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); give `precision`")
    return found


def _detail(row: dict) -> dict:
    return {
        "record_id": row["record_id"],
        "stage": row["stage"],
        "event_date": row["event_date"],
        "precision": row["precision"],
        "end_date": row["end_date"] if isinstance(row["end_date"], str) else "",
        "publisher": row["publisher"],
        "title": row["title"],
        "url": row["url"],
        "source_kind": row["source_kind"],
    }


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def expand_records(params: dict, stated: Any) -> list[dict]:
    """One reading per record of the event: `defensible` at the claim's stage, `differs` at another stage. A
    stated number is compared only with records that give a figure."""
    stage = params["stage"]
    rows = records.of_event(params["event"], params.get("unit"))
    if _is_number(stated):
        rows = [row for row in rows if pd.notna(row["value"])]
    readings = []
    for row in rows:
        own = row["stage"]
        readings.append(
            {
                "label": f"{row['publisher']} ({row['record_id']}), {own.replace('_', ' ')}",
                "params": {"record": row["record_id"], "stated": stated},
                "role": "defensible" if own == stage else "differs",
                "differs": ""
                if own == stage
                else f"the record dates the {own.replace('_', ' ')}, not the {stage.replace('_', ' ')}",
            }
        )
    return readings


@measure(curated=True, tables=("records",), expand=expand_records)
def record(
    event: RecordEvent,
    stage: Stage,
    precision: Literal["year", "month", "day"] | None = None,
    unit: Text | None = None,
    record: Text | None = None,
    stated: AnyValue = None,
) -> Computed:
    """The date (at the stated precision) or figure of an event as each independent source records it

    One reading per record (data/records.csv). Without `record`, the first record of the event at the claim's
    stage."""
    if record is None:
        rows = records.of_event(event, unit)
        row = next((r for r in rows if r["stage"] == stage), rows[0])
    else:
        row = records.record(record)
    basis = f"record {row['record_id']} ({row['event']}, {row['stage'].replace('_', ' ')}): {records.citation(row)}"
    if _is_number(stated):
        if pd.isna(row["value"]):
            return Computed(None, str(row["unit"]), f"{basis}; the record gives no figure", _detail(row))
        return Computed(float(row["value"]), str(row["unit"]), basis, _detail(row))
    try:
        value = records.date_at(row, _precision(stated, precision), stated)
    except ValueError as reason:  # the record cannot confirm or contradict the stated date: no value, said why
        return Computed(None, "date", f"{basis}; no value: {reason}", _detail(row))
    return Computed(value, "date", basis, _detail(row))
