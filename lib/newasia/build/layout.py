"""What each builder expects of its raw folder (files, sheets, columns), read from the builders' own constants,
with where each source's current release is published (data/reference/sources.yaml): `python -m newasia data
sources` and docs/UPDATING.md."""

from __future__ import annotations

from newasia.build import agreements, arms, dots, hdi, ots, students, wdi
from newasia.reference import sources


def layouts() -> dict[str, list[str]]:
    """Source id -> lines describing the raw files the builder reads (paths relative to the source's folder)."""
    return {
        dots.SOURCE: [
            f"DOTS_*.xlsx: one workbook per reporter, sheets {', '.join(repr(s) for s in dots.SHEETS)}; "
            f"partners in rows, years in columns, unit {dots.UNIT!r}; estimates marked 'e'"
        ],
        dots.COMTRADE: ["comtrade_all_exports_2021A.csv: columns " + ", ".join(dots.COMTRADE_COLUMNS)],
        ots.SOURCE: [
            f"{ots.country_file('<iso>')} for each reporter ({', '.join(ots.REPORTERS)}): an R data frame "
            "with columns " + ", ".join(ots.COLUMNS),
            f"{ots.MAPPING}: records with fields " + ", ".join(ots.MAPPING_FIELDS),
            f"{ots.COMMUNITIES}: the OTS product communities",
        ],
        wdi.SOURCE: [
            f"{folder}/<indicator>.csv: columns {', '.join(wdi.COLUMNS)} (vintage {label!r})"
            for folder, label in wdi.VINTAGES.items()
        ]
        + [
            f"{wdi.NAMES_FROM}/<indicator>.datapackage.json: 'title' (the indicator's name) and 'name'",
            "indicators accepted (each needs a unit in newasia.build.wdi.UNITS): " + ", ".join(wdi.UNITS),
        ],
        hdi.SOURCE: [
            f"{hdi.FILE} ({hdi.ENCODING}): wide, one column per indicator and year, "
            f"<indicator>_<year> for {', '.join(hdi.INDICATORS)}, years {hdi.YEARS.start}-{hdi.YEARS[-1]}"
        ],
        arms.SOURCE: [
            f"{arms.FILE}: SIPRI trade register CSV, header line starting {arms.HEADER_CELL!r}, the line "
            f"{arms.UNIT_LINE!r}; columns " + ", ".join(arms.COLUMNS)
        ],
        agreements.RTA: [
            f"{agreements.RTA_FILE}, sheet {agreements.RTA_SHEET!r}: columns " + ", ".join(agreements.RTA_COLUMNS)
        ],
        agreements.DESTA: [
            f"{agreements.TREATIES_FILE}: columns " + ", ".join(agreements.TREATY_COLUMNS),
            f"{agreements.PAIRS_FILE}: columns " + ", ".join(agreements.PAIR_COLUMNS),
            f"{agreements.WITHDRAWALS_FILE}: columns " + ", ".join(agreements.WITHDRAWAL_COLUMNS),
        ],
        students.SOURCE: [
            f"{students.FILE}: columns " + ", ".join((students.HOST, students.ORIGIN, students.YEAR, students.VALUE))
        ],
    }


FETCHABLE = {wdi.SOURCE: "python -m newasia data fetch wdi --to PATH [--vintages-from OLD_RAW]"}


def describe() -> str:
    """Every raw source: folder, title, the layout the builder expects, where the current release is published,
    where the bundled copy came from, and how to refresh it."""
    catalogue = sources()
    lines = []
    for source, layout in layouts().items():
        entry = catalogue[source]
        lines += [
            f"{source}  ({entry['folder']}/)  {entry['title']}",
            *(f"  expects  {line}" for line in layout),
            f"  current release  {entry.get('path', '')}",
            f"  bundled copy     {entry.get('origin', '')}",
            f"  refresh          {FETCHABLE.get(source, 'download by hand into the layout above')}",
            "",
        ]
    return "\n".join(lines)
