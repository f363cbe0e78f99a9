"""Invariants of the committed extracts, and spot values read straight from the raw files."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from newasia import data, descriptor
from newasia.paths import DATA_DIR
from newasia.tables import TABLES


def _codes() -> set[str]:
    return set(data.countries()["code"])


def test_descriptor_checksums_match_the_committed_files():
    for resource in descriptor.read(DATA_DIR / "datapackage.json")["resources"]:
        assert resource["hash"] == f"sha256:{descriptor.sha256_of(DATA_DIR / resource['path'])}", resource["path"]


def test_descriptor_documents_every_table():
    resources = descriptor.resources_by_name(descriptor.read(DATA_DIR / "datapackage.json"))
    assert set(resources) == set(TABLES)
    for name, resource in resources.items():
        assert resource["sources"] and resource["licenses"], name
        assert all(s.get("citation") for s in resource["sources"]), name
        assert [f["name"] for f in resource["schema"]["fields"]] == TABLES[name].column_names
        if "project" not in [s["id"] for s in resource["sources"]]:
            assert resource["raw_files"], f"{name} names no raw file"
            assert all(len(f["sha256"]) == 64 for f in resource["raw_files"])


@pytest.mark.parametrize(
    "table, columns",
    [
        ("trade", ["reporter", "partner"]),
        ("product_trade", ["reporter", "partner"]),
        ("indicators", ["country"]),
        ("hdi", ["country"]),
        ("arms_transfers", ["supplier", "recipient"]),
        ("rta_parties", ["party"]),
        ("desta_pairs", ["country1", "country2"]),
        ("students", ["host", "origin"]),
    ],
)
def test_every_country_code_is_a_known_code(table, columns):
    frame = data.load(table)
    for column in columns:
        unknown = set(frame[column].dropna().astype(str)) - _codes()
        assert not unknown, f"{table}.{column} has unknown codes {sorted(unknown)[:5]}"


def test_country_codes_follow_their_code_system():
    countries = data.countries()
    user = countries[countries["code_system"] == "user-assigned"]["code"]
    assert all(code.startswith("X") or code == "CHI" for code in user)
    assert countries["code"].is_unique


def test_group_memberships_are_well_formed():
    members, groups = data.group_members(), data.groups()
    assert set(members["group"]) == set(groups["group"])
    assert not set(groups["group"]) & _codes(), "a group id must not be a country code"
    nested = members[members["member_type"] == "group"]
    assert set(nested["member"]) <= set(groups["group"])
    countries = members[members["member_type"] == "country"]
    assert set(countries["member"]) <= _codes()
    ended = members.dropna(subset=["end"])
    assert (ended["end"] >= ended["start"]).all()
    spells = members.sort_values("start").groupby(["group", "member"])
    for (group, member), rows in spells:
        if len(rows) > 1:
            assert (rows["start"].iloc[1:].to_numpy() > rows["end"].iloc[:-1].to_numpy()).all(), (group, member)


def test_trade_has_no_aggregates_and_no_self_trade():
    trade = data.trade()
    assert (trade["reporter"].astype(str) != trade["partner"].astype(str)).all()
    assert set(data.trade_aggregates()["partner"].astype(str)) - _codes() <= set(data.aggregates()["aggregate"])


def test_trade_estimates_are_flagged_and_kept():
    trade = data.trade()
    share = trade.loc[trade["source"] == "IMF DOTS", "estimate"].mean()
    assert 0.03 < share < 0.12
    laos = trade[(trade["reporter"] == "LAO") & (trade["year"] > 2010)]
    assert laos["estimate"].mean() > 0.5


def _dots_cell(raw_dir, workbook: str, sheet: str, partner: str, year: int) -> float:
    frame = pd.read_excel(raw_dir / "imf-dots" / workbook, sheet_name=sheet, header=None, engine="calamine")
    years = [int(float(y)) if pd.notna(y) else None for y in frame.iloc[6]]
    row = frame.index[frame[1] == partner][0]
    return float(str(frame.iat[row, years.index(year)]).replace(" e", "").replace(",", ""))


def _workbook_of(raw_dir, reporter: str) -> str:
    for path in sorted((raw_dir / "imf-dots").glob("DOTS_*.xlsx")):
        if pd.read_excel(path, sheet_name=0, header=None, nrows=5, engine="calamine").iat[3, 1] == reporter:
            return path.name
    raise AssertionError(reporter)


@pytest.mark.parametrize(
    "reporter_name, code, partner_name, partner, flow, sheet, year",
    [
        ("Vietnam", "VNM", "Russian Federation", "RUS", "exports", "Exports, FOB", 2018),
        ("Russian Federation", "RUS", "Vietnam", "VNM", "imports", "Imports, CIF", 2017),
        ("Russian Federation", "RUS", "Indonesia", "IDN", "exports", "Exports, FOB", 2011),
    ],
)
def test_trade_spot_values_equal_the_workbooks(raw_dir, reporter_name, code, partner_name, partner, flow, sheet, year):
    expected = _dots_cell(raw_dir, _workbook_of(raw_dir, reporter_name), sheet, partner_name, year)
    trade = data.trade()
    found = trade[
        (trade["reporter"] == code) & (trade["partner"] == partner) & (trade["flow"] == flow) & (trade["year"] == year)
    ]
    assert found["value_usd_mn"].iloc[0] == pytest.approx(expected)


def test_trade_2021_comes_from_comtrade(raw_dir):
    with open(raw_dir / "comtrade-2021" / "comtrade_all_exports_2021A.csv", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["reporterISO"] == "VNM" and r["partnerISO"] == "RUS")
    trade = data.trade()
    found = trade[(trade["reporter"] == "VNM") & (trade["partner"] == "RUS") & (trade["year"] == 2021)]
    assert found["value_usd_mn"].iloc[0] == pytest.approx(float(row["primaryValue"]) / 1e6)
    assert found["source"].iloc[0] == "UN Comtrade" and found["flow"].iloc[0] == "exports"
