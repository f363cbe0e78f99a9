"""The one ranking rule: largest first, ties share the best rank; and no other way of ranking in the code."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
from newasia.ranking import rank_desc, rank_of, ranked_below

ROOT = Path(__file__).parent.parent


def test_ties_share_the_best_rank_and_missing_values_get_none():
    ranks = rank_desc(pd.Series({"a": 10.0, "b": 7.0, "c": 7.0, "d": 5.0, "e": float("nan")}))
    assert ranks.dtype == "Int64"
    assert ranks.iloc[:4].tolist() == [1, 2, 2, 4]
    assert pd.isna(ranks["e"])


def test_ranked_below_leaves_out_ties_and_counts_missing_values():
    ranks = rank_desc(pd.Series({"a": 10.0, "b": 7.0, "c": 7.0, "d": 5.0, "e": float("nan")}))
    assert list(ranks.index[ranked_below(ranks, "b")]) == ["d", "e"]
    assert not ranked_below(ranks, "e").any()


def test_every_rank_comes_from_the_shared_helper():
    # a rank computed another way (by position, or another tie rule) would rank ties differently
    pattern = re.compile(r"\.rank\(|range\(1, len\(")
    sources = {path: path.read_text() for path in (ROOT / "lib" / "newasia").rglob("*.py") if path.name != "ranking.py"}
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        sources[path] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    offenders = [str(path.relative_to(ROOT)) for path, text in sources.items() if pattern.search(text)]
    assert not offenders, f"rank with newasia.ranking.rank_desc instead: {offenders}"


def test_rank_of_reads_a_ranked_table_and_is_nan_for_an_absent_key():
    table = pd.DataFrame({"partner": ["CHN", "USA", "KOR"], "rank": [1, 1, 3]})
    assert rank_of(table, "partner", "USA") == 1 and rank_of(table, "partner", "KOR") == 3
    assert math.isnan(rank_of(table, "partner", "RUS"))
