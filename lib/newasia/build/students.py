"""OECD international tertiary students by origin and host, 2013-2019, from a third-party cleaned extract.

The extract's cleaning summed the tertiary total with its sub-levels (short-cycle, bachelor's, master's,
doctoral), so each value is about twice the true total. The build checks that the defect is still there, by the
parity of the values, and halves them. Where the sub-levels are complete, total + sub-levels = 2 x total is even;
genuine head counts are even about half the time.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from newasia.build import Built
from newasia.build.raw import RawSources, raise_first, read_csv, spreadsheet_row, whole_numbers
from newasia.errors import RawInputError
from newasia.reference import NameResolver

SOURCE = "oecd-international-students"
FILE = "OECD_Intl_Student_Enrollment_2013_2019.csv"
HOST, ORIGIN, YEAR, VALUE = "COUNTRY_OF_SCHOOL", "COUNTRY_OF_ORIGIN", "YEAR", "TOTAL_INTL_STUDENTS"
KEY = ["host", "origin", "year"]
# Below this share of even positive values the doubling is no longer evident: the file may have been fixed
# upstream (or replaced), and halving would then be wrong. Genuine counts give about 0.5; the extract about 0.93.
EVEN_SHARE_MIN = 0.75


def even_share(values: Iterable[float]) -> float:
    """Share of the positive values that are even (zeros carry no information about the doubling).

    NaN where there is no positive value. Values must be whole numbers.
    """
    array = np.asarray(list(values) if not isinstance(values, (pd.Series, np.ndarray)) else values, dtype=float)
    positive = array[array > 0]
    if positive.size == 0:
        return float("nan")
    if (positive % 1 != 0).any():
        raise ValueError("even_share needs whole numbers")
    return float((positive % 2 == 0).mean())


def read_extract(file: Path, reference_dir: Path) -> tuple[pd.DataFrame, int]:
    """The extract with codes for host and origin, and the number of rows whose names are not countries."""
    frame = read_csv(file, [HOST, ORIGIN, YEAR, VALUE])
    year = whole_numbers(frame, YEAR, file)
    value = whole_numbers(frame, VALUE, file)
    negative = value < 0
    raise_first(negative, file, "negative student count", column=VALUE, values=frame[VALUE])
    names = NameResolver(SOURCE, reference_dir)
    codes = {}
    for column in (HOST, ORIGIN):
        for name in frame[column].unique():
            position = int((frame[column] == name).to_numpy().nonzero()[0][0])
            codes[column, name] = names.code(name, file=file, column=column, row=spreadsheet_row(position))
    host = frame[HOST].map(lambda name: codes[HOST, name])
    origin = frame[ORIGIN].map(lambda name: codes[ORIGIN, name])
    resolved = pd.DataFrame({"host": host, "origin": origin, "year": year, "students_in_extract": value})
    keep = host.notna() & origin.notna()
    resolved = resolved[keep]
    duplicated = resolved.duplicated(KEY)
    raise_first(
        duplicated,
        file,
        "repeated host, origin and year",
        at=resolved.index,
        column=ORIGIN,
        values=lambda p: (
            f"{frame[HOST].loc[resolved.index[p]]} / {frame[ORIGIN].loc[resolved.index[p]]} "
            f"{frame[YEAR].loc[resolved.index[p]]}"
        ),
    )
    return resolved, int((~keep).sum())


def check_doubling(values: pd.Series, file: Path) -> float:
    """The even share of the values; RawInputError if it is too low for the doubling to be evident."""
    share = even_share(values)
    if not share >= EVEN_SHARE_MIN:  # also catches NaN (no positive value)
        raise RawInputError(
            file,
            f"only {share:.1%} of the positive values are even, below {EVEN_SHARE_MIN:.0%}: the known "
            "doubling of this extract (total + sub-levels) is no longer evident, so it may have been fixed "
            "upstream and halving would be wrong. Check the file and update newasia.build.students",
            column=VALUE,
            value=f"even share {share:.3f}",
        )
    return share


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    file = raw.file(SOURCE, FILE)
    frame, not_countries = read_extract(file, reference_dir)
    share = check_doubling(frame["students_in_extract"], file)
    even = frame["students_in_extract"] % 2 == 0
    exact = even.groupby([frame["host"], frame["year"]]).transform("all")
    students = frame.assign(students=frame["students_in_extract"] / 2, exact_correction=exact.astype("bool"))
    students = (
        students[["host", "origin", "year", "students", "students_in_extract", "exact_correction"]]
        .astype(
            {
                "host": "str",
                "origin": "str",
                "year": "int64",
                "students": "float64",
                "students_in_extract": "int64",
                "exact_correction": "bool",
            }
        )
        .sort_values(KEY, ignore_index=True)
    )
    host_years = students.groupby(["host", "year"])["exact_correction"].first()
    inexact = students[~students["exact_correction"]]
    positive = int((students["students_in_extract"] > 0).sum())
    odd = int(((students["students_in_extract"] % 2) == 1).sum())
    same = students[students["host"] == students["origin"]]
    notes = [
        f"Defect check: {share:.1%} of the {positive} positive values are even (genuine head counts are even "
        f"about half the time; the build requires at least {EVEN_SHARE_MIN:.0%}).",
        "Correction applied: students = students_in_extract / 2 for every row.",
        f"{int(host_years.sum())} host-years have only even values (halving exact); "
        f"{int((~host_years).sum())} host-years in {inexact['host'].nunique()} hosts have {odd} odd values "
        f"(some sub-levels missing: the halved values of those host-years, {len(inexact)} rows, are lower "
        "bounds, exact_correction = False).",
        f"{int((students['students_in_extract'] == 0).sum())} rows are 0 in the extract; kept as 0.",
        f"{len(same)} rows have the host as origin ({int((same['students_in_extract'] > 0).sum())} of them "
        "non-zero); kept as the extract gives them.",
    ]
    if not_countries:
        notes.append(f"Dropped {not_countries} rows whose host or origin is not a country.")
    return {"students": Built(students, notes)}
