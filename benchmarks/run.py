"""Benchmark: the claims ledger, one claim, peak memory, and each notebook against a floor notebook.

    python benchmarks/run.py                  # everything, median of 3 runs
    python benchmarks/run.py --quick          # one run each
    python benchmarks/run.py --only 08-paper-bilateral-trade.ipynb --repeat 5
    python benchmarks/run.py --write-baseline # store today's figures in benchmarks/baseline.json

Every figure is measured in a fresh subprocess (cold: imports, loading and evaluation included):

- ledger: wall time of `python -m newasia claims --format json`;
- single claim (`--claim`): wall time of a process that evaluates it, its evaluation in that process (loading the
  tables it needs included), and its evaluation once every table is loaded (the target's figure);
- peak memory: maximum resident set size of the ledger process (os.wait4's rusage);
- notebooks: execution time of each notebook (nbclient, a copy; nothing in notebooks/ or figures/ is written)
  and its ratio to the floor notebook, a bare kernel importing pandas, seaborn and statsmodels and saving one
  figure, run in the same session (runs are interleaved, so load on the machine affects both alike).

Each figure is then compared with benchmarks/baseline.json (the previous release's figures): ratio now/before.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BASELINE = Path(__file__).resolve().parent / "baseline.json"
CLAIM = "n-trade-2018"
FLOOR = "floor"
TARGETS = {"ledger_wall_s": 3.0, "single_claim_eval_s": 0.5, "peak_rss_mb": 1024.0, "notebook_ratio": 1.5}

FLOOR_CELLS = [
    "import matplotlib.pyplot as plt\nimport pandas as pd\nimport seaborn as sns\nimport statsmodels.api as sm",
    (
        "import os\nfig, ax = plt.subplots()\nax.plot(pd.Series([1.0, 2.0, 3.0]))\n"
        "fig.savefig(os.path.join(os.environ['NEWASIA_FIGURES_DIR'], 'floor.png'));"
    ),
]


def _run_with_rusage(command: list[str]) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS (MB), stdout and CPU seconds (user + system) of one process (rusage of that child
    alone, from os.wait4)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{err.read()}")
        return wall, usage.ru_maxrss / 1024, out.read(), usage.ru_utime + usage.ru_stime


def ledger(repeat: int) -> dict:
    runs = [_run_with_rusage([sys.executable, "-m", "newasia", "claims", "--format", "json"]) for _ in range(repeat)]
    return {
        "ledger_wall_s": statistics.median(r[0] for r in runs),
        "ledger_cpu_s": statistics.median(r[3] for r in runs),
        "peak_rss_mb": max(r[1] for r in runs),
    }


def single_claim(claim: str, repeat: int) -> dict:
    """One claim in a fresh process: the whole process (imports, loading, evaluation), and the evaluation alone
    once the tables are loaded (what a notebook or a test session pays per claim; indexes built from the tables
    are included, they are built on first use)."""
    script = (
        "import sys, time; from newasia import data; from newasia.claims import evaluation, load_ledger; "
        "load_ledger(); [data.load(name) for name in data.table_names()] if sys.argv[1] == 'loaded' else None; "
        f"s = time.perf_counter(); evaluation({claim!r}); print(time.perf_counter() - s)"
    )
    cold = [_run_with_rusage([sys.executable, "-c", script, "cold"]) for _ in range(repeat)]
    loaded = [_run_with_rusage([sys.executable, "-c", script, "loaded"]) for _ in range(repeat)]
    return {
        "single_claim_wall_s": statistics.median(r[0] for r in cold),
        "single_claim_cold_eval_s": statistics.median(float(r[2]) for r in cold),
        "single_claim_eval_s": statistics.median(float(r[2]) for r in loaded),
    }


def _floor_notebook():
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in FLOOR_CELLS]
    return notebook


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _execute(name: str, figures: Path) -> tuple[float, float]:
    """Wall seconds of one notebook's execution, and the CPU seconds of its kernel (a child process, reaped when
    the kernel shuts down, so counted in RUSAGE_CHILDREN): CPU time is far less sensitive to load on the machine."""
    import nbformat
    from nbclient import NotebookClient

    notebook = _floor_notebook() if name == FLOOR else nbformat.read(NOTEBOOKS / name, as_version=4)
    os.environ["NEWASIA_FIGURES_DIR"] = str(figures)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    cpu, started = _children_cpu(), time.perf_counter()
    client.execute()
    return time.perf_counter() - started, _children_cpu() - cpu


def notebooks(names: list[str], repeat: int) -> dict:
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in [FLOOR, *names]}
    with tempfile.TemporaryDirectory() as figures:
        for _ in range(repeat):
            for name, found in times.items():
                found.append(_execute(name, Path(figures)))
                print(
                    f"  {name:<44} {found[-1][0]:6.2f} s, kernel CPU {found[-1][1]:6.2f} s", file=sys.stderr, flush=True
                )
    wall = {name: statistics.median(w for w, _ in found) for name, found in times.items()}
    cpu = {name: statistics.median(c for _, c in found) for name, found in times.items()}
    floor, floor_cpu = wall.pop(FLOOR), cpu.pop(FLOOR)
    return {
        "floor_s": floor,
        "floor_cpu_s": floor_cpu,
        "notebooks": {
            name: {"seconds": s, "ratio": s / floor, "cpu_s": cpu[name], "cpu_ratio": cpu[name] / floor_cpu}
            for name, s in wall.items()
        },
    }


def _flat(figures: dict) -> dict[str, float]:
    flat = {k: v for k, v in figures.items() if isinstance(v, (int, float))}
    for name, found in figures.get("notebooks", {}).items():
        flat[f"{name} s"] = found["seconds"]
        flat[f"{name} ratio"] = found["ratio"]
        if "cpu_ratio" in found:
            flat[f"{name} cpu ratio"] = found["cpu_ratio"]
    return flat


def report(figures: dict, baseline: dict | None) -> str:
    before = _flat(baseline["figures"]) if baseline else {}
    lines = [f"{'figure':<52} {'now':>9} {'baseline':>9} {'now/base':>9}  target"]
    for key, value in _flat(figures).items():
        old = before.get(key)
        target = TARGETS["notebook_ratio"] if key.endswith(" ratio") else TARGETS.get(key)
        mark = "" if target is None else (f"<= {target:g} " + ("ok" if value <= target else "MISSED"))
        lines.append(
            f"{key:<52} {value:9.2f} {old if old is not None else float('nan'):9.2f} "
            f"{value / old if old else float('nan'):9.2f}  {mark}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each (default: median of --repeat)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--claim", default=CLAIM, help="the claim timed alone (default %(default)s)")
    parser.add_argument("--only", nargs="*", default=None, help="notebook file names (default: all)")
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebooks")
    parser.add_argument("--write-baseline", action="store_true", help=f"write the figures to {BASELINE.name}")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--note", default="", help="a remark stored with the figures (e.g. the machine's load)")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat

    figures = {**ledger(repeat), **single_claim(args.claim, repeat)}
    if not args.no_notebooks:
        names = args.only or sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
        figures.update(notebooks(names, repeat))
    record = {
        "figures": figures,
        "note": args.note,
        "load_average": list(os.getloadavg()),
        "runs": repeat,
        "claim": args.claim,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else None
    print(report(figures, baseline))
    if args.json:
        args.json.write_text(json.dumps(record, indent=2) + "\n")
    if args.write_baseline:
        BASELINE.write_text(json.dumps(record, indent=2) + "\n")
        print(f"wrote {BASELINE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
