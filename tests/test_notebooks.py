"""The committed notebooks: executed, clean and self-explaining, and adaptable to other parameters (papermill).

nbval itself re-executes every notebook and compares outputs (see pyproject.toml); these tests check what nbval
does not: that nothing is stored unexecuted, that outputs are portable and small, and that the parameters work.
"""

from __future__ import annotations

import json
import re

import nbformat
import papermill
import pytest
from newasia.paths import FIGURES_DIR, NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
ANALYSIS = [p for p in NOTEBOOKS if p.name[:2] not in ("00", "11")]
MACHINE_PATH = re.compile(r"(/work/|/tmp/|/root/|/home/|[A-Z]:\\\\)")
MAX_BYTES = 2 * 2**20


def _cells(path, kind="code"):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == kind]


def test_the_collection_is_complete():
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert numbers == [f"{n:02d}" for n in range(len(NOTEBOOKS))] and len(NOTEBOOKS) >= 12


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_executed_and_clean(path):
    assert path.stat().st_size < MAX_BYTES
    notebook = nbformat.read(path, as_version=4)
    assert "widgets" not in notebook.metadata
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]
    assert code and all(c.execution_count is not None for c in code), "a code cell is stored unexecuted"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "cells were run out of order"
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", cell.source
            assert output.get("name") != "stderr", f"stderr stored: {output.get('text')}"
            assert not MACHINE_PATH.search(json.dumps(output)), f"a machine path in the output of {cell.source!r}"
            assert "image/svg+xml" not in output.get("data", {}), "figures must be PNG"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_links_to_the_index_and_its_neighbours(path):
    text = "\n".join(c.source for c in _cells(path, "markdown"))
    assert text.splitlines()[0].startswith("# "), "a notebook starts with its title"
    links = set(re.findall(r"\]\(([0-9][0-9]-[^)#]+\.ipynb)\)", text))
    assert links, "no links to other notebooks"
    assert all((NOTEBOOKS_DIR / link).exists() for link in links), links
    if path.name != "00-index.ipynb":
        assert "00-index.ipynb" in links


@pytest.mark.parametrize("path", ANALYSIS, ids=lambda p: p.name)
def test_analysis_notebook_has_a_parameters_cell_and_saved_figures(path):
    tagged = [c for c in _cells(path) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    figures = [o for c in _cells(path) for o in c.outputs if "image/png" in o.get("data", {})]
    saved = list(FIGURES_DIR.glob(f"{path.name[:2]}-*.png"))
    assert figures and len(saved) >= 1


def test_every_saved_figure_belongs_to_a_notebook():
    prefixes = {p.name[:2] for p in NOTEBOOKS}
    assert all(f.name[:2] in prefixes for f in FIGURES_DIR.glob("*.png"))


@pytest.mark.parametrize(
    "notebook, parameters, expected",
    [
        ("08-paper-bilateral-trade.ipynb", {"COUNTRY": "IDN", "PARTNER": "RUS"}, "Indonesia"),
        ("04-vietnam-economy-and-trade.ipynb", {"COUNTRY": "THA"}, "Thailand"),
    ],
)
def test_notebook_runs_with_other_parameters(tmp_path, monkeypatch, notebook, parameters, expected):
    monkeypatch.setenv("NEWASIA_FIGURES_DIR", str(tmp_path / "figures"))
    output = tmp_path / notebook
    papermill.execute_notebook(
        NOTEBOOKS_DIR / notebook,
        output,
        parameters=parameters,
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
        log_output=False,
        kernel_name="python3",
    )
    result = nbformat.read(output, as_version=4)
    outputs = [o for c in result.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert expected in json.dumps(outputs), f"the outputs never name {expected}"
    prefix = notebook[:2]
    assert list((tmp_path / "figures").glob(f"{prefix}-*.png")), "the run saved no figure"
    assert not list(FIGURES_DIR.glob(f"{prefix}-*{parameters['COUNTRY'].lower()}*.png")), "figures/ was written to"
