"""Fill the numba caches of the dispatch kernels, so no user waits for a compilation.

The kernels of :mod:`simulator.core.dispatch` are compiled by numba on first use (several seconds
each; the parallel batched kernel about 9 s on two cores) and cached next to the source
(``simulator/__pycache__``, or ``NUMBA_CACHE_DIR``). ``python -m simulator.studies.sweep_warm`` runs
once, at installation, the same calls as ``parkbalance simulate`` and ``parkbalance sweep`` on a
tiny case, so every specialisation they use (the argument types are the same for every
scenario: writable C-contiguous float64 arrays, float and int64 scalars) is compiled and cached;
later processes load it from the cache in a fraction of a second. (A sweep module by its place in
the layers of docs/architecture.md: it runs a sweep.)
"""

from __future__ import annotations

import sys
import time

__all__ = ["main", "warm"]


def warm() -> dict[str, float]:
    """Compile (or load from the cache) every kernel specialisation of ``simulate`` and ``sweep``.

    Returns
    -------
    dict of str to float
        Seconds per step [s]: ``simulate_s``, ``simulate_components_s``, ``sweep_s``,
        ``sweep_components_s``.
    """
    from simulator.core.profiles import Profiles
    from simulator.core.scenario import HOURS_PER_YEAR, load_scenario
    from simulator.core.simulate import simulate
    from simulator.studies.sweep import run_sweep

    sc = load_scenario("ordos-low-carbon")
    n = sc.years * HOURS_PER_YEAR
    import numpy as np

    # flat profiles: the types and layouts of real ones, none of the work of synthesising them
    flat = Profiles(np.full(n, 100.0), np.full(n, 0.3), np.full(n, 0.2), sc.years)
    out = {}
    t0 = time.perf_counter()
    simulate(sc, profiles=flat, wind_mw=100.0)
    out["simulate_s"] = time.perf_counter() - t0
    # a park with several stores, a flexible process and a curtailable load: the kernel's other
    # specialisation for simulate (docs/model.md §3)
    t0 = time.perf_counter()
    simulate(_shaped_park(sc, (2, 1, 1)), profiles=flat, wind_mw=100.0)
    out["simulate_components_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    run_sweep(sc, {"wind_mw": "0,1"}, progress=False)
    out["sweep_s"] = time.perf_counter() - t0
    # the batched kernel is compiled per park shape (stores, processes, curtailable loads;
    # docs/model.md §3): every shape of the built-in parks and of the example park
    t0 = time.perf_counter()
    for shape in park_shapes():
        run_sweep(_shaped_park(sc, shape), {"wind_mw": "0,1"}, progress=False)
    out["sweep_components_s"] = time.perf_counter() - t0
    return out


def park_shapes() -> list[tuple[int, int, int]]:
    """Shapes (stores, processes, curtailable loads) other than the common park's (1, 0, 0).

    Those of the built-in parks and of ``scenarios/examples/alxa-flexible.toml``.
    """
    from simulator.core.scenario import builtin_scenarios, load_scenario

    parks = [load_scenario(path) for path in builtin_scenarios().values()]
    example = next(iter(builtin_scenarios().values())).parent / "examples" / "alxa-flexible.toml"
    if example.is_file():  # an editable install or a clone has the examples
        parks.append(load_scenario(example))
    shapes = {(len(p.stores), len(p.processes), len(p.curtailable_loads)) for p in parks}
    return sorted(shapes - {(1, 0, 0)})


def _shaped_park(sc, shape: tuple[int, int, int]):
    """Return the default park with ``shape`` = (stores, flexible processes, curtailable loads)."""
    from simulator.core.scenario import scenario_from_dict

    stores, processes, curtailable = shape
    data = sc.model_dump(mode="json", exclude={"source_path"})
    data["storage"] = [{"name": f"store{k}"} for k in range(stores)]
    data["processes"] = [
        {"name": f"process{k}", "existing_mw": 1.0, "demand_mw": 0.5} for k in range(processes)
    ]
    loads = data["loads"]
    while len(loads) < curtailable:
        loads.append(dict(loads[0], name=f"{loads[0]['name']} {len(loads)}"))
    for k in range(curtailable):
        loads[k]["curtailable_mw"] = 1.0
    return scenario_from_dict(data)


def main() -> None:
    """Entry point of ``python -m simulator.studies.sweep_warm``: the seconds of each step."""
    took = warm()
    print(
        "numba kernels ready (compiled or loaded from the cache): "
        + ", ".join(f"{k.removesuffix('_s')} {v:.1f} s" for k, v in took.items()),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
