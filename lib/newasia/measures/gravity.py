"""Measures read from the stored structural-gravity estimates (newasia.gravity): an agreement's estimated effect
on its members' trade, and how it compares with a country's other agreements."""

from __future__ import annotations

from newasia.measures.core import Computed, Entities, Text, measure

TABLES = ("gravity_estimates", "gravity_pair_effects")


def _basis(effect: dict) -> str:
    return (
        f"structural gravity (PPML, exporter-year, importer-year and pair fixed effects) on IMF DOTS with WTO "
        f"agreement dates, specification {effect['spec']!r}: {effect['n_pairs']} identifying pairs, post-entry "
        f"years {effect['post_years']}, {effect['observations']:,} observations"
    )


@measure(unit="% change in trade", tables=TABLES)
def gravity_effect(agreement: Text, spec: Text = "baseline", pair: Entities | None = None) -> Computed:
    """An agreement's estimated effect on its members' trade (structural gravity, PPML), percent

    With its 95% interval, from the stored estimates; an unknown agreement or specification is a ParameterError."""
    from newasia import gravity

    effect = gravity.agreement_effect(agreement, tuple(pair) if pair else None, spec)
    low, high = effect["pct_ci"]
    return Computed(
        effect["pct"],
        basis=f"{_basis(effect)}; effect {effect['pct']:+.0f}% (95% interval {low:+.0f}% to {high:+.0f}%)",
        detail={
            "pct_low": low,
            "pct_high": high,
            "identifying_pairs": effect["n_pairs"],
            "post_years": effect["post_years"],
        },
    )


@measure(unit="agreements", tables=TABLES)
def gravity_larger_effects(agreement: Text, spec: Text = "vietnam") -> Computed:
    """How many of a country's other agreements have a larger estimated trade effect (structural gravity)

    Also how many of those are larger beyond doubt (their interval lies wholly above the agreement's estimate)."""
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
        basis=_basis(own) + f"; {len(effects)} other agreements of Viet Nam compared",
        detail={"own_pct": own["pct"], "larger": larger, "larger_beyond_doubt": clearly},
    )
