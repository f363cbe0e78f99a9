"""Bilateral trade: IMF Direction of Trade Statistics workbooks, extended to 2021 with UN Comtrade exports."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineError

from newasia.build import Built
from newasia.build.raw import RawSources, raise_first, read_csv, spreadsheet_row, to_number
from newasia.errors import RawInputError
from newasia.reference import NameResolver, countries

SOURCE, COMTRADE = "imf-dots", "comtrade-2021"
SHEETS = {"Exports, FOB": "exports", "Imports, CIF": "imports"}
UNIT = "US Dollars, Millions"
REPORTER_CELL, UNIT_CELL, YEAR_ROW, FIRST_DATA_ROW = (3, 1), (4, 1), 6, 7  # 0-based, as read with header=None
SHEET_ROW = FIRST_DATA_ROW + 1  # the spreadsheet row (1-based) of the first partner row
ESTIMATE = re.compile(r"^\s*(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*e\s*$")
COMTRADE_COLUMNS = ["refYear", "reporterISO", "reporterDesc", "flowDesc", "partnerISO", "partnerDesc", "primaryValue"]
KEY = ["reporter", "partner", "flow", "year"]


def aggregate_id(name: str) -> str:
    """Lower-case identifier of an aggregate's name: 'Emerging and Developing Asia' -> 'emerging-and-developing-asia'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _parse_values(block: pd.DataFrame, file: Path, sheet: str, years: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Numbers and estimate flags of a sheet's value block; any other text raises RawInputError."""
    numbers = block.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, copy=True)
    estimate = np.zeros(numbers.shape, dtype=bool)
    text = np.isnan(numbers) & block.notna().to_numpy()
    cells = block.to_numpy(dtype=object)
    for i, j in zip(*np.nonzero(text)):
        match = ESTIMATE.match(str(cells[i, j]))
        if match is None:
            raise RawInputError(
                file,
                "value is not a number or an IMF estimate ('12.3 e')",
                sheet=sheet,
                row=spreadsheet_row(i, SHEET_ROW),
                column=str(years[j]),
                value=cells[i, j],
            )
        numbers[i, j], estimate[i, j] = float(match.group(1).replace(",", "")), True
    return numbers, estimate


def _years(header: pd.Series, file: Path, sheet: str) -> list[int]:
    years = []
    for column, cell in header.items():
        try:
            years.append(int(float(cell)))
        except (TypeError, ValueError):
            raise RawInputError(
                file, "year header is not a year", sheet=sheet, row=YEAR_ROW + 1, column=str(column), value=cell
            ) from None
    return years


def _read_sheet(file: Path, sheet: str, frame: pd.DataFrame, names: NameResolver) -> pd.DataFrame:
    if frame.shape[0] <= FIRST_DATA_ROW or frame.shape[1] < 3:
        raise RawInputError(file, "sheet has no data rows", sheet=sheet)
    unit = frame.iat[UNIT_CELL]
    if unit != UNIT:
        raise RawInputError(file, f"unexpected unit (expected {UNIT!r})", sheet=sheet, row=UNIT_CELL[0] + 1, value=unit)
    reporter_name = frame.iat[REPORTER_CELL]
    reporter = names.resolve(reporter_name, file=file, sheet=sheet, row=REPORTER_CELL[0] + 1)
    header = frame.iloc[YEAR_ROW, 2:]
    keep = header.notna().to_numpy()
    years = _years(header[keep], file, sheet)
    partners = frame.iloc[FIRST_DATA_ROW:, 1]
    block = frame.iloc[FIRST_DATA_ROW:, 2:].loc[:, keep]
    numbers, estimate = _parse_values(block, file, sheet, years)
    rows, cols = np.nonzero(~np.isnan(numbers))
    partner_names = partners.to_numpy()[rows]
    resolved = {}
    for offset, name in zip(rows, partner_names):
        if name not in resolved:
            resolved[name] = names.resolve(
                name, file=file, sheet=sheet, row=spreadsheet_row(offset, SHEET_ROW), column="partner"
            )
    partner_kinds = np.array([resolved[n].kind for n in partner_names], dtype=object)
    if reporter.kind == "country":  # only aggregates' rows may be negative (the IMF's balancing entries)
        raise_first(
            (numbers[rows, cols] < 0) & (partner_kinds == "country"),
            file,
            "negative trade value between two countries",
            sheet=sheet,
            lines=rows + SHEET_ROW,
            column=lambda p: str(years[cols[p]]),
            values=lambda p: f"{block.iat[rows[p], cols[p]]} ({UNIT}; partner {partner_names[p]})",
        )
    return pd.DataFrame(
        {
            "reporter_name": reporter_name,
            "reporter_kind": reporter.kind,
            "reporter": reporter.code or aggregate_id(reporter_name),
            "partner_name": partner_names,
            "partner_kind": partner_kinds,
            "partner": [resolved[n].code or aggregate_id(n) for n in partner_names],
            "flow": SHEETS[sheet],
            "year": np.asarray(years)[cols],
            "value_usd_mn": numbers[rows, cols],
            "estimate": estimate[rows, cols],
            "source": "IMF DOTS",
            "sheet_file": f"{file.name}:{sheet}",
        }
    )


def read_dots(raw: RawSources) -> pd.DataFrame:
    """Every reporter-side value of every workbook, one row per cell (repeats included)."""
    names = NameResolver(SOURCE)
    parts = []
    for file in raw.glob(SOURCE, "DOTS_*.xlsx"):
        try:
            sheets = pd.read_excel(file, sheet_name=None, header=None, engine="calamine")
        except (ValueError, CalamineError) as error:
            raise RawInputError(file, f"cannot be read as a workbook ({error})") from None
        for sheet in SHEETS:
            if sheet not in sheets:
                raise RawInputError(file, "expected sheet is missing", sheet=sheet)
            parts.append(_read_sheet(file, sheet, sheets[sheet], names))
    return pd.concat(parts, ignore_index=True)


def drop_repeats(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Remove the repeated partner rows of the IMF's hierarchical lists after checking they agree."""
    duplicated = frame.duplicated(KEY, keep=False)
    repeats = frame[duplicated]
    conflicts = repeats.groupby(KEY)[["value_usd_mn", "estimate"]].nunique().max(axis=1) > 1
    if conflicts.any():
        key = conflicts[conflicts].index[0]
        first = repeats.set_index(KEY).loc[key]
        raise RawInputError(
            first["sheet_file"].iloc[0],
            "repeated partner rows disagree",
            column=str(key[3]),
            value=f"{key[1]}: {sorted(first['value_usd_mn'])}",
        )
    deduplicated = frame.drop_duplicates(KEY, keep="first")
    return deduplicated, len(frame) - len(deduplicated)


def read_comtrade(raw: RawSources) -> pd.DataFrame:
    """UN Comtrade 2021 exports as reporter-side rows in US$ million."""
    file = raw.file(COMTRADE, "comtrade_all_exports_2021A.csv")
    frame = read_csv(file, COMTRADE_COLUMNS)
    for column, expected in (("refYear", "2021"), ("flowDesc", "Export")):
        raise_first(frame[column] != expected, file, f"expected only {expected!r}", column=column, values=frame[column])
    value = to_number(frame, "primaryValue", file)
    names = NameResolver(COMTRADE)
    known = set(countries()["code"])

    def resolve(code: str, description: str, column: str, row: int) -> tuple[str, str, str]:
        if code in known:
            return code, "country", description
        resolved = names.resolve(code, file=file, column=column, row=row)
        return (resolved.code or aggregate_id(description)), resolved.kind, description

    rows = []
    for position, (rep, rep_desc, par, par_desc) in enumerate(
        frame[["reporterISO", "reporterDesc", "partnerISO", "partnerDesc"]].itertuples(index=False)
    ):
        rows.append(
            (
                *resolve(rep, rep_desc, "reporterISO", spreadsheet_row(position)),
                *resolve(par, par_desc, "partnerISO", spreadsheet_row(position)),
            )
        )
    resolved = pd.DataFrame(
        rows, columns=["reporter", "reporter_kind", "reporter_name", "partner", "partner_kind", "partner_name"]
    )
    between_countries = (resolved["reporter_kind"] == "country") & (resolved["partner_kind"] == "country")
    raise_first(
        (value < 0) & between_countries,
        file,
        "negative trade value between two countries (US dollars)",
        column="primaryValue",
        values=frame["primaryValue"],
    )
    return resolved.assign(
        flow="exports",
        year=2021,
        value_usd_mn=value.to_numpy() / 1e6,
        estimate=False,
        source="UN Comtrade",
        sheet_file=file.name,
    )


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    columns = ["reporter", "partner", "flow", "year", "value_usd_mn", "estimate", "source"]
    return frame[columns].astype({"year": "int64", "estimate": "bool"}).sort_values(KEY, ignore_index=True)


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    dots, repeats = drop_repeats(read_dots(raw))
    comtrade = read_comtrade(raw)
    both = pd.concat([dots, comtrade], ignore_index=True)
    countries_only = (both["reporter_kind"] == "country") & (both["partner_kind"] == "country")
    aggregates = pd.concat(
        [
            both.loc[both[f"{side}_kind"] != "country", [side, f"{side}_name", "source"]].set_axis(
                ["aggregate", "name", "source"], axis=1
            )
            for side in ("reporter", "partner")
        ]
    )
    aggregates = aggregates.drop_duplicates(["aggregate", "source"]).sort_values(
        ["aggregate", "source"], ignore_index=True
    )
    negative = both.loc[~countries_only, "value_usd_mn"] < 0
    notes = [
        f"Removed {repeats} repeated rows of the IMF's hierarchical partner lists (all agreed with the row kept).",
    ]
    aggregate_notes = [
        f"{int(negative.sum())} aggregate rows are negative as the IMF publishes them (balancing entries); "
        "they are kept. No country row is negative.",
    ]
    return {
        "trade": Built(_table(both[countries_only]), notes),
        "trade_aggregates": Built(_table(both[~countries_only]), aggregate_notes),
        "aggregates": Built(aggregates),
    }
