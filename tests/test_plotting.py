"""The house style: figures must explain themselves, and are saved as deterministic PNG files."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from newasia import plotting


@pytest.fixture(autouse=True)
def figures(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWASIA_FIGURES_DIR", str(tmp_path))
    plotting.setup()
    yield tmp_path
    plt.close("all")


FRAME = pd.DataFrame({"a side": [1.0, 2.0, 3.0], "the other": [1.5, 2.5, 2.0]}, index=[2000, 2001, 2002])


@pytest.mark.parametrize("missing", ["title", "ylabel", "source"])
def test_a_figure_without_title_axis_label_or_source_is_refused(missing):
    labels = {"title": "T", "ylabel": "US$ million", "source": "imf-dots", missing: " "}
    with pytest.raises(ValueError, match=f"needs a {missing}"):
        plotting.lines(FRAME, name="x", **labels)


def test_figures_are_saved_as_identical_png_files(figures):
    plotting.lines(FRAME, title="T", ylabel="US$ million", source="imf-dots", name="first")
    plotting.lines(FRAME, title="T", ylabel="US$ million", source="imf-dots", name="second")
    first, second = (figures / "first.png").read_bytes(), (figures / "second.png").read_bytes()
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first == second
    assert b"Matplotlib version" not in first


def test_a_figure_is_drawn_once(monkeypatch):
    """Laid out before it is saved, a figure is rendered once (savefig does not lay it out again)."""
    from matplotlib.figure import Figure

    draws, draw = [], Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: draws.append(1) or draw(self, renderer))
    plotting.lines(FRAME, title="T", ylabel="US$ million", source="imf-dots", name="once")
    assert len(draws) == 1


def test_the_caption_and_labels_are_on_the_figure(figures):
    plotting.bars(
        pd.Series({"RUS": 16.6, "CHN": 438.9}),
        title="ASEAN's trade",
        xlabel="US$ billion",
        ylabel="Partner",
        source="imf-dots",
        name="bars",
        highlight=["RUS"],
    )
    fig = plt.gcf()
    texts = [t.get_text() for t in fig.texts]
    assert "Source: IMF Direction of Trade Statistics (DOTS), annual, by reporter" in texts
    ax = fig.axes[0]
    assert ax.get_xlabel() == "US$ billion" and ax.get_title(loc="left") == "ASEAN's trade"
    colours = {bar.get_facecolor() for bar in ax.patches}
    assert len(colours) == 2, "the highlighted bar stands out"


def test_the_caption_comes_from_the_source_catalogue_with_an_optional_note():
    assert plotting.caption(["imf-dots", "comtrade-2021"], "2021: exports only") == (
        "Sources: IMF Direction of Trade Statistics (DOTS), annual, by reporter; UN Comtrade, total merchandise "
        "exports by reporter and partner, 2021. 2021: exports only"
    )
    assert plotting.caption("wto-rta") == (
        "Source: WTO Regional Trade Agreements Information System (RTA-IS), all notified agreements"
    )


@pytest.mark.parametrize("source", ["IMF DOTS", ["imf-dots", "no-such-source"]])
def test_a_source_the_catalogue_does_not_know_is_refused(source):
    with pytest.raises(ValueError, match="unknown source id"):
        plotting.lines(FRAME, title="T", ylabel="US$ million", source=source, name="x")


def test_a_figure_with_an_empty_list_of_sources_is_refused():
    with pytest.raises(ValueError, match="needs a source"):
        plotting.lines(FRAME, title="T", ylabel="US$ million", source=[], name="x")
