"""The ledger against another build of the extracts, and against another vintage of the World Bank indicators.

- `evaluate_with(data_dir)`: the ledger's JSON records computed against another data folder (a build of other raw
  files, e.g. last year's or a refreshed one). It runs in a fresh process with NEWASIA_DATA_DIR set, so nothing
  loaded from this process's data/ can leak into it; the ledger itself (data/claims/) stays this repository's.
- `diff(records_a, records_b)`: the claims whose computed value (any reading) or verdict differs, with both.
- `indicator_vintage_changes()`: the claims read from the World Bank indicators whose readings differ between the
  bundled vintages (the 2018-08 vintage is what the report's authors could see; "current" is today's release).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from newasia.claims.spec import LEDGER_DIR
from newasia.errors import NewAsiaError


def evaluate_with(data_dir: Path) -> list[dict]:
    """Every claim's JSON record (as `python -m newasia claims --format json`) computed from `data_dir`."""
    data_dir = Path(data_dir).resolve()
    if not (data_dir / "datapackage.json").exists():
        raise NewAsiaError(
            f"{data_dir}: not a data folder (no datapackage.json); build one with "
            f"`python -m newasia data build --raw RAW --out {data_dir}`"
        )
    env = {**os.environ, "NEWASIA_DATA_DIR": str(data_dir), "NEWASIA_LEDGER_DIR": str(LEDGER_DIR)}
    done = subprocess.run(
        [sys.executable, "-m", "newasia", "claims", "--format", "json", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
    )
    if not done.stdout.strip().startswith("["):
        raise NewAsiaError(f"evaluating the ledger against {data_dir} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)


def _values(record: dict) -> dict[str, object]:
    return {c["reading"]: c["value"] for c in record.get("computed") or []}


def diff(ours: list[dict], theirs: list[dict]) -> pd.DataFrame:
    """One row per claim whose verdict or any reading's value differs: claim, reading, both values, both verdicts."""
    other = {r["id"]: r for r in theirs}
    rows = []
    for record in ours:
        them = other.get(record["id"])
        if them is None:
            continue
        a, b = _values(record), _values(them)
        changed = [label for label in dict.fromkeys([*a, *b]) if a.get(label) != b.get(label)]
        if record["verdict"] != them["verdict"] and not changed:
            changed = [""]
        for label in changed:
            rows.append(
                {
                    "claim": record["id"],
                    "reading": label,
                    "value": a.get(label),
                    "other value": b.get(label),
                    "verdict": record["verdict"],
                    "other verdict": them["verdict"],
                }
            )
    return pd.DataFrame(rows, columns=["claim", "reading", "value", "other value", "verdict", "other verdict"])


def indicator_vintage_changes(then: str = "2018-08", now: str = "current", only_changed: bool = True) -> pd.DataFrame:
    """Every reading of the claims computed from World Bank indicators, recomputed with vintage `then` and with
    `now`: what the report's authors could see against today's data. Rows where the two differ (a value missing
    in one vintage counts as a difference), with the claim's verdict (computed with the ledger's own vintage)."""
    from newasia.claims import evaluation, load_ledger
    from newasia.measures import MEASURES

    rows = []
    for claim in load_ledger():
        test = claim.test
        if test is None:
            continue
        for reading in test.readings:
            measure = reading.measure or test.measure
            if not measure.startswith("indicator_"):
                continue
            params = {**test.params, **reading.params}
            computed = {v: _computed(MEASURES[measure], {**params, "vintage": v}) for v in (then, now)}
            values = {v: c[0] for v, c in computed.items()}
            if values[then] != values[now] or not only_changed:
                period = params.get("year") or f"{params.get('start')}-{params.get('end')}"
                rows.append(
                    {
                        "claim": claim.id,
                        "reading": reading.label,
                        "country": params["country"],
                        "indicator": params["indicator"],
                        "period": str(period),
                        then: values[then],
                        now: values[now],
                        f"years in {then}": computed[then][1],
                        f"years in {now}": computed[now][1],
                        "changed": values[then] != values[now],
                        "verdict": evaluation(claim.id).verdict,
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "claim",
            "reading",
            "country",
            "indicator",
            "period",
            then,
            now,
            f"years in {then}",
            f"years in {now}",
            "changed",
            "verdict",
        ],
    )


def _computed(function, params: dict) -> tuple[float | None, int | None]:
    """(value rounded to 6 decimals, years with data), or (None, None) where the vintage cannot give it."""
    try:
        computed = function(**params)
    except (KeyError, ValueError, IndexError, NewAsiaError):
        return None, None
    value = computed.value
    years = (computed.detail or {}).get("years", 1)
    return (None, 0) if value is None or pd.isna(value) else (round(float(value), 6), years)
