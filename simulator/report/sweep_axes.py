"""What a sweep varied and how its page shows it.

The swept parameters, the view of a dispatch sweep (:class:`SweepView`: axes, held values,
optimised parameters; :func:`choose_axes`), the texts of swept values and the table of the swept
parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.core.errors import InputError
from simulator.report.i18n import tr
from simulator.report.inputs import _dim_label, _share_var
from simulator.report.page import Page

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["SweepView", "choose_axes"]

_CAPS = ("wind_mw", "solar_mw", "storage_mwh", "storage_mw")
#: A share within this of its target meets it (as simulator.core.kpis.SHARE_TOLERANCE).
_TOL = 1e-9
#: Marker and dash style of the lines of each year (distinguishable in black and white).
_YEAR_STYLES = [("o", "-"), ("s", "--"), ("^", ":"), ("D", "-."), ("v", (0, (5, 1))), ("P", "-")]


def _is_lp_sweep(ds: Any) -> bool:
    return "objective" in ds.data_vars and "lp_renewable_share" in ds.data_vars


def _grid_dims(ds: Any) -> list[str]:
    share = ds[_share_var(ds)]
    return [d for d in share.dims if d not in ("year", "weather_year")]


def _swept(ds: Any) -> list[str]:
    grid = _grid_dims(ds)
    swept = [d for d in grid if ds.sizes[d] > 1]
    return swept or grid[:1]


@dataclass
class SweepView:
    """How a sweep is shown.

    Attributes
    ----------
    x, y : str, str or None
        Parameters on the horizontal and vertical axes.
    fixed : dict
        Parameters held at a value (chosen by the user, or of a single value).
    optimised : list of str
        Parameters chosen at each point (cheapest design that meets the target).
    years : list of int
    n_weather : int
    """

    x: str
    y: str | None
    fixed: dict[str, float] = field(default_factory=dict)
    optimised: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    n_weather: int = 1


def choose_axes(
    ds: Any, axes: Sequence[str] | None = None, fixed: dict[str, float] | None = None
) -> SweepView:
    """Check ``axes`` and ``fixed`` against the sweep and return the view.

    Raises
    ------
    InputError
        An axis or fixed parameter that is not swept, the same one twice, or a fixed value that
        is not one of the swept values (naming the argument ``axes`` or ``fixed``).
    """
    grid = _grid_dims(ds)
    swept = _swept(ds)
    fixed = dict(fixed or {})
    for name, value in fixed.items():
        if name not in grid:
            raise InputError("fixed", name, f"not a swept parameter (swept: {', '.join(grid)})")
        vals = np.asarray(ds[name].values, dtype=float)
        hit = np.isclose(vals, float(value), rtol=1e-9, atol=1e-9)
        if not hit.any():
            shown = ", ".join(f"{v:g}" for v in vals[:12])
            raise InputError("fixed", name, f"{value:g} is not a swept value (values: {shown})")
        fixed[name] = float(vals[np.argmax(hit)])
    if axes:
        axes = list(axes)
        for a in axes:
            if a not in grid:
                raise InputError("axes", a, f"not a swept parameter (swept: {', '.join(grid)})")
            if a in fixed:
                raise InputError("axes", a, "is also held at a value (fixed)")
        if len(axes) > 2 or len(set(axes)) != len(axes):
            raise InputError("axes", None, "give one or two different swept parameters")
        x, y = axes[0], (axes[1] if len(axes) > 1 else None)
    else:
        free = [d for d in swept if d not in fixed]
        if not free:
            raise InputError("fixed", None, "leaves no swept parameter for the axes")
        x, y = free[0], (free[1] if len(free) > 1 else None)
    for d in grid:
        if d not in (x, y) and d not in fixed and ds.sizes[d] == 1:
            fixed[d] = float(np.asarray(ds[d].values, dtype=float)[0])
    optimised = [d for d in grid if d not in (x, y) and d not in fixed]
    share = ds[_share_var(ds)]
    years = [int(v) for v in ds["year"].values] if "year" in share.dims else []
    n_weather = int(share.sizes.get("weather_year", 1))
    return SweepView(x, y, fixed, optimised, years, n_weather)


def _coord(v: Any) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    return f"{f:,.0f}" if f == round(f) else f"{f:,.4g}"


def _coord_list(values: Any, lang: str) -> str:
    vals = np.asarray(values)
    if vals.size > 6 and np.issubdtype(vals.dtype, np.number):
        steps = np.diff(vals.astype(float))
        if np.allclose(steps, steps[0], rtol=1e-9, atol=1e-12):
            return tr(
                "range_v",
                lang,
                a=_coord(vals[0]),
                b=_coord(vals[-1]),
                step=_coord(steps[0]),
                n=vals.size,
            )
    return ", ".join(_coord(v) for v in vals)


def _values_text(values: dict[str, Any], lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{_dim_label(d, lang)} = {_coord(v)}" for d, v in values.items())


def _dims_table(page: Page, ds: Any, n_weather: int) -> None:
    lang = page.lang
    grid = _grid_dims(ds)
    rows = [[(_dim_label(d, lang), "rowhead"), (_coord_list(ds[d].values, lang), "")] for d in grid]
    share = ds[_share_var(ds)]
    if "weather_year" in share.dims:
        rows.append(
            [
                (tr("weather_years", lang), "rowhead"),
                (_coord_list(ds["weather_year"].values, lang), ""),
            ]
        )
    n = int(np.prod([ds.sizes[d] for d in grid])) if grid else 1
    rows.append([(tr("sweep_scenarios", lang), "rowhead"), (f"{n * n_weather:,}", "")])
    page.table(
        tr("tab_sweep_dims", lang),
        [tr("col_parameter", lang), tr("col_values", lang)],
        rows,
        "table-sweep-dims",
    )
