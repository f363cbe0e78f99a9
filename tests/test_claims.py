"""The claims ledger: coverage of the catalogue, recorded verdicts, the comparisons, YAML-only claims, and clear
errors for malformed specs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from newasia.claims import VERDICTS, engine, evaluation, load_ledger, parse_claim
from newasia.claims.compare import combine, verdict_of
from newasia.claims.report import computed_text
from newasia.claims.spec import Comparison
from newasia.errors import ClaimSpecError

TESTS = Path(__file__).parent
SEED_CATALOGUE = TESTS.parent.parent / "shared" / "claims" / "seed-claims.yaml"
SEEDS = TESTS.parent.parent / "shared" / "seeds"
EXPECTED = yaml.safe_load((TESTS / "expected_verdicts.yaml").read_text())
LEDGER = {claim.id: claim for claim in load_ledger()}


def test_every_claim_has_a_recorded_verdict_and_vice_versa():
    assert set(EXPECTED) == set(LEDGER)


@pytest.mark.parametrize("claim_id", list(EXPECTED))
def test_claim_gets_its_recorded_verdict(claim_id):
    found = evaluation(claim_id)
    assert found.verdict == EXPECTED[claim_id], f"computed {computed_text(found)}"
    if LEDGER[claim_id].test is not None:
        assert any(r.computed is not None for r in found.readings), "a testable claim computed nothing"


def test_verdicts_use_the_fixed_vocabulary():
    assert set(EXPECTED.values()) <= set(VERDICTS)


def test_not_testable_claims_say_why_and_what_data_would_be_needed():
    for claim in LEDGER.values():
        if claim.test is None and not claim.opinion:
            assert len(claim.not_testable["reason"]) > 30 and len(claim.not_testable["data_needed"]) > 10, claim.id


def test_ledger_keeps_every_id_of_the_seed_catalogue():
    if not SEED_CATALOGUE.exists():
        pytest.skip(f"the seed catalogue is not available at {SEED_CATALOGUE}")
    seeds = {entry["id"] for entry in yaml.safe_load(SEED_CATALOGUE.read_text())}
    assert seeds <= set(LEDGER)
    added = {i for i, c in LEDGER.items() if not c.seed}
    assert added == set(LEDGER) - seeds, "a claim not in the catalogue must say `seed: false`, and only those"


def test_quotes_are_verbatim_on_their_lines():
    if not SEEDS.exists():
        pytest.skip(f"the documents are not available at {SEEDS}")
    lines = {
        document: (SEEDS / meta["file"]).read_text().splitlines()
        for document, meta in (
            ("report", {"file": "000_27993d897c224150.txt"}),
            ("paper", {"file": "002_c53c73bb0ad3c5c2.txt"}),
        )
    }
    for claim in LEDGER.values():
        assert claim.quote in lines[claim.document][claim.line - 1], claim.id


# comparisons on hand-made values


@pytest.mark.parametrize(
    "computed, stated, comparison, expected",
    [
        (18.2, 17.5, Comparison("approx"), "supported"),
        (16.6, 17.5, Comparison("approx"), "roughly supported"),
        (23.6, 12, Comparison("approx", absolute=1, rough_absolute=3), "not supported"),
        (57.8, 58, Comparison("greater_than", rough_absolute=1.5), "not supported"),
        (58.1, 58, Comparison("greater_than"), "supported"),
        ([204, 302], [194, 292], Comparison("approx"), "roughly supported"),
        (["CAN", "NZL"], ["NZL", "CAN"], Comparison("same_set"), "supported"),
        (["VNM", "IDN"], ["VNM", "IDN", "PHL"], Comparison("includes_all"), "not supported"),
        ("2018-12-30", "2018-12-30", Comparison("equal"), "supported"),
        (-3.5, None, Comparison("negative"), "supported"),
        (float("nan"), 1, Comparison("approx"), None),
    ],
)
def test_comparisons(computed, stated, comparison, expected):
    assert verdict_of(computed, stated, comparison) == expected


def test_trend_comparison_uses_the_confidence_interval():
    rising = {"direction": "rising"}
    unclear = {"direction": "no clear trend"}
    assert verdict_of(0.9, None, Comparison("increasing"), rising) == "supported"
    assert verdict_of(0.9, None, Comparison("increasing"), unclear) == "roughly supported"
    assert verdict_of(-0.9, None, Comparison("increasing"), unclear) == "not supported"


@pytest.mark.parametrize(
    "verdicts, expected",
    [
        (["supported", "supported"], "supported"),
        (["supported", "roughly supported"], "roughly supported"),
        (["supported", "not supported"], "depends on definition"),
        (["roughly supported", "not supported"], "depends on definition"),
        (["not supported", None], "not supported"),
        ([None, None], "not testable with these data"),
    ],
)
def test_readings_combine(verdicts, expected):
    assert combine(verdicts) == expected


# claims written in YAML only

NEW_PAIR = """
id: x-russia-indonesia-2018
document: report
section: test
quote: Russia-Indonesia trade
kind: trade_value
stated: {value: 2.5, unit: "US$ billion", period: "2018"}
test:
  measure: trade_value
  params: {a: IDN, b: RUS, year: 2018}
  scale: 0.001
"""


def test_a_new_country_pair_needs_only_yaml():
    claim = parse_claim(yaml.safe_load(NEW_PAIR))
    found = engine.evaluate(claim)
    assert [r.label for r in found.readings] == ["reporter's own figures", "partner's mirror figures"]
    assert all(r.value > 0 for r in found.readings)
    assert found.verdict in VERDICTS


def _spoiled(path: str, value) -> dict:
    raw = yaml.safe_load(NEW_PAIR)
    target = raw
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    return raw


@pytest.mark.parametrize(
    "path, value, field, message",
    [
        ("test.measure", "trade_magic", "test.measure", "unknown measure 'trade_magic'"),
        ("test.params.b", "ZZZ", "test.params.b", "unknown country or group 'ZZZ'"),
        ("test.params.year", 2030, "test.params.year", "year 2030 is outside the data of trade_value"),
        ("test.params.flow", "both", "test.params.flow", "'both' is not one of"),
        ("test.params.colour", "red", "test.params.colour", "unknown parameter of trade_value"),
        ("test.compare", {"op": "roughly"}, "test.compare.op", "unknown operator 'roughly'"),
        ("kind", "gossip", "kind", "must be one of"),
        ("document", "novel", "document", "must be one of"),
    ],
)
def test_malformed_specs_name_the_claim_and_the_field(path, value, field, message):
    with pytest.raises(ClaimSpecError, match=message) as caught:
        parse_claim(_spoiled(path, value))
    assert caught.value.claim_id == "x-russia-indonesia-2018" and caught.value.field == field


def test_a_claim_needs_a_test_or_a_reason():
    raw = yaml.safe_load(NEW_PAIR)
    raw["not_testable"] = {"reason": "r", "data_needed": "d"}
    with pytest.raises(ClaimSpecError, match="exactly one of `test`, `not_testable` and `opinion`"):
        parse_claim(raw)


def test_a_missing_required_parameter_is_named():
    raw = yaml.safe_load(NEW_PAIR)
    del raw["test"]["params"]["year"]
    with pytest.raises(ClaimSpecError, match="is required by trade_value") as caught:
        parse_claim(raw)
    assert caught.value.field == "test.params.year"


def test_findings_name_the_closest_reading_and_a_better_year():
    found = evaluation("n-trade-2001")
    assert any(f.startswith("Closest to the stated") for f in found.findings)
    assert any("2002, not 2001" in f for f in found.findings)
