"""The static site: `python -m newasia site build` (what `make site` runs) renders the committed notebooks with
Jupyter Book 1.x, without executing them, together with pages generated here from the ledger and the data
descriptor.

Nothing is changed in notebooks/: the notebooks are copied into a staging folder and only the copies are prepared
for reading, from their own content (see `prepare_notebook`):

- every code cell but the `parameters` cell gets `hide-input` (the reader sees figures, tables and findings; the
  code is one click away);
- every cell that shows a figure becomes a numbered figure with a caption: title, subtitle and source as
  newasia.plotting records them in the output's metadata, or, for outputs saved before it did, the heading of the
  markdown cell that introduces the figure; a cell with several figures is split so that each gets its own.

Generated pages: claims.md (one anchor per claim id, ClaimReview JSON-LD for each claim), data.md (each extract
of data/datapackage.json) and verdict-rules.md (docs/VERDICT_RULES.md).
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from newasia.paths import DESCRIPTOR_PATH, NOTEBOOKS_DIR, REPO_ROOT, SITE_DIR

SITE_ASSETS = REPO_ROOT / "site"
VERDICT_RULES_DOC = REPO_ROOT / "docs" / "VERDICT_RULES.md"
TITLE = "Russia, Vietnam and the New Asia"
PROJECT = "newasia project"
FIGURE_METADATA_KEY = "newasia"  # newasia.plotting puts {"figure": {title, subtitle, source, name}} under it
SITE_URL_ENV = "NEWASIA_SITE_URL"  # absolute address of the published site, for the ClaimReview urls

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~])")


def plain_text(text: str) -> str:
    """A ledger text as the document has it: the ledger escapes dollar signs for Markdown (`\\$`)."""
    return text.replace("\\$", "$")


def md_escape(text: object) -> str:
    """Text shown literally in MyST Markdown: punctuation that means something is backslash-escaped and line
    breaks become spaces (table cells stay on one line)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(plain_text(str(text)).split()))


# ---------------------------------------------------------------------------------------------------------------
# Notebooks


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


def _heading_of(cell: nbformat.NotebookNode) -> str:
    """The first heading of a markdown cell, else its first sentence."""
    text = cell.source.strip()
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("#").strip()
    first = re.split(r"(?<=[.:])\s", " ".join(text.split()), maxsplit=1)[0]
    return first.rstrip(".:")


def _figure_caption(output: nbformat.NotebookNode, fallback: str) -> tuple[str, str | None]:
    """(caption in MyST Markdown, figure name or None) for one image output."""
    recorded = output.get("metadata", {}).get(FIGURE_METADATA_KEY, {}).get("figure")
    if recorded:
        caption = md_escape(recorded["title"])
        if recorded.get("subtitle"):
            caption += f" ({md_escape(recorded['subtitle'])})"
        source = recorded["source"]  # newasia.plotting records the rendered caption ("Source: ..." / "Sources: ...")
        source = source if source.startswith("Source") else f"Source: {source}"
        caption += f". {md_escape(source.rstrip('.'))}."
        return caption, recorded.get("name")
    return md_escape(fallback) + ".", None


def _is_image(output: nbformat.NotebookNode) -> bool:
    return "image/png" in output.get("data", {})


def prepare_notebook(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """A copy of `nb` prepared for the site (see the module docstring). `stem` names figures without a recorded
    name (`<stem>-figure-<n>`)."""
    nb = copy.deepcopy(nb)
    cells, introduction, figure_number = [], "Figure", 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            introduction = _heading_of(cell) or introduction
            cell.source = site_links(cell.source, NOTEBOOKS_DIR)  # links to docs/ work on the site too
        if cell.cell_type != "code":
            if cell.cell_type == "markdown":
                cell.source = site_links(cell.source, NOTEBOOKS_DIR)
            cells.append(cell)
            continue
        tags = cell.metadata.setdefault("tags", [])
        if "parameters" not in tags and "hide-input" not in tags:
            tags.append("hide-input")
        images = [o for o in cell.get("outputs", []) if _is_image(o)]
        if not images:
            cells.append(cell)
            continue
        # one cell per figure, so that each figure gets its own caption and name; the code stays with the first
        pieces, current = [], []
        for output in cell.outputs:
            current.append(output)
            if _is_image(output):
                pieces.append(current)
                current = []
        if current:
            pieces[-1].extend(current)
        for index, outputs in enumerate(pieces):
            piece = copy.deepcopy(cell) if index else cell
            piece.outputs = outputs
            if index:
                piece.source = ""
                piece.metadata["tags"] = ["remove-input"]
                piece.pop("id", None)
            figure_number += 1
            fallback = introduction if len(pieces) == 1 else f"{introduction} ({index + 1} of {len(pieces)})"
            caption, name = _figure_caption(next(o for o in outputs if _is_image(o)), fallback)
            piece.metadata["mystnb"] = {
                "figure": {"caption": caption, "name": name or f"{stem}-figure-{figure_number}"}
            }
            cells.append(piece)
    nb.cells = cells
    for number, cell in enumerate(nb.cells):  # ids unique again after splitting
        cell["id"] = f"{stem[:2]}-{number}"
    return nb


def notebook_title(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def claim_notebooks() -> dict[str, list[str]]:
    """For each claim id, the analysis notebooks (file names) whose cells mention it."""
    from newasia.claims import load_ledger

    words = {}
    for path in notebook_paths()[1:]:
        cells = json.loads(path.read_text())["cells"]
        text = "\n".join("".join(cell["source"]) for cell in cells)
        words[path.name] = {word.rstrip(".") for word in re.findall(r"[a-z][a-z0-9.-]*[a-z0-9]", text)}
    return {claim.id: [name for name, found in words.items() if claim.id in found] for claim in load_ledger()}


# ---------------------------------------------------------------------------------------------------------------
# Claims page


def document_work(document: str) -> dict:
    """schema.org CreativeWork of one of the two documents, from newasia.claims.DOCUMENTS."""
    from newasia.claims import DOCUMENTS

    meta = DOCUMENTS[document]
    work = {
        "@type": "CreativeWork",
        "name": meta["title"],
        "author": [{"@type": "Person", "name": name.strip()} for name in meta["authors"].split(",")],
        "datePublished": str(meta["year"]),
    }
    if meta.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": meta["publisher"]}
    return work


def claim_review(record: dict, base_url: str = "") -> dict:
    """schema.org ClaimReview of one ledger record (as `newasia.claims.report.record` makes it)."""
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url}claims.html#{record['id']}",
        "claimReviewed": plain_text(record["quote"]),
        "itemReviewed": document_work(record["document"]),
        "reviewRating": {"@type": "Rating", "alternateName": record["verdict"]},
        "author": {"@type": "Organization", "name": PROJECT},
    }


def _document_label(document: str) -> str:
    from newasia.claims import DOCUMENTS

    meta = DOCUMENTS[document]
    return (
        f"the {document}: {meta['authors']}, *{md_escape(meta['title'])}*, {md_escape(meta['publisher'])}, "
        f"{meta['year']}"
    )


def _stated_text(record: dict) -> str:
    from newasia.format import fmt

    stated = record["stated"]
    parts = []
    if stated["value"] is not None:
        parts.append(fmt(stated["value"], stated["unit"]))
    if stated["period"]:
        parts.append(f"period: {stated['period']}")
    if stated["source"] and stated["source"] != "none":
        parts.append(f"the document's source: {stated['source']}")
    return md_escape("; ".join(parts)) if parts else "no value stated"


def _claim_block(record: dict, notebooks: list[str], base_url: str) -> str:
    from newasia.format import fmt

    claim_id = record["id"]
    rows = [
        ("verdict", f"**{md_escape(record['verdict'])}**"),
        ("document", _document_label(record["document"])),
        ("section", md_escape(record["section"])),
        ("kind", md_escape(record["kind"].replace("_", " "))),
        ("stated", _stated_text(record)),
    ]
    for reading in record["computed"]:
        value = fmt(reading["value"], record["unit"]) if reading["value"] is not None else "no value"
        verdict = reading["verdict"] or "no data"
        rows.append(
            (
                f"reading: {md_escape(reading['reading'])}",
                f"{md_escape(value)} ({md_escape(verdict)}); basis: {md_escape(reading['basis'])}",
            )
        )
    for finding in record["findings"]:
        rows.append(("finding", md_escape(finding)))
    if record["not_testable"]:
        rows.append(("why not testable", md_escape(record["not_testable"]["reason"])))
        if record["not_testable"].get("data_needed"):
            rows.append(("data that would test it", md_escape(record["not_testable"]["data_needed"])))
    if record["note"]:
        rows.append(("note", md_escape(record["note"])))
    if notebooks:
        rows.append(("shown in", ", ".join(f"[{md_escape(Path(n).stem)}]({n})" for n in notebooks)))
    table = "\n".join(f"| {label} | {text} |" for label, text in rows[1:])
    review = json.dumps(claim_review(record, base_url), ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<div class="claim-anchor" id="{html.escape(claim_id)}"></div>\n\n'
        f"**{md_escape(claim_id)}**\n\n"
        f"> {md_escape(plain_text(record['quote']))}\n\n"
        f"| {rows[0][0]} | {rows[0][1]} |\n|---|---|\n{table}\n\n"
        f'<script type="application/ld+json">{review}</script>\n'
    )


def claims_page(records: list[dict], where: dict[str, list[str]], base_url: str = "") -> str:
    from newasia.claims import DOCUMENTS, VERDICTS

    counts = {verdict: sum(r["verdict"] == verdict for r in records) for verdict in VERDICTS}
    lines = [
        "# Claims and verdicts",
        "",
        (
            f"Every claim of the ledger ({len(records)} claims, `data/claims/*.yaml`), evaluated against the "
            "extracts by `newasia.claims` when this site was built: the quote, the document, the verdict, each "
            "reading of the data, and the note or the reason it cannot be tested. Each claim has its own "
            "address, `claims.html#<claim id>`. What the verdict words mean: [the verdict rules](verdict-rules.md)."
        ),
        "",
        "| verdict | claims |",
        "|---|---|",
    ]
    lines += [f"| {verdict} | {n} |" for verdict, n in counts.items()]
    lines.append("")
    for document in DOCUMENTS:
        lines += [f"## The {document}", "", _document_label(document) + ".", ""]
        for verdict in VERDICTS:
            chosen = [r for r in records if r["document"] == document and r["verdict"] == verdict]
            if not chosen:
                continue
            lines += [f"### {verdict.capitalize()} ({document})", ""]
            lines += [_claim_block(r, where.get(r["id"], []), base_url) for r in chosen]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# Data and verdict-rules pages


def _constraints_text(field: dict) -> str:
    parts = []
    for key, value in field.get("constraints", {}).items():
        if key == "required":
            parts.append("required" if value else "optional")
        elif key == "enum":
            parts.append("one of " + ", ".join(map(str, value)))
        else:
            parts.append(f"{key} {value}")
    return md_escape("; ".join(parts))


def data_page(descriptor: dict) -> str:
    lines = [
        "# The data",
        "",
        (
            "The notebooks read only these extracts of `data/`, built by `python -m newasia data build` from "
            "public raw files. Everything on this page comes from `data/datapackage.json`: title, sources with "
            "licence, schema and row count of each extract."
        ),
        "",
    ]
    for resource in descriptor["resources"]:
        lines += [
            f"## {md_escape(resource['title'])}",
            "",
            f"`data/{resource['path']}`: {resource['rows']:,} rows. {md_escape(resource['description'])}",
            "",
        ]
        lines += ["Sources:", ""]
        for source in resource["sources"]:
            lines.append(
                f"- {md_escape(source['title'])}. {md_escape(source['citation'])} "
                f"Licence: {md_escape(source['licence'])}."
            )
        lines += ["", f"Licence of the extract: {md_escape('; '.join(resource['licenses']))}.", ""]
        lines += ["| column | type | unit | description | constraints |", "|---|---|---|---|---|"]
        for field in resource["schema"]["fields"]:
            lines.append(
                f"| `{field['name']}` | {field['type']} | {md_escape(field.get('unit', ''))} | "
                f"{md_escape(field.get('description', ''))} | {_constraints_text(field)} |"
            )
        key = resource["schema"].get("primaryKey")
        if key:
            lines += ["", "Primary key: " + ", ".join(f"`{k}`" for k in key) + "."]
        for caveat in resource.get("caveats", []):
            lines += ["", f"Caveat: {md_escape(caveat)}"]
        lines.append("")
    return "\n".join(lines) + "\n"


_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")


def site_links(markdown: str, folder: Path) -> str:
    """Markdown of a repository file (in `folder`) made to work on the site: links to notebooks point at their
    pages, links to other repository files become the file's path as code, web links and anchors stay."""
    pages = {p.resolve(): p.name for p in notebook_paths()} | {VERDICT_RULES_DOC.resolve(): "verdict-rules.md"}

    def relink(match: re.Match) -> str:
        text, target = match.groups()
        if re.match(r"[a-z]+:|#", target):
            return match.group(0)
        path = (folder / target.split("#")[0]).resolve()
        if path in pages:
            return f"[{text}]({pages[path]})"
        if path == VERDICT_RULES_DOC.resolve():
            return f"[{text}](verdict-rules.md)"
        shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else Path(target)
        return f"{text} (`{shown.as_posix()}`)"

    return _LINK.sub(relink, markdown)


def verdict_rules_page() -> str:
    """docs/VERDICT_RULES.md, the one written statement of the verdict rules, with its links made to work on the
    site."""
    return site_links(VERDICT_RULES_DOC.read_text(), VERDICT_RULES_DOC.parent)


# ---------------------------------------------------------------------------------------------------------------
# Book configuration and build


def config(source: Path) -> str:
    """Jupyter Book's _config.yml: no execution, no launch buttons or Thebe, no external resources."""
    favicon = "favicon.svg"
    return f"""\
title: "{TITLE}"
author: "{PROJECT}"
copyright: "the {PROJECT}; code and curated tables CC BY 4.0"
only_build_toc_files: true
execute:
  execute_notebooks: "off"
html:
  favicon: "{favicon}"
  use_repository_button: false
  use_issues_button: false
  use_edit_page_button: false
  use_download_button: false
  home_page_in_navbar: true
  use_multitoc_numbering: false
parse:
  myst_enable_extensions: [colon_fence, dollarmath, substitution, tasklist]
sphinx:
  config:
    # Jupyter Book adds sphinx_thebe, whose configuration script then lands twice in every page ("Identifier
    # 'THEBE_JS_URL' has already been declared"); the site runs no code, so the extension is left out
    extensions: [sphinx_togglebutton, sphinx_copybutton, myst_nb, jupyter_book, sphinx_comments,
                 sphinx_external_toc, sphinx_design, sphinx_book_theme]
    use_jupyterbook_latex: false
    html_theme_options:
      search_bar_text: "Search the notebooks and the ledger..."
      home_page_in_toc: false  # the site's title at the top of the sidebar leads to the index
      show_toc_level: 2  # the claims page's table of contents shows the verdict groups
      use_download_button: false  # its "source file" link points to _sources/, which is not published
      use_fullscreen_button: false
      use_repository_button: false
      use_edit_page_button: false
      use_issues_button: false
      use_source_button: false
      launch_buttons: {{}}
      path_to_docs: ""
      repository_url: ""
      extra_footer: "Computed from the committed notebooks and the claims ledger; nothing is re-executed."
    html_context:
      default_mode: light  # unset, the theme logs "Got invalid theme mode: ." on every page
    numfig: true
    numfig_format: {{figure: "Figure %s"}}
    nb_render_markdown_format: myst
    smartquotes: false  # quotes of the documents are shown verbatim
    html_show_copyright: false
    html_show_sphinx: false
    html_last_updated_fmt: ""
    html_copy_source: false
    html_show_sourcelink: false
    suppress_warnings: ["mystnb.unknown_mime_type"]
"""


def toc(notebooks: list[Path]) -> str:
    root, rest = notebooks[0].stem, notebooks[1:]
    chapters = "\n".join(f"      - file: {p.stem}" for p in rest)
    return f"""\
format: jb-book
root: {root}
parts:
  - caption: Notebooks
    chapters:
{chapters}
  - caption: Reference
    chapters:
      - file: claims
      - file: data
      - file: verdict-rules
"""


def write_source(source: Path) -> None:
    """The book's source: prepared copies of the notebooks, the generated pages, _config.yml and _toc.yml."""
    from newasia.claims.engine import evaluate_all
    from newasia.claims.report import record
    from newasia.descriptor import read

    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    notebooks = notebook_paths()
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        nbformat.write(prepare_notebook(nb, path.stem), source / path.name)
    base_url = os.environ.get(SITE_URL_ENV, "")
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    records = [record(e) for e in evaluate_all()]
    (source / "claims.md").write_text(claims_page(records, claim_notebooks(), base_url))
    (source / "data.md").write_text(data_page(read(DESCRIPTOR_PATH)))
    (source / "verdict-rules.md").write_text(verdict_rules_page())
    shutil.copy(SITE_ASSETS / "favicon.svg", source / "favicon.svg")
    (source / "_config.yml").write_text(config(source))
    (source / "_toc.yml").write_text(toc(notebooks))


def build(out: Path = SITE_DIR, work: Path | None = None, quiet: bool = True) -> Path:
    """Build the site into `out` (replaced); the book's source and Sphinx's files go to `work`
    (default: beside `out`). Returns `out`. Warnings are errors."""
    out = Path(out).resolve()
    work = Path(work).resolve() if work else out.parent / "site-work"
    source = work / "source"
    write_source(source)
    jb = [
        sys.executable,
        "-c",
        "from jupyter_book.cli.main import main; main()",
        "build",
        str(source),
        "--path-output",
        str(work),
        "--all",
        "--warningiserror",
        "--keep-going",
    ]
    if quiet:
        jb.append("--quiet")
    environment = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    result = subprocess.run(jb, check=False, capture_output=True, text=True, env=environment, cwd=work)
    if result.returncode != 0:
        raise RuntimeError(f"jupyter-book build failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    built = work / "_build" / "html"
    if out.exists():
        shutil.rmtree(out)
    shutil.move(str(built), str(out))
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ and _images/ as they are
    # Jupyter Book's index.html is a bare redirect: without an icon link the browser asks for /favicon.ico
    first = notebook_paths()[0].stem
    (out / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(TITLE)}</title>\n'
        f'<link rel="icon" href="_static/favicon.svg" type="image/svg+xml">\n'
        f'<meta http-equiv="Refresh" content="0; url={first}.html">\n</head>\n'
        f'<body><p><a href="{first}.html">{html.escape(TITLE)}</a></p></body>\n</html>\n'
    )
    return out


def main(out: Path = SITE_DIR) -> int:
    started = time.perf_counter()
    built = build(out)
    pages = len(list(built.rglob("*.html")))
    size = sum(p.stat().st_size for p in built.rglob("*") if p.is_file())
    print(
        f"site written to {built}: {pages} HTML files, {size / 1e6:.1f} MB, "
        f"in {time.perf_counter() - started:.0f} s; open {built / 'index.html'}"
    )
    return 0
