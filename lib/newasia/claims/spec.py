"""Read data/claims.yaml into checked `Claim` objects; a malformed entry raises ClaimSpecError naming the claim
and the field."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import ValidationError

from newasia import data, records
from newasia.claims.schema import (
    BENCHMARK_OPERATORS,
    DEFAULT_ROUGH,
    DEFAULT_TOLERANCE,
    ClaimModel,
    CompareModel,
    Kind,
    Operator,
    ReadingModel,
    TestModel,
)
from newasia.errors import ClaimSpecError, ExtractError, NewAsiaError
from newasia.groups import check_entity
from newasia.measures import MEASURES, Measure, Param, check_date, check_entities
from newasia.paths import DATA_DIR
from newasia.trade import SIDE_LABELS

# NEWASIA_LEDGER_DIR: the ledger to evaluate when NEWASIA_DATA_DIR points at another build (claims --data).
LEDGER_DIR = Path(os.environ.get("NEWASIA_LEDGER_DIR") or DATA_DIR / "claims")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader, ten times faster where built

DOCUMENTS = {
    "report": {
        "title": "Russia and Vietnam in the New Asia",
        "authors": "Tsvetov, Kashin, Korolev, Pyatachkova",
        "publisher": "Valdai Discussion Club",
        "year": 2019,
        "file": "000_27993d897c224150.txt",
    },
    "paper": {
        "title": "Vietnam - Russia relations - 70 years of historical milestones",
        "authors": "Nguyen Hung Cuong",
        "publisher": "Hanoi Law University",
        "year": 2020,
        "file": "002_c53c73bb0ad3c5c2.txt",
    },
}
KINDS = get_args(Kind)
OPERATORS = get_args(Operator)
__all__ = ["BENCHMARK_OPERATORS", "DEFAULT_ROUGH", "DEFAULT_TOLERANCE", "KINDS", "OPERATORS"]


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


def _check_param(measure: Measure, param: Param, value: Any, claim_id: str, where: str) -> Any:
    try:
        if param.kind == "entity":
            return check_entity(value)
        if param.kind == "entities":
            return check_entities(value)
        if param.kind == "year":
            if not isinstance(value, int):
                raise ValueError(f"year {value!r} is not a whole number")
            try:
                low, high = measure.years  # derived from the extract (newasia.coverage)
            except ExtractError:  # the extract is at fault, not the claim: evaluating the claim reports it
                return value
            if not low <= value <= high:
                raise ValueError(f"year {value!r} is outside the data of {measure.name} ({low}-{high})")
            return value
        if param.kind == "date":
            return check_date(value)
        if param.kind == "dates":
            return [check_date(v) for v in value] if isinstance(value, list) else check_date(value)
        if param.kind in ("choice", "vintage"):
            if value not in param.options:
                raise ValueError(f"{value!r} is not one of {list(param.options)}")
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
            if not records.has_event(value):
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
        raise ClaimSpecError(
            claim_id, f"{where}.{unknown[0]}", f"unknown parameter of {measure.name}; it takes {', '.join(known)}"
        )
    checked = {
        name: _check_param(measure, known[name], value, claim_id, f"{where}.{name}")
        for name, value in params.items()
        if value is not None
    }
    if complete:
        missing = [p.name for p in measure.params if p.required and p.name not in checked]
        if missing:
            raise ClaimSpecError(claim_id, f"{where}.{missing[0]}", f"is required by {measure.name}")
    return checked


def _measure(name: object, claim_id: str, where: str) -> Measure:
    if name not in MEASURES:
        raise ClaimSpecError(claim_id, where, f"unknown measure {name!r}; known: {', '.join(MEASURES)}")
    return MEASURES[name]


def _reading(model: ReadingModel, measure: Measure, claim_id: str, where: str) -> Reading:
    own = _measure(model.measure, claim_id, f"{where}.measure") if model.measure else None
    checked = check_params(own or measure, model.params, claim_id, f"{where}.params", complete=False)
    role = "source" if model.source else ("differs" if model.differs else "defensible")
    return Reading(model.label, checked, own.name if own else None, role, model.differs)


def _readings(models: list[ReadingModel] | None, measure: Measure, params: dict, claim_id: str) -> tuple[Reading, ...]:
    if models is None:
        if "side" in {p.name for p in measure.params} and "side" not in params:
            return tuple(Reading(SIDE_LABELS[s], {"side": s}) for s in ("reporter", "partner"))
        return (Reading("single reading", {}),)
    return tuple(_reading(model, measure, claim_id, f"test.readings[{i}]") for i, model in enumerate(models))


def _comparison(model: CompareModel, measure: Measure, claim_id: str) -> Comparison:
    benchmark = _reading(model.benchmark, measure, claim_id, "test.compare.benchmark") if model.benchmark else None
    return Comparison(
        model.op,
        float(model.tolerance),
        float(model.rough),
        None if model.absolute is None else float(model.absolute),
        None if model.rough_absolute is None else float(model.rough_absolute),
        benchmark,
    )


def _test(model: TestModel, claim_id: str) -> Test:
    measure = _measure(model.measure, claim_id, "test.measure")
    params = check_params(measure, model.params, claim_id, "test.params", complete=False)
    readings = _readings(model.readings, measure, params, claim_id)
    for reading in readings:
        own = MEASURES[reading.measure] if reading.measure else measure
        shared = {k: v for k, v in params.items() if k in {p.name for p in own.params}}
        check_params(own, {**shared, **reading.params}, claim_id, "test.params", complete=True)
    return Test(
        model.measure,
        params,
        readings,
        _comparison(model.compare, measure, claim_id),
        float(model.scale),
        model.explore_years,
        model.search,
    )


def _field_path(location: tuple) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not str(part).startswith(("function-", "union[", "int", "float", "str")):
            path += f".{part}" if path else str(part)
    return path


def _problem(error: dict) -> str:
    """One pydantic error in the ledger's words."""
    kind, value, where = error["type"], error.get("input"), _field_path(error["loc"])
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "is required"
    if kind == "literal_error":
        choices = list(
            OPERATORS
            if where.endswith(".op")
            else get_args(error["ctx"]["expected"])
            if isinstance(error.get("ctx", {}).get("expected"), tuple)
            else []
        )
        if where.endswith(".op"):
            return f"unknown operator {value!r}; use one of {list(OPERATORS)}"
        return f"must be one of {choices or error['ctx']['expected']}, not {value!r}"
    if kind.endswith(("_type", "_parsing")) or kind == "model_type":
        expected = kind.removesuffix("_type").removesuffix("_parsing").replace("model", "mapping")
        return f"must be {expected}, not {type(value).__name__} {value!r}"
    return error["msg"].removeprefix("Value error, ")


def _validated(raw: dict, claim_id: str) -> ClaimModel:
    try:
        return ClaimModel.model_validate(raw)
    except ValidationError as caught:
        errors = caught.errors(include_url=False)
        first = min(errors, key=lambda e: (e["type"] == "missing", len(e["loc"])))
        field = _field_path(first["loc"]) or ("test" if "exactly one of" in first["msg"] else "")
        for word, name in (("a benchmark is", "benchmark"), ("cannot differ", "differs")):
            if first["type"] == "value_error" and word in first["msg"]:
                field = f"{field}.{name}" if field else name
        raise ClaimSpecError(claim_id, field, _problem(first)) from None


def parse_claim(raw: dict) -> Claim:
    """One checked claim from its YAML mapping: its shape by the pydantic models of newasia.claims.schema, then
    its measures and parameters against the library and the data's coverage."""
    if not isinstance(raw, dict):
        raise ClaimSpecError(
            f"<entry {str(raw)[:40]!r}>", "", f"a claim must be a mapping of fields, not {type(raw).__name__}"
        )
    claim_id = str(raw.get("id") or "<no id>")
    model = _validated(raw, claim_id)
    stated = model.stated
    return Claim(
        id=model.id,
        document=model.document,
        section=model.section,
        quote=model.quote,
        kind=model.kind,
        stated=Stated(stated.value, stated.unit, stated.period),
        stated_source=model.stated_source,
        test=_test(model.test, claim_id) if model.test else None,
        not_testable=model.not_testable.model_dump() if model.not_testable else None,
        opinion=" ".join(model.opinion.reason.split()) if model.opinion else "",
        note=" ".join(model.note.split()),
        seed=model.seed,
        line=model.line,
    )


def read_entries(path: Path) -> list[dict]:
    """The raw YAML entries of one ledger file; a syntax error names the file and line."""
    try:
        entries = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
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
