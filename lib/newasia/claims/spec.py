"""Read data/claims.yaml into checked `Claim` objects; a malformed entry raises ClaimSpecError naming the claim
and the field."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from newasia import data
from newasia.claims.measures import MEASURES, SIDE_LABELS, Measure, Param, check_date, check_entities
from newasia.errors import ClaimSpecError, NewAsiaError
from newasia.groups import check_entity
from newasia.paths import DATA_DIR

LEDGER_DIR = DATA_DIR / "claims"

DOCUMENTS = {
    "report": {"title": "Russia and Vietnam in the New Asia", "authors": "Tsvetov, Kashin, Korolev, Pyatachkova",
               "publisher": "Valdai Discussion Club", "year": 2019, "file": "000_27993d897c224150.txt"},
    "paper": {"title": "Vietnam - Russia relations - 70 years of historical milestones", "authors": "Nguyen Hung Cuong",
              "publisher": "Hanoi Law University", "year": 2020, "file": "002_c53c73bb0ad3c5c2.txt"},
}
KINDS = ("trade_value", "growth_rate", "share", "count", "ranking", "money_amount", "date_event", "physical_count",
         "other")
OPERATORS = ("approx", "at_least", "greater_than", "at_most", "less_than", "equal", "same_set", "includes_all",
             "increasing", "decreasing", "negative", "positive", "faster_than_benchmark", "slower_than_benchmark")
BENCHMARK_OPERATORS = ("faster_than_benchmark", "slower_than_benchmark")
ROLES = ("source", "defensible", "differs")
DEFAULT_TOLERANCE, DEFAULT_ROUGH = 0.05, 0.10


@dataclass(frozen=True)
class Stated:
    """What the document states: a value (number, date, text or list; None for qualitative claims), unit, period."""

    value: Any
    unit: str
    period: str


@dataclass(frozen=True)
class Comparison:
    """How computed and stated compare: operator, relative tolerance for 'supported' and for 'roughly',
    or absolute tolerances in the stated unit (e.g. percentage points)."""

    op: str
    tolerance: float = DEFAULT_TOLERANCE
    rough: float = DEFAULT_ROUGH
    absolute: float | None = None
    rough_absolute: float | None = None
    benchmark: Reading | None = None


@dataclass(frozen=True)
class Reading:
    """One way of computing the claim: a label, the parameters that differ from the test's, optionally another
    measure (when the readings of a claim need different computations), and its role: `source` (the definition
    of the source the document names), `defensible` (a reasonable reading when it names none) or `differs`
    (another year, unit, scope, source or measure than the document states; `differs` says which)."""

    label: str
    params: dict
    measure: str | None = None
    role: str = "defensible"
    differs: str = ""


@dataclass(frozen=True)
class Test:
    """A computation spec: measure, parameters, readings, comparison and scale (measure unit -> stated unit)."""

    measure: str
    params: dict
    readings: tuple[Reading, ...]
    compare: Comparison
    scale: float = 1.0
    explore_years: bool = True
    search: bool = True


@dataclass(frozen=True)
class Claim:
    """One claim of one document, testable (`test`) or not (`not_testable` reason and data needed)."""

    id: str
    document: str
    section: str
    quote: str
    kind: str
    stated: Stated
    stated_source: str
    test: Test | None
    not_testable: dict | None
    opinion: str = ""
    note: str = ""
    seed: bool = True
    line: int | None = None


def _require(raw: dict, key: str, claim_id: str, kinds: type | tuple = str) -> Any:
    if key not in raw or raw[key] in (None, ""):
        raise ClaimSpecError(claim_id, key, "is required")
    if not isinstance(raw[key], kinds):
        raise ClaimSpecError(claim_id, key, f"must be {kinds}, not {type(raw[key]).__name__}")
    return raw[key]


def _check_param(measure: Measure, param: Param, value: Any, claim_id: str, where: str) -> Any:
    try:
        if param.kind == "entity":
            return check_entity(value)
        if param.kind == "entities":
            return check_entities(value)
        if param.kind == "year":
            low, high = measure.years
            if not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"year {value!r} is outside the data of {measure.name} ({low}-{high})")
            return value
        if param.kind == "date":
            return check_date(value)
        if param.kind == "dates":
            return [check_date(v) for v in value] if isinstance(value, list) else check_date(value)
        if param.kind == "choice":
            if value not in param.choices:
                raise ValueError(f"{value!r} is not one of {list(param.choices)}")
            return value
        if param.kind == "int":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError("must be a positive whole number")
            return value
        if param.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError("must be true or false")
            return value
        if param.kind == "text":
            return str(value)
        if param.kind == "indicator":
            if value not in set(data.indicator_definitions()["indicator"]):
                raise ValueError(f"unknown indicator {value!r} (see data/indicator_definitions.csv)")
            return value
        if param.kind in ("product_group", "product_groups"):
            known = set(data.product_groups()["product_group"])
            values = [value] if param.kind == "product_group" else list(value)
            unknown = [v for v in values if v not in known]
            if unknown:
                raise ValueError(f"unknown product group(s) {unknown} (see data/product_groups.csv)")
            return value
        if param.kind == "record_event":
            if value not in set(data.records()["event"]):
                raise ValueError(f"unknown event {value!r}: no record of it in data/records.csv")
            return value
        if param.kind == "any":
            return value
        if param.kind == "rta":
            if value not in set(data.rta()["rta_id"]):
                raise ValueError(f"no agreement with RTA ID {value!r} in data/rta.csv")
            return value
    except (ValueError, TypeError, NewAsiaError) as error:
        raise ClaimSpecError(claim_id, where, str(error)) from None
    raise ClaimSpecError(claim_id, where, f"parameter kind {param.kind!r} is not handled")


def check_params(measure: Measure, params: dict, claim_id: str, where: str, complete: bool) -> dict:
    """Checked parameters; `complete` also requires every required parameter."""
    known = {p.name: p for p in measure.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise ClaimSpecError(claim_id, f"{where}.{unknown[0]}",
                             f"unknown parameter of {measure.name}; it takes {', '.join(known)}")
    checked = {name: _check_param(measure, known[name], value, claim_id, f"{where}.{name}")
               for name, value in params.items() if value is not None}
    if complete:
        missing = [p.name for p in measure.params if p.required and p.name not in checked]
        if missing:
            raise ClaimSpecError(claim_id, f"{where}.{missing[0]}", f"is required by {measure.name}")
    return checked


def _measure(name: object, claim_id: str, where: str) -> Measure:
    if name not in MEASURES:
        raise ClaimSpecError(claim_id, where, f"unknown measure {name!r}; known: {', '.join(MEASURES)}")
    return MEASURES[name]


def _number(raw: dict, key: str, default: float | None, claim_id: str, where: str) -> float | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ClaimSpecError(claim_id, f"{where}.{key}", f"must be a number, not {type(value).__name__} {value!r}")
    return float(value)


def _reading(entry: object, measure: Measure, claim_id: str, where: str) -> Reading:
    if not isinstance(entry, dict) or not entry.get("label"):
        raise ClaimSpecError(claim_id, where, "each reading needs a label (and params, optionally a measure)")
    extra = sorted(set(entry) - {"label", "params", "measure", "source", "differs"})
    if extra:
        raise ClaimSpecError(claim_id, f"{where}.{extra[0]}", "unknown field")
    own = _measure(entry["measure"], claim_id, f"{where}.measure") if "measure" in entry else None
    checked = check_params(own or measure, entry.get("params") or {}, claim_id, f"{where}.params", complete=False)
    if entry.get("source") and entry.get("differs"):
        raise ClaimSpecError(claim_id, f"{where}.differs", "a reading of the stated source cannot differ from it")
    if "source" in entry and not isinstance(entry["source"], bool):
        raise ClaimSpecError(claim_id, f"{where}.source", "must be true or false")
    role = "source" if entry.get("source") else ("differs" if entry.get("differs") else "defensible")
    return Reading(str(entry["label"]), checked, own.name if own else None, role, str(entry.get("differs", "")))


def _readings(raw: list | None, measure: Measure, params: dict, claim_id: str) -> tuple[Reading, ...]:
    if raw is None:
        if "side" in {p.name for p in measure.params} and "side" not in params:
            return tuple(Reading(SIDE_LABELS[s], {"side": s}) for s in ("reporter", "partner"))
        return (Reading("single reading", {}),)
    if not isinstance(raw, list):
        raise ClaimSpecError(claim_id, "test.readings", "must be a list of readings")
    return tuple(_reading(entry, measure, claim_id, f"test.readings[{i}]") for i, entry in enumerate(raw))


def _comparison(raw: dict | None, measure: Measure, claim_id: str) -> Comparison:
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ClaimSpecError(claim_id, "test.compare", "must be a mapping with op and tolerances")
    op = raw.get("op", "approx")
    if op not in OPERATORS:
        raise ClaimSpecError(claim_id, "test.compare.op", f"unknown operator {op!r}; use one of {list(OPERATORS)}")
    extra = sorted(set(raw) - {"op", "tolerance", "rough", "absolute", "rough_absolute", "benchmark"})
    if extra:
        raise ClaimSpecError(claim_id, f"test.compare.{extra[0]}", "unknown field")
    if (op in BENCHMARK_OPERATORS) != ("benchmark" in raw):
        raise ClaimSpecError(claim_id, "test.compare.benchmark",
                             f"a benchmark is required by, and only by, {' and '.join(BENCHMARK_OPERATORS)}")
    benchmark = _reading(raw["benchmark"], measure, claim_id, "test.compare.benchmark") if "benchmark" in raw else None
    where = "test.compare"
    return Comparison(op, _number(raw, "tolerance", DEFAULT_TOLERANCE, claim_id, where),
                      _number(raw, "rough", DEFAULT_ROUGH, claim_id, where),
                      _number(raw, "absolute", None, claim_id, where),
                      _number(raw, "rough_absolute", None, claim_id, where), benchmark)


def _test(raw: object, claim_id: str) -> Test:
    if not isinstance(raw, dict):
        raise ClaimSpecError(claim_id, "test", "must be a mapping with measure, params, readings and compare")
    name = _require(raw, "measure", claim_id, str)
    measure = _measure(name, claim_id, "test.measure")
    extra = sorted(set(raw) - {"measure", "params", "readings", "compare", "scale", "explore_years", "search"})
    if extra:
        raise ClaimSpecError(claim_id, f"test.{extra[0]}", "unknown field")
    params = check_params(measure, raw.get("params") or {}, claim_id, "test.params", complete=False)
    readings = _readings(raw.get("readings"), measure, params, claim_id)
    for reading in readings:
        own = MEASURES[reading.measure] if reading.measure else measure
        shared = {k: v for k, v in params.items() if k in {p.name for p in own.params}}
        check_params(own, {**shared, **reading.params}, claim_id, "test.params", complete=True)
    for key in ("explore_years", "search"):
        if not isinstance(raw.get(key, True), bool):
            raise ClaimSpecError(claim_id, f"test.{key}", "must be true or false")
    return Test(name, params, readings, _comparison(raw.get("compare"), measure, claim_id),
                _number(raw, "scale", 1.0, claim_id, "test"), raw.get("explore_years", True), raw.get("search", True))


FIELDS = {"id", "document", "section", "line", "quote", "kind", "stated", "stated_source", "test", "not_testable",
          "opinion", "note", "seed"}
VERDICT_FIELDS = ("test", "not_testable", "opinion")


def parse_claim(raw: dict) -> Claim:
    """One checked claim from its YAML mapping."""
    if not isinstance(raw, dict):
        raise ClaimSpecError(f"<entry {str(raw)[:40]!r}>", "", "a claim must be a mapping of fields, not "
                             f"{type(raw).__name__}")
    claim_id = raw.get("id") or "<no id>"
    extra = sorted(set(raw) - FIELDS)
    if extra:
        raise ClaimSpecError(claim_id, extra[0], f"unknown field; a claim takes {', '.join(sorted(FIELDS))}")
    _require(raw, "id", claim_id)
    document = _require(raw, "document", claim_id)
    if document not in DOCUMENTS:
        raise ClaimSpecError(claim_id, "document", f"must be one of {list(DOCUMENTS)}")
    kind = _require(raw, "kind", claim_id)
    if kind not in KINDS:
        raise ClaimSpecError(claim_id, "kind", f"must be one of {list(KINDS)}")
    stated = raw.get("stated") or {}
    if not isinstance(stated, dict):
        raise ClaimSpecError(claim_id, "stated", "must be a mapping with value, unit and period")
    given = [key for key in VERDICT_FIELDS if raw.get(key) is not None]
    if len(given) != 1:
        raise ClaimSpecError(claim_id, "test", "give exactly one of `test`, `not_testable` and `opinion`")
    has_test, has_reason = given == ["test"], given == ["not_testable"]
    not_testable = raw.get("not_testable")
    opinion = raw.get("opinion")
    if opinion is not None and not (isinstance(opinion, dict) and opinion.get("reason")):
        raise ClaimSpecError(claim_id, "opinion", "needs `reason`: why the statement is a judgement")
    if has_reason and not (isinstance(not_testable, dict) and not_testable.get("reason")
                           and not_testable.get("data_needed")):
        raise ClaimSpecError(claim_id, "not_testable", "needs `reason` and `data_needed`")
    return Claim(
        id=claim_id, document=document, section=_require(raw, "section", claim_id),
        quote=_require(raw, "quote", claim_id), kind=kind,
        stated=Stated(stated.get("value"), str(stated.get("unit", "")), str(stated.get("period", ""))),
        stated_source=str(raw.get("stated_source", "none")),
        test=_test(raw["test"], claim_id) if has_test else None, not_testable=not_testable,
        opinion=" ".join(str(opinion["reason"]).split()) if opinion else "",
        note=" ".join(str(raw.get("note", "")).split()), seed=bool(raw.get("seed", True)), line=raw.get("line"),
    )


def read_entries(path: Path) -> list[dict]:
    """The raw YAML entries of one ledger file; a syntax error names the file and line."""
    try:
        entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark else str(path)
        raise ClaimSpecError("<ledger>", where, f"is not valid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(entries, list):
        raise ClaimSpecError("<ledger>", str(path), "must be a YAML list of claims")
    return entries


def _entry_line(path: Path, claim_id: str) -> int | None:
    for number, text in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if text.strip() in (f"- id: {claim_id}", f"- id: '{claim_id}'", f'- id: "{claim_id}"'):
            return number
    return None


def _parsed(entry: object, path: Path) -> Claim:
    try:
        return parse_claim(entry)
    except ClaimSpecError as error:
        line = _entry_line(path, error.claim_id)
        location = f"{path}, line {line}" if line else str(path)
        raise ClaimSpecError(error.claim_id, error.field, error.problem, location) from None


@cache
def load_ledger(folder: Path = LEDGER_DIR) -> tuple[Claim, ...]:
    """Every claim of the ledger (data/claims/report.yaml, then paper.yaml), checked; duplicate ids are an error.
    Errors name the file, the claim's line, the claim and the field."""
    claims, seen = [], set()
    for document in DOCUMENTS:
        path = Path(folder) / f"{document}.yaml"
        for entry in read_entries(path):
            claim = _parsed(entry, path)
            if claim.id in seen:
                raise ClaimSpecError(claim.id, "id", "is used twice", str(path))
            seen.add(claim.id)
            claims.append(claim)
    return tuple(claims)
