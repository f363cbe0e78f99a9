"""The measures a claim in data/claims.yaml can name, with the parameters each accepts.

Each measure wraps a generic library function (newasia.trade, .growth, .agreements, .arms, .indicators,
.education, .products, .groups) and returns a `Computed`: the value, its unit and a one-line basis saying which
data, side and years it used. A new claim about other countries, groups or years needs only YAML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from newasia import agreements, arms, coverage, data, education, growth, indicators, products, records, trade
from newasia.groups import WORLD, check_entity, members, name_of
from newasia.ranking import ranked_below
from newasia.tables import STAGES

SIDE_LABELS = {
    "reporter": "reporter's own figures",
    "partner": "partner's mirror figures",
    "reporter+mirror": "reporter's figures, mirror for non-reporters",
    "exporters": "each direction as its exporter reports it",
}


@dataclass(frozen=True)
class Computed:
    """A measure's result: value (number, date, text or list), unit, basis, and supporting numbers."""

    value: Any
    unit: str
    basis: str
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Param:
    """One parameter of a measure: name, kind (entity, entities, year, date, int, float, choice, text, bool,
    product_group, product_groups, indicator, rta), whether required, default, allowed choices."""

    name: str
    kind: str
    required: bool = True
    default: Any = None
    choices: tuple | None = None


@dataclass(frozen=True)
class Measure:
    """A measure: its function, parameters, the years its data cover, and a description."""

    name: str
    function: Callable[..., Computed]
    params: tuple[Param, ...]
    coverage: str | tuple[int, int] | None
    """The coverage domain whose years the measure's year parameters must fall in (newasia.coverage), or None."""
    description: str
    expand: Callable[[dict, Any], list[dict]] | None = None
    """Optional: the readings of a claim, generated from its parameters and stated value (one per record, say);
    each a dict with label, params, role and differs. When set, the spec's readings are replaced by these."""

    @property
    def years(self) -> tuple[int, int] | None:
        """First and last year of the measure's data, derived from the extract (newasia.coverage.years)."""
        if self.coverage is None or isinstance(self.coverage, tuple):  # a tuple: a synthetic measure's own years
            return self.coverage
        return coverage.years(self.coverage)


def _who(entity: str) -> str:
    return name_of(entity)


def _membership(entities: list[str], year: int | None, fixed_on: str | None = None) -> str:
    groups = [e for e in entities if e != WORLD and len(members(e, fixed_on or year or 2000)) > 1]
    if not groups:
        return ""
    when = f"on {fixed_on}" if fixed_on else (f"on 31 Dec {year}" if year else "each year on 31 Dec")
    return "; " + ", ".join(f"{g} = {len(members(g, fixed_on or year))} members {when}" for g in groups)


def _trade_basis(
    side: str, flow: str, years: str, entities: list[str], year: int | None, fixed_on: str | None = None
) -> str:
    source = "UN Comtrade" if year == 2021 else "IMF DOTS"
    return f"{source}, {SIDE_LABELS[side]}, {flow}, {years}{_membership(entities, year, fixed_on)}"


def trade_value(
    a: str, b: str, year: int, flow: str = "total", side: str = "reporter", fixed_on: str | None = None
) -> Computed:
    value = trade.value(a, b, year, flow, side, fixed_on)
    return Computed(value, "US$ million", _trade_basis(side, flow, str(year), [a, b], year, fixed_on))


def trade_share(
    a: str, b: str, year: int, of: str = WORLD, flow: str = "total", side: str = "reporter", exclude_intra: bool = False
) -> Computed:
    value = float(trade.share(a, b, of, year, flow, side, exclude_intra=exclude_intra).get(year, float("nan")))
    scope = f"{_who(a)}'s {'extra-group ' if exclude_intra else ''}trade with {_who(of)}"
    return Computed(value, "%", _trade_basis(side, flow, str(year), [a, b], year), {"denominator": scope})


def trade_growth(
    a: str,
    b: str,
    start: int,
    end: int,
    flow: str = "total",
    side: str = "reporter",
    basis: str = "cumulative",
    prices: str = "current",
) -> Computed:
    """Growth of A's trade with B, in current US$ or, with prices="constant", deflated by US consumer prices."""
    series = trade.trade(a, b, [start, end], side)[flow]
    if prices == "constant":
        series = series.astype(float).copy()
        series[end] = series[end] / indicators.price_change(start, end)
    found = growth.change(series, start, end)
    value = found.cumulative_pct if basis == "cumulative" else found.annual_pct
    label = "cumulative change" if basis == "cumulative" else "compound annual growth"
    deflated = f", in constant {start} US$ (US consumer prices)" if prices == "constant" else ""
    return Computed(
        value,
        "%",
        _trade_basis(side, flow, f"{start}-{end} ({label}{deflated})", [a, b], end),
        {
            "start_usd_mn": found.start,
            "end_usd_mn": found.end,
            "cumulative_pct": found.cumulative_pct,
            "annual_pct": found.annual_pct,
        },
    )


def trade_trend(a: str, b: str, start: int, end: int, flow: str = "total", side: str = "reporter") -> Computed:
    series = trade.trade(a, b, range(start, end + 1), side)[flow]
    fitted = growth.trend(series, start, end)
    return Computed(
        fitted.annual_pct,
        "% a year",
        _trade_basis(side, flow, f"{start}-{end}, log-linear OLS trend", [a, b], end),
        {
            "ci_low_pct": fitted.ci_low_pct,
            "ci_high_pct": fitted.ci_high_pct,
            "direction": fitted.direction,
            "observations": fitted.observations,
        },
    )


def deficit_since(a: str, b: str, end: int, side: str = "reporter") -> Computed:
    """First year of the run of negative balances that lasts to `end` ('no deficit in <end>' if there is none)."""
    balance = trade.trade(a, b, range(1992, end + 1), side)["balance"].dropna()
    first: int | str = f"no deficit in {end}"
    for year in sorted(balance.index, reverse=True):
        if balance[year] >= 0:
            break
        first = int(year)
    return Computed(
        first,
        "year",
        _trade_basis(side, "balance (exports - imports)", f"1992-{end}", [a, b], end),
        {"balance_usd_mn": {int(y): float(v) for y, v in balance.loc[end - 6 : end].items()}},
    )


def _candidates(candidates: list[str] | str, year: int) -> list[str]:
    return members(candidates, year) if isinstance(candidates, str) else list(candidates)


def partner_rank(
    a: str, b: str, year: int, candidates: list[str] | str | None = None, flow: str = "total", side: str = "reporter"
) -> Computed:
    if candidates is None:
        ranked = trade.top_partners(a, year, flow, n=400, side=side)
        pool = "all partner countries"
    else:
        ranked = trade.partner_ranking(a, _candidates(candidates, year), year, flow, side)
        pool = candidates if isinstance(candidates, str) else f"{len(candidates)} named partners"
    rank = ranked.loc[ranked["partner"] == b, "rank"]
    value = int(rank.iloc[0]) if len(rank) else float("nan")
    return Computed(
        value,
        "rank",
        _trade_basis(side, flow, str(year), [a], year) + f"; among {pool}",
        {"ranking": list(zip(ranked["partner"].head(12), ranked["value_usd_mn"].head(12).round(1)))},
    )


def partners_ranked_below(
    a: str, b: str, year: int, candidates: list[str] | str, flow: str = "total", side: str = "reporter"
) -> Computed:
    ranked = trade.partner_ranking(a, _candidates(candidates, year), year, flow, side)
    below = sorted(ranked.loc[ranked_below(ranked.set_index("partner")["rank"], b).to_numpy(), "partner"])
    return Computed(
        below,
        "partners",
        _trade_basis(side, flow, str(year), [a], year),
        {"ranking": list(zip(ranked["partner"], ranked["value_usd_mn"].round(1)))},
    )


def intraregional_share(group: str, year: int, side: str = "reporter", fixed_on: str | None = None) -> Computed:
    value = float(trade.intraregional_share(group, [year], side, fixed_on).get(year, float("nan")))
    return Computed(value, "%", _trade_basis(side, "exports + imports", str(year), [group], year, fixed_on))


def intraregional_trend(
    group: str, start: int, end: int, side: str = "reporter", fixed_on: str | None = None
) -> Computed:
    shares = trade.intraregional_share(group, range(start, end + 1), side, fixed_on)
    fitted = growth.trend(shares, start, end)
    return Computed(
        fitted.annual_pct,
        "% a year",
        _trade_basis(
            side, "exports + imports", f"{start}-{end}, log-linear OLS trend of the share", [group], end, fixed_on
        ),
        {
            "ci_low_pct": fitted.ci_low_pct,
            "ci_high_pct": fitted.ci_high_pct,
            "direction": fitted.direction,
            "first_pct": float(shares.iloc[0]),
            "last_pct": float(shares.iloc[-1]),
        },
    )


def group_size(group: str, date: str) -> Computed:
    """Members of a group on a date, from the project's curated list, citing the list's published source."""
    source = data.groups().set_index("group").loc[group, "source"]
    return Computed(
        len(members(group, date)),
        "members",
        f"curated record data/reference/groups.yaml, members on {date}; its source: {source}",
    )


def _rta_basis(count: str, region: str | None, region_match: str) -> str:
    where = (
        ""
        if region is None
        else (
            f"; WTO region list includes {region}" if region_match == "any" else f"; all parties in WTO region {region}"
        )
    )
    return f"WTO RTA-IS (late-2025 snapshot), {count} in force on the date{where}"


def rtas_in_force(
    date: list[str] | str,
    count: str = "agreements",
    region: str | None = None,
    region_match: str = "any",
    notified_by: str | None = None,
) -> Computed:
    dates = date if isinstance(date, list) else [date]
    values = [agreements.in_force(d, count, region, region_match, notified_by=notified_by) for d in dates]
    listed = f"; only agreements notified to the WTO by {notified_by}" if notified_by else ""
    return Computed(
        values if isinstance(date, list) else values[0],
        count,
        _rta_basis(count, region, region_match) + f" ({', '.join(dates)}){listed}",
    )


def rtas_entered(start: str, end: str, region: str | None = None, region_match: str = "any") -> Computed:
    found = agreements.entered_into_force(start, end, region, region_match)
    return Computed(
        len(found),
        "agreements",
        _rta_basis("agreements", region, region_match).replace(
            "in force on the date", f"entering into force {start} to {end}"
        ),
    )


def rta_date(rta: int, event: str = "entry_into_force", party: str | None = None) -> Computed:
    date = agreements.signature(rta) if event == "signature" else agreements.entry_into_force(rta, party)
    value = None if pd.isna(date) else date.date().isoformat()
    whose = f" for {_who(party)}" if party else ""
    return Computed(value, "date", f"WTO RTA-IS, {agreements.name(rta)} (RTA {rta}), {event.replace('_', ' ')}{whose}")


def rta_parties_in_force(rta: int, date: str) -> Computed:
    active, listed = agreements.parties_in_force(rta, date)
    return Computed(
        100 * active / listed,
        "% of parties",
        f"WTO RTA-IS, {agreements.name(rta)} (RTA {rta}): in force for {active} of {listed} parties on {date}",
        {"in_force": active, "parties": listed},
    )


def rta_party_count(rta: int, which: str = "original") -> Computed:
    return Computed(
        agreements.party_count(rta, which),
        "parties",
        f"WTO RTA-IS, {agreements.name(rta)} (RTA {rta}), {which} signatories",
    )


def rtas_bilateral_share(start: str, end: str, region: str | None = None, region_match: str = "any") -> Computed:
    found = agreements.entered_into_force(start, end, region, region_match)
    bilateral = found["composition"].str.startswith("Bilateral")
    return Computed(
        100 * float(bilateral.mean()),
        "%",
        _rta_basis("agreements", region, region_match).replace(
            "in force on the date", f"entering into force {start} to {end}, share that are bilateral"
        ),
        {"agreements": len(found), "bilateral": int(bilateral.sum())},
    )


def _arms_basis(start: int, end: int) -> str:
    return f"SIPRI trade register, deliveries {start}-{end}, TIV (a volume index, not US$)"


def arms_tiv(supplier: str, recipient: str, start: int, end: int) -> Computed:
    return Computed(arms.deliveries(supplier, recipient, start, end), "TIV million", _arms_basis(start, end))


def arms_supplier_share(recipient: str, supplier: str, start: int, end: int) -> Computed:
    table = arms.supplier_shares(recipient, start, end)
    share = table.loc[table["supplier"] == supplier, "share_pct"]
    return Computed(
        float(share.iloc[0]) if len(share) else 0.0,
        "% of TIV",
        _arms_basis(start, end),
        {"suppliers": list(zip(table["supplier"].head(5), table["share_pct"].head(5).round(1)))},
    )


def arms_supplier_rank(recipient: str, supplier: str, start: int, end: int) -> Computed:
    table = arms.supplier_shares(recipient, start, end)
    rank = table.loc[table["supplier"] == supplier, "rank"]
    return Computed(
        int(rank.iloc[0]) if len(rank) else float("nan"),
        "rank",
        _arms_basis(start, end),
        {"suppliers": list(zip(table["supplier"].head(5), table["tiv_mn"].head(5).round(1)))},
    )


def arms_recipient_rank(supplier: str, recipient: str, start: int, end: int) -> Computed:
    table = arms.recipient_shares(supplier, start, end)
    rank = table.loc[table["recipient"] == recipient, "rank"]
    return Computed(
        int(rank.iloc[0]) if len(rank) else float("nan"),
        "rank",
        _arms_basis(start, end),
        {"recipients": list(zip(table["recipient"].head(8), table["share_pct"].head(8).round(1)))},
    )


def arms_supplier_share_change(recipient: str, supplier: str, start: int, middle: int, end: int) -> Computed:
    """Change, in percentage points, of a supplier's share of a recipient's imports from start-middle to
    (middle+1)-end."""
    before = arms_supplier_share(recipient, supplier, start, middle).value
    after = arms_supplier_share(recipient, supplier, middle + 1, end).value
    return Computed(
        after - before,
        "percentage points",
        f"SIPRI trade register, {supplier}'s share of {recipient}'s TIV, {start}-{middle} vs {middle + 1}-{end}",
        {"share_before_pct": before, "share_after_pct": after},
    )


def arms_importer_rank(recipient: str, start: int, end: int) -> Computed:
    table = arms.importer_ranking(start, end)
    rank = table.loc[table["recipient"] == recipient, "rank"]
    return Computed(
        int(rank.iloc[0]) if len(rank) else float("nan"),
        "rank",
        _arms_basis(start, end),
        {"importers": list(zip(table["recipient"].head(10), table["share_pct"].head(10).round(1)))},
    )


def arms_recipients_supplied(supplier: str, recipients: list[str], start: int, end: int) -> Computed:
    supplied = [r for r in recipients if arms.deliveries(supplier, r, start, end) > 0]
    return Computed(
        supplied,
        "recipients",
        _arms_basis(start, end),
        {r: arms.deliveries(supplier, r, start, end) for r in recipients},
    )


def indicator_value(country: str, indicator: str, year: int, vintage: str = "current") -> Computed:
    unit = data.indicator_definitions().set_index("indicator").loc[indicator, "unit"]
    return Computed(
        indicators.value(country, indicator, year, vintage),
        unit,
        f"World Bank WDI, {indicator}, {year}, vintage {vintage}",
    )


def indicator_min(country: str, indicator: str, start: int, end: int, vintage: str = "current") -> Computed:
    values = indicators.series(country, indicator, vintage).loc[start:end].dropna()
    unit = data.indicator_definitions().set_index("indicator").loc[indicator, "unit"]
    return Computed(
        float(values.min()),
        unit,
        f"World Bank WDI, {indicator}, lowest value {start}-{end}, vintage {vintage}",
        {"lowest_year": int(values.idxmin()), "years": len(values)},
    )


def students(origin: str, host: str, year: int) -> Computed:
    table = education.origin_ranking(host, year)
    raw = table.loc[table["origin"] == origin, "students_in_extract"]
    return Computed(
        education.students(origin, host, year),
        "students",
        f"OECD EDU_ENRL_MOBILE, tertiary (ISCED 5-8), {year}, corrected (extract value halved)",
        {"extract_value_before_correction": int(raw.iloc[0]) if len(raw) else None},
    )


def students_origin_rank(origin: str, host: str, year: int) -> Computed:
    table = education.origin_ranking(host, year)
    rank = table.loc[table["origin"] == origin, "rank"]
    return Computed(
        int(rank.iloc[0]) if len(rank) else float("nan"),
        "rank",
        f"OECD EDU_ENRL_MOBILE, tertiary, {year}: origins of {_who(host)}'s international students",
        {"ranking": list(zip(table["origin"].head(6), table["students"].head(6)))},
    )


def students_host_rank(origin: str, host: str, year: int) -> Computed:
    table = education.host_ranking(origin, year)
    rank = table.loc[table["host"] == host, "rank"]
    return Computed(
        int(rank.iloc[0]) if len(rank) else float("nan"),
        "rank",
        f"OECD EDU_ENRL_MOBILE, tertiary, {year}: OECD hosts of students from {_who(origin)}",
        {"ranking": list(zip(table["host"].head(5), table["students"].head(5)))},
    )


def students_top_hosts(origin: str, year: int, n: int = 2) -> Computed:
    table = education.host_ranking(origin, year)
    return Computed(
        list(table["host"].head(n)),
        "hosts",
        f"OECD EDU_ENRL_MOBILE, tertiary, {year}: the {n} largest OECD hosts of students from {_who(origin)}",
        {"ranking": list(zip(table["host"].head(5), table["students"].head(5)))},
    )


def _ots_basis(year: int) -> str:
    return f"Open Trade Statistics (UN Comtrade, HS 2007), {year}, shares of reported values"


def product_group_share(
    reporter: str, partner: str, year: int, product_groups: list[str], flow: str = "exports"
) -> Computed:
    value = products.group_share(reporter, partner, year, product_groups, flow)
    return Computed(value, "%", _ots_basis(year) + f"; {reporter}'s {flow}, groups: {', '.join(product_groups)}")


def product_partner_share(
    reporter: str, partners: list[str], product_group: str, year: int, flow: str = "imports", include_intra: bool = True
) -> Computed:
    value = products.partner_share(reporter, partners, product_group, year, flow, include_intra)
    scope = "all partners" if include_intra else f"partners outside {reporter}"
    return Computed(value, "%", _ots_basis(year) + f"; {reporter}'s {flow} of {product_group} from {scope}")


def _record_precision(stated: Any, precision: str | None) -> str:
    found = precision or records.precision_of(stated)
    if found is None:
        raise ValueError(f"the stated value {stated!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); give `precision`")
    return found


def record_value(
    event: str,
    stage: str,
    record: str | None = None,
    precision: str | None = None,
    stated: Any = None,
    unit: str | None = None,
) -> Computed:
    """One record of an event: its date at the stated precision, or its figure for a stated number. Without
    `record`, the first record of the event at the claim's stage."""
    if record is None:
        rows = records.of_event(event, unit)
        rows = rows[rows["stage"] == stage] if (rows["stage"] == stage).any() else rows
        row = rows.iloc[0]
    else:
        row = records.record(record)
    basis = f"record {row['record_id']} ({row['event']}, {row['stage'].replace('_', ' ')}): {records.citation(row)}"
    detail = {
        "record_id": row["record_id"],
        "stage": row["stage"],
        "event_date": row["event_date"],
        "precision": row["precision"],
        "end_date": row["end_date"] if isinstance(row["end_date"], str) else "",
        "publisher": row["publisher"],
        "title": row["title"],
        "url": row["url"],
        "source_kind": row["source_kind"],
    }
    if isinstance(stated, (int, float)) and not isinstance(stated, bool):
        if pd.isna(row["value"]):
            return Computed(None, str(row["unit"]), f"{basis}; the record gives no figure", detail)
        return Computed(float(row["value"]), str(row["unit"]), basis, detail)
    try:
        value = records.date_at(row, _record_precision(stated, precision), stated)
    except ValueError as reason:  # the record cannot confirm or contradict the stated date: no value, said why
        return Computed(None, "date", f"{basis}; no value: {reason}", detail)
    return Computed(value, "date", basis, detail)


def expand_records(params: dict, stated: Any) -> list[dict]:
    """One reading per record of the event: `defensible` at the claim's stage, `differs` at another stage. A
    stated number is compared only with records that give a figure."""
    stage = params["stage"]
    rows = records.of_event(params["event"], params.get("unit"))
    if isinstance(stated, (int, float)) and not isinstance(stated, bool):
        rows = rows[rows["value"].notna()]
    readings = []
    for row in rows.to_dict("records"):
        own = row["stage"]
        readings.append(
            {
                "label": f"{row['publisher']} ({row['record_id']}), {own.replace('_', ' ')}",
                "params": {"record": row["record_id"], "stated": stated},
                "role": "defensible" if own == stage else "differs",
                "differs": ""
                if own == stage
                else f"the record dates the {own.replace('_', ' ')}, not the {stage.replace('_', ' ')}",
            }
        )
    return readings


def _gravity_basis(effect: dict) -> str:
    return (
        f"structural gravity (PPML, exporter-year, importer-year and pair fixed effects) on IMF DOTS with WTO "
        f"agreement dates, specification {effect['spec']!r}: {effect['n_pairs']} identifying pairs, post-entry "
        f"years {effect['post_years']}, {effect['observations']:,} observations"
    )


def gravity_effect(agreement: str, spec: str = "baseline", pair: list[str] | None = None) -> Computed:
    """An agreement's estimated effect on its members' trade, percent, with its 95% interval (from the stored
    estimates of newasia.gravity; an unknown agreement or specification is a ParameterError)."""
    from newasia import gravity

    effect = gravity.agreement_effect(agreement, tuple(pair) if pair else None, spec)
    low, high = effect["pct_ci"]
    return Computed(
        effect["pct"],
        "% change in trade",
        f"{_gravity_basis(effect)}; effect {effect['pct']:+.0f}% (95% interval {low:+.0f}% to {high:+.0f}%)",
        {"pct_low": low, "pct_high": high, "identifying_pairs": effect["n_pairs"], "post_years": effect["post_years"]},
    )


def gravity_larger_effects(agreement: str, spec: str = "vietnam") -> Computed:
    """How many of the specification's other agreements have a larger estimated effect than `agreement`, and
    how many of those are larger beyond doubt (their interval lies wholly above its estimate)."""
    from newasia import gravity

    entry = gravity.named(spec)
    effects = {a.name: gravity.agreement_effect(a.name, None, spec) for a in entry.spec.agreements}
    if agreement not in effects:
        raise ValueError(f"{agreement!r} is not an agreement of specification {spec!r}: {', '.join(effects)}")
    own = effects.pop(agreement)
    larger = {name: e["pct"] for name, e in effects.items() if e["pct"] > own["pct"]}
    clearly = [name for name, e in effects.items() if e["pct_ci"][0] > own["pct"]]
    return Computed(
        len(larger),
        "agreements",
        _gravity_basis(own) + f"; {len(effects)} other agreements of Viet Nam compared",
        {"own_pct": own["pct"], "larger": larger, "larger_beyond_doubt": clearly},
    )


_ENTITY = "entity"
_REGION = (Param("region", "text", False), Param("region_match", "choice", False, "any", ("any", "only")))
_SIDE = Param("side", "choice", False, "reporter", tuple(SIDE_LABELS))
_FLOW = Param("flow", "choice", False, "total", trade.FLOWS)
# Coverage domains (newasia.coverage): the years of each are derived from the extract, never typed.
TRADE_YEARS, ARMS_YEARS, OTS_YEARS = "trade", "arms", "products"

MEASURES: dict[str, Measure] = {
    m.name: m
    for m in [
        Measure(
            "trade_value",
            trade_value,
            (
                Param("a", _ENTITY),
                Param("b", _ENTITY),
                Param("year", "year"),
                _FLOW,
                _SIDE,
                Param("fixed_on", "date", False),
            ),
            TRADE_YEARS,
            "A's trade with B in a year, US$ million",
        ),
        Measure(
            "trade_share",
            trade_share,
            (
                Param("a", _ENTITY),
                Param("b", _ENTITY),
                Param("year", "year"),
                Param("of", _ENTITY, False, WORLD),
                _FLOW,
                _SIDE,
                Param("exclude_intra", "bool", False, False),
            ),
            TRADE_YEARS,
            "B's share of A's trade with `of` (WORLD by default), percent",
        ),
        Measure(
            "trade_growth",
            trade_growth,
            (
                Param("a", _ENTITY),
                Param("b", _ENTITY),
                Param("start", "year"),
                Param("end", "year"),
                _FLOW,
                _SIDE,
                Param("basis", "choice", False, "cumulative", ("cumulative", "annual")),
                Param("prices", "choice", False, "current", ("current", "constant")),
            ),
            TRADE_YEARS,
            "Change of A's trade with B between two years: cumulative or compound annual, percent",
        ),
        Measure(
            "trade_trend",
            trade_trend,
            (Param("a", _ENTITY), Param("b", _ENTITY), Param("start", "year"), Param("end", "year"), _FLOW, _SIDE),
            TRADE_YEARS,
            "Log-linear trend growth of A's trade with B, percent a year, with a 95% interval",
        ),
        Measure(
            "deficit_since",
            deficit_since,
            (Param("a", _ENTITY), Param("b", _ENTITY), Param("end", "year"), _SIDE),
            TRADE_YEARS,
            "First year of the run of trade deficits of A with B lasting to `end`",
        ),
        Measure(
            "partner_rank",
            partner_rank,
            (
                Param("a", _ENTITY),
                Param("b", _ENTITY),
                Param("year", "year"),
                Param("candidates", "entities", False),
                _FLOW,
                _SIDE,
            ),
            TRADE_YEARS,
            "Rank of B among A's partners (all countries, a group's members, or a list)",
        ),
        Measure(
            "partners_ranked_below",
            partners_ranked_below,
            (
                Param("a", _ENTITY),
                Param("b", _ENTITY),
                Param("year", "year"),
                Param("candidates", "entities"),
                _FLOW,
                _SIDE,
            ),
            TRADE_YEARS,
            "The candidates that rank below B among A's partners",
        ),
        Measure(
            "intraregional_share",
            intraregional_share,
            (Param("group", _ENTITY), Param("year", "year"), _SIDE, Param("fixed_on", "date", False)),
            TRADE_YEARS,
            "Intra-group trade over the group's trade with the world, exports + imports, percent",
        ),
        Measure(
            "intraregional_trend",
            intraregional_trend,
            (
                Param("group", _ENTITY),
                Param("start", "year"),
                Param("end", "year"),
                _SIDE,
                Param("fixed_on", "date", False),
            ),
            TRADE_YEARS,
            "Trend of the intraregional share, percent a year, with a 95% interval",
        ),
        Measure(
            "group_size",
            group_size,
            (Param("group", _ENTITY), Param("date", "date")),
            None,
            "Number of members of a group on a date",
        ),
        Measure(
            "rtas_in_force",
            rtas_in_force,
            (
                Param("date", "dates"),
                Param("count", "choice", False, "agreements", agreements.COUNTS),
                *_REGION,
                Param("notified_by", "date", False),
            ),
            None,
            "Number of regional trade agreements in force on one or more dates",
        ),
        Measure(
            "rtas_entered",
            rtas_entered,
            (
                Param("start", "date"),
                Param("end", "date"),
                *_REGION,
            ),
            None,
            "Number of agreements entering into force between two dates",
        ),
        Measure(
            "rta_date",
            rta_date,
            (
                Param("rta", "rta"),
                Param("event", "choice", False, "entry_into_force", ("entry_into_force", "signature")),
                Param("party", _ENTITY, False),
            ),
            None,
            "Date of signature or entry into force of an agreement (for one party if named)",
        ),
        Measure(
            "rta_party_count",
            rta_party_count,
            (Param("rta", "rta"), Param("which", "choice", False, "original", ("original", "current"))),
            None,
            "Number of signatories of an agreement, original or current",
        ),
        Measure(
            "rtas_bilateral_share",
            rtas_bilateral_share,
            (
                Param("start", "date"),
                Param("end", "date"),
                *_REGION,
            ),
            None,
            "Share of the agreements entering into force between two dates that are bilateral, percent",
        ),
        Measure(
            "rta_parties_in_force",
            rta_parties_in_force,
            (Param("rta", "rta"), Param("date", "date")),
            None,
            "Share of an agreement's parties for which it was in force on a date",
        ),
        Measure(
            "arms_tiv",
            arms_tiv,
            (Param("supplier", _ENTITY), Param("recipient", _ENTITY), Param("start", "year"), Param("end", "year")),
            ARMS_YEARS,
            "TIV delivered from supplier to recipient",
        ),
        Measure(
            "arms_supplier_share",
            arms_supplier_share,
            (Param("recipient", _ENTITY), Param("supplier", _ENTITY), Param("start", "year"), Param("end", "year")),
            ARMS_YEARS,
            "Supplier's share of a recipient's arms imports (TIV), percent",
        ),
        Measure(
            "arms_supplier_rank",
            arms_supplier_rank,
            (Param("recipient", _ENTITY), Param("supplier", _ENTITY), Param("start", "year"), Param("end", "year")),
            ARMS_YEARS,
            "Rank of a supplier among a recipient's",
        ),
        Measure(
            "arms_recipient_rank",
            arms_recipient_rank,
            (Param("supplier", _ENTITY), Param("recipient", _ENTITY), Param("start", "year"), Param("end", "year")),
            ARMS_YEARS,
            "Rank of a recipient among a supplier's",
        ),
        Measure(
            "arms_supplier_share_change",
            arms_supplier_share_change,
            (
                Param("recipient", _ENTITY),
                Param("supplier", _ENTITY),
                Param("start", "year"),
                Param("middle", "year"),
                Param("end", "year"),
            ),
            ARMS_YEARS,
            "Change of a supplier's share of a recipient's arms imports between two periods, points",
        ),
        Measure(
            "arms_importer_rank",
            arms_importer_rank,
            (Param("recipient", _ENTITY), Param("start", "year"), Param("end", "year")),
            ARMS_YEARS,
            "Rank of a recipient among all arms importers",
        ),
        Measure(
            "arms_recipients_supplied",
            arms_recipients_supplied,
            (Param("supplier", _ENTITY), Param("recipients", "entities"), Param("start", "year"), Param("end", "year")),
            ARMS_YEARS,
            "Which of the listed recipients received deliveries from the supplier",
        ),
        Measure(
            "indicator_value",
            indicator_value,
            (
                Param("country", _ENTITY),
                Param("indicator", "indicator"),
                Param("year", "year"),
                Param("vintage", "choice", False, "current", ("current", "2018-08", "2026-03")),
            ),
            "indicators",
            "A World Bank indicator for a country, year and vintage",
        ),
        Measure(
            "indicator_min",
            indicator_min,
            (
                Param("country", _ENTITY),
                Param("indicator", "indicator"),
                Param("start", "year"),
                Param("end", "year"),
                Param("vintage", "choice", False, "current", ("current", "2018-08", "2026-03")),
            ),
            "indicators",
            "Lowest value of a World Bank indicator over a period",
        ),
        Measure(
            "students_top_hosts",
            students_top_hosts,
            (Param("origin", _ENTITY), Param("year", "year"), Param("n", "int", False, 2)),
            "students",
            "The n largest OECD hosts of students from an origin",
        ),
        Measure(
            "students",
            students,
            (Param("origin", _ENTITY), Param("host", _ENTITY), Param("year", "year")),
            "students",
            "International tertiary students from origin in host (OECD, corrected)",
        ),
        Measure(
            "students_origin_rank",
            students_origin_rank,
            (Param("origin", _ENTITY), Param("host", _ENTITY), Param("year", "year")),
            "students",
            "Rank of an origin among a host's international students",
        ),
        Measure(
            "students_host_rank",
            students_host_rank,
            (Param("origin", _ENTITY), Param("host", _ENTITY), Param("year", "year")),
            "students",
            "Rank of a host among the OECD destinations of an origin",
        ),
        Measure(
            "product_group_share",
            product_group_share,
            (
                Param("reporter", _ENTITY),
                Param("partner", _ENTITY),
                Param("year", "year"),
                Param("product_groups", "product_groups"),
                Param("flow", "choice", False, "exports", ("exports", "imports")),
            ),
            OTS_YEARS,
            "Share of product groups in A's exports (or imports) with B, percent",
        ),
        Measure(
            "gravity_effect",
            gravity_effect,
            (Param("agreement", "text"), Param("spec", "text", False, "baseline"), Param("pair", "entities", False)),
            None,
            "An agreement's estimated effect on its members' trade (structural gravity, PPML), percent",
        ),
        Measure(
            "gravity_larger_effects",
            gravity_larger_effects,
            (Param("agreement", "text"), Param("spec", "text", False, "vietnam")),
            None,
            "How many of a country's other agreements have a larger estimated trade effect (structural gravity)",
        ),
        Measure(
            "product_partner_share",
            product_partner_share,
            (
                Param("reporter", _ENTITY),
                Param("partners", "entities"),
                Param("product_group", "product_group"),
                Param("year", "year"),
                Param("flow", "choice", False, "imports", ("exports", "imports")),
                Param("include_intra", "bool", False, True),
            ),
            OTS_YEARS,
            "Share of the listed partners in A's imports (or exports) of one product group, percent",
        ),
        Measure(
            "record",
            record_value,
            (
                Param("event", "record_event"),
                Param("stage", "choice", True, None, STAGES),
                Param("precision", "choice", False, None, ("year", "month", "day")),
                Param("unit", "text", False),
                Param("record", "text", False),
                Param("stated", "any", False),
            ),
            None,
            "The date (at the stated precision) or figure of an event as each independent source records it "
            "(data/records.csv): one reading per record",
            expand=expand_records,
        ),
    ]
}

# Measures that read the project's own curated reference tables, not data: a claim checked with them is "checked
# against a curated record" and cites the record's published source.
CURATED = frozenset({"group_size", "record"})


def check_date(value: object) -> str:
    """ISO date text, or ValueError."""
    return dt.date.fromisoformat(str(value)).isoformat()


def check_entities(value: object) -> list[str] | str:
    """A list of country/group codes, or one group id standing for its members."""
    if isinstance(value, str):
        return check_entity(value)
    return [check_entity(v) for v in value]
