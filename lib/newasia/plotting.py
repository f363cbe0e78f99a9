"""The project's one house style. Every figure has a title, axis labels with units and a source caption, and is
saved as PNG to figures/ (or to $NEWASIA_FIGURES_DIR) as well as shown inline, with its title, subtitle, source
caption and name in the output's metadata (the site makes figure captions from them).

A figure names its sources by id (keys of data/reference/sources.yaml: "imf-dots", "wto-rta",
"sipri-arms-transfers", ...); the caption is rendered from the catalogue's titles, plus an optional short note
(what the figure's definitions or markers are). A figure without a source, or with an id the catalogue does not
know, is refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from newasia.paths import FIGURES_DIR
from newasia.reference import sources as catalogue

WIDTH, HEIGHT = 9.0, 5.0
SCREEN_DPI, FILE_DPI = 100, 150
PALETTE = "colorblind"
HIGHLIGHT, MUTED, REFERENCE = "#c0392b", "#9aa5b1", "#34495e"


def setup() -> None:
    """Apply the house style (seaborn whitegrid, colour-blind palette, fixed sizes) and PNG-only inline output."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE)
    mpl.rcParams.update({
        "figure.figsize": (WIDTH, HEIGHT), "figure.dpi": SCREEN_DPI, "savefig.dpi": FILE_DPI,
        "axes.titlesize": 13, "axes.titleweight": "bold", "axes.titlelocation": "left",
        "axes.spines.top": False, "axes.spines.right": False, "legend.frameon": False,
        "svg.hashsalt": "newasia", "path.simplify": True,
    })


def figures_dir() -> Path:
    return Path(os.environ.get("NEWASIA_FIGURES_DIR", FIGURES_DIR))


Sources = str | Sequence[str]


def caption(source: Sources, note: str | None = None, *, name: str = "") -> str:
    """'Source: <title>; <title>. <note>' from source ids (keys of data/reference/sources.yaml)."""
    ids = [source] if isinstance(source, str) else list(source)
    ids = [i for i in ids if i.strip()]
    if not ids:
        raise ValueError(f"figure {name!r} needs a source")
    known = catalogue()
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValueError(f"figure {name!r}: unknown source id {', '.join(map(repr, unknown))}; use keys of "
                         f"data/reference/sources.yaml: {', '.join(known)}")
    text = "Source" + ("s" if len(ids) > 1 else "") + ": " + "; ".join(known[i]["title"] for i in ids)
    return text + (f". {note.strip()}" if note and note.strip() else "")


def finish(fig: Figure, ax: plt.Axes, *, title: str, xlabel: str, ylabel: str, source: Sources, name: str,
           subtitle: str | None = None, note: str | None = None) -> None:
    """Title, axis labels (with units), source caption (from source ids and a note); save figures/<name>.png.

    Returns nothing, so that a notebook cell ending with a plot shows the figure once and no other output
    (nbval runs cells without history, where a trailing ';' does not suppress a returned value).

    An empty title, axis label or source, or an unknown source id, is an error: a figure must explain itself.
    """
    for label, text in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        if not text.strip():
            raise ValueError(f"figure {name!r} needs a {label}")
    text = caption(source, note, name=name)
    ax.set_title(title + (f"\n{subtitle}" if subtitle else ""))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=8, color="dimgray", wrap=True)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fig.savefig(folder / f"{name}.png", metadata={"Software": None})
    _show(fig, {"title": title, "subtitle": subtitle, "source": text, "name": name})


def _show(fig: Figure, figure: dict) -> None:
    """In a notebook (inline backend), show the figure now, as the backend would at the end of the cell, with
    `figure` under the output's metadata key "newasia"; then close it so that it is not shown twice."""
    from IPython import get_ipython
    if get_ipython() is None or "inline" not in mpl.get_backend():
        return
    from IPython.display import display
    display(fig, metadata={"newasia": {"figure": figure}})
    plt.close(fig)


def lines(frame: pd.DataFrame, *, title: str, ylabel: str, source: Sources, name: str, xlabel: str = "Year",
          subtitle: str | None = None, note: str | None = None, marks: Iterable[tuple[float, float, str]] = (),
          hlines: Iterable[tuple[float, str]] = (), styles: dict[str, str] | None = None) -> None:
    """One line per column of `frame` (indexed by year); `marks` annotate points, `hlines` draw references."""
    fig, ax = plt.subplots()
    for column in frame.columns:
        series = frame[column].dropna()
        ax.plot(series.index, series.values, label=column, linewidth=2,
                linestyle=(styles or {}).get(column, "-"), marker="o" if len(series) < 15 else None)
    for y, label in hlines:
        ax.axhline(y, color=REFERENCE, linestyle=":", linewidth=1.5)
        ax.annotate(label, (frame.index.min(), y), textcoords="offset points", xytext=(2, 4), fontsize=9,
                    color=REFERENCE)
    for x, y, label in marks:
        ax.scatter([x], [y], color=HIGHLIGHT, zorder=5, s=40)
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(6, 6), fontsize=9, color=HIGHLIGHT)
    if len(frame.columns) > 1:
        ax.legend(loc="best")
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, name=name, subtitle=subtitle,
           note=note)


def bars(values: pd.Series, *, title: str, xlabel: str, ylabel: str, source: Sources, name: str,
         highlight: Sequence[str] = (), subtitle: str | None = None, note: str | None = None,
         labels: pd.Series | None = None, value_format: str = "{:,.1f}") -> None:
    """Horizontal bars, largest at the top; `highlight` bars in red; values written at the bar ends."""
    values = values.sort_values()
    shown = labels.reindex(values.index) if labels is not None else values.index.to_series()
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.42 * len(values) + 1.4)))
    colours = [HIGHLIGHT if key in highlight else sns.color_palette(PALETTE)[0] for key in values.index]
    ax.barh(list(shown), values.to_numpy(), color=colours)
    for position, value in enumerate(values.to_numpy()):
        ax.annotate(value_format.format(value), (value, position), textcoords="offset points", xytext=(4, -3),
                    fontsize=9)
    ax.grid(axis="y", visible=False)
    finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, name=name,
                  subtitle=subtitle, note=note)


def spans(rows: pd.DataFrame, *, start: str, end: str, label: str, title: str, ylabel: str, source: Sources,
          name: str, subtitle: str | None = None, note: str | None = None, start_name: str = "signed",
          end_name: str = "in force",
          reference: tuple[pd.Timestamp, str] | None = None) -> None:
    """A timeline with one row per item: a line from `start` to `end` (dates), dots at both ends."""
    rows = rows.sort_values([end, start], na_position="last").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.38 * len(rows) + 1.6)))
    for position, row in rows.iterrows():
        if pd.notna(row[start]) and pd.notna(row[end]):
            ax.plot([row[start], row[end]], [position, position], color=MUTED, linewidth=3)
        if pd.notna(row[start]):
            ax.scatter(row[start], position, color=sns.color_palette(PALETTE)[0], zorder=3,
                       label=start_name if position == 0 else None)
        if pd.notna(row[end]):
            ax.scatter(row[end], position, color=HIGHLIGHT, zorder=3, label=end_name if position == 0 else None)
    if reference is not None:
        ax.axvline(reference[0], color=REFERENCE, linestyle=":", linewidth=1.5)
        ax.annotate(reference[1], (reference[0], len(rows) - 0.5), textcoords="offset points", xytext=(4, 0),
                    fontsize=9, color=REFERENCE)
    ax.set_yticks(range(len(rows)), rows[label])
    dates = pd.concat([rows[start], rows[end]]).dropna()
    years = (dates.max() - dates.min()).days / 365.25 if len(dates) else 0
    ax.xaxis.set_major_locator(mdates.YearLocator(1 if years < 12 else 2 if years < 25 else 5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    finish(fig, ax, title=title, xlabel="Date (year)", ylabel=ylabel, source=source, name=name, subtitle=subtitle,
           note=note)


def events(rows: pd.DataFrame, *, date: str, label: str, category: str, title: str, source: Sources, name: str,
           subtitle: str | None = None, note: str | None = None, categories: Sequence[str] | None = None) -> None:
    """Dated events on a time axis, one row per event, coloured by category.

    `categories` fixes the order (and so the colour) of the categories, to keep them the same across figures.
    """
    rows = rows.sort_values(date).reset_index(drop=True)
    order = list(categories) if categories is not None else list(dict.fromkeys(rows[category]))
    colours = dict(zip(order, sns.color_palette(PALETTE, len(order))))
    fig, ax = plt.subplots(figsize=(WIDTH + 1, max(4.0, 0.32 * len(rows) + 1.6)))
    for position, row in rows.iterrows():
        ax.scatter(row[date], position, color=colours[row[category]], s=45, zorder=3)
        ax.annotate(f"{row[date].year}  {row[label]}", (row[date], position), textcoords="offset points",
                    xytext=(8, -3), fontsize=8.5)
    for name_, colour in colours.items():
        if name_ in set(rows[category]):
            ax.scatter([], [], color=colour, label=name_)
    span = rows[date].max() - rows[date].min()
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlim(rows[date].min() - 0.03 * span - pd.Timedelta(days=365), rows[date].max() + 0.9 * span)
    last = mdates.date2num(rows[date].max()) + 365
    ax.set_xticks([tick for tick in ax.get_xticks() if tick <= last])  # no empty years under the labels
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.legend(loc="lower left", title="kind")
    finish(fig, ax, title=title, xlabel="Date (year)", ylabel="Events in date order", source=source, name=name,
           subtitle=subtitle, note=note)


def stacked_shares(frame: pd.DataFrame, *, title: str, source: Sources, name: str, xlabel: str = "Year",
                   ylabel: str = "Share of the total (%)", subtitle: str | None = None,
                   note: str | None = None) -> None:
    """Stacked areas of shares (rows: years, columns: categories, values in percent)."""
    fig, ax = plt.subplots()
    ax.stackplot(frame.index, frame.T.to_numpy(), labels=frame.columns,
                 colors=sns.color_palette(PALETTE, len(frame.columns)))
    ax.set_ylim(0, 100)
    ax.set_xlim(frame.index.min(), frame.index.max())
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, name=name, subtitle=subtitle,
           note=note)


def grouped_bars(frame: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, source: Sources, name: str,
                 subtitle: str | None = None, note: str | None = None, highlight: Sequence[str] = ()) -> None:
    """Horizontal bars, one group per row of `frame` and one bar per column (e.g. each side's figures),
    rows ordered by the first column, largest at the top; `highlight` rows get a red label."""
    frame = frame.sort_values(frame.columns[0])
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.5 * len(frame) + 1.6)))
    height = 0.8 / len(frame.columns)
    colours = sns.color_palette(PALETTE, len(frame.columns))
    for index, column in enumerate(frame.columns):
        positions = [p + index * height - 0.4 + height / 2 for p in range(len(frame))]
        ax.barh(positions, frame[column].to_numpy(), height=height, label=column, color=colours[index])
    ax.set_yticks(range(len(frame)), frame.index)
    for label in ax.get_yticklabels():
        if label.get_text() in highlight:
            label.set_color(HIGHLIGHT)
            label.set_fontweight("bold")
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, name=name, subtitle=subtitle,
           note=note)


def stacked_bars(frame: pd.DataFrame, *, title: str, ylabel: str, source: Sources, name: str, xlabel: str = "Year",
                 subtitle: str | None = None, note: str | None = None) -> None:
    """Vertical stacked bars: one bar per row of `frame` (e.g. a year), one segment per column."""
    fig, ax = plt.subplots()
    bottom = pd.Series(0.0, index=frame.index)
    colours = sns.color_palette(PALETTE, len(frame.columns))
    for index, column in enumerate(frame.columns):
        ax.bar(frame.index, frame[column].to_numpy(), bottom=bottom.to_numpy(), label=column, color=colours[index])
        bottom = bottom + frame[column]
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9)
    ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, name=name, subtitle=subtitle,
           note=note)


def dates_compared(rows: pd.DataFrame, *, label: str, stated: str, recorded: str, same_stage: str, verdict: str,
                   title: str, source: Sources, name: str, subtitle: str | None = None, note: str | None = None,
                   verdicts: Sequence[str] | None = None) -> None:
    """One row per claim: the dates the records give (filled dots at the claim's stage, open circles at another
    stage) and the date the document states (a cross coloured by the claim's verdict). Labels are on the y axis,
    never over the data."""
    claims = rows.drop_duplicates(label).sort_values(stated).reset_index(drop=True)
    position = {key: i for i, key in enumerate(claims[label])}
    order = list(verdicts) if verdicts is not None else list(dict.fromkeys(claims[verdict]))
    colours = dict(zip(order, sns.color_palette(PALETTE, len(order))))
    fig, ax = plt.subplots(figsize=(WIDTH + 1, max(4.0, 0.3 * len(claims) + 1.8)))
    y = rows[label].map(position)
    same = rows[same_stage].astype(bool)
    ax.scatter(rows.loc[same, recorded], y[same], s=30, color="0.35", zorder=2, label="recorded date, same stage")
    ax.scatter(rows.loc[~same, recorded], y[~same], s=30, facecolors="none", edgecolors="0.35", zorder=2,
               label="recorded date, another stage")
    for name_, colour in colours.items():
        shown = claims[claims[verdict] == name_]
        if len(shown):
            ax.scatter(shown[stated], shown[label].map(position), marker="x", s=60, color=colour, zorder=3,
                       label=f"stated date: {name_}")
    ax.set_yticks(range(len(claims)), claims[label], fontsize=8)
    ax.set_ylim(len(claims) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", color="0.92")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=8, frameon=False)
    finish(fig, ax, title=title, xlabel="Date (year; a year or month is drawn on its first day)",
           ylabel="Claim", source=source, name=name, subtitle=subtitle, note=note)


def intervals(frame: pd.DataFrame, *, estimate: str, low: str, high: str, label: str, title: str, xlabel: str,
              source: Sources, name: str, ylabel: str, subtitle: str | None = None, note: str | None = None,
              highlight: Sequence[str] = (), reference: tuple[float, str] | None = (0.0, "no effect")) -> None:
    """Point estimates with their intervals, one row per row of `frame` in the given order (first at the top);
    rows whose label is in `highlight` in red; a dotted vertical reference line."""
    rows = frame.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(WIDTH, max(3.0, 0.4 * len(rows) + 1.6)))
    for position, row in rows.iterrows():
        colour = HIGHLIGHT if row[label] in highlight else sns.color_palette(PALETTE)[0]
        ax.plot([row[low], row[high]], [position, position], color=colour, linewidth=2)
        ax.scatter([row[estimate]], [position], color=colour, zorder=3, s=30)
    if reference is not None:
        ax.axvline(reference[0], color=REFERENCE, linestyle=":", linewidth=1.5)
        ax.annotate(reference[1], (reference[0], -0.6), textcoords="offset points", xytext=(4, 0), fontsize=9,
                    color=REFERENCE)
    ax.set_yticks(range(len(rows)), rows[label])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    finish(fig, ax, title=title, xlabel=xlabel, ylabel=ylabel, source=source, name=name, subtitle=subtitle,
           note=note)
