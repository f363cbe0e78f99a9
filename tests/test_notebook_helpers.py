"""What notebooks show besides figures: claim tables (whole text, no 0..N index, "$" not "\\$"), full document
labels, and sentences computed from the values a figure shows (hand-made inputs, hand-computed sentences)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from newasia import notebook, trade
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


# ---------------------------------------------------------------------------------------------------------------
# The reading after a figure: sentences from planted values


def test_interpret_shows_the_sentences_as_one_paragraph(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "display", shown.append)
    notebook.interpret("First, US$ 4 bn.", "", "  Second.  ")
    assert shown[0].data == "First, US\\$ 4 bn. Second."


def test_sides_sentence_gives_each_side_and_the_spread():
    values = pd.Series({"own figures": 57.4, "mirror figures": 55.0, "a third side": None})
    assert notebook.sides_sentence(values, unit="%", what="the share", year=2017) == (
        "In 2017 the share was 57.4% by own figures and 55.0% by mirror figures, 2.40 percentage points apart; "
        "no value by a third side."
    )
    assert notebook.sides_sentence({"all": 4.0, "extra": 4.0}, unit="US$ billion", by="of") == (
        "The value was 4.00 US$ billion of all and 4.00 US$ billion of extra, the same from every side."
    )
    assert notebook.sides_sentence({"own": None}, what="the total", year=2020) == (
        "In 2020 the total has no value from any side."
    )


def test_growth_sentence_reads_a_growth_by_side_table():
    index = pd.MultiIndex.from_tuples(
        [("own", "ASEAN"), ("mirror", "ASEAN"), ("own", "EU")], names=["reading", "partner"]
    )
    table = pd.DataFrame({"2011 (US$ bn)": [10.0, 10.0, 1.0], "2017 (US$ bn)": [12.0, 9.0, 1.0]}, index=index).assign(
        **{trade.CUMULATIVE: [20.0, -10.0, 0.0], trade.ANNUAL: [3.09, -1.74, 0.0]}
    )
    assert notebook.growth_sentence(table, "ASEAN", what="trade with ASEAN") == (
        "From 2011 to 2017 trade with ASEAN changed by +20% (+3.1% a year) by own and by -10% (-1.7% a year) by mirror."
    )


def test_since_sentence():
    assert notebook.since_sentence({"own figures": 2015, "mirror figures": None}, 2017) == (
        "A deficit every year from 2015 to 2017 by own figures; none in 2017 by mirror figures."
    )


def test_extremes_sentence():
    growth = pd.Series({"CHN": 120.0, "JPN": 5.0, "KOR": None})
    assert notebook.extremes_sentence(
        growth, unit="%", names={"CHN": "China", "JPN": "Japan"}, what="Trade grew", most="fastest", least="slowest"
    ) == ("Trade grew fastest with China (120%) and slowest with Japan (5.00%).")
    assert (
        notebook.extremes_sentence(pd.Series({"CHN": 1.0}), what="the value is")
        == "The value is largest with CHN (1.00)."
    )


def test_change_sentence():
    assert notebook.change_sentence(194, 292, start="2009-01-01", end="2019-01-01", what="Agreements in force") == (
        "Agreements in force went from 194 on 2009-01-01 to 292 on 2019-01-01 (+98, +50.5%)."
    )
    assert notebook.change_sentence(54.8, 56.8, start=2013, end=2018, unit="%", what="the share") == (
        "The share went from 54.8% in 2013 to 56.8% in 2018 (+2.00 percentage points)."
    )
    assert notebook.change_sentence(20.0, 15.0, start=2000, end=2010, unit="US$ billion", what="trade") == (
        "Trade went from 20.0 US$ billion in 2000 to 15.0 US$ billion in 2010 (-5.00 US$ billion, -25.0%)."
    )


def test_below_sentence_follows_the_ranking_rule():
    values = pd.Series({"CHN": 400.0, "RUS": 16.6, "CAN": 13.8, "NZL": 9.5, "IND": 16.6})
    assert notebook.below_sentence(values, "RUS", unit="US$ billion") == (
        "Below RUS: CAN (13.8 US$ billion) and NZL (9.50 US$ billion)."  # India ties with Russia: not below it
    )
    assert notebook.below_sentence(values, "NZL") == "Nothing ranks below NZL."


def test_revision_sentence():
    assert notebook.revision_sentence("GDP (US$ billion)", 2016, 205.0, 256.0, then="2018-08") == (
        "GDP (US$ billion) for 2016: 205 in the 2018-08 vintage, 256 today (revised by +24.9%)."
    )
    assert notebook.revision_sentence("Exports (% of GDP)", 2016, 93.6, 74.1, then="2018-08", unit="%") == (
        "Exports (% of GDP) for 2016: 93.6% in the 2018-08 vintage, 74.1% today (revised by -19.5 percentage points)."
    )


def test_verdict_sentence(monkeypatch):
    claim = SimpleNamespace(document="report", quote="more than 58\\%")
    monkeypatch.setattr(notebook, "evaluation", lambda i: SimpleNamespace(claim=claim, verdict="not supported"))
    assert notebook.verdict_sentence("v-x") == 'The report\'s "more than 58\\%" (v-x): **not supported**.'
    assert notebook.verdict_sentence("v-x", "58%") == 'The report\'s "58%" (v-x): **not supported**.'


def test_growth_sentence_says_which_side_has_no_change():
    index = pd.MultiIndex.from_tuples([("own", "EAEU"), ("mirror", "EAEU")], names=["reading", "partner"])
    table = pd.DataFrame({"2013 (US$ bn)": [None, 2.0], "2019 (US$ bn)": [11.0, 3.0]}, index=index)
    table = table.assign(**{trade.CUMULATIVE: [None, 50.0], trade.ANNUAL: [None, 7.0]})
    assert notebook.growth_sentence(table, "EAEU", what="trade") == (
        "From 2013 to 2019 trade changed by +50% (+7.0% a year) by mirror; no change can be computed by own (a year "
        "without a value)."
    )
    assert notebook.growth_sentence(table.iloc[:1], "EAEU", what="trade") == (
        "From 2013 to 2019, no change can be computed by own (a year without a value) for trade."
    )


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


def test_interpret_leaves_out_missing_sentences_and_shows_nothing_without_any(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "display", shown.append)
    notebook.interpret(None, "One.", "", "Two US$ 3.")
    notebook.interpret(None)
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
