"""The shape of a ledger entry, declared once as pydantic models: fields, types, allowed words. Unknown fields,
wrong types and missing fields are errors; lib/newasia/claims/spec.py turns each into a ClaimSpecError naming the
claim and the field path. What a measure accepts (its parameters, the data's coverage) is checked in spec.py."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, model_validator

Document = Literal["report", "paper"]
Kind = Literal[
    "trade_value", "growth_rate", "share", "count", "ranking", "money_amount", "date_event", "physical_count", "other"
]
Operator = Literal[
    "approx",
    "at_least",
    "greater_than",
    "at_most",
    "less_than",
    "equal",
    "same_set",
    "includes_all",
    "increasing",
    "decreasing",
    "negative",
    "positive",
    "faster_than_benchmark",
    "slower_than_benchmark",
    "positive_effect",
]
BENCHMARK_OPERATORS = ("faster_than_benchmark", "slower_than_benchmark")
DEFAULT_TOLERANCE, DEFAULT_ROUGH = 0.05, 0.10
Number = StrictInt | StrictFloat
Text = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class StatedModel(_Strict):
    value: Any = None
    unit: Text = ""
    period: Text = ""


class ReadingModel(_Strict):
    label: str = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict)
    measure: str | None = None
    source: StrictBool = False
    differs: str = ""

    @model_validator(mode="after")
    def _source_or_differs(self) -> ReadingModel:
        if self.source and self.differs:
            raise ValueError("a reading of the stated source cannot differ from it (give `source` or `differs`)")
        return self


class CompareModel(_Strict):
    op: Operator = "approx"
    tolerance: Number = DEFAULT_TOLERANCE
    rough: Number = DEFAULT_ROUGH
    absolute: Number | None = None
    rough_absolute: Number | None = None
    benchmark: ReadingModel | None = None

    @model_validator(mode="after")
    def _benchmark_with_its_operators(self) -> CompareModel:
        if (self.op in BENCHMARK_OPERATORS) != (self.benchmark is not None):
            raise ValueError(f"a benchmark is required by, and only by, {' and '.join(BENCHMARK_OPERATORS)}")
        return self


class TestModel(_Strict):
    measure: str
    params: dict[str, Any] = Field(default_factory=dict)
    readings: list[ReadingModel] | None = None
    compare: CompareModel = Field(default_factory=CompareModel)
    scale: Number = 1.0
    explore_years: StrictBool = True
    search: StrictBool = True


class NotTestableModel(_Strict):
    reason: str = Field(min_length=1)
    data_needed: str = Field(min_length=1)


class OpinionModel(_Strict):
    reason: str = Field(min_length=1)


class ClaimModel(_Strict):
    id: str = Field(min_length=1)
    document: Document
    section: str = Field(min_length=1)
    line: StrictInt | None = None
    quote: str = Field(min_length=1)
    kind: Kind
    stated: StatedModel = Field(default_factory=StatedModel)
    stated_source: str = "none"
    test: TestModel | None = None
    not_testable: NotTestableModel | None = None
    opinion: OpinionModel | None = None
    note: str = ""
    seed: StrictBool = True

    @model_validator(mode="after")
    def _one_verdict_source(self) -> ClaimModel:
        given = [name for name in ("test", "not_testable", "opinion") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of `test`, `not_testable` and `opinion`")
        return self
