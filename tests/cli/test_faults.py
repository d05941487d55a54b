"""Fault injection for `simulate`, `size` and `run`: kills at random points, a full disk.

The promise (docs/reliability.md): an output folder holds one run's files, never two runs' mixed;
a killed run leaves the earlier run's files or a subset of its own (the JSON summary last), and
the next run clears what the killed one left behind.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

SCENARIO = """
name = "fault-park"
park_type = "low-carbon"
start_year = 2030
years = 1
targets = [0.3]
[site]
latitude_deg = 40.0
longitude_deg = 110.0
[[loads]]
name = "plant"
archetype = "flat"
annual_mwh = 876000
[wind]
max_mw = 500
[solar]
max_mw = 500
[storage]
max_mwh = 0
max_mw = 0
[grid]
import_max_mw = 200
[policy]
voll_per_mwh = 5000
"""

CLI = [sys.executable, "-c", "from simulator.cli.app import main; main()"]
STAGING = ".parkbalance-staging-"


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, cwd=cwd, capture_output=True, text=True, timeout=300)


def wind_of(folder: Path) -> float | None:
    """Wind MW of the run whose hourly table is in ``folder`` (None without one)."""
    path = folder / "hourly.parquet"
    if not path.exists():
        return None
    h = pd.read_parquet(path, columns=["wind_available_mw"])
    return round(float(h["wind_available_mw"].max()), 6)


def summary_wind(folder: Path, name: str) -> float | None:
    path = folder / name
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    caps = data["capacities"]
    return float(caps[0]["wind_mw"])


@pytest.fixture(scope="module")
def park(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("faults")
    (d / "park.toml").write_text(SCENARIO)
    return d


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background shell may ignore it


def start_cli(args: list[str], cwd: Path, **kw) -> subprocess.Popen:
    kw.setdefault("stdout", subprocess.DEVNULL)
    kw.setdefault("stderr", subprocess.DEVNULL)
    return subprocess.Popen(CLI + args, cwd=cwd, preexec_fn=_default_sigint, **kw)


def test_killed_simulate_never_mixes_two_runs(park):
    out = park / "sim"
    first = run_cli(["simulate", "park.toml", "--wind-mw", "100", "--out", "sim"], park)
    assert first.returncode in (0, 5), first.stderr
    peak_cf = wind_of(out) / 100.0  # wind MW of a run = its hourly peak / the peak factor
    rng = random.Random(11)
    for k in range(6):
        proc = start_cli(["simulate", "park.toml", "--wind-mw", str(200 + k), "--out", "sim"], park)
        time.sleep(rng.uniform(0.5, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        names = sorted(p.name for p in out.iterdir() if not p.name.startswith(STAGING))
        hourly, summary = wind_of(out), summary_wind(out, "kpis.json")
        if summary is not None:  # the summary moves in last: its hourly table is there
            assert hourly is not None, names
            assert hourly / peak_cf == pytest.approx(summary), names  # ... and of the same run
        assert set(names) <= {"hourly.parquet", "kpis.json"}
    final = run_cli(["simulate", "park.toml", "--wind-mw", "300", "--out", "sim"], park)
    assert final.returncode in (0, 5), final.stderr
    assert sorted(p.name for p in out.iterdir()) == ["hourly.parquet", "kpis.json"]
    assert summary_wind(out, "kpis.json") == 300.0
    assert wind_of(out) / peak_cf == pytest.approx(300.0)


def test_killed_size_leaves_the_earlier_plan_or_a_subset_of_the_new(park):
    out = park / "plan"
    first = run_cli(["size", "park.toml", "--out", "plan"], park)
    assert first.returncode == 0, first.stderr
    seg = ["size", "park.toml", "--segments", "300", "--out"]
    ref = run_cli(seg + ["ref"], park)  # the same run, uninterrupted
    assert ref.returncode == 0, ref.stderr
    files = ("hourly.parquet", "hourly_lp.parquet")
    full_run = {n: (out / n).read_bytes() for n in files}
    seg_run = {n: (park / "ref" / n).read_bytes() for n in files}
    assert full_run != seg_run
    rng = random.Random(5)
    for _ in range(3):
        proc = start_cli(seg + ["plan"], park)
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(STAGING)}
        plan = json.loads(now["plan.json"]) if "plan.json" in now else None
        if plan is not None and "segments" not in plan:
            assert all(now[n] == full_run[n] for n in files), "the earlier run, untouched"
        else:  # the new run's files, or a subset of them without its plan.json
            assert all(now[n] == seg_run[n] for n in files if n in now), sorted(now)
            if plan is not None:
                assert set(files) <= set(now)  # plan.json moves in last
    final = run_cli(["size", "park.toml", "--out", "plan"], park)
    assert final.returncode == 0
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING)]
    assert {n: (out / n).read_bytes() for n in files} == full_run


def test_full_disk_during_size_ends_with_one_line_and_nothing_half_written(park, monkeypatch):
    from typer.testing import CliRunner

    import simulator.core.io as sio
    from simulator.cli.app import app

    out = park / "full"
    out.mkdir()
    (out / "plan.json").write_text("earlier")
    real = sio.write_parquet

    def no_space(path, df):
        if Path(path).name == "hourly.parquet":
            raise OSError(28, "No space left on device", str(path))
        return real(path, df)

    monkeypatch.setattr(sio, "write_parquet", no_space)
    monkeypatch.setattr("solvers.plan_output.write_parquet", no_space)
    monkeypatch.chdir(park)
    res = CliRunner().invoke(app, ["size", "park.toml", "--segments", "100", "--out", "full"])
    assert res.exit_code == 6, res.output
    assert "No space left on device" in res.stderr and "Traceback" not in res.output
    assert sorted(p.name for p in out.iterdir()) == ["plan.json"]
    assert (out / "plan.json").read_text() == "earlier"


def test_out_that_cannot_be_created_is_one_line(park):
    (park / "afile").write_text("x")
    res = run_cli(["simulate", "park.toml", "--out", "afile/sub"], park)
    assert res.returncode == 6 and "cannot write afile/sub" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_ctrl_c_during_the_solve_exits_130_with_one_line(park):
    proc = subprocess.Popen(
        [sys.executable, "-c", "from simulator.cli.entry import main; main()", "size", "park.toml",
         "--out", "ctrlc"],
        cwd=park, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=_default_sigint, env={**os.environ, "PARKBALANCE_PROGRESS_QUIET_S": "0"},
    )
    first = proc.stderr.readline()  # the first progress line: HiGHS is solving
    assert first.startswith("LP solve 1: "), first
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == [
        "error: interrupted (Ctrl-C); nothing half-written was left"
    ]
    assert not (park / "ctrlc").exists()
