"""The OTS product-group builder: values against the raw .rds files, OTS's reconciliation, and bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyreadr
import pytest
from conftest import assert_matches_table
from newasia.build import ots
from newasia.build.raw import RawSources
from newasia.errors import RawInputError
from newasia.paths import REFERENCE_DIR

SOURCE = ots.SOURCE


@pytest.fixture(scope="module")
def raw_files(raw_dir):
    """Reporter files read straight with pyreadr (values made numeric: khm's export column is text), cached."""
    cache: dict[str, pd.DataFrame] = {}

    def read(iso: str) -> pd.DataFrame:
        if iso not in cache:
            frame = pyreadr.read_r(raw_dir / SOURCE / "country" / f"{iso}.rds")[None]
            cache[iso] = frame.assign(export_value_usd=pd.to_numeric(frame["export_value_usd"]))
        return cache[iso]

    yield read
    cache.clear()


@pytest.fixture(scope="module")
def built(raw_dir):
    return ots.build(RawSources(raw_dir), REFERENCE_DIR)


@pytest.fixture(scope="module")
def trade(built) -> pd.DataFrame:
    return built["product_trade"].frame


def _one(trade: pd.DataFrame, reporter: str, partner: str, year: int, group: str) -> pd.Series:
    rows = trade[
        (trade["reporter"] == reporter)
        & (trade["partner"] == partner)
        & (trade["year"] == year)
        & (trade["product_group"] == group)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_tables_match_their_schema_and_are_sorted(built):
    for name, result in built.items():
        assert_matches_table(name, result.frame)
    assert set(built["product_trade"].frame["reporter"]) == {iso.upper() for iso in ots.REPORTERS}


def test_spot_value_russia_mineral_exports_to_viet_nam_2017(raw_files, trade):
    rus = raw_files("rus")
    raw = rus[(rus["partner_iso"] == "vnm") & (rus["year"] == 2017) & (rus["community_name"] == "Mineral Products")]
    assert len(raw) == 1
    row = _one(trade, "RUS", "VNM", 2017, "Mineral Products")
    assert row["exports_usd_mn"] == pytest.approx(raw["export_value_usd"].iloc[0] / 1e6, rel=1e-12)
    assert row["imports_usd_mn"] == pytest.approx(raw["import_value_usd"].iloc[0] / 1e6, rel=1e-12)
    assert row["exports_usd_mn"] > 1  # more than US$ 1 million: the unit really is millions


def test_reconciliation_russia_viet_nam(trade):
    """OTS promises A's exports to B = B's imports from A: RUS->VNM against VNM<-RUS, every year and group."""
    key = ["year", "product_group"]
    rus = trade[(trade["reporter"] == "RUS") & (trade["partner"] == "VNM")].set_index(key)
    vnm = trade[(trade["reporter"] == "VNM") & (trade["partner"] == "RUS")].set_index(key)
    assert len(rus) > 400 and rus.index.sort_values().equals(vnm.index.sort_values())
    pd.testing.assert_series_equal(rus["exports_usd_mn"], vnm["imports_usd_mn"].reindex(rus.index), check_names=False)
    pd.testing.assert_series_equal(rus["imports_usd_mn"], vnm["exports_usd_mn"].reindex(rus.index), check_names=False)


@pytest.mark.parametrize("iso", ["rus", "khm", "vnm", "lao", "brn"])  # a few small files keep this quick
def test_row_count_from_raw_files(raw_files, trade, iso):
    """Every raw row is kept except the aggregate 'all' rows and the reporter's trade with itself."""
    raw = raw_files(iso)
    dropped = (raw["partner_iso"] == "all") | (raw["partner_iso"] == raw["reporter_iso"])
    assert trade["reporter"].value_counts()[iso.upper()] == int((~dropped).sum())


def test_partners_are_country_codes(trade):
    partners = set(trade["partner"])
    assert "ROU" in partners and not {"ALL", "ROM"} & partners
    assert not (trade["reporter"] == trade["partner"]).any()
    assert trade[["exports_usd_mn", "imports_usd_mn"]].notna().all().all()


def test_cambodia_textile_exports_to_usa_filled_from_the_mirror(raw_files, built, trade):
    khm, usa = raw_files("khm"), raw_files("usa")
    gap = khm[(khm["partner_iso"] == "usa") & (khm["community_name"] == "Textiles") & (khm["year"] == 2010)]
    assert gap["export_value_usd"].isna().all()  # the raw gap this test is about
    mirror = usa[(usa["partner_iso"] == "khm") & (usa["community_name"] == "Textiles") & (usa["year"] == 2010)]
    row = _one(trade, "KHM", "USA", 2010, "Textiles")
    assert row["exports_usd_mn"] == pytest.approx(mirror["import_value_usd"].iloc[0] / 1e6, rel=1e-12)
    assert any("khm.rds: 14 missing export_value_usd" in note for note in built["product_trade"].notes)


def test_notes_are_computed(built):
    notes = " ".join(built["product_trade"].notes)
    assert "Dropped 32 rows whose partner is an aggregate ('all'" in notes
    assert "5321 rows recoded to ROU" in notes


def test_product_groups(built):
    groups = built["product_groups"].frame.set_index("product_group")
    assert len(groups) == 22
    assert groups.loc["Mineral Products", "hs_chapters"] == "25-27"
    assert groups.loc["Animal Products", "hs_chapters"] == "01-05"
    assert groups.loc["Machines", "hs_chapters"] == "84-85"
    assert groups.loc["Metals", "hs_chapters"] == "72-76, 78-83"  # HS 77 is reserved
    assert groups.loc["Mineral Products", "community_code"] == "05"


def test_compact_ranges():
    assert ots.compact_ranges([3, 1, 2, 5, 7, 8]) == "01-03, 05, 07-08"
    assert ots.compact_ranges([2004, 2005, 2018], width=4) == "2004-2005, 2018"


# Bad input: a temporary raw folder with the mapping, communities.rds and a small reporter file (2017 only).


@pytest.fixture
def small_raw(raw_dir, tmp_path, monkeypatch):
    """tmp_path/ots-product-groups with rus.rds cut to 2017 and REPORTERS = ('rus',); returns a writer."""
    folder = tmp_path / SOURCE
    (folder / "country").mkdir(parents=True)
    for name in (ots.MAPPING, ots.COMMUNITIES):
        shutil.copy(raw_dir / SOURCE / name, folder / name)
    monkeypatch.setattr(ots, "REPORTERS", ("rus",))
    rus = pyreadr.read_r(raw_dir / SOURCE / "country" / "rus.rds")[None]
    rus = rus[rus["year"] == 2017].reset_index(drop=True)

    def write(frame: pd.DataFrame = rus) -> Path:
        path = folder / "country" / "rus.rds"
        pyreadr.write_rds(path, frame)
        return path

    write.frame = rus
    return tmp_path, write


def _error(raw_root: Path) -> RawInputError:
    with pytest.raises(RawInputError) as error:
        ots.build(RawSources(raw_root, accept_changed_raw=True), REFERENCE_DIR)
    return error.value


def test_small_raw_folder_builds(small_raw):
    root, write = small_raw
    write()
    trade = ots.build(RawSources(root, accept_changed_raw=True), REFERENCE_DIR)["product_trade"].frame
    assert set(trade["year"]) == {2017} and set(trade["reporter"]) == {"RUS"}


def test_missing_column(small_raw):
    root, write = small_raw
    path = write(write.frame.drop(columns="import_value_usd"))
    error = _error(root)
    assert error.file == str(path) and error.column == "import_value_usd"
    assert "rus.rds" in str(error) and "expected column is missing" in str(error)


def test_non_numeric_value(small_raw):
    root, write = small_raw
    frame = write.frame.astype({"export_value_usd": "object"})
    frame.loc[5, "export_value_usd"] = "12x"
    path = write(frame)
    error = _error(root)
    assert (error.file, error.column, error.value, error.row) == (str(path), "export_value_usd", "12x", 6)
    assert "'12x'" in str(error) and "rus.rds" in str(error)


def test_negative_value(small_raw):
    root, write = small_raw
    frame = write.frame.copy()
    frame.loc[7, "import_value_usd"] = -5.0
    write(frame)
    error = _error(root)
    assert "negative" in str(error) and error.column == "import_value_usd" and error.row == 8


def test_unknown_partner_code(small_raw):
    root, write = small_raw
    frame = write.frame.copy()
    frame.loc[3, "partner_iso"] = "xqz"
    path = write(frame)
    error = _error(root)
    assert (error.file, error.column, error.value, error.row) == (str(path), "partner_iso", "xqz", 4)
    assert "country_names.csv" in str(error)


def test_unknown_community_name(small_raw):
    root, write = small_raw
    frame = write.frame.copy()
    frame.loc[2, "community_name"] = "Spaceships"
    path = write(frame)
    error = _error(root)
    assert (error.file, error.column, error.value, error.row) == (str(path), "community_name", "Spaceships", 3)


def test_missing_community_name_on_real_trade(small_raw):
    root, write = small_raw
    frame = write.frame.copy()
    frame.loc[2, "community_name"] = None
    write(frame)
    error = _error(root)
    assert error.column == "community_name" and "rus.rds" in str(error)


def test_conflicting_duplicate_rows(small_raw):
    root, write = small_raw
    frame = write.frame
    twin = frame.iloc[[4]].assign(export_value_usd=frame["export_value_usd"].iloc[4] + 1)
    write(pd.concat([frame, twin], ignore_index=True))
    error = _error(root)
    assert "disagree" in str(error) and frame["partner_iso"].iloc[4] in str(error.value)


def test_missing_value_without_mirror_file(small_raw):
    root, write = small_raw
    frame = write.frame.copy()
    frame.loc[frame["partner_iso"] == "vnm", "export_value_usd"] = float("nan")
    write(frame)
    error = _error(root)  # vnm.rds is not in the temporary folder
    assert (error.column, error.value) == ("export_value_usd", "vnm") and "rus.rds" in str(error)


def test_empty_file(small_raw):
    root, write = small_raw
    path = write()
    path.write_bytes(b"")
    error = _error(root)
    assert error.file == str(path) and "empty" in str(error)


def test_mapping_missing_field(small_raw):
    root, write = small_raw
    write()
    path = root / SOURCE / ots.MAPPING
    mapping = pd.read_json(path, dtype=str).drop(columns="community_code")
    path.write_text(mapping.to_json(orient="records"))
    error = _error(root)
    assert (error.file, error.column) == (str(path), "community_code")


def _with_partner_file(raw_dir: Path, root: Path, iso: str) -> Path:
    """Write the partner's file (2017 only) into the temporary folder: a mirror, not a reporter."""
    frame = pyreadr.read_r(raw_dir / SOURCE / "country" / f"{iso}.rds")[None]
    path = root / SOURCE / "country" / f"{iso}.rds"
    pyreadr.write_rds(path, frame[frame["year"] == 2017].reset_index(drop=True))
    return path


def test_missing_value_filled_from_the_partner_file(raw_dir, small_raw):
    root, write = small_raw
    vnm = _with_partner_file(raw_dir, root, "vnm")
    frame = write.frame.copy()
    gap = (frame["partner_iso"] == "vnm") & (frame["community_name"] == "Mineral Products")
    expected = frame.loc[gap, "export_value_usd"].iloc[0] / 1e6
    frame.loc[gap, "export_value_usd"] = float("nan")
    write(frame)
    result = ots.build(RawSources(root, accept_changed_raw=True), REFERENCE_DIR)["product_trade"]
    assert _one(result.frame, "RUS", "VNM", 2017, "Mineral Products")["exports_usd_mn"] == pytest.approx(expected)
    assert any(
        note.startswith("rus.rds: 1 missing export_value_usd values with partner vnm") and vnm.name in note
        for note in result.notes
    )


def test_missing_value_not_filled_from_a_partner_file_that_disagrees(raw_dir, small_raw):
    root, write = small_raw
    vnm = _with_partner_file(raw_dir, root, "vnm")
    mirror = pyreadr.read_r(vnm)[None]
    textiles = (mirror["partner_iso"] == "rus") & (mirror["community_name"] == "Textiles")
    mirror.loc[textiles, "import_value_usd"] += 1
    pyreadr.write_rds(vnm, mirror)
    frame = write.frame.copy()
    frame.loc[(frame["partner_iso"] == "vnm") & (frame["community_name"] == "Machines"), "export_value_usd"] = None
    write(frame)
    error = _error(root)
    assert "does not reconcile with vnm.rds" in str(error) and "rus.rds" in str(error)


def test_exact_repeated_rows_are_removed_and_counted(small_raw):
    root, write = small_raw
    frame = write.frame
    write(pd.concat([frame, frame.iloc[[10, 11]]], ignore_index=True))
    result = ots.build(RawSources(root, accept_changed_raw=True), REFERENCE_DIR)["product_trade"]
    assert len(result.frame) == int((frame["partner_iso"] != "all").sum())
    assert "Removed 2 exact repeated rows" in " ".join(result.notes)
