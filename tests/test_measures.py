"""The measure layer: each measure declared once, its parameters read from the signature."""

from __future__ import annotations

import inspect
from typing import Literal

import pytest
from newasia import coverage, trade
from newasia.claims.spec import _check_param
from newasia.errors import ClaimSpecError
from newasia.measures import MEASURES, Computed, core
from newasia.measures.core import Entity, Param, Text, Year, measure
from newasia.tables import TABLES

KINDS = {
    "entity", "entities", "year", "date", "dates", "choice", "int", "bool", "text", "indicator",
    "product_group", "product_groups", "record_event", "any", "rta", "vintage",
}  # fmt: skip


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for measures declared in a test."""
    monkeypatch.setattr(core, "MEASURES", {})
    return core


def test_parameters_are_read_from_the_signature(registry):
    @measure(unit="US$ million", domain="trade")
    def planted(a: Entity, year: Year, flow: Literal["exports", "imports"] = "exports", fixed_on: Text | None = None):
        """A planted measure

        More text that is not the description."""
        return Computed(1.0, basis="b")

    declared = registry.MEASURES["planted"]
    assert declared.params == (
        Param("a", "entity"),
        Param("year", "year"),
        Param("flow", "choice", False, "exports", ("exports", "imports")),
        Param("fixed_on", "text", False, None),
    )
    assert declared.description == "A planted measure"
    assert declared.tables == ("trade",)
    assert declared.years == coverage.years("trade")
    assert declared(a="VNM", year=2000).unit == "US$ million"  # the declared unit fills an empty one


def test_a_declaration_without_kind_or_docstring_or_twice_is_refused(registry):
    with pytest.raises(TypeError, match="names no parameter kind"):

        @measure()
        def untyped(a: str):
            """Untyped."""

    with pytest.raises(ValueError, match="needs a docstring"):

        @measure()
        def silent(a: Entity): ...

    @measure()
    def once(a: Entity):
        """Once."""

    with pytest.raises(ValueError, match="declared twice"):
        measure()(once)


def test_every_measure_matches_its_function():
    assert len(MEASURES) >= 30
    for name, declared in MEASURES.items():
        signature = inspect.signature(declared.function)
        assert [p.name for p in declared.params] == list(signature.parameters), name
        assert {p.kind for p in declared.params} <= KINDS, name
        assert set(declared.tables) <= set(TABLES), name
        assert declared.coverage is None or declared.coverage in coverage.DOMAINS, name
        assert declared.description and "\n" not in declared.description, name


def test_choices_come_from_the_library_and_the_data():
    params = {p.name: p for p in MEASURES["trade_value"].params}
    assert params["side"].choices == trade.SIDES and params["flow"].choices == trade.FLOWS
    vintage = {p.name: p for p in MEASURES["indicator_value"].params}["vintage"]
    assert set(vintage.options) == set(coverage.vintages()) and vintage.options[0] == "current"
    with pytest.raises(ClaimSpecError, match="1999-01"):
        _check_param(MEASURES["indicator_value"], vintage, "1999-01", "c-1", "test.params.vintage")


def test_a_measure_and_the_library_agree():
    """The claims engine and the notebooks read the same function: the measure's value is the library's."""
    computed = MEASURES["deficit_since"](a="RUS", b="ASEAN", end=2017)
    assert computed.value == trade.deficit_since("RUS", "ASEAN", 2017) == 2015
    assert computed.unit == "year"
    assert trade.deficit_since("RUS", "ASEAN", 2017, "partner") is None
    table = trade.growth_by_side("RUS", ["ASEAN"], 2005, 2017)
    growth = MEASURES["trade_growth"](a="RUS", b="ASEAN", start=2005, end=2017).value
    assert table.loc[(trade.SIDE_LABELS["reporter"], "ASEAN"), trade.CUMULATIVE] == pytest.approx(growth)
    assert list(table.columns[:2]) == ["2005 (US$ bn)", "2017 (US$ bn)"]
