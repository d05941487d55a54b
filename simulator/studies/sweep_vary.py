"""Scenario values of LP sweeps: one grid point's values applied to a scenario (``--vary``).

A key is a dotted scenario field (``wind.capex_per_kw``, ``loads[0].annual_mwh``); the loads'
yearly energies scale with ``load_scale``-like keys. Errors name the argument ``vary`` and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from simulator.core.errors import InputError
from simulator.core.scenario import Scenario, scenario_from_dict

__all__ = ["LP_SWEEP_VARIABLES", "apply_vary", "check_vary_shape"]

#: Keys of an LP sweep besides the dotted scenario keys (``wind.capex_per_kw`` ...).
LP_SWEEP_VARIABLES = {
    "targets": "multiplies the target share of every year (result clipped to 1) [1]",
    "load_scale": "multiplies the yearly energy of every load [1]",
    "load_growth": "extra yearly load growth g: year k's energy × (1 + g)^k [1/yr]",
}


def _yearly_energy(load: dict, years: int) -> list[float]:
    v = load.get("annual_mwh")
    if isinstance(v, list):
        return [float(x) for x in v] * (years if len(v) == 1 else 1)
    return [float(v)] * years


def _scale_loads(loads: list[dict], key: str, value: float, years: int) -> None:
    """Apply ``load_scale`` (a factor) or ``load_growth`` (extra growth per year) to ``loads``."""
    for i, load in enumerate(loads):
        if load.get("annual_mwh") is None:
            raise InputError(
                "vary", key, f"loads[{i}] ({load['name']}) is read from a CSV file; "
                "only loads given by annual_mwh can be scaled",
            )
        energy = _yearly_energy(load, years)
        if key == "load_scale":
            load["annual_mwh"] = [e * value for e in energy]
        else:
            load["annual_mwh"] = [e * (1.0 + value) ** k for k, e in enumerate(energy)]


def _set_key(data: dict, key: str, value: float, scenario_name: str) -> None:
    """Set the dotted scenario key ``key`` (``"wind.capex_per_kw"``, ``"loads.0.annual_mwh"``)."""
    node: Any = data
    parts = key.split(".")
    for depth, part in enumerate(parts):
        where = ".".join(parts[: depth + 1])
        last = depth == len(parts) - 1
        if isinstance(node, list):
            try:
                idx = int(part)
                node[idx]  # noqa: B018 - raises IndexError
            except (ValueError, IndexError):
                raise InputError("vary", key, f"{where}: no such list item") from None
            if last:
                node[idx] = value
            else:
                node = node[idx]
            continue
        if not isinstance(node, dict) or part not in node:
            special = ", ".join(LP_SWEEP_VARIABLES)
            raise InputError(
                "vary", key,
                f"unknown scenario key (use a dotted key such as wind.capex_per_kw, "
                f"or one of {special})",
            )
        if last:
            if isinstance(node[part], dict | list):
                raise InputError("vary", key, "is a section, not a number")
            node[part] = value
        elif node[part] is None:
            raise InputError("vary", key, f"scenario {scenario_name!r} has no [{where}] section")
        else:
            node = node[part]


def apply_vary(scenario: Scenario, values: Mapping[str, float]) -> Scenario:
    """Return a copy of ``scenario`` with the values of an LP-sweep point, validated again.

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    values : mapping of str to float
        Dotted scenario keys (``"wind.capex_per_kw"``, ``"finance.discount_rate"``,
        ``"loads.0.annual_mwh"``) or a key of :data:`LP_SWEEP_VARIABLES` to a value.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        An unknown key, a key of an absent section, a load given as CSV for ``load_scale`` /
        ``load_growth``, or a value the scenario does not accept (source ``vary``, field the
        key).
    """
    data = scenario.model_dump(mode="json")
    for key, value in values.items():
        value = float(value)
        if key == "targets":
            data["targets"] = [min(1.0, t * value) for t in scenario.target_shares()]
        elif key in ("load_scale", "load_growth"):
            _scale_loads(data["loads"], key, value, scenario.years)
        else:
            _set_key(data, key, value, scenario.name)
    try:
        sc = scenario_from_dict(data, scenario.source_path)
    except InputError as exc:
        keys = ", ".join(f"{k} = {v:g}" for k, v in values.items())
        raise InputError("vary", exc.field, f"{keys}: {exc.message}") from None
    # keep the record of the variants and --set overrides the base was resolved with
    return sc.with_applied(scenario.applied_variants, scenario.applied_overrides)


def check_vary_shape(scenario: Scenario, values: Mapping[str, np.ndarray]) -> None:
    """Check every vary value once, before any solve, including that it keeps the years."""
    for key, vals in values.items():
        for v in vals:
            sc = apply_vary(scenario, {key: v})
            if list(sc.calendar_years) != list(scenario.calendar_years):
                raise InputError(
                    "vary", key,
                    f"{key} = {v:g} changes the years of the scenario "
                    f"({scenario.calendar_years[0]}-{scenario.calendar_years[-1]}); every point "
                    "of an LP sweep needs the same years",
                )
