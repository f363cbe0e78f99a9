"""newasia.gravity: planted answers on synthetic panels, errors that name what is wrong, and the stored results
table reproduced by re-estimation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from newasia import descriptor, gravity
from newasia.errors import EstimationError, ParameterError
from newasia.paths import DATA_DIR

MEMBERS = ("C00", "C01", "C02", "C03", "C04", "C05")
ENTRY = 2005  # treated from 2006


def synthetic_panel(
    effect: float, seed: int = 7, countries: int = 14, years: range = range(2000, 2012)
) -> gravity.Panel:
    """A PPML data-generating process: trade ~ Poisson(exp(exporter-year + importer-year + pair + effect x
    agreement)), the agreement covering every pair of MEMBERS from the year after ENTRY."""
    rng = np.random.default_rng(seed)
    codes = [f"C{n:02d}" for n in range(countries)]
    exporter_year = {(c, y): rng.normal(0, 0.5) + 0.03 * (y - years[0]) for c in codes for y in years}
    importer_year = {(c, y): rng.normal(0, 0.5) for c in codes for y in years}
    pair = {(a, b): rng.normal(2.0, 1.0) for a in codes for b in codes if a != b}
    rows = []
    for (a, b), g in pair.items():
        treated_pair = a in MEMBERS and b in MEMBERS
        for y in years:
            treated = float(treated_pair and y > ENTRY)
            mu = np.exp(exporter_year[a, y] + importer_year[b, y] + g + effect * treated)
            rows.append((a, b, y, float(rng.poisson(mu * 20)), "-".join(sorted((a, b))), treated))
    frame = pd.DataFrame(rows, columns=["exporter", "importer", "year", "trade", "pair_id", "planted"])
    frame["rta"] = 0.0
    return gravity.external_panel(frame, "synthetic", "0" * 64)


PLANTED = gravity.Agreement("Planted", MEMBERS, ENTRY)


def _spec(**changes) -> gravity.Spec:
    return gravity.Spec(**({"start": 2000, "end": 2011, "agreements": (PLANTED,)} | changes))


def _term(result: gravity.Result, term: str) -> dict:
    return result.terms.set_index("term").loc[term].to_dict()


@pytest.mark.parametrize("pair_fe", ["directional", "symmetric"])
def test_a_planted_agreement_effect_is_recovered_within_its_interval(pair_fe):
    result = gravity.estimate(synthetic_panel(0.4), _spec(pair_fe=pair_fe))
    found = _term(result, PLANTED.column)
    assert found["ci_low"] <= 0.4 <= found["ci_high"], found
    assert abs(found["estimate"] - 0.4) < 0.1
    assert found["pct"] == pytest.approx(100 * (np.exp(found["estimate"]) - 1))
    assert found["treated_pairs"] == len(MEMBERS) * (len(MEMBERS) - 1) // 2
    assert found["post_years"] == "2006-2011"
    assert "rta" not in set(result.terms["term"]), "a term without variation is left out"


def test_a_zero_effect_has_an_interval_covering_zero():
    found = _term(gravity.estimate(synthetic_panel(0.0, seed=11), _spec(vcov="robust")), PLANTED.column)
    assert found["ci_low"] <= 0 <= found["ci_high"], found


def test_the_same_dummy_as_a_panel_column_gives_the_same_estimate():
    panel = synthetic_panel(0.4)
    panel.frame["rta"] = panel.frame["planted"]
    general = _term(gravity.estimate(panel, gravity.Spec(start=2000, end=2011)), "rta")
    specific = _term(gravity.estimate(synthetic_panel(0.4), _spec()), PLANTED.column)
    assert general["estimate"] == pytest.approx(specific["estimate"], abs=1e-6)


def test_a_lead_term_is_near_zero_when_nothing_anticipates_the_agreement():
    found = _term(gravity.estimate(synthetic_panel(0.4), _spec(lead=2)), f"{PLANTED.column}_lead2")
    assert found["ci_low"] <= 0 <= found["ci_high"]
    assert found["post_years"] == f"{ENTRY - 1}-{ENTRY}"


def test_intervals_use_every_nth_year():
    result = gravity.estimate(
        synthetic_panel(0.4), gravity.Spec(start=2000, end=2011, interval=3, agreements=(PLANTED,))
    )
    assert result.observations == 14 * 13 * len(range(2000, 2012, 3))


def test_an_agreement_without_post_entry_observations_is_named():
    late = gravity.Agreement("Too late", MEMBERS, 2011)
    with pytest.raises(EstimationError, match="'Too late'.*no post-entry observation.*2012"):
        gravity.estimate(synthetic_panel(0.4), gravity.Spec(start=2000, end=2011, agreements=(late,)))


@pytest.mark.parametrize(
    "changes, parameter, valid",
    [
        ({"interval": 0}, "interval", "1 \\(consecutive years\\) or more"),
        ({"start": 1990}, "start", "from 2000 to 2011"),
        ({"end": 2030}, "end", "from 2000 to 2011"),
        ({"pair_fe": "both"}, "pair_fe", "'directional', 'symmetric'"),
        ({"intra": "all"}, "intra", "'none', 'common', 'country'"),
        ({"vcov": "iid"}, "vcov", "'cluster', 'robust'"),
        ({"interval": 20}, "interval", "at most 11"),
    ],
)
def test_bad_parameters_name_the_parameter_and_the_valid_range(changes, parameter, valid):
    with pytest.raises(ParameterError, match=f"parameter '{parameter}'.*{valid}"):
        gravity.estimate(synthetic_panel(0.4), _spec(**changes))


def test_an_external_panel_without_the_columns_is_named():
    with pytest.raises(ParameterError, match="missing: pair_id"):
        gravity.external_panel(pd.DataFrame(columns=["exporter", "importer", "year", "trade"]), "bad", "0" * 64)


def test_unknown_agreement_and_specification_are_named():
    with pytest.raises(ParameterError, match="parameter 'agreement'.*EAEU–Viet Nam"):
        gravity.agreement_effect(agreement="Nowhere FTA")
    with pytest.raises(ParameterError, match="parameter 'spec'.*baseline"):
        gravity.agreement_effect(spec="no-such-spec")


def test_years_outside_the_dots_data_are_named():
    with pytest.raises(ParameterError, match="parameter 'end' = 2021.*from 1960 to 2020"):
        gravity.dots_panel(gravity.Spec(end=2021))


def test_agreement_pairs_follow_members_focus_and_entry_years():
    agreement = gravity.Agreement("A", ("RUS", "KAZ", "VNM"), 2016, focus=("VNM",), entry_by_member=(("KAZ", 2018),))
    pairs = agreement.pairs().set_index(["a", "b"])["first"].to_dict()
    assert pairs == {("RUS", "VNM"): 2017, ("KAZ", "VNM"): 2019}


def test_the_eaeu_viet_nam_agreement_comes_from_the_wto_list():
    eaeu_vn = gravity.named("baseline").spec.agreements[0]
    assert eaeu_vn.name == "EAEU–Viet Nam" and eaeu_vn.entry_year == 2016
    assert set(eaeu_vn.members) == {"ARM", "BLR", "KAZ", "KGZ", "RUS", "VNM"} and eaeu_vn.focus == ("VNM",)


# --- the stored results ------------------------------------------------------------------------------------------


def test_the_results_tables_are_documented_with_their_checksums():
    entries = descriptor.resources_by_name(descriptor.read(DATA_DIR / "datapackage.json"))
    for name in ("gravity_estimates", "gravity_pair_effects"):
        assert entries[name]["hash"] == f"sha256:{descriptor.sha256_of(DATA_DIR / entries[name]['path'])}"
        assert any(f["path"] == "data/trade.parquet" for f in entries[name]["raw_files"])


def test_every_specification_is_stored_with_its_current_key():
    table = gravity.stored()
    stored = {(d, s): k for d, s, k in zip(table["dataset"], table["spec"], table["spec_key"])}
    for entry in gravity.specs().values():
        assert stored.get((entry.dataset, entry.name)) == entry.spec.key(), (
            f"{entry.dataset}:{entry.name} is stale: run `python -m newasia gravity`"
        )


def test_results_read_the_stored_table_without_estimating(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("estimated although the stored rows are current")

    monkeypatch.setattr(gravity, "estimate", refuse)
    rows = gravity.results("baseline")
    assert {"rta", gravity.named("baseline").spec.agreements[0].column} <= set(rows["term"])


def test_re_estimating_a_specification_reproduces_the_stored_table():
    stored = gravity.results("interval-4").set_index("term")
    fresh = gravity.results("interval-4", refresh=True).set_index("term")
    assert list(fresh.index) == list(stored.index)
    for column in ("estimate", "se", "ci_low", "ci_high", "pct"):
        assert np.allclose(fresh[column], stored[column], rtol=1e-6, atol=1e-8), column
    for column in ("observations", "pairs", "identifying_pairs", "post_observations", "post_years"):
        assert fresh[column].tolist() == stored[column].tolist(), column


def test_agreement_effect_returns_what_a_ledger_claim_needs():
    found = gravity.agreement_effect(agreement="EAEU–Viet Nam", spec="baseline")
    assert set(found) >= {"estimate", "se", "ci", "pct", "pct_ci", "n_pairs", "post_years"}
    assert found["ci"][0] < found["estimate"] < found["ci"][1]
    assert found["post_years"] == "2017-2020" and found["n_pairs"] == 5
    alone = gravity.agreement_effect(agreement="EAEU–Viet Nam", pair=("VNM", "RUS"))
    assert alone["term"] == "agr_viet_nam_russia" and alone["n_pairs"] == 1


def test_what_the_committed_specifications_cover_without_estimating(monkeypatch):
    monkeypatch.setattr(gravity, "estimate", lambda *a, **k: pytest.fail("a coverage question estimated"))
    assert gravity.term_column("EAEU–Viet Nam") == "agr_eaeu_viet_nam"
    found = gravity.agreement_specs()
    assert "baseline" in found["EAEU–Viet Nam"] and found["CPTPP"] == ["vietnam"]
    assert gravity.spec_names()[0] == "baseline" and "published" not in gravity.spec_names()
    effect, gap = gravity.effect_or_gap("CPTPP", "vietnam")
    assert gap is None and effect["term"] == "agr_cptpp"
    effect, gap = gravity.effect_or_gap("CPTPP", "baseline")
    assert effect is None and gap.endswith("specifications with its term: vietnam.")
    assert "no stored specification" in gravity.effect_or_gap("EU - Korea, Republic of")[1]
    assert gravity.pair_term("EAEU–Viet Nam", ("RUS", "VNM")) == ("eaeu-split", "Viet Nam–Russia")
    assert gravity.pair_term("CPTPP", ("VNM", "JPN")) is None  # the vietnam spec has CPTPP's own term
    assert gravity.country_spec("VNM") == "vietnam" and gravity.country_spec("THA") is None
    frame = pd.DataFrame({"a": [1.0, None]})
    assert len(gravity.with_intervals(frame, "a")) == 1 and gravity.with_intervals(frame, "b").empty
