"""What notebooks show besides figures: claim tables (whole text, no 0..N index, "$" not "\\$"), full document
labels, and sentences computed from the values a figure shows (hand-made inputs, hand-computed sentences)."""

from __future__ import annotations

import pandas as pd
import pytest
from newasia import notebook
from newasia.notebook import ClaimTable

LONG = (
    "Myanmar reduced the cost of a deep-water port project supported by China in Rakhine State from \\$7.3bn "
    "to \\$1.3bn | and this quote goes on well past the width at which pandas used to cut it with three dots"
)


@pytest.fixture
def claims() -> ClaimTable:
    return ClaimTable(
        [
            {
                "claim": "v-port",
                "quote": LONG,
                "stated": "7.3 US$ billion",
                "verdict": "not testable",
                "why not testable": None,
            },
            {"claim": "v-other", "quote": "Short.", "stated": "2018", "verdict": "supported", "why not testable": None},
        ]
    )


def test_a_claim_table_shows_whole_quotes_without_index_or_escaped_dollars(claims):
    html, markdown, plain = claims._repr_html_(), claims._repr_markdown_(), repr(claims)
    assert "from $7.3bn to $1.3bn | and this quote goes on well past" in html and "\\$" not in html
    assert "mathjax_ignore" in html and "tex2jax_ignore" in html  # "$...$" is never read as mathematics
    assert "<th" in html and ">0<" not in html and ">1<" not in html  # no 0..N index
    assert "why not testable" not in html  # a column empty throughout is left out
    # Markdown: every dollar escaped once, the pipe escaped, the whole quote on one row
    assert "from \\$7.3bn to \\$1.3bn \\| and this quote goes on well past the width at which pandas" in markdown
    assert "\\\\$" not in markdown and markdown.splitlines()[0] == "| claim | quote | stated | verdict |"
    # plain text: whole words, wrapped, no "..." and no backslash before a dollar
    assert "..." not in plain and "\\$" not in plain and " ".join(plain.split()).count("three dots") == 1
    assert all(len(line) <= notebook.PLAIN_WIDTH for line in plain.splitlines())
    assert plain.splitlines()[0] == "claim: v-port"


def test_a_claim_table_stays_a_claim_table_and_shows_a_meaningful_index(claims):
    chosen = claims.set_index("claim")[["stated", "verdict"]]
    assert isinstance(chosen, ClaimTable)
    assert chosen._repr_markdown_().splitlines()[:3] == [
        "| claim | stated | verdict |",
        "|---|---|---|",
        "| v-port | 7.3 US\\$ billion | not testable |",
    ]
    assert isinstance(claims.assign(year=[2019, 2018]).sort_values("year", ignore_index=True), ClaimTable)
    assert isinstance(claims[claims["verdict"] == "supported"], ClaimTable)


def test_cells_show_missing_values_as_empty_and_whole_numbers_without_decimals():
    table = ClaimTable({"claim": ["a", "b"], "year": [1950.0, None], "gap (%)": [12.3, 79900.0]})
    assert table._repr_markdown_().splitlines()[2:] == ["| a | 1950 | 12.3 |", "| b |  | 79,900 |"]


def test_table_displays_a_plain_table(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "display", shown.append)
    notebook.table([{"table": "trade", "rows": 123456, "quote": "US\\$ 4 bn"}])
    assert isinstance(shown[0], ClaimTable)
    assert shown[0]._repr_markdown_().splitlines()[2] == "| trade | 123,456 | US\\$ 4 bn |"


def test_verdict_table_of_the_ledger_keeps_the_whole_quote():
    table = notebook.verdict_table(["n-th-true-milk"])
    assert isinstance(table, ClaimTable) and list(table["claim"]) == ["n-th-true-milk"]
    assert "worth more than US$2 billion invested by TH True Milk Company in Moscow and Kaluga" in table._repr_html_()


@pytest.mark.parametrize("given", ["report", "Russia and Vietnam in the New Asia", "Russia and Vietnam"])
def test_document_label_names_a_document_fully(given):
    assert notebook.document_label(given) == "Russia and Vietnam in the New Asia (Tsvetov et al., 2019)"
    assert notebook.document_label(given, with_source=False) == "Russia and Vietnam in the New Asia"


def test_document_label_of_the_paper_and_of_an_unknown_document():
    assert notebook.document_label("Vietnam") == (
        "Vietnam - Russia relations - 70 years of historical milestones (Nguyen Hung Cuong, 2020)"
    )
    with pytest.raises(KeyError, match="names no document"):
        notebook.document_label("Laos")


OWN = pd.Series([1.0, 2.0, 4.0], index=[2017, 2018, 2019], name="Viet Nam's figures")
MIRROR = pd.Series([1.2, 1.9, 4.6, 5.0], index=[2017, 2018, 2019, 2020], name="Russia's figures")


def test_compare_sentence():
    assert notebook.compare_sentence(OWN, MIRROR, unit="US$ billion") == (
        "In 2019: Viet Nam's figures 4.00 US$ billion, Russia's figures 4.60 US$ billion (0.60 US$ billion higher, "
        "15.0% more). Over 2017-2019: Russia's figures above Viet Nam's figures in 2 of 3 years, the widest gap "
        "0.60 US$ billion in 2019."
    )
    assert notebook.compare_sentence(10 * OWN, 10 * MIRROR, unit="%", names=("own", "mirror"), year=2018) == (
        "In 2018: own 20.0%, mirror 19.0% (1.00 percentage points lower). Over 2017-2019: mirror above own in 2 "
        "of 3 years, the widest gap 6.00 percentage points in 2019."
    )
    assert notebook.compare_sentence(OWN, OWN.rename("again")).startswith(
        "In 2019: Viet Nam's figures and again both 4.00."
    )
    assert notebook.compare_sentence(OWN, MIRROR, year=2020) == (
        "Viet Nam's figures and Russia's figures do not both have a value for 2020."
    )


def test_trend_sentence():
    assert notebook.trend_sentence(OWN, unit="US$ billion") == (
        "Viet Nam's figures rose from 1.00 US$ billion in 2017 to 4.00 US$ billion in 2019 (+300%); its highest "
        "was 4.00 US$ billion in 2019, its lowest 1.00 US$ billion in 2017."
    )
    falling = pd.Series([50.0, 60.0, 40.0], index=[2000, 2001, 2002])
    assert notebook.trend_sentence(falling, unit="%", name="the share") == (
        "The share fell from 50.0% in 2000 to 40.0% in 2002 (10.0 percentage points); its highest was 60.0% in "
        "2001, its lowest 40.0% in 2002."
    )


SHARES = pd.Series({"CHN": 38.2, "JPN": 12.1, "KOR": 9.0, "THA": 9.0, "RUS": 2.1})


def test_share_sentence_follows_the_ranking_rule():
    names = {"CHN": "China", "JPN": "Japan", "KOR": "Korea", "THA": "Thailand", "RUS": "Russia"}
    # Korea and Thailand tie for 3rd: both are among the three largest
    assert notebook.share_sentence(SHARES, names=names, of="partners", highlight="RUS") == (
        "The 4 largest partners are China (38.2%), Japan (12.1%), Korea (9.00%) and Thailand (9.00%), together "
        "68.3%. Russia ranks 5th of 5 partners with 2.10%, behind China (38.2%)."
    )
    assert notebook.share_sentence(SHARES, top=1, names=names.get) == "The largest is China (38.2%)."


def test_rank_sentence():
    assert notebook.rank_sentence(SHARES, "THA", unit="%") == (
        "THA ranks 3rd of 5 with 9.00% (tied with 1 other), behind CHN (38.2%)."
    )
    assert notebook.rank_sentence(SHARES, "CHN", unit="%") == "CHN ranks 1st of 5 with 38.2%, the largest."
    assert notebook.rank_sentence(SHARES, "VNM", of="partners") == "VNM has no value among the partners."
    assert [notebook.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]


def test_effect_sentence_gives_the_interval_and_what_identifies_it():
    effect = {
        "agreement": "A–B",
        "spec": "baseline",
        "pct": -3.2,
        "pct_ci": (-19.6, 16.5),
        "ci": (-0.22, 0.15),
        "n_pairs": 5,
        "post_years": "2017-2020",
    }
    assert notebook.effect_sentence(effect) == (
        "A–B (baseline): -3% change in trade (95% interval -20% to +16%), identified by 5 pairs in the post-entry "
        "years 2017-2020. The interval includes zero: these data cannot rule out no effect."
    )
    clear = effect | {"pct": 40.0, "pct_ci": (10.0, 78.0), "ci": (0.1, 0.58), "n_pairs": 1, "post_years": None}
    assert notebook.effect_sentence(clear, "the pair") == (
        "the pair (baseline): +40% change in trade (95% interval +10% to +78%), identified by 1 pair in the "
        "post-entry years none."
    )


def test_interval_sentence_counts_intervals_that_include_zero():
    frame = pd.DataFrame(
        {"spec": ["a", "b", "c"], "b": [0.1, -0.3, 0.5], "lo": [-0.1, -0.5, 0.2], "hi": [0.3, -0.1, 0.8]}
    )
    assert notebook.interval_sentence(frame, estimate="b", low="lo", high="hi", label="spec", of="specifications") == (
        "Across 3 specifications the estimate ranges from -0.30 (b) to +0.50 log points (c); 1 of the 3 intervals "
        "include zero."
    )
    one = notebook.interval_sentence(frame.iloc[:1], estimate="b", low="lo", high="hi", label="spec", of="terms")
    assert one == "One term (a): +0.10 log points, its 95% interval -0.10 to +0.30 includes zero."
    assert notebook.interval_sentence(frame.iloc[:0], estimate="b", low="lo", high="hi", label="spec") == (
        "None of the rows has an estimate."
    )


def test_sign_sentence():
    values = pd.Series({"THA": -1.0, "VNM": 0.5, "LAO": -0.2})
    assert notebook.sign_sentence(values, unit="log points", names={"THA": "Thailand"}, of="members") == (
        "Below zero for 2 of 3 members (median -0.20 log points); lowest Thailand (-1.00 log points), highest VNM "
        "(+0.50 log points)."
    )
    assert notebook.sign_sentence(pd.Series(dtype=float), of="members") == "None of the members has a value."


def test_tally_sentence_most_frequent_first():
    labels = ["supported", "refuted", "supported", "not testable", "refuted", "supported"]
    assert notebook.tally_sentence(labels) == "Of 6 claims: 3 supported, 2 refuted and 1 not testable."
    assert notebook.tally_sentence([], of="events") == "No events."


def test_reproduced_sentence():
    published = {"estimate": 0.5571853, "se": 0.055771, "observations": 28482}
    same = notebook.reproduced_sentence(published, dict(published, estimate=0.55718531))
    assert same == (
        "The method reproduces the published estimate: coefficient 0.5571853 against 0.5571853, standard error "
        "0.055771 against 0.055771, on 28,482 observations against 28,482."
    )
    assert "does not exactly reproduce" in notebook.reproduced_sentence(published, dict(published, observations=1))


def test_note_shows_only_the_sentences_given(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "display", shown.append)
    notebook.note(None, "One.", "", "Two US$ 3.")
    notebook.note(None)
    assert [s.data for s in shown] == ["One. Two US\\$ 3."]


def test_stated_marks_and_level_come_from_the_ledger():
    marks = notebook.stated_marks(["n-trade-2001", "n-trade-2018"], prefix="paper")
    assert [year for year, _, _ in marks] == [2001, 2018]
    assert all(label.startswith("paper ") for _, _, label in marks)
    value, label = notebook.stated_level("n-10bn-target", prefix="paper")
    assert value == 10 and label == "paper: target for 2020"


def test_balance_words():
    assert notebook.balance_words(1.234, "Russian") == "a Russian deficit of 1.23 US$ billion"
    assert notebook.balance_words(-4.0, "Russian") == "a Russian surplus of 4.00 US$ billion"


def test_vintage_sentences():
    frame = pd.DataFrame(
        {
            "claim": ["c-1", "c-1", "c-2"],
            "2018-08": [1.0, 2.5, 3.0],
            "current": [1.0, 2.75, 3.1234],
            "years in 2018-08": [5, 5, 4],
            "years in current": [5, 6, 5],
            "changed": [False, True, True],
        }
    )
    sentences = notebook.vintage_sentences(frame, "2018-08")
    assert sentences[0] == (
        "3 reading(s) of 2 claim(s) use World Bank indicators; 2 of them give a different value (to 6 decimals: "
        "c-1, c-2) in the 2018-08 vintage than today."
    )
    assert sentences[2] == "c-1: 2.500 in the 2018-08 vintage (5 years of data), 2.750 today (6 years)"
    assert len(sentences) == 4
