"""Evaluate a claim: compute every reading, compare with the stated value, combine, and look for findings
(which reading the document most likely used, and a year or definition that matches much better).

An error while evaluating (an extract that cannot be loaded, a computation that raises) is never a verdict:
it raises EvaluationError naming the claim and the problem. 'Not testable with these data' comes only from the
ledger (a claim with a `not_testable` reason instead of a test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newasia.claims import compare
from newasia.claims.format import fmt
from newasia.claims.measures import MEASURES, Computed
from newasia.claims.spec import Claim, Reading, load_ledger
from newasia.errors import EvaluationError, NewAsiaError

YEAR_OFFSETS = (-1, 1, -2, 2)
EXPLORED_OPERATORS = ("approx", "at_least", "greater_than", "at_most", "less_than")
ERROR = "error"  # not a verdict: the claim could not be evaluated (only with keep_going)


@dataclass(frozen=True)
class ReadingResult:
    """One reading: its label, parameters, result (in the stated unit) and verdict (None: no data)."""

    label: str
    params: dict
    computed: Computed | None
    value: Any
    verdict: str | None
    problem: str = ""


@dataclass(frozen=True)
class Evaluation:
    """A claim with its readings, overall verdict and findings."""

    claim: Claim
    readings: tuple[ReadingResult, ...]
    verdict: str
    findings: tuple[str, ...] = field(default=())
    error: str = ""

    @property
    def unit(self) -> str:
        """The stated unit, or the measure's own unit for a claim that states no value."""
        if self.claim.stated.value is not None or not self.readings or self.readings[0].computed is None:
            return self.claim.stated.unit
        return self.readings[0].computed.unit


def _scaled(value: Any, scale: float) -> Any:
    if scale == 1.0 or compare.is_missing(value) or isinstance(value, str):
        return value
    if isinstance(value, list):
        return [v * scale if isinstance(v, (int, float)) else v for v in value]
    return value * scale


def _run(claim: Claim, reading: Reading, overrides: dict | None = None) -> ReadingResult:
    test = claim.test
    measure = MEASURES[reading.measure or test.measure]
    accepted = {p.name for p in measure.params}
    params = {k: v for k, v in {**test.params, **reading.params, **(overrides or {})}.items() if k in accepted}
    computed = measure.function(**params)
    value = _scaled(computed.value, test.scale)
    verdict = compare.verdict_of(value, claim.stated.value, test.compare, computed.detail)
    return ReadingResult(reading.label, params, computed, value, verdict)


def _numeric(results: tuple[ReadingResult, ...]) -> list[ReadingResult]:
    return [r for r in results if isinstance(r.value, (int, float)) and not compare.is_missing(r.value)]


def _closest(claim: Claim, results: tuple[ReadingResult, ...]) -> list[str]:
    numeric = _numeric(results)
    stated = claim.stated.value
    if len(numeric) < 2 or not isinstance(stated, (int, float)) or claim.test.compare.op != "approx":
        return []
    unit = claim.stated.unit
    best = min(numeric, key=lambda r: abs(r.value - stated))
    low, high = min(r.value for r in numeric), max(r.value for r in numeric)
    spread = f"{fmt(low, unit)} to {fmt(high, unit)}"
    if not unit.startswith("%") and low > 0:
        spread += f", a gap of {100 * (high - low) / low:.0f}%"
    return [f"Closest to the stated {fmt(stated, unit)}: {best.label} ({fmt(best.value, unit)}); "
            f"the readings range from {spread}."]


def _other_years(claim: Claim, results: tuple[ReadingResult, ...]) -> list[str]:
    test = claim.test
    if (not test.explore_years or test.compare.op not in EXPLORED_OPERATORS or "year" not in test.params
            or any(r.verdict == compare.SUPPORTED for r in results)):
        return []
    year = test.params["year"]
    for offset in YEAR_OFFSETS:
        for reading in test.readings:
            low, high = MEASURES[reading.measure or test.measure].years or (year, year)
            if not low <= year + offset <= high:
                continue
            other = _run(claim, reading, {"year": year + offset})
            if other.verdict == compare.SUPPORTED:
                return [f"The stated value matches {year + offset} rather than {year}: "
                        f"{reading.label}, {year + offset}: {fmt(other.value, claim.stated.unit)}."]
    return []


def _describe(error: Exception) -> str:
    if isinstance(error, NewAsiaError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def evaluate(claim: Claim) -> Evaluation:
    """Evaluate one claim (a claim marked not testable gets that verdict and its reason).

    Any error while loading data or computing raises EvaluationError naming the claim and the problem.
    """
    if claim.test is None:
        return Evaluation(claim, (), compare.NOT_TESTABLE)
    try:
        results = tuple(_run(claim, reading) for reading in claim.test.readings)
        verdict = compare.combine([r.verdict for r in results])
        findings = _closest(claim, results) + _other_years(claim, results)
    except Exception as error:  # every failure is reported, named, never turned into a verdict
        raise EvaluationError(claim.id, _describe(error)) from error
    return Evaluation(claim, results, verdict, tuple(findings))


@cache
def _evaluated(claim_id: str) -> Evaluation:
    for claim in load_ledger():
        if claim.id == claim_id:
            return evaluate(claim)
    raise KeyError(f"no claim {claim_id!r} in data/claims/")


def evaluation(claim_id: str) -> Evaluation:
    """The evaluation of one claim of the ledger by id (computed once per session)."""
    return _evaluated(claim_id)


def evaluate_all(keep_going: bool = False) -> tuple[Evaluation, ...]:
    """Every claim of the ledger, in ledger order.

    The first claim that cannot be evaluated raises EvaluationError; with `keep_going`, such a claim is returned
    with the verdict ERROR (not a verdict) and its `error`, and the others are evaluated.
    """
    results = []
    for claim in load_ledger():
        try:
            results.append(_evaluated(claim.id))
        except EvaluationError as error:
            if not keep_going:
                raise
            results.append(Evaluation(claim, (), ERROR, error=str(error)))
    return tuple(results)


def errors_of(evaluations: tuple[Evaluation, ...]) -> list[str]:
    """The error messages of the claims that could not be evaluated."""
    return [e.error for e in evaluations if e.verdict == ERROR]
