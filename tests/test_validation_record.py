"""Loading reads and validates an extract once per content: later loads of the same bytes take the stored frame,
a changed file (or schema, loader or library) is read and validated again, and a damaged stored frame is replaced."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from newasia import data, storage, validate
from newasia.errors import ExtractError
from newasia.paths import DATA_DIR


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A copy of data/ and an empty cache folder; calls to the reader and the validator counted."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    monkeypatch.setattr(data, "CACHE_DIR", tmp_path / "cache")
    calls = []
    real_read, real_validate = data.read_table, validate.validate_frame

    def read(table, path):
        calls.append(("read", table.name))
        return real_read(table, path)

    def counted(table, frame, file):
        calls.append(("validate", table.name))
        return real_validate(table, frame, file)

    monkeypatch.setattr(data, "read_table", read)
    monkeypatch.setattr(validate, "validate_frame", counted)
    data.clear_cache()
    yield copy, calls
    data.clear_cache()


def _stored(copy, name):
    return list((copy.parent / "cache" / "tables").glob(f"{name}-*.pickle"))


def test_the_same_bytes_are_read_and_validated_once(isolated):
    copy, calls = isolated
    first = data.load("groups", copy)
    data.clear_cache()
    again = data.load("groups", copy)
    assert calls == [("read", "groups"), ("validate", "groups")]
    assert len(_stored(copy, "groups")) == 1
    pd.testing.assert_frame_equal(first, again)
    assert list(again.dtypes) == list(storage.read_table(data.TABLES["groups"], copy / "groups.csv").dtypes)


def test_a_stored_frame_for_other_bytes_does_not_spare_the_checks(isolated, monkeypatch):
    copy, _ = isolated
    data.load("groups", copy)

    def refuse(table, frame, file):
        raise ExtractError(file, "checked again")

    monkeypatch.setattr(validate, "validate_frame", refuse)
    data.clear_cache()
    for stored in _stored(copy, "groups"):
        stored.rename(stored.with_name(stored.name.replace("groups-", "groups-0")))
    with pytest.raises(ExtractError, match="checked"):
        data.load("groups", copy)


def test_a_damaged_stored_frame_is_read_again_and_replaced(isolated):
    copy, calls = isolated
    expected = data.load("groups", copy)
    (stored,) = _stored(copy, "groups")
    stored.write_bytes(b"not a pickle")
    data.clear_cache()
    pd.testing.assert_frame_equal(data.load("groups", copy), expected)
    assert calls.count(("read", "groups")) == 2
    data.clear_cache()
    data.load("groups", copy)
    assert calls.count(("read", "groups")) == 2  # the replacement is used


def test_a_changed_file_replaces_the_tables_earlier_stored_frame(isolated):
    copy, _ = isolated
    data.load("groups", copy)
    (before,) = _stored(copy, "groups")
    before.rename(before.with_name(before.name.replace("groups-", "groups-0")))  # as if the file had changed
    data.clear_cache()
    data.load("groups", copy)
    assert [p.name for p in _stored(copy, "groups")] == [before.name]  # one frame per table is kept
