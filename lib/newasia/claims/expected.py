"""`make expected` (`python -m newasia claims --write-expected`): after a deliberate refresh of the data, rewrite
tests/expected_verdicts.yaml with the verdicts the ledger gets now, keeping every comment, and print the diff for
review (then commit it with the refreshed extracts, or revert it).

Each line `id: verdict  # comment` keeps its place and its comment; a claim whose verdict changed gets
`# was OLD` prepended to its comment (so the history stays readable); new claims are appended, claims no longer in
the ledger are dropped.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from newasia.paths import REPO_ROOT

EXPECTED = REPO_ROOT / "tests" / "expected_verdicts.yaml"
LINE = re.compile(r"^(?P<id>[A-Za-z0-9_.-]+): (?P<verdict>[^#]*?)(?P<comment>\s+#.*)?$")


def _quoted(verdict: str) -> str:
    return f'"{verdict}"' if ":" in verdict or verdict.startswith(("'", '"')) else verdict


def _plain(verdict: str) -> str:
    return verdict.strip().strip('"').strip("'")


def regenerate(verdicts: dict[str, str], text: str) -> str:
    """The file's new text: `verdicts` (claim id -> verdict, in ledger order) written over `text`."""
    seen, lines = set(), []
    for line in text.splitlines():
        match = LINE.match(line)
        if not match:
            lines.append(line)
            continue
        claim = match["id"]
        if claim not in verdicts:
            continue  # no longer in the ledger
        seen.add(claim)
        old, new, comment = _plain(match["verdict"]), verdicts[claim], match["comment"] or ""
        if old != new:
            comment = f"  # was {old}" + (f"; {comment.strip()[1:].strip()}" if comment else "")
        lines.append(f"{claim}: {_quoted(new)}{comment}")
    lines += [f"{claim}: {_quoted(verdict)}  # new claim" for claim, verdict in verdicts.items() if claim not in seen]
    return "\n".join(lines) + "\n"


def write(path: Path = EXPECTED) -> str:
    """Rewrite `path` from the ledger's verdicts now; return the unified diff (empty if nothing changed)."""
    from newasia.claims.engine import evaluate_all

    verdicts = {e.claim.id: e.verdict for e in evaluate_all()}
    before = path.read_text(encoding="utf-8")
    after = regenerate(verdicts, before)
    diff = "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            str(path.relative_to(REPO_ROOT)),
            str(path.relative_to(REPO_ROOT)) + " (new)",
        )
    )
    if after != before:
        path.write_text(after, encoding="utf-8")
    return diff
