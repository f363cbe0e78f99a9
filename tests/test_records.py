"""The records table (data/records.csv), the record measure and the ledger's date claims."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from newasia import data
from newasia import records as records_module
from newasia.claims import compare, evaluate_all
from newasia.claims.engine import CITED_RECORDS, evaluate
from newasia.claims.spec import load_ledger, parse_claim
from newasia.errors import ClaimSpecError
from newasia.tables import SOURCE_KINDS, STAGES

FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
DOCUMENTS = re.compile(r"russia and vietnam in the new asia|70 years of historical milestones|valdai", re.I)
WIKI = re.compile(r"wikipedia|wikiwand|dbpedia|/wiki/", re.I)
# Claims with a verdict other than "not testable": the floor this ledger reaches; it may only rise.
COVERAGE_FLOOR = 151
# Of these, claims whose verdict comes from the cited records (data/records.csv); it may only rise.
RECORDS_FLOOR = 89


@pytest.fixture(scope="module")
def records():
    return data.records()


def test_dates_parse_at_their_precision(records):
    assert set(records["precision"]) <= set(FORMATS)
    for row in records.itertuples():
        assert not pd.isna(pd.to_datetime(row.event_date, format=FORMATS[row.precision], errors="coerce")), (
            row.record_id
        )


def test_every_record_cites_a_source_of_a_known_kind(records):
    for column in ("publisher", "title", "url", "source_kind", "description"):
        assert records[column].str.strip().ne("").all(), column
    assert records["url"].str.startswith("http").all()
    assert set(records["source_kind"]) <= set(SOURCE_KINDS) and set(records["stage"]) <= set(STAGES)


def test_no_record_cites_either_document_or_an_encyclopedia(records):
    cited = records["publisher"] + " | " + records["title"] + " | " + records["url"]
    assert not cited.str.contains(DOCUMENTS).any(), list(records.loc[cited.str.contains(DOCUMENTS), "record_id"])
    assert not cited.str.contains(WIKI).any(), list(records.loc[cited.str.contains(WIKI), "record_id"])


def test_omissions_are_events_with_records(records):
    assert set(data.omissions()["event"]) <= set(records["event"])


def test_every_date_claim_has_a_record_spec_or_says_what_was_searched():
    for claim in load_ledger():
        if claim.kind != "date_event" or claim.opinion:
            continue
        if claim.test is not None:
            continue
        reason = claim.not_testable["reason"].lower()
        assert "search" in reason or "record" in reason, claim.id


def test_record_checked_claims_cite_their_sources():
    checked = [e for e in evaluate_all() if e.evidence == CITED_RECORDS]
    assert checked
    for found in checked:
        for reading in found.readings:
            if reading.computed is not None:
                assert reading.computed.detail["url"] in reading.computed.basis, found.claim.id


def test_ledger_coverage_does_not_fall():
    tested = [e for e in evaluate_all() if e.verdict != compare.NOT_TESTABLE]
    assert len(tested) >= COVERAGE_FLOOR


def test_record_coverage_does_not_fall():
    checked = [e for e in evaluate_all() if e.evidence == CITED_RECORDS and e.verdict != compare.NOT_TESTABLE]
    assert len(checked) >= RECORDS_FLOOR


# --- the record measure on a small synthetic table --------------------------------------------------------------


def _row(record_id, event, stage, date, precision="day", value=None):
    return {
        "record_id": record_id,
        "event": event,
        "stage": stage,
        "event_date": date,
        "precision": precision,
        "end_date": None,
        "value": value,
        "unit": None,
        "parties": "AAA;BBB",
        "description": "synthetic",
        "publisher": f"Publisher {record_id}",
        "title": "Title",
        "url": f"https://example.org/{record_id}",
        "source_date": None,
        "source_kind": "press",
    }


SYNTHETIC = pd.DataFrame(
    [
        _row("r-t-001", "same-date", "signature", "2001-03-01"),
        _row("r-t-002", "same-date", "signature", "2001-03-01"),
        _row("r-t-003", "other-date", "signature", "2003-05-02"),
        _row("r-t-004", "disputed", "establishment", "1950-01-30"),
        _row("r-t-005", "disputed", "establishment", "1950-01-31"),
        _row("r-t-006", "treaty", "signature", "1994-06-16"),
        _row("r-t-007", "treaty", "entry_into_force", "1995-06-01"),
    ]
)


@pytest.fixture()
def synthetic(monkeypatch):
    monkeypatch.setattr(data, "records", lambda: SYNTHETIC)
    data.clear_derived()  # the records' indexes are built from the loader: rebuild them from the synthetic table
    yield
    monkeypatch.undo()
    data.clear_derived()


def _claim(event, stage, stated):
    return parse_claim(
        {
            "id": "t",
            "document": "paper",
            "section": "s",
            "quote": "q",
            "kind": "date_event",
            "stated": {"value": stated, "unit": "date", "period": ""},
            "test": {"measure": "record", "params": {"event": event, "stage": stage}, "compare": {"op": "equal"}},
        }
    )


@pytest.mark.parametrize(
    ("event", "stage", "stated", "verdict"),
    [
        ("same-date", "signature", "2001-03-01", compare.SUPPORTED),
        ("same-date", "signature", "2001-03", compare.SUPPORTED),
        ("other-date", "signature", "2001", compare.NOT_SUPPORTED),
        ("disputed", "establishment", "1950-01-30", compare.DEPENDS),
        ("treaty", "entry_into_force", "1994-06-16", compare.WRONG_LABEL),
    ],
)
def test_record_measure_gives_each_verdict(synthetic, event, stage, stated, verdict):
    found = evaluate(_claim(event, stage, stated))
    assert found.verdict == verdict
    assert found.evidence == CITED_RECORDS
    assert len(found.readings) == (SYNTHETIC["event"] == event).sum()


def test_a_different_date_is_shown_in_the_findings(synthetic):
    found = evaluate(_claim("other-date", "signature", "2001"))
    assert any("2003" in f for f in found.findings)


def test_a_reading_at_another_stage_says_which(synthetic):
    found = evaluate(_claim("treaty", "entry_into_force", "1994-06-16"))
    differs = [r for r in found.readings if r.role == compare.DIFFERS]
    assert [r.differs for r in differs] == ["the record dates the signature, not the entry into force"]
    assert "Publisher r-t-006" in differs[0].label


def test_an_unknown_event_is_a_spec_error_naming_it(synthetic):
    with pytest.raises(ClaimSpecError, match="no-such-event"):
        _claim("no-such-event", "signature", "2001")


def test_differences_list_every_recorded_date_of_claims_not_supported():
    checked = pd.DataFrame(
        {
            "claim": ["a", "b", "b"],
            "stated": ["1997", "2001", "2001"],
            "verdict": ["supported", "not supported", "not supported"],
            "recorded": ["1997-11", "2001-03-01", "2002"],
            "record_stage": ["visit", "joint_statement", "entry_into_force"],
            "publisher": ["TASS", "MFA", "UN"],
        }
    )
    found = records_module.differences(checked, "supported")
    assert list(found.index.get_level_values("claim")) == ["b"]
    assert found["recorded dates"].iloc[0] == "2001-03-01 (joint statement, MFA); 2002 (entry into force, UN)"
