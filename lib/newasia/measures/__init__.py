"""The measures: every quantity the notebooks show and the claims ledger checks, each declared once.

A measure is a function returning a `Computed` (value, unit, basis, detail), registered by `@measure`
(newasia.measures.core), which reads its parameters from the signature. The claims engine runs a measure by name
(a spec in data/claims.yaml names a measure and its arguments); notebooks call the same functions directly.

    from newasia.measures import MEASURES
    MEASURES["trade_growth"](a="RUS", b="ASEAN", start=2005, end=2017).value
"""

from newasia.measures import agreements, arms, gravity, people, products, records, trade
from newasia.measures.core import MEASURES, Computed, Measure, Param, check_date, check_entities, measure

CURATED = frozenset(name for name, m in MEASURES.items() if m.curated)

__all__ = [
    "CURATED",
    "MEASURES",
    "Computed",
    "Measure",
    "Param",
    "agreements",
    "arms",
    "check_date",
    "check_entities",
    "gravity",
    "measure",
    "people",
    "products",
    "records",
    "trade",
]
