"""The project's one house style. Every figure has a title, axis labels with units and a source caption, and is
saved as PNG to figures/ (or to $NEWASIA_FIGURES_DIR) as well as shown inline, with its title, subtitle, source
caption and name in the output's metadata (the site makes figure captions from them).

A figure names its sources by id (keys of data/reference/sources.yaml: "imf-dots", "wto-rta",
"sipri-arms-transfers", ...); the caption is rendered from the catalogue's titles, plus an optional short note
(what the figure's definitions or markers are). A figure without a source, or with an id the catalogue does not
know, is refused.
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Required, TypedDict, Unpack

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from newasia.paths import FIGURES_DIR
from newasia.reference import sources as catalogue

WIDTH, HEIGHT = 9.0, 5.0
SCREEN_DPI, FILE_DPI = 100, 150
PALETTE = "colorblind"
HIGHLIGHT, MUTED, REFERENCE = "#c0392b", "#9aa5b1", "#34495e"
# Series differ in more than colour, so that they stay apart in greyscale: each gets a marker (lines, points) or a
# hatch (bars, areas) of its own, in this order.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "*")
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "--", "oo", "||", "**")
CAPTION_RECT = (0, 0.05, 1, 1)


def setup() -> None:
    """Apply the house style (seaborn whitegrid, colour-blind palette, fixed sizes) and PNG-only inline output."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    mpl.rcParams.update(
        {
            "figure.figsize": (WIDTH, HEIGHT),
            "figure.dpi": SCREEN_DPI,
            "savefig.dpi": FILE_DPI,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "svg.hashsalt": "newasia",
            "path.simplify": True,
        }
    )


def figures_dir() -> Path:
    return Path(os.environ.get("NEWASIA_FIGURES_DIR", FIGURES_DIR))


Sources = str | Sequence[str]


class FigureText(TypedDict, total=False):
    """What every figure says about itself, given to each plotting function as keywords: `title`, `source` (ids
    of data/reference/sources.yaml) and `name` (the PNG's file name) always; `xlabel` and `ylabel` (with units)
    where the function does not fix them; optionally a `subtitle` and a `note` for the caption."""

    title: Required[str]
    source: Required[Sources]
    name: Required[str]
    xlabel: str
    ylabel: str
    subtitle: str | None
    note: str | None


def caption(source: Sources, note: str | None = None, *, name: str = "") -> str:
    """'Source: <title>; <title>. <note>' from source ids (keys of data/reference/sources.yaml)."""
    ids = [source] if isinstance(source, str) else list(source)
    ids = [i for i in ids if i.strip()]
    if not ids:
        raise ValueError(f"figure {name!r} needs a source")
    known = catalogue()
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValueError(
            f"figure {name!r}: unknown source id {', '.join(map(repr, unknown))}; use keys of "
            f"data/reference/sources.yaml: {', '.join(known)}"
        )
    text = "Source" + ("s" if len(ids) > 1 else "") + ": " + "; ".join(known[i]["title"] for i in ids)
    return text + (f". {note.strip()}" if note and note.strip() else "")


def finish(
    fig: Figure,
    ax: plt.Axes,
    *,
    title: str,
    xlabel: str,
    ylabel: str,
    source: Sources,
    name: str,
    subtitle: str | None = None,
    note: str | None = None,
    legend: dict | None = None,
    labels: Sequence[tuple[float, float, str, str]] = (),
    fit_texts: bool = False,
) -> None:
    """Title, axis labels (with units), source caption (from source ids and a note); save figures/<name>.png.

    Returns nothing, so that a notebook cell ending with a plot shows the figure once and no other output
    (nbval runs cells without history, where a trailing ';' does not suppress a returned value).

    An empty title, axis label or source, or an unknown source id, is an error: a figure must explain itself.

    Once the figure has its final size: `legend` (keyword arguments of ax.legend) places the legend inside the
    axes where it covers no data, else outside on the right; `labels` ((x, y, text, colour) in data coordinates)
    are written next to their point where they touch no line, bar, point or other text; `fit_texts` widens the
    x axis until every text already on the axes lies inside it.
    """
    for label, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        if not text.strip():
            raise ValueError(f"figure {name!r} needs a {label}")
    text = caption(source, note, name=name)
    ax.set_title(title + (f"\n{subtitle}" if subtitle else ""))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=8, color="dimgray", wrap=True)
    fig.tight_layout(rect=CAPTION_RECT)
    _fit_title(fig, ax)
    if fit_texts:
        _fit_texts(fig, ax)
    if legend is not None:
        _place_legend(fig, ax, legend)
    if labels:
        _place_labels(fig, ax, labels)
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    rendered = io.BytesIO()
    fig.set_layout_engine(None)  # laid out above: without this, savefig would lay the figure out once more
    fig.savefig(rendered, format="png", metadata={"Software": None})
    (folder / f"{name}.png").write_bytes(rendered.getvalue())
    _show(fig, rendered.getvalue(), {"title": title, "subtitle": subtitle, "source": text, "name": name})


def _show(fig: Figure, png: bytes, figure: dict) -> None:
    """In a notebook (inline backend), show the saved PNG now (the figure is drawn once, at the file's
    resolution, and displayed at screen size), with `figure` under the output's metadata key "newasia"; then
    close the figure so that the backend does not draw and show it again at the end of the cell."""
    from IPython import get_ipython

    if get_ipython() is None or "inline" not in mpl.get_backend():
        return
    from IPython.display import display

    bundle = {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": f"<Figure: {figure['title']}>"}
    width = round(fig.get_figwidth() * SCREEN_DPI)
    display(bundle, raw=True, metadata={"image/png": {"width": width}, "newasia": {"figure": figure}})
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------------
# Placing text where it touches no data


def _obstacles(ax: plt.Axes, renderer) -> list:
    """Tests box -> bool, one per piece of data drawn on `ax` (line paths, markers, bars, areas, points)."""
    found, scale = [], ax.figure.dpi / 72
    for line in ax.get_lines():
        if not line.get_visible() or not len(line.get_xydata()):
            continue
        path = line.get_transform().transform_path(line.get_path())
        if line.get_linestyle() not in ("None", "", " ") and len(path.vertices) > 1:
            found.append(lambda box, p=path: p.intersects_bbox(box, filled=False))
        if line.get_marker() not in ("None", "", " ", None):
            found.append(_points_test(path.vertices, np.full(len(path.vertices), line.get_markersize() * scale / 2)))
    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_visible():
            extent = patch.get_window_extent(renderer)
            found.append(lambda box, e=extent: box.overlaps(e))
    for collection in ax.collections:
        if isinstance(collection, PolyCollection):
            for path in collection.get_paths():
                shown = collection.get_transform().transform_path(path)
                found.append(lambda box, p=shown: p.intersects_bbox(box, filled=True))
        elif isinstance(collection, PathCollection) and len(collection.get_offsets()):
            offsets = collection.get_offset_transform().transform(collection.get_offsets())
            sizes = collection.get_sizes()
            radius = np.sqrt(np.resize(sizes if len(sizes) else [36.0], len(offsets))) * scale / 2
            found.append(_points_test(offsets, radius))
    return found


def _points_test(points: np.ndarray, radius: np.ndarray):
    def hits(box: Bbox) -> bool:
        return bool(
            np.any(
                (points[:, 0] + radius > box.x0)
                & (points[:, 0] - radius < box.x1)
                & (points[:, 1] + radius > box.y0)
                & (points[:, 1] - radius < box.y1)
            )
        )

    return hits


def _inside(box: Bbox, frame: Bbox) -> bool:
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def _clashes(box: Bbox, obstacles: list, texts: Sequence[Bbox], margin: float = 2.0) -> int:
    grown = box.padded(margin)
    return sum(hits(grown) for hits in obstacles) + sum(grown.overlaps(t) for t in texts)


def _text_boxes(ax: plt.Axes, renderer) -> list[Bbox]:
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_visible() and t.get_text().strip()]
    legend = ax.get_legend()
    if legend is not None:
        boxes.append(legend.get_window_extent(renderer))
    return boxes


LEGEND_INSIDE = (
    "upper left",
    "upper right",
    "lower right",
    "lower left",
    "upper center",
    "lower center",
    "center left",
    "center right",
)


def _place_legend(fig: Figure, ax: plt.Axes, options: dict) -> None:
    """The legend inside the axes at the first corner or edge where it covers no data and no text; else outside,
    right of the axes (and the layout redone)."""
    renderer = fig.canvas.get_renderer()
    obstacles = _obstacles(ax, renderer)
    others = _text_boxes(ax, renderer)
    for loc in LEGEND_INSIDE:
        legend = ax.legend(loc=loc, **options)
        box = legend.get_window_extent(renderer)
        if _inside(box, ax.bbox) and not _clashes(box, obstacles, others):
            return
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), **options)
    fig.tight_layout(rect=CAPTION_RECT)


# offsets (points) tried around a labelled point, nearest first; beyond the first ring the label gets a leader line
_DIRECTIONS = ((1, 1), (-1, 1), (1, -1), (-1, -1), (0, 1), (0, -1), (1, 0), (-1, 0))
_RINGS = (7, 16, 28, 42, 60, 80)


def _place_labels(fig: Figure, ax: plt.Axes, labels: Sequence[tuple[float, float, str, str]]) -> None:
    """Write each label next to its point, at the nearest offset where it lies inside the axes and touches no
    data and no other text; failing that, where it touches the least."""
    from matplotlib.path import Path as MplPath

    renderer = fig.canvas.get_renderer()
    obstacles = _obstacles(ax, renderer)
    placed = _text_boxes(ax, renderer)
    frame = ax.bbox.padded(-2)
    drawn = [
        line.get_transform().transform_path(line.get_path())
        for line in ax.get_lines()
        if line.get_visible() and len(line.get_xydata()) > 1 and line.get_linestyle() not in ("None", "", " ")
    ]
    for x, y, text, colour in labels:
        point = ax.transData.transform((x, y))
        note = ax.annotate(text, (x, y), textcoords="offset points", xytext=(0, 0), fontsize=9, color=colour, zorder=6)
        best = None
        for ring in _RINGS:
            for dx, dy in _DIRECTIONS:
                note.set_position((dx * ring, dy * ring))
                note.set_ha({1: "left", -1: "right", 0: "center"}[dx])
                note.set_va({1: "bottom", -1: "top", 0: "center"}[dy])
                box = note.get_window_extent(renderer)
                score = _clashes(box, obstacles, placed) + (0 if _inside(box, frame) else 100)
                if ring > _RINGS[0]:  # a leader line that crosses a data line counts against the place
                    end = (min(max(point[0], box.x0), box.x1), min(max(point[1], box.y0), box.y1))
                    leader = MplPath([point, end])
                    score += sum(leader.intersects_path(line, filled=False) for line in drawn)
                if best is None or score < best[0]:
                    best = (score, ring, dx, dy)
                if score == 0:
                    break
            if best[0] == 0:
                break
        _, ring, dx, dy = best
        note.remove()
        arrow = {"arrowstyle": "-", "color": colour, "linewidth": 0.8, "shrinkA": 1, "shrinkB": 4}
        note = ax.annotate(
            text,
            (x, y),
            textcoords="offset points",
            xytext=(dx * ring, dy * ring),
            fontsize=9,
            color=colour,
            zorder=6,
            ha={1: "left", -1: "right", 0: "center"}[dx],
            va={1: "bottom", -1: "top", 0: "center"}[dy],
            arrowprops=arrow if ring > _RINGS[0] else None,
        )
        placed.append(note.get_window_extent(renderer))


def _fit_title(fig: Figure, ax: plt.Axes) -> None:
    """Break a title (or subtitle) line that runs past the figure's right edge at word boundaries, then lay the
    figure out again."""
    import textwrap

    renderer = fig.canvas.get_renderer()
    shown = [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]  # the house style: left
    if not shown:
        return
    title = shown[0]
    for _ in range(3):
        box = title.get_window_extent(renderer)
        room = fig.bbox.x1 - 6 - box.x0
        if box.x1 <= fig.bbox.x1 - 6 or room <= 0:
            return
        lines = title.get_text().split("\n")
        width = max(10, int(max(map(len, lines)) * room / box.width))
        title.set_text("\n".join(part for line in lines for part in (textwrap.wrap(line, width) or [line])))
        fig.tight_layout(rect=CAPTION_RECT)


def _fit_texts(fig: Figure, ax: plt.Axes) -> None:
    """Widen the x axis (in data units) until every annotation on `ax` lies inside it."""
    renderer = fig.canvas.get_renderer()
    for _ in range(4):
        boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_visible() and t.get_text().strip()]
        if not boxes:
            return
        left = max(0.0, ax.bbox.x0 + 3 - min(b.x0 for b in boxes))
        right = max(0.0, max(b.x1 for b in boxes) - ax.bbox.x1 + 3)
        if not left and not right:
            return
        low, high = ax.get_xlim()
        per_pixel = (high - low) / ax.bbox.width
        # widening the axis shrinks the texts' share of it: scale the extra room by the new width
        grow = (left + right) / max(ax.bbox.width - left - right, ax.bbox.width * 0.2)
        ax.set_xlim(low - left * per_pixel * (1 + grow), high + right * per_pixel * (1 + grow))


def _wrap(label: object, width: int = 34) -> str:
    """A legend label broken into lines of at most `width` characters (whole words)."""
    import textwrap

    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def lines(
    frame: pd.DataFrame,
    *,
    marks: Iterable[tuple[float, float, str]] = (),
    hlines: Iterable[tuple[float, str]] = (),
    styles: dict[str, str] | None = None,
    **text: Unpack[FigureText],
) -> None:
    """One line per column of `frame` (indexed by year), each with its own marker (and the line style of `styles`,
    solid by default); `marks` are points labelled where the label touches no line; `hlines` are dotted reference
    lines named in the legend."""
    fig, ax = plt.subplots()
    for index, column in enumerate(frame.columns):
        series = frame[column].dropna()
        ax.plot(
            series.index,
            series.values,
            label=_wrap(column),
            linewidth=2,
            linestyle=(styles or {}).get(column, "-"),
            marker=MARKERS[index % len(MARKERS)],
            markersize=5,
            markevery=max(1, len(series) // 12),
        )
    references = list(hlines)
    for y, label in references:
        ax.axhline(y, color=REFERENCE, linestyle=":", linewidth=1.5, label=_wrap(label))
    labels = []
    for x, y, label in marks:
        ax.scatter([x], [y], color=HIGHLIGHT, marker="D", zorder=5, s=36)
        labels.append((x, y, label, HIGHLIGHT))
    ax.margins(y=0.12)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    legend = {"fontsize": 9} if len(frame.columns) > 1 or references else None
    finish(fig, ax, **{"xlabel": "Year", **text}, legend=legend, labels=labels)


def bars(
    values: pd.Series,
    *,
    highlight: Sequence[str] = (),
    labels: pd.Series | None = None,
    value_format: str = "{:,.1f}",
    **text: Unpack[FigureText],
) -> None:
    """Horizontal bars, largest at the top; `highlight` bars in red and hatched; values written beyond the bar
    ends (left of a negative bar), the axis widened to hold them."""
    values = values.sort_values()
    shown = labels.reindex(values.index) if labels is not None else values.index.to_series()
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.42 * len(values) + 1.4)))
    marked = [key in highlight for key in values.index]
    colours = [HIGHLIGHT if mark else sns.color_palette(PALETTE)[0] for mark in marked]
    bars_ = ax.barh(list(shown), values.to_numpy(), color=colours, edgecolor="white", linewidth=0.5)
    for bar, mark in zip(bars_, marked):
        bar.set_hatch("//" if mark else "")
    for position, value in enumerate(values.to_numpy()):
        ax.annotate(
            value_format.format(value),
            (value, position),
            textcoords="offset points",
            xytext=(4 if value >= 0 else -4, 0),
            ha="left" if value >= 0 else "right",
            va="center",
            fontsize=9,
        )
    if (values < 0).any():
        ax.axvline(0, color=REFERENCE, linewidth=0.8)
    ax.grid(axis="y", visible=False)
    finish(fig, ax, **text, fit_texts=True)


def spans(
    rows: pd.DataFrame,
    *,
    start: str,
    end: str,
    label: str,
    start_name: str = "signed",
    end_name: str = "in force",
    reference: tuple[pd.Timestamp, str] | None = None,
    **text: Unpack[FigureText],
) -> None:
    """A timeline with one row per item: a line from `start` to `end` (dates), a dot at the start and a square at
    the end; `reference` is a dotted vertical line named in the legend."""
    rows = rows.sort_values([end, start], na_position="last").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.38 * len(rows) + 1.6)))
    for position, row in rows.iterrows():
        if pd.notna(row[start]) and pd.notna(row[end]):
            ax.plot([row[start], row[end]], [position, position], color=MUTED, linewidth=3, label="_span")
    starts, ends = rows[rows[start].notna()], rows[rows[end].notna()]
    ax.scatter(starts[start], starts.index, color=sns.color_palette(PALETTE)[0], marker="o", zorder=3, label=start_name)
    ax.scatter(ends[end], ends.index, color=HIGHLIGHT, marker="s", s=30, zorder=3, label=end_name)
    if reference is not None:
        ax.axvline(reference[0], color=REFERENCE, linestyle=":", linewidth=1.5, label=reference[1])
    ax.set_yticks(range(len(rows)), rows[label])
    dates = pd.concat([rows[start], rows[end]]).dropna()
    years = (dates.max() - dates.min()).days / 365.25 if len(dates) else 0
    ax.xaxis.set_major_locator(mdates.YearLocator(1 if years < 12 else 2 if years < 25 else 5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", visible=False)
    finish(fig, ax, **text, xlabel="Date (year)", legend={})


def events(
    rows: pd.DataFrame,
    *,
    date: str,
    label: str,
    category: str,
    categories: Sequence[str] | None = None,
    **text: Unpack[FigureText],
) -> None:
    """Dated events on a time axis, one row per event, coloured and shaped by category.

    `categories` fixes the order (and so the colour and marker) of the categories, to keep them the same across
    figures.
    """
    rows = rows.sort_values(date).reset_index(drop=True)
    order = list(categories) if categories is not None else list(dict.fromkeys(rows[category]))
    colours = dict(zip(order, sns.color_palette(PALETTE, len(order))))
    markers = {kind: MARKERS[i % len(MARKERS)] for i, kind in enumerate(order)}
    fig, ax = plt.subplots(figsize=(WIDTH + 1, max(4.0, 0.32 * len(rows) + 1.6)))
    for kind in order:
        shown = rows[rows[category] == kind]
        if len(shown):
            ax.scatter(shown[date], shown.index, color=colours[kind], marker=markers[kind], s=45, zorder=3, label=kind)
    for position, row in rows.iterrows():
        ax.annotate(
            f"{row[date].year}  {row[label]}",
            (row[date], position),
            textcoords="offset points",
            xytext=(8, 0),
            va="center",
            fontsize=8.5,
        )
    span = rows[date].max() - rows[date].min()
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlim(rows[date].min() - 0.03 * span - pd.Timedelta(days=365), rows[date].max() + 0.9 * span)
    last = mdates.date2num(rows[date].max()) + 365
    ax.set_xticks([tick for tick in ax.get_xticks() if tick <= last])  # no empty years under the labels
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    finish(
        fig, ax, **text, xlabel="Date (year)", ylabel="Events in date order", fit_texts=True, legend={"title": "kind"}
    )


def stacked_shares(
    frame: pd.DataFrame,
    **text: Unpack[FigureText],
) -> None:
    """Stacked areas of shares (rows: years, columns: categories, values in percent), each hatched its own way;
    the legend right of the axes."""
    fig, ax = plt.subplots()
    areas = ax.stackplot(
        frame.index,
        frame.T.to_numpy(),
        labels=[_wrap(c) for c in frame.columns],
        colors=sns.color_palette(PALETTE, len(frame.columns)),
        edgecolor="white",
        linewidth=0.5,
    )
    for index, area in enumerate(areas):
        area.set_hatch(HATCHES[index % len(HATCHES)])
    ax.set_ylim(0, 100)
    ax.set_xlim(frame.index.min(), frame.index.max())
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9, reverse=True)
    finish(fig, ax, **{"xlabel": "Year", "ylabel": "Share of the total (%)", **text})


def grouped_bars(
    frame: pd.DataFrame,
    *,
    highlight: Sequence[str] = (),
    **text: Unpack[FigureText],
) -> None:
    """Horizontal bars, one group per row of `frame` and one bar per column (e.g. each side's figures), each
    column with its own colour and hatch, rows ordered by the first column, largest at the top; `highlight` rows
    get a red label; the legend where it covers no bar."""
    frame = frame.sort_values(frame.columns[0])
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.5 * len(frame) + 1.6)))
    height = 0.8 / len(frame.columns)
    colours = sns.color_palette(PALETTE, len(frame.columns))
    for index, column in enumerate(frame.columns):
        positions = [p + index * height - 0.4 + height / 2 for p in range(len(frame))]
        ax.barh(
            positions,
            frame[column].to_numpy(),
            height=height,
            label=_wrap(column),
            color=colours[index],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="white",
            linewidth=0.5,
        )
    ax.set_yticks(range(len(frame)), frame.index)
    for label in ax.get_yticklabels():
        if label.get_text() in highlight:
            label.set_color(HIGHLIGHT)
            label.set_fontweight("bold")
    ax.grid(axis="y", visible=False)
    finish(fig, ax, **text, legend={"fontsize": 9, "reverse": True})  # legend top-down as the bars


def stacked_bars(
    frame: pd.DataFrame,
    **text: Unpack[FigureText],
) -> None:
    """Vertical stacked bars: one bar per row of `frame` (e.g. a year), one segment per column, each column with
    its own colour and hatch; the legend right of the axes, in the stacking order."""
    fig, ax = plt.subplots()
    bottom = pd.Series(0.0, index=frame.index)
    colours = sns.color_palette(PALETTE, len(frame.columns))
    for index, column in enumerate(frame.columns):
        ax.bar(
            frame.index,
            frame[column].to_numpy(),
            bottom=bottom.to_numpy(),
            label=_wrap(column),
            color=colours[index],
            hatch=HATCHES[index % len(HATCHES)],
            edgecolor="white",
            linewidth=0.5,
        )
        bottom = bottom + frame[column]
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9, reverse=True)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    finish(fig, ax, **{"xlabel": "Year", **text})


def dates_compared(
    rows: pd.DataFrame,
    *,
    label: str,
    stated: str,
    recorded: str,
    same_stage: str,
    verdict: str,
    verdicts: Sequence[str] | None = None,
    **text: Unpack[FigureText],
) -> None:
    """One row per claim: the dates the records give (filled dots at the claim's stage, open circles at another
    stage) and the date the document states (a cross coloured and shaped by the claim's verdict). Labels are on the
    y axis, never over the data."""
    claims = rows.drop_duplicates(label).sort_values(stated).reset_index(drop=True)
    position = {key: i for i, key in enumerate(claims[label])}
    order = list(verdicts) if verdicts is not None else list(dict.fromkeys(claims[verdict]))
    colours = dict(zip(order, sns.color_palette(PALETTE, len(order))))
    fig, ax = plt.subplots(figsize=(WIDTH + 1, max(4.0, 0.3 * len(claims) + 1.8)))
    y = rows[label].map(position)
    same = rows[same_stage].astype(bool)
    ax.scatter(rows.loc[same, recorded], y[same], s=30, color="0.35", zorder=2, label="recorded date, same stage")
    ax.scatter(
        rows.loc[~same, recorded],
        y[~same],
        s=30,
        facecolors="none",
        edgecolors="0.35",
        zorder=2,
        label="recorded date, another stage",
    )
    stated_markers = ("x", "+", "1", "*", "3", "2")
    for index, (name_, colour) in enumerate(colours.items()):
        shown = claims[claims[verdict] == name_]
        if len(shown):
            ax.scatter(
                shown[stated],
                shown[label].map(position),
                marker=stated_markers[index % 6],
                s=60,
                color=colour,
                zorder=3,
                label=f"stated date: {name_}",
            )
    ax.set_yticks(range(len(claims)), claims[label], fontsize=8)
    ax.set_ylim(len(claims) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", color="0.92")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8, frameon=False)
    finish(fig, ax, **text, xlabel="Date (year; a year or month is drawn on its first day)", ylabel="Claim")


def intervals(
    frame: pd.DataFrame,
    *,
    estimate: str,
    low: str,
    high: str,
    label: str,
    highlight: Sequence[str] = (),
    reference: tuple[float, str] | None = (0.0, "no effect"),
    **text: Unpack[FigureText],
) -> None:
    """Point estimates with their intervals, one row per row of `frame` in the given order (first at the top);
    rows whose label is in `highlight` in red, with a diamond; a dotted vertical reference line named in the
    legend."""
    rows = frame.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.4 * len(rows) + 1.6)))
    for position, row in rows.iterrows():
        marked = row[label] in highlight
        colour = HIGHLIGHT if marked else sns.color_palette(PALETTE)[0]
        ax.plot([row[low], row[high]], [position, position], color=colour, linewidth=2.5 if marked else 2)
        ax.scatter(
            [row[estimate]], [position], color=colour, zorder=3, s=40 if marked else 30, marker="D" if marked else "o"
        )
    if reference is not None:
        ax.axvline(reference[0], color=REFERENCE, linestyle=":", linewidth=1.5, label=reference[1])
    ax.set_yticks(range(len(rows)), rows[label])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    finish(fig, ax, **text, legend={"fontsize": 9} if reference is not None else None)
