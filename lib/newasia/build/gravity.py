"""`python -m newasia gravity`: estimate every specification of newasia.gravity.specs() and store the results in
data/gravity_estimates.csv and data/gravity_pair_effects.csv, with their entries in data/datapackage.json.

The DOTS specifications need only the committed extracts. The reference-panel specifications need the Yotov et
al. (2016) file in ../shared/data/validation; where it is absent their stored rows are kept as they are.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from newasia import descriptor, gravity
from newasia.data import clear_cache
from newasia.paths import DATA_DIR, DEFAULT_VALIDATION_DIR, REFERENCE_DIR
from newasia.reference import sources as source_catalogue
from newasia.storage import write_table
from newasia.tables import TABLES
from newasia.validate import validate_frame

ROUND = 10


def _extract_files() -> list[dict]:
    entries = descriptor.resources_by_name(descriptor.read(DATA_DIR / "datapackage.json"))
    return [
        {
            "path": f"data/{entries[t]['path']}",
            "sha256": entries[t]["hash"].removeprefix("sha256:"),
            "matches_catalogue": True,
        }
        for t in ("trade", "rta", "rta_parties")
    ]


def _reference_file(validation_dir: Path) -> dict:
    path = validation_dir / gravity.YOTOV_FILE
    sums = path.parent / "SHA256SUMS"
    catalogue = (
        dict(reversed(line.split(maxsplit=1)) for line in sums.read_text().splitlines() if line.strip())
        if sums.exists()
        else {}
    )
    digest = descriptor.sha256_of(path)
    return {
        "path": f"validation/{gravity.YOTOV_FILE}",
        "sha256": digest,
        "matches_catalogue": catalogue.get(path.name) == digest,
    }


def run(
    validation_dir: Path = DEFAULT_VALIDATION_DIR,
    out_dir: Path = DATA_DIR,
    only: list[str] | None = None,
    log=lambda text: print(text, flush=True),
) -> None:
    """Estimate the specifications (all, or `only` names such as 'dots:baseline') and rewrite the two tables."""
    validation_dir = Path(validation_dir)
    have_reference = (validation_dir / gravity.YOTOV_FILE).is_file()
    chosen = [
        (key, entry)
        for key, entry in gravity.specs().items()
        if (not only or key in only) and (entry.dataset == "dots" or have_reference)
    ]
    for key, entry in chosen:
        started = time.perf_counter()
        rows = gravity.results(entry.name, entry.dataset, refresh=True, validation_dir=validation_dir)
        pairs = gravity._computed.get((entry.dataset, entry.spec.key() + ":pairs"))
        _write(out_dir, {(entry.dataset, entry.name)}, rows, pairs)
        _describe(out_dir, validation_dir if have_reference else None)
        log(f"{key:<32} {int(rows['observations'].iloc[0]):>10,} obs  {time.perf_counter() - started:6.1f} s")
    if not chosen:
        _write(out_dir, set(), None, None)
    _describe(out_dir, validation_dir if have_reference else None)
    clear_cache()


def _write(out_dir: Path, done: set, estimates: pd.DataFrame | None, pairs: pd.DataFrame | None) -> None:
    """Replace the rows of the specifications in `done` with the new ones, in both tables, and validate them."""
    for name, new in (("gravity_estimates", estimates), ("gravity_pair_effects", pairs)):
        table = TABLES[name]
        path = out_dir / table.path
        frames = [pd.DataFrame(columns=table.column_names)]
        if path.exists():
            kept = pd.read_csv(path, dtype=str, keep_default_na=False)
            frames.append(kept[[(d, s) not in done for d, s in zip(kept["dataset"], kept["spec"])]])
        if new is not None and len(new):
            frames.append(new)
        frame = pd.concat(frames, ignore_index=True).replace("", None)
        frame = frame.astype({c.name: "float64" for c in table.columns if c.type == "number"})
        frame = frame.round({c.name: ROUND for c in table.columns if c.type == "number"})
        frame = frame.astype({c.name: "int64" for c in table.columns if c.type == "integer"})
        frame = frame.astype({c.name: "str" for c in table.columns if c.type == "string" and c.required})
        frame = frame.sort_values(list(table.primary_key), ignore_index=True)
        frame = validate_frame(table, frame, path)
        write_table(table, frame, path)


def _describe(out_dir: Path, validation_dir: Path | None) -> None:
    package = descriptor.read(out_dir / "datapackage.json")
    entries = descriptor.resources_by_name(package)
    catalogue = source_catalogue(REFERENCE_DIR)
    for name in ("gravity_estimates", "gravity_pair_effects"):
        table = TABLES[name]
        frame = pd.read_csv(out_dir / table.path)
        raw = _extract_files()
        if name == "gravity_estimates":
            if validation_dir is not None:
                raw.append(_reference_file(validation_dir))
            else:
                raw += [f for f in entries.get(name, {}).get("raw_files", []) if f["path"].startswith("validation/")]
        counts = frame.groupby("dataset")["spec"].nunique().to_dict()
        notes = [f"{count} specifications estimated on {dataset}" for dataset, count in counts.items()]
        notes.append(
            "Rebuild with `python -m newasia gravity`; each row's spec_key and data_sha256 say which "
            "specification and data it comes from, and newasia.gravity.results re-estimates any row "
            "whose key or data changed."
        )
        entries[name] = descriptor.resource(
            table,
            rows=len(frame),
            file_sha256=descriptor.sha256_of(out_dir / table.path),
            raw_files=raw,
            sources=catalogue,
            notes=notes,
        )
    ordered = [entries[name] for name in TABLES if name in entries]
    descriptor.write(descriptor.package(ordered), out_dir / "datapackage.json")
