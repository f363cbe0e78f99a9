"""Rebuilding from the raw sources reproduces the committed extracts byte for byte."""

from __future__ import annotations

import json

import pytest
from newasia import descriptor
from newasia.build import build
from newasia.paths import DATA_DIR
from newasia.tables import TABLES


@pytest.fixture(scope="module")
def rebuilt(raw_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("rebuilt")
    build(raw_dir, out)
    return out


@pytest.mark.parametrize("name", [name for name, table in TABLES.items() if not table.derived])
def test_rebuilt_table_is_identical_to_the_committed_one(rebuilt, name):
    path = TABLES[name].path
    assert descriptor.sha256_of(rebuilt / path) == descriptor.sha256_of(DATA_DIR / path), (
        f"data/{path} differs from a fresh build: run `python -m newasia data build` and commit the result"
    )


def test_rebuilt_descriptor_is_identical_to_the_committed_one(rebuilt):
    fresh = json.loads((rebuilt / "datapackage.json").read_text())
    committed = json.loads((DATA_DIR / "datapackage.json").read_text())
    committed["resources"] = [r for r in committed["resources"] if not TABLES[r["name"]].derived]
    assert fresh == committed


def test_descriptor_records_the_raw_files_as_catalogued(rebuilt):
    resources = descriptor.read(rebuilt / "datapackage.json")["resources"]
    raw = [entry for resource in resources for entry in resource["raw_files"]]
    assert raw and all(entry["matches_catalogue"] for entry in raw), [
        e["path"] for e in raw if not e["matches_catalogue"]
    ]
