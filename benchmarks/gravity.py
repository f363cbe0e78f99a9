"""Benchmark of newasia.gravity: observations, wall time and peak memory of each estimation.

    .venv/bin/python benchmarks/gravity.py                 # the default set
    .venv/bin/python benchmarks/gravity.py dots:baseline   # chosen specifications (names of gravity.specs())

Each estimation runs in its own process, so that its peak resident memory (resource.getrusage, ru_maxrss) is its
own. Wall time is split into building the panel (DOTS: reading the extracts, filling zeros, agreement dummies)
and estimating (pyfixest.fepois). Target: under 30 s and 2 GB for the annual DOTS panel 1990-2020.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

DEFAULT = [
    "dots:baseline",
    "dots:interval-4",
    "dots:symmetric",
    "dots:vietnam",
    "yotov-2016:published",
    "yotov-2016:annual",
]


def one(key: str) -> dict:
    from newasia import gravity

    entry = gravity.specs()[key]
    started = time.perf_counter()
    panel = gravity._panel_for(entry)
    built = time.perf_counter()
    result = gravity.estimate(panel, entry.spec, entry.pair_effects)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "spec": key,
        "observations": result.observations,
        "terms": len(result.terms),
        "panel_s": round(built - started, 1),
        "estimate_s": round(done - built, 1),
        "total_s": round(done - started, 1),
        "peak_mb": round(peak_mb),
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(argv[1])))
        return 0
    print(
        f"{'specification':<26} {'observations':>12} {'terms':>5} {'panel s':>8} {'fit s':>7} {'total s':>8} "
        f"{'peak MB':>8}"
    )
    for key in argv or DEFAULT:
        out = subprocess.run([sys.executable, __file__, "--one", key], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['spec']:<26} {r['observations']:>12,} {r['terms']:>5} {r['panel_s']:>8} {r['estimate_s']:>7} "
            f"{r['total_s']:>8} {r['peak_mb']:>8,}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
