"""Fault injection for sweeps: `parkbalance sweep` and `sweep-size` killed with SIGKILL at random
points (after a random delay once the sweep has started writing), then resumed, must give the
dataset of an uninterrupted run and leave no stray file; a full disk ends with one line and
nothing half-written.

The delays come from a seeded generator (``PARKBALANCE_FAULT_SEED`` changes the seed), so a
failure can be replayed; the message names the delay."""

from __future__ import annotations

import errno
import importlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xarray as xr

from simulator.core.errors import OutputError
from simulator.core.scenario import load_scenario
from simulator.studies.sweep import open_sweep, run_sweep
from simulator.studies.sweep_lp import run_sweep_size
from tests.sweep_fakes import fake_size

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("PARKBALANCE_FAULT_SEED", "17"))
sweep_lp = importlib.import_module("simulator.studies.sweep_lp")
store = importlib.import_module("simulator.studies.sweep_store")

PARK = """name = "faults"
park_type = "low-carbon"
start_year = 2030
years = 1
seed = 5
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "flat"
annual_mwh = 4.0e5
[wind]
existing_mw = 60
[solar]
existing_mw = 80
[storage]
existing_mwh = 50
existing_mw = 20
[grid]
import_max_mw = 30
export_max_mw = 10
"""
GRID = {"wind_mw": "0:200:30", "storage_mwh": "0:120:20"}  # 600 points, 40 chunks of 15
VARY = {"wind.capex_per_kw": "3000:4000:6", "finance.discount_rate": "0.05,0.08"}  # 12 points


def without_created(ds):
    ds = ds.copy()
    ds.attrs.pop("created", None)
    ds.attrs.pop("provenance", None)  # records when and by which command: checked on its own
    return ds


def listing(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if ".zarr/" not in str(
        p.relative_to(path)))


def kill_at_random(args, parts: Path, rng: random.Random, window_s: float, env=None):
    """Start the CLI, wait until it writes OUT.parts, SIGKILL it after a random delay.

    Returns the delay [s] and whether the process was still running when killed.
    """
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env)
    delay = rng.uniform(0.0, window_s)
    try:
        deadline = time.monotonic() + 60
        while not parts.exists() and proc.poll() is None:
            assert time.monotonic() < deadline, "the sweep never started"
            time.sleep(0.005)
        time.sleep(delay)
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode in (0, -signal.SIGKILL), proc.stderr.read()
    return delay, killed


def cli(*args):
    return [sys.executable, "-c", "from simulator.cli.app import main; main()", *args]


def fake_cli(*args):
    return [sys.executable, "-c", "from tests.sweep_fakes import cli; cli()", *args]


def test_sweep_killed_at_random_points_resumes_to_the_same_dataset(tmp_path):
    rng = random.Random(SEED)
    park = tmp_path / "park.toml"
    park.write_text(PARK, encoding="utf-8")
    out = tmp_path / "res.nc"
    args = cli("sweep", str(park), "-g", f"wind_mw={GRID['wind_mw']}", "-g",
               f"storage_mwh={GRID['storage_mwh']}", "--chunk-points", "15", "--out", str(out))
    delays = []
    for _ in range(2):  # killed, then killed again while resuming
        delay, killed = kill_at_random([*args, "--resume"], tmp_path / "res.nc.parts", rng, 1.0)
        delays.append((round(delay, 3), killed))
    res = subprocess.run([*args, "--resume"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, (delays, res.stderr)
    reference = run_sweep(load_scenario(park), GRID, chunk_points=15).dataset
    xr.testing.assert_identical(without_created(open_sweep(out)), without_created(reference))
    assert listing(tmp_path) == ["park.toml", "res.nc"], delays


def test_sweep_size_killed_at_random_points_resumes_to_the_same_dataset(tmp_path, monkeypatch):
    rng = random.Random(SEED + 1)
    park = tmp_path / "park.toml"
    park.write_text(PARK, encoding="utf-8")
    out = tmp_path / "lp.zarr"
    args = fake_cli("sweep-size", str(park), "-v", f"wind.capex_per_kw={VARY['wind.capex_per_kw']}",
                    "-v", f"finance.discount_rate={VARY['finance.discount_rate']}",
                    "--chunk-points", "3", "--out", str(out), "--no-progress")
    env = {**os.environ, "PARKBALANCE_FAKE_SLEEP_S": "0.08"}  # 12 points: about 1 s
    delay, killed = kill_at_random([*args, "--resume"], tmp_path / "lp.zarr.parts", rng, 1.0,
                                   env)
    res = subprocess.run([*args, "--resume"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env=env)
    assert res.returncode == 0, (delay, killed, res.stderr)
    monkeypatch.setattr(sweep_lp, "_size", fake_size)
    reference = run_sweep_size(load_scenario(park), VARY, chunk_points=3).dataset
    back = open_sweep(out)
    xr.testing.assert_identical(without_created(back), without_created(reference))
    assert back["objective"].equals(reference["objective"])  # warm starts did not move a digit
    assert listing(tmp_path) == ["lp.zarr", "park.toml"], (delay, killed)


@pytest.mark.parametrize("where", ["chunk", "final"])
def test_sweep_size_full_disk_one_line_nothing_half_written(tmp_path, monkeypatch, where):
    """ENOSPC in a chunk file or in the final write: one line naming the file, no temporary
    file, the finished chunks kept; the resume gives the uninterrupted dataset."""
    park = tmp_path / "park.toml"
    park.write_text(PARK, encoding="utf-8")
    sc = load_scenario(park)
    monkeypatch.setattr(sweep_lp, "_size", fake_size)
    reference = run_sweep_size(sc, VARY, chunk_points=3).dataset
    out = tmp_path / "lp.nc"
    real = store.atomic_write
    saved = []

    def full(path, write):
        if (where == "chunk" and len(saved) == 2) or (where == "final" and path == out):
            def half(tmp):
                tmp.write_bytes(b"half")
                raise OSError(errno.ENOSPC, "No space left on device")

            return real(path, half)
        saved.append(path)
        return real(path, write)

    monkeypatch.setattr(store, "atomic_write", full)
    with pytest.raises(OutputError) as exc:
        run_sweep_size(sc, VARY, chunk_points=3, out=out)
    line = exc.value.one_line()
    kept = 2 if where == "chunk" else 4
    bad = tmp_path / "lp.nc.parts" / "chunk-000002.npz" if where == "chunk" else out
    assert line.startswith(f"cannot write {bad}: No space left on device; {kept} finished "
                           "chunks are kept in"), line
    assert "\n" not in line
    chunks = [f"lp.nc.parts/chunk-{c:06d}.npz" for c in range(kept)]
    assert listing(tmp_path) == ["lp.nc.parts", *chunks, "lp.nc.parts/manifest.json",
                                 "park.toml"]
    monkeypatch.setattr(store, "atomic_write", real)
    run = run_sweep_size(sc, VARY, chunk_points=3, out=out, resume=True)
    assert run.computed == 12 - 3 * kept
    xr.testing.assert_identical(without_created(open_sweep(out)), without_created(reference))
    assert listing(tmp_path) == ["lp.nc", "park.toml"]


def test_sweep_size_ctrl_c_exits_130_and_resumes(tmp_path, monkeypatch):
    """SIGINT to a real `sweep-size` process: exit 130, one line naming the finished chunks;
    `--resume` solves only the rest and gives the uninterrupted dataset."""
    park = tmp_path / "park.toml"
    park.write_text(PARK, encoding="utf-8")
    out = tmp_path / "lp.nc"
    args = fake_cli("sweep-size", str(park), "-v", f"wind.capex_per_kw={VARY['wind.capex_per_kw']}",
                    "-v", f"finance.discount_rate={VARY['finance.discount_rate']}",
                    "--chunk-points", "3", "--out", str(out), "--no-progress")
    env = {**os.environ, "PARKBALANCE_FAKE_SLEEP_S": "0.3"}  # 12 points: about 4 s
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    parts = tmp_path / "lp.nc.parts"
    deadline = time.monotonic() + 60
    while not (parts / "chunk-000000.npz").exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: interrupted (Ctrl-C); "), err
    kept = len(list(parts.glob("chunk-*.npz")))
    assert 1 <= kept < 4 and f"{kept} finished chunks are kept in {parts}" in lines[0]
    res = subprocess.run([*args, "--resume"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env={**env, "PARKBALANCE_FAKE_SLEEP_S": "0"})
    assert res.returncode == 0, res.stderr
    assert f"computed {12 - 3 * kept} of 12 points" in res.stdout
    monkeypatch.setattr(sweep_lp, "_size", fake_size)
    reference = run_sweep_size(load_scenario(park), VARY, chunk_points=3).dataset
    xr.testing.assert_identical(without_created(open_sweep(out)), without_created(reference))
    assert listing(tmp_path) == ["lp.nc", "park.toml"]
