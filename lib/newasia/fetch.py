"""`python -m newasia data fetch wdi --to PATH`: today's World Bank WDI release, written as a raw folder in the
layout newasia.build.wdi reads (PATH/wdi/current/<code>.csv and <code>.datapackage.json, plus PROVENANCE.md).

The indicators fetched are the ones the builder accepts (newasia.build.wdi.UNITS). Values come from the World Bank
Indicators API (v2) through `wbgapi`; each response page is the documented v2 form, a list of a header (page,
pages, per_page, total, lastupdated) and the rows ({"indicator": {"id", "value"}, "country": {"id", "value"},
"countryiso3code", "date", "value", ...}).

Everything is written into a temporary folder beside the target and renamed into place at the end: a fetch that
fails (no network, an API error, an unexpected response) leaves nothing behind, and an existing target is never
overwritten. The API does not serve past vintages: `--vintages-from RAW` copies the vintage-* folders of an
existing raw folder so that the result is a complete WDI raw folder for `data build --raw`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from newasia.build import wdi
from newasia.errors import NewAsiaError

API = "https://api.worldbank.org/v2"
PUBLISHED = "https://datacatalog.worldbank.org/dataset/world-development-indicators"


class FetchError(NewAsiaError):
    """A fetch could not complete: the message says what failed and that nothing was written."""


def _rows(indicator: str) -> tuple[str, list[dict]]:
    """(indicator name, rows) for one indicator, every country and aggregate, every year."""
    import wbgapi

    rows, name = [], None
    for row in wbgapi.fetch(f"country/all/indicator/{indicator.upper()}", {"source": 2}):
        name = name or row["indicator"]["value"]
        if row.get("value") is None or not row.get("countryiso3code"):
            continue
        rows.append(
            {
                "Country Name": row["country"]["value"],
                "Country Code": row["countryiso3code"],
                "Year": int(row["date"]),
                "Value": row["value"],
            }
        )
    if not rows:
        raise FetchError(f"the World Bank API returned no values for {indicator}; nothing was written")
    rows.sort(key=lambda r: (r["Country Code"], r["Year"]))
    return name or indicator, rows


def _write_indicator(folder: Path, indicator: str, name: str, rows: list[dict]) -> None:
    with (folder / f"{indicator}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=wdi.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    package = {
        "title": name,
        "name": indicator,
        "worldbank": {"indicator": indicator},
        "sources": [
            {"name": "World Bank, World Development Indicators", "path": f"{API}/indicator/{indicator.upper()}"}
        ],
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
    }
    (folder / f"{indicator}.datapackage.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")


def fetch_wdi(target: Path, indicators: list[str] | None = None, vintages_from: Path | None = None, log=print) -> Path:
    """Write target/wdi/ (current/ from the API, vintage folders copied from `vintages_from`/wdi if given)."""
    target = Path(target)
    final = target / wdi.SOURCE
    if final.exists():
        raise FetchError(f"{final} exists already; fetch into another folder (nothing was written)")
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    codes = sorted(indicators or wdi.UNITS)
    staging = Path(tempfile.mkdtemp(prefix=".wdi-fetch-", dir=target))
    try:
        current = staging / "current"
        current.mkdir()
        for code in codes:
            try:
                name, rows = _rows(code)
            except FetchError:
                raise
            except Exception as error:  # requests' ConnectionError, wbgapi.APIError, a malformed response
                raise FetchError(
                    f"fetching {code} from the World Bank API failed ({type(error).__name__}: "
                    f"{error}); nothing was written. Without network, copy a raw folder instead "
                    "(docs/UPDATING.md)"
                ) from None
            _write_indicator(current, code, name, rows)
            log(f"wdi/current/{code}.csv {len(rows):>8,} rows")
        if vintages_from is None:
            log("note: wdi/vintage-* not copied (pass --vintages-from OLD_RAW): the WDI builder needs them too")
        else:
            for folder in sorted((Path(vintages_from) / wdi.SOURCE).glob("vintage-*")):
                shutil.copytree(folder, staging / folder.name)
                log(f"wdi/{folder.name}/ copied from {folder.parent}")
        (staging / "PROVENANCE.md").write_text(
            "# World Bank World Development Indicators (selected indicators)\n\n"
            "- Original source: World Bank, World Development Indicators (CC BY 4.0).\n"
            f"- Obtained from: the World Bank Indicators API ({API}) with `python -m newasia data fetch wdi` "
            f"on {dt.date.today().isoformat()}; the release is described at {PUBLISHED}.\n"
            "- Format: long CSV with columns Country Name, Country Code, Year, Value (blank values left out), and "
            "one <code>.datapackage.json per indicator whose title is the indicator's name.\n"
            f"- Indicators: {', '.join(codes)}.\n",
            encoding="utf-8",
        )
        staging.rename(final)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
        if created and not final.exists():
            target.rmdir()
    return final
