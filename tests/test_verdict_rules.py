"""The written verdict rules (docs/VERDICT_RULES.md), each checked on hand-made readings, and the generic search
for what a stated number really is, on a synthetic world with a planted answer."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from newasia.claims import compare, engine, parse_claim, search
from newasia.claims.compare import DEFENSIBLE, DIFFERS, SOURCE, Outcome, combine
from newasia.claims.spec import Comparison
from newasia.errors import ClaimSpecError
from newasia.measures import MEASURES, Computed, Measure, Param

S, R, N = compare.SUPPORTED, compare.ROUGHLY, compare.NOT_SUPPORTED


@pytest.mark.parametrize(
    "outcomes, expected",
    [
        # the stated source's reading decides, whatever the others say
        ([Outcome(S, SOURCE), Outcome(N, DEFENSIBLE)], S),
        ([Outcome(R, SOURCE), Outcome(S, DEFENSIBLE)], R),
        # the stated source's reading contradicts, another source's matches: right number, wrong label (source)
        ([Outcome(N, SOURCE), Outcome(S, DEFENSIBLE)], compare.WRONG_LABEL),
        # no stated source: one defensible reading supports, another contradicts
        ([Outcome(S, DEFENSIBLE), Outcome(N, DEFENSIBLE)], compare.DEPENDS),
        # no reading supports: not supported, never "depends on definition"
        ([Outcome(N, DEFENSIBLE), Outcome(N, DEFENSIBLE)], N),
        # only a reading under another label matches: right number, wrong label
        ([Outcome(N, DEFENSIBLE), Outcome(S, DIFFERS)], compare.WRONG_LABEL),
        # a matching reading under another label never makes the claim supported
        ([Outcome(S, DIFFERS)], compare.WRONG_LABEL),
        ([Outcome(None, DEFENSIBLE)], compare.NOT_TESTABLE),
    ],
)
def test_combination_rules(outcomes, expected):
    assert combine(outcomes) == expected


def test_a_bound_has_no_rough_band():
    """'More than 58%' is not supported by 57.8%, however close."""
    assert compare.verdict_of(57.8, 58, Comparison("greater_than", rough_absolute=5)) == N
    assert compare.verdict_of(58.1, 58, Comparison("greater_than")) == S


@pytest.mark.parametrize(
    "stated, computed, differ",
    [
        ("US$ billion", "TIV million", True),
        ("US$ billion", "US$ million", False),
        ("%", "% of TIV", False),
        ("rank", "rank", False),
    ],
)
def test_units_of_another_family_differ(stated, computed, differ):
    assert compare.units_differ(stated, computed) is differ


def test_benchmark_comparison_follows_the_benchmark():
    faster = Comparison("faster_than_benchmark")
    assert compare.verdict_of(30.0, None, faster, {"benchmark_value": 40.0}) == N
    assert compare.verdict_of(50.0, None, faster, {"benchmark_value": 40.0}) == S
    assert compare.verdict_of(5.0, None, Comparison("slower_than_benchmark"), {"benchmark_value": 40.0}) == S


@pytest.mark.parametrize("value, rounding", [(4, 0.5), (17.5, 0.05), (0.8, 0.05), (28.5, 0.05), (1200, 0.5)])
def test_stated_rounding_is_half_the_last_digit(value, rounding):
    assert search.stated_rounding(value) == pytest.approx(rounding)


# A synthetic world: a value per (year, side, flow). The planted answer: the stated 7.0 is the partner side's
# exports in the year after the stated year (one label, the year, away from a reading); nothing else equals it.
WORLD = pd.DataFrame(
    [
        (
            year,
            side,
            flow,
            100.0
            + 10 * (year - 2000)
            + {"reporter": 0, "partner": 3}[side]
            + {"exports": 0, "imports": 1, "total": 2}[flow],
        )
        for year in range(2000, 2021)
        for side in ("reporter", "partner")
        for flow in ("exports", "imports", "total")
    ],
    columns=["year", "side", "flow", "value"],
)
WORLD.loc[(WORLD.year == 2011) & (WORLD.side == "partner") & (WORLD.flow == "exports"), "value"] = 7.0


def _synthetic(year: int, side: str = "reporter", flow: str = "total") -> Computed:
    row = WORLD[(WORLD.year == year) & (WORLD.side == side) & (WORLD.flow == flow)]
    return Computed(float(row["value"].iloc[0]), "US$ million", f"synthetic, {side}, {flow}, {year}")


SYNTHETIC = Measure(
    "synthetic_value",
    _synthetic,
    (
        Param("year", "year"),
        Param("side", "choice", False, "reporter", ("reporter", "partner")),
        Param("flow", "choice", False, "total", ("exports", "imports", "total")),
    ),
    (2000, 2020),
    "synthetic",
)

PLANTED = """
id: x-planted
document: report
section: test
quote: planted
kind: trade_value
stated: {value: 7.0, unit: "US$ million", period: "2010"}
test:
  measure: synthetic_value
  params: {year: 2010, flow: exports}
  readings:
    - {label: "reporter's figures", params: {side: reporter}}
    - {label: "partner's figures", params: {side: partner}}
"""


@pytest.fixture
def synthetic_measure(monkeypatch):
    monkeypatch.setitem(MEASURES, "synthetic_value", SYNTHETIC)


def test_search_finds_the_planted_label_and_it_drives_the_verdict(synthetic_measure):
    found = engine.evaluate(parse_claim(yaml.safe_load(PLANTED)))
    assert found.verdict == compare.WRONG_LABEL
    assert len(found.matches) == 1
    match = found.matches[0]
    assert match.params["year"] == 2011 and match.params["side"] == "partner" and match.near
    assert any("2011, not 2010" in f for f in found.findings)


def test_a_far_match_is_a_finding_not_a_verdict(synthetic_measure, monkeypatch):
    far = WORLD.copy()
    far.loc[far.value == 7.0, "value"] = 999.0
    far.loc[(far.year == 2015) & (far.side == "reporter") & (far.flow == "exports"), "value"] = 7.0
    monkeypatch.setattr(__import__(__name__), "WORLD", far)
    found = engine.evaluate(parse_claim(yaml.safe_load(PLANTED)))
    assert [m.params["year"] for m in found.matches] == [2015] and not found.matches[0].near
    assert found.verdict == compare.NOT_SUPPORTED


def test_an_opinion_is_not_a_factual_verdict():
    raw = yaml.safe_load(PLANTED)
    del raw["test"]
    raw["opinion"] = {"reason": "a judgement about the quality of relations"}
    assert engine.evaluate(parse_claim(raw)).verdict == compare.OPINION


@pytest.mark.parametrize(
    "path, value, field",
    [
        ("test.compare", {"op": "approx", "tolerance": "five percent"}, "test.compare.tolerance"),
        ("test.scale", "thousand", "test.scale"),
        ("test.compare", {"op": "faster_than_benchmark"}, "test.compare.benchmark"),
    ],
)
def test_wrong_types_in_a_spec_are_named(synthetic_measure, path, value, field):
    raw = yaml.safe_load(PLANTED)
    target = raw
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value
    with pytest.raises(ClaimSpecError) as caught:
        parse_claim(raw)
    assert caught.value.field == field


def test_a_claim_that_is_a_plain_string_is_named():
    with pytest.raises(ClaimSpecError, match="must be a mapping"):
        parse_claim("v-something: supported")


def test_a_yaml_syntax_error_names_the_file_and_line(tmp_path):
    from newasia.claims.spec import read_entries

    bad = tmp_path / "report.yaml"
    bad.write_text("- id: x\n  quote: 'unclosed\n  kind: count\n")
    with pytest.raises(ClaimSpecError, match=r"report\.yaml, line \d+"):
        read_entries(bad)


def test_no_claim_depends_on_definition_without_a_supporting_reading():
    from newasia.claims import evaluate_all

    for e in evaluate_all():
        if e.verdict == compare.DEPENDS:
            assert any(r.verdict in compare.SUPPORTING and r.role != DIFFERS for r in e.readings), e.claim.id


def test_no_claim_matching_only_in_another_unit_is_supported():
    from newasia.claims import evaluate_all

    for e in evaluate_all():
        if any(r.computed and compare.units_differ(e.claim.stated.unit, r.computed.unit) for r in e.readings):
            assert e.verdict not in compare.SUPPORTING, e.claim.id
