"""Agreements as of a claim's date, on a hand-made list: later accessions are not counted, and the WTO's list of a
past date holds only the agreements notified by then."""

from __future__ import annotations

import pandas as pd
import pytest
from newasia import agreements, data

T = pd.Timestamp
RTA = pd.DataFrame(
    {
        "rta_id": [1, 2, 3],
        "name": ["Pact", "Pact - Accession of C", "Old deal"],
        "accession": [False, True, False],
        "region": ["East Asia", "East Asia", "Europe"],
        "signature_goods": [T("2018-01-01"), T("2023-01-01"), T("2000-01-01")],
        "signature_services": [pd.NaT] * 3,
        "notification_goods": [T("2018-06-01"), T("2024-06-01"), T("2020-01-01")],
        "notification_services": [pd.NaT] * 3,
        "entry_into_force_goods": [T("2018-12-30"), T("2024-12-15"), T("2001-01-01")],
        "entry_into_force_services": [pd.NaT] * 3,
        "inactive_date": [pd.NaT] * 3,
    }
)
PARTIES = pd.DataFrame(
    {
        "rta_id": [1, 1, 1, 1],
        "party": ["AAA", "BBB", "CCC", "DDD"],
        "start": [T("2018-12-30"), T("2021-01-01"), T("2024-12-15"), pd.NaT],
        "end": [pd.NaT] * 4,
    }
)


@pytest.fixture
def hand_made(monkeypatch):
    monkeypatch.setattr(data, "rta", lambda: RTA)
    monkeypatch.setattr(data, "rta_parties", lambda: PARTIES)


def test_a_later_accession_is_not_a_party_on_an_earlier_date(hand_made):
    # On 2019-06-30: AAA applies it, BBB and DDD have signed but not ratified, CCC joins only in 2023-2024.
    assert agreements.parties_in_force(1, "2019-06-30") == (1, 3)
    assert agreements.parties_in_force(1, "2025-01-31") == (3, 4)


def test_the_list_of_a_past_date_holds_only_agreements_notified_by_then(hand_made):
    assert agreements.in_force("2019-06-30") == 2
    # "Old deal" entered into force in 2001 but was notified only in 2020
    assert agreements.in_force("2019-06-30", notified_by="2019-06-30") == 1
    assert agreements.in_force("2019-06-30", region="East Asia", notified_by="2019-06-30") == 1


def test_window_after_the_latest_agreement_of_a_pair():
    window = agreements.window_after("VNM", "RUS", 3, 2021)
    assert window["start"] == 2016 and window["end"] == 2019 and "EAEU" in window["name"]
    assert agreements.window_after("VNM", "RUS", 10, 2018)["end"] == 2018  # capped at the last year
    assert agreements.window_after("CHN", "RUS", 3, 2020) is None  # no agreement between the two
    assert agreements.window_after("TWN", "VNM", 3, 2021) is None  # not in the agreements data
