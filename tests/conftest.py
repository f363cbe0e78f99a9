"""Shared fixtures: the raw data folder (tests that need it skip, saying why, where it is absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from newasia.paths import DEFAULT_RAW_DIR
from newasia.tables import TABLES
from newasia.validate import validate_frame

RAW_DIR = Path(os.environ.get("NEWASIA_RAW", DEFAULT_RAW_DIR))
NO_RAW = f"raw data not available at {RAW_DIR} (../shared/data/raw is absent on this machine)"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw data folder; skips the test with the reason when it is absent, except under CI=true, where a
    missing raw folder fails the test (CI must run every test)."""
    if not RAW_DIR.is_dir():
        if IN_CI:
            pytest.fail(f"{NO_RAW}; CI=true requires it")
        pytest.skip(NO_RAW)
    return RAW_DIR


def assert_matches_table(name: str, frame: pd.DataFrame) -> None:
    """`frame` has table `name`'s columns in order, passes its schema (dtypes, values, unique key) and is sorted
    by its key: what every builder must return."""
    table = TABLES[name]
    assert list(frame.columns) == table.column_names
    validate_frame(table, frame, name)
    key = list(table.primary_key)
    assert frame[key].equals(frame[key].sort_values(key, ignore_index=True)), f"{name} is not sorted by its key"
