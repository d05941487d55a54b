"""The sizing LP of docs/model.md §5 assembled directly with numpy and scipy.sparse (the floor).

No modelling layer: every equation family is a block of (row, column, value) triplets computed
with whole-array numpy operations, turned into one CSC matrix and handed to HiGHS with one
``Highs.passModel`` call. This is the fastest way the same LP can reach HiGHS from Python, so
the benchmark (``benchmarks.bench_lp``) reports every other path as a multiple of it.

It is written from ``docs/model.md`` §5, not from :mod:`solvers.lp` (only
:class:`~solvers.lp.LPData` and its cost helpers are shared), and builds exactly the same LP: the
same families switched on and off by the same data, variables that are off left out, constant
limits as column bounds. The benchmark checks that it reaches the same optimum as the Pyomo model.

Columns: ``cap[a, y]`` first (index ``a * years + y``), then every hourly variable that is
present, in the order of :data:`solvers.lp.HOURLY_VARIABLES`, each a block ``y * hours + t``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from solvers.lp import HOURLY_VARIABLES, LPData, annualised_cost_per_unit, discount_factors

__all__ = ["FloorLP", "build_floor", "to_highs"]


@dataclass
class FloorLP:
    """The LP as arrays, ready for HiGHS (``min c·x + offset, row_lower ≤ A x ≤ row_upper``).

    Attributes
    ----------
    A : scipy.sparse.csc_array
        Constraint matrix, rows × columns.
    c : numpy.ndarray
        Cost of each column.
    offset : float
        Constant of the objective (existing capacity costs nothing).
    col_lower, col_upper, row_lower, row_upper : numpy.ndarray
        Bounds (±inf where none).
    columns : dict of str to slice
        Columns of ``cap`` (shape ``(4, years)``) and of each hourly variable (``(years, hours)``).
    families : dict of str to slice
        Rows of each constraint family, named as in docs/model.md §5.
    """

    A: sp.csc_array
    c: np.ndarray
    offset: float
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    columns: dict[str, slice]
    families: dict[str, slice]

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return self.A.shape


class _Rows:
    """Collects triplets family by family."""

    def __init__(self) -> None:
        self.r: list[np.ndarray] = []
        self.c: list[np.ndarray] = []
        self.v: list[np.ndarray] = []
        self.lo: list[np.ndarray] = []
        self.hi: list[np.ndarray] = []
        self.n = 0
        self.families: dict[str, slice] = {}

    def family(self, name: str, nrows: int, terms: list, lo, hi) -> None:
        """Add a family of ``nrows`` rows with bounds ``lo``, ``hi``.

        ``terms`` are (columns, values) arrays of length ``nrows`` (one term in each row) or
        (row offsets, columns, values) for rows with many terms.
        """
        base = self.n
        for term in terms:
            if len(term) == 2:
                cols, vals = term
                rows = np.arange(nrows)
            else:
                rows, cols, vals = term
            cols = np.asarray(cols, dtype=np.int64)
            vals = np.broadcast_to(np.asarray(vals, dtype=float), cols.shape)
            rows = np.broadcast_to(np.asarray(rows, dtype=np.int64), cols.shape)
            keep = vals != 0
            if not keep.all():
                rows, cols, vals = rows[keep], cols[keep], vals[keep]
            self.r.append(rows + base)
            self.c.append(cols)
            self.v.append(vals)
        self.lo.append(np.broadcast_to(np.asarray(lo, dtype=float), (nrows,)))
        self.hi.append(np.broadcast_to(np.asarray(hi, dtype=float), (nrows,)))
        self.families[name] = slice(base, base + nrows)
        self.n += nrows


@dataclass(frozen=True, eq=False)
class _Layout:
    """Column layout: ``cap`` first (a * years + y), then each present hourly variable."""

    data: LPData
    present: dict[str, bool]
    columns: dict[str, slice]
    ncol: int

    @classmethod
    def of(cls, data: LPData) -> _Layout:
        ny, nh = data.years, data.years * data.hours
        present = {
            "direct_mw": True,
            "charge_mw": data.has_storage,
            "discharge_mw": data.has_storage,
            "soc_mwh": data.has_storage,
            "export_mw": data.has_export,
            "curtailed_mw": True,
            "coal_mw": data.has_coal,
            "import_mw": data.has_import,
            "unserved_mw": True,
        }
        columns: dict[str, slice] = {"cap": slice(0, 4 * ny)}
        start = 4 * ny
        for name in HOURLY_VARIABLES:
            if present[name]:
                columns[name] = slice(start, start + nh)
                start += nh
        return cls(data, present, columns, start)

    def col(self, name: str) -> np.ndarray:
        """Columns of an hourly variable (y * hours + t order)."""
        s = self.columns[name]
        return np.arange(s.start, s.stop)

    def cap_col(self, a: int) -> np.ndarray:
        """Column of cap[a, y] for every hour of every year (y * hours + t order)."""
        return np.repeat(a * self.data.years + np.arange(self.data.years), self.data.hours)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) bounds of the columns."""
        data, ny, cols = self.data, self.data.years, self.columns
        col_lower = np.zeros(self.ncol)
        col_upper = np.full(self.ncol, np.inf)
        col_lower[: 4 * ny] = np.repeat(data.existing, ny)
        col_upper[: 4 * ny] = np.repeat(data.maximum, ny)
        if data.has_export:
            col_upper[cols["export_mw"]] = data.export_max_mw
        if data.has_import:
            col_upper[cols["import_mw"]] = data.import_max_mw
        if data.has_coal:
            col_lower[cols["coal_mw"]] = data.coal_min_load_share * data.coal_mw
            col_upper[cols["coal_mw"]] = data.coal_mw
        return col_lower, col_upper


def build_floor(data: LPData) -> FloorLP:
    """Assemble the cost LP of docs/model.md §5 from ``data`` with numpy and scipy.sparse.

    Parameters
    ----------
    data : LPData
        Inputs (any weights, hours and years).

    Returns
    -------
    FloorLP
        Matrix, bounds and costs.
    """
    lay = _Layout.of(data)
    col_lower, col_upper = lay.bounds()
    rows = _Rows()
    _hourly_families(rows, lay)
    if data.has_storage:
        _storage_families(rows, lay)
    _yearly_families(rows, lay)
    A = sp.csc_array(
        (np.concatenate(rows.v), (np.concatenate(rows.r), np.concatenate(rows.c))),
        shape=(rows.n, lay.ncol),
    )
    cost, offset = _objective(lay)
    return FloorLP(
        A=A,
        c=cost,
        offset=offset,
        col_lower=col_lower,
        col_upper=col_upper,
        row_lower=np.concatenate(rows.lo),
        row_upper=np.concatenate(rows.hi),
        columns=lay.columns,
        families=rows.families,
    )


def _hourly_families(rows: _Rows, lay: _Layout) -> None:
    """``renewable_split`` and ``balance``."""
    data, col, present = lay.data, lay.col, lay.present
    nh = data.years * data.hours
    one = np.ones(nh)
    wcf = data.wind_cf.ravel()
    scf = data.solar_cf.ravel()
    # renewable_split: d + c + e + k − w·W − s·S = 0
    outs = [n for n in ("direct_mw", "charge_mw", "export_mw", "curtailed_mw") if present[n]]
    rows.family(
        "renewable_split",
        nh,
        [(col(n), one) for n in outs] + [(lay.cap_col(0), -wcf), (lay.cap_col(1), -scf)],
        0.0,
        0.0,
    )
    # balance: d + q + g + i + u = L
    inflows = ("direct_mw", "discharge_mw", "coal_mw", "import_mw", "unserved_mw")
    ins = [n for n in inflows if present[n]]
    load = data.load_mw.ravel()
    rows.family("balance", nh, [(col(n), one) for n in ins], load, load)


def _storage_families(rows: _Rows, lay: _Layout) -> None:
    """``storage_soc`` (cyclic within each year), ``soc_min``, ``soc_max``, charge/discharge."""
    data, inf = lay.data, np.inf
    ny, nt = data.years, data.hours
    nh = ny * nt
    soc, c, q = lay.col("soc_mwh"), lay.col("charge_mw"), lay.col("discharge_mw")
    t = np.tile(np.arange(nt), ny)
    prev = soc - 1
    prev[t == 0] += nt  # cyclic within each year
    keep = 1.0 - data.self_discharge_per_hour
    rows.family(
        "storage_soc",
        nh,
        [
            (soc, 1.0),
            (prev, -keep),
            (c, -data.charge_efficiency),
            (q, 1.0 / data.discharge_efficiency),
        ],
        0.0,
        0.0,
    )
    energy, power = lay.cap_col(2), lay.cap_col(3)
    if data.min_soc > 0:
        rows.family("soc_min", nh, [(soc, 1.0), (energy, -data.min_soc)], 0.0, inf)
    rows.family("soc_max", nh, [(soc, 1.0), (energy, -1.0)], -inf, 0.0)
    rows.family("charge_max", nh, [(c, 1.0), (power, -1.0)], -inf, 0.0)
    rows.family("discharge_max", nh, [(q, 1.0), (power, -1.0)], -inf, 0.0)


def _yearly_families(rows: _Rows, lay: _Layout) -> None:
    """``capacity_nondecreasing``, ``target``, ``utilisation_min`` and the storage minimum."""
    data, col, present, inf = lay.data, lay.col, lay.present, np.inf
    ny, nt = data.years, data.hours
    yy = np.arange(ny)
    if ny > 1:
        a = np.repeat(np.arange(4), ny - 1)
        y = np.tile(np.arange(1, ny), 4)
        terms = [(a * ny + y, 1.0), (a * ny + y - 1, -1.0)]
        rows.family("capacity_nondecreasing", len(a), terms, 0.0, inf)
    weight = data.weight.ravel()
    year_of = np.repeat(yy, nt)
    target_years = np.flatnonzero(np.isfinite(data.target_share))
    if target_years.size:
        pos = np.full(ny, -1)
        pos[target_years] = np.arange(target_years.size)
        sel = np.isin(year_of, target_years)
        r = pos[year_of[sel]]
        terms = [(r, col(n)[sel], weight[sel]) for n in ("direct_mw", "discharge_mw") if present[n]]
        rhs = data.target_share[target_years] * data.weighted_load_mwh()[target_years]
        rows.family("target", target_years.size, terms, rhs, inf)
    if data.min_renewable_utilisation is not None:
        u = 1.0 - data.min_renewable_utilisation
        wsum = (data.weight * data.wind_cf).sum(axis=1)
        ssum = (data.weight * data.solar_cf).sum(axis=1)
        terms = [(year_of, col("curtailed_mw"), weight), (yy, -u * wsum), (ny + yy, -u * ssum)]
        rows.family("utilisation_min", ny, terms, -inf, 0.0)
    share, hrs = data.storage_min_share, data.storage_min_hours
    if share > 0:
        if hrs > 0:
            k = share * hrs
            terms = [(2 * ny + yy, 1.0), (yy, -k), (ny + yy, -k)]
            rows.family("storage_energy_min", ny, terms, 0.0, inf)
        terms = [(3 * ny + yy, 1.0), (yy, -share), (ny + yy, -share)]
        rows.family("storage_power_min", ny, terms, 0.0, inf)


def _objective(lay: _Layout) -> tuple[np.ndarray, float]:
    """(cost of each column, constant): annuities of new capacity, hourly costs, discounted."""
    data, ny = lay.data, lay.data.years
    df = discount_factors(data)
    k = annualised_cost_per_unit(data)
    cost = np.zeros(lay.ncol)
    cost[: 4 * ny] = (k[:, None] * df[None, :]).ravel()
    offset = -float(np.sum(df) * np.dot(k, data.existing))
    dw = (df[:, None] * data.weight).ravel()  # discount × weight of each modelled hour
    price = np.tile(data.import_price_per_mwh[data.hour_of_day], ny)
    hourly_cost = {
        "import_mw": dw * price,
        "coal_mw": dw * data.coal_fuel_cost_per_mwh,
        "export_mw": -dw * data.export_price_per_mwh,
        "unserved_mw": dw * data.voll_per_mwh,
    }
    for name, v in hourly_cost.items():
        if lay.present[name]:
            cost[lay.columns[name]] = v
    return cost, offset


def to_highs(lp: FloorLP, highs=None):
    """Hand the LP to HiGHS with one ``passModel`` call; return the ``highspy.Highs`` object."""
    import highspy

    h = highspy.Highs() if highs is None else highs
    if highs is None:
        h.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    m = highspy.HighsLp()
    m.num_col_, m.num_row_ = lp.A.shape[1], lp.A.shape[0]
    m.col_cost_ = lp.c
    m.col_lower_ = np.where(np.isinf(lp.col_lower), -inf, lp.col_lower)
    m.col_upper_ = np.where(np.isinf(lp.col_upper), inf, lp.col_upper)
    m.row_lower_ = np.where(np.isinf(lp.row_lower), -inf, lp.row_lower)
    m.row_upper_ = np.where(np.isinf(lp.row_upper), inf, lp.row_upper)
    m.offset_ = lp.offset
    m.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    m.a_matrix_.start_ = lp.A.indptr
    m.a_matrix_.index_ = lp.A.indices
    m.a_matrix_.value_ = lp.A.data
    h.passModel(m)
    return h
