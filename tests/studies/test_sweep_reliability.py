"""Sweeps when things go wrong (issue 17): input files edited during a sweep, bad chunk files,
order-independent LP sweeps, output paths that cannot be written, full disks, lost Dask workers,
grids too large for memory, Ctrl-C, stale temporary files, and error lines printed as they are.

The promise: bad input ends with exit code 2 and one line naming the file and the field; an I/O
fault ends with one line and nothing half-written; the result after any interruption equals the
uninterrupted one. See docs/reliability.md § Sweeps."""

from __future__ import annotations

import errno
import hashlib
import importlib
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from simulator.cli.app import app
from simulator.core.errors import InputError, OutputError
from simulator.core.scenario import scenario_from_dict
from simulator.studies.sweep import SweepError, open_sweep, run_sweep, sweep, write_dataset
from simulator.studies.sweep_lp import apply_vary, run_sweep_size
from tests.sweep_fakes import fake_size

runner = CliRunner()
sweep_mod = importlib.import_module("simulator.studies.sweep")
sweep_kernel = importlib.import_module("simulator.studies.sweep_kernel")
sweep_stream = importlib.import_module("simulator.studies.sweep_stream")
sweep_plan = importlib.import_module("simulator.studies.sweep_plan")
sweep_lp = importlib.import_module("simulator.studies.sweep_lp")
sweep_dask = importlib.import_module("simulator.studies.sweep_dask")
store = importlib.import_module("simulator.studies.sweep_store")

SMALL = {
    "name": "small-faults",
    "park_type": "low-carbon",
    "start_year": 2030,
    "years": 1,
    "seed": 3,
    "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
    "loads": [{"name": "plant", "archetype": "flat", "annual_mwh": 4.0e5}],
    "wind": {"existing_mw": 60, "capex_per_kw": 4000},
    "solar": {"existing_mw": 80},
    "storage": {"existing_mwh": 50, "existing_mw": 20},
    "grid": {"import_max_mw": 30, "export_max_mw": 10},
}
GRID = {"wind_mw": "0:200:9", "storage_mwh": "0,60,120"}  # 27 points; chunks of 4: 7 chunks


@pytest.fixture(scope="module")
def small():
    return scenario_from_dict(SMALL)


@pytest.fixture(scope="module")
def reference(small):
    return run_sweep(small, GRID, chunk_points=4).dataset


def without_created(ds):
    ds = ds.copy()
    ds.attrs.pop("created", None)
    ds.attrs.pop("provenance", None)  # records when and by which command: checked on its own
    return ds


def assert_same(a, b):
    xr.testing.assert_identical(without_created(a), without_created(b))


def crash_after(monkeypatch, n, exc=RuntimeError("power cut")):
    """Make the n+1-th chunk computation raise ``exc``; return the list of chunks computed."""
    real = sweep_kernel.chunk_sums
    calls = []

    def chunk_sums(plan, weather, c, threads=None):
        if len(calls) == n:
            raise exc
        calls.append(c)
        return real(plan, weather, c, threads)

    monkeypatch.setattr(sweep_kernel, "chunk_sums", chunk_sums)
    return calls


def never_compute(monkeypatch):
    monkeypatch.setattr(sweep_kernel, "chunk_sums", lambda *a, **k: pytest.fail("computed"))
    monkeypatch.setattr(sweep_lp, "_size", lambda *a, **k: pytest.fail("solved"))


def one_error_line(res, code):
    assert res.exit_code == code, res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert "Traceback" not in res.output
    return lines[0]


def listing(path):
    """Every file and folder under ``path`` (hidden ones too), relative."""
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def write_park(tmp_path, **over):
    """A one-year park in a TOML file; returns its path."""
    d = {**SMALL, **over}
    lines = [f'name = "{d["name"]}"', 'park_type = "low-carbon"', "start_year = 2030",
             "years = 1", "seed = 3", "[site]", "latitude_deg = 40.0", "longitude_deg = 110.0"]
    for ld in d["loads"]:
        lines += ["[[loads]]"] + [f"{k} = {json.dumps(v)}" for k, v in ld.items()]
    for sec in ("wind", "solar", "storage", "grid"):
        lines += [f"[{sec}]"] + [f"{k} = {json.dumps(v)}" for k, v in d[sec].items()]
    path = tmp_path / "park.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---- 4: input files read once ------------------------------------------------------------------


def test_load_csv_edited_during_a_weather_year_sweep_is_not_seen(tmp_path, monkeypatch):
    """The CSV load is rewritten after the first weather year's chunk: every weather year still
    uses the bytes read at the start, and the recorded digest is of those bytes."""
    rng = np.random.default_rng(1)
    old = "load_mw\n" + "\n".join(f"{x:.3f}" for x in rng.uniform(40, 60, 8760)) + "\n"
    new = "load_mw\n" + "\n".join(["90"] * 8760) + "\n"
    csv = tmp_path / "load.csv"
    csv.write_text(old, encoding="utf-8")
    loads = [{"name": "plant", "archetype": "csv", "csv": "load.csv"}]
    sc = scenario_from_dict({**SMALL, "loads": loads}, write_park(tmp_path, loads=loads))
    clean = run_sweep(sc, {"wind_mw": "0,100"}, weather_years=3).dataset

    real = sweep_kernel.chunk_sums
    edited = []

    def edit_after_first(plan, weather, c, threads=None):
        out = real(plan, weather, c, threads)
        if not edited:
            csv.write_text(new, encoding="utf-8")
            edited.append(c)
        return out

    monkeypatch.setattr(sweep_kernel, "chunk_sums", edit_after_first)
    ds = run_sweep(sc, {"wind_mw": "0,100"}, weather_years=3).dataset
    assert edited == [0]
    load = ds["load_mwh"].sel(wind_mw=0).values[:, 0]
    assert load[0] == load[1] == load[2] == clean["load_mwh"].sel(wind_mw=0).values[0, 0]
    assert_same(ds, clean)
    digest = hashlib.sha256(old.encode()).hexdigest()
    assert json.loads(ds.attrs["input_sha256"]) == {"load.csv": digest}
    # the private copy is gone
    mine = f"parkbalance-sweep-inputs-{os.getpid()}-*"
    assert list(Path(tempfile.gettempdir()).glob(mine)) == []
    # an error in the file names the user's file, not the private copy
    csv.write_text("load_mw\n1\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        sweep(sc, {"wind_mw": "0,100"})
    assert exc.value.source == str(csv) and exc.value.field == "rows"


def test_input_files_in_subfolders_and_outside_are_read_once(tmp_path, monkeypatch):
    """A wind profile in a subfolder and a load outside the scenario's folder (allowed): both
    are read once; a file outside without ``allow_outside`` is refused naming the scenario."""
    park = tmp_path / "park"
    (park / "data").mkdir(parents=True)
    wind = park / "data" / "wind.csv"
    rng = np.random.default_rng(2)
    wind.write_text("cf\n" + "\n".join(f"{x:.4f}" for x in rng.uniform(0, 1, 8760)) + "\n")
    load = tmp_path / "shared-load.csv"
    load.write_text("mw\n" + "\n".join(f"{x:.2f}" for x in rng.uniform(40, 60, 8760)) + "\n")
    d = {**SMALL, "loads": [{"name": "plant", "archetype": "csv", "csv": str(load)}],
         "profiles": {"wind_cf": "data/wind.csv", "allow_outside": True}}
    sc = scenario_from_dict(d, park / "park.toml")
    clean = run_sweep(sc, {"wind_mw": "0,100"}, chunk_points=1).dataset

    real = sweep_kernel.chunk_sums

    def edit_both(plan, weather, c, threads=None):
        wind.write_text("cf\n" + "\n".join(["0.9"] * 8760) + "\n")
        load.write_text("mw\n" + "\n".join(["10"] * 8760) + "\n")
        return real(plan, weather, c, threads)

    before = {"data/wind.csv": hashlib.sha256(wind.read_bytes()).hexdigest(),
              str(load): hashlib.sha256(load.read_bytes()).hexdigest()}
    monkeypatch.setattr(sweep_kernel, "chunk_sums", edit_both)
    ds = run_sweep(sc, {"wind_mw": "0,100"}, chunk_points=1).dataset
    assert_same(ds, clean)
    assert json.loads(ds.attrs["input_sha256"]) == before
    monkeypatch.undo()

    outside = scenario_from_dict({**d, "profiles": {"wind_cf": "data/wind.csv"}},
                                 park / "park.toml")
    with pytest.raises(InputError, match="is outside the scenario's folder") as exc:
        sweep(outside, {"wind_mw": "0,100"})
    assert exc.value.source == str(park / "park.toml")


def test_lp_sweep_messages_name_the_users_files(tmp_path, monkeypatch):
    """The optimiser reads the private copies; its messages in the dataset name the user's file
    (so they are the same in every run, resumed or not)."""
    csv = tmp_path / "load.csv"
    csv.write_text("mw\n" + "\n".join(["50"] * 8760) + "\n", encoding="utf-8")
    loads = [{"name": "plant", "archetype": "csv", "csv": "load.csv"}]
    sc = scenario_from_dict({**SMALL, "loads": loads}, write_park(tmp_path, loads=loads))

    def size(scenario, **options):
        raise InputError(scenario.resolve(scenario.loads[0].csv), "row 3", "made up")

    monkeypatch.setattr(sweep_lp, "_size", size)
    ds = run_sweep_size(sc, {"wind.capex_per_kw": "3000,4000"}, out=tmp_path / "lp.nc").dataset
    assert list(ds["message"].values) == [f"{csv}: row 3: made up"] * 2
    assert_same(open_sweep(tmp_path / "lp.nc"), ds)


# ---- 5, 7: chunk files that cannot be trusted -----------------------------------------------


def test_resume_recomputes_wrong_chunk_files(small, reference, tmp_path, monkeypatch):
    """Zeros without a checksum, NaN with a stale checksum, another chunk's copy and a truncated
    file are each computed again (and said so); the result is the uninterrupted one."""
    out = tmp_path / "res.nc"
    crash_after(monkeypatch, 5)
    with pytest.raises(RuntimeError):
        run_sweep(small, GRID, chunk_points=4, out=out)
    monkeypatch.undo()
    parts = tmp_path / "res.nc.parts"
    good = np.load(parts / "chunk-000001.npz")
    # a well-formed file of the old kind: zeros, no checksum
    np.savez(parts / "chunk-000000.npz", sums=np.zeros_like(good["sums"]))
    # NaN under the old checksum and identity
    forged = {k: good[k] for k in good.files}
    forged["sums"] = np.full_like(forged["sums"], np.nan)
    np.savez(parts / "chunk-000001.npz", **forged)
    # chunk 2's file replaced by a copy of chunk 3's (same sweep, valid checksum)
    shutil.copy(parts / "chunk-000003.npz", parts / "chunk-000002.npz")
    # chunk 4 truncated (a zip file cut in half)
    data = (parts / "chunk-000004.npz").read_bytes()
    (parts / "chunk-000004.npz").write_bytes(data[: len(data) // 2])

    run = run_sweep(small, GRID, chunk_points=4, out=out, resume=True)
    assert (run.n_chunks, run.computed) == (7, 6)  # only chunk 3 was good
    assert_same(run.dataset, reference)
    assert_same(open_sweep(out), reference)
    text = "\n".join(run.warnings)
    assert len(run.warnings) == 4, text
    assert "chunk-000000.npz: has no checksum or identity" in text
    assert "chunk-000001.npz: checksum mismatch" in text
    assert "chunk-000002.npz: is the copy of another chunk" in text
    assert "chunk-000004.npz: cannot be read (BadZipFile)" in text


def test_truncated_chunk_file_is_recomputed_on_the_command_line(small, tmp_path, monkeypatch):
    path = write_park(tmp_path)
    out = tmp_path / "res.zarr"
    args = ["sweep", str(path), "-g", "wind_mw=0:200:9", "-g", "storage_mwh=0,60,120",
            "--chunk-points", "4", "--out", str(out)]
    crash_after(monkeypatch, 3, KeyboardInterrupt())
    res = runner.invoke(app, args)
    line = one_error_line(res, 130)
    assert "interrupted (Ctrl-C); 3 finished chunks are kept in" in line and "--resume" in line
    monkeypatch.undo()
    chunk = tmp_path / "res.zarr.parts" / "chunk-000001.npz"
    chunk.write_bytes(chunk.read_bytes()[:100])
    res = runner.invoke(app, [*args, "--resume"])
    assert res.exit_code == 0, res.output
    assert "computed 5 of 7 chunks" in res.stdout
    assert "warning:" in res.stderr and "chunk-000001.npz: cannot be read" in res.stderr
    reference = run_sweep(scenario_from_dict(SMALL, path), GRID, chunk_points=4).dataset
    assert_same(open_sweep(out), reference)
    assert listing(tmp_path) == ["park.toml", "res.zarr", *listing_of_zarr(out)]


def listing_of_zarr(out):
    return sorted(f"{out.name}/{p.relative_to(out)}" for p in out.rglob("*"))


# ---- 6: LP sweeps independent of order and interruptions -------------------------------------


VARY = {"wind.capex_per_kw": "3000:4000:5", "finance.discount_rate": "0.05,0.08"}  # 10 points


def test_lp_sweep_equals_after_resume_and_on_dask(small, tmp_path, monkeypatch):
    """With an optimiser whose last digits depend on the warm-start basis (as HiGHS's do), an
    interrupted and resumed LP sweep, and one on Dask, equal the uninterrupted run exactly."""
    monkeypatch.setattr(sweep_lp, "_size", fake_size)
    ref = run_sweep_size(small, VARY, chunk_points=3).dataset  # chunks 0-2, 3-5, 6-8, 9
    # warm starts still happen inside a chunk: point 1 is not its cold self
    cold = fake_size(apply_vary(small, {"wind.capex_per_kw": 3000.0,
                                                   "finance.discount_rate": 0.08}))
    assert ref["objective"].values[0, 1] != cold.objective
    assert ref["objective"].values[0, 0] == fake_size(
        apply_vary(small, {"wind.capex_per_kw": 3000.0, "finance.discount_rate": 0.05})
    ).objective

    calls = []

    def crash_after_five(scenario, **options):
        if len(calls) == 5:
            raise RuntimeError("killed")
        calls.append(1)
        return fake_size(scenario, **options)

    monkeypatch.setattr(sweep_lp, "_size", crash_after_five)
    out = tmp_path / "lp.nc"
    with pytest.raises(RuntimeError):
        run_sweep_size(small, VARY, out=out, chunk_points=3)
    monkeypatch.setattr(sweep_lp, "_size", fake_size)
    run = run_sweep_size(small, VARY, out=out, chunk_points=3, resume=True)
    assert (run.n_chunks, run.computed) == (10, 7)
    assert_same(run.dataset, ref)
    assert_same(open_sweep(out), ref)
    assert run.dataset["objective"].equals(ref["objective"])

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                      host="127.0.0.1", dashboard_address=None) as cluster:
        on_dask = run_sweep_size(small, VARY, chunk_points=3,
                                 dask_scheduler=cluster.scheduler_address)
    assert_same(on_dask.dataset, ref)


# ---- 8, 10: the output path is checked before anything is computed ---------------------------


@pytest.mark.parametrize(
    "make, name, words",
    [
        ("dir", "d.nc", "is a folder; a NetCDF result is a file"),
        ("file", "d.zarr", "is a file; a Zarr result is a folder"),
        ("other-dir", "d.zarr", "is a folder that is not a Zarr store"),
        ("parent-file", "f/d.nc", "is not a folder"),
    ],
)
def test_out_of_the_wrong_kind_is_refused_before_computing(tmp_path, monkeypatch, make, name,
                                                           words):
    path = write_park(tmp_path)
    out = tmp_path / name
    if make == "dir":
        out.mkdir()
    elif make == "file":
        out.write_text("x")
    elif make == "other-dir":
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    else:
        (tmp_path / "f").write_text("x")
    before = listing(tmp_path)
    never_compute(monkeypatch)
    for cmd, opt in (("sweep", "--grid"), ("sweep-size", "--vary")):
        spec = "wind_mw=0,1" if cmd == "sweep" else "wind.capex_per_kw=3000,4000"
        res = runner.invoke(app, [cmd, str(path), opt, spec, "--out", str(out)])
        line = one_error_line(res, 6)  # results cannot be written
        assert line.startswith(f"error: cannot write {out}: ") and words in line
        assert listing(tmp_path) == before


def test_read_only_folder_is_refused_before_computing(tmp_path, monkeypatch):
    path = write_park(tmp_path)
    never_compute(monkeypatch)

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(store.tempfile, "mkstemp", denied)
    res = runner.invoke(app, ["sweep", str(path), "-g", "wind_mw=0,1", "--out",
                              str(tmp_path / "ro" / "x.nc")])
    line = one_error_line(res, 6)
    assert f"cannot create files in {tmp_path} (Permission denied)" in line
    assert listing(tmp_path) == ["park.toml"]


def test_sweep_size_years_vary_is_refused_before_solving(small, tmp_path, monkeypatch):
    never_compute(monkeypatch)
    with pytest.raises(InputError, match="changes the years of the scenario") as exc:
        run_sweep_size(small, {"years": "1,2"}, out=tmp_path / "lp.nc")
    assert exc.value.source == "vary" and exc.value.field == "years"
    with pytest.raises(InputError, match="changes the years"):
        run_sweep_size(small, {"start_year": "2030,2031"})
    assert listing(tmp_path) == []


# ---- 10: a full disk -------------------------------------------------------------------------


def full_disk(monkeypatch, ok_chunks):
    """Let ``ok_chunks`` chunk files be written, then fail like a full disk, half-way through."""
    real = store.atomic_write
    written = []

    def atomic_write(path, write):
        if len(written) >= ok_chunks:
            def half(tmp):
                tmp.write_bytes(b"half a chunk")
                raise OSError(errno.ENOSPC, "No space left on device")

            return real(path, half)
        written.append(path)
        return real(path, write)

    monkeypatch.setattr(store, "atomic_write", atomic_write)


def test_full_disk_while_saving_chunks_one_line_and_resumable(small, reference, tmp_path,
                                                             monkeypatch):
    out = tmp_path / "res.nc"
    full_disk(monkeypatch, 2)
    with pytest.raises(OutputError) as exc:
        run_sweep(small, GRID, chunk_points=4, out=out)
    msg = exc.value.one_line()
    assert "\n" not in msg
    assert msg.startswith(f"cannot write {tmp_path / 'res.nc.parts' / 'chunk-000002.npz'}: "
                          "No space left on device; 2 finished chunks are kept in")
    assert msg.endswith("run the same sweep with `resume=True`")
    assert listing(tmp_path) == ["res.nc.parts", "res.nc.parts/chunk-000000.npz",
                                 "res.nc.parts/chunk-000001.npz", "res.nc.parts/manifest.json"]
    monkeypatch.undo()
    run = run_sweep(small, GRID, chunk_points=4, out=out, resume=True)
    assert run.computed == 5
    assert_same(run.dataset, reference)


def test_full_disk_through_the_cli_advises_the_flag(tmp_path, monkeypatch):
    """The library advises ``resume=True``; the command line prints ``--resume`` there."""
    path = write_park(tmp_path)
    full_disk(monkeypatch, 2)
    res = runner.invoke(app, ["sweep", str(path), "-g", "wind_mw=0:200:9", "--chunk-points", "4",
                              "--out", str(tmp_path / "res.nc")])
    line = one_error_line(res, 6)
    assert "No space left on device; 2 finished chunks are kept in" in line
    assert line.endswith("run the same sweep with --resume")


def test_full_disk_at_the_first_chunk_leaves_nothing(tmp_path, monkeypatch):
    path = write_park(tmp_path)
    full_disk(monkeypatch, 0)
    res = runner.invoke(app, ["sweep", str(path), "-g", "wind_mw=0:200:9", "--chunk-points", "4",
                              "--out", str(tmp_path / "res.nc")])
    line = one_error_line(res, 6)
    assert line.endswith(": No space left on device")
    assert listing(tmp_path) == ["park.toml"]
    # so a plain run afterwards is not refused
    monkeypatch.undo()
    res = runner.invoke(app, ["sweep", str(path), "-g", "wind_mw=0:200:9", "--out",
                              str(tmp_path / "res.nc")])
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
def test_full_disk_in_the_final_write(small, reference, tmp_path, monkeypatch, suffix):
    """The disk fills up after the first block of the streamed result file."""
    out = tmp_path / f"res{suffix}"
    sink = sweep_stream.NetCDFSink if suffix == ".nc" else sweep_stream.ZarrSink
    real = sink.write
    blocks = []

    def half_then_full(self, lo, hi, values):
        if blocks:
            raise OSError(errno.ENOSPC, "No space left on device")
        blocks.append(lo)
        real(self, lo, hi, values)

    monkeypatch.setattr(sink, "write", half_then_full)
    with pytest.raises(OutputError) as exc:
        run_sweep(small, GRID, chunk_points=4, out=out)
    assert exc.value.one_line().startswith(
        f"cannot write {out}: No space left on device; 7 finished chunks are kept"
    )
    assert [p for p in listing(tmp_path) if "/" not in p] == [f"res{suffix}.parts"]
    monkeypatch.undo()
    run = run_sweep(small, GRID, chunk_points=4, out=out, resume=True)
    assert run.computed == 0
    assert_same(open_sweep(out), reference)
    assert [p for p in listing(tmp_path) if "/" not in p] == [f"res{suffix}"]


# ---- 9, 13: Dask --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def threaded_cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                      host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster


def cancelling_client(monkeypatch, cluster, chunk, times):
    """Make ``dask_client`` give a client whose tasks for ``chunk`` are cancelled ``times``
    times (as when the workers running them are killed)."""
    import time

    from distributed import Client

    cancelled = []

    def dask_client(scheduler, workers, threads_per_worker=1):
        client = Client(cluster.scheduler_address)
        real = client.submit

        def submit(func, *args, key, **kwargs):
            if key.split("-")[-2] == str(chunk) and len(cancelled) < times:
                fut = real(time.sleep, 0.3, key=key, pure=False)
                client.cancel(fut)
                cancelled.append(key)
                return fut
            return real(func, *args, key=key, **kwargs)

        client.submit = submit
        return client, None

    monkeypatch.setattr(sweep_dask, "dask_client", dask_client)
    return cancelled


def test_dask_cancelled_chunk_is_retried(small, reference, threaded_cluster, monkeypatch):
    cancelled = cancelling_client(monkeypatch, threaded_cluster, chunk=2, times=2)
    run = run_sweep(small, GRID, chunk_points=4, dask_scheduler="tcp://cluster")
    assert len(cancelled) == 2 and run.computed == 7
    assert_same(run.dataset, reference)


def test_dask_lost_chunk_fails_with_one_line_keeping_the_rest(small, reference, tmp_path,
                                                             threaded_cluster, monkeypatch):
    cancelling_client(monkeypatch, threaded_cluster, chunk=2, times=99)
    out = tmp_path / "res.nc"
    with pytest.raises(SweepError) as exc:
        run_sweep(small, GRID, chunk_points=4, dask_scheduler="tcp://cluster", out=out)
    msg = str(exc.value)
    assert "\n" not in msg
    assert msg.startswith("dask_scheduler: chunk 2 failed 3 times on the cluster (cancelled")
    assert "6 finished chunks are kept in" in msg
    monkeypatch.undo()
    run = run_sweep(small, GRID, chunk_points=4, out=out, resume=True)
    assert run.computed == 1
    assert_same(run.dataset, reference)


def test_dask_cluster_without_workers_ends_with_one_line(small, tmp_path, threaded_cluster,
                                                         monkeypatch):
    """Every worker gone (the scheduler reports none) and nothing arriving: one line, not a hang."""
    import time

    from distributed import Client

    def dask_client(scheduler, workers, threads_per_worker=1):
        client = Client(threaded_cluster.scheduler_address)
        real = client.submit
        client.submit = lambda func, *a, key, **k: real(time.sleep, 1.0, key=key, pure=False)
        client.nthreads = lambda: {}
        return client, None

    monkeypatch.setattr(sweep_dask, "dask_client", dask_client)
    monkeypatch.setattr(sweep_dask, "DASK_NO_WORKER_S", 0.1)
    monkeypatch.setattr(sweep_dask, "_WATCH_S", 0.05)
    with pytest.raises(SweepError, match="the cluster has had no worker for 0.1 s"):
        run_sweep(small, GRID, chunk_points=4, dask_scheduler="tcp://cluster",
                  out=tmp_path / "x.nc")
    assert listing(tmp_path) == []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "extra, code, words",
    [
        (["--dask-scheduler", "tcp://127.0.0.1:{port}"], 2, "--dask-scheduler: cannot connect"),
        (["--dask-scheduler", "tcp://127.0.0.1:{port}", "--workers", "2"], 2,
         "--workers: sets the size of a local cluster"),
        (["--workers", "0"], 2, "--workers: must be ≥ 1"),
    ],
)
def test_dask_input_errors_leave_nothing(tmp_path, monkeypatch, extra, code, words):
    path = write_park(tmp_path)
    monkeypatch.setattr(sweep_dask, "DASK_CONNECT_TIMEOUT_S", 1.0)
    port = free_port()
    args = ["sweep", str(path), "-g", "wind_mw=0,1", "--out", str(tmp_path / "x.nc")]
    res = runner.invoke(app, [*args, *[a.format(port=port) for a in extra]])
    assert words in one_error_line(res, code)
    assert listing(tmp_path) == ["park.toml"]
    res = runner.invoke(app, args)  # the next plain run is not refused
    assert res.exit_code == 0, res.output


# ---- 12: too large, Ctrl-C ------------------------------------------------------------------


def test_grid_too_large_is_refused_up_front(tmp_path):
    big = ["sweep", "ordos-low-carbon", "-g", "wind_mw=0:1000:100000", "-g",
           "solar_mw=0:1000:100000"]
    line = one_error_line(runner.invoke(app, big), 2)
    assert "--grid: 10,000,000,000 points × 3 years need about" in line
    assert "GiB of memory" in line
    line = one_error_line(runner.invoke(app, [*big, "--out", str(tmp_path / "big.nc")]), 2)
    assert "--grid: 10,000,000,000 points × 3 years need about" in line
    assert "GiB of disk space" in line
    assert listing(tmp_path) == []


def test_result_file_needs_no_memory_for_the_whole_result(small, reference, tmp_path,
                                                          monkeypatch):
    """A result larger than the memory available is streamed into its file."""
    monkeypatch.setattr(sweep_plan, "_available_memory", lambda: 1.0)
    with pytest.raises(InputError, match="GiB of memory") as exc:
        run_sweep(small, GRID, chunk_points=4)
    assert exc.value.source == "grid"
    monkeypatch.setattr(sweep_mod, "MemorySink", lambda *a: pytest.fail("built in memory"))
    run_sweep(small, GRID, chunk_points=4, out=tmp_path / "x.nc")
    assert_same(open_sweep(tmp_path / "x.nc"), reference)


def test_ctrl_c_exits_130_keeping_finished_chunks(small, reference, tmp_path, monkeypatch):
    path = write_park(tmp_path)
    out = tmp_path / "res.nc"
    args = ["sweep", str(path), "-g", "wind_mw=0:200:9", "-g", "storage_mwh=0,60,120",
            "--chunk-points", "4", "--out", str(out)]
    crash_after(monkeypatch, 0, KeyboardInterrupt())
    res = runner.invoke(app, args)
    assert one_error_line(res, 130) == "error: interrupted (Ctrl-C); nothing was kept"
    assert listing(tmp_path) == ["park.toml"]
    monkeypatch.undo()
    crash_after(monkeypatch, 4, KeyboardInterrupt())
    res = runner.invoke(app, args)
    assert "interrupted (Ctrl-C); 4 finished chunks are kept" in one_error_line(res, 130)
    monkeypatch.undo()
    res = runner.invoke(app, [*args, "--resume"])
    assert res.exit_code == 0 and "computed 3 of 7 chunks" in res.stdout
    assert_same(open_sweep(out), run_sweep(scenario_from_dict(SMALL, path), GRID,
                                           chunk_points=4).dataset)


# ---- 14: error lines printed as they are ---------------------------------------------------


def test_error_lines_are_not_emoji_substituted():
    res = runner.invoke(app, ["sweep", "ordos-low-carbon", "-g", "wind_mw=0:100:0"])
    line = one_error_line(res, 2)
    assert line == "error: --grid: wind_mw: '0:100:0': count must be ≥ 1"
    res = runner.invoke(app, ["sweep-size", "ordos-low-carbon", "-v", "wind.capex_per_kw=0:100:0"])
    assert "'0:100:0'" in one_error_line(res, 2)


# ---- 17: what killed writes leave behind -----------------------------------------------------


def test_resume_removes_what_killed_final_writes_left(small, reference, tmp_path, monkeypatch):
    out = tmp_path / "x.nc"
    crash_after(monkeypatch, 7)  # every chunk done, killed before the final write
    monkeypatch.setattr(sweep_stream, "write_streamed", lambda *a: (_ for _ in ()).throw(
        KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        run_sweep(small, GRID, chunk_points=4, out=out)
    monkeypatch.undo()
    (tmp_path / ".x.nc.k2j3h4.tmp").write_bytes(b"half a NetCDF file")
    (tmp_path / ".x.nc.parts").mkdir()  # not ours: kept
    (tmp_path / "x.nc.parts" / ".chunk-000003.npz.abc.tmp").write_bytes(b"half")
    run = run_sweep(small, GRID, chunk_points=4, out=out, resume=True)
    assert run.computed == 0
    assert_same(open_sweep(out), reference)
    assert listing(tmp_path) == [".x.nc.parts", "x.nc"]

    z = tmp_path / "y.zarr"
    (tmp_path / ".y.zarr.abc.tmp").mkdir()
    (tmp_path / ".y.zarr.abc.tmp" / "zarr.json").write_text("{}")
    (tmp_path / ".y.zarr.old-12345").write_text("an old store")
    run_sweep(small, GRID, chunk_points=4, out=z)
    assert [p for p in listing(tmp_path) if "/" not in p] == [".x.nc.parts", "x.nc", "y.zarr"]


def test_zarr_written_over_a_file_leaves_no_old_copy(reference, tmp_path):
    out = tmp_path / "x.zarr"
    out.write_text("a file")
    write_dataset(reference, out)
    assert listing(tmp_path) == ["x.zarr", *listing_of_zarr(out)]
    assert_same(open_sweep(out), reference)
