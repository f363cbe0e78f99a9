"""Declaring a measure once.

A measure is a plain function that returns a `Computed`. The `@measure` decorator registers it in MEASURES and
reads everything else from the function itself: its parameters (names, defaults, required or not) from the
signature, what each parameter must be from its type annotation (the kinds below; a `Literal` is a choice), its
description from the docstring's first line. The decorator adds only what the signature cannot say: the unit, the
coverage domain whose years the year parameters must fall in (newasia.coverage, derived from the extracts) and the
tables it reads. Nothing is restated by hand, so a new measure is one function.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from newasia import coverage
from newasia.groups import check_entity

# What a parameter must be, as an annotation. The string is the parameter's kind (newasia.claims.spec checks it).
Entity = Annotated[str, "entity"]
Entities = Annotated[list[str] | str, "entities"]
Year = Annotated[int, "year"]
Date = Annotated[str, "date"]
Dates = Annotated[list[str] | str, "dates"]
Text = Annotated[str, "text"]
Indicator = Annotated[str, "indicator"]
ProductGroup = Annotated[str, "product_group"]
ProductGroups = Annotated[list[str], "product_groups"]
RtaId = Annotated[int, "rta"]
RecordEvent = Annotated[str, "record_event"]
Vintage = Annotated[str, "vintage"]
AnyValue = Annotated[Any, "any"]
CURRENT_VINTAGE = "current"


@dataclass(frozen=True)
class Computed:
    """A measure's result: value (number, date, text or list), unit, basis, and supporting numbers. A measure
    may leave the unit empty: the registry fills in the unit it was declared with."""

    value: Any
    unit: str = ""
    basis: str = ""
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Param:
    """One parameter of a measure: name, kind, whether required, default, allowed choices."""

    name: str
    kind: str
    required: bool = True
    default: Any = None
    choices: tuple | None = None

    @property
    def options(self) -> tuple:
        """The values a search may try instead of the stated one: the choices, both booleans, or the vintages."""
        if self.kind == "choice":
            return tuple(self.choices or ())
        if self.kind == "bool":
            return (True, False)
        if self.kind == "vintage":
            return (CURRENT_VINTAGE, *(v for v in coverage.vintages() if v != CURRENT_VINTAGE))
        return ()


@dataclass(frozen=True)
class Measure:
    """A measure: its function, parameters, unit, coverage domain, tables read, and a description."""

    name: str
    function: Callable[..., Computed]
    params: tuple[Param, ...]
    coverage: str | tuple[int, int] | None
    """The coverage domain whose years the measure's year parameters must fall in (newasia.coverage), or None."""
    description: str
    expand: Callable[[dict, Any], list[dict]] | None = None
    """Optional: the readings of a claim, generated from its parameters and stated value (one per record, say);
    each a dict with label, params, role and differs. When set, the spec's readings are replaced by these."""
    unit: str = ""
    tables: tuple[str, ...] = ()
    curated: bool = False
    """True when the measure reads the project's curated reference tables (records of events, group lists), not
    data: a claim checked with it is "checked against a curated record" and cites the record's source."""

    @property
    def years(self) -> tuple[int, int] | None:
        """First and last year of the measure's data, derived from the extract (newasia.coverage.years)."""
        if self.coverage is None or isinstance(self.coverage, tuple):  # a tuple: a synthetic measure's own years
            return self.coverage
        return coverage.years(self.coverage)

    def __call__(self, **params: Any) -> Computed:
        """Run the measure; a result without a unit gets the declared one."""
        computed = self.function(**params)
        if computed.unit or not self.unit:
            return computed
        return Computed(computed.value, self.unit, computed.basis, computed.detail)


MEASURES: dict[str, Measure] = {}


def _kind(annotation: Any) -> tuple[str, tuple | None]:
    """(kind, choices) of a parameter from its annotation; `X | None` is X."""
    if typing.get_origin(annotation) is Annotated:
        return typing.get_args(annotation)[1], None
    if typing.get_origin(annotation) is Literal:
        return "choice", typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(inner) == 1:
            return _kind(inner[0])
    simple = {bool: "bool", int: "int", float: "float"}
    if annotation in simple:
        return simple[annotation], None
    raise TypeError(f"annotation {annotation!r} names no parameter kind (use the kinds of newasia.measures.core)")


def params_of(function: Callable) -> tuple[Param, ...]:
    """The parameters of a measure function, from its signature and annotations."""
    hints = typing.get_type_hints(function, include_extras=True)
    found = []
    for name, parameter in inspect.signature(function).parameters.items():
        kind, choices = _kind(hints[name])
        required = parameter.default is inspect.Parameter.empty
        found.append(Param(name, kind, required, None if required else parameter.default, choices))
    return tuple(found)


def measure(
    *,
    unit: str = "",
    domain: str | None = None,
    tables: tuple[str, ...] = (),
    expand: Callable[[dict, Any], list[dict]] | None = None,
    curated: bool = False,
) -> Callable[[Callable[..., Computed]], Callable[..., Computed]]:
    """Register the decorated function as a measure named after it (see the module's docstring)."""

    def register(function: Callable[..., Computed]) -> Callable[..., Computed]:
        name = function.__name__
        if name in MEASURES:
            raise ValueError(f"measure {name!r} is declared twice")
        description = inspect.getdoc(function)
        if not description:
            raise ValueError(f"measure {name!r} needs a docstring: its first line describes it")
        MEASURES[name] = Measure(
            name,
            function,
            params_of(function),
            domain,
            description.split("\n\n")[0].replace("\n", " "),
            expand,
            unit,
            tuple(tables) or ((coverage.DOMAINS[domain][0],) if domain else ()),
            curated,
        )
        return function

    return register


def check_date(value: object) -> str:
    """ISO date text, or ValueError."""
    return dt.date.fromisoformat(str(value)).isoformat()


def check_entities(value: object) -> list[str] | str:
    """A list of country/group codes, or one group id standing for its members."""
    if isinstance(value, str):
        return check_entity(value)
    return [check_entity(v) for v in value]
