"""Trade measures on a small hand-made world whose answers can be computed by hand, plus checks on the real
extracts where the answer is known."""

from __future__ import annotations

import pandas as pd
import pytest
from newasia import data, groups
from newasia import trade as t

# (reporter, partner, flow, year, value): AAA and BBB form group G; CCC reports nothing at all.
ROWS = [
    ("AAA", "BBB", "exports", 2010, 10.0),
    ("AAA", "BBB", "imports", 2010, 4.0),
    ("BBB", "AAA", "exports", 2010, 5.0),
    ("BBB", "AAA", "imports", 2010, 11.0),
    ("AAA", "CCC", "exports", 2010, 20.0),
    ("AAA", "BBB", "exports", 2012, 40.0),
    ("AAA", "BBB", "imports", 2012, 4.0),
]
AGGREGATES = [
    ("AAA", "world", "exports", 2010, 30.0),
    ("AAA", "world", "imports", 2010, 10.0),
    ("BBB", "world", "exports", 2010, 8.0),
    ("BBB", "world", "imports", 2010, 12.0),
    ("world", "CCC", "exports", 2010, 1.0),
    ("world", "CCC", "imports", 2010, 21.0),
]


def _trade_frame(rows):
    frame = pd.DataFrame(rows, columns=["reporter", "partner", "flow", "year", "value_usd_mn"])
    return frame.assign(estimate=False, source="IMF DOTS")


@pytest.fixture
def world(monkeypatch):
    countries = pd.DataFrame(
        {"code": ["AAA", "BBB", "CCC"], "name": ["Aland", "Beland", "Celand"], "code_system": "user-assigned"}
    )
    group_table = pd.DataFrame({"group": ["G"], "name": ["Group G (test)"], "source": ["test"], "note": [None]})
    members = pd.DataFrame(
        {
            "group": ["G", "G"],
            "member": ["AAA", "BBB"],
            "member_type": "country",
            "start": pd.to_datetime(["2000-01-01", "2011-06-01"]),
            "end": pd.NaT,
            "precision": "day",
        }
    )
    monkeypatch.setattr(data, "trade", lambda: _trade_frame(ROWS))
    monkeypatch.setattr(data, "trade_aggregates", lambda: _trade_frame(AGGREGATES))
    monkeypatch.setattr(data, "countries", lambda: countries)
    monkeypatch.setattr(data, "groups", lambda: group_table)
    monkeypatch.setattr(data, "group_members", lambda: members)
    data.clear_derived()
    yield
    data.clear_derived()


def test_reporter_side_sums_the_reporters_own_figures(world):
    assert t.value("AAA", "BBB", 2010, "exports") == 10
    assert t.value("AAA", "BBB", 2010, "total") == 14
    assert t.value("AAA", "BBB", 2010, "balance") == 6


def test_partner_side_uses_the_mirror_flows(world):
    # AAA's exports to BBB = BBB's imports from AAA (11); AAA's imports from BBB = BBB's exports to AAA (5)
    assert t.value("AAA", "BBB", 2010, "exports", side="partner") == 11
    assert t.value("AAA", "BBB", 2010, "imports", side="partner") == 5


def test_exporters_side_takes_each_direction_from_its_exporter(world):
    assert t.value("AAA", "BBB", 2010, "total", side="exporters") == 10 + 5


def test_mirror_fills_only_what_a_member_does_not_report(world):
    # CCC reports nothing: its imports from AAA come from AAA's exports (20), never double counted
    assert t.value("CCC", "AAA", 2010, "imports", side="reporter+mirror") == 20
    assert pd.isna(t.value("CCC", "AAA", 2010, "imports", side="reporter"))
    assert t.value("AAA", "BBB", 2010, "total", side="reporter+mirror") == 14


def test_group_membership_is_taken_each_year(world):
    assert groups.members("G", 2010) == ["AAA"]
    assert groups.members("G", 2012) == ["AAA", "BBB"]
    assert t.value("G", "CCC", 2010, "exports") == 20
    # in 2012 AAA-BBB trade is inside the group
    assert t.value("G", "G", 2012, "total") == 44 and pd.isna(t.value("G", "G", 2010, "total"))
    assert t.value("G", "G", 2010, "total", fixed_on="2012-01-01") == 30


def test_intraregional_share_is_intra_over_world_both_flows(world):
    share = t.intraregional_share("G", [2010], fixed_on="2012-01-01")
    assert share[2010] == pytest.approx(100 * 30 / 60)


def test_world_partner_side_uses_the_imf_world_rows(world):
    assert t.value("CCC", "WORLD", 2010, "exports", side="partner") == 21
    assert t.value("CCC", "WORLD", 2010, "imports", side="partner") == 1


def test_share_and_ranking(world):
    assert t.share("AAA", "BBB", years=[2010], flow="exports")[2010] == pytest.approx(100 * 10 / 30)
    ranked = t.partner_ranking("AAA", ["BBB", "CCC"], 2010, flow="exports")
    assert list(ranked["partner"]) == ["CCC", "BBB"] and list(ranked["rank"]) == [1, 2]


def test_unknown_entity_is_named(world):
    with pytest.raises(Exception, match="unknown country or group 'ZZZ'"):
        t.value("AAA", "ZZZ", 2010)


def test_bad_side_is_refused(world):
    with pytest.raises(ValueError, match="side must be one of"):
        t.trade("AAA", "BBB", 2010, side="both")


def test_real_data_vietnam_russia_2018_from_both_sides():
    vietnam = t.value("VNM", "RUS", 2018, "total")
    russia = t.value("VNM", "RUS", 2018, "total", side="partner")
    trade = data.trade()
    own = trade[(trade["reporter"] == "VNM") & (trade["partner"] == "RUS") & (trade["year"] == 2018)]
    mirror = trade[(trade["reporter"] == "RUS") & (trade["partner"] == "VNM") & (trade["year"] == 2018)]
    assert vietnam == pytest.approx(own["value_usd_mn"].sum())
    assert russia == pytest.approx(mirror["value_usd_mn"].sum())


def test_real_data_asean_membership_follows_accessions():
    assert len(groups.members("ASEAN", 1994)) == 6
    assert "VNM" in groups.members("ASEAN", 1995) and "KHM" not in groups.members("ASEAN", 1998)
    assert len(groups.members("ASEAN", 1999)) == 10
    assert len(groups.members("ADB_REGIONAL", "2018-12-31")) == 48
    assert len(groups.members("EU", 2017)) == 28 and len(groups.members("EU", 2021)) == 27


def test_indexed_against_a_benchmark_starts_at_100(world):
    frame = t.indexed_against("AAA", "BBB", groups.WORLD, 2010, 2012)
    assert frame.loc[2010].tolist() == [100.0, 100.0]
    # AAA-BBB total: 14 in 2010, 44 in 2012
    assert frame.loc[2012].iloc[0] == pytest.approx(100 * 44 / 14)


def test_partner_shares_by_side(world):
    frame = t.partner_shares_by_side("AAA", 2010, "exports", sides=["reporter"])
    own = t.SIDE_LABELS["reporter"]
    assert list(frame.columns) == [(own, "share_pct"), (own, "rank")]
    assert list(frame.index) == ["CCC", "BBB"]  # largest share first
    assert frame[(own, "share_pct")].tolist() == pytest.approx([100 * 20 / 30, 100 * 10 / 30])
    assert frame[(own, "rank")].tolist() == [1, 2] and str(frame[(own, "rank")].dtype) == "Int64"


def test_growth_by_side_and_deficit_since(world):
    table = t.growth_by_side("AAA", ["BBB"], 2010, 2012, sides=["reporter"])
    row = table.loc[(t.SIDE_LABELS["reporter"], "BBB")]
    assert row["2010 (US$ bn)"] == pytest.approx(0.014) and row["2012 (US$ bn)"] == pytest.approx(0.044)
    assert row[t.CUMULATIVE] == pytest.approx(100 * (44 / 14 - 1))
    assert row[t.ANNUAL] == pytest.approx(100 * ((44 / 14) ** 0.5 - 1))


def test_members_each_year_agrees_with_members_on_each_date():
    """The vectorised membership (used by the trade index) gives, for every group and year of the trade data,
    the members that members(group, year) lists: accessions, exits and nested groups included."""
    years = tuple(range(1960, 2022))
    for group in groups.group_ids():
        each_year = groups.members_each_year(group, years)
        for position, year in enumerate(years):
            assert sorted(code for code, flags in each_year.items() if flags[position]) == groups.members(group, year)
