"""What the notebooks call to set themselves up and to show claims next to their evidence."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from newasia import coverage, plotting
from newasia.claims import VERDICTS, evaluate_all, evaluation, load_ledger
from newasia.claims.report import computed_text
from newasia.claims.engine import Evaluation
from newasia.claims.format import fmt
from newasia.claims.spec import DOCUMENTS, Claim
from newasia.paths import NOTEBOOKS_DIR, REPO_ROOT

RULES_DOC = REPO_ROOT / "docs" / "VERDICT_RULES.md"


def setup() -> None:
    """House style for figures, PNG output, and plain, stable table display."""
    plotting.setup()
    pd.set_option("display.precision", 2)
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_colwidth", 80)


DOLLAR = re.compile(r"(?<!\\)\$")


def _markdown(text: str) -> Markdown:
    """Markdown with bare dollar signs escaped, so that 'US$ ... US$' is never read as mathematics."""
    return Markdown(DOLLAR.sub(r"\\$", text))


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _stated(e: Evaluation) -> str:
    stated = e.claim.stated
    value = "no number (qualitative)" if stated.value is None else fmt(stated.value, stated.unit)
    return value + (f" ({stated.period})" if stated.period else "")


def card(e: Evaluation) -> str:
    """A claim as Markdown: quote, what is stated, the verdict, each reading with its basis, findings, note."""
    claim = e.claim
    document = DOCUMENTS[claim.document]["title"]
    lines = [f"> \"{claim.quote}\"", ">",
             f"> *{document}*, {claim.section}" + (f" (line {claim.line})" if claim.line else ""), "",
             f"**{claim.id}** · stated: {_stated(e)} · the document's source: {claim.stated_source} · "
             f"**verdict: {e.verdict}**", ""]
    if claim.opinion:
        lines += [f"An opinion, not a factual claim: {claim.opinion}"]
    elif claim.test is None:
        lines += [f"Not testable with these data: {claim.not_testable['reason']} "
                  f"Data needed: {claim.not_testable['data_needed']}"]
    else:
        lines += ["| reading | computed | verdict | basis |", "|---|---|---|---|"]
        for r in e.readings:
            computed = fmt(r.value, e.unit) if r.computed else "no value"
            basis = r.computed.basis if r.computed else r.problem
            label = r.label + (" (the document's source)" if r.role == "source" else "")
            lines.append(f"| {_escape(label)} | {_escape(computed)} | {r.verdict or 'no data'} | {_escape(basis)} |")
        lines += ["", f"*Evidence:* {e.evidence}."] + [f"- {finding}" for finding in e.findings]
    if claim.note:
        lines += ["", f"*Note:* {claim.note}"]
    return "\n".join(lines)


def show_claims(claim_ids: Iterable[str]) -> None:
    """Display several claims' cards, one after the other."""
    display(_markdown("\n\n---\n\n".join(card(evaluation(i)) for i in claim_ids)))


def verdict_table(claim_ids: Iterable[str]) -> pd.DataFrame:
    """One row per claim: id, quote, what is stated, verdict, and why the data cannot test it (if so)."""
    rows = []
    for claim_id in claim_ids:
        e = evaluation(claim_id)
        rows.append({"claim": claim_id, "quote": e.claim.quote, "stated": _stated(e), "verdict": e.verdict,
                     "why not testable": e.claim.not_testable["reason"] if e.claim.not_testable else e.claim.opinion})
    return pd.DataFrame(rows)


def verdict_rules() -> None:
    """Display the table of verdict words from docs/VERDICT_RULES.md (the one written statement of the rules)."""
    text = RULES_DOC.read_text(encoding="utf-8")
    words = text.split("## The words", 1)[1].split("\n## ", 1)[0]
    display(Markdown(words.strip()))


def covered(section: str, entity: str | None = None, domain: str | None = None, year: int | None = None,
            column: str | None = None) -> bool:
    """True if `domain`'s data cover `entity` (in `column`) and `year`; otherwise display one sentence saying which
    section is left out and what is missing (newasia.coverage.gap), and return False: the notebook goes on."""
    sentence = coverage.gap(section, entity, domain, year, column)
    if sentence:
        display(_markdown(f"*{sentence}*"))
    return sentence is None


def heading(text: str) -> None:
    """A Markdown heading computed from the parameters (so that it names the pair or group actually shown)."""
    display(_markdown(text))


def signed(value: float, decimals: int = 0) -> str:
    """A change with its sign, never "-0" (a change that rounds to zero is "+0"); "no value" for a missing one."""
    if value is None or pd.isna(value):
        return "no value"
    text = f"{value:+.{decimals}f}"
    return f"{0:+.{decimals}f}" if float(text) == 0 else text


def say(points: Iterable[str], heading: str = "What the data say") -> None:
    """Display a short computed summary as a bulleted list under a heading."""
    display(_markdown(f"### {heading}\n\n" + "\n".join(f"- {point}" for point in points)))


def section_claims(document: str, section_prefix: str) -> pd.DataFrame:
    """The verdict table of every claim of a document whose section starts with `section_prefix`."""
    ids = [c.id for c in load_ledger() if c.document == document and c.section.startswith(section_prefix)]
    return verdict_table(ids)


def verdict_of(claim_id: str) -> str:
    """The verdict of one claim, for computed prose."""
    return evaluation(claim_id).verdict


def ledger_frame() -> pd.DataFrame:
    """Every claim of the ledger with its document, top-level section, kind, verdict, what is stated and computed."""
    rows = []
    for e in evaluate_all():
        claim = e.claim
        rows.append({"claim": claim.id, "document": DOCUMENTS[claim.document]["title"],
                     "section": claim.section.split(" > ")[0], "kind": claim.kind, "quote": claim.quote,
                     "stated": _stated(e), "computed": computed_text(e) if claim.test else "",
                     "verdict": e.verdict})
    return pd.DataFrame(rows)


def verdict_counts(frame: pd.DataFrame, by: str = "document") -> pd.DataFrame:
    """Number of claims per verdict (columns, in the vocabulary's order) for each value of `by` (rows)."""
    order = pd.Categorical(frame[by], categories=list(dict.fromkeys(frame[by])))
    counts = pd.crosstab(order, frame["verdict"]).rename_axis(index=by, columns="verdict")
    return counts.reindex(columns=[v for v in VERDICTS if v in counts.columns])


def values(claim_id: str) -> dict[str, object]:
    """Each reading's computed value (in the stated unit), by reading label."""
    return {r.label: r.value for r in evaluation(claim_id).readings}


def _first_line(path: Path) -> str:
    """The first line of a notebook's first cell (read as JSON: importing nbformat costs more than a second)."""
    source = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    return ("".join(source) if isinstance(source, list) else source).splitlines()[0]


def contents(entries: Iterable[tuple[str, str]]) -> None:
    """A Markdown table of notebooks: link, title (from the notebook's first heading) and a one-line finding
    computed from one key claim of the ledger, given as (file name, claim id) pairs."""
    lines = ["| notebook | key claim | verdict | what the data give |", "|---|---|---|---|"]
    for file, claim_id in entries:
        first = _first_line(NOTEBOOKS_DIR / file)
        e = evaluation(claim_id)
        found = computed_text(e) if e.claim.test else (e.claim.opinion or e.claim.not_testable["reason"])
        lines.append(f"| [{_escape(first.lstrip('# '))}]({file}) | \"{_escape(e.claim.quote)}\" ({claim_id}) "
                     f"| {e.verdict} | {_escape(found)} |")
    display(_markdown("\n".join(lines)))


def table(rows: list[dict]) -> None:
    """Display a list of dicts as a plain Markdown table (renders the same on GitHub, nbviewer and Jupyter)."""
    if not rows:
        return
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_escape(f"{row[c]:,}" if isinstance(row[c], int) else str(row[c]))
                                for c in columns) + " |" for row in rows]
    display(_markdown("\n".join(lines)))


CENTURY = re.compile(r"(\d{1,2})(?:st|nd|rd|th) century")
YEAR = re.compile(r"\b(\d{4})\b")


def claim_year(claim: Claim) -> int | None:
    """The year a dated claim refers to, from its stated value or period ('1950-01-30', '1920s', 'late 18th
    century' -> 1700); None if it names none."""
    text = f"{claim.stated.value or ''} {claim.stated.period}"
    found = YEAR.search(text)
    if found:
        return int(found.group(1))
    century = CENTURY.search(text)
    return 100 * (int(century.group(1)) - 1) if century else None


def dated_claims(document: str, periods: dict[str, int]) -> pd.DataFrame:
    """The document's date claims with their verdicts, the year each refers to, and its period: `periods` maps a
    label to the last year of that period, in order."""
    dated = [c for c in load_ledger() if c.document == document and c.kind == "date_event"]
    table = verdict_table([c.id for c in dated]).assign(year=[claim_year(c) for c in dated])
    bounds = [-1, *periods.values()]
    table["period"] = pd.cut(table["year"], bounds, labels=list(periods))
    return table.sort_values(["year", "claim"], ignore_index=True)
