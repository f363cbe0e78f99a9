"""The command line: `python -m newasia claims` as a table and as JSON, and `data check`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from newasia.claims import load_ledger


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newasia", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def claims_json():
    result = _run("claims", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_lists_every_claim_with_the_required_keys(claims_json):
    assert [c["id"] for c in claims_json] == [c.id for c in load_ledger()]
    for claim in claims_json:
        assert {"id", "quote", "verdict", "stated", "computed", "unit", "basis", "note"} <= set(claim)


def test_json_shows_the_computation_of_testable_claims(claims_json):
    by_id = {c["id"]: c for c in claims_json}
    trade = by_id["v-russia-asean-trade-2017"]
    assert trade["stated"]["value"] == 17.5 and trade["unit"] == "US$ billion"
    assert len(trade["computed"]) == 2 and all(r["value"] > 10 for r in trade["computed"])
    assert "IMF DOTS" in trade["basis"]


def test_table_ends_with_the_verdict_counts():
    result = _run("claims", "--document", "paper")
    assert result.returncode == 0, result.stderr
    assert "n-trade-2018" in result.stdout and "v-russia-asean-trade-2017" not in result.stdout
    assert "not testable with these data:" in result.stdout.splitlines()[-1]


def test_data_check_validates_every_table():
    result = _run("data", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(" ok") >= 18


def test_errors_are_reported_without_a_traceback(tmp_path):
    result = _run("data", "build", "--raw", str(tmp_path / "absent"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "raw data folder not found" in result.stderr
    assert "Traceback" not in result.stderr
