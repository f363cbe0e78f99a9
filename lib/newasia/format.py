"""Numbers, dates and lists as a reader should see them, with their unit."""

from __future__ import annotations

import math
from typing import Any


def number(value: float) -> str:
    """A number with precision that suits its size: 17,503 / 292 / 58.4 / 0.65."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if math.isnan(value):
        return "n/a"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt(value: Any, unit: str = "") -> str:
    """`value` with its unit: '17.5 US$ billion', '58.4%', '2018-12-30', 'CAN, NZL'."""
    if value is None:
        return "n/a"
    if isinstance(value, list):
        return ", ".join(fmt(v) for v in value) + (
            f" {unit}" if unit and all(isinstance(v, (int, float)) for v in value) and unit != "%" else ""
        )
    if isinstance(value, str):
        return value
    if unit in ("year", "rank") and float(value).is_integer():
        return f"rank {int(value)}" if unit == "rank" else str(int(value))
    text = number(value)
    if unit.startswith("%"):
        return f"{text}{unit}" if unit == "%" else f"{text}{unit[0]} {unit[1:].strip()}"
    if unit in ("rank", "date", "year", "") or text == "n/a":
        return text
    return f"{text} {unit}"
