"""The agreements builder (newasia.build.agreements): WTO RTA agreements and parties, DESTA treaties and pairs.

Known facts and spot values are checked against the builder's output and against the raw files read here
independently; bad input is tried on a temporary copy of the raw folder.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from newasia.build import agreements, build
from newasia.build.raw import RawSources
from newasia.errors import RawInputError
from newasia.paths import REFERENCE_DIR
from newasia.reference import countries
from newasia.storage import read_table
from newasia.tables import TABLES

TABLE_NAMES = ("rta", "rta_parties", "desta_treaties", "desta_pairs")
XLSX = Path("wto-rta") / agreements.RTA_FILE
DESTA_FILES = [
    Path("desta") / name for name in (agreements.TREATIES_FILE, agreements.PAIRS_FILE, agreements.WITHDRAWALS_FILE)
]
CPTPP, ASEAN_INDIA, EAEU_VIET_NAM, AFTA_1992, CHILE_VIET_NAM = 640, 438, 973, 126, 685
ASEAN_TEN = {"BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"}


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


@pytest.fixture(scope="module")
def built(raw_dir: Path, tmp_path_factory) -> dict[str, pd.DataFrame]:
    """The four tables, built once (validated against their schemas) into a temporary folder and read back."""
    out = tmp_path_factory.mktemp("agreements")
    build(raw_dir, out, only=[agreements.build])
    return {name: read_table(TABLES[name], out / TABLES[name].path) for name in TABLE_NAMES}


@pytest.fixture(scope="module")
def raw_rta(raw_dir: Path) -> pd.DataFrame:
    return pd.read_excel(raw_dir / XLSX, sheet_name="AllRTAs", engine="calamine")


def parties_of(built: dict, rta_id: int) -> pd.DataFrame:
    parties = built["rta_parties"]
    return parties[parties["rta_id"] == rta_id].set_index("party")


# --- known facts --------------------------------------------------------------------------------------------


def test_cptpp_viet_nam_has_its_own_entry_date(built):
    rta = built["rta"].set_index("rta_id")
    assert rta.loc[CPTPP, "entry_into_force_goods"] == ts("2018-12-30")
    parties = parties_of(built, CPTPP)
    assert parties.loc["VNM", "start"] == ts("2019-01-14")
    assert parties.loc["AUS", "start"] == ts("2018-12-30")
    assert parties["via"].isna().all()


def test_asean_india_applies_to_viet_nam_from_june_2010(built):
    parties = parties_of(built, ASEAN_INDIA)
    assert parties.loc["VNM", "start"] == ts("2010-06-01")
    assert parties.loc["VNM", "via"] == "ASEAN"
    assert set(parties.index) == ASEAN_TEN | {"IND"}
    assert parties.loc["IND", "start"] == ts("2010-01-01")


def test_eaeu_viet_nam_covers_the_five_eaeu_members(built):
    parties = parties_of(built, EAEU_VIET_NAM)
    members = ["RUS", "BLR", "KAZ", "ARM", "KGZ"]
    assert set(parties.index) == {*members, "VNM"}
    assert (parties.loc[members, "via"] == "EAEU").all()
    assert (parties["start"] == ts("2016-10-05")).all()
    assert parties["end"].isna().all()


def test_uk_rows_of_eu_agreements_end_with_the_transition_period(built):
    parties = built["rta_parties"]
    uk = parties[(parties["party"] == "GBR") & (parties["via"] == "EU")]
    assert len(uk) > 40
    assert (uk["end"] == ts("2020-12-31")).all()
    # EU - Viet Nam entered into force after the UK left the EU but within the transition period
    assert parties_of(built, 872).loc["GBR", ["start", "end"]].tolist() == [ts("2020-08-01"), ts("2020-12-31")]


def test_afta_1992_expands_to_the_asean_members_of_the_time(built):
    parties = parties_of(built, AFTA_1992)
    assert set(parties.index) == ASEAN_TEN
    assert parties.loc["VNM", "start"] == ts("1995-07-28")
    assert parties.loc[["LAO", "MMR"], "start"].eq(ts("1997-07-23")).all()
    assert parties.loc["KHM", "start"] == ts("1999-04-30")
    assert parties.loc[["IDN", "MYS", "PHL", "SGP", "THA", "BRN"], "start"].eq(ts("1993-01-01")).all()
    assert (parties["end"] == ts("2010-05-17")).all()


def test_former_parties_keep_their_exit_dates(built):
    efta = parties_of(built, 152)  # the Stockholm Convention: the UK left for the EC at the end of 1972
    assert efta.loc["GBR", ["start", "end"]].tolist() == [ts("1960-05-03"), ts("1972-12-31")]
    cis = parties_of(built, 99)  # CIS 1994, left by Russia for the CIS FTA of 2011
    assert cis.loc["RUS", "end"] == ts("2012-09-20")


def test_parties_are_consistent(built):
    parties = built["rta_parties"]
    assert set(parties["party"]) <= set(countries()["code"])
    assert not (parties["end"] < parties["start"]).any()
    assert set(parties["via"].dropna()) <= {"ASEAN", "EU", "EFTA", "EAEU", "GCC", "SACU", "MERCOSUR", "CACM"}
    assert "XBL" not in set(parties["party"])
    # agreements not in force keep their parties, without a start
    rta = built["rta"].set_index("rta_id")
    not_in_force = rta.index[rta["entry_into_force_goods"].isna() & rta["entry_into_force_services"].isna()]
    signed = parties[parties["rta_id"].isin(not_in_force)]
    assert len(signed) > 0 and signed["start"].isna().all()


# --- spot values against the raw files ----------------------------------------------------------------------


def test_rta_matches_the_workbook(built, raw_rta):
    rta = built["rta"].set_index("rta_id")
    raw = raw_rta.set_index("RTA ID")
    assert len(rta) == len(raw) == 655
    for raw_column, column in [
        ("Date of Entry into Force (G)", "entry_into_force_goods"),
        ("Date of Entry into Force (S)", "entry_into_force_services"),
        ("Inactive Date", "inactive_date"),
    ]:
        pd.testing.assert_series_equal(
            rta[column], raw[raw_column].astype("datetime64[ns]").reindex(rta.index), check_names=False
        )
    assert rta.loc[CHILE_VIET_NAM, "name"] == raw.loc[CHILE_VIET_NAM, "RTA Name"] == "Chile - Viet Nam"
    assert rta.loc[CHILE_VIET_NAM, "parties"] == "Chile; Viet Nam"
    assert (rta["accession"] == raw["Accession?"].eq("Yes").reindex(rta.index)).all()
    assert (rta["cross_regional"] == raw["Cross-regional"].str.strip().eq("Yes").reindex(rta.index)).all()
    assert not rta.loc[201, "cross_regional"] and pd.isna(raw.loc[201, "Cross-regional"])  # the one blank


def test_desta_tables_match_the_csv_files(built, raw_dir):
    treaties_raw = pd.read_csv(raw_dir / DESTA_FILES[0], encoding="latin-1", dtype=str, keep_default_na=False)
    treaties = built["desta_treaties"].set_index("number")
    signed = treaties_raw[treaties_raw["entry_type"] != "negotiation"].set_index("number")
    assert len(treaties) == len(signed) == 1332
    assert (treaties["year"].astype(str) == signed["year"].reindex(treaties.index)).all()
    assert treaties.loc["1142", "name"] == "Japan US Digital Trade Agreement Protocol"  # not the negotiation 1142
    assert pd.isna(treaties.loc[signed.index[signed["typememb"] == ""][0], "membership_type"])

    pairs_raw = pd.read_csv(raw_dir / DESTA_FILES[1], encoding="latin-1", dtype=str, keep_default_na=False)
    pairs = built["desta_pairs"]
    assert len(pairs) == len(pairs_raw) == 20569
    viet_nam = (pairs["country1"] == "VNM") | (pairs["country2"] == "VNM")
    assert viet_nam.sum() == (pairs_raw["iso1"].eq("704") | pairs_raw["iso2"].eq("704")).sum()
    eaeu = pairs[(pairs["number"] == "915") & viet_nam]  # EAEU - Vietnam: DESTA pairs Viet Nam with three only
    assert set(eaeu["country1"]) | set(eaeu["country2"]) == {"VNM", "RUS", "BLR", "KAZ"}
    assert (eaeu["entry_into_force_year"] == 2016).all()
    assert (pairs["country1"].eq("XKX") | pairs["country2"].eq("XKX")).sum() == (
        pairs_raw["iso1"].eq("900") | pairs_raw["iso2"].eq("900")
    ).sum()


def test_desta_withdrawal_years(built):
    pairs = built["desta_pairs"].set_index(["number", "country1", "country2"])["withdrawal_year"]
    assert pairs.loc[("877", "GBR", "VNM")] == 2020  # EC Vietnam: the UK left in 2020
    assert pd.isna(pairs.loc[("1057a", "GBR", "VNM")])  # UK Vietnam continuity agreement, filed under 877
    assert pairs.loc[("672+2", "BWA", "SYC")] == 2004  # Seychelles left SADC in 2004 ...
    assert pd.isna(pairs.loc[("672+5", "BWA", "SYC")])  # ... and rejoined in 2008
    assert pairs.loc[("243", "AGO", "TZA")] == 2004  # both left COMESA: Tanzania (2004) first, Angola (2007)
    assert pairs.notna().sum() == 449


# --- bad input ----------------------------------------------------------------------------------------------


@pytest.fixture
def raw_copy(raw_dir: Path, tmp_path: Path) -> Path:
    """A copy of the raw files this builder reads, in the raw folder's layout."""
    for relative in (XLSX, *DESTA_FILES):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(raw_dir / relative, tmp_path / relative)
    return tmp_path


def patch_xlsx(path: Path, old: str, new: str, part: str = "xl/sharedStrings.xml") -> None:
    """Replace text in one part of the workbook (text cells and headers live in xl/sharedStrings.xml)."""
    with zipfile.ZipFile(path) as source:
        parts = {info: source.read(info.filename) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text, old
                data = text.replace(old, new).encode("utf-8")
            target.writestr(info, data)


def patch_text(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def build_error(raw: Path) -> RawInputError:
    with pytest.raises(RawInputError) as error:
        agreements.build(RawSources(raw, accept_changed_raw=True), REFERENCE_DIR)
    return error.value


def test_missing_column(raw_copy):
    patch_xlsx(raw_copy / XLSX, "<t>Specific Entry/Exit dates</t>", "<t>Specific dates</t>")
    error = build_error(raw_copy)
    assert agreements.RTA_FILE in str(error) and "'Specific Entry/Exit dates'" in str(error)
    assert error.problem == "expected column is missing" and error.sheet == "AllRTAs"


def test_missing_sheet(raw_copy):
    patch_xlsx(raw_copy / XLSX, 'name="AllRTAs"', 'name="All RTAs"', part="xl/workbook.xml")
    error = build_error(raw_copy)
    assert agreements.RTA_FILE in str(error) and "'AllRTAs'" in str(error)
    assert error.problem == "expected sheet is missing"


def test_unknown_party(raw_copy, raw_rta):
    patch_xlsx(raw_copy / XLSX, "<t>Chile; Viet Nam</t>", "<t>Chile; Atlantis</t>")
    error = build_error(raw_copy)
    row = int(raw_rta.index[raw_rta["RTA ID"] == CHILE_VIET_NAM][0]) + 2
    assert agreements.RTA_FILE in str(error) and "'Atlantis'" in str(error)
    assert (error.column, error.row, error.value) == ("Current signatories", row, "Atlantis")


@pytest.mark.parametrize("malformed", ["Viet Nam(14-Jnu-2019 - )", "Viet Nam(2019-01-14 - )", "Viet Nam 14-Jan-2019"])
def test_malformed_specific_date(raw_copy, raw_rta, malformed):
    patch_xlsx(raw_copy / XLSX, "Viet Nam(14-Jan-2019 - )", malformed)
    error = build_error(raw_copy)
    row = int(raw_rta.index[raw_rta["RTA ID"] == CPTPP][0]) + 2
    assert agreements.RTA_FILE in str(error) and malformed in str(error)
    assert (error.column, error.row, error.value) == ("Specific Entry/Exit dates", row, malformed)


def test_empty_or_unreadable_workbook(raw_copy):
    (raw_copy / XLSX).write_bytes(b"")
    error = build_error(raw_copy)
    assert agreements.RTA_FILE in str(error) and error.problem == "raw file is empty"
    (raw_copy / XLSX).write_text("not a workbook")
    error = build_error(raw_copy)
    assert agreements.RTA_FILE in str(error) and error.problem.startswith("cannot be read as a workbook")


def test_empty_desta_file(raw_copy):
    (raw_copy / DESTA_FILES[2]).write_bytes(b"")
    error = build_error(raw_copy)
    assert agreements.WITHDRAWALS_FILE in str(error) and error.problem == "raw file is empty"


def test_desta_file_without_rows(raw_copy, raw_dir):
    header = (raw_dir / DESTA_FILES[1]).read_bytes().split(b"\n", 1)[0] + b"\n"
    (raw_copy / DESTA_FILES[1]).write_bytes(header)
    error = build_error(raw_copy)
    assert agreements.PAIRS_FILE in str(error) and error.problem == "no data rows"


def test_unknown_iso_code(raw_copy):
    patch_text(raw_copy / DESTA_FILES[1], b'"Afghanistan","India",4,356,', b'"Afghanistan","India",4,999,')
    error = build_error(raw_copy)
    assert agreements.PAIRS_FILE in str(error) and "'999'" in str(error)
    assert (error.column, error.row, error.value) == ("iso2", 2, "999")


def test_repeated_pair_is_refused(raw_copy):
    path = raw_copy / DESTA_FILES[1]
    header, first, rest = path.read_bytes().split(b"\n", 2)
    path.write_bytes(b"\n".join([header, first, first, rest]))
    error = build_error(raw_copy)
    assert agreements.PAIRS_FILE in str(error) and error.problem == "country pair is repeated within a treaty"
    assert error.row == 3
