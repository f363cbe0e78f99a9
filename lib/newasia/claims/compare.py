"""Compare a computed value with a stated one and combine the verdicts of several readings."""

from __future__ import annotations

import math
from typing import Any

from newasia.claims.spec import Comparison

SUPPORTED = "supported"
ROUGHLY = "roughly supported"
NOT_SUPPORTED = "not supported"
DEPENDS = "depends on definition"
NOT_TESTABLE = "not testable with these data"
VERDICTS = (SUPPORTED, ROUGHLY, NOT_SUPPORTED, DEPENDS, NOT_TESTABLE)
_ORDER = {SUPPORTED: 0, ROUGHLY: 1, NOT_SUPPORTED: 2}


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _within(computed: float, stated: float, relative: float, absolute: float | None) -> bool:
    if absolute is not None:
        return abs(computed - stated) <= absolute
    return abs(computed - stated) <= relative * abs(stated)


def _approx(computed: float, stated: float, c: Comparison) -> str:
    if _within(computed, stated, c.tolerance, c.absolute):
        return SUPPORTED
    if _within(computed, stated, c.rough, c.rough_absolute):
        return ROUGHLY
    return NOT_SUPPORTED


def _bound(computed: float, stated: float, c: Comparison, above: bool, strict: bool) -> str:
    holds = (computed > stated if strict else computed >= stated) if above else \
        (computed < stated if strict else computed <= stated)
    if holds:
        return SUPPORTED
    return ROUGHLY if _within(computed, stated, c.rough, c.rough_absolute) else NOT_SUPPORTED


def _scalar(computed: Any, stated: Any, c: Comparison, detail: dict) -> str:
    op = c.op
    if op == "approx":
        return _approx(float(computed), float(stated), c)
    if op in ("at_least", "greater_than"):
        return _bound(float(computed), float(stated), c, above=True, strict=op == "greater_than")
    if op in ("at_most", "less_than"):
        return _bound(float(computed), float(stated), c, above=False, strict=op == "less_than")
    if op == "equal":
        return SUPPORTED if computed == stated else NOT_SUPPORTED
    if op == "same_set":
        return SUPPORTED if set(computed) == set(stated) else NOT_SUPPORTED
    if op == "includes_all":
        return SUPPORTED if set(stated) <= set(computed) else NOT_SUPPORTED
    if op in ("increasing", "decreasing"):
        sign = 1 if op == "increasing" else -1
        wanted = "rising" if op == "increasing" else "falling"
        if detail.get("direction") == wanted:
            return SUPPORTED
        return ROUGHLY if sign * float(computed) > 0 else NOT_SUPPORTED
    if op in ("negative", "positive"):
        return SUPPORTED if (float(computed) < 0) == (op == "negative") else NOT_SUPPORTED
    raise ValueError(f"unknown operator {op!r}")


def verdict_of(computed: Any, stated: Any, comparison: Comparison, detail: dict | None = None) -> str | None:
    """Verdict of one reading; None when the data have no value. Lists of numbers compare element by element
    (the worst element decides) unless the operator compares sets."""
    if is_missing(computed):
        return None
    if isinstance(computed, list) and comparison.op not in ("same_set", "includes_all"):
        verdicts = [_scalar(c, s, comparison, detail or {}) for c, s in zip(computed, stated, strict=True)]
        return max(verdicts, key=_ORDER.__getitem__)
    return _scalar(computed, stated, comparison, detail or {})


def combine(verdicts: list[str | None]) -> str:
    """Overall verdict of several readings: agreement gives that verdict; disagreement between a reading that
    supports the claim (fully or roughly) and one that does not means the verdict depends on the definition."""
    found = [v for v in verdicts if v is not None]
    if not found:
        return NOT_TESTABLE
    if all(v == SUPPORTED for v in found):
        return SUPPORTED
    if all(v in (SUPPORTED, ROUGHLY) for v in found):
        return ROUGHLY
    if all(v == NOT_SUPPORTED for v in found):
        return NOT_SUPPORTED
    return DEPENDS
