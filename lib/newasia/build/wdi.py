"""World Bank World Development Indicators: selected indicators in three vintages of the datasets/wdi mirror."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from newasia.build import Built
from newasia.build.raw import CountryCodes, RawSources, raise_first, read_csv, to_number, whole_numbers
from newasia.errors import RawInputError
from newasia.reference import NAMES_FILE

SOURCE = "wdi"
# Raw folder -> vintage label in indicators.parquet (tables.VINTAGES).
VINTAGES = {"current": "current", "vintage-2018-08": "2018-08", "vintage-2026-03": "2026-03"}
NAMES_FROM = "current"  # the folder whose <indicator>.datapackage.json files give the indicator names
COLUMNS = ["Country Name", "Country Code", "Year", "Value"]
KEY = ["country", "indicator", "year", "vintage"]
REMITTANCES, VIETNAM = "bx.trf.pwkr.cd.dt", "VNM"

# The unit of every indicator the build accepts, keyed by lower-case WDI code. A raw file for an indicator not
# listed here is an error: add its unit (from the World Bank's metadata) before using it.
UNITS = {
    "sp.pop.totl": "persons",
    "ny.gdp.mktp.cd": "current US$",
    "ny.gdp.pcap.cd": "current US$ per person",
    "ny.gdp.pcap.pp.cd": "current international $ (PPP) per person",
    "ny.gdp.mktp.kd.zg": "annual %",
    "fp.cpi.totl.zg": "annual %",
    "sl.uem.totl.zs": "% of labour force (modelled ILO estimate)",
    "ne.exp.gnfs.zs": "% of GDP",
    "ne.imp.gnfs.zs": "% of GDP",
    "bx.klt.dinv.cd.wd": "current US$",
    "bx.trf.pwkr.cd.dt": "current US$",
    "dt.oda.odat.cd": "current US$",
}


def _vintage_folders(raw: RawSources) -> None:
    folder = raw.root / SOURCE
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_dir() and path.name not in VINTAGES:
            raise RawInputError(path, f"unknown WDI vintage folder (expected {sorted(VINTAGES)})")


def read_indicator(file: Path, codes: CountryCodes) -> tuple[pd.DataFrame, int, int]:
    """One indicator file as (country, year, value) rows, with the numbers of aggregate and blank rows dropped."""
    frame = read_csv(file, COLUMNS)
    year = whole_numbers(frame, "Year", file)
    value = to_number(frame, "Value", file)
    is_country = codes.is_country(frame["Country Code"], file, "Country Code")
    duplicated = frame.duplicated(["Country Code", "Year"])
    raise_first(
        duplicated,
        file,
        "repeated country and year",
        column="Country Code",
        values=lambda position: f"{frame['Country Code'].iloc[position]} {frame['Year'].iloc[position]}",
    )
    blank = is_country & value.isna()
    keep = is_country & ~blank
    rows = pd.DataFrame(
        {"country": frame.loc[keep, "Country Code"], "year": year[keep], "value": value[keep].astype("float64")}
    )
    return rows, int((~is_country).sum()), int(blank.sum())


def read_title(file: Path, indicator: str) -> str:
    """The indicator's name: the "title" of its datapackage.json, checked to describe that indicator."""
    try:
        package = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise RawInputError(file, f"cannot be read as JSON ({error})") from None
    if not isinstance(package, dict):
        raise RawInputError(file, "expected a JSON object")
    title = package.get("title")
    if not isinstance(title, str) or not title.strip():
        raise RawInputError(file, "datapackage has no title", column="title", value=title)
    name = package.get("name")
    if name is not None and str(name).lower() != indicator:
        raise RawInputError(
            file, f"datapackage describes another indicator (expected {indicator!r})", column="name", value=name
        )
    return " ".join(title.split())


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    _vintage_folders(raw)
    codes = CountryCodes(SOURCE, reference_dir)
    parts, aggregates, blanks, counts = [], {}, {}, {}
    for folder, vintage in VINTAGES.items():
        files = raw.glob(SOURCE, f"{folder}/*.csv")
        counts[vintage] = len(files)
        for file in files:
            indicator = file.stem.lower()
            if indicator not in UNITS:
                raise RawInputError(file, "indicator has no unit in newasia.build.wdi.UNITS; add it", value=indicator)
            rows, dropped, blank = read_indicator(file, codes)
            parts.append(rows.assign(indicator=indicator, vintage=vintage))
            aggregates[vintage] = aggregates.get(vintage, 0) + dropped
            blanks[vintage] = blanks.get(vintage, 0) + blank
    indicators = (
        pd.concat(parts, ignore_index=True)[["country", "indicator", "year", "value", "vintage"]]
        .astype({"year": "int64", "value": "float64"})
        .sort_values(KEY, ignore_index=True)
    )
    used = sorted(indicators["indicator"].unique())
    definitions = pd.DataFrame(
        {
            "indicator": used,
            "name": [read_title(raw.file(SOURCE, f"{NAMES_FROM}/{code}.datapackage.json"), code) for code in used],
            "unit": [UNITS[code] for code in used],
        }
    ).astype("str")

    def by_vintage(counter: dict[str, int]) -> str:
        return ", ".join(f"{vintage} {count}" for vintage, count in counter.items())

    remittances = indicators[(indicators["indicator"] == REMITTANCES) & (indicators["country"] == VIETNAM)]
    years = remittances.groupby("vintage")["year"].agg(["size", "min", "max"])
    notes = [
        f"Read {sum(counts.values())} indicator files ({by_vintage(counts)}).",
        f"Dropped {sum(aggregates.values())} rows of World Bank aggregates (codes listed as aggregates of 'wdi' in "
        f"data/reference/{NAMES_FILE}; by vintage: {by_vintage(aggregates)}).",
        f"Dropped {sum(blanks.values())} blank values (by vintage: {by_vintage(blanks)}).",
        f"Viet Nam personal remittances ({REMITTANCES}): "
        + (
            "; ".join(
                f"{vintage} has {row['size']} years ({row['min']}-{row['max']})" for vintage, row in years.iterrows()
            )
            or "no values"
        )
        + ".",
    ]
    return {
        "indicators": Built(indicators, notes),
        "indicator_definitions": Built(
            definitions,
            [
                f"Names are the titles of {NAMES_FROM}/<indicator>.datapackage.json; units come from "
                "newasia.build.wdi.UNITS."
            ],
        ),
    }
