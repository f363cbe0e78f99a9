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
    labels = {"title": "T", "ylabel": "US$ million", "source": "IMF DOTS", missing: " "}
    with pytest.raises(ValueError, match=f"needs a {missing}"):
        plotting.lines(FRAME, name="x", **labels)


def test_figures_are_saved_as_identical_png_files(figures):
    plotting.lines(FRAME, title="T", ylabel="US$ million", source="IMF DOTS", name="first")
    plotting.lines(FRAME, title="T", ylabel="US$ million", source="IMF DOTS", name="second")
    first, second = (figures / "first.png").read_bytes(), (figures / "second.png").read_bytes()
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first == second
    assert b"Matplotlib version" not in first


def test_the_caption_and_labels_are_on_the_figure(figures):
    plotting.bars(pd.Series({"RUS": 16.6, "CHN": 438.9}), title="ASEAN's trade", xlabel="US$ billion",
                  ylabel="Partner", source="IMF DOTS", name="bars", highlight=["RUS"])
    fig = plt.gcf()
    texts = [t.get_text() for t in fig.texts]
    assert "Source: IMF DOTS" in texts
    ax = fig.axes[0]
    assert ax.get_xlabel() == "US$ billion" and ax.get_title(loc="left") == "ASEAN's trade"
    colours = {bar.get_facecolor() for bar in ax.patches}
    assert len(colours) == 2, "the highlighted bar stands out"
