"""The ledger as a readable table, as JSON (one object per claim) or as CSV."""

from __future__ import annotations

import csv
import io
import json
import math
import textwrap
from typing import Any

from newasia.claims.engine import ERROR, Evaluation, evaluate_all
from newasia.format import fmt


def _plain(value: Any) -> Any:
    """JSON-safe value: NaN becomes null, numbers are rounded to 6 significant digits."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return None if math.isnan(value) else float(f"{value:.6g}")
    return value


def computed_text(evaluation: Evaluation) -> str:
    """Every reading's value, labelled: 'reporter's own figures: 18.2 US$ billion; partner's ...'."""
    unit = evaluation.unit
    if evaluation.verdict == ERROR:
        return f"error: {evaluation.error}"
    parts = [f"{r.label}: {fmt(r.value, unit) if r.computed else 'no value'}" for r in evaluation.readings]
    return "; ".join(parts)


def basis_text(evaluation: Evaluation) -> str:
    """Distinct bases of the readings."""
    bases = []
    for reading in evaluation.readings:
        if reading.computed and reading.computed.basis not in bases:
            bases.append(reading.computed.basis)
    return " | ".join(bases)


def record(evaluation: Evaluation) -> dict:
    """One claim as a JSON-ready dict."""
    claim = evaluation.claim
    extra = {"error": evaluation.error} if evaluation.verdict == ERROR else {}
    return {
        "id": claim.id,
        "document": claim.document,
        "section": claim.section,
        "quote": claim.quote,
        "kind": claim.kind,
        "verdict": evaluation.verdict,
        "stated": {
            "value": _plain(claim.stated.value),
            "unit": claim.stated.unit,
            "period": claim.stated.period,
            "source": claim.stated_source,
        },
        "computed": [
            {
                "reading": r.label,
                "role": r.role,
                "differs": r.differs,
                "value": _plain(r.value),
                "verdict": r.verdict,
                "basis": r.computed.basis if r.computed else r.problem,
            }
            for r in evaluation.readings
        ],
        "evidence": evaluation.evidence,
        "unit": claim.stated.unit,
        "basis": basis_text(evaluation) if claim.test else "",
        "note": claim.note,
        "findings": list(evaluation.findings),
        "not_testable": claim.not_testable,
        "opinion": claim.opinion,
        **extra,
    }


Evaluations = tuple[Evaluation, ...] | None


def _selected(document: str | None, evaluations: Evaluations = None) -> list[Evaluation]:
    """The evaluations of one document (all when None); evaluates the ledger unless `evaluations` is given."""
    evaluations = evaluate_all() if evaluations is None else evaluations
    return [e for e in evaluations if document is None or e.claim.document == document]


def as_json(document: str | None = None, evaluations: Evaluations = None) -> str:
    return json.dumps([record(e) for e in _selected(document, evaluations)], indent=2, ensure_ascii=False)


CSV_COLUMNS = [
    "id",
    "document",
    "section",
    "kind",
    "verdict",
    "stated",
    "computed",
    "basis",
    "findings",
    "note",
    "not_testable_reason",
]


def csv_rows(document: str | None = None, evaluations: Evaluations = None) -> list[dict]:
    rows = []
    for e in _selected(document, evaluations):
        claim = e.claim
        rows.append(
            {
                "id": claim.id,
                "document": claim.document,
                "section": claim.section,
                "kind": claim.kind,
                "verdict": e.verdict,
                "stated": fmt(claim.stated.value, claim.stated.unit)
                if claim.stated.value is not None
                else claim.stated.period,
                "computed": computed_text(e) if claim.test else "",
                "basis": basis_text(e) if claim.test else "",
                "findings": " ".join(e.findings),
                "note": claim.note,
                "not_testable_reason": claim.not_testable["reason"] if claim.not_testable else claim.opinion,
            }
        )
    return rows


def as_csv(document: str | None = None, evaluations: Evaluations = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(document, evaluations))
    return out.getvalue()


def as_table(document: str | None = None, evaluations: Evaluations = None, width: int = 120) -> str:
    lines = []
    selected = _selected(document, evaluations)
    for e in selected:
        claim = e.claim
        stated = fmt(claim.stated.value, claim.stated.unit) if claim.stated.value is not None else "-"
        lines.append(f"{claim.id:<34} {e.verdict:<29} stated: {stated}")
        detail = computed_text(e) if claim.test else f"why: {claim.opinion or claim.not_testable['reason']}"
        lines.extend(textwrap.wrap(detail, width, initial_indent=" " * 4, subsequent_indent=" " * 6))
    counts = {}
    for e in selected:
        counts[e.verdict] = counts.get(e.verdict, 0) + 1
    lines.append("")
    lines.append("  ".join(f"{verdict}: {n}" for verdict, n in sorted(counts.items())))
    return "\n".join(lines)


def render(form: str, document: str | None = None, evaluations: Evaluations = None) -> str:
    """The ledger in one of the formats of `python -m newasia claims --format`."""
    return {"table": as_table, "json": as_json, "csv": as_csv}[form](document, evaluations)
