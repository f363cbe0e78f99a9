"""Loading validates an extract once per content: later loads of the same bytes skip the checks, a changed file
is validated again."""

from __future__ import annotations

import shutil

import pytest
from newasia import data, validate
from newasia.errors import ExtractError
from newasia.paths import DATA_DIR


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A copy of data/ and an empty validation-record folder; calls to the validator counted."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    monkeypatch.setattr(data, "CACHE_DIR", tmp_path / "cache")
    calls = []
    real = validate.validate_frame

    def counted(table, frame, file):
        calls.append(table.name)
        return real(table, frame, file)

    monkeypatch.setattr(validate, "validate_frame", counted)
    data.clear_cache()
    yield copy, calls
    data.clear_cache()


def test_the_same_bytes_are_validated_once(isolated):
    copy, calls = isolated
    data.load("groups", copy)
    data.clear_cache()
    data.load("groups", copy)
    assert calls == ["groups"]
    assert len(list((copy.parent / "cache" / "validated").glob("groups-*"))) == 1


def test_a_record_for_other_bytes_does_not_spare_the_checks(isolated, monkeypatch):
    copy, _ = isolated
    data.load("groups", copy)

    def refuse(table, frame, file):
        raise ExtractError(file, "checked again")

    monkeypatch.setattr(validate, "validate_frame", refuse)
    data.clear_cache()
    for record in (copy.parent / "cache" / "validated").glob("groups-*"):
        record.rename(record.with_name(record.name.replace("groups-", "groups-0")))
    with pytest.raises(ExtractError, match="checked"):
        data.load("groups", copy)
