"""Tables curated by the project: countries, groups and their membership, the paper's milestones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from newasia import reference
from newasia.build import Built
from newasia.build.raw import RawSources, raise_first


def _milestones(reference_dir: Path) -> pd.DataFrame:
    frame = reference.milestones(reference_dir)
    path = reference_dir / reference.MILESTONES_FILE
    bad = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce").isna()
    raise_first(bad, path, "not an ISO date (YYYY-MM-DD)", column="date", values=frame["date"])
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").astype("datetime64[ns]")
    frame["claim_id"] = frame["claim_id"].where(frame["claim_id"] != "")
    return frame.sort_values(["date", "event"], ignore_index=True)


def build(raw: RawSources, reference_dir: Path) -> dict[str, Built]:
    groups, members = reference.groups(reference_dir)
    members = members.sort_values(["group", "member", "start"], ignore_index=True)
    return {
        "countries": Built(reference.countries(reference_dir).sort_values("code", ignore_index=True)),
        "groups": Built(groups),
        "group_members": Built(members),
        "milestones": Built(_milestones(reference_dir)),
    }
