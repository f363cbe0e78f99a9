"""`python -m newasia data build`: raw sources in, validated and documented extracts out.

Every builder writes into a staging folder; only when every table has been built and validated does the
build move the files into data/ and rewrite data/datapackage.json. A failed build changes nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newasia import descriptor
from newasia.build.raw import RawSources
from newasia.paths import DATA_DIR, REFERENCE_DIR
from newasia.reference import sources as source_catalogue
from newasia.storage import write_table
from newasia.tables import TABLES
from newasia.validate import dtype_of, validate_frame


@dataclass
class Built:
    """A built table: its rows and the notes the builder records about what it did (corrections, drops)."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)


Builder = Callable[[RawSources, Path], dict[str, Built]]


def builders() -> list[Builder]:
    """Every builder, in the order they run."""
    from newasia.build import agreements, arms, dots, hdi, ots, reference_tables, students, wdi
    return [reference_tables.build, dots.build, ots.build, wdi.build, hdi.build, arms.build,
            agreements.build, students.build]


def build(raw_dir: Path, out_dir: Path = DATA_DIR, reference_dir: Path = REFERENCE_DIR,
          only: Iterable[Builder] | None = None) -> dict:
    """Build the extracts from `raw_dir` into `out_dir`; return the descriptor written.

    `only` restricts the build to some builders (tests); the descriptor then keeps the other tables' entries. The
    derived tables (gravity estimates, built from the extracts by `python -m newasia gravity`) keep their entries.
    """
    raw = RawSources(raw_dir)
    built: dict[str, Built] = {}
    for builder in (only or builders()):
        built.update(builder(raw, reference_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    catalogue = source_catalogue(reference_dir)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".staging-") as staging:
        stage = Path(staging)
        resources = []
        for name, result in built.items():
            table = TABLES[name]
            frame = result.frame.astype({c.name: "category" for c in table.columns if dtype_of(c) == "category"})
            frame = validate_frame(table, frame, f"{out_dir / table.path} (built)")
            write_table(table, frame, stage / table.path)
            resources.append(descriptor.resource(
                table, rows=len(frame), file_sha256=descriptor.sha256_of(stage / table.path),
                raw_files=raw.files_of(table.sources), sources=catalogue, notes=result.notes))
        old = descriptor.resources_by_name(descriptor.read(out_dir / "datapackage.json")) \
            if (out_dir / "datapackage.json").exists() else {}
        if not only:  # a full build keeps only the derived tables' entries (built by `python -m newasia gravity`)
            old = {name: entry for name, entry in old.items() if name in TABLES and TABLES[name].derived}
        merged = {**old, **{r["name"]: r for r in resources}}
        ordered = [merged[name] for name in TABLES if name in merged]
        descriptor.write(descriptor.package(ordered), stage / "datapackage.json")
        for name in built:
            shutil.move(stage / TABLES[name].path, out_dir / TABLES[name].path)
        shutil.move(stage / "datapackage.json", out_dir / "datapackage.json")
    return descriptor.package(ordered)
