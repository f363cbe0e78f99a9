"""No text collides with data: every plotting function, drawn on synthetic data shaped like the notebooks' (marks,
reference lines, highlights, long labels), leaves its annotations and its legend clear of every line, bar and
point they do not belong to; annotations stay inside the axes and clear of each other; series differ in more than
colour (line style, marker or hatch), so that they stay apart in greyscale; titles stay inside the figure."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from newasia import plotting

TOLERANCE = 1.0  # pixels a text box may touch data by (antialiasing, rounding)


@pytest.fixture(autouse=True)
def figures(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWASIA_FIGURES_DIR", str(tmp_path))
    plotting.setup()
    yield tmp_path
    plt.close("all")


# ---------------------------------------------------------------------------------------------------------------
# Synthetic data shaped like the notebooks'

YEARS = range(1995, 2021)


def _series(start: float, slope: float, wobble: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return start + slope * np.arange(len(YEARS)) + wobble * rng.standard_normal(len(YEARS))


def _balance():  # notebook 03: two sides' balances, zero reference, marks on the report's values
    frame = pd.DataFrame(
        {
            "Russia's figures": _series(1.0, -0.3, 0.3, 1),
            "ASEAN members' figures (mirror)": _series(0.5, -0.32, 0.3, 2),
        },
        index=YEARS,
    )
    marks = [
        (2015, frame.loc[2015].iloc[0], "report: deficit from 2015"),
        (2017, -4.0, "report: deficit over 4 US$ bn"),
    ]
    return dict(frame=frame, marks=marks, hlines=[(0, "balanced")])


def _totals():  # notebook 08: the paper's figures lie on the lines; a target line above them
    frame = pd.DataFrame(
        {"Viet Nam's figures": _series(0.5, 0.2, 0.1, 3), "exporters' figures (mirror)": _series(0.6, 0.21, 0.1, 4)},
        index=YEARS,
    )
    marks = [(2001, frame.loc[2001].iloc[0], "paper 0.55"), (2018, frame.loc[2018].iloc[0], "paper 4.6")]
    return dict(
        frame=frame,
        marks=marks,
        hlines=[(10.0, "paper: target for 2020")],
        styles={"exporters' figures (mirror)": "--"},
    )


def _share():  # notebook 01: shares around the report's stated value
    frame = pd.DataFrame(
        {
            "reporters' figures": 50 + _series(0, 0.1, 1.0, 5),
            "reporters' figures, mirror where missing": 51 + _series(0, 0.1, 1.0, 6),
            "partners' figures": 49 + _series(0, 0.12, 1.0, 7),
        },
        index=YEARS,
    )
    return dict(frame=frame, hlines=[(50.0, "report's claim for Asia: more than 50%")])


def _flows():  # notebook 08: four long-labelled series crossing each other
    frame = pd.DataFrame(
        {
            "exports, Viet Nam's figures": _series(0.2, 0.05, 0.05, 8),
            "exports, Russian Federation's figures": _series(0.3, 0.06, 0.05, 9),
            "imports, Viet Nam's figures": _series(0.4, 0.1, 0.05, 10),
            "imports, Russian Federation's figures": _series(0.35, 0.11, 0.05, 11),
        },
        index=YEARS,
    )
    return dict(frame=frame, styles={c: "--" for c in frame if "Russian" in c})


def _counts():  # notebook 02: counts with the report's numbers marked on them
    frame = pd.DataFrame(
        {
            "world": np.cumsum(np.linspace(5, 20, len(YEARS))),
            "with a party in Asia": np.cumsum(np.linspace(2, 10, len(YEARS))),
            "notifications, world": np.cumsum(np.linspace(7, 25, len(YEARS))),
        },
        index=YEARS,
    )
    marks = [
        (2018.9, frame.loc[2018, "world"], "report: 300"),
        (2018.9, frame.loc[2018, "with a party in Asia"], "report: 150"),
    ]
    return dict(frame=frame, marks=marks, styles={"notifications, world": "--"})


LINES = {"balance": _balance, "totals": _totals, "share": _share, "flows": _flows, "counts": _counts}

COUNTRIES = [
    "China",
    "United States",
    "Japan",
    "Korea, Republic of",
    "European Union",
    "Australia",
    "India",
    "Russian Federation",
    "New Zealand",
    "Canada",
]


def draw_lines(kind):
    spec = LINES[kind]()
    plotting.lines(
        spec.pop("frame"),
        title="A long title about trade",
        ylabel="US$ billion",
        source="imf-dots",
        name=f"lines-{kind}",
        **spec,
    )


def draw_bars(kind):
    values = pd.Series(np.linspace(0.4, 38.0, len(COUNTRIES)) ** 1.2, index=COUNTRIES)
    options = {}
    if kind == "signed":  # notebook 12: a benchmark with negative and positive values
        values = pd.Series([-2.4, -1.7, -1.1, -0.6, -0.2, 0.1, 0.3, 0.8], index=COUNTRIES[:8])
        options["value_format"] = "{:+.2f}"
    plotting.bars(
        values,
        highlight=["Russian Federation"],
        title="Who supplied the arms",
        xlabel="Share (%)",
        subtitle="pair effect minus each member's median partner (0 = typical, size for size), "
        "from the main specification",
        ylabel="Supplier",
        source="sipri-arms-transfers",
        name=f"bars-{kind}",
        **options,
    )


def draw_grouped_bars(kind):
    if kind == "verdicts":  # notebook 11: verdicts by document, very unequal
        frame = pd.DataFrame(
            {"Russia and Vietnam": [40, 12, 9, 6, 30], "Vietnam - Russia relations": [55, 8, 14, 2, 70]},
            index=[
                "supported",
                "roughly supported",
                "not supported",
                "depends on definition",
                "not testable with these data",
            ],
        )
    else:  # notebook 03: dialogue partners from two sides' figures
        frame = pd.DataFrame(
            {
                "ASEAN members' figures": np.linspace(400, 15, len(COUNTRIES)),
                "partners' figures (mirror)": np.linspace(380, 17, len(COUNTRIES)),
            },
            index=COUNTRIES,
        )
    plotting.grouped_bars(
        frame,
        title="Total trade",
        xlabel="US$ billion",
        ylabel="Partner",
        source="imf-dots",
        name=f"grouped-{kind}",
        highlight=["Russian Federation"],
    )


def draw_stacked_bars(kind):
    suppliers = ["Russian Federation", "Israel", "Belarus", "Ukraine", "Czechia", "others"]
    rng = np.random.default_rng(12)
    frame = pd.DataFrame(rng.uniform(0, 300, (20, len(suppliers))), index=range(2000, 2020), columns=suppliers)
    plotting.stacked_bars(
        frame,
        title="Arms imports by supplier",
        ylabel="TIV (million)",
        source="sipri-arms-transfers",
        name="stacked-bars",
    )


def draw_stacked_shares(kind):
    groups = ["Machinery", "Mineral products", "Base metals", "Chemicals", "Vegetables", "Other"]
    rng = np.random.default_rng(13)
    raw = rng.uniform(1, 10, (15, len(groups)))
    frame = pd.DataFrame(100 * raw / raw.sum(axis=1, keepdims=True), index=range(2005, 2020), columns=groups)
    plotting.stacked_shares(frame, title="Exports by product group", source="ots-product-groups", name="stacked-shares")


def _timeline_rows():
    rows = []
    for i in range(14):
        signed = pd.Timestamp(f"{1995 + i * 2}-06-01")
        rows.append(
            {
                "label": f"Agreement number {i} between Viet Nam and partners",
                "signed": signed,
                "in_force": signed + pd.Timedelta(days=300 + 90 * i) if i < 12 else pd.NaT,
            }
        )
    return pd.DataFrame(rows)


def draw_spans(kind):
    plotting.spans(
        _timeline_rows(),
        start="signed",
        end="in_force",
        label="label",
        title="Trade agreements",
        ylabel="Agreement",
        source="wto-rta",
        name="spans",
        reference=(pd.Timestamp("2019-01-01"), "report"),
    )


def draw_events(kind):
    kinds = ["treaty", "visit", "aid", "trade"]
    rows = pd.DataFrame(
        {
            "date": [pd.Timestamp(f"{1950 + 3 * i}-0{1 + i % 9}-15") for i in range(22)],
            "label": [f"Event {i}: a visit, a treaty or an agreement with a long name" for i in range(22)],
            "kind": [kinds[i % 4] for i in range(22)],
        }
    )
    plotting.events(
        rows,
        date="date",
        label="label",
        category="kind",
        title="Milestones",
        source="nguyen-2020",
        name="events",
        categories=kinds,
    )


def draw_dates_compared(kind):
    verdicts = ["supported", "roughly supported", "not supported", "depends on definition"]
    rows = []
    for i in range(18):
        stated = pd.Timestamp(f"{1950 + 4 * i}-01-01")
        for j in range(2):
            rows.append(
                {
                    "claim": f"n-claim-{i}",
                    "stated_date": stated,
                    "recorded_date": stated + pd.Timedelta(days=200 * j + 30 * (i % 3)),
                    "same_stage": j == 0,
                    "verdict": verdicts[i % 4],
                }
            )
    plotting.dates_compared(
        pd.DataFrame(rows),
        label="claim",
        stated="stated_date",
        recorded="recorded_date",
        same_stage="same_stage",
        verdict="verdict",
        verdicts=verdicts,
        source="nguyen-2020",
        title="Dated claims against the records",
        name="dates-compared",
    )


def draw_intervals(kind):
    specs = [
        "main: pair and exporter-year, importer-year effects",
        "no lags",
        "phase-in 3 years",
        "with 2020",
        "OLS on logs",
        "without intra-national trade",
        "published",
    ]
    estimate = np.array([0.35, 0.28, 0.41, -0.05, 0.12, 0.55, 0.3])
    frame = pd.DataFrame({"spec": specs, "b": estimate, "b low": estimate - 0.2, "b high": estimate + 0.2})
    reference = (0.0, "no effect") if kind == "zero" else (0.3, "published")
    plotting.intervals(
        frame,
        estimate="b",
        low="b low",
        high="b high",
        label="spec",
        highlight=[specs[0]],
        title="Effect by specification",
        xlabel="Coefficient (log points)",
        source="yotov-2016",
        ylabel="Specification",
        name=f"intervals-{kind}",
        reference=reference,
    )


FIGURES = {
    **{f"lines-{k}": (draw_lines, k) for k in LINES},
    "bars": (draw_bars, "positive"),
    "bars-signed": (draw_bars, "signed"),
    "grouped-partners": (draw_grouped_bars, "partners"),
    "grouped-verdicts": (draw_grouped_bars, "verdicts"),
    "stacked-bars": (draw_stacked_bars, ""),
    "stacked-shares": (draw_stacked_shares, ""),
    "spans": (draw_spans, ""),
    "events": (draw_events, ""),
    "dates-compared": (draw_dates_compared, ""),
    "intervals-zero": (draw_intervals, "zero"),
    "intervals-published": (draw_intervals, "published"),
}


# ---------------------------------------------------------------------------------------------------------------
# Geometry


def _shrunk(box: Bbox) -> Bbox:
    return Bbox.from_extents(box.x0 + TOLERANCE, box.y0 + TOLERANCE, box.x1 - TOLERANCE, box.y1 - TOLERANCE)


def data_shapes(ax, renderer) -> list[tuple[str, object]]:
    """(description, test) pairs: test(box) says whether a display-space box touches that piece of data."""
    shapes = []
    scale = ax.figure.dpi / 72
    for line in ax.get_lines():
        if not line.get_visible() or not len(line.get_xydata()):
            continue
        path = line.get_transform().transform_path(line.get_path())
        name = f"line {line.get_label()!r}"
        if line.get_linestyle() not in ("None", "", " ") and len(path.vertices) > 1:
            shapes.append((name, lambda box, p=path: p.intersects_bbox(box, filled=False)))
        if line.get_marker() not in ("None", "", " ", None):
            half = line.get_markersize() * scale / 2
            points = path.vertices
            shapes.append(
                (
                    f"markers of {name}",
                    lambda box, v=points, h=half: bool(
                        np.any(
                            (v[:, 0] + h > box.x0)
                            & (v[:, 0] - h < box.x1)
                            & (v[:, 1] + h > box.y0)
                            & (v[:, 1] - h < box.y1)
                        )
                    ),
                )
            )
    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_visible() and patch.get_width() and patch.get_height():
            extent = patch.get_window_extent(renderer)
            shapes.append((f"bar at {extent.bounds}", lambda box, e=extent: box.overlaps(e)))
    for collection in ax.collections:
        if isinstance(collection, PolyCollection):
            for path in collection.get_paths():
                shown = collection.get_transform().transform_path(path)
                shapes.append(("area", lambda box, p=shown: p.intersects_bbox(box, filled=True)))
        elif isinstance(collection, PathCollection):
            offsets = collection.get_offset_transform().transform(collection.get_offsets())
            sizes = collection.get_sizes()
            if not len(offsets):
                continue
            radius = np.sqrt(np.resize(sizes if len(sizes) else [36.0], len(offsets))) * scale / 2
            shapes.append(
                (
                    f"points {collection.get_label()!r}",
                    lambda box, v=offsets, r=radius: bool(
                        np.any(
                            (v[:, 0] + r > box.x0)
                            & (v[:, 0] - r < box.x1)
                            & (v[:, 1] + r > box.y0)
                            & (v[:, 1] - r < box.y1)
                        )
                    ),
                )
            )
    return shapes


def text_boxes(ax, renderer) -> list[tuple[str, Bbox, bool]]:
    """(description, box, is an annotation) of every text drawn over the data area: annotations and the legend."""
    boxes = [
        (f"annotation {t.get_text()!r}", t.get_window_extent(renderer), True)
        for t in ax.texts
        if t.get_visible() and t.get_text().strip()
    ]
    legend = ax.get_legend()
    if legend is not None and legend.get_visible():
        boxes.append(("legend", legend.get_window_extent(renderer), False))
    return boxes


def collisions(fig) -> list[str]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    shapes = data_shapes(ax, renderer)
    found = []
    boxes = text_boxes(ax, renderer)
    for name, box, annotation in boxes:
        inner = _shrunk(box)
        found += [f"{name} overlaps {what}" for what, hits in shapes if hits(inner)]
        frame = ax.bbox.padded(TOLERANCE)
        if annotation and not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1):
            found.append(f"{name} leaves the axes")
    titles = [("title", t) for t in (ax.title, ax._left_title, ax._right_title)]
    titles += [("x label", ax.xaxis.label), ("y label", ax.yaxis.label)]
    for name, text in titles + [(f"figure text {t.get_text()[:30]!r}", t) for t in fig.texts]:
        box = text.get_window_extent(renderer)
        if text.get_text() and not (box.x0 >= -TOLERANCE and box.x1 <= fig.bbox.x1 + TOLERANCE):
            found.append(f"{name} runs past the edge of the figure")
    for (a, box_a, _), (b, box_b, _) in itertools.combinations(boxes, 2):
        if _shrunk(box_a).overlaps(_shrunk(box_b)):
            found.append(f"{a} overlaps {b}")
    return found


@pytest.mark.parametrize("figure", list(FIGURES))
def test_no_text_collides_with_data(figure):
    draw, kind = FIGURES[figure]
    draw(kind)
    problems = collisions(plt.gcf())
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------------------------
# Greyscale: series differ in more than colour


def _line_look(line: Line2D) -> tuple:
    return line.get_linestyle(), line.get_marker()


@pytest.mark.parametrize("kind", list(LINES))
def test_lines_differ_in_style_or_marker(kind):
    draw_lines(kind)
    ax = plt.gcf().axes[0]
    series = [line for line in ax.get_lines() if not line.get_label().startswith("_") and len(line.get_xydata()) > 2]
    looks = [_line_look(line) for line in series]
    assert len(set(looks)) == len(looks), looks


@pytest.mark.parametrize("draw", [draw_grouped_bars, draw_stacked_bars])
def test_bar_series_differ_in_hatch(draw):
    draw("partners")
    ax = plt.gcf().axes[0]
    by_series = {container.get_label(): {patch.get_hatch() for patch in container} for container in ax.containers}
    assert len({frozenset(h) for h in by_series.values()}) == len(by_series), by_series


def test_stacked_areas_differ_in_hatch():
    draw_stacked_shares("")
    ax = plt.gcf().axes[0]
    hatches = [c.get_hatch() for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(set(hatches)) == len(hatches), hatches
