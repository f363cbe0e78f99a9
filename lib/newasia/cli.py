"""Command line: `python -m newasia data build|check`, `python -m newasia claims`, `python -m newasia notebooks`,
`python -m newasia site`, `python -m newasia gravity`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newasia.errors import NewAsiaError
from newasia.paths import DATA_DIR, DEFAULT_RAW_DIR, DEFAULT_VALIDATION_DIR, SITE_DIR


def _data_build(args: argparse.Namespace) -> int:
    from newasia.build import build, builders

    started = time.perf_counter()
    by_name = {builder.__module__.rsplit(".", 1)[1]: builder for builder in builders()}
    unknown = sorted(set(args.only or ()) - set(by_name))
    if unknown:
        print(f"error: unknown builder(s) {unknown}; known: {', '.join(by_name)}", file=sys.stderr)
        return 2
    only = [by_name[name] for name in args.only] if args.only else None
    descriptor = build(
        Path(args.raw),
        Path(args.out),
        only=only,
        accept_changed_raw=args.accept_changed_raw,
        log=lambda line: print(line, file=sys.stderr),
    )
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


def _data_sources(args: argparse.Namespace) -> int:
    from newasia.build.layout import describe

    print(describe())
    return 0


def _data_fetch(args: argparse.Namespace) -> int:
    from newasia.fetch import fetch_wdi

    vintages = Path(args.vintages_from) if args.vintages_from else None
    folder = fetch_wdi(Path(args.to), args.indicators, vintages, log=lambda line: print(line, file=sys.stderr))
    print(
        f"wrote {folder}; build from it with `python -m newasia data build --raw {Path(args.to)} "
        "--accept-changed-raw --out NEW_DATA_DIR` (see docs/UPDATING.md)"
    )
    return 0


def _claims_elsewhere(args: argparse.Namespace) -> int:
    """--data DIR: the ledger evaluated against another build (in a fresh process); --diff DIR: what differs."""
    from newasia.claims import vintages

    if args.data:
        records = vintages.evaluate_with(Path(args.data))
        if args.format == "json":
            print(json.dumps(records, indent=2, ensure_ascii=False))
        else:
            for r in records:
                print(f"{r['id']:<40} {r['verdict']}")
        return 1 if any(r["verdict"] == "ERROR" for r in records) else 0
    from newasia.claims import report
    from newasia.claims.engine import evaluate_all

    ours = json.loads(report.as_json(evaluations=evaluate_all(keep_going=True)))
    theirs = vintages.evaluate_with(Path(args.diff))
    changes = vintages.diff(ours, theirs)
    if changes.empty:
        print(f"no claim's value or verdict differs between {DATA_DIR} and {args.diff}")
        return 0
    print(
        f"{changes['claim'].nunique()} claim(s) differ between {DATA_DIR} (value, verdict) and {args.diff} "
        "(other value, other verdict):"
    )
    print(changes.to_string(index=False))
    return 0


def _claims(args: argparse.Namespace) -> int:
    if args.write_expected:
        from newasia.claims import expected

        diff = expected.write()
        print(diff or f"{expected.EXPECTED.name}: every verdict as expected; nothing changed")
        if diff:
            print(
                "review the changes above, then commit tests/expected_verdicts.yaml with the refreshed data "
                "(or `git checkout tests/expected_verdicts.yaml` to drop them)",
                file=sys.stderr,
            )
        return 0
    if args.data or args.diff:
        return _claims_elsewhere(args)
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
    build.add_argument(
        "--accept-changed-raw",
        action="store_true",
        help="build even if raw files differ from SHA256SUMS (a deliberate refresh); the new hashes "
        "are recorded in datapackage.json",
    )
    build.add_argument(
        "--only",
        nargs="+",
        metavar="BUILDER",
        default=None,
        help="run only these builders (reference_tables, dots, ots, wdi, hdi, arms, agreements, "
        "students); the descriptor keeps the other tables' entries",
    )
    build.set_defaults(run=_data_build)
    check = data_commands.add_parser("check", help="load every extract: checksums and schemas")
    check.add_argument("--data", default=str(DATA_DIR), help="data folder (default: the repository's data/)")
    check.set_defaults(run=_data_check)
    sources = data_commands.add_parser(
        "sources",
        help="each raw source: the layout the builder expects, where "
        "its current release is published, how to refresh it",
    )
    sources.set_defaults(run=_data_sources)
    fetch = data_commands.add_parser("fetch", help="fetch a source's current release into a raw folder")
    fetch.add_argument("source", choices=["wdi"])
    fetch.add_argument("--to", required=True, help="raw folder to write <source>/ into (must not hold one yet)")
    fetch.add_argument(
        "--vintages-from",
        default=None,
        metavar="RAW",
        help="copy the past vintages (wdi/vintage-*) from this raw folder",
    )
    fetch.add_argument("--indicators", nargs="+", default=None, help="only these indicator codes")
    fetch.set_defaults(run=_data_fetch)

    claims = commands.add_parser("claims", help="evaluate the claims ledger (data/claims.yaml)")
    claims.add_argument("--format", choices=["table", "json", "csv"], default="table")
    claims.add_argument("--document", choices=["report", "paper"], default=None, help="only the claims of one document")
    claims.add_argument(
        "--keep-going",
        action="store_true",
        help="evaluate every claim even after an error; errors are listed and the exit is still 1",
    )
    elsewhere = claims.add_mutually_exclusive_group()
    elsewhere.add_argument(
        "--data",
        metavar="DATA_DIR",
        default=None,
        help="evaluate the ledger against another build of the extracts (a folder made by "
        "`data build --out DATA_DIR`); table or json",
    )
    elsewhere.add_argument(
        "--diff",
        metavar="DATA_DIR",
        default=None,
        help="print the claims whose computed value or verdict differs between data/ and DATA_DIR, with both values",
    )
    elsewhere.add_argument(
        "--write-expected",
        action="store_true",
        help="rewrite tests/expected_verdicts.yaml with today's verdicts (comments kept) and "
        "print the diff: after a deliberate refresh (make expected)",
    )
    claims.set_defaults(run=_claims)

    notebooks = commands.add_parser("notebooks", help="execute the notebooks in place, in order")
    notebooks.add_argument("--only", nargs="*", default=None, help="notebook file names to run")
    notebooks.set_defaults(run=_notebooks)

    site = commands.add_parser("site", help="build the static site (Jupyter Book, notebooks not re-executed)")
    site.add_argument("--out", default=str(SITE_DIR), help="output folder, replaced (default: %(default)s)")
    site.set_defaults(run=_site)
    gravity = commands.add_parser("gravity", help="estimate the gravity specifications; write data/gravity_*.csv")
    gravity.add_argument(
        "--validation",
        default=str(DEFAULT_VALIDATION_DIR),
        help="folder of the reference panels (default: %(default)s)",
    )
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
