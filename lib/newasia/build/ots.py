"""Trade by product group: Open Trade Statistics (OTS) reporter files, with the OTS community-to-HS mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyreadr
from pandas.api.types import is_numeric_dtype
from pyreadr.custom_errors import LibrdataError, PyreadrError

from newasia.build import Built
from newasia.build.raw import (
    RECORD_ROW,
    RawSources,
    raise_first,
    require_columns,
    require_rows,
    spreadsheet_row,
    to_number,
)
from newasia.errors import RawInputError
from newasia.reference import NameResolver, countries

SOURCE = "ots-product-groups"
# Russia and the ten ASEAN members, as OTS names their files (lower-case ISO3).
REPORTERS = ("rus", "brn", "khm", "idn", "lao", "mys", "mmr", "phl", "sgp", "tha", "vnm")
MAPPING, COMMUNITIES = "ots_communities_hs_mapping.json", "communities.rds"
COLUMNS = ["year", "community_name", "reporter_iso", "partner_iso", "export_value_usd", "import_value_usd"]
VALUES = ["export_value_usd", "import_value_usd"]
MIRROR = {"export_value_usd": "import_value_usd", "import_value_usd": "export_value_usd"}
MAPPING_FIELDS = ["product_code", "community_code", "community_name"]
RAW_KEY = ["reporter_iso", "partner_iso", "year", "community_name"]
KEY = ["reporter", "partner", "year", "product_group"]
INT_MAX = 2**31 - 1


def country_file(iso: str) -> str:
    return f"country/{iso}.rds"


def read_rds(file: Path) -> pd.DataFrame:
    """The one data frame an .rds file holds; an unreadable file raises RawInputError."""
    try:
        result = pyreadr.read_r(file)
    except (LibrdataError, PyreadrError) as error:
        raise RawInputError(file, f"cannot be read as an R data file ({error})") from None
    if None not in result:
        raise RawInputError(file, "holds no data frame")
    return result[None]


def read_reporter(raw: RawSources, iso: str) -> tuple[pd.DataFrame, Path, int]:
    """One reporter's file, checked: columns, reporter and partner codes, whole years, numeric non-negative
    values, no conflicting repeated keys; with the number of exact repeated rows removed.

    Values stay in US dollars; missing values stay NaN (see `fill_missing_values`). Rows are numbered
    1-based as R numbers them.
    """
    file = raw.file(SOURCE, country_file(iso))
    frame = read_rds(file)
    require_columns(frame, COLUMNS, file)
    require_rows(frame, file)
    frame = frame[COLUMNS].reset_index(drop=True)
    wrong = frame["reporter_iso"] != iso
    raise_first(
        wrong,
        file,
        f"reporter is not {iso!r}, the file's name",
        first_row=RECORD_ROW,
        column="reporter_iso",
        values=frame["reporter_iso"],
    )
    blank = frame["partner_iso"].isna() | (frame["partner_iso"].astype(str).str.strip() == "")
    raise_first(blank, file, "partner code is missing", first_row=RECORD_ROW, column="partner_iso")
    for column in ["year", *VALUES]:
        numbers = (
            frame[column].astype("float64")
            if is_numeric_dtype(frame[column])
            else to_number(frame, column, file, first_row=RECORD_ROW)
        )
        bad = (numbers < 0) | (numbers % 1 != 0) if column == "year" else numbers < 0
        if column == "year":
            bad |= numbers.isna()
        problem = "year is missing or not a whole number" if column == "year" else "value is negative"
        raise_first(bad, file, problem, first_row=RECORD_ROW, column=column, values=frame[column])
        frame[column] = numbers.astype("int64") if column == "year" else numbers.astype("float64")
    frame, repeats = drop_duplicates(frame, file)
    return frame, file, repeats  # the index stays the 0-based row of the file


def check_unnamed_communities(frame: pd.DataFrame, file: Path) -> None:
    """Rows without a community name are accepted only as empty placeholders: aggregate partner, values zero."""
    unnamed = frame["community_name"].isna()
    placeholder = (frame["partner_kind"] != "country") & (frame[VALUES].fillna(1) == 0).all(axis=1)
    bad = unnamed & ~placeholder
    raise_first(
        bad,
        file,
        "community_name is missing on a row that is not an empty aggregate placeholder",
        first_row=RECORD_ROW,
        at=frame.index,
        column="community_name",
        values=lambda p: f"partner {frame['partner_iso'].iloc[p]}, year {frame['year'].iloc[p]}",
    )


def resolve_partners(frame: pd.DataFrame, file: Path, names: NameResolver, known: set[str]) -> pd.DataFrame:
    """Upper-case ISO3 partner codes; old codes mapped and aggregates marked via country_names.csv."""
    codes, kinds = {}, {}
    for code in frame["partner_iso"].unique():
        if code.upper() in known:
            codes[code], kinds[code] = code.upper(), "country"
            continue
        position = int((frame["partner_iso"] == code).to_numpy().nonzero()[0][0])
        resolved = names.resolve(
            code, file=file, column="partner_iso", row=spreadsheet_row(frame.index[position], RECORD_ROW)
        )
        codes[code], kinds[code] = resolved.code, resolved.kind
    return frame.assign(partner=frame["partner_iso"].map(codes), partner_kind=frame["partner_iso"].map(kinds))


def drop_duplicates(frame: pd.DataFrame, file: Path) -> tuple[pd.DataFrame, int]:
    """Exact repeats of a row are removed; two rows with the same key and different values raise."""
    exact = frame.duplicated(RAW_KEY + VALUES)
    frame = frame[~exact]
    clash = frame.duplicated(RAW_KEY, keep=False)
    raise_first(
        clash,
        file,
        "two rows for the same partner, year and community disagree",
        first_row=RECORD_ROW,
        at=frame.index,
        column="partner_iso",
        values=lambda p: f"{frame['partner_iso'].iloc[p]}, {frame['year'].iloc[p]}, {frame['community_name'].iloc[p]}",
    )
    return frame, int(exact.sum())


def _mirror(frame: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """`frame` (partner's file) seen from `reporter`: partner's exports are the reporter's imports."""
    rows = frame[frame["partner_iso"] == reporter]
    return rows.rename(columns={"reporter_iso": "partner_iso", "partner_iso": "reporter_iso", **MIRROR})[
        RAW_KEY + VALUES
    ]


def fill_missing_values(raw: RawSources, frames: dict[str, pd.DataFrame], files: dict[str, Path]) -> list[str]:
    """Fill missing values from the partner's own file (OTS reconciles A's exports with B's imports).

    Each pair with a gap is first checked: every value present in both files must agree exactly. A gap
    the mirror cannot fill raises RawInputError. Returns one note per reporter, partner and column filled.
    """
    notes, mirrors = [], {}
    for iso, frame in frames.items():
        for column in VALUES:
            missing = frame[column].isna()
            for partner in sorted(frame.loc[missing, "partner_iso"].unique()):
                rows = missing & (frame["partner_iso"] == partner)
                first = spreadsheet_row(frame.index[rows][0], RECORD_ROW)
                if partner not in frames and partner not in mirrors:
                    mirrors[partner] = read_reporter(raw, partner)[0] if _exists(raw, partner) else None
                    if mirrors[partner] is not None:
                        files[partner] = raw.root / SOURCE / country_file(partner)
                other = frames[partner] if partner in frames else mirrors[partner]
                if other is None:
                    raise RawInputError(
                        files[iso],
                        "value is missing and the partner has no file to mirror it",
                        row=first,
                        column=column,
                        value=partner,
                    )
                mirror = _mirror(other, iso)
                pair = frame[frame["partner_iso"] == partner].merge(
                    mirror, on=RAW_KEY, how="inner", suffixes=("", "_mirror")
                )
                agree = 0
                for value in VALUES:
                    both = pair[value].notna() & pair[f"{value}_mirror"].notna()
                    differs = both & (pair[value] != pair[f"{value}_mirror"])
                    if differs.any():
                        raise RawInputError(
                            files[iso],
                            f"does not reconcile with {files[partner].name}, so its "
                            "missing values cannot be filled from it",
                            column=value,
                            value=partner,
                        )
                    agree += int(both.sum())
                wanted = pd.MultiIndex.from_frame(frame.loc[rows, RAW_KEY])
                values = mirror.set_index(RAW_KEY)[column].reindex(wanted)
                raise_first(
                    values.isna(),
                    files[iso],
                    "value is missing in the file and in the partner's file",
                    first_row=RECORD_ROW,
                    at=frame.index[rows],
                    column=column,
                    values=lambda _, p=partner: p,
                )
                frame.loc[rows, column] = values.to_numpy()
                present = frame.loc[~missing, column]
                overflow = (
                    f" Every filled value exceeds 2^31 - 1 = {INT_MAX:,} and the largest value present in "
                    f"the column is {present.max():,.0f}: the gaps look like an R integer overflow in "
                    "the OTS file."
                    if values.min() > INT_MAX >= present.max()
                    else ""
                )
                notes.append(
                    f"{files[iso].name}: {int(rows.sum())} missing {column} values with partner {partner} "
                    f"({', '.join(sorted(frame.loc[rows, 'community_name'].unique()))}; "
                    f"{_years(frame.loc[rows, 'year'])}) filled from {files[partner].name} ({MIRROR[column]}), "
                    f"after checking that the {agree} values of the pair present in both files agree exactly. "
                    f"Filled values: US$ {values.min():,.0f} to {values.max():,.0f}.{overflow}"
                )
    return notes


def _exists(raw: RawSources, iso: str) -> bool:
    return (raw.root / SOURCE / country_file(iso)).is_file()


def _years(years: pd.Series) -> str:
    return compact_ranges(sorted(int(y) for y in years.unique()), width=4)


def check_reconciled(frames: dict[str, pd.DataFrame], files: dict[str, Path]) -> int:
    """For every pair of reporters, A's exports to B must equal B's imports from A; returns pairs compared."""
    both = pd.concat(frames.values(), ignore_index=True)
    both = both[both["partner_iso"].isin(list(frames)) & (both["partner_iso"] != both["reporter_iso"])]
    mirror = both.rename(columns={"reporter_iso": "partner_iso", "partner_iso": "reporter_iso", **MIRROR})
    pair = both.merge(mirror[RAW_KEY + VALUES], on=RAW_KEY, how="inner", suffixes=("", "_mirror"))
    for column in VALUES:
        differs = pair[column] != pair[f"{column}_mirror"]
        if differs.any():
            row = pair[differs].iloc[0]
            raise RawInputError(
                files[row["reporter_iso"]],
                f"does not reconcile with "
                f"{files[row['partner_iso']].name} ({MIRROR[column]} {row[f'{column}_mirror']})",
                column=column,
                value=f"{row['partner_iso']}, {row['year']}, {row['community_name']}: {row[column]}",
            )
    return len(pair) // 2


def compact_ranges(numbers: list[int], width: int = 2) -> str:
    """[1, 2, 3, 5, 7, 8] -> '01-03, 05, 07-08' (zero-padded to `width`)."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]:0{width}d}" + (f"-{r[-1]:0{width}d}" if len(r) > 1 else "") for r in runs)


def read_mapping(raw: RawSources) -> pd.DataFrame:
    """The HS-code-to-community mapping, checked: codes of 2+ digits, one code per community, one community
    per HS chapter."""
    file = raw.file(SOURCE, MAPPING)
    try:
        records = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RawInputError(file, f"cannot be read as JSON ({error})") from None
    if not isinstance(records, list) or not records or not all(isinstance(r, dict) for r in records):
        raise RawInputError(file, "expected a non-empty list of records")
    mapping = pd.DataFrame.from_records(records)
    require_columns(mapping, MAPPING_FIELDS, file)
    for column in MAPPING_FIELDS:
        text = mapping[column].astype(str)
        bad = mapping[column].isna() | ~text.str.fullmatch(r"\d{2,}" if column != "community_name" else r".*\S.*")
        if column == "community_code":
            bad |= ~text.str.fullmatch(r"\d{2}")
        raise_first(bad, file, "unexpected value", first_row=RECORD_ROW, column=column, values=mapping[column])
    mapping = mapping[MAPPING_FIELDS].astype(str).assign(chapter=lambda m: m["product_code"].str[:2])
    for one, other in (
        ("community_name", "community_code"),
        ("community_code", "community_name"),
        ("chapter", "community_name"),
    ):
        counts = mapping.groupby(one)[other].nunique()
        if (counts > 1).any():
            value = counts[counts > 1].index[0]
            raise RawInputError(file, f"one {one} maps to several {other} values", column=one, value=value)
    return mapping


def product_groups(raw: RawSources, mapping: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    groups = (
        mapping.groupby(["community_name", "community_code"])["chapter"]
        .agg(lambda chapters: compact_ranges([int(c) for c in chapters]))
        .reset_index()
        .set_axis(["product_group", "community_code", "hs_chapters"], axis=1)
        .sort_values("product_group", ignore_index=True)
    )
    file = raw.file(SOURCE, COMMUNITIES)
    listed = read_rds(file)
    require_columns(listed, ["community_name"], file)
    listed_names = set(listed["community_name"].dropna())
    unlisted = sorted(set(groups["product_group"]) - listed_names)
    if unlisted:
        raise RawInputError(file, f"a community of {MAPPING} is not listed", column="community_name", value=unlisted[0])
    extra = sorted(listed_names - set(groups["product_group"]))
    notes = (
        [
            f"{len(groups)} communities with {mapping['product_code'].nunique()} HS codes in {MAPPING}; "
            f"{COMMUNITIES} also lists {extra} with no HS code in the mapping."
        ]
        if extra
        else []
    )
    return groups, notes


def _by_reporter(frame: pd.DataFrame) -> str:
    return "; ".join(f"{r.upper()} {_years(g)}" for r, g in frame.groupby("reporter_iso")["year"])


def _usd_mn(frame: pd.DataFrame) -> str:
    return (
        f"exports US$ {frame['export_value_usd'].sum() / 1e6:,.1f} mn, imports US$ "
        f"{frame['import_value_usd'].sum() / 1e6:,.1f} mn"
    )


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    mapping = read_mapping(raw)
    groups, group_notes = product_groups(raw, mapping)
    communities = set(groups["product_group"])
    frames, files, duplicates = {}, {}, 0
    for iso in REPORTERS:
        frames[iso], files[iso], repeats = read_reporter(raw, iso)
        duplicates += repeats
    fill_notes = fill_missing_values(raw, frames, files)
    compared = check_reconciled(frames, files)

    names, known = NameResolver(SOURCE, reference_dir), set(countries(reference_dir)["code"])
    parts = []
    for iso in REPORTERS:
        file = files[iso]
        frame = resolve_partners(frames[iso], file, names, known)
        check_unnamed_communities(frame, file)
        unknown = frame["community_name"].notna() & ~frame["community_name"].isin(communities)
        raise_first(
            unknown,
            file,
            f"community not in {MAPPING}",
            first_row=RECORD_ROW,
            at=frame.index,
            column="community_name",
            values=frame["community_name"],
        )
        parts.append(frame)
    trade = pd.concat(parts, ignore_index=True)

    aggregate = trade["partner_kind"] != "country"
    unnamed = trade["community_name"].isna()
    itself = ~aggregate & (trade["partner"] == trade["reporter_iso"].str.upper())
    reporter_years = trade.loc[~aggregate, ["reporter_iso", "year"]].drop_duplicates()
    empty_years = trade[unnamed].merge(reporter_years, how="left", indicator=True)["_merge"].eq("left_only")
    renamed = trade.loc[~aggregate, ["partner_iso", "partner"]]
    renamed = renamed[renamed["partner_iso"].str.upper() != renamed["partner"]]
    absent = sorted(communities - set(trade["community_name"].dropna()))
    itself_counts = ", ".join(f"{r.upper()} {n}" for r, n in trade[itself].groupby("reporter_iso").size().items())
    notes = [
        f"Reporters: {', '.join(c.upper() for c in REPORTERS)} (newasia.build.ots.REPORTERS), one file each.",
        f"Dropped {int(aggregate.sum())} rows whose partner is an aggregate "
        f"({', '.join(repr(c) for c in sorted(trade.loc[aggregate, 'partner_iso'].unique()))}; "
        f"{_by_reporter(trade[aggregate])}; {_usd_mn(trade[aggregate])}).",
        f"{int(unnamed.sum())} rows have no community_name: {int((unnamed & aggregate).sum())} of them are "
        f"aggregate-partner rows with zero exports and imports ({_by_reporter(trade[unnamed])}), and "
        f"{int(empty_years.sum())} fall in a year for which the reporter's file has no other row: empty "
        "placeholders for years without data. Dropped with the aggregate rows.",
        f"Dropped {int(itself.sum())} rows where the partner is the reporter itself (probably re-imports, "
        f"which UN Comtrade records with the reporter as partner; {itself_counts}; "
        f"{_usd_mn(trade[itself])}; exports equal imports on "
        f"{int((trade.loc[itself, 'export_value_usd'] == trade.loc[itself, 'import_value_usd']).sum())} of them).",
        *[
            f"Partner code '{old}' is the old code of {new} (country_names.csv): {n} rows recoded to {new}."
            for (old, new), n in renamed.value_counts().sort_index().items()
        ],
        *fill_notes,
        f"Checked: the {compared} pairs of rows between two of the reporters reconcile exactly (A's exports to "
        "B equal B's imports from A).",
        f"Removed {duplicates} exact repeated rows; no two rows with the same key disagree; no value is negative.",
        "Values converted from US dollars to US$ million (divided by 1e6).",
    ]
    if absent:
        notes.append(f"Communities of {MAPPING} with no row in the reporters' files: {absent}.")
    kept = trade[~aggregate & ~itself]
    table = pd.DataFrame(
        {
            "reporter": kept["reporter_iso"].str.upper().astype("str"),
            "partner": kept["partner"].astype("str"),
            "year": kept["year"].astype("int64"),
            "product_group": kept["community_name"].astype("str"),
            "exports_usd_mn": (kept["export_value_usd"] / 1e6).astype("float64"),
            "imports_usd_mn": (kept["import_value_usd"] / 1e6).astype("float64"),
        }
    ).sort_values(KEY, ignore_index=True)
    return {
        "product_trade": Built(table, notes),
        "product_groups": Built(groups, group_notes),
    }
