"""What the extracts cover, derived from the extracts themselves (never typed), and the one check of a notebook's
parameters against it.

Each *domain* is one source's table: its years, the countries present (reporters and partners, suppliers and
recipients, hosts and origins), and for some the extra sets a parameter can name (product-data reporters,
indicator codes, data vintages, WTO regions). `years(domain)` is what the claims engine checks claim years against
(each measure of newasia.measures declares a domain) and what `check_parameters` checks a notebook's years
against: one range, computed once per process from the data.

    coverage.check_parameters("08", COUNTRY="VNM", PARTNER="RUS", START=1995, END=2021)

raises ParameterError naming the parameter, its value and the valid range or set, before any computation.
"""

from __future__ import annotations

import datetime as dt
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from newasia import data
from newasia.errors import ParameterError

# domain -> (table, year column or date columns, the columns that hold country codes)
DOMAINS: dict[str, tuple[str, str | tuple[str, ...], tuple[str, ...]]] = {
    "trade": ("trade", "year", ("reporter", "partner")),
    "products": ("product_trade", "year", ("reporter", "partner")),
    "indicators": ("indicators", "year", ("country",)),
    "hdi": ("hdi", "year", ("country",)),
    "arms": ("arms_transfers", "year", ("supplier", "recipient")),
    "students": ("students", "year", ("host", "origin")),
    "agreements": (
        "rta",
        (
            "signature_goods",
            "entry_into_force_goods",
            "entry_into_force_services",
            "notification_goods",
            "inactive_date",
        ),
        (),
    ),
}


def _check_domain(domain: str) -> tuple[str, str | tuple[str, ...], tuple[str, ...]]:
    if domain not in DOMAINS:
        raise KeyError(f"unknown coverage domain {domain!r}; known: {', '.join(DOMAINS)}")
    return DOMAINS[domain]


@data.derived
def years(domain: str) -> tuple[int, int]:
    """First and last year of `domain`'s table (for agreements: of any date the WTO snapshot records)."""
    table, column, _ = _check_domain(domain)
    frame = data.load(table)
    if isinstance(column, str):
        return int(frame[column].min()), int(frame[column].max())
    dates = pd.concat([frame[c] for c in column]).dropna()
    return int(dates.min().year), int(dates.max().year)


@data.derived
def countries(domain: str, column: str | None = None) -> frozenset[str]:
    """Country codes present in `domain`'s table (in one column, e.g. "reporter", or in any)."""
    table, _, columns = _check_domain(domain)
    if domain == "agreements":
        frame, columns = data.load("rta_parties"), ("party",)
    else:
        frame = data.load(table)
    chosen = [column] if column else list(columns)
    return frozenset(v for c in chosen for v in frame[c].dropna().unique())


def reporters(domain: str) -> frozenset[str]:
    """The countries that report in `domain` (trade: IMF reporters; products: the OTS reporters bundled)."""
    return countries(domain, "reporter")


def product_reporters() -> frozenset[str]:
    return reporters("products")


@data.derived
def vintages() -> tuple[str, ...]:
    """The World Bank data vintages in the indicators table, in order."""
    return tuple(sorted(data.indicators()["vintage"].unique()))


@data.derived
def vintage_years(vintage: str) -> tuple[int, int]:
    frame = data.indicators()
    selected = frame.loc[frame["vintage"] == vintage, "year"]
    return int(selected.min()), int(selected.max())


@data.derived
def indicator_codes() -> tuple[str, ...]:
    return tuple(sorted(data.indicator_definitions()["indicator"]))


@data.derived
def regions() -> tuple[str, ...]:
    """The WTO regions named in the agreements' region lists."""
    names = data.rta()["region"].dropna().str.split("; ").explode()
    return tuple(sorted(set(names)))


@data.derived
def group_ids() -> tuple[str, ...]:
    return tuple(sorted(data.groups()["group"]))


@data.derived
def country_codes() -> frozenset[str]:
    return frozenset(data.countries()["code"])


def summary() -> pd.DataFrame:
    """One row per domain: table, first and last year, number of countries (and of reporters where they differ)."""
    rows = []
    for domain, (table, _, columns) in DOMAINS.items():
        first, last = years(domain)
        rows.append(
            {
                "domain": domain,
                "table": table,
                "first year": first,
                "last year": last,
                "countries": len(countries(domain)),
                "reporters": len(reporters(domain)) if "reporter" in columns else None,
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------------
# Parameters


@dataclass(frozen=True)
class Kind:
    """What a parameter must be: `what` is one of country, entity (country or group), group, groups, year, date,
    int, choice, region, agreement (`agreement_names`), spec (a gravity specification's name); `domain` says
    whose data it is checked against; `also` more domains it must fit."""

    what: str
    domain: str | None = None
    also: tuple[str, ...] = ()
    choices: tuple = ()
    optional: bool = False
    minimum: int = 1


def _year_range(kind: Kind) -> tuple[int, int]:
    low, high = years(kind.domain)
    for other in kind.also:
        other_low, other_high = years(other)
        low, high = max(low, other_low), min(high, other_high)
    return low, high


def _set_text(values: Iterable[str], limit: int = 12) -> str:
    values = sorted(values)
    shown = ", ".join(values[:limit])
    return shown + (f", ... ({len(values)} in all)" if len(values) > limit else "")


def _check_one(name: str, value: object, kind: Kind) -> None:
    if value is None and kind.optional:
        return
    if kind.what == "year":
        low, high = _year_range(kind)
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or not low <= value <= high:
            source = " and ".join((kind.domain, *kind.also))
            raise ParameterError(name, value, f"a year from {low} to {high} (the {source} data)")
    elif kind.what in ("country", "entity", "group"):
        groups = set(group_ids())
        if kind.what == "group":
            if value not in groups:
                raise ParameterError(name, value, f"a group id of data/reference/groups.yaml: {_set_text(groups)}")
            return
        if kind.what == "entity" and value in groups:
            return
        present = countries(kind.domain) if kind.domain else country_codes()
        if not isinstance(value, str) or value not in present:
            where = f"present in the {kind.domain} data" if kind.domain else "of data/countries.csv"
            extra = " or a group id" if kind.what == "entity" else ""
            known = "" if value in country_codes() else " (not a code of data/countries.csv)"
            raise ParameterError(name, value, f"a country code {where}{extra}{known}: {_set_text(present)}")
    elif kind.what == "groups":
        if isinstance(value, str) or not all(v in group_ids() for v in value):
            raise ParameterError(name, value, f"a list of group ids of groups.yaml: {_set_text(group_ids())}")
    elif kind.what == "date":
        low, high = years(kind.domain)
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            raise ParameterError(name, value, "an ISO date (YYYY-MM-DD)") from None
        if not low <= day.year <= high:
            raise ParameterError(name, value, f"a date from {low} to {high} (the {kind.domain} data)")
    elif kind.what == "int":
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < kind.minimum:
            raise ParameterError(name, value, f"a whole number of at least {kind.minimum}")
    elif kind.what == "choice":
        if value not in kind.choices:
            raise ParameterError(name, value, f"one of {', '.join(map(str, kind.choices))}")
    elif kind.what == "region":
        if value not in regions():
            raise ParameterError(name, value, f"a WTO region of the agreements data: {_set_text(regions())}")
    elif kind.what in ("agreement", "spec"):
        _check_gravity(name, value, kind)
    else:  # pragma: no cover - a mistake in NOTEBOOKS below
        raise KeyError(kind.what)


@data.derived
def agreement_names() -> frozenset[str]:
    """What an agreement parameter can name: "average", the WTO short names of the agreements data, and the
    agreements given a term of their own in newasia.gravity's specifications."""
    from newasia import agreements, gravity

    wto = {agreements.short_name(name) for name in data.rta()["name"]}
    return frozenset({"average", *wto, *gravity.agreement_specs()})


def _check_gravity(name: str, value: object, kind: Kind) -> None:
    """An agreement name (`agreement_names`) or the name of a gravity specification of the DOTS panel."""
    from newasia import gravity

    if kind.what == "agreement" and value not in agreement_names():
        estimated = _set_text(gravity.agreement_specs())
        raise ParameterError(
            name, value, f"'average' or a WTO short name of the agreements data (estimated so far: {estimated})"
        )
    if kind.what == "spec" and value not in gravity.spec_names():
        raise ParameterError(name, value, f"a specification of newasia.gravity: {_set_text(gravity.spec_names(), 20)}")


def _ordered(params: Mapping[str, object], first: str, last: str) -> None:
    if first in params and last in params and params[first] > params[last]:
        raise ParameterError(first, params[first], f"a year no later than {last} ({params[last]})")


TRADE_YEAR = Kind("year", "trade")
ARMS_YEAR = Kind("year", "arms")

# The parameters of every analysis notebook (by number), what each must be, and the pairs that must be ordered.
NOTEBOOKS: dict[str, tuple[dict[str, Kind], tuple[tuple[str, str], ...]]] = {
    "01": (
        {
            "GROUP": Kind("group"),
            "MEMBERSHIP_DATE": Kind("date", "trade", optional=True),
            "START": TRADE_YEAR,
            "END": TRADE_YEAR,
        },
        (("START", "END"),),
    ),
    "02": (
        {"REGION": Kind("region"), "START": Kind("year", "agreements"), "END": Kind("year", "agreements")},
        (("START", "END"),),
    ),
    "03": (
        {
            "COUNTRY": Kind("entity", "trade"),
            "GROUP": Kind("group"),
            "YEAR": TRADE_YEAR,
            "START": TRADE_YEAR,
            "END": TRADE_YEAR,
        },
        (("START", "END"),),
    ),
    "04": (
        {
            "COUNTRY": Kind("country", "trade"),
            "YEAR": Kind("year", "trade", also=("indicators", "hdi")),
            "GROWTH_START": TRADE_YEAR,
            "TOP_N": Kind("int"),
            "BLOCS": Kind("groups"),
        },
        (("GROWTH_START", "YEAR"),),
    ),
    "05": ({"COUNTRY": Kind("country", "agreements"), "REPORT_DATE": Kind("date", "agreements")}, ()),
    "06": (
        {
            "COUNTRY": Kind("country", "arms"),
            "START": ARMS_YEAR,
            "END": ARMS_YEAR,
            "HOST": Kind("country", "students"),
            "YEAR": Kind("year", "students"),
        },
        (("START", "END"),),
    ),
    "07": (
        {
            "COUNTRY": Kind("country", "arms"),
            "SUPPLIER": Kind("country", "arms"),
            "START": ARMS_YEAR,
            "END": ARMS_YEAR,
            "WINDOW": Kind("int"),
            "STUDENTS_YEAR": Kind("year", "students"),
        },
        (("START", "END"),),
    ),
    "08": (
        {
            "COUNTRY": Kind("entity", "trade"),
            "PARTNER": Kind("entity", "trade"),
            "START": TRADE_YEAR,
            "END": TRADE_YEAR,
        },
        (("START", "END"),),
    ),
    "09": (
        {
            "DOCUMENT": Kind("choice", choices=("paper", "report")),
            "OTHER": Kind("choice", choices=("paper", "report")),
            "FIRST_YEAR": Kind("int"),
            "LAST_YEAR": Kind("int"),
        },
        (("FIRST_YEAR", "LAST_YEAR"),),
    ),
    "10": (
        {
            "COUNTRY": Kind("country", "arms"),
            "SUPPLIER": Kind("country", "arms"),
            "START": ARMS_YEAR,
            "END": ARMS_YEAR,
            "PERIOD_YEARS": Kind("int"),
        },
        (("START", "END"),),
    ),
    "12": (
        {
            "AGREEMENT": Kind("agreement"),
            "COUNTRY": Kind("country", "trade"),
            "PARTNER": Kind("country", "trade"),
            "SPEC": Kind("spec"),
            "BENCHMARK": Kind("country", "trade"),
        },
        (),
    ),
}


def notebook_key(notebook: str) -> str:
    """ "08", "08-paper-bilateral-trade" or "08-paper-bilateral-trade.ipynb" -> "08"."""
    key = str(notebook).rsplit("/", 1)[-1][:2]
    if key not in NOTEBOOKS:
        raise KeyError(f"no parameter list for notebook {notebook!r}; known: {', '.join(NOTEBOOKS)}")
    return key


def check_parameters(notebook: str, **params: object) -> None:
    """Check a notebook's parameters against the data before anything is computed: ParameterError names the first
    parameter at fault, its value and the valid range or set. Unknown parameter names are an error too."""
    kinds, ordered = NOTEBOOKS[notebook_key(notebook)]
    for name, value in params.items():
        if name not in kinds:
            raise ParameterError(name, value, f"one of this notebook's parameters ({', '.join(kinds)})")
        _check_one(name, value, kinds[name])
    for first, last in ordered:
        _ordered(params, first, last)


# ---------------------------------------------------------------------------------------------------------------
# Degrading: one sentence when a section's data do not cover the parameters


def gap(
    what: str, entity: str | None = None, domain: str | None = None, year: int | None = None, column: str | None = None
) -> str | None:
    """None if `domain`'s data cover `entity` (in `column`) and `year`; otherwise one sentence saying what is
    missing and why, naming the section (`what`)."""
    from newasia.groups import name_of

    problems = []
    if entity is not None and domain is not None and entity not in group_ids():
        if entity not in countries(domain, column):
            role = {"reporter": " as a reporter"}.get(column or "", "")
            present = countries(domain, column)
            problems.append(
                f"the {domain} data do not include {name_of(entity)}{role} "
                f"({len(present)} countries do: {_set_text(present, 8)})"
            )
    if year is not None and domain is not None:
        low, high = years(domain)
        if not low <= year <= high:
            problems.append(f"the {domain} data cover {low}-{high}, not {year}")
    if not problems:
        return None
    return f"{what}: not shown, because " + "; ".join(problems) + "."
