"""The notebooks read like a published analysis: short code cells (logic lives in lib/newasia), and the claims
ledger's internals are not imported; a notebook takes from newasia.claims only what shows claims (evaluation,
compare) and the verdict words."""

from __future__ import annotations

import ast
import json

import pytest
from newasia.paths import NOTEBOOKS_DIR

MAX_LINES = 15
ALLOWED = {
    "newasia.claims": {"evaluation", "compare", "VERDICTS"},
    "newasia.claims.compare": {
        "VERDICTS",
        "SUPPORTED",
        "ROUGHLY",
        "NOT_SUPPORTED",
        "DEPENDS",
        "WRONG_LABEL",
        "OPINION",
        "NOT_TESTABLE",
    },
}
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[01][0-9]-*.ipynb"))
# The ledger notebook presents the ledger itself (its tolerances, largest discrepancies, vintages compared): showing
# claims is its subject, so it may read the claims package; every analysis notebook keeps to ALLOWED.
LEDGER_NOTEBOOK = "11-claims-ledger.ipynb"


def _code_cells(path) -> list[tuple[int, str]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    sources = [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "code"]
    return [(i, s) for i, s in sources if s.strip()]


def claims_imports(source: str) -> list[str]:
    """What a cell imports from newasia.claims that it should not: 'module.name' (or the module) per offence."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "newasia":
                found += [f"newasia.{a.name}" for a in node.names if a.name == "claims"]
            elif node.module.startswith("newasia.claims"):
                allowed = ALLOWED.get(node.module, set())
                found += [f"{node.module}.{a.name}" for a in node.names if a.name not in allowed]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("newasia.claims")]
    return found


def test_the_import_rule_itself():
    assert claims_imports("from newasia.claims import evaluation\nfrom newasia.claims.compare import SUPPORTED") == []
    assert claims_imports("from newasia.claims.measures import SIDE_LABELS") == ["newasia.claims.measures.SIDE_LABELS"]
    assert claims_imports("from newasia.claims import evaluation, load_ledger") == ["newasia.claims.load_ledger"]
    assert claims_imports("from newasia import claims, trade\nimport newasia.claims.spec") == [
        "newasia.claims",
        "newasia.claims.spec",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_no_code_cell_is_longer_than_15_lines(path):
    long = {i: len(s.splitlines()) for i, s in _code_cells(path) if len(s.splitlines()) > MAX_LINES}
    assert not long, f"{path.name}: code cells over {MAX_LINES} lines (cell index: lines): {long}"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name != LEDGER_NOTEBOOK], ids=lambda p: p.name[:2])
def test_notebooks_import_from_the_claims_ledger_only_what_shows_claims(path):
    found = {i: bad for i, s in _code_cells(path) if (bad := claims_imports(s))}
    assert not found, f"{path.name}: imports from newasia.claims beyond evaluation/compare/verdicts: {found}"
