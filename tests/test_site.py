"""The static site (`make site`): built once per session into a temporary folder from the committed notebooks
(never executed), then checked as files (ClaimReview JSON-LD against the ledger, generated pages) and in a real
browser (Chromium headless through Playwright: every page loads without console errors, every image loads,
every internal link and anchor resolves, search works).

The browser test skips, saying why, where /usr/bin/chromium is absent, unless CI is set: in CI it fails
(.ci/run installs Debian's chromium first)."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import http.server
import json
import os
import re
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import nbformat
import pytest
from newasia import plotting, site
from newasia.claims.engine import evaluate_all
from newasia.claims.report import record

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Console messages that are not errors of the site. Each entry needs its reason; none is needed today.
CONSOLE_ALLOWED: dict[str, str] = {}


class _Page(HTMLParser):
    """Ids, links, images and JSON-LD scripts of one HTML file."""

    def __init__(self) -> None:
        super().__init__()
        self.ids, self.links, self.images, self.json_ld = set(), [], [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs.get("src"))
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text())
    return page


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.ipynb"))}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    before = _digest(site.NOTEBOOKS_DIR)
    started = time.perf_counter()
    out = site.build(tmp_path_factory.mktemp("site") / "html")
    seconds = time.perf_counter() - started
    assert _digest(site.NOTEBOOKS_DIR) == before, "building the site changed notebooks/"
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"\nsite built in {seconds:.0f} s: {len(list(out.glob('*.html')))} pages, {size / 1e6:.1f} MB")
    # make site takes under a minute on an idle 2-core machine; the limit leaves room for a busy one
    assert seconds < 120, f"the site took {seconds:.0f} s to build"
    return out


@pytest.fixture(scope="session")
def ledger() -> list[dict]:
    return [record(e) for e in evaluate_all()]


# ---------------------------------------------------------------------------------------------------------------
# Preparing notebook copies


def _figure_output(figure: dict | None = None) -> nbformat.NotebookNode:
    metadata = {site.FIGURE_METADATA_KEY: {"figure": figure}} if figure else {}
    return nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}, metadata=metadata
    )


def test_prepared_copy_hides_code_keeps_parameters_and_captions_figures():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 99 · Test"),
            nbformat.v4.new_code_cell("X = 1", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_markdown_cell("## Trade over time\n\nWhat the figure shows."),
            nbformat.v4.new_code_cell(
                "plot()",
                outputs=[
                    _figure_output(
                        {"title": "Trade, $ bn", "subtitle": "both sides", "source": "Source: IMF", "name": "99-a"}
                    ),
                    _figure_output(),
                ],
            ),
        ]
    )
    original = copy_of = nbformat.writes(nb)
    prepared = site.prepare_notebook(nb, "99-test")
    assert nbformat.writes(nb) == original == copy_of, "the notebook itself must not change"
    code = [c for c in prepared.cells if c.cell_type == "code"]
    assert code[0].metadata.tags == ["parameters"]
    assert code[1].metadata.tags == ["hide-input"] and code[1].source == "plot()"
    assert code[2].metadata.tags == ["remove-input"] and code[2].source == ""
    assert code[1].metadata.mystnb.figure == {"caption": r"Trade, \$ bn (both sides). Source: IMF.", "name": "99-a"}
    assert code[2].metadata.mystnb.figure == {"caption": r"Trade over time \(2 of 2\).", "name": "99-test-figure-2"}
    assert len({c.id for c in prepared.cells}) == len(prepared.cells)
    nbformat.validate(prepared)


def test_verdict_rules_page_is_the_written_rules_with_every_verdict_word():
    from newasia.claims import VERDICTS

    page = site.verdict_rules_page()
    assert page.startswith("# Verdict rules")
    assert all(f"| **{verdict}** |" in page for verdict in VERDICTS)


def test_links_of_a_repository_document_work_on_the_site():
    docs = site.REPO_ROOT / "docs"
    text = (
        "See [the ledger](../notebooks/11-claims-ledger.ipynb#verdicts), [rules](DEVELOPING.md), "
        "[web](https://example.org/x) and [here](#rules)."
    )
    assert site.site_links(text, docs) == (
        "See [the ledger](11-claims-ledger.ipynb), rules (`docs/DEVELOPING.md`), [web](https://example.org/x) "
        "and [here](#rules)."
    )


# ---------------------------------------------------------------------------------------------------------------
# The built site, as files


def test_every_notebook_has_a_page_and_the_index_is_the_first(built_site):
    for path in site.notebook_paths():
        assert (built_site / f"{path.stem}.html").exists(), path.name
    assert "00-index.html" in (built_site / "index.html").read_text()
    for page in ("claims", "data", "verdict-rules", "search"):
        assert (built_site / f"{page}.html").exists()


def test_claims_page_carries_a_claimreview_for_every_claim(built_site, ledger):
    page = _parse(built_site / "claims.html")
    reviews = {r["url"].rsplit("#", 1)[1]: r for r in page.json_ld if r.get("@type") == "ClaimReview"}
    assert set(reviews) == {r["id"] for r in ledger}
    for claim in ledger:
        review = reviews[claim["id"]]
        assert review["@context"] == "https://schema.org"
        assert review["url"].endswith(f"claims.html#{claim['id']}")
        assert review["claimReviewed"] == site.plain_text(claim["quote"])
        assert review["reviewRating"]["alternateName"] == claim["verdict"]
        assert review["author"]["name"] == site.PROJECT
        work = review["itemReviewed"]
        assert work["@type"] == "CreativeWork" and work["author"] and work["datePublished"]
        assert claim["id"] in page.ids
    report = next(r["itemReviewed"] for r in reviews.values() if r["itemReviewed"]["datePublished"] == "2019")
    assert report["name"] == "Russia and Vietnam in the New Asia"
    assert [a["name"] for a in report["author"]] == ["Tsvetov", "Kashin", "Korolev", "Pyatachkova"]


def test_claims_page_shows_every_quote_whole(built_site, ledger):
    text = html.unescape(" ".join((built_site / "claims.html").read_text().split()))
    missing = [c["id"] for c in ledger if " ".join(site.plain_text(c["quote"]).split()) not in text]
    assert not missing, f"quotes not shown whole: {missing}"


def test_data_page_describes_every_extract(built_site):
    from newasia.descriptor import read

    text = (built_site / "data.html").read_text()
    for resource in read(site.DESCRIPTOR_PATH)["resources"]:
        assert f"data/{resource['path']}" in text
        for field in resource["schema"]["fields"]:
            assert f">{field['name']}<" in text, (resource["name"], field["name"])


def test_figures_are_numbered_with_captions_and_code_is_hidden(built_site):
    text = (built_site / "08-paper-bilateral-trade.html").read_text()
    assert text.count("<figcaption") >= 3 and "Figure " in text
    assert "tag_hide-input" in text


# ---------------------------------------------------------------------------------------------------------------
# The built site, in a browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; remembers every request it could not answer."""

    missing: ClassVar[list[str]] = []

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        self.missing.append(f"HTTP {code} for {self.path}")
        try:
            super().send_error(code, message, explain)
        except (BrokenPipeError, ConnectionResetError):  # the page was closed while the answer was sent
            pass


@pytest.fixture(scope="session")
def served(built_site):
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent (apt-get install chromium)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:  # pragma: no cover - pinned in requirements
            reason = f"playwright is not installed: {error}"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the browser test: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser, url: str, problems: list[str], source: str = ""):
    """The page at `url`, loaded, its problems collected; `source` is its HTML file, to follow a redirect."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on(
        "console",
        lambda m: (
            problems.append(f"{url}: console {m.type}: {m.text}")
            if m.type == "error" and not any(a in m.text for a in CONSOLE_ALLOWED)
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"{url}: page error: {e}"))
    redirect = REFRESH.search(source)

    def failed(request):
        # a redirecting page is left at once: the browser aborts what it was still fetching (its icon)
        if not (redirect and request.failure == "net::ERR_ABORTED"):
            problems.append(f"{url}: request failed: {request.url} {request.failure}")

    page.on("requestfailed", failed)
    page.on("response", lambda r: problems.append(f"{url}: HTTP {r.status} for {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    if redirect:  # index.html sends the reader to the first notebook's page
        page.wait_for_url(urllib.parse.urljoin(url, redirect.group(1)))
        page.wait_for_load_state("load")
    return page


REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)
IMAGES_JS = """async () => {
    const images = Array.from(document.images);
    for (const image of images) { image.loading = "eager"; }
    await Promise.all(images.map(image => image.decode().catch(() => null)));
    return images.map(image => [image.currentSrc, image.naturalWidth, image.naturalHeight]);
}"""


def test_every_page_loads_cleanly_in_a_browser(browser, served, built_site, ledger, tmp_path_factory):
    pages = sorted(p.name for p in built_site.glob("*.html"))
    ids = {name: _parse(built_site / name).ids for name in pages}
    problems, links, anchors, images = [], set(), 0, 0
    for name in pages:
        page = _open(browser, served + name, problems, (built_site / name).read_text())
        for src, width, height in page.evaluate(IMAGES_JS):
            images += 1
            if not (width and height):
                problems.append(f"{name}: image {src} has no size")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            if href.startswith(served):
                links.add((name, href))
        page.close()
    for name, href in sorted(links):
        target, _, fragment = href[len(served) :].partition("#")
        target = urllib.parse.unquote(target.split("?")[0]) or "index.html"
        if not (built_site / target).is_file():
            problems.append(f"{name}: link to missing {target}")
        elif fragment:
            anchors += 1
            if target.endswith(".html") and urllib.parse.unquote(fragment) not in ids[target]:
                problems.append(f"{name}: link to missing anchor {target}#{fragment}")
    claims = _open(browser, served + "claims.html", problems)
    absent = [c["id"] for c in ledger if not claims.evaluate("id => !!document.getElementById(id)", c["id"])]
    claims.close()
    assert not absent, f"claims without an anchor on claims.html: {absent}"
    search = _open(browser, served + "search.html?q=Vietnam", problems)
    search.wait_for_selector("#search-results ul.search li", timeout=20_000)
    found = search.locator("#search-results ul.search li").count()
    search.close()
    problems += sorted(set(_Quiet.missing))
    print(
        f"\nbrowser: {len(pages)} pages, {images} images, {len(links)} internal links, {anchors} anchors, "
        f"{len(ledger)} claim anchors checked; search for 'Vietnam' found {found} pages"
    )
    assert not problems, "\n".join(problems)


def test_screenshots_of_the_main_pages(browser, served, tmp_path_factory):
    folder = Path(os.environ.get("NEWASIA_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    shots = {
        "index": ("00-index.html", None),
        "analysis": ("08-paper-bilateral-trade.html", None),
        "analysis-figure": ("08-paper-bilateral-trade.html", "figure"),
        "claims": ("claims.html", None),
        "claim": ("claims.html#v-deficit-4bn-2017", None),
    }
    for shot, (name, element) in shots.items():
        page = _open(browser, served + name, problems)
        if element:
            page.locator(element).first.scroll_into_view_if_needed()
        page.screenshot(path=str(folder / f"{shot}.png"))
        page.close()
    print(f"\nscreenshots in {folder}")
    assert not problems, "\n".join(problems)


def test_a_notebook_figure_carries_its_caption_in_the_output_metadata(tmp_path):
    """newasia.plotting shows a figure once, with title, subtitle, source and name in the output's metadata,
    which prepare_notebook turns into the figure's caption and name."""
    import nbclient

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import pandas as pd\nfrom newasia import plotting\nplotting.setup()\n"
                "plotting.lines(pd.DataFrame({'a': [1.0, 2.0]}, index=[2000, 2001]), title='Trade', subtitle='both sides',"
                " ylabel='US$ bn', source='imf-dots', name='99-trade');"
            )
        ]
    )
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWASIA_FIGURES_DIR", str(tmp_path))
        client.execute()
    outputs = nb.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"] and "image/png" in outputs[0].data
    # drawn once: the notebook shows the saved file's bytes, at screen width
    assert base64.b64decode(outputs[0].data["image/png"]) == (tmp_path / "99-trade.png").read_bytes()
    assert outputs[0].metadata["image/png"] == {"width": plotting.WIDTH * plotting.SCREEN_DPI}
    assert outputs[0].data["text/plain"] == "<Figure: Trade>"  # what a reader without images sees
    source = "Source: IMF Direction of Trade Statistics (DOTS), annual, by reporter"  # from sources.yaml
    assert outputs[0].metadata["newasia"]["figure"] == {
        "title": "Trade",
        "subtitle": "both sides",
        "source": source,
        "name": "99-trade",
    }
    prepared = site.prepare_notebook(nb, "99-test")
    assert prepared.cells[0].metadata.mystnb.figure == {
        "caption": f"Trade (both sides). {site.md_escape(source)}.",
        "name": "99-trade",
    }
