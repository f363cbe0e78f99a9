"""What the notebooks call to set themselves up and to show claims next to their evidence."""

from __future__ import annotations

import html
import json
import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from numbers import Integral
from pathlib import Path
from typing import ClassVar

import pandas as pd
from IPython.display import Markdown, display

from newasia import coverage, plotting
from newasia.claims import VERDICTS, evaluate_all, evaluation, load_ledger
from newasia.claims.engine import Evaluation
from newasia.claims.report import computed_text
from newasia.claims.spec import DOCUMENTS, Claim
from newasia.format import fmt, number
from newasia.paths import NOTEBOOKS_DIR, REPO_ROOT
from newasia.ranking import rank_desc, ranked_below

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


# ---------------------------------------------------------------------------------------------------------------
# Tables of claims: whole text, wrapped, no 0..N index, dollars shown as "$"

PLAIN_WIDTH = 100  # characters per line of a table's text/plain form
_MD_TABLE_SPECIAL = re.compile(r"([\\`*_<>|$])")


def _plain(text: str) -> str:
    """A ledger text as the document has it: the ledger stores `\\$` (Markdown-safe) for a dollar sign."""
    return text.replace("\\$", "$")


def _cell(value: object) -> str:
    """One value as a reader should see it: empty for a missing value, whole numbers without decimals."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        if value.is_integer():  # years stay 1950; large counts get separators: 79,900
            return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
        return f"{value:,.{pd.get_option('display.precision')}f}".rstrip("0").rstrip(".")
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return _plain(" ".join(str(value).split()))


class ClaimTable(pd.DataFrame):
    """A DataFrame shown as a plain, readable table: every cell whole (wrapped, never cut with "..."), the index
    only when it means something (named, or not 0..N-1), columns that are empty throughout left out, and a dollar
    sign shown as "$" (Markdown-escaped in the Markdown form; the HTML form is marked for MathJax to leave
    alone). It is a DataFrame in every other way: selecting, `set_index`, `assign` keep the table form."""

    _metadata: ClassVar[list[str]] = []

    @property
    def _constructor(self):
        return ClaimTable

    def _shown(self) -> tuple[list[str], list[list[str]]]:
        """(header, rows) of what is shown, cells already as text."""
        frame = pd.DataFrame(self)
        if not (
            isinstance(frame.index, pd.RangeIndex)
            and frame.index.name is None
            and frame.index.start == 0
            and frame.index.step == 1
        ):
            frame = frame.reset_index()
        cells = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
        keep = [i for i in range(len(frame.columns)) if any(row[i] for row in cells)] or list(range(len(frame.columns)))
        header = [_cell(frame.columns[i]) for i in keep]
        return header, [[row[i] for i in keep] for row in cells]

    def _repr_html_(self) -> str:
        header, rows = self._shown()
        style = "text-align:left; vertical-align:top; white-space:normal"
        head = "".join(f'<th style="{style}">{html.escape(c)}</th>' for c in header)
        body = "".join(
            "<tr>" + "".join(f'<td style="{style}">{html.escape(c)}</td>' for c in row) + "</tr>" for row in rows
        )
        return (
            f'<table class="newasia-table tex2jax_ignore mathjax_ignore">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def _repr_markdown_(self) -> str:
        header, rows = self._shown()
        escape = lambda text: _MD_TABLE_SPECIAL.sub(r"\\\1", text)  # noqa: E731
        lines = ["| " + " | ".join(escape(c) for c in header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)

    def __repr__(self) -> str:
        """One block per row, each cell on its own wrapped lines: whole text, stable, readable as plain text."""
        header, rows = self._shown()
        if not rows:
            return "(no rows)"
        blocks = []
        for row in rows:
            lines = []
            for index, (name, value) in enumerate(zip(header, row)):
                if not value:
                    continue
                indent = "  " if index else ""
                lines += textwrap.wrap(
                    value,
                    PLAIN_WIDTH,
                    initial_indent=f"{indent}{name}: ",
                    subsequent_indent=indent + "    ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def __str__(self) -> str:
        return self.__repr__()


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
    lines = [
        f'> "{claim.quote}"',
        ">",
        f"> *{document}*, {claim.section}" + (f" (line {claim.line})" if claim.line else ""),
        "",
        f"**{claim.id}** · stated: {_stated(e)} · the document's source: {claim.stated_source} · "
        f"**verdict: {e.verdict}**",
        "",
    ]
    if claim.opinion:
        lines += [f"An opinion, not a factual claim: {claim.opinion}"]
    elif claim.test is None:
        lines += [
            f"Not testable with these data: {claim.not_testable['reason']} "
            f"Data needed: {claim.not_testable['data_needed']}"
        ]
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


def verdict_table(claim_ids: Iterable[str]) -> ClaimTable:
    """One row per claim: id, quote, what is stated, verdict, and why the data cannot test it (if so); shown as
    a plain table with the whole quote (see ClaimTable)."""
    rows = []
    for claim_id in claim_ids:
        e = evaluation(claim_id)
        rows.append(
            {
                "claim": claim_id,
                "quote": e.claim.quote,
                "stated": _stated(e),
                "verdict": e.verdict,
                "why not testable": e.claim.not_testable["reason"] if e.claim.not_testable else e.claim.opinion,
            }
        )
    return ClaimTable(rows, columns=["claim", "quote", "stated", "verdict", "why not testable"])


def verdict_rules() -> None:
    """Display the table of verdict words from docs/VERDICT_RULES.md (the one written statement of the rules)."""
    text = RULES_DOC.read_text(encoding="utf-8")
    words = text.split("## The words", 1)[1].split("\n## ", 1)[0]
    display(Markdown(words.strip()))


def covered(
    section: str,
    entity: str | None = None,
    domain: str | None = None,
    year: int | None = None,
    column: str | None = None,
) -> bool:
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


def section_claims(document: str, section_prefix: str) -> ClaimTable:
    """The verdict table of every claim of a document whose section starts with `section_prefix`."""
    ids = [c.id for c in load_ledger() if c.document == document and c.section.startswith(section_prefix)]
    return verdict_table(ids)


def verdict_of(claim_id: str) -> str:
    """The verdict of one claim, for computed prose."""
    return evaluation(claim_id).verdict


def ledger_frame() -> ClaimTable:
    """Every claim of the ledger with its document, top-level section, kind, verdict, what is stated and computed."""
    rows = []
    for e in evaluate_all():
        claim = e.claim
        rows.append(
            {
                "claim": claim.id,
                "document": DOCUMENTS[claim.document]["title"],
                "section": claim.section.split(" > ")[0],
                "kind": claim.kind,
                "quote": claim.quote,
                "stated": _stated(e),
                "computed": computed_text(e) if claim.test else "",
                "verdict": e.verdict,
            }
        )
    return ClaimTable(rows)


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
        lines.append(
            f'| [{_escape(first.lstrip("# "))}]({file}) | "{_escape(e.claim.quote)}" ({claim_id}) '
            f"| {e.verdict} | {_escape(found)} |"
        )
    display(_markdown("\n".join(lines)))


def table(rows: list[dict]) -> None:
    """Display a list of dicts as a plain table (ClaimTable: whole text, no index; renders the same on GitHub,
    nbviewer, Jupyter and the site). Whole numbers get thousands separators."""
    if not rows:
        return
    shown = [
        {c: f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else v for c, v in row.items()} for row in rows
    ]
    display(ClaimTable(shown, columns=list(rows[0])))


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


def dated_claims(document: str, periods: dict[str, int]) -> ClaimTable:
    """The document's date claims with their verdicts, the year each refers to, and its period: `periods` maps a
    label to the last year of that period, in order."""
    dated = [c for c in load_ledger() if c.document == document and c.kind == "date_event"]
    table = verdict_table([c.id for c in dated]).assign(year=[claim_year(c) for c in dated])
    bounds = [-1, *periods.values()]
    table["period"] = pd.cut(table["year"], bounds, labels=list(periods))
    return table.sort_values(["year", "claim"], ignore_index=True)


# ---------------------------------------------------------------------------------------------------------------
# Labels that name things fully, and sentences computed from what a figure shows


def document_label(document: str, *, with_source: bool = True) -> str:
    """A document's full title for figure labels and prose, from its ledger key ("report"), its title, or the
    start of its title ("Russia and Vietnam", "Vietnam"); with its first author and year unless `with_source` is
    False: 'Russia and Vietnam in the New Asia (Tsvetov et al., 2019)'."""
    text = " ".join(str(document).split())
    if text in DOCUMENTS:
        key = text
    else:
        found = [k for k, meta in DOCUMENTS.items() if meta["title"] == text] or [
            k for k, meta in DOCUMENTS.items() if meta["title"].startswith(text)
        ]
        if len(found) != 1:
            raise KeyError(
                f"{document!r} names {'no' if not found else 'more than one'} document of the ledger; "
                f"use a key ({', '.join(DOCUMENTS)}) or a title"
            )
        key = found[0]
    meta = DOCUMENTS[key]
    if not with_source:
        return meta["title"]
    authors = [a.strip() for a in meta["authors"].split(",")]
    who = authors[0] + (" et al." if len(authors) > 1 else "")
    return f"{meta['title']} ({who}, {meta['year']})"


def _name(key: object, names) -> str:
    if names is None:
        return str(key)
    if callable(names):
        return str(names(key))
    return str(names.get(key, key))


def _value(value: float, unit: str) -> str:
    return fmt(float(value), unit)


def _difference(value: float, unit: str) -> str:
    """A difference between two values of `unit`: percentage points for percentages."""
    return _value(value, "percentage points") if unit.startswith("%") else _value(value, unit)


def _series_name(series: pd.Series, fallback: str) -> str:
    return str(series.name) if series.name is not None else fallback


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def compare_sentence(
    series_a: pd.Series, series_b: pd.Series, *, unit: str = "", names: Sequence[str] | None = None, year: object = None
) -> str:
    """Two series over the same years (e.g. two sides' figures, or two partners) compared in words: their values
    in `year` (default: the last year both have) and the difference, then over their common years how often the
    second is above the first and where the gap is widest. `names` default to the series' names."""
    first_name, second_name = (
        names
        if names is not None
        else (_series_name(series_a, "the first series"), _series_name(series_b, "the second series"))
    )
    a, b = series_a.dropna(), series_b.dropna()
    common = a.index.intersection(b.index).sort_values()
    if not len(common):
        return f"{first_name} and {second_name} have no year in common."
    when = common[-1] if year is None else year
    if when not in common:
        return f"{first_name} and {second_name} do not both have a value for {when}."
    va, vb = float(a[when]), float(b[when])
    gap = vb - va
    if _value(va, unit) == _value(vb, unit):
        text = f"In {when}: {first_name} and {second_name} both {_value(va, unit)}."
    else:
        relative = ""
        if va and not unit.startswith("%"):
            relative = f", {number(100 * abs(gap) / abs(va))}% {'more' if gap > 0 else 'less'}"
        text = (
            f"In {when}: {first_name} {_value(va, unit)}, {second_name} {_value(vb, unit)} "
            f"({_difference(abs(gap), unit)} {'higher' if gap > 0 else 'lower'}{relative})."
        )
    if len(common) > 1:
        gaps = (b[common] - a[common]).astype(float)
        above = int((gaps > 0).sum())
        widest = gaps.abs().idxmax()
        text += (
            f" Over {common[0]}-{common[-1]}: {second_name} above {first_name} in {above} of {len(common)} "
            f"years, the widest gap {_difference(abs(gaps[widest]), unit)} in {widest}."
        )
    return text


def trend_sentence(series: pd.Series, *, unit: str = "", name: str | None = None) -> str:
    """One series over time in words: where it starts and ends, the change, and its highest and lowest years."""
    label = name or _series_name(series, "the series")
    values = series.dropna().sort_index()
    if values.empty:
        return f"{label} has no value."
    start, end = values.index[0], values.index[-1]
    first, last = float(values.iloc[0]), float(values.iloc[-1])
    if len(values) == 1:
        return f"{label} is {_value(first, unit)} in {start}, its only year."
    if _value(first, unit) == _value(last, unit):
        moved = f"is {_value(last, unit)} in both {start} and {end}"
    else:
        verb = "rose" if last > first else "fell"
        change = (
            f" ({'+' if last > first else '-'}{number(100 * abs(last - first) / abs(first))}%)"
            if first and not unit.startswith("%")
            else f" ({_difference(abs(last - first), unit)})"
        )
        moved = f"{verb} from {_value(first, unit)} in {start} to {_value(last, unit)} in {end}{change}"
    high, low = values.idxmax(), values.idxmin()
    extremes = (
        f"; its highest was {_value(values[high], unit)} in {high}, its lowest {_value(values[low], unit)} in {low}"
    )
    return f"{label[:1].upper()}{label[1:]} {moved}{extremes}."


def rank_sentence(values: pd.Series, key: object, *, unit: str = "", names=None, of: str | None = None) -> str:
    """Where `key` ranks among `values` (the project's one ranking rule: largest first, ties share the best
    rank), with its value and the leader's: 'Russian Federation ranks 7th of 40 with 2.10%, behind China
    (38.2%)'. `names` (a mapping or a function) names the keys; `of` says what is ranked ('of 40 suppliers')."""
    ranks = rank_desc(values)
    label = _name(key, names)
    if key not in values.index or pd.isna(values[key]):
        return f"{label} has no value{f' among the {of}' if of else ''}."
    rank = int(ranks[key])
    count = int(values.notna().sum())
    tied = int((ranks == rank).sum()) - 1
    text = f"{label} ranks {ordinal(rank)} of {count}{f' {of}' if of else ''} with {_value(values[key], unit)}"
    if tied:
        text += f" (tied with {tied} other{'s' if tied > 1 else ''})"
    if rank > 1:
        leaders = [k for k in values.index if ranks[k] == 1]
        text += f", behind {_listing([f'{_name(k, names)} ({_value(values[k], unit)})' for k in leaders])}"
    else:
        text += ", the largest"
    return text + "."


def share_sentence(
    values: pd.Series, *, unit: str = "%", top: int = 3, names=None, of: str | None = None, highlight: object = None
) -> str:
    """The largest entries of `values` (e.g. shares in percent, by partner or supplier) in words, with what the
    top ones add up to and, if `highlight` is given, where that entry ranks: 'The 3 largest are China (38.2%),
    Japan (12.1%) and Korea (9.00%), together 59.3%.'"""
    shown = values.dropna()
    ranks = rank_desc(shown)
    leaders = shown[ranks <= top].sort_values(ascending=False, kind="stable")
    if leaders.empty:
        return f"No {of or 'entry'} has a value."
    items = [f"{_name(k, names)} ({_value(v, unit)})" for k, v in leaders.items()]
    noun = f" {of}" if of else ""
    if len(leaders) == 1:
        text = f"The largest{noun} is {items[0]}"
    else:
        text = f"The {len(leaders)} largest{noun} are {_listing(items)}, together {_value(leaders.sum(), unit)}"
    text += "."
    if highlight is not None and highlight not in leaders.index:
        text += " " + rank_sentence(shown, highlight, unit=unit, names=names, of=of)
    return text


# ---------------------------------------------------------------------------------------------------------------
# The reading right after a figure or table: short computed sentences, shown as one paragraph


def interpret(*sentences: str | None) -> None:
    """Display computed sentences (from the *_sentence helpers; None or empty ones left out) as one paragraph: the
    reading of the figure or table above. Nothing is shown when no sentence is left."""
    shown = [s.strip() for s in sentences if s and s.strip()]
    if shown:
        display(_markdown(" ".join(shown)))


def sides_sentence(
    values: Mapping[str, float], *, unit: str = "", what: str = "the value", year: object = None, by: str = "by"
) -> str:
    """One quantity from several sides' figures (label -> value) in words, with the spread between them: 'In 2017
    the share was 57.4% by own figures and 55.0% by mirror figures, 2.40 percentage points apart.' (`by` is the
    word before each label.)"""
    values = dict(values.items())  # a Series iterates over its values, a mapping over its keys
    shown = {label: float(v) for label, v in values.items() if v is not None and not pd.isna(v)}
    when = f"In {year} " if year is not None else ""
    if not shown:
        return f"{when}{what} has no value from any side.".strip().capitalize()
    items = [f"{_value(v, unit)} {by} {label}".replace("  ", " ") for label, v in shown.items()]
    text = f"{when}{what} was {_listing(items)}"
    if len(shown) > 1:
        spread = max(shown.values()) - min(shown.values())
        text += f", {_difference(spread, unit)} apart" if spread else ", the same from every side"
    missing = [label for label in values if label not in shown]
    if missing:
        text += f"; no value {by} {_listing(missing)}".replace("  ", " ")
    return text[:1].upper() + text[1:] + "."


def growth_sentence(table: pd.DataFrame, partner: object, *, what: str = "the total") -> str:
    """A partner's rows of trade.growth_by_side (one per reading) in words: 'From 2011 to 2017 the total changed
    by +12% (+1.9% a year) by reporter's own figures and by +20% (+3.1% a year) by partner's mirror figures.'"""
    from newasia.trade import ANNUAL, CUMULATIVE

    rows = table.xs(partner, level="partner")
    years = [c.split(" ")[0] for c in table.columns if c.endswith("(US$ bn)")]
    known = rows[rows[CUMULATIVE].notna()]
    unknown = [str(reading) for reading in rows.index if reading not in known.index]
    parts = [
        f"by {signed(row[CUMULATIVE])}% ({signed(row[ANNUAL], 1)}% a year) by {reading}"
        for reading, row in known.iterrows()
    ]
    text = f"From {years[0]} to {years[1]} {what} changed {_listing(parts)}" if parts else ""
    if unknown:
        gap = f"no change can be computed by {_listing(unknown)} (a year without a value)"
        text = f"{text}; {gap}" if text else f"From {years[0]} to {years[1]}, {gap} for {what}"
    return text + "."


def since_sentence(first_years: Mapping[str, int | None], end: int, *, what: str = "a deficit") -> str:
    """Since when a condition has held without a break up to `end`, by reading (label -> first year, None when it
    does not hold in `end`): 'A deficit every year from 2015 to 2017 by own figures; none in 2017 by mirror figures.'"""
    parts = [
        f"{what} every year from {first} to {end} by {label}" if first is not None else f"none in {end} by {label}"
        for label, first in first_years.items()
    ]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def extremes_sentence(
    values: pd.Series, *, unit: str = "", names=None, what: str = "", most: str = "largest", least: str = "smallest"
) -> str:
    """The largest and the smallest entries of `values` in words: 'Trade grew fastest with China (+120%) and slowest
    with Japan (+5.0%).' (`what` starts the sentence; `most`/`least` name the two ends)."""
    shown = values.dropna()
    if shown.empty:
        return f"{what} has no value.".strip().capitalize()
    high, low = shown.idxmax(), shown.idxmin()
    text = f"{what} {most} with {_name(high, names)} ({_value(shown[high], unit)})".strip()
    if low != high:
        text += f" and {least} with {_name(low, names)} ({_value(shown[low], unit)})"
    return text[:1].upper() + text[1:] + "."


def verdict_sentence(claim_id: str, what: str | None = None) -> str:
    """A claim's verdict for prose after its evidence: 'The report's "more than 58%" (v-intraregional-share-58):
    **supported**.' `what` replaces the quote."""
    e = evaluation(claim_id)
    document = "paper" if e.claim.document == "paper" else "report"
    return f'The {document}\'s "{what or _plain(e.claim.quote)}" ({claim_id}): **{e.verdict}**.'


def change_sentence(first: float, last: float, *, start: object, end: object, unit: str = "", what: str = "") -> str:
    """A change between two points in words: 'Agreements in force went from 194 on 2009-01-01 to 292 on 2019-01-01
    (+98, +50.5%).' (percent changes of percentages are left out: the difference is in percentage points)."""
    if pd.isna(first) or pd.isna(last):
        return f"{what} has no value on {start if pd.isna(first) else end}.".strip().capitalize()
    whole = not unit.startswith("%") and all(isinstance(v, Integral) for v in (first, last))  # counts
    shown = (lambda v: f"{int(v):,}" + (f" {unit}" if unit else "")) if whole else (lambda v: _value(v, unit))
    difference = shown(abs(last - first)) if whole else _difference(abs(last - first), unit)
    at = {when: "on" if len(str(when)) == 10 and str(when)[4] == "-" else "in" for when in (start, end)}  # a date
    text = f"{what} went from {shown(first)} {at[start]} {start} to {shown(last)} {at[end]} {end} "
    text += f"({'+' if last >= first else '-'}{difference}"
    if first and not unit.startswith("%"):
        text += f", {signed(100 * (last - first) / abs(first), 1)}%"
    return (text[:1].upper() + text[1:]).replace("  ", " ").strip() + ")."


def below_sentence(values: pd.Series, key: object, *, unit: str = "", names=None) -> str:
    """Which entries rank below `key` among `values` (the project's ranking rule; a tie is not below):
    'Below Russian Federation: New Zealand (8.00 US$ billion) and Canada (6.00 US$ billion).'"""
    ranks = rank_desc(values)
    below = values[ranked_below(ranks, key)].sort_values(ascending=False)
    label = _name(key, names)
    if below.empty:
        return f"Nothing ranks below {label}."
    return f"Below {label}: {_listing([f'{_name(k, names)} ({_value(v, unit)})' for k, v in below.items()])}."


def revision_sentence(name: str, year: object, seen: float, revised: float, *, then: str, unit: str = "") -> str:
    """A value as an older vintage had it and as it is today: 'GDP (US$ billion) for 2016: 205 in the 2018-08
    vintage, 256 today (revised by +24.9%).' (percentage points for a percentage)."""
    if pd.isna(seen) or pd.isna(revised):
        return f"{name} for {year} has no value in {'the ' + then + ' vintage' if pd.isna(seen) else 'today'}."
    text = f"{name} for {year}: {_value(seen, unit)} in the {then} vintage, {_value(revised, unit)} today"
    if unit.startswith("%"):
        return text + f" (revised by {signed(revised - seen, 1)} percentage points)."
    return text + f" (revised by {signed(100 * (revised / seen - 1), 1)}%)." if seen else text + "."


# Sentences for estimates with intervals, signs and tallies (what follows a figure of intervals, bars, counts)


def _includes_zero(low: float, high: float) -> bool:
    return low <= 0 <= high


def effect_sentence(effect: dict, name: str | None = None) -> str:
    """One estimated effect in words, from newasia.gravity.agreement_effect's dict (pct, pct_ci, ci, n_pairs,
    post_years, spec): the change in trade with its 95% interval and what identifies it."""
    label = name or effect.get("agreement", "the agreement")
    low, high = effect["pct_ci"]
    text = (
        f"{label} ({effect['spec']}): {signed(effect['pct'])}% change in trade (95% interval {signed(low)}% to "
        f"{signed(high)}%), identified by {effect['n_pairs']:,} pair{'s' if effect['n_pairs'] != 1 else ''} "
        f"in the post-entry years {effect['post_years'] or 'none'}."
    )
    if _includes_zero(*effect["ci"]):
        text += " The interval includes zero: these data cannot rule out no effect."
    return text


def interval_sentence(
    frame: pd.DataFrame, *, estimate: str, low: str, high: str, label: str, unit: str = "log points", of: str = "rows"
) -> str:
    """Estimates with intervals (one per row, named by `label`) in words: their range, where the lowest and highest
    are, and how many intervals include zero."""
    rows = frame.dropna(subset=[estimate])
    if rows.empty:
        return f"None of the {of} has an estimate."
    if len(rows) == 1:
        row = rows.iloc[0]
        zero = "includes" if _includes_zero(row[low], row[high]) else "excludes"
        return (
            f"One {of.rstrip('s')} ({row[label]}): {signed(row[estimate], 2)} {unit}, its 95% interval "
            f"{signed(row[low], 2)} to {signed(row[high], 2)} {zero} zero."
        )
    lowest, highest = rows.loc[rows[estimate].idxmin()], rows.loc[rows[estimate].idxmax()]
    zero = int(((rows[low] <= 0) & (rows[high] >= 0)).sum())
    return (
        f"Across {len(rows)} {of} the estimate ranges from {signed(lowest[estimate], 2)} ({lowest[label]}) to "
        f"{signed(highest[estimate], 2)} {unit} ({highest[label]}); {zero} of the {len(rows)} intervals include zero."
    )


def sign_sentence(values: pd.Series, *, unit: str = "", names=None, of: str = "entries") -> str:
    """Values that can be either side of zero (gaps, differences) in words: how many are below zero, the median,
    the lowest and the highest."""
    shown = values.dropna()
    if shown.empty:
        return f"None of the {of} has a value."
    low, high = shown.idxmin(), shown.idxmax()
    text = lambda v: f"{signed(v, 2)}{' ' + unit if unit else ''}"  # noqa: E731
    return (
        f"Below zero for {int((shown < 0).sum())} of {len(shown)} {of} (median {text(shown.median())}); "
        f"lowest {_name(low, names)} ({text(shown[low])}), highest {_name(high, names)} ({text(shown[high])})."
    )


def tally_sentence(labels: Iterable[object], *, of: str = "claims") -> str:
    """How many of each label (verdicts, kinds) in words, most frequent first (ties in order of first appearance):
    'Of 12 claims: 7 supported, 3 not supported and 2 not testable.'"""
    counts = pd.Series(list(labels), dtype=object).value_counts(sort=False)
    if counts.empty:
        return f"No {of}."
    counts = counts.sort_values(ascending=False, kind="stable")
    return f"Of {int(counts.sum())} {of}: {_listing([f'{n} {label}' for label, n in counts.items()])}."


def reproduced_sentence(published: dict, reproduced: dict, *, what: str = "the published estimate") -> str:
    """A reproduction against the published figures (estimate, se, observations) in words, at the precision the
    published figures give."""
    same = {k: reproduced[k] == published[k] or abs(reproduced[k] - published[k]) < 5e-7 for k in published}
    verdict = "reproduces" if all(same.values()) else "does not exactly reproduce"
    return (
        f"The method {verdict} {what}: coefficient {reproduced['estimate']:.7f} against {published['estimate']:.7f}, "
        f"standard error {reproduced['se']:.6f} against {published['se']:.6f}, on {reproduced['observations']:,} "
        f"observations against {published['observations']:,}."
    )


# ---------------------------------------------------------------------------------------------------------------
# What a document states, as marks on a figure


def stated_marks(claim_ids: Iterable[str], prefix: str = "stated") -> list[tuple[object, float, str]]:
    """(year, stated value, label) of claims whose test names a year, for plotting.lines(marks=...)."""
    marks = []
    for claim_id in claim_ids:
        claim = evaluation(claim_id).claim
        marks.append((claim.test.params["year"], claim.stated.value, f"{prefix} {fmt(claim.stated.value)}"))
    return marks


def stated_level(claim_id: str, prefix: str = "stated") -> tuple[float, str]:
    """(stated value, label naming the claim's year) of a target or threshold, for plotting.lines(hlines=...)."""
    claim = evaluation(claim_id).claim
    return claim.stated.value, f"{prefix}: target for {claim.test.params['year']}"


def balance_words(balance: float, who: str, unit: str = "US$ billion") -> str:
    """A trade balance seen from one side, in words: 'a Russian deficit of US$ 1.2 billion' for a positive
    `balance` of imports over exports, 'a Russian surplus of ...' for a negative one."""
    word = "deficit" if balance > 0 else "surplus"
    return f"a {who} {word} of {_value(abs(balance), unit)}"


def vintage_sentences(frame: pd.DataFrame, then: str, now: str = "current") -> list[str]:
    """Readings computed from two data vintages (columns `then`, `now`, 'years in <vintage>', 'changed', one row per
    claim reading) in words: how many differ, then one sentence per reading."""
    changed = frame[frame["changed"]]
    listed = ", ".join(changed["claim"]) if len(changed) else "none"
    sentences = [
        f"{len(frame)} reading(s) of {frame['claim'].nunique()} claim(s) use World Bank indicators; {len(changed)} of "
        f"them give a different value (to 6 decimals: {listed}) in the {then} vintage than today."
    ]
    columns = [frame[c] for c in ("claim", then, now, f"years in {then}", f"years in {now}")]
    for claim, value_then, value_now, years_then, years_now in zip(*columns, strict=True):
        sentences.append(
            f"{claim}: {value_then:.3f} in the {then} vintage ({years_then} years of data), {value_now:.3f} today "
            f"({years_now} years)"
        )
    return sentences
