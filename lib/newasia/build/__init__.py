"""`python -m newasia data build`: raw sources in, validated and documented extracts out.

Before any work the build removes what killed builds left behind and checks that data/ is writable and has room.
Every builder's tables are validated and written, with the new datapackage.json, into a staging folder next to
data/; only then does one atomic folder exchange make them data/ (see newasia.build.publish). A failed or killed
build changes nothing: data/ holds either the old extracts and descriptor or the new ones, never a mixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newasia import descriptor
from newasia.build.publish import Staging, fault_point, preflight, recover
from newasia.build.raw import RawSources
from newasia.errors import ExtractError
from newasia.paths import DATA_DIR, REFERENCE_DIR
from newasia.reference import sources as source_catalogue
from newasia.storage import dtype_of, write_table
from newasia.tables import TABLES
from newasia.validate import validate_frame


@dataclass
class Built:
    """A built table: its rows and the notes the builder records about what it did (corrections, drops)."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)


Builder = Callable[[RawSources, Path], dict[str, Built]]


def builders() -> list[Builder]:
    """Every builder, in the order they run."""
    from newasia.build import agreements, arms, dots, hdi, ots, reference_tables, students, wdi

    return [
        reference_tables.build,
        dots.build,
        ots.build,
        wdi.build,
        hdi.build,
        arms.build,
        agreements.build,
        students.build,
    ]


def build(
    raw_dir: Path,
    out_dir: Path = DATA_DIR,
    reference_dir: Path = REFERENCE_DIR,
    only: Iterable[Builder] | None = None,
    accept_changed_raw: bool = False,
    log: Callable[[str], None] = lambda line: None,
) -> dict:
    """Build the extracts from `raw_dir` into `out_dir`; return the descriptor written.

    `only` restricts the build to some builders (tests); the descriptor then keeps the other tables' entries.
    `accept_changed_raw` builds from raw files whose sha256 differs from SHA256SUMS (recorded in the descriptor);
    without it such a file stops the build. `log` receives one line per thing worth telling (clean-ups, accepted
    raw changes). The derived tables (gravity estimates, built from the extracts by `python -m newasia gravity`)
    keep their entries.
    """
    out_dir = Path(out_dir)
    raw = RawSources(raw_dir, accept_changed_raw=accept_changed_raw)
    for line in recover(out_dir):
        log(line)
    preflight(out_dir, [table.path for table in TABLES.values()])
    fault_point("preflight")
    built: dict[str, Built] = {}
    for builder in only or builders():
        built.update(builder(raw, reference_dir))
    fault_point("built")
    for entry in raw.changed:
        log(
            f"accepted changed raw file {entry['path']}: sha256 {entry['sha256']} (catalogue: "
            f"{entry['catalogue_sha256'] or 'not listed'})"
        )
    catalogue = source_catalogue(reference_dir)
    with Staging(out_dir) as stage:
        resources = []
        for name, result in built.items():
            table = TABLES[name]
            frame = result.frame.astype({c.name: "category" for c in table.columns if dtype_of(c) == "category"})
            frame = validate_frame(table, frame, f"{out_dir / table.path} (built)")
            _write(lambda path, t=table, f=frame: write_table(t, f, path), stage.path / table.path, out_dir)
            resources.append(
                descriptor.resource(
                    table,
                    rows=len(frame),
                    file_sha256=descriptor.sha256_of(stage.path / table.path),
                    raw_files=raw.files_of(table.sources),
                    sources=catalogue,
                    notes=result.notes,
                )
            )
        old = (
            descriptor.resources_by_name(descriptor.read(out_dir / "datapackage.json"))
            if (out_dir / "datapackage.json").exists()
            else {}
        )
        if not only:  # a full build keeps only the derived tables' entries (built by `python -m newasia gravity`)
            old = {name: entry for name, entry in old.items() if name in TABLES and TABLES[name].derived}
        merged = {**old, **{r["name"]: r for r in resources}}
        ordered = [merged[name] for name in TABLES if name in merged]
        _write(
            lambda path: descriptor.write(descriptor.package(ordered), path), stage.path / "datapackage.json", out_dir
        )
        fault_point("written")
        stage.link_the_rest()
        fault_point("linked")
        stage.publish()
    return descriptor.package(ordered)


def _write(write: Callable[[Path], None], path: Path, out_dir: Path) -> None:
    """Write one staged file; a failure (read-only or full disk) raises ExtractError naming the file."""
    try:
        write(path)
    except OSError as error:
        raise ExtractError(path, f"cannot be written ({error.strerror or error}); {out_dir} is unchanged") from None
