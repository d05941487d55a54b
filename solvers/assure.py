"""The assure loop: repair a plan until its simulation meets every rule (docs/model.md §6)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from simulator.core.dispatch import SUMS
from simulator.core.kpis import SHARE_TOLERANCE
from simulator.core.profiles import Profiles
from simulator.core.scenario import HOURS_PER_YEAR, Scenario
from simulator.core.simulate import (
    run_dispatch,
)
from simulator.core.verdict import failure_lines
from simulator.core.vocabulary import store_assets
from solvers import robust as _robust
from solvers.highs import (
    HighsDirect,
    SolveResult,
    solve_model,
)
from solvers.lp import (
    LPData,
    build_model,
)
from solvers.lp_rule_data import tighten_rule
from solvers.lp_rules import hard_rule_ids
from solvers.result import SizingResult, SolveTimer
from solvers.verify import fill_plan, pct_list, years_list


class AssureLoop:
    """Verify the plan of an optimal LP on every hour and, with assure, repair it.

    ``docs/model.md`` §6: raise a year's LP share target or utilisation floor by its simulated
    shortfall plus a margin, and add storage and renewable cuts where load went unserved; solve
    again, warm-started.
    """

    def __init__(
        self,
        result: SizingResult,
        scenario: Scenario,
        profiles: Profiles,
        data: LPData,
        timer: SolveTimer,
        opts: dict,
        handoff: str,
        direct: HighsDirect | None,
        model: object,
        sol: SolveResult,
        *,
        ensemble: list[Profiles],
        quantile: float,
        margin: float,
    ) -> None:
        self.result, self.scenario, self.profiles = result, scenario, profiles
        self.data, self.timer, self.opts, self.handoff = data, timer, opts, handoff
        self.direct, self.model, self.sol = direct, model, sol
        self.ensemble, self.quantile, self.margin = ensemble, quantile, margin

    def run(self, looping: bool, max_iterations: int) -> float:
        """Fill, verify and repair until every rule holds or no repair is left; return sim s."""
        res, sc = self.result, self.scenario
        targets = np.asarray(res.targets, dtype=float)
        simulate_s = 0.0
        iteration = 0
        while True:
            iteration += 1
            ts = time.perf_counter()
            fill_plan(res, sc, self.profiles, self.data, self.sol)
            robust = bool(self.ensemble)
            ens = _robust.ensemble_shares(sc, res.capacities, self.ensemble) if robust else None
            simulate_s += time.perf_counter() - ts
            res.status, res.plan_kind = "optimal", "least_cost"
            res.lp_targets = self.data.target_share.tolist()
            sim_share = res.simulated.kpis["renewable_share"].to_numpy()
            record = {
                "iteration": iteration,
                "lp_targets": res.lp_targets,
                "lp_shares": res.lp_kpis["renewable_share"].tolist(),
                "simulated_shares": sim_share.tolist(),
                "objective": res.objective,
                "failed_checks": failure_lines(res.checks),
            }
            checked = sim_share
            if robust:
                critical = _robust.critical_shares(ens, self.quantile)
                record["critical_shares"] = critical.tolist()
                res.robust = _robust.robust_summary(ens, targets, self.quantile)
                checked = np.minimum(critical, sim_share)
            res.assure["iterations"].append(record)
            share_short = targets - checked
            others = res.checks[(~res.checks["passed"]) & (res.checks["rule"] != "renewable_share")]
            failing = bool((share_short > SHARE_TOLERANCE).any() or len(others))
            if not looping:
                break
            what = (
                f"each year's target is met in ≥ {res.robust['required_years']} of "
                f"{len(self.ensemble)} weather years and "
                if robust
                else ""
            ) + "the simulated operation meets every rule"
            if not failing:
                res.assure["outcome"] = f"{what} after {iteration} LP solve(s)"
                break
            if iteration >= max_iterations:
                res.assure["outcome"] = (
                    f"stopped after {iteration} LP solves; the simulated operation still fails: "
                    + "; ".join(record["failed_checks"] or ["the robust share target"])
                )
                break
            new_data, actions, cannot = self._repairs(share_short, others)
            if not actions:
                res.assure["outcome"] = (
                    f"stopped after {iteration} LP solve(s): no repair left for "
                    + "; ".join(cannot or record["failed_checks"])
                )
                break
            record["repairs"] = actions
            new_sol = self._solve(new_data)
            for _ in range(_DAMPING_STEPS):
                if new_sol.status != "infeasible":
                    break
                # the full repair over-asks (e.g. a floor beyond what the limits allow): go half
                # the way from the last LP, and say so
                new_data = _halfway(self.data, new_data)
                record["repairs"] = [*record["repairs"], "infeasible: repair halved"]
                new_sol = self._solve(new_data)
            if new_sol.status != "optimal":
                res.assure["outcome"] = (
                    f"the repaired LP ({'; '.join(actions)}) gave status '{new_sol.status}' at "
                    f"iteration {iteration + 1}; the plan of iteration {iteration} is reported"
                )
                break
            self.data, self.sol = new_data, new_sol
            res.solver = new_sol.solver
        return simulate_s

    def _solve(self, data: LPData) -> SolveResult:
        """Build the repaired LP and solve it, warm-started from the last basis (direct)."""
        t0 = time.perf_counter()
        model = build_model(data, "cost")
        build_s = time.perf_counter() - t0
        if self.direct is not None:
            warm = self.direct.warm_start()
            self.direct = HighsDirect(model, **self.opts)
            self.direct.apply_warm_start(warm)
            sol = self.direct.solve()
        else:
            sol = solve_model(model, handoff=self.handoff, **self.opts)
        self.timer.add(build_s, sol, "assure")
        return sol

    def _repairs(
        self, share_short: np.ndarray, others: pd.DataFrame
    ) -> tuple[LPData, list[str], list[str]]:
        """Return the next LP: (data, what was changed, failures no repair can address)."""
        d, res, margin = self.data, self.result, self.margin
        years = np.asarray(res.years)
        actions: list[str] = []
        cannot: list[str] = []
        tgt = np.where(np.isfinite(d.target_share), d.target_share, 0.0)
        missing = share_short > SHARE_TOLERANCE
        # count from the LP's own share where it had slack above its target: a raise of the
        # target alone would not change the plan
        lp_share = res.lp_kpis["renewable_share"].to_numpy(float)
        base = np.maximum(tgt, lp_share)
        new_tgt = np.where(missing, np.minimum(1.0, base + share_short + margin), tgt)
        util = None if d.min_renewable_utilisation is None else d.min_renewable_utilisation.copy()
        cap_min = d.capacity_lower().copy()
        sim = res.simulated.kpis
        rule_repairs: list[tuple[str, int, float]] = []
        for row in others.itertuples():
            y = int(np.flatnonzero(years == row.year)[0])
            if row.rule == "renewable_utilisation" and util is not None:
                util[y] = min(1.0, util[y] + (row.limit - row.value) + margin)
            elif row.rule == "unserved_share":
                hourly = res.simulated.hourly  # the plan's own simulation
                peak_mw = float(hourly.loc[hourly["year"] == row.year, "unserved_mw"].max())
                e_mwh, p_mw, dshare = _adequacy_cut(
                    self.scenario, self.profiles, res.capacities, y, peak_mw
                )
                je, jp = 2, 3  # the first store's energy and power (docs/model.md §6)
                cap_min[je, y:] = np.maximum(cap_min[je, y:], e_mwh)
                cap_min[jp, y:] = np.maximum(cap_min[jp, y:], p_mw)
                if dshare > 0:
                    share = float(sim["renewable_share"].iloc[y])
                    new_tgt[y] = min(1.0, max(new_tgt[y], share + dshare + margin))
            elif row.rule in hard_rule_ids(d):
                rule_repairs.append((row.rule, y, _rule_change(d, res, row, y, margin)))
            else:
                cannot.append(row.message)
        new = d.with_rules(
            target_share=np.where(np.isfinite(d.target_share) | (new_tgt > tgt), new_tgt, np.nan),
            min_renewable_utilisation=util,
            capacity_min=cap_min,
        )
        for rule_id, y, change in rule_repairs:
            before = next(float(r.limit[y]) for r in new.rule_rows if r.id == rule_id)
            new = tighten_rule(new, rule_id, y, change)
            lim = next(float(r.limit[y]) for r in new.rule_rows if r.id == rule_id)
            if abs(lim - before) > 1e-12:
                actions.append(f"{years[y]} LP limit of {rule_id} set to {lim:.4g}")
            else:  # already at 0 or 1: the LP meets it, the rule-based dispatch does not
                cannot.append(
                    f"year {years[y]}: {rule_id} is at its strictest in the LP already "
                    "(the rule-based dispatch does not follow this rule; e.g. it exports up to "
                    "grid.export_max_mw whatever the export share)"
                )
        old_t = np.nan_to_num(d.target_share, nan=-1.0)
        new_t = np.nan_to_num(new.target_share, nan=-1.0)
        if np.any(new_t > old_t + 1e-12):
            up = new_t > old_t + 1e-12
            actions.append(
                f"share target of {years_list(self.scenario, up)} raised to " + pct_list(new_t[up])
            )
        if util is not None and np.any(
            np.nan_to_num(new.min_renewable_utilisation, nan=-1.0)
            > np.nan_to_num(d.min_renewable_utilisation, nan=-1.0) + 1e-12
        ):
            actions.append("utilisation floor raised to " + pct_list(new.min_renewable_utilisation))
        grown = new.capacity_lower() > d.capacity_lower() + 1e-9
        first = "storage" if d.store_names is None else d.store_names[0]
        cuts = ((2, first + " energy ≥ {:,.0f} MWh"), (3, first + " power ≥ {:,.0f} MW"))
        for j, name in cuts:
            for y in np.flatnonzero(grown[j]):
                actions.append(f"{years[y]} " + name.format(new.capacity_lower()[j, y]))
        if not actions:
            cannot.extend(f"{m} (the LP has no room left to repair it)" for m in others.message)
        return new, actions, cannot


#: Times an infeasible repaired LP is retried with half the repair.
_DAMPING_STEPS = 3


def _halfway(old: LPData, new: LPData) -> LPData:
    """LP data half way from ``old`` to ``new`` (targets, utilisation floors, capacity cuts)."""

    def mid(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
        if a is None or b is None:
            return b
        return np.where(np.isfinite(a) & np.isfinite(b), 0.5 * (a + b), b)

    return old.with_rules(
        target_share=mid(old.target_share, new.target_share),
        min_renewable_utilisation=mid(old.min_renewable_utilisation, new.min_renewable_utilisation),
        capacity_min=0.5 * (old.capacity_lower() + new.capacity_lower()),
    )


def _rule_change(d: LPData, res: SizingResult, row: object, y: int, margin: float) -> float:
    """How much stricter a hard rule's LP limit must get for the simulation to meet it.

    The simulated shortfall plus the margin, counted from the LP's own value of the metric when
    that is beyond the LP's limit (the LP then had slack, and a raise of the limit alone would
    not change the plan).
    """
    short = (row.limit - row.value) if row.sense == ">=" else (row.value - row.limit)
    current = next(float(r.limit[y]) for r in d.rule_rows if r.id == row.rule)
    slack = 0.0
    if res.lp_checks is not None:
        lpc = res.lp_checks
        lp = lpc[(lpc["rule"] == row.rule) & (lpc["year"] == row.year)]
        if len(lp):
            v = float(lp["value"].iloc[0])
            slack = max(0.0, v - current) if row.sense == ">=" else max(0.0, current - v)
    return slack + short + margin


#: Largest store an adequacy cut adds when the scenario sets no storage maximum [days of load].
_LARGEST_CUT_DAYS = 7


def _unserved_share(scenario: Scenario, profiles: Profiles, caps: pd.DataFrame) -> np.ndarray:
    """Unserved energy / load of each year of the rule-based dispatch of ``caps`` [1]."""
    _, sums = run_dispatch(scenario, profiles, caps)
    load = sums[:, SUMS.index("load_mwh")]
    return sums[:, SUMS.index("unserved_mwh")] / np.where(load > 0, load, 1.0)


def _adequacy_cut(
    scenario: Scenario, profiles: Profiles, caps: pd.DataFrame, y: int, unserved_peak_mw: float
) -> tuple[float, float, float]:
    """Storage and share cut of year ``y``, whose simulated operation left load unserved.

    The rule-based dispatch discharges the store before coal and import, so only a store large
    enough to carry whole deficit spells keeps it adequate (``docs/model.md`` §6):

    * storage power P_y grows by the year's largest unserved power max_t u_t [MW];
    * storage energy E_y becomes the smallest energy (bisection on the dispatch core, 40 steps)
      with which the rule-based dispatch of the plan's wind and solar leaves at most
      ``policy.max_unserved_share`` unserved in year y, searched up to the scenario's largest
      store (or :data:`_LARGEST_CUT_DAYS` days of the year's mean load when unlimited) [MWh];
    * when even that store leaves load unserved (too little surplus to fill it), E_y is the
      smallest store that gives 95% of the largest store's gain, and the year's share target
      grows by the unserved share that remains [1].

    ``unserved_peak_mw`` is max_t u_t of year y in the plan's simulation (already run) [MW].

    Returns
    -------
    tuple of float
        (storage energy [MWh], storage power [MW], extra share [1]) for year y.
    """
    allowed = scenario.policy.max_unserved_share
    st = scenario.store  # the first store (list order): it discharges first
    e_name, p_name = (t.name for t in store_assets(st.name))
    hours = slice(y * HOURS_PER_YEAR, (y + 1) * HOURS_PER_YEAR)
    trial = caps.copy()
    p_mw = float(caps[p_name].iloc[y] + unserved_peak_mw)
    if st.max_mw is not None:
        p_mw = min(p_mw, st.max_mw)
    later = np.arange(len(caps)) >= y
    trial.loc[later, p_name] = np.maximum(trial.loc[later, p_name], p_mw)
    e_lo = float(caps[e_name].iloc[y])
    e_hi = (
        float(st.max_mwh)
        if st.max_mwh is not None
        else _LARGEST_CUT_DAYS * 24 * float(profiles.load_mw[hours].mean())
    )

    def unserved_with(e_mwh: float) -> float:
        trial.loc[later, e_name] = np.maximum(caps.loc[later, e_name], e_mwh)
        return float(_unserved_share(scenario, profiles, trial)[y])

    rest = unserved_with(e_hi)
    dshare = max(0.0, rest - allowed)
    # the smallest store that is adequate or, when none is, that gives 95% of what the largest
    # store gains (more energy than that cannot be filled from the plan's renewables)
    start = unserved_with(e_lo)
    goal = allowed if dshare == 0 else rest + 0.05 * max(start - rest, 0.0)
    for _ in range(40):
        if e_hi - e_lo <= max(1e-3 * e_hi, 0.1):
            break
        mid = 0.5 * (e_lo + e_hi)
        if unserved_with(mid) > goal + SHARE_TOLERANCE:
            e_lo = mid
        else:
            e_hi = mid
    return e_hi, p_mw, dshare
