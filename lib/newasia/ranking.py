"""The one ranking rule of the project: rank 1 is the largest, and ties share the best rank.

Values 10, 7, 7, 5 rank 1, 2, 2, 4 (pandas' method="min", "competition" ranking); a missing value gets no rank
(<NA>). Every rank the library, the claims ledger or a notebook shows comes from `rank_desc`.
"""

from __future__ import annotations

import pandas as pd


def rank_desc(values: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """Ranks of `values` (each column of a frame separately), largest first, ties sharing the best rank, as
    nullable integers (Int64; missing values stay <NA>)."""
    return values.rank(ascending=False, method="min").astype("Int64")


def rank_of(table: pd.DataFrame, column: str, key: object) -> int | float:
    """The `rank` of the row whose `column` is `key` in a ranked table; NaN when the key is not ranked."""
    rank = table.loc[table[column] == key, "rank"]
    return int(rank.iloc[0]) if len(rank) else float("nan")


def ranked_below(ranks: pd.Series, key: object) -> pd.Series:
    """Which entries of `ranks` rank strictly below the entry `key`: a larger rank, or no rank at all (no
    value). Entries tied with `key` are not below it; nothing is below an entry without a rank."""
    mine = ranks[key]
    mine = mine.iloc[0] if isinstance(mine, pd.Series) else mine  # a key listed twice: its (equal) rank
    if pd.isna(mine):
        return pd.Series(False, index=ranks.index)
    return (ranks > mine).fillna(True).astype(bool)
