"""Rewrite the ledger entries the records research mapped (claims-map-*.csv): `record` -> a test with the record
measure (dates, and the figures listed in NUMERIC), `opinion` -> opinion with its reason, `not_found` -> not
testable with what was searched. Edits data/claims/*.yaml in place, keeping the files' style. One-off tool."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from consolidate_records import MERGE

ROOT = Path(__file__).resolve().parents[1]
# The map's event is not the one the claim's date is about: (event, stage, why).
EVENT = {
    "n-first-mil-aid-1964": (
        "soviet-military-aid-drv-1953-1965",
        "delivery",
        "The records date Soviet military aid from 1953; the map's 1964 event is a later tranche.",
    ),
    "v-jokowi-india-may-2018": (
        "jokowi-visit-india-2016",
        "visit",
        "The May 2018 meeting was Modi's visit to Jakarta (modi-visit-indonesia-2018); "
        "Widodo's visit to India is the event the report names.",
    ),
}
# Figures: claim -> (unit the record's unit must contain, operator, scale from the record's unit to the stated one).
NUMERIC = {
    "n-baron-65-pages": ("pages", "approx", 1),
    "n-1941-parade-6": ("soldiers", "at_least", 1),
    "n-aid-21517-tons": ("tons", "approx", 1),
    "n-76-aa-guns": ("anti-aircraft guns", "approx", 1),
    "n-14-h6": ("launchers", "approx", 1),
    "n-russia-fdi-950m": ("US$ billion", "greater_than", 1000),
    "n-vn-invest-3m": ("US$ billion", "approx", 1000),
    "n-th-true-milk": ("US$ billion", "greater_than", 1),
    "n-ninh-thuan-8bn": ("US$ billion", "greater_than", 1),
    "v-pakistan-2bn-coal": ("US$ billion", "approx", 1),
    "v-aria-1.5bn": ("per fiscal year", "approx", 1),
    "v-nargis-2.5m": ("million people", "at_least", 1),
    "v-adb-gms-21bn": ("projects undertaken", "approx", 1),
    "v-15-events": ("defence engagement", "approx", 1),
}
# Mapped to records, but the records do not date what the claim dates.
NOT_COMPARABLE = {
    "v-kaspersky-2008": "The records show the Malaysian headquarters in 2018 but give no opening year",
    "n-1997-1999-docs": "The claim names a period (1997-1999) of several documents; the records date single "
    "documents within it (legal-assistance treaty signed 1998, ratified 1999), not the period",
    "n-70-years": "The records date the establishment of relations (n-dipl-1950-01-30); the 70 years are arithmetic on it",
}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def q(text: str) -> str:
    return "'" + " ".join(str(text).split()).replace("'", "''") + "'"


def is_date(value) -> bool:
    if isinstance(value, list):
        return len(value) == 2 and all(isinstance(v, str) and DATE.match(v) for v in value)
    return isinstance(value, str) and bool(DATE.match(value))


def block(claim: dict, row: pd.Series, records: pd.DataFrame) -> tuple[list[str], str | None]:
    """The new lines replacing the verdict block, and a note to add (or None)."""
    status, cid = row.status, claim["id"]
    if status == "opinion":
        reason = (
            row.note
            if len(row.note) >= 40
            else f"{row.note.rstrip('.')}: the sentence characterises or judges; it states no date or figure to check."
        )
        return [f"  opinion: {{reason: {q(reason)}}}"], None
    if status == "not_found":
        return [
            "  not_testable:",
            f"    reason: {q('No independent source found. Searched: ' + row.note)}",
            f"    data_needed: {q(claim['not_testable']['data_needed'])}",
        ], None
    event, stage, note = MERGE.get(row.event, row.event), row.stage, None
    if cid in EVENT:
        event, stage, note = EVENT[cid]
    stated = claim["stated"]["value"]
    mine = records[records.event == event]
    if cid in NUMERIC:
        unit, op, scale = NUMERIC[cid]
        lines = [
            "  test:",
            "    measure: record",
            f"    params: {{event: {q(event)}, stage: {q(stage)}, unit: {q(unit)}}}",
            f"    compare: {{op: {op}}}",
        ]
        return lines + ([f"    scale: {scale}"] if scale != 1 else []), note
    if is_date(stated) and not mine.empty and cid not in NOT_COMPARABLE:
        return [
            "  test:",
            "    measure: record",
            f"    params: {{event: {q(event)}, stage: {q(stage)}}}",
            "    compare: {op: equal}",
        ], note
    why = NOT_COMPARABLE.get(cid) or (
        f"The records of {event} ({len(mine)}) bear on it, but the claim states no date or figure they can be "
        "compared with"
        if not mine.empty and not is_date(stated)
        else f"Searched for an independent date of {event}: no source found gives one at the claim's precision"
    )
    if not mine.empty and is_date(stated) and cid not in NOT_COMPARABLE:
        raise AssertionError(cid)
    if isinstance(stated, list) and is_date(stated[0]) and not mine.empty:
        why = f"The records of {event} ({len(mine)}) bear on it, but the claim states a list of dates, not one date or span"
    return [
        "  not_testable:",
        f"    reason: {q(why + '. Records research: ' + row.note)}",
        f"    data_needed: {q(claim['not_testable']['data_needed'])}",
    ], note


def main(folder: Path) -> None:
    records = pd.read_csv(ROOT / "data" / "reference" / "records.csv", dtype=str, keep_default_na=False)
    mapping = pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(folder.glob("claims-map-*.csv"))]
    ).set_index("claim_id")
    for document in ("report", "paper"):
        path = ROOT / "data" / "claims" / f"{document}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines()
        claims = {c["id"]: c for c in yaml.safe_load("\n".join(lines))}
        out, i = [], 0
        while i < len(lines):
            line = lines[i]
            out.append(line)
            i += 1
            if not line.startswith("- id: "):
                continue
            cid = line[6:].strip().strip("'\"")
            if (
                cid not in mapping.index
                or mapping.loc[cid, "status"] == "other_data"
                or "not_testable" not in claims[cid]
            ):
                continue
            new, note = block(claims[cid], mapping.loc[cid], records)
            # copy the claim's lines up to its not_testable block, replace the block, keep what follows
            while not lines[i].startswith("  not_testable:"):
                out.append(lines[i])
                i += 1
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                i += 1
            out.extend(new)
            if note:
                j = i
                existing = None
                while j < len(lines) and not lines[j].startswith("- id: "):
                    if lines[j].startswith("  note: "):
                        existing = j
                    j += 1
                if existing is None:
                    out.append(f"  note: {q(note)}")
                else:
                    old = yaml.safe_load(lines[existing][len("  note: ") :])
                    lines[existing] = f"  note: {q(old + ' ' + note)}"
        path.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/records"))
