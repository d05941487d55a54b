"""Write ``tests/data/sweep_reference.npz``: dispatch sweeps computed by the code before issue 18.

Made with ``PYTHONPATH=<main checkout> python tests/data/make_sweep_reference.py OUT.npz`` on
main at 497324c (the kernel, KPIs and profiles of that commit);
``tests/studies/test_sweep_reference.py`` checks that the sweep still gives exactly these numbers.
"""

import sys

import numpy as np

#: case → (scenario, grid, weather years, chunk points)
CASES = {
    "coal": (
        "wuhai-captive-coal",
        {"wind_mw": "0,400,900", "solar_mw": "0,700", "storage_mwh": "0,500",
         "storage_mw": "150", "load_scale": "0.95,1.1", "charge_efficiency": "0.9",
         "discharge_efficiency": "0.92,1", "coal_min_load_share": "0.1,0.25",
         "import_max_mw": "50,400", "export_max_mw": "80"},
        None,
        37,
    ),
    "weather": ("ordos-low-carbon", {"wind_mw": "0,800,2000", "storage_mwh": "0,1000"}, 2, 4),
}


def main(path: str) -> None:
    from simulator.studies.sweep import sweep

    arrays = {}
    for name, (sc, grid, weather_years, chunk_points) in CASES.items():
        ds = sweep(sc, grid, weather_years=weather_years, chunk_points=chunk_points)
        for v in ds.data_vars:
            if v != "passes_every_rule":
                arrays[f"{name}/{v}"] = ds[v].values
    np.savez_compressed(path, **arrays)


if __name__ == "__main__":
    main(sys.argv[1])
