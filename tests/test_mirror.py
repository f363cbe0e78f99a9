"""Mirror gaps: the decomposition adds up to the two sides' totals and applies the CIF/FOB margin the right way."""

from __future__ import annotations

import pytest
from newasia import mirror, trade


@pytest.fixture(scope="module")
def gaps():
    return mirror.gap_by_member("RUS", "ASEAN", 2017)


def test_one_row_per_member_and_direction(gaps):
    assert len(gaps) == 2 * 10
    assert set(gaps["direction"]) == {"Russia's exports", "Russia's imports"}


@pytest.mark.parametrize("flow", ["exports", "imports"])
def test_members_add_up_to_both_sides_totals(gaps, flow):
    part = gaps[gaps["direction"] == f"Russia's {flow}"]
    assert part["reported"].sum() == pytest.approx(trade.value("RUS", "ASEAN", 2017, flow, "reporter"))
    assert part["mirror"].sum() == pytest.approx(trade.value("RUS", "ASEAN", 2017, flow, "partner"))


def test_cif_fob_margin_goes_the_right_way(gaps):
    exports = gaps[gaps["direction"] == "Russia's exports"]
    imports = gaps[gaps["direction"] == "Russia's imports"]
    # the partner's imports (CIF) of Russia's exports (FOB) should be larger; Russia's imports (CIF) larger than
    # the partner's exports (FOB)
    assert (exports["mirror expected from CIF/FOB"] >= exports["reported"]).all()
    assert (imports["mirror expected from CIF/FOB"] <= imports["reported"]).all()
    unexplained = gaps["mirror"] - gaps["mirror expected from CIF/FOB"]
    assert unexplained.tolist() == pytest.approx(gaps["unexplained gap"].tolist())


def test_findings_name_the_largest_member_and_estimates():
    said = mirror.findings("RUS", "ASEAN", 2017)
    assert any("accounts for" in s and "Russia's exports" in s for s in said)
    assert any("IMF estimates" in s for s in said)
