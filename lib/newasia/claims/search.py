"""What does a stated number really measure? A generic search around a claim's readings.

From a claim's spec, the search changes one label at a time (the year, each year of a period, the side whose
figures are used, the flow, cumulative vs annual growth, total vs extra-group trade, any other choice a measure
takes) and keeps the alternatives whose value equals the stated number within its stated rounding. Nothing in it
knows about any one claim: the alternatives come from the measure's parameters and the data's coverage.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from newasia.claims.spec import Claim, Reading
from newasia.measures import MEASURES, Measure
from newasia.trade import SIDE_LABELS

YEARS_AROUND = 6
# A match changes the verdict only when it is near the stated reading: the stated year or period, or one year off
# (the latest data when the document was written); matches further away are reported as findings only.
NEAR_YEARS = 1
SEARCHED_OPERATORS = ("approx",)


@dataclass(frozen=True)
class Match:
    """An alternative reading whose value equals the stated number within its rounding."""

    label: str
    params: dict
    value: float
    gap: float
    near: bool


def stated_rounding(value: float) -> float:
    """Half a unit of the stated number's last digit: 4 -> 0.5, 17.5 -> 0.05, 0.8 -> 0.05."""
    exponent = decimal.Decimal(str(value)).normalize().as_tuple().exponent
    return 0.5 * 10 ** min(int(exponent), 0)


def _choice_label(name: str, value: Any) -> str:
    if name == "side":
        return SIDE_LABELS.get(value, value)
    if isinstance(value, bool):
        return f"{name.replace('_', ' ')} {'on' if value else 'off'}"
    return f"{name.replace('_', ' ')} {value}"


def _year_changes(measure: Measure, params: dict) -> Iterator[tuple[str, dict]]:
    low, high = measure.years or (None, None)
    if low is None:
        return
    names = [p.name for p in measure.params if p.kind == "year" and p.name in params]
    if names == ["year"]:
        year = params["year"]
        for other in range(max(low, year - YEARS_AROUND), min(high, year + YEARS_AROUND) + 1):
            if other != year:
                yield f"{other}, not {year}", {"year": other}, abs(other - year) <= NEAR_YEARS
    elif {"start", "end"} <= set(names):
        start, end = params["start"], params["end"]
        for shift in range(-YEARS_AROUND, YEARS_AROUND + 1):
            if shift and low <= start + shift and end + shift <= high:
                yield (
                    f"{start + shift}-{end + shift}, not {start}-{end}",
                    {"start": start + shift, "end": end + shift},
                    abs(shift) <= NEAR_YEARS,
                )
        for first in range(max(low, end - YEARS_AROUND), end):
            if first != start:
                yield f"{first}-{end}, not {start}-{end}", {"start": first}, abs(first - start) <= NEAR_YEARS


def _choice_changes(measure: Measure, params: dict) -> Iterator[tuple[str, dict]]:
    for param in measure.params:
        current = params.get(param.name, param.default)
        for option in param.options:
            if option != current:
                yield (
                    f"{_choice_label(param.name, option)}, not {_choice_label(param.name, current)}",
                    {param.name: option},
                    True,
                )


def alternatives(claim: Claim) -> list[tuple[str, str, dict, bool]]:
    """(label, measure, params, near) of every alternative reading: one label changed from a reading of the
    claim; `near` when the change keeps the stated period or moves it by at most NEAR_YEARS."""
    test, seen, found = claim.test, set(), []
    bases = [(r, {**test.params, **r.params}) for r in test.readings if r.role != "differs"]
    for reading, params in bases:
        seen.add((reading.measure or test.measure, tuple(sorted(map(str, params.items())))))
    for reading, params in bases:
        name = reading.measure or test.measure
        measure = MEASURES[name]
        for change in (_year_changes, _choice_changes):
            for what, update, near in change(measure, params):
                candidate = {**params, **update}
                key = (name, tuple(sorted(map(str, candidate.items()))))
                if key not in seen:
                    seen.add(key)
                    found.append((f"{reading.label}; {what}", name, candidate, near))
    return found


def search(claim: Claim, run: Callable[[Reading], Any]) -> tuple[list[Match], int]:
    """Alternatives whose value matches the stated number within its rounding, closest first, and how many
    alternatives were tried. `run` computes a Reading and returns its value in the stated unit."""
    stated = claim.stated.value
    if (
        claim.test is None
        or not claim.test.search
        or claim.test.compare.op not in SEARCHED_OPERATORS
        or isinstance(stated, bool)
        or not isinstance(stated, (int, float))
    ):
        return [], 0
    rounding, matches = stated_rounding(stated), []
    tried = alternatives(claim)
    for label, measure, params, near in tried:
        value = run(Reading(label, params, measure, "differs", label))
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value - stated) <= rounding:
            matches.append(Match(label, params, float(value), abs(float(value) - stated), near))
    return sorted(matches, key=lambda m: m.gap), len(tried)
