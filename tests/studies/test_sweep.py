"""Dispatch sweeps through the Python API: grid specs, equality with ``simulate`` at random points,
weather years, output files, resume after an interruption, and bad input."""

from __future__ import annotations

import importlib
import json

import numpy as np
import pytest
import xarray as xr

from simulator.core.errors import InputError
from simulator.core.kpis import KPI_NAMES
from simulator.core.profiles import Profiles, build_profiles
from simulator.core.scenario import scenario_from_dict
from simulator.core.simulate import simulate
from simulator.studies.sweep import GRID_NAMES, open_sweep, parse_grid_spec, run_sweep, sweep

# the module (``simulator.studies.sweep`` may also name the function once the package exports it)
sweep_mod = importlib.import_module("simulator.studies.sweep")
sweep_kernel = importlib.import_module("simulator.studies.sweep_kernel")
sweep_stream = importlib.import_module("simulator.studies.sweep_stream")


def small_dict(years=2, coal=True, **over):
    d = {
        "name": "small-sweep",
        "park_type": "low-carbon",
        "start_year": 2030,
        "years": years,
        "seed": 3,
        "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
        "loads": [
            {"name": "plant", "archetype": "flat", "annual_mwh": [4.0e5, 5.0e5][:years]},
            {"name": "line", "archetype": "two-shift", "annual_mwh": 1.0e5},
        ],
        "wind": {"existing_mw": 60},
        "solar": {"existing_mw": 80},
        "storage": {"existing_mwh": 50, "existing_mw": 20, "self_discharge_per_hour": 0.001},
        "grid": {"import_max_mw": 30, "export_max_mw": 10},
    }
    if coal:
        d["coal"] = {"capacity_mw": 10, "min_load_share": 0.3}
    d.update(over)
    return d


@pytest.fixture(scope="module")
def small():
    return scenario_from_dict(small_dict())


def point_simulation(scenario, point, weather_year=0):
    """simulate() of one grid point: the same numbers the sweep must give."""
    st, gr = scenario.storage, scenario.grid
    upd_st = {k: point[k] for k in ("charge_efficiency", "discharge_efficiency") if k in point}
    upd_gr = {k: point[k] for k in ("import_max_mw", "export_max_mw") if k in point}
    update = {"storage": st.model_copy(update=upd_st), "grid": gr.model_copy(update=upd_gr)}
    if "coal_min_load_share" in point:
        update["coal"] = scenario.coal.model_copy(
            update={"min_load_share": point["coal_min_load_share"]}
        )
    sc = scenario.model_copy(update=update)
    p = build_profiles(scenario, weather_year=weather_year)
    s = point.get("load_scale", 1.0)
    profiles = Profiles(p.load_mw * s, p.wind_cf, p.solar_cf, p.years)
    caps = {k: point[k] for k in ("wind_mw", "solar_mw", "storage_mwh", "storage_mw") if k in point}
    return simulate(sc, profiles=profiles, **caps).kpis


def assert_point_equal(ds, kpis, point, **extra):
    sel = ds.sel(**point, **extra)
    for name in KPI_NAMES:
        got = sel[name].values
        np.testing.assert_array_equal(got, kpis[name].to_numpy(), err_msg=name)


def without_created(ds):
    ds = ds.copy()
    ds.attrs.pop("created", None)
    ds.attrs.pop("provenance", None)  # records when and by which command: checked on its own
    return ds


# ---- grid specs -------------------------------------------------------------------------------


def test_grid_spec_forms():
    np.testing.assert_array_equal(parse_grid_spec("wind_mw", "0:100:5"), [0, 25, 50, 75, 100])
    np.testing.assert_array_equal(parse_grid_spec("wind_mw", "5:5:1"), [5.0])
    np.testing.assert_array_equal(parse_grid_spec("wind_mw", "300, 100,200"), [300, 100, 200])
    np.testing.assert_array_equal(parse_grid_spec("wind_mw", "7"), [7.0])
    np.testing.assert_array_equal(parse_grid_spec("wind_mw", [1, 2.5]), [1, 2.5])


@pytest.mark.parametrize(
    "spec, words",
    [
        ("0:100", "start:stop:count"),
        ("0:100:0", "count must be ≥ 1"),
        ("0:100:2.5", "whole number"),
        ("0:100:1", "start = stop"),
        ("a,b", "comma list"),
        ("1,1", "must not repeat"),
        ("nan", "finite"),
        ("", "empty"),
    ],
)
def test_grid_spec_errors(spec, words):
    with pytest.raises(InputError) as exc:
        parse_grid_spec("wind_mw", spec)
    assert exc.value.source == "grid" and exc.value.field == "wind_mw"
    assert words in exc.value.message


@pytest.mark.parametrize(
    "grid, words",
    [
        ({"wind": "0,1"}, "unknown grid name"),
        ({"wind_mw": "-1,5"}, "value -1 is not ≥ 0"),
        ({"charge_efficiency": "0.5,1.2"}, "value 1.2 is not in (0, 1]"),
        ({"load_scale": "0,1"}, "value 0 is not > 0"),
        ({"coal_min_load_share": "0.2,1.5"}, "not in [0, 1]"),
    ],
)
def test_grid_value_errors(small, grid, words):
    with pytest.raises(InputError) as exc:
        sweep(small, grid)
    assert words in str(exc.value)


# ---- the numbers ------------------------------------------------------------------------------


def test_sweep_equals_simulate_at_random_points(small):
    """Every grid name at once; random points of the result equal simulate() bit for bit."""
    grid = {
        "wind_mw": "0,90",
        "solar_mw": "40:120:2",
        "storage_mwh": "0,150",
        "storage_mw": "10,40",
        "load_scale": "0.8,1.25",
        "charge_efficiency": "0.9,0.97",
        "discharge_efficiency": "0.85,1",
        "coal_min_load_share": "0.1,0.5",
        "import_max_mw": "0,25",
        "export_max_mw": "0,8",
    }
    assert set(grid) == set(GRID_NAMES)
    run = run_sweep(small, grid, chunk_points=100)  # 1024 points in 11 chunks, last one short
    ds = run.dataset
    assert run.n_chunks == run.computed == 11
    assert list(ds[KPI_NAMES[0]].dims) == [*grid, "year"]
    assert ds.sizes["year"] == 2 and list(ds["year"].values) == [2030, 2031]
    for name in KPI_NAMES:
        assert name in ds
    np.testing.assert_array_equal(ds["target_share"].values, small.target_shares())
    rng = np.random.default_rng(5)
    values = {k: parse_grid_spec(k, v) for k, v in grid.items()}
    for _ in range(6):
        point = {k: float(rng.choice(v)) for k, v in values.items()}
        assert_point_equal(ds, point_simulation(small, point), point)


def test_unswept_values_come_from_the_scenario(small):
    ds = sweep(small, {"storage_mwh": "0,50,100"})
    assert_point_equal(ds, simulate(small, storage_mwh=100).kpis, {"storage_mwh": 100})
    # the scenario's own design is the grid point with its existing capacities
    assert_point_equal(ds, simulate(small).kpis, {"storage_mwh": 50})


def test_empty_grid_is_the_scenario_itself(small):
    ds = sweep(small, {})
    assert dict(ds.sizes) == {"year": 2}
    for name in KPI_NAMES:
        np.testing.assert_array_equal(ds[name].values, simulate(small).kpis[name].to_numpy())


def test_weather_years_dimension_and_probability(small):
    ds = sweep(small, {"wind_mw": "0,80,160"}, weather_years=3)
    assert ds["renewable_share"].dims == ("wind_mw", "weather_year", "year")
    assert list(ds["weather_year"].values) == [0, 1, 2]
    for k in range(3):
        assert_point_equal(ds, point_simulation(small, {"wind_mw": 160.0}, weather_year=k),
                           {"wind_mw": 160.0}, weather_year=k)
    p = ds["meets_target"].mean("weather_year")
    np.testing.assert_array_equal(ds["p_meets_target"].values, p.values)
    assert ds["p_meets_target"].dims == ("wind_mw", "year")
    allp = ds["meets_target"].all("year").mean("weather_year")
    np.testing.assert_array_equal(ds["p_meets_all_targets"].values, allp.values)
    q = ds["renewable_share_quantile"]
    assert q.dims == ("wind_mw", "quantile", "year")
    np.testing.assert_allclose(
        q.sel(quantile=0.5).values, ds["renewable_share"].median("weather_year").values
    )
    # the weather really differs
    assert np.ptp(ds["renewable_share"].sel(wind_mw=160).values, axis=0).max() > 0


def test_weather_years_change_a_data_centre_load():
    """A data centre's cooling follows the weather year's temperature: the sweep uses each weather
    year's own load (and checks the coal must-run against it)."""
    d = small_dict(years=1)
    d["loads"] = [{"name": "dc", "archetype": "data-centre", "annual_mwh": 3.0e5}]
    sc = scenario_from_dict(d)
    ds = sweep(sc, {"storage_mwh": "0,100"}, weather_years=2)
    load = ds["load_mwh"].sel(storage_mwh=0).values[:, 0]
    assert load[0] != load[1]
    for k in range(2):
        assert_point_equal(ds, point_simulation(sc, {"storage_mwh": 100.0}, weather_year=k),
                           {"storage_mwh": 100.0}, weather_year=k)


def test_weather_years_with_measured_profiles_is_an_error(tmp_path):
    csv = tmp_path / "wind.csv"
    csv.write_text("cf\n" + "\n".join(["0.3"] * 8760) + "\n", encoding="utf-8")
    d = small_dict(years=1, coal=False, profiles={"wind_cf": "wind.csv"})
    toml = tmp_path / "measured.toml"
    sc = scenario_from_dict(d, toml)
    with pytest.raises(InputError, match="from one measured year"):
        sweep(sc, {"wind_mw": "0,10"}, weather_years=2)
    # one weather year is just the measured year
    ds = sweep(sc, {"wind_mw": "0,10"}, weather_years=1)
    assert ds.sizes["weather_year"] == 1


def test_coal_grid_needs_coal(small):
    sc = scenario_from_dict(small_dict(coal=False))
    with pytest.raises(InputError, match="has no coal plant") as exc:
        sweep(sc, {"coal_min_load_share": "0.2,0.3"})
    assert exc.value.field == "coal_min_load_share"


def test_coal_must_run_checked_per_swept_load_scale(small):
    # load ≥ 18 MW; must-run 0.3 · 10 = 3 MW: a load scale of 0.1 is too small
    with pytest.raises(InputError) as exc:
        sweep(small, {"load_scale": "1,0.1"})
    assert exc.value.source == "grid"
    assert "load_scale = 0.1" in exc.value.message and "exceeds the park load" in exc.value.message
    with pytest.raises(InputError) as exc:
        sweep(small, {"load_scale": "0.2,1", "coal_min_load_share": "0.1,1"})
    assert "load_scale = 0.2, coal_min_load_share = 1" in exc.value.message


# ---- files and resume -------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
def test_out_file_round_trip(small, tmp_path, suffix):
    grid = {"wind_mw": "0:100:3", "storage_mwh": "0,100"}
    out = tmp_path / f"res{suffix}"
    run = run_sweep(small, grid, weather_years=2, out=out)
    assert run.out == out and out.exists()
    assert not (tmp_path / f"res{suffix}.parts").exists()
    back = open_sweep(out)
    xr.testing.assert_identical(back, run.dataset)
    assert back["meets_target"].dtype == bool
    assert back.attrs["scenario"] == "small-sweep"
    assert json.loads(back.attrs["grid"]) == grid
    assert len(back.attrs["scenario_sha256"]) == 64


def test_bad_out_suffix(small, tmp_path):
    with pytest.raises(InputError, match=r"must end in \.nc"):
        sweep(small, {"wind_mw": "0,1"}, out=tmp_path / "x.csv")


def test_resume_after_interruption_computes_only_missing_chunks(small, tmp_path, monkeypatch):
    grid = {"wind_mw": "0:200:9", "storage_mwh": "0,60,120"}  # 27 points
    reference = run_sweep(small, grid, chunk_points=4).dataset  # 7 chunks
    out = tmp_path / "res.nc"
    real = sweep_kernel.chunk_sums
    calls = []

    def crash_after_three(plan, weather, c, threads=None):
        if len(calls) == 3:
            raise RuntimeError("power cut")
        calls.append(c)
        return real(plan, weather, c, threads)

    monkeypatch.setattr(sweep_kernel, "chunk_sums", crash_after_three)
    with pytest.raises(RuntimeError, match="power cut"):
        run_sweep(small, grid, chunk_points=4, out=out)
    monkeypatch.setattr(sweep_kernel, "chunk_sums", real)
    parts = tmp_path / "res.nc.parts"
    assert sorted(p.name for p in parts.glob("chunk-*.npz")) == [
        f"chunk-{c:06d}.npz" for c in calls
    ]
    assert (parts / "manifest.json").exists() and not out.exists()

    # without --resume the unfinished sweep is not thrown away
    with pytest.raises(InputError, match="add `resume=True`"):
        run_sweep(small, grid, chunk_points=4, out=out)
    # a different grid, scenario or chunking is refused
    with pytest.raises(InputError, match="belongs to a different sweep"):
        run_sweep(small, {**grid, "wind_mw": "0:200:10"}, chunk_points=4, out=out, resume=True)
    other = scenario_from_dict(small_dict(seed=4))
    with pytest.raises(InputError, match="belongs to a different sweep"):
        run_sweep(other, grid, chunk_points=4, out=out, resume=True)
    with pytest.raises(InputError, match="belongs to a different sweep"):
        run_sweep(small, grid, chunk_points=5, out=out, resume=True)

    run = run_sweep(small, grid, chunk_points=4, out=out, resume=True)
    assert (run.n_chunks, run.computed) == (7, 4)
    xr.testing.assert_identical(without_created(run.dataset), without_created(reference))
    xr.testing.assert_identical(without_created(open_sweep(out)), without_created(reference))
    assert not parts.exists()
    # resuming a finished sweep computes nothing
    again = run_sweep(small, grid, chunk_points=4, out=out, resume=True)
    assert again.computed == 0
    xr.testing.assert_identical(again.dataset, open_sweep(out))
    # ... and a resume of another sweep into the finished file is refused, nothing overwritten
    with pytest.raises(InputError, match="finished result of a different sweep"):
        run_sweep(small, {"wind_mw": "0,1"}, out=out, resume=True)
    xr.testing.assert_identical(again.dataset, open_sweep(out))


def test_unreadable_chunk_file_is_computed_again(small, tmp_path, monkeypatch):
    grid = {"wind_mw": "0:200:9"}
    out = tmp_path / "res.zarr"
    real = sweep_kernel.chunk_sums
    n = []

    def crash(plan, weather, c, threads=None):
        if len(n) == 2:
            raise KeyboardInterrupt
        n.append(c)
        return real(plan, weather, c, threads)

    monkeypatch.setattr(sweep_kernel, "chunk_sums", crash)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(small, grid, chunk_points=3, out=out)
    monkeypatch.setattr(sweep_kernel, "chunk_sums", real)
    parts = tmp_path / "res.zarr.parts"
    (parts / "chunk-000000.npz").write_bytes(b"not a zip file")
    (parts / ".chunk-000002.npz.abc.tmp").write_bytes(b"half")  # left over by a kill
    run = run_sweep(small, grid, chunk_points=3, out=out, resume=True)
    assert (run.n_chunks, run.computed) == (3, 2)
    xr.testing.assert_identical(
        without_created(open_sweep(out)), without_created(sweep(small, grid, chunk_points=3))
    )


# ---- the result streamed into its file ------------------------------------------------------


@pytest.mark.parametrize("shape", [(7,), (3, 5), (2, 3, 4), (4, 1, 3, 2), (1,), ()])
def test_slabs_cover_a_flat_range_with_boxes_in_order(shape):
    n = int(np.prod(shape, dtype=np.int64))
    flat = np.arange(n).reshape(shape)
    for lo in range(n + 1):
        for hi in range(lo, n + 1):
            got = []
            for index, a, b in sweep_stream.slabs(shape, lo, hi):
                box = flat[index]
                assert box.size == b - a
                got.extend(box.ravel().tolist())
            assert got == list(range(lo, hi))
            assert len(sweep_stream.slabs(shape, lo, hi)) <= max(1, 2 * len(shape) - 1)


@pytest.mark.parametrize("weather_years", [None, 2])
def test_file_variables_are_xarrays_cf_encoding(small, weather_years):
    """The NetCDF file's variables are stored as xarray's CF encoding stores them (stored type,
    attributes added, coordinate values), without calling it on the sweep's path."""
    from simulator.studies.sweep_dataset import layout
    from simulator.studies.sweep_grid import parse_grid
    from simulator.studies.sweep_plan import make_plan

    grid = {"wind_mw": "0:120:5", "storage_mwh": "0,30,60"}
    plan = make_plan(small, parse_grid(small, grid), weather_years, None)
    lay = layout(small, plan, {"title": "t"})
    got = sweep_stream.file_variables(lay)
    want = sweep_stream._variables(lay, lambda shape, dtype: np.zeros((1,) * len(shape), dtype))
    assert list(got) == list(want)
    for name, var in want.items():
        enc = xr.conventions.encode_cf_variable(var, name=name)
        f = got[name]
        assert (f.dims, f.dtype) == (enc.dims, enc.dtype), name
        assert f.attrs.keys() == enc.attrs.keys(), name
        for key, value in enc.attrs.items():
            assert str(f.attrs[key]) == str(value) and type(f.attrs[key]) is type(value), name
        if f.values is not None:
            assert np.array_equal(f.values, np.asarray(enc.data)), name
            assert f.values.dtype == np.asarray(enc.data).dtype, name
        else:
            assert name not in lay.coords and name != "target_share"
    with pytest.raises(TypeError, match="no CF encoding"):
        sweep_stream.cf_encoding("U3", {})


def _time_free(ds):
    """The dataset with its creation time and the times of its provenance record left out."""
    ds = ds.copy()
    ds.attrs.pop("created")
    record = json.loads(ds.attrs.pop("provenance"))
    for k in [k for k in record if k.endswith("_at")]:
        record.pop(k)
    return ds, record


@pytest.mark.parametrize("weather_years", [None, 2])
@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
def test_streamed_file_equals_the_result_built_in_memory(small, tmp_path, weather_years, suffix):
    """Values, dtypes, coordinates and attributes (provenance included) of the file written
    block by block equal those of the dataset built in memory; 3 grid dimensions and chunks that
    are not boxes of the grid."""
    grid = {"wind_mw": "0:120:5", "storage_mwh": "0,30,60", "import_max_mw": "10,30"}
    mem = run_sweep(small, grid, chunk_points=7, weather_years=weather_years).dataset
    out = tmp_path / f"res{suffix}"
    run = run_sweep(small, grid, chunk_points=7, weather_years=weather_years, out=out)
    assert run.sizes == dict(mem.sizes)  # known without opening the file
    assert run.dataset.sizes == mem.sizes  # the file, opened lazily
    got, got_record = _time_free(open_sweep(out))
    want, want_record = _time_free(mem)
    xr.testing.assert_identical(got, want)
    assert got_record == want_record
    for name in want.variables:
        assert got[name].dtype == want[name].dtype, name
    if suffix == ".nc":
        assert list(got.data_vars) == list(want.data_vars)
