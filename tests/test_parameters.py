"""The parameter matrix: every analysis notebook run through papermill for settings chosen to stress it.

Each setting either runs cleanly, and its output names the new pair (or group, region, document), or stops at the
validation cell with a ParameterError naming the parameter. The notebooks run into a temporary folder, with their
figures in another (NEWASIA_FIGURES_DIR): nothing is written into the repository. They run in a small process pool
(two kernels at a time: the machine has two cores) inside one test, so the whole matrix takes a few minutes.

Every error setting is also checked in-process against newasia.coverage.check_parameters (the function the
notebooks call), which is fast; one per notebook runs through papermill as well, to show the notebook calls it.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from newasia import coverage
from newasia.errors import ParameterError
from newasia.groups import name_of
from newasia.paths import NOTEBOOKS_DIR, REPO_ROOT

NOTEBOOK = {
    path.name[:2]: path for path in NOTEBOOKS_DIR.glob("[01][0-9]-*.ipynb") if path.name[:2] in coverage.NOTEBOOKS
}

EXPECT = "_expect"  # in a clean setting: a sentence the output must contain besides the names (not a parameter)

# notebook -> settings expected to run cleanly (a large economy without product data in 03; ...)
CLEAN: dict[str, list[dict]] = {
    "01": [
        {"GROUP": "ASEAN", "MEMBERSHIP_DATE": None, "START": 2000, "END": 2020},  # a group, own members each year
        {"GROUP": "EU", "START": 1995, "END": 2021},
        {"GROUP": "EAEU", "START": 2015, "END": 2021},
    ],
    "02": [
        {"REGION": "Europe", "START": 2000, "END": 2020},
        {"REGION": "South America"},
        {"REGION": "Africa", "START": 1995, "END": 2010},
    ],
    "03": [
        {"COUNTRY": "CHN", EXPECT: "not shown, because the products data do not include China as a reporter"},
        {"COUNTRY": "IND", "GROUP": "EAEU", "YEAR": 2019, "START": 2000},
        {"COUNTRY": "THA"},
    ],  # a member of the group itself
    "04": [
        {"COUNTRY": "THA"},
        {"COUNTRY": "IND", "YEAR": 2019, "GROWTH_START": 2010, "BLOCS": ["EAEU"]},
        {"COUNTRY": "RUS", "YEAR": 2015, "TOP_N": 5},
    ],
    "05": [{"COUNTRY": "THA"}, {"COUNTRY": "RUS"}, {"COUNTRY": "CHN", "REPORT_DATE": "2010-01-01"}],
    "06": [
        {"COUNTRY": "IND", "HOST": "USA"},
        {"COUNTRY": "THA", "START": 2018, "END": 2023, "YEAR": 2019},
        {"COUNTRY": "IDN", "HOST": "GBR", "YEAR": 2013},
    ],
    "07": [
        {"COUNTRY": "IND", "SUPPLIER": "RUS"},
        {"COUNTRY": "THA", "SUPPLIER": "USA", "START": 2010},
        {"COUNTRY": "CHN", "SUPPLIER": "RUS", "STUDENTS_YEAR": 2019},
    ],
    "08": [
        {"COUNTRY": "THA", "PARTNER": "JPN", EXPECT: "After the ASEAN - Japan"},  # the pair's own agreement
        {
            "COUNTRY": "TWN",
            "PARTNER": "VNM",  # a country that does not report to the IMF
            EXPECT: "own figures have no total",
        },
        {
            "COUNTRY": "CHN",
            "PARTNER": "RUS",
            "START": 2000,
            "END": 2020,  # no agreement between the two
            EXPECT: "After a free-trade agreement: not shown",
        },
        {"COUNTRY": "VNM", "PARTNER": "EAEU"},
    ],  # a group in place of a country
    "09": [
        {"DOCUMENT": "report", "OTHER": "paper", "FIRST_YEAR": 1900},
        {"FIRST_YEAR": 1950, "LAST_YEAR": 1990},
        {"DOCUMENT": "paper", "OTHER": "paper"},
    ],
    "10": [
        {"COUNTRY": "IND", "SUPPLIER": "RUS"},
        {"COUNTRY": "THA", "SUPPLIER": "USA", "PERIOD_YEARS": 4},
        {"COUNTRY": "CHN", "SUPPLIER": "RUS", "START": 2000, "END": 2009},
    ],
    "12": [
        # another agreement, estimated in one specification only; no term for the pair alone
        {"AGREEMENT": "CPTPP", "COUNTRY": "VNM", "PARTNER": "JPN", "SPEC": "vietnam", EXPECT: "alone: not shown"},
        # an agreement of the WTO list that no committed specification estimates, a country without its own
        # specification, a benchmark that is not an ASEAN dialogue partner: sentences, no estimation
        {
            "AGREEMENT": "EU - Korea, Republic of",
            "COUNTRY": "KOR",
            "PARTNER": "DEU",
            "BENCHMARK": "BRA",
            EXPECT: "no stored specification has its term",
        },
        # another pair of the default agreement, another main specification and benchmark
        {"COUNTRY": "VNM", "PARTNER": "KAZ", "SPEC": "no-2020", "BENCHMARK": "USA"},
    ],
}

# notebook -> settings that must stop with a ParameterError naming the parameter (the first runs in papermill)
ERRORS: dict[str, list[tuple[dict, str]]] = {
    "01": [({"START": 1950}, "START"), ({"GROUP": "NOPE"}, "GROUP")],
    "02": [({"END": 2040}, "END"), ({"REGION": "Atlantis"}, "REGION")],
    "03": [({"COUNTRY": "XXX"}, "COUNTRY"), ({"YEAR": 2030}, "YEAR"), ({"START": 2010, "END": 2000}, "START")],
    "04": [({"YEAR": 2030}, "YEAR"), ({"COUNTRY": "XXX"}, "COUNTRY"), ({"BLOCS": ["NOPE"]}, "BLOCS")],
    "05": [({"COUNTRY": "XXX"}, "COUNTRY"), ({"REPORT_DATE": "2100-01-01"}, "REPORT_DATE")],
    "06": [({"START": 1990}, "START"), ({"HOST": "XXX"}, "HOST"), ({"YEAR": 2022}, "YEAR")],
    "07": [({"END": 2030}, "END"), ({"SUPPLIER": "XXX"}, "SUPPLIER")],
    "08": [({"START": 1950, "END": 1960}, "START"), ({"END": 2030}, "END"), ({"PARTNER": "XXX"}, "PARTNER")],
    "09": [({"DOCUMENT": "book"}, "DOCUMENT")],
    "10": [({"SUPPLIER": "XXX"}, "SUPPLIER"), ({"START": 1990}, "START")],
    "12": [({"AGREEMENT": "Atlantis FTA"}, "AGREEMENT"), ({"SPEC": "nope"}, "SPEC"), ({"COUNTRY": "XXX"}, "COUNTRY")],
}

DEFAULTS = {
    key: dict(params)
    for key, params in {
        # the defaults the check needs for in-process error checks (the notebooks' parameters cells)
        "01": {"GROUP": "ADB_REGIONAL", "MEMBERSHIP_DATE": "2018-12-31", "START": 1990, "END": 2020},
        "02": {"REGION": "East Asia", "START": 1990, "END": 2025},
        "03": {"COUNTRY": "RUS", "GROUP": "ASEAN", "YEAR": 2017, "START": 1995, "END": 2020},
        "04": {"COUNTRY": "VNM", "YEAR": 2017, "GROWTH_START": 2012, "TOP_N": 8, "BLOCS": ["ASEAN", "EU"]},
        "05": {"COUNTRY": "VNM", "REPORT_DATE": "2019-01-01"},
        "06": {"COUNTRY": "VNM", "START": 2013, "END": 2017, "HOST": "AUS", "YEAR": 2017},
        "07": {"COUNTRY": "VNM", "SUPPLIER": "RUS", "START": 2000, "END": 2023, "WINDOW": 5, "STUDENTS_YEAR": 2017},
        "08": {"COUNTRY": "VNM", "PARTNER": "RUS", "START": 1995, "END": 2021},
        "09": {"DOCUMENT": "paper", "OTHER": "report", "FIRST_YEAR": 1780, "LAST_YEAR": 2020},
        "10": {"COUNTRY": "VNM", "SUPPLIER": "RUS", "START": 2010, "END": 2019, "PERIOD_YEARS": 5},
        "12": {
            "AGREEMENT": "EAEU–Viet Nam",
            "COUNTRY": "VNM",
            "PARTNER": "RUS",
            "SPEC": "baseline",
            "BENCHMARK": "RUS",
        },
    }.items()
}

WORKERS = 2
PAPERMILL_ERRORS = ("03", "04", "08", "12")  # error settings also run through papermill (the rest: in-process only)


def _names(params: dict) -> list[str]:
    """What a clean run's output must name: the countries and groups, the region or the document."""
    words = []
    for key, value in params.items():
        if key in ("COUNTRY", "PARTNER", "SUPPLIER", "GROUP", "HOST"):
            words.append(name_of(value))
        elif key in ("REGION", "AGREEMENT", EXPECT):
            words.append(value)
        elif key == "DOCUMENT":
            words.append(f"of the {value}")
    return words


def _run(key: str, params: dict, out_dir: Path, label: str) -> tuple[bool, str, float]:
    """Run one notebook with papermill (in a pool worker: papermill is imported once per worker); (succeeded,
    output text, seconds)."""
    import papermill

    out = out_dir / f"{key}-{label}.ipynb"
    figures = out_dir / f"figures-{key}-{label}"
    figures.mkdir()
    os.environ["NEWASIA_FIGURES_DIR"] = str(figures)  # the kernel inherits it; one run at a time per worker
    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            str(NOTEBOOK[key]),
            str(out),
            parameters=params,
            cwd=str(NOTEBOOKS_DIR),
            progress_bar=False,
            log_output=False,
            kernel_name="python3",
        )
        ok, text = True, ""
    except papermill.PapermillExecutionError as error:
        ok, text = False, f"{error.ename}: {error.evalue}"
    seconds = time.perf_counter() - started
    if out.exists():
        cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
        text += "\n".join(
            str(o.get("text", ""))
            + json.dumps(o.get("data", {}).get("text/markdown", ""))
            + json.dumps(o.get("data", {}).get("text/plain", ""))
            + str(o.get("evalue", ""))
            for c in cells
            for o in c.get("outputs", [])
        )
    return ok, text, seconds


def _job(job: tuple) -> tuple:
    key, params, label, _, out_dir = job
    return _run(key, {k: v for k, v in params.items() if k != EXPECT}, out_dir, label)


def test_error_settings_in_process():
    for key, settings in ERRORS.items():
        for params, parameter in settings:
            with pytest.raises(ParameterError) as raised:
                coverage.check_parameters(key, **{**DEFAULTS[key], **params})
            assert raised.value.parameter == parameter, (key, params, str(raised.value))
            assert repr(raised.value.value) in str(raised.value)
        coverage.check_parameters(key, **DEFAULTS[key])


def test_defaults_match_the_notebooks():
    """DEFAULTS above are the notebooks' parameters cells (so the in-process checks test the real settings)."""
    for key, path in NOTEBOOK.items():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = next("".join(c["source"]) for c in cells if "parameters" in c["metadata"].get("tags", []))
        values: dict = {}
        exec(source, {}, values)
        assert values == DEFAULTS[key], key


@pytest.mark.skipif(os.environ.get("NEWASIA_SKIP_MATRIX") == "1", reason="NEWASIA_SKIP_MATRIX=1")
def test_parameter_matrix(tmp_path, capsys):
    jobs = [
        (key, params, f"clean{i}", True, tmp_path)
        for key, settings in CLEAN.items()
        for i, params in enumerate(settings)
    ]
    jobs += [
        (key, settings[0][0], "error", False, tmp_path) for key, settings in ERRORS.items() if key in PAPERMILL_ERRORS
    ]
    before = set(p for p in (REPO_ROOT / "figures").iterdir())
    started = time.perf_counter()
    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(zip(jobs, pool.map(_job, jobs), strict=True))
    elapsed = time.perf_counter() - started
    failures = []
    rows = []
    for (key, params, _label, clean, _), (ok, text, seconds) in results:
        if clean:
            missing = [word for word in _names(params) if word not in text]
            outcome = "clean run" if ok and not missing else f"FAILED (missing {missing})" if ok else "FAILED"
            if not ok or missing:
                failures.append(f"{key} {params}: {outcome}\n{text[-3000:]}")
        else:
            parameter = ERRORS[key][0][1]
            outcome = f"ParameterError {parameter}"
            if ok or "ParameterError" not in text or f"parameter {parameter!r} " not in text:
                failures.append(f"{key} {params}: expected ParameterError naming {parameter}\n{text[-3000:]}")
                outcome = "FAILED"
        rows.append(f"{key} {json.dumps(params):<80} {outcome:<30} {seconds:5.1f} s")
    with capsys.disabled():
        print("\n" + "\n".join(rows) + f"\nparameter matrix: {len(jobs)} runs in {elapsed:.0f} s")
    assert set(p for p in (REPO_ROOT / "figures").iterdir()) == before, "a run wrote into figures/"
    assert not failures, "\n\n".join(failures)
