"""`make reproduce`: execute every notebook in order, in place, and rewrite data/claims_verdicts.csv.

Figures are regenerated as the notebooks run (newasia.plotting saves each one to figures/).
"""

from __future__ import annotations

import os
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

from newasia.claims import report
from newasia.errors import NotebookError
from newasia.paths import DATA_DIR, NOTEBOOKS_DIR

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
TIMEOUT_SECONDS = 600
VERDICTS_FILE = DATA_DIR / "claims_verdicts.csv"


def notebooks(only: list[str] | None = None) -> list:
    """The notebooks in run order (their file names sort in reading order)."""
    found = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
    return [p for p in found if only is None or p.name in only]


def execute(path) -> float:
    """Execute one notebook in its own folder and write it back; return the seconds it took.

    A cell that raises (for example an EvaluationError from a claim whose data cannot be loaded) raises
    NotebookError naming the notebook and the error, and the notebook is left as it was."""
    started = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["kernelspec"] = KERNELSPEC
    # The kernel talks to us over local IPC sockets in a private temporary folder, not TCP: nothing listens on a
    # port, and ipykernel has no reason to warn that TCP traffic is unencrypted. The client creates, owns and shuts
    # down its kernel manager; the configuration only chooses the transport.
    with tempfile.TemporaryDirectory(prefix="newasia-kernel-") as sockets:
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(sockets, "kernel")
        client = NotebookClient(
            notebook,
            config=config,
            timeout=TIMEOUT_SECONDS,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute()
        except CellExecutionError as error:  # the notebook is not written back: its committed outputs stay
            raise NotebookError(path, f"a cell raised {error.ename}: {error.evalue}") from None
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    return time.perf_counter() - started


def write_verdicts() -> None:
    """The claims ledger's verdicts as CSV, for readers who want the table without a notebook."""
    VERDICTS_FILE.write_text(report.as_csv(), encoding="utf-8")


def run_all(only: list[str] | None = None) -> None:
    total = 0.0
    for path in notebooks(only):
        seconds = execute(path)
        total += seconds
        print(f"{path.name:<44} {seconds:6.1f} s", flush=True)  # one line per notebook, as it finishes
    write_verdicts()
    print(f"notebooks executed in {total:.1f} s; wrote {VERDICTS_FILE.relative_to(DATA_DIR.parent)}")
