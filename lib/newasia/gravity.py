"""Structural gravity: did trade agreements change trade? PPML with exporter-year, importer-year and pair fixed
effects (Yotov, Piermartini, Monteiro and Larch 2016; Santos Silva and Tenreyro 2006), estimated by
`pyfixest.fepois`.

One code path for every panel. A panel is a frame with the columns `exporter`, `importer`, `year`, `trade`,
`pair_id` (one id per unordered pair, both directions sharing it) and policy dummies (`rta`, ...), built either

- from the bundled extracts (`dots_panel`): IMF DOTS flows and the WTO agreement list, or
- from any external frame with those columns (`external_panel`), such as the reference panel of Yotov et al.

and `estimate(panel, spec)` fits it under a `Spec`: years and interval, directional or symmetric pair fixed
effects, intra-national flows left out or in (one common pair effect, or one per country), robust or
pair-clustered errors, a lead term, phase-in lags and agreement-specific dummies (`Agreement`: a list of members
and an entry year). Every result records the specification and the data's sha256.

Conventions: a pair is treated by an agreement from the year after its entry into force (a partial first year
is not a treated year); a lead of L years is 1 in the L years before a pair's first treated year; a lag of L
years is 1 from L years after it (phase-in: the total effect is the sum of the current and lagged terms).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import warnings
from dataclasses import asdict, dataclass, field, replace
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from newasia import data
from newasia.errors import EstimationError, ExtractError, ParameterError
from newasia.ranking import rank_desc

PAIR_FE = ("directional", "symmetric")
INTRA = ("none", "common", "country")
VCOV = ("cluster", "robust")
TRADE_SIDES = ("importer+mirror", "importer")
ZEROS = ("zero", "missing")
Z95 = 1.959963984540054
INTRA_PAIR = "intra-national"
PANEL_COLUMNS = ("exporter", "importer", "year", "trade", "pair_id")


def term_column(name: str) -> str:
    """The estimation term of an agreement's name: "EAEU–Viet Nam" -> "agr_eaeu_viet_nam"."""
    return "agr_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


@dataclass(frozen=True)
class Agreement:
    """An agreement as a set of country pairs with an entry-into-force year.

    Pairs: every pair of `members` or, with `focus`, every pair of a focus country with a member outside the
    focus (Viet Nam with each EAEU member: members = EAEU + VNM, focus = VNM). A pair is treated from the year
    after `entry_year`; `entry_by_member` overrides the year for some members (a pair's year is the later of its
    two members' years).
    """

    name: str
    members: tuple[str, ...]
    entry_year: int
    focus: tuple[str, ...] = ()
    entry_by_member: tuple[tuple[str, int], ...] = ()

    @property
    def column(self) -> str:
        return term_column(self.name)

    def pairs(self) -> pd.DataFrame:
        """The agreement's unordered pairs (a < b) with the first treated year of each."""
        years = {m: self.entry_year for m in self.members} | dict(self.entry_by_member)
        rows = []
        for a in self.members:
            for b in self.members:
                if a >= b:
                    continue
                if self.focus and (a in self.focus) == (b in self.focus):
                    continue
                rows.append((a, b, max(years[a], years[b]) + 1))
        return pd.DataFrame(rows, columns=["a", "b", "first"])


@dataclass(frozen=True)
class Spec:
    """An estimation's choices. `start`, `end`, `interval`: the years used (start, start + interval, ... up to
    end). `trade_side`, `zeros`, `include_psa` apply to the DOTS panel only (see dots_panel)."""

    start: int = 1990
    end: int = 2020
    interval: int = 1
    pair_fe: str = "directional"
    intra: str = "none"
    vcov: str = "cluster"
    lead: int = 0
    lags: tuple[int, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    trade_side: str = "importer+mirror"
    zeros: str = "zero"
    include_psa: bool = False

    def years(self) -> list[int]:
        return list(range(self.start, self.end + 1, self.interval))

    def as_dict(self) -> dict:
        found = asdict(self)
        found["agreements"] = [asdict(a) for a in self.agreements]
        return found

    def key(self) -> str:
        """A stable hash of every choice."""
        return hashlib.sha256(json.dumps(self.as_dict(), sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class Panel:
    """A gravity panel: the frame, a name, the sha256 of the data it came from, and what building it did."""

    frame: pd.DataFrame
    name: str
    sha256: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Result:
    """One estimation: a row per term, the pair effects, and the counts behind them."""

    terms: pd.DataFrame
    spec: Spec
    dataset: str
    data_sha256: str
    observations: int
    pairs: int
    notes: list[str]
    pair_effects: pd.Series | None = None


# --- parameters -------------------------------------------------------------------------------------------------


def _choice(parameter: str, value: object, allowed: tuple) -> None:
    if value not in allowed:
        raise ParameterError(parameter, value, f"one of {', '.join(map(repr, allowed))}")


def check_spec(spec: Spec, years: tuple[int, int] | None = None) -> None:
    """Raise ParameterError naming the first parameter out of range (years against the data's `years`)."""
    _choice("pair_fe", spec.pair_fe, PAIR_FE)
    _choice("intra", spec.intra, INTRA)
    _choice("vcov", spec.vcov, VCOV)
    _choice("trade_side", spec.trade_side, TRADE_SIDES)
    _choice("zeros", spec.zeros, ZEROS)
    if not isinstance(spec.interval, int) or spec.interval < 1:
        raise ParameterError("interval", spec.interval, "a whole number of years, 1 (consecutive years) or more")
    if spec.lead < 0:
        raise ParameterError("lead", spec.lead, "0 (no lead term) or a positive number of years")
    if any(lag < 1 for lag in spec.lags):
        raise ParameterError("lags", spec.lags, "positive numbers of years")
    if years is not None:
        low, high = years
        for name in ("start", "end"):
            value = getattr(spec, name)
            if not low <= value <= high:
                raise ParameterError(name, value, f"a year from {low} to {high} (the data's years)")
    if spec.end < spec.start:
        raise ParameterError("end", spec.end, f"a year no earlier than start ({spec.start})")
    if len(spec.years()) < 2:
        raise ParameterError(
            "interval",
            spec.interval,
            f"at most {spec.end - spec.start} for years {spec.start}-{spec.end} (two years needed)",
        )


# --- panels -----------------------------------------------------------------------------------------------------


def _pair_key(exporter: pd.Series, importer: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    e, i = exporter.astype(str).to_numpy(), importer.astype(str).to_numpy()
    return np.where(e < i, e, i), np.where(e < i, i, e)


def external_panel(frame: pd.DataFrame, name: str, sha256: str) -> Panel:
    """A panel from any frame with the columns exporter, importer, year, trade, pair_id and 0/1 policy dummies."""
    missing = [c for c in PANEL_COLUMNS if c not in frame]
    if missing:
        raise ParameterError(
            "frame", name, f"a frame with the columns {', '.join(PANEL_COLUMNS)} (missing: {', '.join(missing)})"
        )
    out = frame.copy()
    out["exporter"], out["importer"] = out["exporter"].astype(str), out["importer"].astype(str)
    out["year"] = out["year"].astype("int64")
    out["trade"] = out["trade"].astype("float64")
    out["pair_id"] = out["pair_id"].astype(str)
    if out["trade"].isna().any() or (out["trade"] < 0).any():
        raise ParameterError("frame", name, "trade values that are not missing and not negative")
    return Panel(out.reset_index(drop=True), name, sha256)


def _agreement_intervals(include_psa: bool) -> pd.DataFrame:
    """Unordered pairs (a < b) covered by a WTO agreement on goods, with the first and last treated years of each
    (pair, agreement): from the year after the later of the two parties' start dates to the year of the earlier end."""
    rta, parties = data.rta(), data.rta_parties().dropna(subset=["start"])
    goods = rta["coverage"].fillna("").str.contains("Goods")
    psa = rta["type"].fillna("").str.startswith("PSA")
    keep = rta.loc[goods & (include_psa | ~psa), "rta_id"]
    parties = parties[parties["rta_id"].isin(keep)][["rta_id", "party", "start", "end"]]
    pairs = parties.merge(parties, on="rta_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["party_a"] < pairs["party_b"]]
    first = pairs[["start_a", "start_b"]].max(axis=1).dt.year + 1
    last = pairs[["end_a", "end_b"]].min(axis=1).dt.year.fillna(9999)
    out = pd.DataFrame(
        {
            "a": pairs["party_a"].to_numpy(),
            "b": pairs["party_b"].to_numpy(),
            "rta_id": pairs["rta_id"].to_numpy(),
            "first": first.to_numpy().astype("int64"),
            "last": last.to_numpy().astype("int64"),
        }
    )
    return out[out["first"] <= out["last"]].reset_index(drop=True)


def _data_sha256(*tables: str) -> str:
    from newasia import descriptor
    from newasia.paths import DATA_DIR

    entries = descriptor.resources_by_name(descriptor.read(DATA_DIR / "datapackage.json"))
    for table in tables:
        data.load(table)  # checks the file against the descriptor's hash
    text = "|".join(f"{t}:{entries[t]['hash']}" for t in tables)
    return hashlib.sha256(text.encode()).hexdigest()


@lru_cache(maxsize=2)
def _dots_panel(start: int, end: int, trade_side: str, zeros: str, include_psa: bool) -> Panel:
    trade = data.trade()
    trade = trade[(trade["year"] >= start) & (trade["year"] <= end) & (trade["source"] == "IMF DOTS")]
    key = ["exporter", "importer", "year"]
    imports = trade[trade["flow"] == "imports"].rename(columns={"reporter": "importer", "partner": "exporter"})
    flows = imports[key + ["value_usd_mn"]].astype({"exporter": str, "importer": str})
    notes = [f"importer-reported imports (CIF): {len(flows):,} flows"]
    if trade_side == "importer+mirror":
        exports = trade[trade["flow"] == "exports"].rename(columns={"reporter": "exporter", "partner": "importer"})
        exports = exports[key + ["value_usd_mn"]].astype({"exporter": str, "importer": str})
        mirror = exports.merge(flows[key], on=key, how="left", indicator=True)
        mirror = mirror[mirror["_merge"] == "left_only"].drop(columns="_merge")
        flows = pd.concat([flows, mirror], ignore_index=True)
        notes.append(f"exporter-reported exports (FOB) where the importer reports no flow: {len(mirror):,} flows")
    flows = flows.rename(columns={"value_usd_mn": "trade"})
    positive = flows[flows["trade"] > 0].groupby(["exporter", "importer"]).size().index.to_frame(index=False)
    if zeros == "zero":
        years = pd.DataFrame({"year": range(start, end + 1)})
        grid = positive.merge(years, how="cross")
        panel = grid.merge(flows, on=key, how="left")
        filled = int(panel["trade"].isna().sum())
        panel["trade"] = panel["trade"].fillna(0.0)
        notes.append(
            f"{len(positive):,} directional pairs with positive trade in some year; {filled:,} "
            "pair-years without a record set to zero"
        )
    else:
        panel = flows.merge(positive, on=["exporter", "importer"])
        notes.append(
            f"{len(positive):,} directional pairs with positive trade in some year; pair-years without "
            "a record left out (missing, not zero)"
        )
    a, b = _pair_key(panel["exporter"], panel["importer"])
    panel["pair_id"] = pd.Series(a, dtype=str) + "-" + pd.Series(b, dtype=str)
    intervals = _agreement_intervals(include_psa)
    first = intervals.groupby(["a", "b"])["first"].min().rename("rta_first").reset_index()
    rows = pd.DataFrame({"row": np.arange(len(panel)), "a": a, "b": b, "year": panel["year"].to_numpy()})
    covered = rows.merge(intervals, on=["a", "b"])
    treated = covered.loc[(covered["year"] >= covered["first"]) & (covered["year"] <= covered["last"]), "row"]
    panel["rta"] = 0.0
    panel.loc[np.unique(treated.to_numpy()), "rta"] = 1.0
    panel = panel.assign(a=a, b=b).merge(first, on=["a", "b"], how="left").drop(columns=["a", "b"])
    notes.append(
        f"WTO agreements on goods{'' if include_psa else ', partial-scope agreements (PSA) left out'}: "
        f"{intervals[['a', 'b']].drop_duplicates().shape[0]:,} country pairs covered at some date"
    )
    panel = panel[["exporter", "importer", "year", "trade", "pair_id", "rta", "rta_first"]]
    panel = panel.sort_values(key, ignore_index=True)
    sha = _data_sha256("trade", "rta", "rta_parties")
    return Panel(panel, "dots", sha, notes)


def dots_panel(spec: Spec) -> Panel:
    """The panel from the bundled IMF DOTS table and the WTO agreement list, years spec.start-spec.end (annual;
    `estimate` applies the interval).

    - trade: `importer+mirror` takes each flow as the importer reports it (CIF) and, where the importer reports
      no flow, as the exporter reports it (FOB); `importer` takes the importer's figures only. DOTS only
      (UN Comtrade's 2021 exports are left out).
    - zeros: pairs with positive trade in some year are kept; `zero` sets their years without a record to zero,
      `missing` leaves those years out.
    - rta: 1 from the year after a WTO agreement on goods came into force for both countries (partial-scope
      agreements in or out with `include_psa`), until the year it ended. `rta_first` is a pair's first treated
      year (possibly after the panel's end), used for leads.
    - no intra-national flows: DOTS has none.
    """
    check_spec(spec, (1960, 2020))
    return _dots_panel(spec.start, spec.end, spec.trade_side, spec.zeros, spec.include_psa)


# --- dummies ----------------------------------------------------------------------------------------------------


def _first_years(frame: pd.DataFrame, column: str) -> pd.Series:
    """Each row's pair's first treated year for a dummy: from `<column>_first` where the panel has it, else the
    first year the dummy is 1 within the directional pair (NaN if never)."""
    if f"{column}_first" in frame:
        return frame[f"{column}_first"].astype("float64")
    first = frame["year"].where(frame[column] > 0)
    return first.groupby([frame["exporter"], frame["importer"]]).transform("min").astype("float64")


def agreement_dummy(frame: pd.DataFrame, agreement: Agreement) -> tuple[pd.Series, pd.Series]:
    """(dummy, first treated year) of an agreement for each row of a panel frame."""
    pairs = agreement.pairs()
    a, b = _pair_key(frame["exporter"], frame["importer"])
    keyed = pd.DataFrame({"a": a, "b": b}).merge(pairs, on=["a", "b"], how="left")
    first = pd.Series(keyed["first"].to_numpy(dtype="float64"), index=frame.index)
    dummy = (frame["year"] >= first).astype("float64")
    return dummy, first


def _add_terms(frame: pd.DataFrame, spec: Spec) -> tuple[pd.DataFrame, list[str], dict[str, pd.Series]]:
    """Add the agreement-specific dummies, leads and lags; return the frame, the terms and their first years."""
    frame = frame.copy()
    firsts = {"rta": _first_years(frame, "rta")}
    specific = pd.Series(0.0, index=frame.index)
    terms = ["rta"]
    for agreement in spec.agreements:
        column = agreement.column
        frame[column], firsts[column] = agreement_dummy(frame, agreement)
        specific = specific.where(frame[column] == 0, 1.0)
        terms.append(column)
    if spec.agreements:  # the general dummy covers every other agreement: a specific term is that pair's effect
        frame["rta"] = frame["rta"] * (1.0 - specific)
    for term in terms:
        first = firsts[term]
        if spec.lead:
            frame[f"{term}_lead{spec.lead}"] = ((frame["year"] >= first - spec.lead) & (frame["year"] < first)).astype(
                "float64"
            )
        for lag in spec.lags:
            frame[f"{term}_lag{lag}"] = (frame["year"] >= first + lag).astype("float64") * (frame[term] > 0)
    extra = [c for t in terms for c in frame if c.startswith((f"{t}_lead", f"{t}_lag"))]
    return frame, terms + extra, firsts


# --- estimation -------------------------------------------------------------------------------------------------


def _identification(frame: pd.DataFrame, term: str) -> dict:
    """Pairs and post-entry years behind a term: pairs where it is 1 somewhere, pairs where it changes (these
    identify it, given pair fixed effects), its observations at 1 and the years they fall in."""
    on = frame[frame[term] > 0]
    by_pair = frame.groupby("cluster", observed=True)[term].agg(["min", "max"])
    years = sorted(on["year"].unique().tolist())
    return {
        "treated_pairs": int(on["pair_id"].nunique()),
        "identifying_pairs": int(
            frame.loc[frame["cluster"].isin(by_pair.index[by_pair["min"] < by_pair["max"]]), "pair_id"].nunique()
        ),
        "post_observations": len(on),
        "post_years": f"{years[0]}-{years[-1]}" if len(years) > 1 else (str(years[0]) if years else ""),
    }


def estimate(panel: Panel, spec: Spec, pair_effects: bool = False) -> Result:
    """PPML of trade on the policy terms with exporter-year, importer-year and pair fixed effects.

    Raises ParameterError for a choice out of range (naming it and the valid values) and EstimationError for an
    agreement with no post-entry observation in the sample.
    """
    import pyfixest as pf

    years = (int(panel.frame["year"].min()), int(panel.frame["year"].max()))
    check_spec(spec, years)
    frame = panel.frame
    if "rta_first" not in frame:  # first treated years from every year of the panel, before keeping some
        frame = frame.assign(rta_first=_first_years(frame, "rta"))
    frame = frame[frame["year"].isin(spec.years())]
    notes = list(panel.notes)
    intra = frame["exporter"] == frame["importer"]
    if spec.intra == "none" and intra.any():
        notes.append(f"{int(intra.sum()):,} intra-national observations left out")
        frame = frame[~intra]
    frame, terms, _ = _add_terms(frame, spec)
    for agreement in spec.agreements:
        if not (frame[agreement.column] > 0).any():
            first = int(agreement.pairs()["first"].min()) if len(agreement.pairs()) else None
            raise EstimationError(
                f"agreement {agreement.name!r} has no post-entry observation in {panel.name} for the years "
                f"{spec.start}-{spec.end} (its pairs are treated from {first}): its effect cannot be estimated"
            )
    exporter_pair = frame["exporter"] + ">" + frame["importer"]
    pair = exporter_pair if spec.pair_fe == "directional" else frame["pair_id"].astype(str)
    if spec.intra == "common":
        pair = pair.where(frame["exporter"] != frame["importer"], INTRA_PAIR)
    frame = frame.assign(
        pair_fe=pair,
        cluster=pair,
        exp_year=frame["exporter"] + frame["year"].astype(str),
        imp_year=frame["importer"] + frame["year"].astype(str),
    )
    dropped_terms = [t for t in terms if frame[t].nunique() < 2]
    terms = [t for t in terms if t not in dropped_terms]
    total = frame.groupby("pair_fe")["trade"].transform("sum")
    zero_pairs = int((total == 0).sum())
    frame = frame[total > 0].reset_index(drop=True)
    if zero_pairs:
        notes.append(f"{zero_pairs:,} observations of pairs with zero trade in every year used left out")
    formula = f"trade ~ {' + '.join(terms)} | exp_year + imp_year + pair_fe"
    # Robust errors use Stata ppml's small-sample factor (regressors only, not the fixed effects), the convention
    # of the published reference estimates; clustered errors use fixest's default (G/(G-1), nested effects not
    # counted).
    vcov, ssc = ("hetero", pf.ssc(k_fixef="none")) if spec.vcov == "robust" else ({"CRV1": "cluster"}, pf.ssc())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = pf.fepois(formula, data=frame, vcov=vcov, ssc=ssc)
    coefficients, errors = fit.coef(), fit.se()
    rows = []
    for term in terms:
        b, se = float(coefficients[term]), float(errors[term])
        rows.append(
            {
                "term": term,
                "estimate": b,
                "se": se,
                "ci_low": b - Z95 * se,
                "ci_high": b + Z95 * se,
                "pct": 100 * math.expm1(b),
                "pct_low": 100 * math.expm1(b - Z95 * se),
                "pct_high": 100 * math.expm1(b + Z95 * se),
                **_identification(frame, term),
            }
        )
    effects = None
    if pair_effects:
        fixed = fit.fixef()
        effects = pd.Series(fixed["C(pair_fe)"], name="pair_effect").rename_axis("pair")
    if dropped_terms:
        notes.append(f"terms without variation in the sample left out: {', '.join(dropped_terms)}")
    return Result(
        pd.DataFrame(rows), spec, panel.name, panel.sha256, int(fit._N), int(frame["pair_fe"].nunique()), notes, effects
    )


def estimate_dots(spec: Spec, pair_effects: bool = False) -> Result:
    """`estimate` on the DOTS panel built for the spec."""
    return estimate(dots_panel(spec), spec, pair_effects)


def with_changes(spec: Spec, **changes) -> Spec:
    """A copy of a spec with some choices changed."""
    return replace(spec, **changes)


# --- the project's specifications, and their stored results ------------------------------------------------------

EAEU_VN_RTA_ID = 973
YOTOV_FILE = "yotov-2016/Chapter2Application2.dta"
YOTOV_PUBLISHED = {"estimate": 0.5571853, "se": 0.055771, "observations": 28482}
DIALOGUE_GROUP, EU = "ASEAN_DIALOGUE_PARTNERS", "EU"


def agreement_from_rta(
    rta_id: int, focus: tuple[str, ...] = (), name: str | None = None, members: tuple[str, ...] | None = None
) -> Agreement:
    """An agreement of the WTO list as an `Agreement`: its parties (or `members`, a subset) with the year it came
    into force for each (data/rta_parties.csv); its name is the WTO's short name unless given."""
    from newasia import agreements, data

    parties = data.rta_parties()
    parties = parties[(parties["rta_id"] == rta_id) & parties["start"].notna()]
    if members is not None:
        parties = parties[parties["party"].isin(members)]
    years = {p: int(s.year) for p, s in zip(parties["party"], parties["start"])}
    chosen = tuple(sorted(years))
    return Agreement(
        name or agreements.short_name(agreements.name(rta_id)),
        chosen,
        min(years.values()),
        focus=focus,
        entry_by_member=tuple(sorted(years.items())),
    )


def country_agreements(country: str, last_treated_year: int, exclude: tuple[int, ...] = ()) -> tuple[Agreement, ...]:
    """A country's WTO agreements on goods (partial-scope ones left out) with the country as focus, those with the
    same short name merged (AFTA's two records), keeping those treated by `last_treated_year`."""
    from newasia import agreements

    table = agreements.country_timeline(country)
    rta = __import__("newasia.data", fromlist=["rta"]).rta().set_index("rta_id")
    found: dict[str, list[Agreement]] = {}
    for rta_id in table["rta_id"]:
        row = rta.loc[rta_id]
        if rta_id in exclude or "Goods" not in str(row["coverage"]) or str(row["type"]).startswith("PSA"):
            continue
        agreement = agreement_from_rta(int(rta_id), focus=(country,))
        found.setdefault(agreement.name, []).append(agreement)
    out = []
    for name, group in found.items():
        years: dict[str, int] = {}
        for agreement in group:
            for member, year in agreement.entry_by_member:
                years[member] = min(year, years.get(member, year))
        merged = Agreement(name, tuple(sorted(years)), min(years.values()), (country,), tuple(sorted(years.items())))
        if not merged.pairs().empty and merged.pairs()["first"].min() <= last_treated_year:
            out.append(merged)
    return tuple(sorted(out, key=lambda a: (a.entry_year, a.name)))


@dataclass(frozen=True)
class Named:
    """A specification of the project: dataset, spec, what it changes, and whether to keep pair effects."""

    name: str
    dataset: str
    spec: Spec
    description: str
    pair_effects: bool = False


@cache
def specs() -> dict[str, Named]:
    """Every specification the notebook shows, by name: the DOTS robustness set and the reference-panel set."""
    eaeu_vn = agreement_from_rta(EAEU_VN_RTA_ID, focus=("VNM",), name="EAEU–Viet Nam")
    vn_rus = agreement_from_rta(EAEU_VN_RTA_ID, focus=("VNM",), name="Viet Nam–Russia", members=("RUS", "VNM"))
    vn_other = agreement_from_rta(
        EAEU_VN_RTA_ID, focus=("VNM",), name="Viet Nam–other EAEU", members=("ARM", "BLR", "KAZ", "KGZ", "VNM")
    )

    def dots(
        name: str, description: str, pair_effects: bool = False, split: bool = False, vietnam: bool = False, **changes
    ) -> Named:
        spec = Spec(**changes)
        others = country_agreements("VNM", spec.end, exclude=(EAEU_VN_RTA_ID,)) if vietnam else ()
        focal = (vn_rus, vn_other) if split else (eaeu_vn,)
        return Named(name, "dots", replace(spec, agreements=focal + others), description, pair_effects)

    def yotov(name: str, description: str, **changes) -> Named:
        base = Spec(start=1986, end=2006, interval=4, pair_fe="symmetric", intra="common", vcov="robust")
        return Named(name, "yotov-2016", replace(base, **changes), description)

    found = [
        dots(
            "baseline",
            "annual 1990-2020, directional pairs, importer's figures with the exporter's as mirror, "
            "zeros kept, errors clustered by pair",
        ),
        dots("no-2020", "2020 (COVID-19) left out", end=2019),
        dots("interval-3", "every third year, 1990-2020", interval=3),
        dots("interval-4", "every fourth year, 1992-2020", start=1992, interval=4),
        dots("symmetric", "one pair effect per unordered pair", pair_fe="symmetric", pair_effects=True),
        dots("importer-only", "the importer's figures only (no mirror)", trade_side="importer"),
        dots(
            "missing",
            "years without a record left out instead of zero (every fourth year 1992-2020: compare "
            "with interval-4; the annual unbalanced panel converges too slowly)",
            zeros="missing",
            start=1992,
            interval=4,
        ),
        dots("robust-se", "heteroskedasticity-robust instead of pair-clustered errors", vcov="robust"),
        dots("with-psa", "partial-scope agreements counted as agreements", include_psa=True),
        dots("since-2005", "annual 2005-2020 only", start=2005),
        dots("lead", "with a lead term: the 3 years before entry into force", lead=3),
        dots(
            "vietnam",
            "with a term for each of Viet Nam's other agreements on goods in force by the last year",
            vietnam=True,
        ),
        dots("eaeu-split", "Viet Nam–Russia and Viet Nam–other EAEU members as separate terms", split=True),
        yotov(
            "published",
            "the book's specification: 1986-2006 every 4 years, symmetric pairs, one common "
            "intra-national pair effect, robust errors",
        ),
        yotov("cluster", "errors clustered by pair", vcov="cluster"),
        yotov("directional", "directional pair effects", pair_fe="directional"),
        yotov("intra-by-country", "one intra-national pair effect per country", intra="country"),
        yotov("no-intra", "intra-national flows left out (as DOTS must)", intra="none"),
        yotov("annual", "every year 1986-2006", interval=1),
        yotov("lead", "with a lead term: the 4 years before entry into force", lead=4),
        yotov(
            "project-choices",
            "this project's DOTS choices: annual, directional pairs, no intra-national flows, clustered errors",
            interval=1,
            pair_fe="directional",
            intra="none",
            vcov="cluster",
        ),
    ]
    return {f"{n.dataset}:{n.name}": n for n in found}


def named(name: str, dataset: str = "dots") -> Named:
    """A specification by name, or ParameterError listing the known names."""
    key = f"{dataset}:{name}"
    known = specs()
    if key not in known:
        choices = sorted(n.name for n in known.values() if n.dataset == dataset)
        raise ParameterError("spec", name, f"one of {', '.join(choices)} (dataset {dataset!r})")
    return known[key]


def reference_panel(validation_dir=None) -> Panel:
    """The Yotov et al. (2016) panel (Chapter 2, application 2) from ../shared/data/validation, as a Panel."""
    from pathlib import Path

    from newasia.descriptor import sha256_of
    from newasia.errors import RawInputError
    from newasia.paths import DEFAULT_VALIDATION_DIR

    path = Path(validation_dir or DEFAULT_VALIDATION_DIR) / YOTOV_FILE
    if not path.is_file():
        raise RawInputError(path, "the Yotov et al. (2016) reference panel is missing")
    frame = pd.read_stata(path)
    frame = frame.rename(columns={"RTA": "rta"})[["exporter", "importer", "year", "trade", "pair_id", "rta"]]
    frame["pair_id"] = frame["pair_id"].astype("int64")
    return external_panel(frame, "yotov-2016", sha256_of(path))


def _panel_for(entry: Named, validation_dir=None) -> Panel:
    return dots_panel(entry.spec) if entry.dataset == "dots" else reference_panel(validation_dir)


def _years_text(spec: Spec) -> str:
    years = spec.years()
    return f"{years[0]}-{years[-1]}" + ("" if spec.interval == 1 else f", every {spec.interval} years")


def result_rows(entry: Named, result: Result) -> pd.DataFrame:
    """The rows of gravity_estimates for one result."""
    spec = result.spec
    rows = result.terms.assign(
        dataset=entry.dataset,
        spec=entry.name,
        observations=result.observations,
        pairs=result.pairs,
        years=_years_text(spec),
        pair_fe=spec.pair_fe,
        intra=spec.intra,
        vcov=spec.vcov,
        description=entry.description,
        spec_key=spec.key(),
        data_sha256=result.data_sha256,
    )
    rows["post_years"] = rows["post_years"].replace("", None)
    from newasia.tables import TABLES

    return rows[TABLES["gravity_estimates"].column_names].sort_values("term", ignore_index=True)


def pair_effect_rows(entry: Named, result: Result) -> pd.DataFrame:
    """The rows of gravity_pair_effects: each ASEAN member with each dialogue partner (EU members one by one)."""
    from newasia.groups import members
    from newasia.tables import TABLES

    year = result.spec.end
    asean = members("ASEAN", year)
    partners = {p: (EU if p in members(EU, year) else p) for p in members(DIALOGUE_GROUP, year)}
    effects = result.pair_effects
    rows = []
    for a in asean:
        for p, group in partners.items():
            key = "-".join(sorted((a, p)))
            if key in effects.index:
                rows.append({"asean": a, "partner": p, "partner_group": group, "pair_effect": float(effects[key])})
    frame = pd.DataFrame(rows)
    by_group = frame.groupby(["asean", "partner_group"])["pair_effect"].median()
    median = by_group.groupby(level="asean").median()
    frame["relative"] = frame["pair_effect"] - frame["asean"].map(median)
    frame = frame.assign(
        dataset=entry.dataset, spec=entry.name, spec_key=result.spec.key(), data_sha256=result.data_sha256
    )
    return frame[TABLES["gravity_pair_effects"].column_names].sort_values(["asean", "partner"], ignore_index=True)


def stored(table: str = "gravity_estimates") -> pd.DataFrame:
    """The committed results table (data/gravity_estimates.csv or gravity_pair_effects.csv), checked and validated."""
    return data.load(table)


_computed: dict[tuple[str, str], pd.DataFrame] = {}


def results(name: str, dataset: str = "dots", refresh: bool = False, validation_dir=None) -> pd.DataFrame:
    """The estimates of a named specification: from the stored table when its rows carry the same specification
    key and the same data sha256 as now, else estimated (and kept for the session). The one function the
    notebook, the ledger and the build read estimates through."""
    entry = named(name, dataset)
    key = entry.spec.key()
    if not refresh:
        try:
            table = stored()
        except ExtractError:  # not built yet: estimate
            table = pd.DataFrame(columns=["dataset", "spec", "spec_key", "data_sha256"])
        rows = table[(table["dataset"] == dataset) & (table["spec"] == name) & (table["spec_key"] == key)]
        if len(rows) and (dataset != "dots" or set(rows["data_sha256"]) == {_dots_sha256()}):
            return rows.reset_index(drop=True)
        if (dataset, key) in _computed:
            return _computed[(dataset, key)]
    result = estimate(_panel_for(entry, validation_dir), entry.spec, entry.pair_effects)
    rows = result_rows(entry, result)
    _computed[(dataset, key)] = rows
    if entry.pair_effects:
        _computed[(dataset, key + ":pairs")] = pair_effect_rows(entry, result)
    return rows


@data.derived
def _dots_sha256() -> str:
    return _data_sha256("trade", "rta", "rta_parties")


@data.derived
def _terms(name: str, dataset: str) -> dict[str, dict]:
    """A named specification's estimates by term (the first row of each), read once per process."""
    rows, terms = results(name, dataset), {}
    for term, row in zip(rows["term"], rows.to_dict("records"), strict=True):
        terms.setdefault(term, row)
    return terms


def term_row(name: str, term: str, dataset: str = "dots") -> dict:
    """One term of a named specification's estimates, as a dict."""
    terms = _terms(name, dataset)
    if term not in terms:
        raise ParameterError("term", term, f"one of {', '.join(terms)} (specification {name!r})")
    return dict(terms[term])


def agreement_effect(
    agreement: str = "EAEU–Viet Nam", pair: tuple[str, str] | None = None, spec: str = "baseline"
) -> dict:
    """The estimated effect of one agreement on its members' trade, for a ledger claim or a sentence.

    `agreement`: "average" (every agreement on goods: the rta term) or the name of an agreement-specific term of
    the specification ("EAEU–Viet Nam", "Viet Nam–Russia" in spec "eaeu-split", Viet Nam's other agreements by
    their WTO short names). `pair` (e.g. ("VNM", "RUS")) picks the specification whose term covers that pair
    alone where there is one. Returns estimate and se (log points), ci (95%), pct and pct_ci (100 (exp(b) - 1)),
    n_pairs (identifying pairs), post_years, observations, spec and term.
    """
    if pair is not None and set(pair) == {"VNM", "RUS"} and agreement == "EAEU–Viet Nam":
        agreement, spec = "Viet Nam–Russia", "eaeu-split"
    entry = named(spec)
    if agreement == "average":
        term = "rta"
    else:
        names = {a.name: a.column for a in entry.spec.agreements}
        if agreement not in names:
            raise ParameterError("agreement", agreement, f"'average' or one of {', '.join(names)} (spec {spec!r})")
        term = names[agreement]
    row = term_row(spec, term)
    return {
        "agreement": agreement,
        "spec": spec,
        "term": term,
        "estimate": row["estimate"],
        "se": row["se"],
        "ci": (row["ci_low"], row["ci_high"]),
        "pct": row["pct"],
        "pct_ci": (row["pct_low"], row["pct_high"]),
        "n_pairs": int(row["identifying_pairs"]),
        "post_years": row["post_years"],
        "observations": int(row["observations"]),
    }


# --- tables for the notebook ------------------------------------------------------------------------------------


def _interval_text(pct: float, low: float, high: float) -> str:
    return f"{pct:+.0f}% [{low:+.0f}%, {high:+.0f}%]"


def term_labels(name: str, dataset: str = "dots") -> dict[str, str]:
    """Readable labels of a specification's terms: 'every other agreement' for rta, agreement names."""
    labels = {"rta": "every other agreement (average)"}
    entry = named(name, dataset)
    for agreement in entry.spec.agreements:
        labels[agreement.column] = agreement.name
    if entry.dataset != "dots":
        labels["rta"] = "every agreement (average)"
    for term in list(labels):
        for suffix, text in ((f"_lead{entry.spec.lead}", f"{entry.spec.lead} years before entry (lead)"),):
            labels[term + suffix] = f"{labels[term]}: {text}"
    return labels


def effects(name: str, dataset: str = "dots") -> pd.DataFrame:
    """A specification's estimates as a readable table: effect on trade in percent with its 95% interval, the
    coefficient and standard error, and the pairs and years that identify each term."""
    rows = results(name, dataset)
    labels = term_labels(name, dataset)
    return pd.DataFrame(
        {
            "term": rows["term"].map(lambda t: labels.get(t, t)),
            "effect on trade [95% interval]": [
                _interval_text(p, lo, hi) for p, lo, hi in zip(rows["pct"], rows["pct_low"], rows["pct_high"])
            ],
            "coefficient": rows["estimate"].map("{:+.3f}".format),
            "se": rows["se"].map("{:.3f}".format),
            "identifying pairs": rows["identifying_pairs"],
            "post-entry observations": rows["post_observations"],
            "post-entry years": rows["post_years"].fillna("none"),
        }
    ).set_index("term")


def robustness(agreement: str = "EAEU–Viet Nam", dataset: str = "dots") -> pd.DataFrame:
    """One row per specification of a dataset: what it changes, observations, and the average agreement effect
    and the named agreement's effect (where the specification has its term) with 95% intervals (log points and
    percent), identifying pairs and post-entry years."""
    rows = []
    for entry in specs().values():
        if entry.dataset != dataset:
            continue
        found = results(entry.name, dataset).set_index("term")
        row = {"spec": entry.name, "changes": entry.description, "observations": int(found["observations"].iloc[0])}
        terms = {"average": "rta"}
        columns = {a.name: a.column for a in entry.spec.agreements}
        if agreement in columns:
            terms[agreement] = columns[agreement]
        for label, term in terms.items():
            if term in found.index:
                r = found.loc[term]
                row |= {
                    f"{label}": r["estimate"],
                    f"{label} low": r["ci_low"],
                    f"{label} high": r["ci_high"],
                    f"{label} %": _interval_text(r["pct"], r["pct_low"], r["pct_high"]),
                    f"{label} pairs": int(r["identifying_pairs"]),
                    f"{label} years": r["post_years"],
                }
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("spec")
    counts = [c for c in frame if c.endswith(" pairs")]
    return frame.astype(dict.fromkeys(counts, "Int64"))


def partner_benchmark(spec: str = "symmetric") -> pd.DataFrame:
    """Russia against ASEAN's other dialogue partners, by ASEAN member: each partner's pair effect relative to the
    member's median partner (log points; EU members by their median), and Russia's rank (1 = trades most
    relative to size)."""
    table = stored("gravity_pair_effects")
    table = table[(table["dataset"] == "dots") & (table["spec"] == spec)]
    by_group = table.groupby(["asean", "partner_group"])["relative"].median().unstack("partner_group")
    rank = rank_desc(by_group.T).T  # the shared ranking rule, across the partners of each member
    out = by_group.assign(russia_rank=rank["RUS"].astype("int64"), partners=by_group.notna().sum(axis=1))
    return out.rename_axis(columns=None)


def reference_check() -> dict:
    """The published Yotov et al. (2016) estimate beside this code's reproduction (from the stored table)."""
    found = term_row("published", "rta", "yotov-2016")
    return {
        "published": dict(YOTOV_PUBLISHED),
        "reproduced": {"estimate": found["estimate"], "se": found["se"], "observations": found["observations"]},
        "data_sha256": found["data_sha256"],
    }


def reference_table() -> pd.DataFrame:
    """`reference_check` as a display table: coefficient, robust standard error and observations, published and
    reproduced, as text at the precision the authors' log gives."""
    check = reference_check()
    formats = {"estimate": "{:.7f}", "se": "{:.6f}", "observations": "{:,}"}
    labels = {"estimate": "RTA coefficient", "se": "robust standard error", "observations": "observations"}
    return pd.DataFrame(
        {
            "published (Stata ppml)": {labels[k]: f.format(check["published"][k]) for k, f in formats.items()},
            "reproduced (newasia.gravity)": {labels[k]: f.format(check["reproduced"][k]) for k, f in formats.items()},
        }
    )


# --- what the stored specifications cover: the notebook's parameters and its gaps, without estimating -----------


def agreement_specs(dataset: str = "dots") -> dict[str, list[str]]:
    """Each agreement that has its own term in a named specification -> those specifications, in specs() order."""
    found: dict[str, list[str]] = {}
    for entry in specs().values():
        if entry.dataset == dataset:
            for agreement in entry.spec.agreements:
                found.setdefault(agreement.name, []).append(entry.name)
    return found


def spec_names(dataset: str = "dots") -> tuple[str, ...]:
    """The names of a dataset's specifications, in specs() order."""
    return tuple(entry.name for entry in specs().values() if entry.dataset == dataset)


def effect_or_gap(agreement: str, spec: str = "baseline") -> tuple[dict | None, str | None]:
    """(agreement_effect, None) where the specification has a term for `agreement`; else (None, one sentence
    saying what is missing and which specifications have the term). Never estimates a new specification."""
    where = agreement_specs().get(agreement, [])
    if agreement == "average" or spec in where:
        return agreement_effect(agreement, spec=spec), None
    elsewhere = (
        f"; specifications with its term: {', '.join(where)}"
        if where
        else "; no stored specification has its term (one added to newasia.gravity.specs is estimated by "
        "`python -m newasia gravity`)"
    )
    return None, f"The estimates of specification {spec!r} have no term for {agreement}{elsewhere}."


def pair_term(agreement: str, pair: tuple[str, str]) -> tuple[str, str] | None:
    """(specification, term name) of a specification that splits `agreement` (has no term for it) and gives the
    pair alone a term of its own; None if no stored specification does."""
    with_agreement = set(agreement_specs().get(agreement, []))
    for entry in specs().values():
        if entry.dataset != "dots" or entry.name in with_agreement:
            continue
        for term in entry.spec.agreements:
            pairs = term.pairs()
            if len(pairs) == 1 and set(pairs.iloc[0][["a", "b"]]) == set(pair):
                return entry.name, term.name
    return None


def country_spec(country: str) -> str | None:
    """The specification with a term for each of `country`'s agreements (every term focused on the country);
    None if no stored specification has one."""
    for entry in specs().values():
        focused = [a for a in entry.spec.agreements if a.focus == (country,)]
        if entry.dataset == "dots" and len(focused) > 1 and len(focused) == len(entry.spec.agreements):
            return entry.name
    return None


def with_intervals(frame: pd.DataFrame, estimate: str) -> pd.DataFrame:
    """The rows of a robustness table that have an estimate for `estimate` (a column, or none if it is absent)."""
    if estimate not in frame.columns:
        return frame.iloc[0:0]
    return frame.dropna(subset=[estimate])
