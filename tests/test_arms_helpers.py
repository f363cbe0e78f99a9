"""arms.recipients_among on a hand-made register."""

from __future__ import annotations

import pandas as pd
import pytest
from newasia import arms


def test_recipients_among_keeps_the_given_recipients_with_zero_for_none(monkeypatch):
    shares = pd.DataFrame({"recipient": ["VNM", "IND"], "tiv_mn": [30.0, 10.0], "share_pct": [75.0, 25.0]})
    shares["rank"] = [1, 2]
    monkeypatch.setattr(arms, "recipient_shares", lambda supplier, start, end: shares)
    table = arms.recipients_among("RUS", ["LAO", "VNM"], 2010, 2014)
    assert list(table.index) == ["LAO", "VNM"] and table.index.name == "recipient"
    assert table["tiv_mn"].tolist() == [0.0, 30.0] and table["share_pct"].tolist() == pytest.approx([0.0, 75.0])
    assert pd.isna(table.loc["LAO", "rank"]) and table.loc["VNM", "rank"] == 1
