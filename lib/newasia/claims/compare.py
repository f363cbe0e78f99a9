"""Compare a computed value with a stated one, and combine the verdicts of several readings by the written rules
of docs/VERDICT_RULES.md."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newasia.claims.spec import Comparison

SUPPORTED = "supported"
ROUGHLY = "roughly supported"
NOT_SUPPORTED = "not supported"
DEPENDS = "depends on definition"
WRONG_LABEL = "right number, wrong label"
OPINION = "opinion, not a factual claim"
NOT_TESTABLE = "not testable with these data"
VERDICTS = (SUPPORTED, ROUGHLY, DEPENDS, WRONG_LABEL, NOT_SUPPORTED, OPINION, NOT_TESTABLE)
SUPPORTING = (SUPPORTED, ROUGHLY)
_ORDER = {SUPPORTED: 0, ROUGHLY: 1, NOT_SUPPORTED: 2}

# What a reading stands for. `source`: the definition of the source the document names; `defensible`: a
# reasonable reading of what the document states, when it names no source; `differs`: the same number under
# another year, unit, scope, source or measure than the document states (it can only give "right number, wrong
# label").
SOURCE, DEFENSIBLE, DIFFERS = "source", "defensible", "differs"
ROLES = (SOURCE, DEFENSIBLE, DIFFERS)

# Unit families: a value in one family never supports a claim stated in another (TIV is not US$).
_FAMILIES = (("US$", "US$"), ("TIV", "TIV (volume index)"), ("%", "percent"), ("percentage points", "percent"))


@dataclass(frozen=True)
class Outcome:
    """One reading's verdict (None: the data have no value) and its role."""

    verdict: str | None
    role: str = DEFENSIBLE


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def unit_family(unit: str) -> str:
    """The family of a unit ('US$ billion' -> 'US$', 'TIV million' -> 'TIV (volume index)'), else the unit."""
    for prefix, family in _FAMILIES:
        if unit.startswith(prefix):
            return family
    return unit


def units_differ(stated_unit: str, computed_unit: str) -> bool:
    """True when both units belong to known, different families (a currency vs a volume index)."""
    known = {family for _, family in _FAMILIES}
    stated, computed = unit_family(stated_unit), unit_family(computed_unit)
    return stated in known and computed in known and stated != computed


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


def _bound(computed: float, stated: float, above: bool, strict: bool) -> str:
    """A bound ("more than 58%") holds or it does not: no rough band; closeness is reported as a finding."""
    holds = (
        (computed > stated if strict else computed >= stated)
        if above
        else (computed < stated if strict else computed <= stated)
    )
    return SUPPORTED if holds else NOT_SUPPORTED


def _scalar(computed: Any, stated: Any, c: Comparison, detail: dict) -> str:
    op = c.op
    if op == "approx":
        return _approx(float(computed), float(stated), c)
    if op in ("at_least", "greater_than"):
        return _bound(float(computed), float(stated), above=True, strict=op == "greater_than")
    if op in ("at_most", "less_than"):
        return _bound(float(computed), float(stated), above=False, strict=op == "less_than")
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
    if op == "positive_effect":
        return SUPPORTED if float(detail["pct_low"]) > 0 else NOT_SUPPORTED
    if op in ("faster_than_benchmark", "slower_than_benchmark"):
        benchmark = detail["benchmark_value"]
        faster = float(computed) > float(benchmark)
        return SUPPORTED if faster == (op == "faster_than_benchmark") else NOT_SUPPORTED
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


def _agreeing(verdicts: list[str]) -> str:
    return SUPPORTED if all(v == SUPPORTED for v in verdicts) else ROUGHLY


def combine(outcomes: Iterable[Outcome | str | None]) -> str:
    """The claim's verdict from its readings (docs/VERDICT_RULES.md):

    - the readings that decide are those of the document's stated source when a reading has that role, otherwise
      every defensible reading;
    - all deciding readings support the claim: supported (roughly, if any is only roughly);
    - some support it and some contradict it: depends on definition;
    - none supports it: right number, wrong label when a reading under another label (year, unit, scope, source,
      measure) matches, otherwise not supported;
    - no reading has a value: not testable with these data.
    """
    found = [o if isinstance(o, Outcome) else Outcome(o) for o in outcomes]
    found = [o for o in found if o.verdict is not None]
    if not found:
        return NOT_TESTABLE
    deciding = [o.verdict for o in found if o.role == SOURCE] or [o.verdict for o in found if o.role == DEFENSIBLE]
    supporting = [v for v in deciding if v in SUPPORTING]
    if deciding and len(supporting) == len(deciding):
        return _agreeing(supporting)
    if supporting:
        return DEPENDS
    if any(o.verdict in SUPPORTING for o in found):
        return WRONG_LABEL
    return NOT_SUPPORTED
