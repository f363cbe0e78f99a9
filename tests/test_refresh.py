"""The refresh path, offline: `data fetch wdi` against recorded World Bank API responses (the documented v2 form),
its failure without network (nothing left behind), `data sources`, `claims --diff` and `make expected`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.parse

import pytest
import requests
import wbgapi
import yaml
from newasia.build import wdi
from newasia.build.raw import CountryCodes, RawSources
from newasia.claims import expected, vintages
from newasia.errors import NewAsiaError
from newasia.fetch import FetchError, fetch_wdi
from newasia.paths import DATA_DIR, REFERENCE_DIR, REPO_ROOT

GDP = "ny.gdp.mktp.cd"


def _row(code: str, name: str, year: int, value: float | None) -> dict:
    """One observation as the v2 API returns it (api.worldbank.org/v2/country/all/indicator/<ID>?format=json)."""
    return {
        "indicator": {"id": GDP.upper(), "value": "GDP (current US$)"},
        "country": {"id": code[:2], "value": name},
        "countryiso3code": code,
        "date": str(year),
        "value": value,
        "unit": "",
        "obs_status": "",
        "decimal": 0,
    }


# Two pages of the documented v2 response: [header, rows]; per_page 2 and total 3 make wbgapi ask for page 2.
PAGES = {
    1: [
        {"page": 1, "pages": 2, "per_page": 2, "total": 3, "sourceid": "2", "lastupdated": "2026-07-01"},
        [_row("VNM", "Viet Nam", 2021, 366137590000.0), _row("VNM", "Viet Nam", 2020, None)],
    ],
    2: [
        {"page": 2, "pages": 2, "per_page": 2, "total": 3, "sourceid": "2", "lastupdated": "2026-07-01"},
        [_row("RUS", "Russian Federation", 2021, 1836892000000.0)],
    ],
}


@pytest.fixture
def recorded(monkeypatch):
    """wbgapi's query function answers from PAGES; every URL asked for is recorded."""
    asked = []

    def query(url):
        asked.append(url)
        assert f"/country/all/indicator/{GDP.upper()}?" in url
        page = int(urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["page"][0])
        result = PAGES[page]
        return result[0], result

    monkeypatch.setattr(wbgapi, "_queryAPI", query)
    return asked


def _old_raw(tmp_path):
    """A previous raw folder with the two past vintages (one small file each)."""
    for vintage in ("vintage-2018-08", "vintage-2026-03"):
        old = tmp_path / "old" / "wdi" / vintage
        old.mkdir(parents=True)
        (old / f"{GDP}.csv").write_text("Country Name,Country Code,Year,Value\nViet Nam,VNM,2016,1.0\n")
    return tmp_path / "old"


def test_fetch_wdi_writes_the_builders_layout(tmp_path, recorded):
    folder = fetch_wdi(tmp_path / "raw", [GDP], vintages_from=_old_raw(tmp_path), log=lambda line: None)
    assert folder == tmp_path / "raw" / "wdi" and len(recorded) == 2  # both pages fetched
    csv_text = (folder / "current" / f"{GDP}.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines() == [
        "Country Name,Country Code,Year,Value",
        "Russian Federation,RUS,2021,1836892000000.0",
        "Viet Nam,VNM,2021,366137590000.0",
    ]  # the blank 2020 value left out
    assert json.loads((folder / "current" / f"{GDP}.datapackage.json").read_text())["title"] == "GDP (current US$)"
    assert (folder / "PROVENANCE.md").is_file()
    assert [p.name for p in (tmp_path / "raw").iterdir()] == ["wdi"]  # no staging folder left
    assert (folder / "vintage-2018-08" / f"{GDP}.csv").read_text() == (
        tmp_path / "old" / "wdi" / "vintage-2018-08" / f"{GDP}.csv"
    ).read_text()
    # the WDI builder reads what the fetch wrote
    rows, aggregates, blanks = wdi.read_indicator(
        folder / "current" / f"{GDP}.csv", CountryCodes(wdi.SOURCE, REFERENCE_DIR)
    )
    assert sorted(rows["country"]) == ["RUS", "VNM"] and aggregates == 0 and blanks == 0
    built = wdi.build(RawSources(tmp_path / "raw", accept_changed_raw=True), REFERENCE_DIR)
    table = built["indicators"].frame
    current = table[table["vintage"] == "current"]
    assert current.loc[current["country"] == "VNM", "value"].tolist() == [366137590000.0]


def test_fetch_without_network_fails_clearly_and_leaves_nothing(tmp_path, monkeypatch):
    def offline(*args, **kwargs):
        raise requests.exceptions.ConnectionError("Failed to resolve 'api.worldbank.org'")

    monkeypatch.setattr(requests, "get", offline)
    with pytest.raises(
        FetchError,
        match=r"fetching ny.gdp.mktp.cd from the World Bank API failed "
        r"\(ConnectionError.*nothing was written",
    ):
        fetch_wdi(tmp_path / "raw", [GDP], log=lambda line: None)
    assert not (tmp_path / "raw").exists()
    (tmp_path / "kept").mkdir()
    with pytest.raises(FetchError):
        fetch_wdi(tmp_path / "kept", [GDP], log=lambda line: None)
    assert list((tmp_path / "kept").iterdir()) == []  # an existing folder stays, empty as it was


def test_fetch_refuses_to_overwrite(tmp_path, recorded):
    (tmp_path / "raw" / "wdi").mkdir(parents=True)
    with pytest.raises(FetchError, match="exists already"):
        fetch_wdi(tmp_path / "raw", [GDP], log=lambda line: None)
    assert recorded == []


def test_data_sources_lists_every_builder_source():
    done = subprocess.run(
        [sys.executable, "-m", "newasia", "data", "sources"], capture_output=True, text=True, check=True
    )
    catalogue = yaml.safe_load((REFERENCE_DIR / "sources.yaml").read_text())
    for source in (
        "imf-dots",
        "comtrade-2021",
        "ots-product-groups",
        "wdi",
        "undp-hdi",
        "sipri-arms-transfers",
        "wto-rta",
        "desta",
        "oecd-international-students",
    ):
        assert re.search(rf"^{re.escape(source)}  \(", done.stdout, re.M), source
        assert catalogue[source]["path"] in done.stdout
    assert "current/<indicator>.csv: columns Country Name, Country Code, Year, Value" in done.stdout


def test_expected_keeps_comments_and_marks_changes():
    text = "# header\n\na: supported  # why\nb: not supported\ngone: supported\n"
    new = expected.regenerate({"a": "not supported", "b": "not supported", "c": "supported"}, text)
    assert new == ("# header\n\na: not supported  # was supported; why\nb: not supported\nc: supported  # new claim\n")
    current = expected.EXPECTED.read_text(encoding="utf-8")
    assert expected.regenerate(yaml.safe_load(current), current) == current


def test_diff_lists_changed_values_and_verdicts():
    ours = [
        {"id": "x", "verdict": "supported", "computed": [{"reading": "r", "value": 1.0}]},
        {"id": "y", "verdict": "supported", "computed": [{"reading": "r", "value": 2.0}]},
    ]
    theirs = [
        {"id": "x", "verdict": "not supported", "computed": [{"reading": "r", "value": 1.5}]},
        {"id": "y", "verdict": "supported", "computed": [{"reading": "r", "value": 2.0}]},
    ]
    table = vintages.diff(ours, theirs)
    assert table.to_dict("records") == [
        {
            "claim": "x",
            "reading": "r",
            "value": 1.0,
            "other value": 1.5,
            "verdict": "supported",
            "other verdict": "not supported",
        }
    ]


def test_claims_diff_against_a_copy_of_data(tmp_path):
    """The CLI end to end: a copy of data/ whose World Bank extract is today's gives no difference."""
    other = tmp_path / "data"
    shutil.copytree(DATA_DIR, other, ignore=shutil.ignore_patterns("claims"))
    done = subprocess.run(
        [sys.executable, "-m", "newasia", "claims", "--diff", str(other)], capture_output=True, text=True, cwd=REPO_ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "no claim's value or verdict differs" in done.stdout
    with pytest.raises(NewAsiaError, match="not a data folder"):
        vintages.evaluate_with(tmp_path / "nowhere")


def test_indicator_vintages_table():
    table = vintages.indicator_vintage_changes(only_changed=False)
    assert "n-vn-growth-lowest-two-decades" in set(table["claim"])
    assert (table["years in 2018-08"] <= table["years in current"]).all()
