"""Load the extracts in data/: one function per table, each returning a typed, validated DataFrame.

Every load checks, in order, that the table is in data/datapackage.json, that its file exists, that it was
built with the schema the code defines now, that its sha256 matches the descriptor, and that its content
satisfies the schema. Any failure raises ExtractError naming the file and the problem.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

from newasia import descriptor
from newasia.errors import ExtractError
from newasia.paths import CACHE_DIR, DATA_DIR
from newasia.storage import read_table
from newasia.tables import TABLES

REBUILD = "run `python -m newasia data build` to rebuild the extracts"
_DERIVED: list[Callable[[], None]] = []
_LOADER_MODULES = ("storage.py", "validate.py", "tables.py")
F = TypeVar("F", bound=Callable)


def table_names() -> list[str]:
    return list(TABLES)


@cache
def _descriptor(data_dir: Path) -> dict[str, dict]:
    return descriptor.resources_by_name(descriptor.read(data_dir / "datapackage.json"))


def _checked_path(name: str, data_dir: Path) -> tuple[Path, str]:
    table = TABLES[name]
    path = data_dir / table.path
    entry = _descriptor(data_dir).get(name)
    if entry is None:
        raise ExtractError(data_dir / "datapackage.json", f"has no entry for table {name!r}: {REBUILD}")
    if not path.exists():
        raise ExtractError(path, f"missing: {REBUILD}")
    expected_schema = descriptor.schema_fingerprint(table)
    if entry.get("schema_fingerprint") != expected_schema:
        raise ExtractError(
            path,
            f"stale: built with another schema (descriptor {entry.get('schema_fingerprint')}, "
            f"code {expected_schema}); {REBUILD}",
        )
    actual = f"sha256:{descriptor.sha256_of(path)}"
    if entry.get("hash") != actual:
        raise ExtractError(
            path,
            f"stale or modified: its {actual} differs from the {entry.get('hash')} recorded "
            f"in datapackage.json; restore it (git checkout) or {REBUILD}",
        )
    return path, actual


@cache
def _loader_key() -> str:
    """A short hash of the code that reads and validates an extract and of the pandas and pyarrow versions."""
    digest = hashlib.sha256(f"{pd.__version__} {pa.__version__}".encode())
    for module in _LOADER_MODULES:
        digest.update(Path(__file__).with_name(module).read_bytes())
    return digest.hexdigest()[:16]


def _stored_path(name: str, digest: str) -> Path:
    """Where the loaded frame of this content (sha256) is kept: its name holds the content, the schema and the
    loader's key, so a changed file, schema, reader, validator or library has no stored frame and is read and
    validated again."""
    fingerprint = descriptor.schema_fingerprint(TABLES[name])
    return CACHE_DIR / "tables" / f"{name}-{digest.removeprefix('sha256:')[:32]}-{fingerprint}-{_loader_key()}.pickle"


def _stored(path: Path) -> pd.DataFrame | None:
    """The frame kept at `path`; None if there is none or it cannot be read (it is then read again and replaced)."""
    try:
        with open(path, "rb") as handle:
            frame = pickle.load(handle)
    except Exception:  # missing, truncated or written by another library: read the extract instead
        return None
    return frame if isinstance(frame, pd.DataFrame) else None


def _store(frame: pd.DataFrame, path: Path, name: str) -> None:
    """Keep a validated frame (written whole or not at all) in place of the table's earlier ones; a read-only
    checkout simply keeps nothing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".partial", delete=False) as handle:
            pickle.dump(frame, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        for earlier in path.parent.glob(f"{name}-*.pickle"):
            if earlier != path:
                earlier.unlink(missing_ok=True)
    except OSError:
        pass


@cache
def _load(name: str, data_dir: Path) -> pd.DataFrame:
    path, digest = _checked_path(name, data_dir)
    stored_path = _stored_path(name, digest)
    stored = _stored(stored_path)
    if stored is not None:  # these exact bytes were read and passed this schema before: the same frame again
        return stored
    try:
        frame = read_table(TABLES[name], path)
    except (ValueError, OSError) as error:
        raise ExtractError(path, f"cannot be read ({error})") from None
    from newasia.validate import validate_frame  # pandera: imported only when something is to be validated

    validated = validate_frame(TABLES[name], frame, path)
    _store(validated, stored_path, name)
    return validated


def load(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Table `name` (see newasia.tables.TABLES), checked and validated; cached after the first call."""
    if name not in TABLES:
        raise ExtractError(data_dir / f"{name}.*", f"unknown table; known tables: {', '.join(TABLES)}")
    return _load(name, Path(data_dir)).copy(deep=False)


def derived(function: F) -> F:
    """`functools.cache` for what is computed from the tables (memberships, indexes): forgotten together with
    them by clear_cache(), or alone by clear_derived()."""
    cached = cache(function)
    _DERIVED.append(cached.cache_clear)
    return cached


def row_positions(values: pd.Series | np.ndarray) -> dict:
    """Row positions of each distinct value, ascending (table order): an index for picking a few values' rows
    without scanning the table again."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu" and len(values) and values.min() >= 0:
        codes, uniques = values, None  # small non-negative integers already: their own codes
    else:
        codes, uniques = pd.factorize(values)
    if len(codes) and codes.max() < np.iinfo(np.int16).max:
        codes = codes.astype(np.int16)  # a stable sort of 16-bit integers is a radix sort
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.diff(codes[order], prepend=-1))
    keys = codes[order[starts]].tolist()
    return {
        (k if uniques is None else uniques[k]): group
        for k, group in zip(keys, np.split(order, starts[1:]), strict=True)
    }


def take_rows(index: dict, wanted: Iterable) -> np.ndarray:
    """Positions (ascending) of the rows whose value is one of `wanted`, from an index made by row_positions."""
    picked = [index[value] for value in wanted if value in index]
    if len(picked) < 2:
        return picked[0] if picked else np.zeros(0, dtype=np.int64)
    chosen = np.zeros(max(positions[-1] for positions in picked) + 1, dtype=bool)
    for positions in picked:  # each ascending: a mask of the rows is faster than sorting them together
        chosen[positions] = True
    return np.flatnonzero(chosen)


def clear_derived() -> None:
    """Forget everything computed from the tables (after replacing a loader, e.g. in a test)."""
    for clear in _DERIVED:
        clear()


def clear_cache() -> None:
    """Forget loaded tables, the descriptor and everything computed from them (after a rebuild)."""
    _load.cache_clear()
    _descriptor.cache_clear()
    clear_derived()


def countries() -> pd.DataFrame:
    """Country codes, display names and code systems."""
    return load("countries")


def groups() -> pd.DataFrame:
    """Country groups with their sources."""
    return load("groups")


def group_members() -> pd.DataFrame:
    """Group membership spells (use newasia.groups to ask who was a member when)."""
    return load("group_members")


def trade() -> pd.DataFrame:
    """Bilateral merchandise trade between countries, reporter side, US$ million (use newasia.trade)."""
    return load("trade")


def trade_aggregates() -> pd.DataFrame:
    """Trade rows involving aggregates (World, regions, areas not specified)."""
    return load("trade_aggregates")


def aggregates() -> pd.DataFrame:
    """Names of the trade aggregates."""
    return load("aggregates")


def product_trade() -> pd.DataFrame:
    """Trade by OTS product group, selected reporters, US$ million."""
    return load("product_trade")


def product_groups() -> pd.DataFrame:
    """OTS product groups and their HS chapters."""
    return load("product_groups")


def indicators() -> pd.DataFrame:
    """World Bank indicators, long, with their vintage."""
    return load("indicators")


def indicator_definitions() -> pd.DataFrame:
    """Names and units of the World Bank indicators."""
    return load("indicator_definitions")


def hdi() -> pd.DataFrame:
    """UNDP HDI and components, long."""
    return load("hdi")


def arms_transfers() -> pd.DataFrame:
    """SIPRI deliveries by deal and year, TIV million."""
    return load("arms_transfers")


def rta() -> pd.DataFrame:
    """WTO regional trade agreements."""
    return load("rta")


def rta_parties() -> pd.DataFrame:
    """Parties to WTO agreements, blocs expanded, with the dates each country was covered."""
    return load("rta_parties")


def desta_treaties() -> pd.DataFrame:
    """DESTA treaties."""
    return load("desta_treaties")


def desta_pairs() -> pd.DataFrame:
    """DESTA country pairs."""
    return load("desta_pairs")


def students() -> pd.DataFrame:
    """International tertiary students by origin and host (corrected)."""
    return load("students")


def milestones() -> pd.DataFrame:
    """The paper's dated milestones."""
    return load("milestones")


def records() -> pd.DataFrame:
    """Dated records of events from independent sources, one row per fact per source (data/records.csv)."""
    return load("records")


def omissions() -> pd.DataFrame:
    """Milestones the paper omits, with the reason."""
    return load("omissions")
