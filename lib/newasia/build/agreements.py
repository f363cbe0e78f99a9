"""Trade agreements: the WTO's RTA database (agreements, and their parties with blocs expanded to member countries)
and DESTA (treaties, and country pairs with the year a pair stopped being covered).

rta_parties dates each (agreement, country): the agreement's entry into force (the earlier of goods and services),
bounded by the country's membership of a bloc party (groups.yaml), then overridden by the country's own dates where
the WTO gives them ("Specific Entry/Exit dates").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineError

from newasia import reference
from newasia.build import Built
from newasia.build.raw import (
    FIRST_ROW,
    RawSources,
    raise_first,
    read_csv,
    require_columns,
    require_rows,
    spreadsheet_row,
    to_number,
)
from newasia.errors import RawInputError
from newasia.reference import NameResolver
from newasia.tables import TABLES

RTA, DESTA = "wto-rta", "desta"
RTA_FILE, RTA_SHEET = "WTO_RTA_AllRTAs.xlsx", "AllRTAs"
ID, NAME, CURRENT, ORIGINAL, SPECIFIC = (
    "RTA ID",
    "RTA Name",
    "Current signatories",
    "Original signatories",
    "Specific Entry/Exit dates",
)
EIF_GOODS, EIF_SERVICES, INACTIVE = ("Date of Entry into Force (G)", "Date of Entry into Force (S)", "Inactive Date")
DATE_COLUMNS = {
    "Date of Signature (G)": "signature_goods",
    "Date of Signature (S)": "signature_services",
    "Date of Notification (G)": "notification_goods",
    "Date of Notification (S)": "notification_services",
    EIF_GOODS: "entry_into_force_goods",
    EIF_SERVICES: "entry_into_force_services",
    INACTIVE: "inactive_date",
}
TEXT_COLUMNS = {
    NAME: "name",
    "Coverage": "coverage",
    "Type": "type",
    "Status": "status",
    "RTA Composition": "composition",
    "Region": "region",
    CURRENT: "parties",
}
ACCESSION, CROSS_REGIONAL = "Accession?", "Cross-regional"
RTA_COLUMNS = [ID, *TEXT_COLUMNS, ACCESSION, CROSS_REGIONAL, *DATE_COLUMNS, ORIGINAL, SPECIFIC]
REQUIRED_TEXT = ("name", "status", "composition")
YES_NO = {"Yes": True, "No": False}

# Agreements that establish one of the groups of groups.yaml: their direct parties are dated within their
# membership of the group (AFTA 1993 applied to Viet Nam only once it joined ASEAN in 1995).
ESTABLISHING = {
    "ASEAN Free Trade Area (AFTA)": "ASEAN",
    "EU Treaty": "EU",
    "European Free Trade Association (EFTA)": "EFTA",
    "Eurasian Economic Union (EAEU)": "EAEU",
    "Gulf Cooperation Council (GCC)": "GCC",
    "Southern African Customs Union (SACU)": "SACU",
    "Southern Common Market (MERCOSUR)": "MERCOSUR",
    "Central American Common Market (CACM)": "CACM",
}
# Members of a group in groups.yaml that are not parties to agreements.
NOT_PARTIES = {"XBL": "Belgium-Luxembourg, a joint IMF reporter that groups.yaml counts in the EU for trade totals"}
# Membership ends that differ for agreements: the UK left the EU on 2020-01-31 but stayed bound by the EU's
# international agreements until the end of the transition period (Withdrawal Agreement, Articles 126 and 129),
# the exit date the WTO itself gives for the UK in its EU agreements.
BOUND_UNTIL = {("EU", "GBR"): pd.Timestamp("2020-12-31")}
NOT_YET = dt.date(9999, 1, 1)  # the WTO's date for "not yet in force for this country"
_DATE = r"\d{2}-[A-Z][a-z]{2}-\d{4}"
SPECIFIC_ENTRY = re.compile(rf"^(?P<name>.+)\((?P<start>{_DATE})? - (?P<end>{_DATE})?\)$")
PARTY_KEY = ["rta_id", "party"]

TREATIES_FILE = "desta_list_of_treaties_02_03.csv"
PAIRS_FILE = "desta_list_of_treaties_02_03_dyads.csv"
WITHDRAWALS_FILE = "desta_dyadic_withdrawal_02_03.csv"
ENCODING = "latin-1"
TREATY_COLUMNS = [
    "number",
    "base_treaty",
    "name",
    "entry_type",
    "year",
    "entryforceyear",
    "typememb",
    "regioncon",
    "wto_listed",
]
PAIR_COLUMNS = [
    "country1",
    "country2",
    "iso1",
    "iso2",
    "number",
    "base_treaty",
    "name",
    "entry_type",
    "year",
    "entryforceyear",
]
WITHDRAWAL_COLUMNS = ["country1", "country2", "iso1", "iso2", "number", "base_treaty", "entry_type", "year"]
NEGOTIATION = "negotiation"
NEW_INSTRUMENTS = ("protocol or amendment", "consolidated")
WITHDRAWAL_NUMBER = re.compile(r"^(?P<treaty>.+)_\d+$")
PAIR_KEY = ["number", "country1", "country2"]
# Codes DESTA uses for a predecessor state before the year the successor came into being.
PREDECESSORS = {
    "CZE": (1992, "Czechoslovakia"),
    "SVK": (1992, "Czechoslovakia"),
    "SRB": (1992, "Yugoslavia"),
    "RUS": (1992, "the USSR"),
    "SDN": (2011, "Sudan before South Sudan's independence"),
}


# --- WTO RTA-IS -----------------------------------------------------------------------------------------------


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """Cell text with surrounding and repeated inner blanks removed; blank cells as NaN."""
    values = frame[column].astype("str").str.strip().str.replace(r"\s+", " ", regex=True)
    return values.where(values.notna() & values.ne(""))


def _dates(frame: pd.DataFrame, column: str, file: Path) -> pd.Series:
    """A date column of the workbook; a cell that is not a date raises RawInputError with its row."""
    values = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(values):
        bad = values.map(lambda value: not (pd.isna(value) or isinstance(value, (dt.date, pd.Timestamp))))
        raise_first(bad, file, "value is not a date", sheet=RTA_SHEET, column=column, values=values)
        values = pd.to_datetime(values)
    return values.astype("datetime64[ns]")


def _yes_no(values: pd.Series, column: str, file: Path, *, blank: bool | None = None) -> pd.Series:
    """Yes/No as booleans; a blank becomes `blank` where given, anything else raises RawInputError."""
    mapped = values.map(YES_NO)
    allowed = values.isna() if blank is not None else pd.Series(False, index=values.index)
    bad = mapped.isna() & ~allowed
    raise_first(bad, file, "expected Yes or No", sheet=RTA_SHEET, column=column, values=values)
    return mapped.fillna(blank).astype("bool")


def read_rta(raw: RawSources) -> tuple[pd.DataFrame, Path]:
    """The AllRTAs sheet, checked: expected columns, unique integer ids, dates, Yes/No values."""
    file = raw.file(RTA, RTA_FILE)
    try:
        sheets = pd.read_excel(file, sheet_name=None, engine="calamine")
    except (ValueError, CalamineError) as error:
        raise RawInputError(file, f"cannot be read as a workbook ({error})") from None
    if RTA_SHEET not in sheets:
        raise RawInputError(file, "expected sheet is missing", sheet=RTA_SHEET)
    frame = sheets[RTA_SHEET]
    require_columns(frame, RTA_COLUMNS, file, sheet=RTA_SHEET)
    require_rows(frame, file, sheet=RTA_SHEET)
    ids = to_number(frame, ID, file, sheet=RTA_SHEET)
    bad = ids.isna() | (ids % 1 != 0)
    raise_first(bad, file, "RTA ID is not a whole number", sheet=RTA_SHEET, column=ID, values=frame[ID])
    duplicated = ids.duplicated()
    raise_first(
        duplicated,
        file,
        "RTA ID is repeated",
        sheet=RTA_SHEET,
        column=ID,
        values=lambda position: int(ids.iloc[position]),
    )
    out = pd.DataFrame({"rta_id": ids.astype("int64")})
    for column, name in TEXT_COLUMNS.items():
        out[name] = _text(frame, column)
        if name in REQUIRED_TEXT:
            raise_first(out[name].isna(), file, "value is blank", sheet=RTA_SHEET, column=column)
    out["accession"] = _yes_no(_text(frame, ACCESSION), ACCESSION, file)
    out["cross_regional"] = _yes_no(_text(frame, CROSS_REGIONAL), CROSS_REGIONAL, file, blank=False)
    out["cross_regional_blank"] = _text(frame, CROSS_REGIONAL).isna()
    for column, name in DATE_COLUMNS.items():
        out[name] = _dates(frame, column, file)
    out["original"] = _text(frame, ORIGINAL)
    out["specific"] = _text(frame, SPECIFIC)
    out["row"] = np.arange(len(frame)) + FIRST_ROW
    missing = sorted(set(ESTABLISHING) - set(out["name"]))
    if missing:
        raise RawInputError(
            file, "expected agreement is missing (see ESTABLISHING)", sheet=RTA_SHEET, column=NAME, value=missing[0]
        )
    respaced = {
        column: int((frame[column].notna() & frame[column].astype("str").ne(_text(frame, column))).sum())
        for column in [*TEXT_COLUMNS, ACCESSION, CROSS_REGIONAL, ORIGINAL, SPECIFIC]
    }
    out.attrs["respaced"] = {column: n for column, n in respaced.items() if n}
    return out, file


def rta_table(agreements: pd.DataFrame) -> Built:
    columns = TABLES["rta"].column_names
    blank_cross = agreements[agreements["cross_regional_blank"]]
    notes = [
        f"Cross-regional is blank for {len(blank_cross)} agreement(s) "
        f"({', '.join(f'{n} (RTA ID {i})' for n, i in zip(blank_cross['name'], blank_cross['rta_id']))}); "
        "recorded as False.",
        "Removed surrounding or repeated blanks from cells: "
        + ", ".join(f"{column} {n}" for column, n in agreements.attrs["respaced"].items())
        + ".",
    ]
    table = agreements.assign(original_parties=agreements["original"])
    return Built(table[columns].sort_values("rta_id", ignore_index=True), notes)


def _parse_specific(text: str, *, names: NameResolver, file: Path, row: int) -> dict[str, tuple]:
    """'Viet Nam(14-Jan-2019 - ); United Kingdom( - 31-Dec-2020)' -> {code: (start, end, not_yet)}."""
    where = {"file": file, "sheet": RTA_SHEET, "row": row, "column": SPECIFIC}
    parsed = {}
    for item in text.split(";"):
        match = SPECIFIC_ENTRY.match(item.strip())
        if match is None or not (match["start"] or match["end"]):
            raise RawInputError(
                file,
                "specific entry/exit date is not 'Country(DD-Mon-YYYY - DD-Mon-YYYY)'",
                sheet=RTA_SHEET,
                row=row,
                column=SPECIFIC,
                value=item.strip(),
            )
        dates = []
        for part in (match["start"], match["end"]):
            try:
                dates.append(dt.datetime.strptime(part, "%d-%b-%Y").date() if part else None)
            except ValueError:
                raise RawInputError(
                    file,
                    "specific entry/exit date is not a date",
                    sheet=RTA_SHEET,
                    row=row,
                    column=SPECIFIC,
                    value=item.strip(),
                ) from None
        start, end = dates
        if end == NOT_YET:
            raise RawInputError(
                file,
                "the 'not yet in force' date 01-Jan-9999 is only expected as an entry date",
                sheet=RTA_SHEET,
                row=row,
                column=SPECIFIC,
                value=item.strip(),
            )
        not_yet = start == NOT_YET
        if start is not None and end is not None and not not_yet and end < start:
            raise RawInputError(
                file,
                "specific exit date is before the entry date",
                sheet=RTA_SHEET,
                row=row,
                column=SPECIFIC,
                value=item.strip(),
            )
        resolved = names.resolve(match["name"].strip(), **where)
        if resolved.kind != "country":
            raise RawInputError(
                file,
                "specific dates are expected for countries only",
                sheet=RTA_SHEET,
                row=row,
                column=SPECIFIC,
                value=item.strip(),
            )
        if resolved.code in parsed:
            raise RawInputError(
                file,
                "country has two specific entry/exit dates",
                sheet=RTA_SHEET,
                row=row,
                column=SPECIFIC,
                value=item.strip(),
            )
        parsed[resolved.code] = (None if not_yet else start, end, not_yet)
    return parsed


def _later(a, b):
    return b if pd.isna(a) else a if pd.isna(b) else max(a, b)


def _earlier(a, b):
    return b if pd.isna(a) else a if pd.isna(b) else min(a, b)


Spell = tuple  # (start, end) of one membership; end NaT while still a member


def _overlapping(spells: list[Spell], start, end) -> list[Spell]:
    """Membership spells that overlap [start, end]; with no start (not in force), the spells still open."""
    if pd.isna(start):
        return [spell for spell in spells if pd.isna(spell[1])]
    return [
        (first, last) for first, last in spells if (pd.isna(end) or first <= end) and (pd.isna(last) or last >= start)
    ]


def _bounded(spells: list[Spell], start, end) -> tuple:
    """Agreement dates bounded by the overlapping membership spells (earliest entry, latest exit)."""
    if pd.isna(start):
        return pd.NaT, end
    ends = [last for _, last in spells]
    last = pd.NaT if any(pd.isna(e) for e in ends) else max(ends)
    return _later(start, min(first for first, _ in spells)), _earlier(end, last)


def _memberships(reference_dir: Path) -> tuple[dict[str, dict[str, list[Spell]]], list[str]]:
    """{group: {member: spells}} from groups.yaml, with the ends of BOUND_UNTIL moved to when agreements stopped."""
    _, members = reference.groups(reference_dir)
    groups_file = reference_dir / reference.GROUPS_FILE
    changed = []
    for (group, member), until in BOUND_UNTIL.items():
        spell = (members["group"] == group) & (members["member"] == member) & members["end"].notna()
        if spell.sum() != 1 or members.loc[spell, "end"].iloc[0] >= until:
            raise RawInputError(
                groups_file,
                f"expected one membership spell ending before {until:%Y-%m-%d}",
                value=f"{member} in {group}",
            )
        changed.append(f"{member} in {group} ends {members.loc[spell, 'end'].iloc[0]:%Y-%m-%d} in groups.yaml")
        members.loc[spell, "end"] = until
    spells: dict[str, dict[str, list[Spell]]] = defaultdict(lambda: defaultdict(list))
    for group, member, kind, first, last in members[["group", "member", "member_type", "start", "end"]].itertuples(
        index=False
    ):
        spells[group][member].append((first, last) if kind == "country" else None)
    return spells, changed


class _Parties:
    """Expands the parties of each agreement into countries and dates them; counts what it does for the notes."""

    def __init__(self, file: Path, reference_dir: Path):
        self.file, self.groups_file = file, reference_dir / reference.GROUPS_FILE
        self.names = NameResolver(RTA, reference_dir)
        self.spells, self.changed = _memberships(reference_dir)
        self.counts: Counter = Counter()
        self.examples: defaultdict[str, list[str]] = defaultdict(list)

    def count(self, key: str, example: str | None = None, n: int = 1) -> None:
        self.counts[key] += n
        if example is not None:
            self.examples[key].append(example)

    def codes(self, text: str, column: str, row: int) -> list:
        where = {"file": self.file, "sheet": RTA_SHEET, "row": row, "column": column}
        return [(name.strip(), self.names.resolve(name.strip(), **where)) for name in text.split(";")]

    def bloc(self, group: str) -> dict[str, list[Spell]]:
        members = self.spells.get(group, {})
        if not members or any(None in spells for spells in members.values()):
            raise RawInputError(self.groups_file, "a bloc party must be a group of countries", value=group)
        return members

    def listed(self, agreement, start, end) -> tuple[dict[str, list], list[str]]:
        """{party: [via, start, end]} for the listed parties with blocs expanded, and the blocs."""
        column, text = CURRENT, agreement.parties
        if pd.isna(text):
            column, text = ORIGINAL, agreement.original
            self.count("fallback", agreement.status)
        establishes = ESTABLISHING.get(agreement.name)
        candidates, blocs = [], []
        for name, resolved in self.codes(text, column, agreement.row):
            if resolved.kind == "country":
                first, last = start, end
                if establishes is not None:
                    spells = _overlapping(self.spells[establishes].get(resolved.code, []), start, end)
                    if spells:
                        first, last = _bounded(spells, start, end)
                        self.counts["bounded"] += (first, last) != (start, end)
                    else:
                        self.count("not_member", f"{resolved.code} in {agreement.name}")
                candidates.append((resolved.code, None, first, last))
            elif resolved.kind == "bloc":
                blocs.append(resolved.code)
                for member, spells in self.bloc(resolved.code).items():
                    spells = _overlapping(spells, start, end)
                    if not spells:
                        continue
                    if member in NOT_PARTIES:
                        self.count("not_party")
                        continue
                    candidates.append((member, resolved.code, *_bounded(spells, start, end)))
                    self.count("bloc_rows")
            else:
                raise RawInputError(
                    self.file,
                    f"party is a {resolved.kind}, not a country or a bloc",
                    sheet=RTA_SHEET,
                    row=agreement.row,
                    column=column,
                    value=name,
                )
        direct = [party for party, via, _, _ in candidates if via is None]
        if len(set(direct)) < len(direct):
            twice = next(party for party in direct if direct.count(party) > 1)
            raise RawInputError(
                self.file, "party is listed twice", sheet=RTA_SHEET, row=agreement.row, column=column, value=twice
            )
        # direct parties first, then bloc members by start: the first row of a country is kept
        candidates.sort(key=lambda c: (c[1] is not None, pd.isna(c[2]), c[2] if pd.notna(c[2]) else 0))
        kept: dict[str, list] = {}
        for party, via, first, last in candidates:
            if party in kept:
                self.count("direct_and_bloc" if kept[party][0] is None else "two_blocs")
                continue
            kept[party] = [via, first, last]
        return kept, blocs

    def rows(self, agreement) -> list[tuple]:
        start = _earlier(agreement.entry_into_force_goods, agreement.entry_into_force_services)
        end = agreement.inactive_date
        if pd.isna(agreement.parties) and pd.isna(agreement.original):
            self.count("no_parties", agreement.status)
            return []
        records, blocs = self.listed(agreement, start, end)
        original = set()
        if pd.notna(agreement.original):
            original = {resolved.code for _, resolved in self.codes(agreement.original, ORIGINAL, agreement.row)}
        specific = {}
        if pd.notna(agreement.specific):
            specific = _parse_specific(agreement.specific, names=self.names, file=self.file, row=agreement.row)
        if pd.notna(agreement.parties) and original:
            for code, (via, _, _) in list(records.items()):
                if via is None and code not in original and code not in specific:
                    self.count("later_undated", f"{code} in {agreement.name}")
        own_end = set()
        for code, (first, last, not_yet) in specific.items():
            if code not in records:
                records[code] = self.added(code, agreement.name, blocs, original, start, end)
            record = records[code]
            if not_yet:
                record[1] = pd.NaT
                self.count("not_yet")
            elif first is not None:
                record[1] = pd.Timestamp(first)
            if last is not None:
                record[2] = pd.Timestamp(last)
                own_end.add(code)
            self.count("overridden")
        rows = []
        for party, (via, first, last) in records.items():
            if pd.notna(first) and pd.notna(last) and last < first:
                self.count(
                    "ended_before_start",
                    f"{party} in {agreement.name} (exit {last:%Y-%m-%d}, entry into force {first:%Y-%m-%d})",
                )
                continue
            if (via, party) in BOUND_UNTIL and party not in own_end and last == BOUND_UNTIL[via, party]:
                self.count("bound_until", f"{party} in {agreement.name}")
            rows.append((agreement.rta_id, party, via, first, last))
        return rows

    def added(self, code: str, agreement: str, blocs: list[str], original: set, start, end) -> list:
        """A country named only in the specific dates: a member of a bloc party, or a former signatory."""
        for group in blocs:
            spells = self.spells[group].get(code)
            if spells:
                self.count("added_bloc", f"{code} in {agreement}")
                return [group, *_bounded(spells, start, end)]
        self.count("added_former" if code in original else "added_other", f"{code} in {agreement}")
        return [None, start, end]

    def notes(self) -> list[str]:
        c, e = self.counts, self.examples

        def some(key: str, limit: int | None = None) -> str:
            shown = e[key][:limit]
            return "; ".join(shown) + ("; ..." if len(e[key]) > len(shown) else "") if shown else "none"

        def by_status(key: str) -> str:
            return ", ".join(f"{status}: {n}" for status, n in sorted(Counter(e[key]).items()))

        notes = [
            f"Parties are the current signatories; for {c['fallback']} agreements without any "
            f"({by_status('fallback')}) the original signatories. {c['no_parties']} agreements list neither "
            f"({by_status('no_parties')}) and have no rows.",
            f"Blocs (groups.yaml) expanded into {c['bloc_rows']} member rows: the members whose membership "
            "overlaps the period the agreement is in force (for an agreement not yet in force, the current "
            "members), dated within the membership.",
            f"{c['bounded']} direct parties of an agreement that establishes a group "
            f"({', '.join(sorted(ESTABLISHING))}) dated within their membership of the group"
            + (
                f"; {c['not_member']} are not members in groups.yaml and keep the agreement's dates "
                f"({some('not_member')})"
                if c["not_member"]
                else ""
            )
            + ".",
            f"{c['overridden']} start or end dates set from the WTO's Specific Entry/Exit dates "
            f"({c['not_yet']} marked 01-Jan-9999, not yet in force for that country: start left empty).",
            f"Countries named only in Specific Entry/Exit dates added as parties: {c['added_former']} former "
            f"signatories no longer listed as current ({some('added_former', 4)}), {c['added_bloc']} members "
            f"of a bloc party outside their membership ({some('added_bloc')}) and {c['added_other']} in neither "
            f"signatory column ({some('added_other')}).",
            f"Dropped {c['ended_before_start']} rows whose exit date precedes the agreement's entry into force "
            f"({some('ended_before_start')}).",
            f"For agreements, {'; '.join(self.changed)}: its membership is taken to end on "
            f"{', '.join(f'{d:%Y-%m-%d}' for d in BOUND_UNTIL.values())} (end of the Brexit transition period, "
            "the exit date the WTO gives in its own records); this sets the end of "
            f"{c['bound_until']} rows without a WTO exit date ({some('bound_until')}).",
            f"{c['later_undated']} current signatories are not original signatories and have no specific entry "
            "date: they are dated from the agreement's entry into force, which may precede their accession "
            f"({some('later_undated', 5)}).",
            "Kept the direct row where a country is both a direct party and a member of a bloc party "
            f"({c['direct_and_bloc']} found)"
            + (
                f"; {c['two_blocs']} countries in two bloc parties kept with the earlier start"
                if c["two_blocs"]
                else ""
            )
            + ".",
            f"Left out {c['not_party']} bloc-member rows for {', '.join(NOT_PARTIES)} "
            f"({'; '.join(NOT_PARTIES.values())}).",
        ]
        return notes


def rta_parties(agreements: pd.DataFrame, file: Path, reference_dir: Path) -> Built:
    """One row per agreement and member country, with the dates the agreement applied to it."""
    expander = _Parties(file, reference_dir)
    rows = [row for agreement in agreements.itertuples(index=False) for row in expander.rows(agreement)]
    parties = (
        pd.DataFrame(rows, columns=["rta_id", "party", "via", "start", "end"])
        .astype({"rta_id": "int64", "party": "str", "via": "str", "start": "datetime64[ns]", "end": "datetime64[ns]"})
        .sort_values(PARTY_KEY, ignore_index=True)
    )
    return Built(parties, expander.notes())


# --- DESTA ----------------------------------------------------------------------------------------------------


def _read_csv(raw: RawSources, relative: str, columns: list[str]) -> tuple[pd.DataFrame, Path]:
    file = raw.file(DESTA, relative)
    return read_csv(file, columns, encoding=ENCODING), file


def _names(values: pd.Series) -> pd.Series:
    """Treaty names with runs of blanks (DESTA writes no-break spaces in some) made one space."""
    return values.str.replace(r"\s+", " ", regex=True).str.strip()


def _integers(frame: pd.DataFrame, column: str, file: Path, *, required: bool | pd.Series) -> pd.Series:
    """Whole numbers of `column` (Int64); a blank where `required` (True, or True per row) raises RawInputError."""
    numbers = to_number(frame, column, file)
    bad = (numbers.notna() & (numbers % 1 != 0)) | (numbers.isna() & required)
    raise_first(bad, file, "expected a whole number", column=column, values=frame[column])
    return numbers.astype("Int64")


def read_treaties(raw: RawSources) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """(signed treaties, rows under negotiation, names respaced) of the DESTA list, checked."""
    frame, file = _read_csv(raw, TREATIES_FILE, TREATY_COLUMNS)
    negotiating = frame["entry_type"] == NEGOTIATION
    flags = frame["wto_listed"].map({"1": True, "0": False, "": pd.NA})
    bad = flags.isna() & frame["wto_listed"].ne("")
    raise_first(bad, file, "expected 0, 1 or blank", column="wto_listed", values=frame["wto_listed"])
    treaties = pd.DataFrame(
        {
            "number": frame["number"],
            "base_treaty": _integers(frame, "base_treaty", file, required=True).astype("int64"),
            "name": _names(frame["name"]),
            "entry_type": frame["entry_type"],
            "year": _integers(frame, "year", file, required=~negotiating),
            "entry_into_force_year": _integers(frame, "entryforceyear", file, required=False),
            "membership_type": _integers(frame, "typememb", file, required=False),
            "region": frame["regioncon"].where(frame["regioncon"] != "").astype("str"),
            "wto_listed": flags.astype("boolean"),
        }
    )
    duplicated = treaties["number"].where(~negotiating).duplicated(keep=False) & ~negotiating
    raise_first(duplicated, file, "treaty number is repeated", column="number", values=frame["number"])
    signed = treaties[~negotiating].astype({"year": "int64"})
    respaced = int((treaties["name"] != frame["name"])[~negotiating].sum())
    return signed.sort_values("number", ignore_index=True), frame[negotiating], respaced


def treaties_table(treaties: pd.DataFrame, negotiating: pd.DataFrame, respaced: int) -> Built:
    shared = negotiating[negotiating["number"].isin(treaties["number"])]
    notes = [
        f"Left out {len(negotiating)} treaties under negotiation (entry_type 'negotiation': no year of signature)"
        + (
            f"; {len(shared)} of them repeat the number of a signed treaty "
            f"({'; '.join(f'{n!r} numbered {k}' for n, k in zip(shared['name'], shared['number']))})"
            if len(shared)
            else ""
        )
        + ".",
        f"{int(treaties['membership_type'].isna().sum())} treaties have no membership type (typememb blank) "
        f"({', '.join(treaties.loc[treaties['membership_type'].isna(), 'name'])}).",
        f"Replaced no-break spaces and runs of blanks in {respaced} treaty names by single spaces.",
    ]
    return Built(treaties, notes)


def _codes(frame: pd.DataFrame, file: Path, names: NameResolver) -> tuple[pd.Series, pd.Series]:
    """ISO numeric codes iso1, iso2 -> country codes through country_names.csv (source 'desta')."""
    out = []
    for column in ("iso1", "iso2"):
        resolved = {}
        for position, value in enumerate(frame[column]):
            if value not in resolved:
                found = names.resolve(value, file=file, row=spreadsheet_row(position), column=column)
                if found.kind != "country":
                    raise RawInputError(
                        file,
                        "ISO numeric code is not a country",
                        row=spreadsheet_row(position),
                        column=column,
                        value=value,
                    )
                resolved[value] = found.code
        out.append(frame[column].map(resolved))
    return out[0], out[1]


def _unordered(a: pd.Series, b: pd.Series) -> pd.Series:
    return pd.Series(np.where(a < b, a + "-" + b, b + "-" + a), index=a.index)


def withdrawal_years(
    pairs: pd.DataFrame, treaties: pd.DataFrame, raw: RawSources, names: NameResolver
) -> tuple[pd.Series, list[str]]:
    """The year each pair row stopped being covered, from DESTA's dyadic withdrawal file (and the notes).

    A withdrawal is numbered '<treaty>_<k>' (8_1: the UK leaving treaty 8), a number the pair file never uses: it
    lists the treaty, its accessions and consolidated texts under their own numbers with a shared base treaty.
    The key is therefore (base treaty, unordered pair), the base treaty being the treaty left or that treaty's own
    base treaty; the withdrawal file puts the leaving country first, the pair file either. A withdrawal does not
    apply to pair rows signed after it (a country that rejoined: Seychelles in SADC), nor to protocols or
    consolidated texts that include the leaving country and none of its co-members (the countries on its side of
    the agreement, which the pair file never pairs with it): new agreements of the leaving country that DESTA
    files under the old agreement's base treaty (the UK's post-Brexit continuity agreements).
    """
    frame, file = _read_csv(raw, WITHDRAWALS_FILE, WITHDRAWAL_COLUMNS)
    other = frame["entry_type"] != "withdrawal"
    raise_first(other, file, "expected only withdrawals", column="entry_type", values=frame["entry_type"])
    treaty = frame["number"].str.extract(WITHDRAWAL_NUMBER, expand=False)
    base_of = treaties.set_index("number")["base_treaty"]
    unknown = treaty.isna() | ~treaty.isin(base_of.index)
    raise_first(
        unknown,
        file,
        "withdrawal number is not '<treaty number>_<k>' of a listed treaty",
        column="number",
        values=frame["number"],
    )
    country1, country2 = _codes(frame, file, names)
    withdrawals = pd.DataFrame(
        {
            "withdrawal": frame["number"],
            "treaty": treaty,
            "pair": _unordered(country1, country2),
            "leaver": country1,
            "withdrawal_year": _integers(frame, "year", file, required=True).astype("int64"),
        }
    )
    leavers = withdrawals.groupby("withdrawal")["leaver"].agg(set)
    repeated = int(withdrawals.duplicated(["withdrawal", "pair"]).sum())
    withdrawals = withdrawals.drop_duplicates(["withdrawal", "pair"])
    # The treaty left and its base treaty: accessions of a protocol ('672+5', SADC's trade protocol 672) carry the
    # protocol's number as base treaty, other rows the base treaty of the protocol (671).
    withdrawals = pd.concat(
        [
            withdrawals.assign(base=pd.to_numeric(withdrawals["treaty"], errors="coerce")),
            withdrawals.assign(base=withdrawals["treaty"].map(base_of)),
        ]
    )
    withdrawals = (
        withdrawals.dropna(subset=["base"]).astype({"base": "int64"}).drop_duplicates(["withdrawal", "pair", "base"])
    )

    rows = pairs[["number", "base_treaty", "entry_type", "year", "country1", "country2"]].assign(
        pair=_unordered(pairs["country1"], pairs["country2"]), position=np.arange(len(pairs))
    )
    matched = rows.merge(withdrawals, left_on=["base_treaty", "pair"], right_on=["base", "pair"])
    after = matched["year"] > matched["withdrawal_year"]
    # The leaver's co-members: countries it was paired with in the withdrawal file but never covered with under
    # the treaty (the other EU members in an EU agreement). A protocol or consolidated text that includes the
    # leaver and none of its co-members is a new agreement of the leaver (the UK's continuity agreements).
    listed = withdrawals.set_index(["base", "pair"]).index.isin(rows.set_index(["base_treaty", "pair"]).index)
    covered = withdrawals.assign(listed=listed).groupby(["withdrawal", "pair"])["listed"].any()
    co_members = {key: set() for key in leavers.index}
    for (withdrawal, pair), is_listed in covered.items():
        if not is_listed:
            co_members[withdrawal] |= set(pair.split("-")) - leavers[withdrawal]
    countries_of = (
        pd.concat(
            [
                rows[["number", "country1"]].set_axis(["number", "country"], axis=1),
                rows[["number", "country2"]].set_axis(["number", "country"], axis=1),
            ]
        )
        .groupby("number")["country"]
        .agg(set)
    )

    def leavers_own(number: str, withdrawal: str) -> bool:
        countries = countries_of[number]
        return bool(co_members[withdrawal]) and not (countries & co_members[withdrawal])

    own = {key: leavers_own(*key) for key in set(zip(matched["number"], matched["withdrawal"]))}
    own_instrument = matched["entry_type"].isin(NEW_INSTRUMENTS) & pd.Series(
        [own[key] for key in zip(matched["number"], matched["withdrawal"])], index=matched.index, dtype=bool
    )
    applied = matched[~after & ~own_instrument]
    years = applied.groupby("position")["withdrawal_year"].min()
    conflicting = applied.groupby("position")["withdrawal_year"].nunique().gt(1).sum()
    result = pd.Series(pd.NA, index=range(len(pairs)), dtype="Int64")
    result.loc[years.index] = years.to_numpy()
    unmatched = covered[~covered]
    names_of = pairs.drop_duplicates("number").set_index("number")["name"]

    def listing(selected: pd.DataFrame) -> str:
        counts = selected.groupby("number", sort=True).size()
        return "; ".join(f"{number} {names_of[number]} ({n})" for number, n in counts.items())

    notes = [
        f"withdrawal_year from {WITHDRAWALS_FILE}. A withdrawal is numbered '<treaty>_<k>' ('8_1': the first "
        "withdrawal from treaty 8), a number the pair file never uses: its rows for the treaty, the treaty's "
        "accessions and consolidated texts carry their own numbers and share the base treaty. The join key is "
        "therefore (base treaty, unordered country pair), the base treaty being the treaty left or its own base "
        "treaty (accessions to a protocol carry the protocol's number as base treaty); the withdrawal file puts the "
        f"leaving country first, the pair file either. {int(result.notna().sum())} pair rows get a withdrawal "
        "year; where a pair has two (both countries left), the earlier year is kept "
        f"({int(conflicting)} rows).",
        f"{repeated} withdrawal rows repeat a pair in the other order (two countries leaving together) and "
        f"{len(unmatched)} withdrawal pairs are not covered pairs in the pair file: the leaving country and its "
        "co-members on the same side of the agreement (e.g. the UK and Austria under an EU agreement).",
        f"Not applied to {int(after.sum())} pair rows signed after the withdrawal, a re-entry or a pair DESTA "
        f"lists after the country left: {listing(matched[after])}.",
        f"Not applied to {int((own_instrument & ~after).sum())} rows of protocols or consolidated texts that "
        "include the leaving country and none of its co-members: new agreements of that country filed under the "
        f"old agreement's base treaty ({listing(matched[own_instrument & ~after])}).",
    ]
    return result, notes


def _predecessors(pairs: pd.DataFrame) -> list[tuple]:
    """Rows whose code stands for a predecessor state, by PREDECESSORS."""
    out = []
    for code, (year, meaning) in PREDECESSORS.items():
        n = int((((pairs["country1"] == code) | (pairs["country2"] == code)) & (pairs["year"] < year)).sum())
        if n:
            out.append((code, (year, meaning), n))
    return out


def read_pairs(raw: RawSources, treaties: pd.DataFrame, reference_dir: Path) -> Built:
    frame, file = _read_csv(raw, PAIRS_FILE, PAIR_COLUMNS)
    names = NameResolver(DESTA, reference_dir)
    unknown = ~frame["number"].isin(treaties["number"])
    raise_first(
        unknown,
        file,
        f"treaty number is not in {TREATIES_FILE} (signed treaties)",
        column="number",
        values=frame["number"],
    )
    country1, country2 = _codes(frame, file, names)
    pairs = pd.DataFrame(
        {
            "number": frame["number"],
            "base_treaty": _integers(frame, "base_treaty", file, required=True).astype("int64"),
            "country1": country1,
            "country2": country2,
            "name": _names(frame["name"]),
            "entry_type": frame["entry_type"],
            "year": _integers(frame, "year", file, required=True).astype("int64"),
            "entry_into_force_year": _integers(frame, "entryforceyear", file, required=False),
        }
    )
    same = pairs["country1"] == pairs["country2"]
    raise_first(same, file, "a country is paired with itself", column="iso2", values=frame["iso2"])
    unordered = pairs.assign(pair=_unordered(pairs["country1"], pairs["country2"])).duplicated(["number", "pair"])
    # None in DESTA 2.03: a repeated pair would count a treaty twice, so the build refuses rather than guess.
    raise_first(
        unordered,
        file,
        "country pair is repeated within a treaty",
        column="number",
        values=lambda p: f"{frame['number'].iloc[p]}: {frame['country1'].iloc[p]} - {frame['country2'].iloc[p]}",
    )
    pairs["withdrawal_year"], notes = withdrawal_years(pairs, treaties, raw, names)
    columns = TABLES["desta_pairs"].column_names
    respaced = int((pairs["name"] != frame["name"]).sum())
    notes = [
        f"Checked: no (number, country1, country2) key repeats, in either order, in {PAIRS_FILE}.",
        f"Replaced no-break spaces and runs of blanks in the treaty name of {respaced} rows by single spaces.",
        "Countries from the ISO numeric codes iso1, iso2 (data/reference/country_names.csv, source 'desta'; "
        "900 = Kosovo, XKX). DESTA codes predecessor states with the successor's code: "
        + "; ".join(
            f"{n} rows with {code} signed before {year} ({meaning})"
            for code, (year, meaning), n in _predecessors(pairs)
        )
        + ".",
        *notes,
    ]
    return Built(pairs[columns].sort_values(PAIR_KEY, ignore_index=True), notes)


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    agreements, file = read_rta(raw)
    treaties, negotiating, respaced = read_treaties(raw)
    return {
        "rta": rta_table(agreements),
        "rta_parties": rta_parties(agreements, file, reference_dir),
        "desta_treaties": treaties_table(treaties, negotiating, respaced),
        "desta_pairs": read_pairs(raw, treaties, reference_dir),
    }
