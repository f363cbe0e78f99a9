"""Command line: `python -m newasia data build|check`, `python -m newasia claims`, `python -m newasia notebooks`,
`python -m newasia site`, `python -m newasia gravity`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newasia.errors import NewAsiaError
from newasia.paths import DATA_DIR, DEFAULT_RAW_DIR, DEFAULT_VALIDATION_DIR


def _data_build(args: argparse.Namespace) -> int:
    from newasia.build import build, builders
    started = time.perf_counter()
    by_name = {builder.__module__.rsplit(".", 1)[1]: builder for builder in builders()}
    unknown = sorted(set(args.only or ()) - set(by_name))
    if unknown:
        print(f"error: unknown builder(s) {unknown}; known: {', '.join(by_name)}", file=sys.stderr)
        return 2
    only = [by_name[name] for name in args.only] if args.only else None
    descriptor = build(Path(args.raw), Path(args.out), only=only, accept_changed_raw=args.accept_changed_raw,
                       log=lambda line: print(line, file=sys.stderr))
    for resource in descriptor["resources"]:
        print(f"{resource['path']:<28} {resource['rows']:>10,} rows")
    print(f"built {len(descriptor['resources'])} tables in {time.perf_counter() - started:.1f} s")
    return 0


def _data_check(args: argparse.Namespace) -> int:
    from newasia import data
    for name in data.table_names():
        frame = data.load(name, Path(args.data))
        print(f"{name:<24} {len(frame):>10,} rows  ok")
    return 0


def _claims(args: argparse.Namespace) -> int:
    from newasia.claims import report
    from newasia.claims.engine import ERROR, evaluate_all
    evaluations = evaluate_all(keep_going=args.keep_going)  # without --keep-going the first error stops here
    print(report.render(args.format, document=args.document, evaluations=evaluations))
    failed = [e for e in evaluations if e.verdict == ERROR and args.document in (None, e.claim.document)]
    for evaluation in failed:
        print(f"error: {evaluation.error}", file=sys.stderr)
    if failed:
        print(f"error: {len(failed)} claim(s) could not be evaluated; they have no verdict", file=sys.stderr)
        return 1
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from newasia.notebook_runner import run_all
    run_all(only=args.only)
    return 0


def _site(args: argparse.Namespace) -> int:
    from newasia import site
    return site.main(Path(args.out))
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
    build.add_argument("--accept-changed-raw", action="store_true",
                       help="build even if raw files differ from SHA256SUMS (a deliberate refresh); the new hashes "
                            "are recorded in datapackage.json")
    build.add_argument("--only", nargs="+", metavar="BUILDER", default=None,
                       help="run only these builders (reference_tables, dots, ots, wdi, hdi, arms, agreements, "
                            "students); the descriptor keeps the other tables' entries")
    build.set_defaults(run=_data_build)
    check = data_commands.add_parser("check", help="load every extract: checksums and schemas")
    check.add_argument("--data", default=str(DATA_DIR), help="data folder (default: the repository's data/)")
    check.set_defaults(run=_data_check)

    claims = commands.add_parser("claims", help="evaluate the claims ledger (data/claims.yaml)")
    claims.add_argument("--format", choices=["table", "json", "csv"], default="table")
    claims.add_argument("--document", choices=["report", "paper"], default=None,
                        help="only the claims of one document")
    claims.add_argument("--keep-going", action="store_true",
                        help="evaluate every claim even after an error; errors are listed and the exit is still 1")
    claims.set_defaults(run=_claims)

    notebooks = commands.add_parser("notebooks", help="execute the notebooks in place, in order")
    notebooks.add_argument("--only", nargs="*", default=None, help="notebook file names to run")
    notebooks.set_defaults(run=_notebooks)

    from newasia.site import DEFAULT_OUT
    site = commands.add_parser("site", help="build the static site (Jupyter Book, notebooks not re-executed)")
    site.add_argument("--out", default=str(DEFAULT_OUT), help="output folder, replaced (default: %(default)s)")
    site.set_defaults(run=_site)
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
