"""The storage component of the LP: its variables, its terms in the shared rows, its families.

Families (``docs/model.md`` §5): ``storage_soc``, ``soc_min``, ``soc_max``, ``charge_max``,
``discharge_max`` on every hour (with typical periods ``soc_intra_*`` and ``soc_inter_*``, with
segments the n-hour ``storage_soc``), and the policy rows ``storage_energy_min``,
``storage_power_min``. Nothing is built when no storage can exist.

Stores are indexed by technology: with several stores (``LPData.store_names``) the variables c,
q, soc and every hourly family are indexed (s, y, t), each store with its own parameters
(``LPData.store(s)``) and capacities; the policy rows bound the sums over the stores. One store
builds the (y, t) families of the one-store LP, row for row.
"""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

from solvers.lp_data import LPData
from solvers.lp_expr import MT, eq, ge, le

__all__ = [
    "PER_STORE",
    "per_store",
    "storage_families",
    "storage_hourly",
    "storage_minimum",
    "storage_terms",
    "storage_variables",
]


#: The hourly variables of a store: indexed (s, y, t) by store with several stores.
PER_STORE: tuple[str, ...] = ("charge_mw", "discharge_mw", "soc_mwh")


def per_store(data: LPData, flat: list) -> list[list]:
    """Split a store variable's flat list into one list per store (index y·hours + t each)."""
    n = data.years * data.hours
    return [flat[j * n : (j + 1) * n] for j in range(data.stores)]


def storage_hourly(data: LPData) -> dict:
    """Hourly variables c, q, soc and their bounds (none without storage).

    With typical periods soc is the intra-period SOC relative to the period start (free in sign).
    With several stores each is indexed by store too (:func:`solvers.lp.build_model`).
    """
    if not data.has_storage:
        return {}
    return {
        "charge_mw": (0.0, None),
        "discharge_mw": (0.0, None),
        "soc_mwh": (None, None) if data.has_periods else (0.0, None),
    }


def storage_variables(m: pyo.ConcreteModel, data: LPData, hv: dict) -> None:
    """Typical periods: soc_inter_mwh[y, d], soc_intra_max_mwh[y, p], soc_intra_min_mwh[y, p]."""
    if not (data.has_periods and data.has_storage):
        return
    m.soc_inter_mwh = pyo.Var(
        m.Y, m.D, bounds=(0.0, None), doc="SOC at the start of real period d [MWh]"
    )
    m.soc_intra_max_mwh = pyo.Var(m.Y, m.P, doc="highest intra-period SOC of period p [MWh]")
    m.soc_intra_min_mwh = pyo.Var(m.Y, m.P, doc="lowest intra-period SOC of period p [MWh]")


def storage_terms(data: LPData, hv: dict) -> dict[str, list]:
    """Each store's terms in the shared rows: c in renewable_split, q in balance and to_load."""
    if "charge_mw" not in hv:
        return {}
    c, q = per_store(data, hv["charge_mw"]), per_store(data, hv["discharge_mw"])
    tag = [""] if data.stores == 1 else [f"[{j}]" for j in range(data.stores)]
    qs = [(f"discharge_mw{tag[j]}", q[j], 1.0) for j in range(data.stores)]
    return {
        "renewable_split": [(f"charge_mw{tag[j]}", c[j], 1.0) for j in range(data.stores)],
        "balance": qs,
        "to_load": list(qs),
    }


def _store_index(m: pyo.ConcreteModel, data: LPData) -> tuple[tuple, Callable]:
    """Index sets of a store family and the function from an index to (s, y, t)."""
    if data.stores > 1:
        return (m.S, m.Y, m.T), lambda i: i
    return (m.Y, m.T), lambda i: (0, i[0], i[1])


def _step_factors(data: LPData, keep: float) -> tuple[list | None, list | None]:
    """Segments of n hours: decay (1 − σ)^n and flow factor g_n = Σ_j (1 − σ)^j per step."""
    if not data.has_steps:
        return None, None
    n = data.step_hours
    decay = (keep**n).tolist()
    g = (n if keep == 1.0 else (1.0 - keep**n) / (1.0 - keep)).tolist()
    return decay, g


def storage_families(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """storage_soc, soc_min, soc_max, charge_max, discharge_max (only when storage can exist).

    With several stores every family is indexed (s, y, t), each store with its own
    parameters and capacities (stores indexed by technology, ``docs/model.md`` §5).
    """
    if not data.has_storage:
        return
    if data.has_periods:
        if data.stores > 1:
            raise ValueError("typical periods take one store only (docs/tsa.md)")
        _add_period_storage(m, data, cap, hv)
        st = data.store(0)
        _add_power_limits(m, data, [cap[st.power]], hv["charge_mw"], hv["discharge_mw"])
        return
    stores = [data.store(j) for j in range(data.stores)]
    c, q, soc = (per_store(data, hv[n]) for n in PER_STORE)
    energy = [cap[st.energy] for st in stores]
    nt = data.hours
    keep = [1.0 - st.self_discharge_per_hour for st in stores]
    eta_c = [st.charge_efficiency for st in stores]
    inv_eta_d = [1.0 / st.discharge_efficiency for st in stores]
    steps = [_step_factors(data, k) for k in keep]
    sets, split = _store_index(m, data)

    def storage_soc(m: pyo.ConcreteModel, *i: int) -> EqualityExpression:
        j, y, t = split(i)
        k = y * nt + t
        prev = k - 1 if t > 0 else y * nt + nt - 1  # cyclic within the year
        decay, g = steps[j]
        kt, gt = (keep[j], 1.0) if g is None else (decay[y][t], g[y][t])
        s, cj, qj = soc[j], c[j], q[j]
        return eq(
            [s[k], MT((-kt, s[prev])), MT((-eta_c[j] * gt, cj[k])), MT((inv_eta_d[j] * gt, qj[k]))],
            0.0,
        )

    m.storage_soc = pyo.Constraint(
        *sets, rule=storage_soc, doc="soc_t = (1 − σ) soc_{t−1} + η_c c_t − q_t / η_d, cyclic"
    )
    min_soc = [st.min_soc for st in stores]
    if any(v > 0 for v in min_soc):

        def soc_min(m: pyo.ConcreteModel, *i: int) -> InequalityExpression:
            j, y, t = split(i)
            if min_soc[j] <= 0:
                return pyo.Constraint.Skip
            return ge([soc[j][y * nt + t], MT((-min_soc[j], energy[j][y]))], 0.0)

        m.soc_min = pyo.Constraint(*sets, rule=soc_min, doc="soc_t ≥ min_soc · E_y")

    def soc_max(m: pyo.ConcreteModel, *i: int) -> InequalityExpression:
        j, y, t = split(i)
        return le([soc[j][y * nt + t], MT((-1.0, energy[j][y]))], 0.0)

    m.soc_max = pyo.Constraint(*sets, rule=soc_max, doc="soc_t ≤ E_y")
    _add_power_limits(
        m, data, [cap[st.power] for st in stores], hv["charge_mw"], hv["discharge_mw"]
    )


def _add_power_limits(
    m: pyo.ConcreteModel, data: LPData, power: list[list], c_flat: list, q_flat: list
) -> None:
    """charge_max[(s,) y, t]: c ≤ P_y and discharge_max[(s,) y, t]: q ≤ P_y."""
    nt = data.hours
    c, q = per_store(data, c_flat), per_store(data, q_flat)
    sets, split = _store_index(m, data)

    def charge_max(m: pyo.ConcreteModel, *i: int) -> InequalityExpression:
        j, y, t = split(i)
        return le([c[j][y * nt + t], MT((-1.0, power[j][y]))], 0.0)

    def discharge_max(m: pyo.ConcreteModel, *i: int) -> InequalityExpression:
        j, y, t = split(i)
        return le([q[j][y * nt + t], MT((-1.0, power[j][y]))], 0.0)

    m.charge_max = pyo.Constraint(*sets, rule=charge_max, doc="c_t ≤ P_y")
    m.discharge_max = pyo.Constraint(*sets, rule=discharge_max, doc="q_t ≤ P_y")


def _add_period_storage(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """Storage over typical periods linked through the year's period sequence (Kotzur 2018).

    ``soc_mwh[y, t]`` is the intra-period SOC relative to the start of its representative period
    p = t // period_hours; ``soc_inter_mwh[y, d]`` the SOC at the start of real period d. Families
    (``docs/tsa.md``):

    * ``storage_soc[y, t]``: soc_t = (1 − σ)·soc_{t−1}·[t not first in p] + η_c c_t − q_t/η_d
    * ``soc_intra_max[y, t]``: soc_t ≤ smax[y, p]; ``soc_intra_min[y, t]``: soc_t ≥ smin[y, p]
    * ``soc_inter_link[y, d]``: S[d + 1] = (1 − σ)^H·S[d] + soc[y, last hour of rep(d)],
      cyclic (S[D] = S[0])
    * ``soc_inter_max[y, d]``: S[d] + smax[y, rep(d)] ≤ E_y
    * ``soc_inter_min[y, d]``: (1 − σ)^H·S[d] + smin[y, rep(d)] ≥ m·E_y
    """
    soc, c, q = hv["soc_mwh"], hv["charge_mw"], hv["discharge_mw"]
    st = data.store(0)
    energy = cap[st.energy]
    nt, ph = data.hours, data.period_hours
    keep = 1.0 - st.self_discharge_per_hour
    keep_period = keep**ph
    eta_c = st.charge_efficiency
    inv_eta_d = 1.0 / st.discharge_efficiency
    min_soc = st.min_soc
    seq = data.day_sequence.tolist()
    nd = data.days
    smax = [[m.soc_intra_max_mwh[y, p] for p in range(data.periods)] for y in range(data.years)]
    smin = [[m.soc_intra_min_mwh[y, p] for p in range(data.periods)] for y in range(data.years)]
    inter = [[m.soc_inter_mwh[y, d] for d in range(nd)] for y in range(data.years)]

    def storage_soc(m: pyo.ConcreteModel, y: int, t: int) -> EqualityExpression:
        i = y * nt + t
        args = [soc[i], MT((-eta_c, c[i])), MT((inv_eta_d, q[i]))]
        if t % ph:
            args.append(MT((-keep, soc[i - 1])))
        return eq(args, 0.0)

    m.storage_soc = pyo.Constraint(
        m.Y,
        m.T,
        rule=storage_soc,
        doc="soc_t = (1 − σ) soc_{t−1} + η_c c_t − q_t / η_d, from 0 at each period start",
    )

    def intra_max(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
        return le([soc[y * nt + t], MT((-1.0, smax[y][t // ph]))], 0.0)

    def intra_min(m: pyo.ConcreteModel, y: int, t: int) -> InequalityExpression:
        return ge([soc[y * nt + t], MT((-1.0, smin[y][t // ph]))], 0.0)

    m.soc_intra_max = pyo.Constraint(m.Y, m.T, rule=intra_max, doc="soc_t ≤ smax[p(t)]")
    m.soc_intra_min = pyo.Constraint(m.Y, m.T, rule=intra_min, doc="soc_t ≥ smin[p(t)]")

    def inter_link(m: pyo.ConcreteModel, y: int, d: int) -> EqualityExpression:
        last = y * nt + seq[y][d] * ph + ph - 1
        nxt = inter[y][(d + 1) % nd]
        if nd == 1:  # one real period: S = keep^H·S + Δ
            return eq([MT((1.0 - keep_period, nxt)), MT((-1.0, soc[last]))], 0.0)
        return eq([nxt, MT((-keep_period, inter[y][d])), MT((-1.0, soc[last]))], 0.0)

    m.soc_inter_link = pyo.Constraint(
        m.Y, m.D, rule=inter_link, doc="S[d+1] = (1 − σ)^H S[d] + soc[rep(d), H − 1], cyclic"
    )

    def inter_max(m: pyo.ConcreteModel, y: int, d: int) -> InequalityExpression:
        return le([inter[y][d], smax[y][seq[y][d]], MT((-1.0, energy[y]))], 0.0)

    def inter_min(m: pyo.ConcreteModel, y: int, d: int) -> InequalityExpression:
        args = [MT((keep_period, inter[y][d])), smin[y][seq[y][d]]]
        if min_soc > 0:
            args.append(MT((-min_soc, energy[y])))
        return ge(args, 0.0)

    m.soc_inter_max = pyo.Constraint(m.Y, m.D, rule=inter_max, doc="S[d] + smax[rep(d)] ≤ E_y")
    m.soc_inter_min = pyo.Constraint(
        m.Y, m.D, rule=inter_min, doc="(1 − σ)^H S[d] + smin[rep(d)] ≥ min_soc · E_y"
    )


def storage_minimum(m: pyo.ConcreteModel, data: LPData, cap: dict, hv: dict) -> None:
    """storage_energy_min[y] and storage_power_min[y] (policy: storage per MW of renewables).

    With several stores the rows bound the sums Σ_s E_s and Σ_s P_s.
    """
    share, hours = data.storage_min_share, data.storage_min_hours
    if share <= 0:
        return
    wind, solar = cap["wind_mw"], cap["solar_mw"]
    stores = [data.store(j) for j in range(data.stores)]
    if hours > 0:
        k = share * hours

        def energy_rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
            es = [cap[st.energy][y] for st in stores]
            return ge([*es, MT((-k, wind[y])), MT((-k, solar[y]))], 0.0)

        m.storage_energy_min = pyo.Constraint(
            m.Y, rule=energy_rule, doc="Σ_s E_y ≥ share · hours · (W_y + S_y)"
        )

    def power_rule(m: pyo.ConcreteModel, y: int) -> InequalityExpression:
        ps = [cap[st.power][y] for st in stores]
        return ge([*ps, MT((-share, wind[y])), MT((-share, solar[y]))], 0.0)

    m.storage_power_min = pyo.Constraint(m.Y, rule=power_rule, doc="Σ_s P_y ≥ share · (W_y + S_y)")
