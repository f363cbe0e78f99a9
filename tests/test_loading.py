"""The loading API: typed, validated frames, and clear errors for a missing, stale or malformed extract."""

from __future__ import annotations

import json
import shutil
import time

import pandas as pd
import pytest
from newasia import data, descriptor
from newasia.errors import ExtractError
from newasia.paths import DATA_DIR
from newasia.storage import write_table
from newasia.tables import TABLES


@pytest.fixture
def data_copy(tmp_path):
    """A copy of data/ with the small tables and the descriptor, for tampering."""
    for name in ("datapackage.json", "countries.csv", "group_members.csv", "groups.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    yield tmp_path
    data.clear_cache()


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_loads_with_its_declared_dtypes(name):
    frame = data.load(name)
    assert list(frame.columns) == TABLES[name].column_names
    assert len(frame) == descriptor.resources_by_name(descriptor.read(DATA_DIR / "datapackage.json"))[name]["rows"]


def test_trade_loads_well_under_a_second():
    data.clear_cache()
    started = time.perf_counter()
    frame = data.trade()
    elapsed = time.perf_counter() - started
    assert len(frame) > 1_000_000
    assert elapsed < 1.0, f"loading trade took {elapsed:.2f} s"


def test_loaded_frames_are_independent_of_the_cache():
    first = data.countries()
    first["name"] = "changed"
    assert (data.countries()["name"] != "changed").all()


def test_missing_file_is_named(data_copy):
    (data_copy / "countries.csv").unlink()
    with pytest.raises(ExtractError, match=r"countries\.csv: missing: run `python -m newasia data build`"):
        data.load("countries", data_copy)


def test_modified_file_is_reported_as_stale(data_copy):
    with open(data_copy / "countries.csv", "a") as handle:
        handle.write("ZZZ,Nowhere,user-assigned\n")
    with pytest.raises(ExtractError, match=r"countries\.csv: stale or modified: its sha256:\w+ differs"):
        data.load("countries", data_copy)


def test_extract_built_with_another_schema_is_stale(data_copy):
    package = json.loads((data_copy / "datapackage.json").read_text())
    for resource in package["resources"]:
        if resource["name"] == "groups":
            resource["schema_fingerprint"] = "0000000000000000"
    (data_copy / "datapackage.json").write_text(json.dumps(package))
    with pytest.raises(ExtractError, match=r"groups\.csv: stale: built with another schema"):
        data.load("groups", data_copy)


def test_malformed_content_names_the_column_and_value(data_copy):
    members = data.group_members()
    members.loc[0, "precision"] = "decade"
    write_table(TABLES["group_members"], members, data_copy / "group_members.csv")
    package = json.loads((data_copy / "datapackage.json").read_text())
    for resource in package["resources"]:
        if resource["name"] == "group_members":
            resource["hash"] = f"sha256:{descriptor.sha256_of(data_copy / 'group_members.csv')}"
    (data_copy / "datapackage.json").write_text(json.dumps(package))
    with pytest.raises(
        ExtractError, match=r"group_members\.csv: does not match its schema: column 'precision'.*'decade'"
    ):
        data.load("group_members", data_copy)


def test_missing_descriptor_is_named(tmp_path):
    with pytest.raises(ExtractError, match=r"datapackage\.json: missing"):
        data.load("countries", tmp_path)
    data.clear_cache()


def test_unknown_table_lists_the_known_ones():
    with pytest.raises(ExtractError, match="unknown table; known tables: countries"):
        data.load("no_such_table")


def test_dates_and_nullable_columns_are_typed():
    members = data.group_members()
    assert str(members["start"].dtype) == "datetime64[ns]"
    assert members["end"].isna().any() and pd.api.types.is_datetime64_any_dtype(members["end"])
