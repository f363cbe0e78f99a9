"""Evaluate a claim: compute every reading, compare with the stated value, combine by the written rules, and
look for findings (which reading the document most likely used, what the stated number really matches).

An error while evaluating a claim's own readings (an extract that cannot be loaded, a computation that raises) is
never a verdict: it raises EvaluationError naming the claim and the problem. 'Not testable with these data' comes
only from the ledger (a claim with a `not_testable` reason instead of a test). Only the search's alternative
readings may lack data: an alternative without a value is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from newasia.claims import compare, search
from newasia.claims.spec import Claim, Reading, load_ledger
from newasia.errors import EvaluationError, NewAsiaError
from newasia.format import fmt
from newasia.measures import CURATED, MEASURES, Computed

SHOWN_MATCHES = 5
COMPUTED, CURATED_RECORD, NO_EVIDENCE = "computed from data", "checked against a curated record", ""
CITED_RECORDS = "checked against cited records"
ERROR = "error"  # not a verdict: the claim could not be evaluated (only with keep_going)


@dataclass(frozen=True)
class ReadingResult:
    """One reading: its label, role, parameters, result (in the stated unit) and verdict (None: no data)."""

    label: str
    params: dict
    computed: Computed | None
    value: Any
    verdict: str | None
    problem: str = ""
    role: str = compare.DEFENSIBLE
    differs: str = ""

    @property
    def outcome(self) -> compare.Outcome:
        return compare.Outcome(self.verdict, self.role)


@dataclass(frozen=True)
class Evaluation:
    """A claim with its readings, overall verdict, findings and the kind of evidence behind the verdict."""

    claim: Claim
    readings: tuple[ReadingResult, ...]
    verdict: str
    findings: tuple[str, ...] = field(default=())
    matches: tuple[search.Match, ...] = field(default=())
    evidence: str = NO_EVIDENCE
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


def _compute(claim: Claim, reading: Reading) -> tuple[Computed, dict]:
    test = claim.test
    measure = MEASURES[reading.measure or test.measure]
    accepted = {p.name for p in measure.params}
    params = {k: v for k, v in {**test.params, **reading.params}.items() if k in accepted}
    return measure(**params), params


def _run(claim: Claim, reading: Reading) -> ReadingResult:
    computed, params = _compute(claim, reading)
    role, differs = reading.role, reading.differs
    if compare.units_differ(claim.stated.unit, computed.unit):
        role = compare.DIFFERS
        differs = (
            f"{computed.unit} ({compare.unit_family(computed.unit)}), not {claim.stated.unit} "
            f"({compare.unit_family(claim.stated.unit)})"
        )
    comparison = claim.test.compare
    detail = dict(computed.detail)
    if comparison.benchmark is not None:
        bench = comparison.benchmark
        benchmark, _ = _compute(claim, Reading(bench.label, {**reading.params, **bench.params}, bench.measure))
        detail["benchmark_value"] = benchmark.value
    value = _scaled(computed.value, claim.test.scale)
    verdict = compare.verdict_of(value, claim.stated.value, comparison, detail)
    return ReadingResult(
        reading.label,
        params,
        Computed(computed.value, computed.unit, computed.basis, detail),
        value,
        verdict,
        "",
        role,
        differs,
    )


def _numeric(results: tuple[ReadingResult, ...]) -> list[ReadingResult]:
    return [r for r in results if isinstance(r.value, (int, float)) and not compare.is_missing(r.value)]


def _closest(claim: Claim, results: tuple[ReadingResult, ...]) -> list[str]:
    """The reading closest to a stated number, and the spread of the readings."""
    numeric = _numeric(results)
    stated = claim.stated.value
    if not numeric or not isinstance(stated, (int, float)) or isinstance(stated, bool):
        return []
    unit = claim.stated.unit
    best = min(numeric, key=lambda r: abs(r.value - stated))
    if len(numeric) == 1:
        return [f"Computed {fmt(best.value, unit)} ({best.label}) against the stated {fmt(stated, unit)}."]
    low, high = min(r.value for r in numeric), max(r.value for r in numeric)
    spread = f"{fmt(low, unit)} to {fmt(high, unit)}"
    if not unit.startswith("%") and low > 0:
        spread += f", a gap of {100 * (high - low) / low:.0f}%"
    return [
        f"Closest to the stated {fmt(stated, unit)}: {best.label} ({fmt(best.value, unit)}); "
        f"the readings range from {spread}."
    ]


def _labels(results: tuple[ReadingResult, ...]) -> list[str]:
    """What each reading that matches only under another label matches."""
    return [
        f"The number matches under another label: {r.label} ({fmt(r.value, '')}) is in {r.differs}."
        if r.differs.startswith(r.computed.unit)
        else f"The number matches under another label: {r.label} ({r.differs})."
        for r in results
        if r.role == compare.DIFFERS and r.verdict in compare.SUPPORTING
    ]


def _recorded(claim: Claim, results: tuple[ReadingResult, ...]) -> list[str]:
    """For dates: what the records give when it differs from the stated date."""
    dated = [
        r
        for r in results
        if r.computed is not None and r.computed.unit == "date" and r.verdict is not None and r.role != compare.DIFFERS
    ]
    other = sorted({fmt_date(r.value) for r in dated if r.verdict not in compare.SUPPORTING})
    if not other:
        return []
    return [f"The records give {', '.join(other)} against the stated {fmt_date(claim.stated.value)}."]


def fmt_date(value: Any) -> str:
    return "..".join(value) if isinstance(value, list) else str(value)


def _searched(claim: Claim, results: tuple[ReadingResult, ...]) -> tuple[tuple[search.Match, ...], list[str]]:
    if any(compare.units_differ(claim.stated.unit, r.computed.unit) for r in results if r.computed):
        return (), []
    matches, tried = search.search(claim, lambda reading: _alternative_value(claim, reading))
    if not matches:
        return (), []
    unit = claim.stated.unit
    shown = "; ".join(f"{m.label} ({fmt(m.value, unit)})" for m in matches[:SHOWN_MATCHES])
    more = f" and {len(matches) - SHOWN_MATCHES} more" if len(matches) > SHOWN_MATCHES else ""
    return tuple(matches), [
        f"The stated {fmt(claim.stated.value, unit)} matches, within its rounding, {len(matches)} "
        f"of {tried} alternative readings (one label changed at a time): {shown}{more}."
    ]


def _alternative_value(claim: Claim, reading: Reading) -> Any:
    """The value of one of the search's alternatives; None where the data have none (KeyError, ValueError).
    Errors of the data themselves (NewAsiaError: a broken extract) still stop the evaluation."""
    try:
        return _run(claim, reading).value
    except (KeyError, ValueError) as error:
        if isinstance(error, NewAsiaError):
            raise
        return None


def _describe(error: Exception) -> str:
    return str(error) if isinstance(error, NewAsiaError) else f"{type(error).__name__}: {error}"


def evidence_of(claim: Claim) -> str:
    """What a claim with a test is checked against: cited records, a curated record, or data."""
    if MEASURES[claim.test.measure].expand is not None:
        return CITED_RECORDS
    names = {r.measure or claim.test.measure for r in claim.test.readings}
    return CURATED_RECORD if names <= CURATED else COMPUTED


def readings_of(claim: Claim) -> tuple[Reading, ...]:
    """The claim's readings: the spec's, or those its measure generates (one per record, say)."""
    measure = MEASURES[claim.test.measure]
    if measure.expand is None:
        return claim.test.readings
    return tuple(
        Reading(r["label"], r["params"], None, r["role"], r["differs"])
        for r in measure.expand(claim.test.params, claim.stated.value)
    )


def evaluate(claim: Claim) -> Evaluation:
    """Evaluate one claim (an opinion or a claim marked not testable gets that verdict and its reason).

    Any error while loading data or computing raises EvaluationError naming the claim and the problem."""
    if claim.opinion:
        return Evaluation(claim, (), compare.OPINION)
    if claim.test is None:
        return Evaluation(claim, (), compare.NOT_TESTABLE)
    try:
        results = tuple(_run(claim, reading) for reading in readings_of(claim))
        verdict = compare.combine(r.outcome for r in results)
        findings = _closest(claim, results) + _labels(results) + _recorded(claim, results)
        matches: tuple[search.Match, ...] = ()
        if verdict not in compare.SUPPORTING and MEASURES[claim.test.measure].expand is None:
            matches, found = _searched(claim, results)
            findings += found
            if verdict == compare.NOT_SUPPORTED and any(m.near for m in matches):
                verdict = compare.WRONG_LABEL
    except Exception as error:  # every failure is reported, named, never turned into a verdict
        raise EvaluationError(claim.id, _describe(error)) from error
    return Evaluation(claim, results, verdict, tuple(findings), matches, evidence_of(claim))


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
