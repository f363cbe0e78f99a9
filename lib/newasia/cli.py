"""Command line: `python -m newasia data build|check`, `python -m newasia claims`, `python -m newasia notebooks`,
`python -m newasia gravity`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newasia.errors import NewAsiaError
from newasia.paths import DATA_DIR, DEFAULT_RAW_DIR, DEFAULT_VALIDATION_DIR


def _data_build(args: argparse.Namespace) -> int:
    from newasia.build import build
    started = time.perf_counter()
    descriptor = build(Path(args.raw), Path(args.out))
    for resource in descriptor["resources"]:
        print(f"{resource['path']:<28} {resource['rows']:>10,} rows")
    print(f"built {len(descriptor['resources'])} tables in {time.perf_counter() - started:.1f} s")
    return 0


def _data_check(args: argparse.Namespace) -> int:
    from newasia import data
    for name in data.table_names():
        frame = data.load(name)
        print(f"{name:<24} {len(frame):>10,} rows  ok")
    return 0


def _claims(args: argparse.Namespace) -> int:
    from newasia.claims import report
    print(report.render(args.format, document=args.document))
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from newasia.notebook_runner import run_all
    run_all(only=args.only)
    return 0


def _gravity(args: argparse.Namespace) -> int:
    from newasia.build.gravity import run
    started = time.perf_counter()
    run(Path(args.validation), only=args.only)
    print(f"gravity estimates written in {time.perf_counter() - started:.1f} s")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m newasia", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)

    data = commands.add_parser("data", help="build or check the extracts in data/")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    build = data_commands.add_parser("build", help="rebuild data/ from the raw sources")
    build.add_argument("--raw", default=str(DEFAULT_RAW_DIR), help="raw data folder (default: %(default)s)")
    build.add_argument("--out", default=str(DATA_DIR), help="output folder (default: the repository's data/)")
    build.set_defaults(run=_data_build)
    check = data_commands.add_parser("check", help="load every extract: checksums and schemas")
    check.set_defaults(run=_data_check)

    claims = commands.add_parser("claims", help="evaluate the claims ledger (data/claims.yaml)")
    claims.add_argument("--format", choices=["table", "json", "csv"], default="table")
    claims.add_argument("--document", choices=["report", "paper"], default=None,
                        help="only the claims of one document")
    claims.set_defaults(run=_claims)

    notebooks = commands.add_parser("notebooks", help="execute the notebooks in place, in order")
    notebooks.add_argument("--only", nargs="*", default=None, help="notebook file names to run")
    notebooks.set_defaults(run=_notebooks)

    gravity = commands.add_parser("gravity", help="estimate the gravity specifications; write data/gravity_*.csv")
    gravity.add_argument("--validation", default=str(DEFAULT_VALIDATION_DIR),
                         help="folder of the reference panels (default: %(default)s)")
    gravity.add_argument("--only", nargs="*", default=None, help="specifications to re-estimate (dots:baseline ...)")
    gravity.set_defaults(run=_gravity)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except NewAsiaError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
