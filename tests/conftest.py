"""Shared fixtures: the raw data folder (tests that need it skip, saying why, where it is absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newasia.paths import DEFAULT_RAW_DIR

RAW_DIR = Path(os.environ.get("NEWASIA_RAW", DEFAULT_RAW_DIR))
NO_RAW = f"raw data not available at {RAW_DIR} (../shared/data/raw is absent on this machine)"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The raw data folder; skips the test with the reason when it is absent."""
    if not RAW_DIR.is_dir():
        pytest.skip(NO_RAW)
    return RAW_DIR
