"""The grid of a dispatch sweep: names, specs (``"start:stop:count"``, comma lists), checks.

Errors name the library's arguments (``grid``) and the grid names; the command line names its
flags when it prints them (:mod:`simulator.cli.sweep`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from simulator.core.errors import InputError
from simulator.core.scenario import Scenario
from simulator.core.vocabulary import ASSET_NAMES

__all__ = [
    "GRID_NAMES",
    "PARAMETER_NAMES",
    "grid_names",
    "grid_json",
    "parse_grid",
    "parse_grid_spec",
    "parse_name_specs",
    "spec_text",
    "units",
]

#: Parameters a dispatch sweep can vary besides the capacities (per point, in every year);
#: ``charge_efficiency`` and ``discharge_efficiency`` apply to every store.
PARAMETER_NAMES = (
    "load_scale",
    "charge_efficiency",
    "discharge_efficiency",
    "coal_min_load_share",
    "import_max_mw",
    "export_max_mw",
)

#: Names a dispatch sweep of a park with one store can vary: the capacities
#: (:data:`simulator.core.vocabulary.ASSET_NAMES`), then the parameters (:func:`grid_names` gives
#: those of any park).
GRID_NAMES = (*ASSET_NAMES, *PARAMETER_NAMES)

#: Units of the KPI variables (attribute ``units`` of each data variable).
UNITS = {
    "renewable_share": "1",
    "renewable_utilisation": "1",
    "target_share": "1",
    "target_gap_share": "1",
    "meets_target": "1",
    "co2_t": "t",
    "peak_import_mw": "MW",
    "unserved_hours": "h",
}


def units(name: str) -> str:
    """Return the unit of a sweep variable or grid name (``"MW"``, ``"MWh"``, ``"1"`` ...)."""
    if name in UNITS:
        return UNITS[name]
    if name.endswith("_mwh"):
        return "MWh"
    if name.endswith("_mw"):
        return "MW"
    return "1"


def parse_grid_spec(
    name: str, spec: str | float | Sequence[float] | np.ndarray, option: str = "grid"
) -> np.ndarray:
    """Turn one grid spec into its values.

    Parameters
    ----------
    name : str
        The grid name (for messages), e.g. ``"wind_mw"``.
    spec : str or float or sequence of float
        ``"start:stop:count"`` (``count`` evenly spaced values, both ends included), a comma list
        ``"0,500,1000"``, one number, or the values themselves.
    option : str
        The argument the spec came from, the source of error messages (``grid``, ``vary``).

    Returns
    -------
    numpy.ndarray
        The values, float64, at least one.

    Raises
    ------
    InputError
        A spec that cannot be read, non-finite or repeated values; source ``option``, field
        ``name``.
    """

    def bad(msg: str) -> InputError:
        return InputError(option, name, msg)

    if isinstance(spec, str):
        text = spec.strip()
        if not text:
            raise bad("empty spec; give start:stop:count or a comma list")
        if ":" in text:
            parts = text.split(":")
            if len(parts) != 3:
                raise bad(f"{text!r} is not start:stop:count")
            try:
                start, stop = float(parts[0]), float(parts[1])
            except ValueError:
                raise bad(f"{text!r}: start and stop must be numbers") from None
            try:
                count = int(parts[2])
            except ValueError:
                raise bad(f"{text!r}: count must be a whole number") from None
            if count < 1:
                raise bad(f"{text!r}: count must be ≥ 1")
            if count == 1 and start != stop:
                raise bad(f"{text!r}: one value needs start = stop")
            values = np.linspace(start, stop, count)
        else:
            try:
                values = np.array([float(x) for x in text.split(",")])
            except ValueError:
                raise bad(f"{text!r} is not a comma list of numbers") from None
    else:
        try:
            values = np.atleast_1d(np.asarray(spec, dtype=float)).ravel()
        except (TypeError, ValueError):
            raise bad("values must be numbers") from None
    if values.size == 0:
        raise bad("no values")
    if not np.all(np.isfinite(values)):
        raise bad("values must be finite")
    if np.unique(values).size != values.size:
        raise bad("values must not repeat")
    return values.astype(float)


def parse_name_specs(options: Sequence[str], option: str) -> dict[str, str]:
    """Split options ``NAME=SPEC`` into an ordered dict (``option`` names them in messages)."""
    out: dict[str, str] = {}
    for text in options:
        name, sep, spec = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(option, None, f"{text!r} is not NAME=SPEC")
        if name in out:
            raise InputError(option, name, "given twice")
        out[name] = spec
    return out


def parse_grid(
    scenario: Scenario, grid: Mapping[str, str | float | Sequence[float] | np.ndarray]
) -> dict[str, np.ndarray]:
    """Validate a dispatch-sweep grid against a scenario.

    Parameters
    ----------
    scenario : Scenario
        The park; ``coal_min_load_share`` needs its coal plant.
    grid : mapping of str to spec
        Grid names of :data:`GRID_NAMES` to specs (see :func:`parse_grid_spec`), in the order of
        the dataset's dimensions.

    Returns
    -------
    dict of str to numpy.ndarray
        The values of each grid name, in the given order.

    Raises
    ------
    InputError
        An unknown name, a bad spec or a value out of range (naming the name and the value).
    """
    out: dict[str, np.ndarray] = {}
    names = grid_names(scenario)
    for name, spec in grid.items():
        if name not in names:
            raise InputError("grid", name, "unknown grid name; use one of " + ", ".join(names))
        values = parse_grid_spec(name, spec)
        if name in ("charge_efficiency", "discharge_efficiency"):
            ok, rule = (values > 0) & (values <= 1), "in (0, 1]"
        elif name == "coal_min_load_share":
            if scenario.coal is None:
                raise InputError(
                    "grid", name, f"scenario {scenario.name!r} has no coal plant ([coal] section)"
                )
            ok, rule = (values >= 0) & (values <= 1), "in [0, 1]"
        elif name == "load_scale":
            ok, rule = values > 0, "> 0"
        else:
            ok, rule = values >= 0, "≥ 0"
        if not np.all(ok):
            raise InputError("grid", name, f"value {values[~ok][0]:g} is not {rule}")
        out[name] = values
    return out


def grid_names(scenario: Scenario) -> tuple[str, ...]:
    """Names a dispatch sweep of ``scenario`` can vary: its capacities, then the parameters.

    The capacities are the scenario's assets (:meth:`Scenario.asset_names`: several stores, the
    flexible processes' capacity and buffer, ``coal_min_load_mw`` with a retrofit option); with a
    retrofit option the must-run is swept as ``coal_min_load_mw``, not ``coal_min_load_share``.
    """
    params = [
        n for n in PARAMETER_NAMES if not (n == "coal_min_load_share" and scenario.has_retrofit)
    ]
    return (*scenario.asset_names(), *params)


def spec_text(spec: Any, values: np.ndarray) -> str:
    """Return the spec as given, or its values as a comma list (the ``grid`` attribute)."""
    return spec if isinstance(spec, str) else ",".join(f"{x:g}" for x in values)


def grid_json(names: Sequence[str], values: Sequence[np.ndarray]) -> dict[str, list[str]]:
    """Return the exact grid values (``float.hex``: 0.1 and 0.1000000000000001 differ)."""
    return {n: [float(x).hex() for x in v] for n, v in zip(names, values, strict=True)}
