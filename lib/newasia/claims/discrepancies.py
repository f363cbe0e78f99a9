"""The ledger's largest discrepancies first: how far the closest deciding reading is from the stated value, and how
much the verdict depends on the reading."""

from __future__ import annotations

import math

import pandas as pd

from newasia.claims import compare
from newasia.claims.engine import Evaluation, evaluate_all
from newasia.format import fmt

FLAGGED = (compare.NOT_SUPPORTED, compare.WRONG_LABEL, compare.DEPENDS, compare.ROUGHLY)


def _numbers(e: Evaluation) -> list[tuple[str, float]]:
    return [
        (r.label, float(r.value))
        for r in e.readings
        if r.role != compare.DIFFERS
        and isinstance(r.value, (int, float))
        and not isinstance(r.value, bool)
        and not math.isnan(r.value)
    ]


def gap_pct(e: Evaluation) -> float:
    """Distance of the closest deciding reading from the stated number, percent of the stated number (NaN where
    the claim states no single number)."""
    stated, numbers = e.claim.stated.value, _numbers(e)
    if not numbers or isinstance(stated, bool) or not isinstance(stated, (int, float)) or stated == 0:
        return float("nan")
    return min(100 * abs(value - stated) / abs(stated) for _, value in numbers)


def spread_pct(e: Evaluation) -> float:
    """Range of the deciding readings, percent of the stated number (how much the answer depends on the reading)."""
    stated, values = e.claim.stated.value, [v for _, v in _numbers(e)]
    if len(values) < 2 or isinstance(stated, bool) or not isinstance(stated, (int, float)) or stated == 0:
        return float("nan")
    return 100 * (max(values) - min(values)) / abs(stated)


def _explanation(e: Evaluation) -> str:
    return e.findings[-1] if e.findings else (e.claim.note or "")


def largest() -> pd.DataFrame:
    """The claims whose verdict is not a plain 'supported', ranked by gap, then spread; one line of explanation
    each (the engine's last finding: the search result or the closest reading)."""
    rows = []
    for e in evaluate_all():
        if e.verdict not in FLAGGED:
            continue
        stated = e.claim.stated
        rows.append(
            {
                "claim": e.claim.id,
                "verdict": e.verdict,
                "quote": e.claim.quote,
                "stated": fmt(stated.value, stated.unit) if stated.value is not None else stated.period,
                "gap (%)": gap_pct(e),
                "spread (%)": spread_pct(e),
                "explanation": _explanation(e),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["gap (%)", "spread (%)"], ascending=False, na_position="last", ignore_index=True)


def display_rows() -> list[dict]:
    """`largest()` ready to show: percentages with one decimal, a dash where the claim states no single number."""
    frame = largest()
    for column in ("gap (%)", "spread (%)"):
        frame[column] = [("-" if math.isnan(v) else f"{v:.1f}") for v in frame[column]]
    return frame.to_dict("records")
