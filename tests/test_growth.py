"""Growth measures on hand-computable series."""

import math

import numpy as np
import pandas as pd
import pytest
from newasia import growth
from newasia.growth import _ols_slope


def test_cumulative_and_annual_change():
    found = growth.change(pd.Series({2011: 100.0, 2017: 112.0}), 2011, 2017)
    assert found.cumulative_pct == pytest.approx(12.0)
    assert found.annual_pct == pytest.approx(100 * (1.12 ** (1 / 6) - 1))  # 1.91% a year


def test_change_needs_both_years_and_order():
    with pytest.raises(ValueError, match="no value for 2012"):
        growth.change(pd.Series({2011: 1.0}), 2011, 2012)
    with pytest.raises(ValueError, match="must come after"):
        growth.change(pd.Series({2011: 1.0, 2012: 2.0}), 2012, 2011)


def test_trend_recovers_an_exact_growth_rate():
    years = range(2000, 2011)
    series = pd.Series({y: 50 * 1.07 ** (y - 2000) for y in years})
    fitted = growth.trend(series, 2000, 2010)
    assert fitted.annual_pct == pytest.approx(7.0)
    assert fitted.ci_low_pct == pytest.approx(7.0) and fitted.ci_high_pct == pytest.approx(7.0)
    assert fitted.direction == "rising" and fitted.observations == 11


def test_trend_of_noise_has_no_clear_direction():
    series = pd.Series({2000: 10.0, 2001: 12.0, 2002: 9.0, 2003: 11.5, 2004: 9.5, 2005: 11.0})
    fitted = growth.trend(series, 2000, 2005)
    assert fitted.ci_low_pct < 0 < fitted.ci_high_pct
    assert fitted.direction == "no clear trend"


def test_trend_needs_three_positive_values():
    with pytest.raises(ValueError, match="at least 3"):
        growth.trend(pd.Series({2000: 1.0, 2001: np.nan, 2002: -1.0, 2003: 2.0}), 2000, 2003)
    assert math.isfinite(growth.trend(pd.Series({2000: 1.0, 2001: 2.0, 2002: 4.0}), 2000, 2002).annual_pct)


def test_trend_fit_equals_statsmodels_ols_to_the_last_bit():
    sm = pytest.importorskip("statsmodels.api")
    rng = np.random.default_rng(7)
    for n in (3, 4, 9, 25, 62):
        years = np.sort(rng.choice(np.arange(1960, 2022), n, replace=False)).astype(float)
        y = np.log(rng.lognormal(3, 1, n)) + 0.05 * np.arange(n)
        x = years - years.mean()
        fit = sm.OLS(y, sm.add_constant(x)).fit()
        low, high = fit.conf_int(alpha=0.05)[1]
        assert _ols_slope(x, y) == (fit.params[1], low, high)
