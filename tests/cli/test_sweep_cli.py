"""`parkbalance sweep` on the command line: equality with `parkbalance simulate`, bad input,
resume after SIGKILL, and Dask (a LocalCluster on loopback)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.studies.sweep import open_sweep, run_sweep, sweep

runner = CliRunner()


def without_created(ds):
    ds = ds.copy()
    ds.attrs.pop("created", None)
    ds.attrs.pop("provenance", None)  # records when and by which command: checked on its own
    return ds


def cli(*args):
    return [sys.executable, "-c", "from simulator.cli.app import main; main()", *args]


def test_cli_sweep_equals_cli_simulate(tmp_path):
    out = tmp_path / "s.nc"
    res = runner.invoke(
        app,
        ["sweep", "ordos-low-carbon", "--grid", "wind_mw=100:900:3", "--grid",
         "storage_mwh=0,400", "--out", str(out), "--no-progress"],
    )
    assert res.exit_code == 0, res.output
    assert "computed 1 of 1 chunks" in res.stdout and f"wrote {out}" in res.stdout
    ds = open_sweep(out)
    assert ds["renewable_share"].dims == ("wind_mw", "storage_mwh", "year")
    sim_dir = tmp_path / "sim"
    res = runner.invoke(
        app,
        ["simulate", "ordos-low-carbon", "--wind-mw", "500", "--storage-mwh", "400",
         "--out", str(sim_dir)],
    )
    assert res.exit_code == 0, res.output
    records = json.loads((sim_dir / "kpis.json").read_text())["years"]
    sel = ds.sel(wind_mw=500, storage_mwh=400)
    for k, rec in enumerate(records):
        assert int(ds["year"][k]) == rec["year"]
        for name, value in rec.items():
            if name == "year":
                continue
            got = sel["target_share"].values[k] if name == "target_share" else sel[name].values[k]
            assert got == value, name  # JSON floats round-trip exactly


def test_cli_sweep_prints_a_summary_without_out():
    res = runner.invoke(app, ["sweep", "ordos-low-carbon", "-g", "solar_mw=0,3000"])
    assert res.exit_code == 0, res.output
    assert "designs by year" in res.stdout and "2027" in res.stdout
    # not a terminal: no progress bar
    assert res.stderr == ""


@pytest.mark.parametrize(
    "args, words",
    [
        (["-g", "wind=0,1"], "--grid: wind: unknown grid name"),
        (["-g", "wind_mw"], "'wind_mw' is not NAME=SPEC"),
        (["-g", "wind_mw=1", "-g", "wind_mw=2"], "--grid: wind_mw: given twice"),
        (["-g", "wind_mw=0:10"], "is not start:stop:count"),
        (["-g", "coal_min_load_share=0.2,0.3"], "has no coal plant"),
        (["-g", "wind_mw=0,1", "--resume"], "--resume: needs --out"),
        (["-g", "wind_mw=0,1", "--out", "x.csv"], "must end in .nc"),
        (["-g", "wind_mw=0,1", "--weather-years", "0"], "--weather-years: must be a whole"),
        (["-g", "wind_mw=0,1", "--dask-scheduler", "nowhere"], "give 'local' or an address"),
    ],
)
def test_cli_sweep_bad_input_one_line_exit_2(args, words, tmp_path):
    res = runner.invoke(app, ["sweep", "ordos-low-carbon", *args])
    assert res.exit_code == 2, res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert words in lines[0]
    assert "Traceback" not in res.output


def test_cli_resume_of_a_different_grid_is_refused(tmp_path):
    out = tmp_path / "s.nc"
    parts = tmp_path / "s.nc.parts"
    parts.mkdir()
    (parts / "manifest.json").write_text(json.dumps({"key": "something else"}))
    res = runner.invoke(app, ["sweep", "ordos-low-carbon", "-g", "wind_mw=0,1", "--out",
                              str(out), "--resume"])
    assert res.exit_code == 2
    assert "belongs to a different sweep" in res.stderr and len(res.stderr.splitlines()) == 1
    res = runner.invoke(app, ["sweep", "ordos-low-carbon", "-g", "wind_mw=0,1", "--out",
                              str(out)])
    assert res.exit_code == 2 and "add --resume" in res.stderr


def test_resume_after_sigkill_gives_the_uninterrupted_dataset(tmp_path):
    """Kill the CLI mid-sweep with SIGKILL; --resume computes only the missing chunks."""
    out = tmp_path / "kill.nc"
    parts = tmp_path / "kill.nc.parts"
    # 24 chunks of 1,000 points × 3 years (about 0.05 s each on two cores)
    args = ["sweep", "ordos-low-carbon", "--grid", "wind_mw=0:2000:400", "--grid",
            "storage_mwh=0:3000:60", "--chunk-points", "1000", "--out", str(out)]
    proc = subprocess.Popen(cli(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while len(list(parts.glob("chunk-*.npz"))) < 3:
            assert proc.poll() is None, "the sweep ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    done = len(list(parts.glob("chunk-*.npz")))
    assert 3 <= done < 24

    res = subprocess.run(cli(*args, "--resume"), capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    m = re.search(r"computed (\d+) of (\d+) chunks", res.stdout)
    assert m and (int(m.group(1)), int(m.group(2))) == (24 - done, 24), res.stdout
    assert not parts.exists()

    reference = sweep(
        "ordos-low-carbon", {"wind_mw": "0:2000:400", "storage_mwh": "0:3000:60"},
        chunk_points=1000,
    )
    xr.testing.assert_identical(without_created(open_sweep(out)), without_created(reference))


GRID = {"wind_mw": "0:1500:7", "storage_mwh": "0,500,1000"}


@pytest.fixture(scope="module")
def in_process():
    return run_sweep("ordos-low-carbon", GRID, chunk_points=4, weather_years=2)


@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")
def test_dask_existing_cluster_gives_the_in_process_numbers(in_process):
    """A LocalCluster on loopback, used by its address like any existing cluster."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        remote = run_sweep("ordos-low-carbon", GRID, chunk_points=4, weather_years=2,
                           dask_scheduler=cluster.scheduler_address)
    assert remote.computed == in_process.computed == 12
    xr.testing.assert_identical(
        without_created(remote.dataset), without_created(in_process.dataset)
    )


def test_cli_dask_scheduler_local(tmp_path, in_process):
    out = tmp_path / "dask.zarr"
    res = subprocess.run(
        cli("sweep", "ordos-low-carbon", "-g", "wind_mw=0:1500:7", "-g", "storage_mwh=0,500,1000",
            "--chunk-points", "4", "--weather-years", "2", "--dask-scheduler", "local",
            "--workers", "1", "--out", str(out)),
        capture_output=True, text=True, timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "computed 12 of 12 chunks" in res.stdout
    back = open_sweep(out)
    xr.testing.assert_identical(without_created(back), without_created(in_process.dataset))
    np.testing.assert_array_equal(
        back["p_meets_target"].values, in_process.dataset["p_meets_target"].values
    )


def test_library_errors_name_arguments_and_the_cli_prints_flags():
    from simulator.cli.sweep import _FLAGS, _SWEEP_FLAGS, _flag_line
    from simulator.core.errors import InputError, OutputError
    from simulator.studies.sweep_store import SweepError

    assert _flag_line(InputError("grid", "wind_mw", "bad"), _FLAGS) == "--grid: wind_mw: bad"
    assert _flag_line(InputError("threads", None, "must be ≥ 1"), _SWEEP_FLAGS) == (
        "--workers: must be ≥ 1")
    assert _flag_line(InputError("chunk_points", None, "x"), _FLAGS) == "--chunk-points: x"
    assert _flag_line(InputError("scenario.toml", "wind.existing_mw", "x"), _FLAGS) == (
        "scenario.toml: wind.existing_mw: x")
    msg = "dask_scheduler: chunk 2 failed 3 times; 1 finished chunks are kept in X: run the " \
          "same sweep with `resume=True`"
    assert _flag_line(SweepError(msg), _FLAGS) == (
        "--dask-scheduler: chunk 2 failed 3 times; 1 finished chunks are kept in X: run the "
        "same sweep with --resume")
    assert _flag_line(InputError("X.parts", None, "add `resume=True`; or another `out`"),
                      _FLAGS) == "X.parts: add --resume; or another --out"
    assert _flag_line(OutputError("x.nc", "full; run with `resume=True`"), _FLAGS) == (
        "cannot write x.nc: full; run with --resume")
