"""Consolidate the research batches (records-*.csv, omissions-*.csv) into data/reference/records.csv and
data/reference/omissions.csv: merge event slugs that name the same event, fix stages, drop undated rows and rows
that cite either document or an encyclopedia. Run once per new batch: python tools/consolidate_records.py DIR."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"

# The same real-world event under different slugs in different batches -> one slug.
MERGE = {
    "ussr-vn-treaty-friendship-1978": "su-vn-treaty-friendship-cooperation-1978",
    "vn-su-treaty-friendship-cooperation-1978": "su-vn-treaty-friendship-cooperation-1978",
    "vn-cmea-accession-1978": "vn-comecon-accession-1978",
    "vn-accession-comecon-1978": "vn-comecon-accession-1978",
    "vietsovpetro-founding-1981": "vietsovpetro-founding",
    "h6-rockets-dien-bien-phu-1954": "dbp-h6-rocket-launchers",
    "vn-ninh-thuan-nuclear-cancelled": "ninh-thuan-npp-cancellation",
    "ninh-thuan-1-npp-cancellation": "ninh-thuan-npp-cancellation",
    "ru-vn-strategic-partner-remark-1997": "vn-ru-strategic-partnership",
    "vn-ru-strategic-partnership-2001": "vn-ru-strategic-partnership",
}
# Stages recorded inconsistently for the same act: (event, stage as given) -> stage.
STAGES = {
    ("ninh-thuan-npp-cancellation", "other"): "legislation",  # a National Assembly vote, as the other batch says
}
# Listed as omissions but named by the paper (a claim of the ledger): not an omission.
NOT_OMITTED = {"eaeu-vn-fta"}
CITES_DOCUMENT = re.compile(r"valdai|new asia|historical milestones|70 years of (vietnam|historical)", re.I)
ENCYCLOPEDIA = re.compile(r"wikipedia|wikiwand|wiki\.|dbpedia|encyclop|academic\.ru|britannica", re.I)
DATE = {"year": r"^\d{4}$", "month": r"^\d{4}-\d{2}$", "day": r"^\d{4}-\d{2}-\d{2}$"}
COLUMNS = [
    "record_id",
    "event",
    "stage",
    "event_date",
    "precision",
    "end_date",
    "value",
    "unit",
    "parties",
    "description",
    "publisher",
    "title",
    "url",
    "source_date",
    "source_kind",
]


def main(folder: Path) -> None:
    frame = pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(folder.glob("records-*.csv"))],
        ignore_index=True,
    )[COLUMNS]
    cited = " ".join
    bad = frame.apply(
        lambda r: bool(
            CITES_DOCUMENT.search(cited([r.publisher, r.title, r.url]))
            or ENCYCLOPEDIA.search(cited([r.publisher, r.url]))
        ),
        axis=1,
    )
    undated = ~frame.apply(lambda r: bool(r.precision in DATE and re.match(DATE[r.precision], r.event_date)), axis=1)
    print(f"dropped {int(bad.sum())} rows citing a document or an encyclopedia: {list(frame.loc[bad, 'record_id'])}")
    print(f"dropped {int(undated.sum())} undated rows: {list(frame.loc[undated, 'record_id'])}")
    frame = frame[~bad & ~undated].copy()
    frame["event"] = frame["event"].replace(MERGE)
    frame["stage"] = [STAGES.get((e, s), s) for e, s in zip(frame["event"], frame["stage"])]
    for column in ("description", "publisher", "title", "unit"):
        frame[column] = frame[column].str.split().str.join(" ")
    frame.sort_values(["event", "event_date", "record_id"]).to_csv(REFERENCE / "records.csv", index=False)
    omissions = pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(folder.glob("omissions-*.csv"))],
        ignore_index=True,
    )
    omissions["event"] = omissions["event"].replace(MERGE)
    omissions = omissions[omissions["record_id"].isin(frame["record_id"]) & ~omissions["event"].isin(NOT_OMITTED)]
    first = omissions.drop_duplicates("event")  # one reason per event: the first batch's
    first[["event", "reason"]].sort_values("event").to_csv(REFERENCE / "omissions.csv", index=False)
    print(f"{len(frame)} records of {frame['event'].nunique()} events; {len(first)} omissions")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/records"))
