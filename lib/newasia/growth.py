"""Growth between two years (cumulative and compound annual) and trend growth with a confidence interval."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm


@dataclass(frozen=True)
class Change:
    """Change of a value between two years."""

    start_year: int
    end_year: int
    start: float
    end: float

    @property
    def defined(self) -> bool:
        """Growth is defined only between two positive values (not for a balance that changes sign)."""
        return self.start > 0 and self.end > 0

    @property
    def cumulative_pct(self) -> float:
        """(end / start - 1) x 100: the change over the whole period (NaN where growth is undefined)."""
        return 100 * (self.end / self.start - 1) if self.defined else float("nan")

    @property
    def annual_pct(self) -> float:
        """Compound annual growth rate, percent: (end / start) ^ (1 / years) - 1 (NaN where undefined)."""
        if not self.defined:
            return float("nan")
        return 100 * ((self.end / self.start) ** (1 / (self.end_year - self.start_year)) - 1)


def change(series: pd.Series, start_year: int, end_year: int) -> Change:
    """The change of `series` (indexed by year) from `start_year` to `end_year`."""
    if end_year <= start_year:
        raise ValueError(f"end year {end_year} must come after start year {start_year}")
    missing = [y for y in (start_year, end_year) if pd.isna(series.get(y, np.nan))]
    if missing:
        raise ValueError(f"no value for {', '.join(map(str, missing))}")
    return Change(start_year, end_year, float(series[start_year]), float(series[end_year]))


@dataclass(frozen=True)
class Trend:
    """Log-linear trend: value = exp(a + b * year); growth = exp(b) - 1, with its 95% confidence interval."""

    start_year: int
    end_year: int
    annual_pct: float
    ci_low_pct: float
    ci_high_pct: float
    observations: int

    @property
    def direction(self) -> str:
        """'rising' or 'falling' when the 95% interval excludes zero, else 'no clear trend'."""
        if self.ci_low_pct > 0:
            return "rising"
        if self.ci_high_pct < 0:
            return "falling"
        return "no clear trend"


def trend(series: pd.Series, start_year: int, end_year: int) -> Trend:
    """Fit log(value) = a + b * year by OLS over the years in [start_year, end_year] with positive values."""
    window = series.loc[start_year:end_year].dropna()
    window = window[window > 0]
    if len(window) < 3:
        raise ValueError(f"a trend needs at least 3 positive values in {start_year}-{end_year}, "
                         f"found {len(window)}")
    years = window.index.to_numpy(dtype=float)
    fit = sm.OLS(np.log(window.to_numpy(dtype=float)), sm.add_constant(years - years.mean())).fit()
    low, high = fit.conf_int(alpha=0.05)[1]
    to_pct = lambda b: 100 * (np.exp(b) - 1)  # noqa: E731
    return Trend(start_year, end_year, float(to_pct(fit.params[1])), float(to_pct(low)), float(to_pct(high)),
                 len(window))
