"""Files of the sweeps: the output path, the ``OUT.parts/`` folder of finished work, final writes.

What is atomic and what resumes (``docs/reliability.md`` § Sweeps):

* every item file in ``OUT.parts/`` (a chunk of a dispatch sweep, a chunk of LP points) is written
  to a temporary file and renamed, and carries its own identity (the sweep key and its index) and
  a SHA-256 of its arrays; :meth:`Parts.load` gives back only an item that is whole, belongs to
  this sweep and has the index asked for — anything else is computed again;
* the final NetCDF file or Zarr folder is written under a temporary name next to ``OUT`` and
  renamed over it; what a killed write leaves (``.OUT.*.tmp``, ``.OUT.old-PID``) is removed by the
  next run into the same ``OUT`` (:func:`remove_stale`);
* :func:`check_out` refuses an output path that cannot be written before anything is computed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from simulator.core.errors import InputError, OutputError, ParkbalanceError
from simulator.core.io import atomic_write, write_json

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr

__all__ = [
    "BackgroundSaver",
    "Parts",
    "atomic_output",
    "SweepError",
    "arrays_sha256",
    "check_out",
    "open_sweep",
    "out_format",
    "remove_stale",
    "write_dataset",
]

#: Format of the item files and the manifest; part of the sweep key. 2: items carry their key,
#: index and checksum; LP sweeps keep chunks of points.
PARTS_FORMAT = 2

# reserved names inside an item file
_KEY, _INDEX, _SHA = "_sweep_key", "_index", "_sha256"


class SweepError(ParkbalanceError):
    """A sweep stopped by its Dask cluster (chunks lost again and again, no workers, no scheduler).

    The message is one line; it says what is kept (finished chunks in ``OUT.parts/``) and how to
    continue. The CLI prints it and exits with code 4. (A write that fails is an
    :class:`simulator.core.errors.OutputError`, exit code 6.)
    """


def io_message(exc: OSError) -> str:
    """Return ``"No space left on device"`` and the like for an OSError (one line)."""
    text = exc.strerror or str(exc) or type(exc).__name__
    return text.replace("\n", " ")


# =============================================================================================
# the output path
# =============================================================================================


def out_format(out: Path) -> str:
    """Return ``"netcdf"`` (``.nc``) or ``"zarr"`` (``.zarr``) by the suffix of ``out``."""
    suffix = out.suffix.lower()
    if suffix == ".nc":
        return "netcdf"
    if suffix == ".zarr":
        return "zarr"
    raise InputError("out", None, f"{out}: the file name must end in .nc (NetCDF) or .zarr")


def _is_zarr_store(path: Path) -> bool:
    return any((path / name).exists() for name in ("zarr.json", ".zgroup", ".zmetadata"))


def check_out(out: Path) -> str:
    """Check, before anything is computed, that a sweep result can be written at ``out``.

    Parameters
    ----------
    out : Path
        ``FILE.nc`` or ``FILE.zarr``.

    Returns
    -------
    str
        ``"netcdf"`` or ``"zarr"``.

    Raises
    ------
    InputError
        A bad suffix.
    OutputError
        ``out`` is a folder where a NetCDF file goes, a file where a Zarr folder goes, or a
        folder that is not a Zarr store; the folder of ``out`` is a file or cannot be written (a
        test file is created and removed there).
    """
    fmt = out_format(out)
    if out.exists() or out.is_symlink():
        if fmt == "netcdf" and out.is_dir():
            raise OutputError(
                out, "is a folder; a NetCDF result is a file: remove the folder or choose "
                "another name",
            )
        if fmt == "zarr" and not out.is_dir():
            raise OutputError(
                out, "is a file; a Zarr result is a folder: remove the file or choose another name"
            )
        if fmt == "zarr" and any(out.iterdir()) and not _is_zarr_store(out):
            raise OutputError(out, "is a folder that is not a Zarr store; not overwriting it")
    parent = out.parent
    while not parent.exists():
        if parent.is_symlink() or parent == parent.parent:
            break
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(out, f"{parent} is not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{out.name}.probe-", suffix=".tmp", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(out, f"cannot create files in {parent} ({io_message(exc)})") from None
    return fmt


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_stale(out: Path) -> list[Path]:
    """Remove what killed writes of ``out`` left next to it: ``.OUT.*.tmp`` and ``.OUT.old-*``.

    Returns
    -------
    list of Path
        What was removed.
    """
    if not out.parent.is_dir():
        return []
    prefix = f".{out.name}."
    removed = []
    for p in out.parent.iterdir():
        rest = p.name[len(prefix):] if p.name.startswith(prefix) else None
        if rest is None:
            continue
        if rest.endswith(".tmp") or rest.startswith("old-"):
            _remove(p)
            removed.append(p)
    return removed


# =============================================================================================
# the final dataset
# =============================================================================================


def write_dataset(ds: xr.Dataset, out: str | Path) -> Path:
    """Write a sweep result atomically: NetCDF (``.nc``) or Zarr (``.zarr``) by the suffix.

    See :func:`atomic_output`.
    """

    def write(tmp: Path) -> None:
        if out_format(Path(out)) == "netcdf":
            ds.to_netcdf(tmp, engine="netcdf4")
            return
        with warnings.catch_warnings():
            # zarr 3 calls consolidated metadata an extension; xarray reads it fastest
            warnings.filterwarnings("ignore", message="Consolidated metadata", module="zarr")
            ds.to_zarr(tmp, mode="w", consolidated=True)

    return atomic_output(out, write)


def atomic_output(out: str | Path, write: Callable[[Path], None]) -> Path:
    """Write a result at ``out`` atomically: ``write(tmp)`` fills a NetCDF file or a Zarr folder.

    A NetCDF file is written to a temporary file that replaces ``out``; a Zarr store (a folder) is
    written to a temporary folder that is renamed to ``out`` (an older ``out``, file or folder, is
    moved aside first and removed after). On any error the temporary file or folder is removed
    and ``out`` is left as it was. The result gets the usual permissions (``0o666 & ~umask``,
    folders ``0o777 & ~umask``).
    """
    out = Path(out)
    fmt = out_format(out)
    umask = os.umask(0)
    os.umask(umask)
    if fmt == "netcdf":

        def write_file(p: Path) -> None:
            write(p)
            os.chmod(p, 0o666 & ~umask)  # the temporary file was private (0600)

        return atomic_write(out, write_file)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, 0o777 & ~umask)
        write(tmp)
        old = None
        if out.exists() or out.is_symlink():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            _remove(old)
            os.replace(out, old)
        try:
            os.replace(tmp, out)
        except BaseException:
            if old is not None:
                os.replace(old, out)
            raise
        if old is not None:
            _remove(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def open_sweep(path: str | Path, *, lazy: bool = False) -> xr.Dataset:
    """Read a sweep result written by :func:`simulator.studies.sweep.sweep` (NetCDF or Zarr).

    Loaded into memory, or with ``lazy`` opened: values are read when they are used (a result
    larger than memory).
    """
    import xarray as xr

    path = Path(path)
    if out_format(path) == "netcdf":
        ds = xr.open_dataset(path, engine="netcdf4")
    else:
        ds = xr.open_zarr(path)
    if lazy:
        return ds
    with ds:
        return ds.load()


# =============================================================================================
# OUT.parts/
# =============================================================================================


def arrays_sha256(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 of named arrays: names, dtypes, shapes and bytes, in the order of the names."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(name.encode())
        h.update(a.dtype.str.encode())
        h.update(repr(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()


class Parts:
    """The ``OUT.parts/`` folder: ``manifest.json`` plus one file per finished item.

    Parameters
    ----------
    out : Path
        The result file; the folder is ``OUT.parts`` next to it.
    key : str
        The sweep key (SHA-256 of everything that decides the numbers).
    n_items : int
        Items (chunks) of the sweep.
    stem : str
        File names are ``STEM-000012.npz``.
    """

    def __init__(self, out: Path, key: str, n_items: int, stem: str = "chunk") -> None:
        self.out = out
        self.dir = out.with_name(out.name + ".parts")
        self.manifest = self.dir / "manifest.json"
        self.key = key
        self.n_items = n_items
        self.stem = stem

    def path(self, c: int) -> Path:
        """Return the file of item ``c``."""
        return self.dir / f"{self.stem}-{c:06d}.npz"

    def open(self, resume: bool, info: dict) -> None:
        """Create the folder and manifest, or check an existing one (resume only).

        Raises
        ------
        InputError
            The folder exists without ``resume``, or belongs to another sweep.
        OSError
            The folder or manifest cannot be written (the caller says so in one line).
        """
        if self.dir.exists():
            if not resume:
                raise InputError(
                    self.dir, None,
                    "holds the finished parts of an unfinished sweep: add `resume=True` to "
                    "continue it, or delete the folder to start over",
                )
            try:
                old = json.loads(self.manifest.read_text(encoding="utf-8"))
            except FileNotFoundError:
                old = None  # killed between creating the folder and writing the manifest
            except (OSError, ValueError):
                raise InputError(self.manifest, None, "cannot be read; delete the folder") from None
            if old is not None and (not isinstance(old, dict) or old.get("key") != self.key):
                raise InputError(
                    self.manifest, None,
                    "belongs to a different sweep (scenario, input files, grid, weather years, "
                    "chunking or code version differ); cannot resume it: delete the folder or "
                    "use another `out`",
                )
            self.remove_tmp()
            if old is not None:
                return
        self.dir.mkdir(parents=True, exist_ok=True)
        write_json(self.manifest, {"key": self.key, "n_items": self.n_items, **info})

    def remove_tmp(self) -> None:
        """Remove temporary files of killed item writes (``.STEM-*.tmp``)."""
        if self.dir.is_dir():
            for p in self.dir.iterdir():
                if p.name.startswith(".") and p.name.endswith(".tmp"):
                    _remove(p)

    def done(self) -> list[int]:
        """Return the indices of the items with a file (whether it is good: see :meth:`load`)."""
        out = []
        if not self.dir.is_dir():
            return out
        for p in self.dir.glob(f"{self.stem}-*.npz"):
            try:
                c = int(p.stem.split("-")[-1])
            except ValueError:
                continue
            if 0 <= c < self.n_items:
                out.append(c)
        return sorted(out)

    def save(self, c: int, arrays: dict[str, np.ndarray]) -> None:
        """Write item ``c`` atomically, with its identity and checksum."""
        tagged = {
            **arrays,
            _KEY: np.array(self.key),
            _INDEX: np.array(c, dtype=np.int64),
        }
        tagged[_SHA] = np.array(arrays_sha256(tagged))

        def write(tmp: Path) -> None:
            with open(tmp, "wb") as f:
                np.savez(f, **tagged)
                f.flush()
                os.fsync(f.fileno())

        atomic_write(self.path(c), write)

    def load(self, c: int) -> tuple[dict[str, np.ndarray] | None, str]:
        """Return the arrays of item ``c`` and ``""``, or None and why the file cannot be used.

        A file is used only when it can be read, carries this sweep's key and the index ``c``, and
        its arrays match their SHA-256.
        """
        try:
            with np.load(self.path(c), allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        except Exception as exc:  # BadZipFile, EOFError, OSError, ValueError, ...
            return None, f"cannot be read ({type(exc).__name__})"
        sha = arrays.pop(_SHA, None)
        if sha is None or _KEY not in arrays or _INDEX not in arrays:
            return None, "has no checksum or identity"
        if str(sha) != arrays_sha256(arrays):
            return None, "checksum mismatch"
        if str(arrays.pop(_KEY)) != self.key:
            return None, "belongs to a different sweep"
        if int(arrays.pop(_INDEX)) != c:
            return None, "is the copy of another chunk"
        return arrays, ""

    def has_items(self) -> bool:
        """Whether any item file is in the folder."""
        return bool(self.done())

    def discard_if_empty(self) -> bool:
        """Remove the folder when it holds no item file (after a failure); return whether."""
        if self.dir.is_dir() and not self.has_items():
            shutil.rmtree(self.dir, ignore_errors=True)
            return True
        return False

    def remove(self) -> None:
        """Remove the folder (the result is written)."""
        shutil.rmtree(self.dir, ignore_errors=True)


def describe_kept(parts: Parts | None) -> str:
    """Return ``"; 3 finished chunks are kept in OUT.parts: run ... with `resume=True`"`` or ``""``.

    Library messages quote the arguments they advise in backticks (:data:`RESUME_HINT`); the
    command line prints its flags there (:mod:`simulator.cli.sweep`).
    """
    if parts is None or not parts.dir.is_dir():
        return ""
    n = len(parts.done())
    if n == 0:
        return ""
    return f"; {n} finished chunks are kept in {parts.dir}: {RESUME_HINT}"


#: The end of a message that says how to continue an interrupted sweep.
RESUME_HINT = "run the same sweep with `resume=True`"


def says_how_to_resume(message: str) -> bool:
    """Whether ``message`` already ends with :data:`RESUME_HINT`."""
    return message.endswith(RESUME_HINT)


class BackgroundSaver:
    """Save item files of :class:`Parts` on one background thread, in the order given.

    The kernel computes the next chunk while the previous one is hashed, written and synced.
    A failed save is raised on the calling thread, as ``(item, OSError)`` in a
    :class:`SaveFailed`, at the next :meth:`submit` or at :meth:`close`; :meth:`close` waits for
    every save (a file is whole or absent either way: each save is atomic).
    """

    def __init__(self, parts: Parts) -> None:
        self._parts = parts
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="parkbalance-save")
        self._pending: list[tuple[int, Future]] = []

    def submit(self, c: int, arrays: dict[str, np.ndarray]) -> None:
        """Queue item ``c`` for saving (after raising the failure of an earlier save, if any)."""
        self._check(wait=False)
        self._pending.append((c, self._pool.submit(self._parts.save, c, arrays)))

    def close(self) -> None:
        """Wait for every queued save; raise the first failure."""
        try:
            self._check(wait=True)
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _check(self, wait: bool) -> None:
        keep = []
        for c, fut in self._pending:
            if wait or fut.done():
                exc = fut.exception()
                if exc is not None:
                    self._pending = []
                    raise SaveFailed(c, exc)
            else:
                keep.append((c, fut))
        self._pending = keep


class SaveFailed(Exception):
    """A background save of item ``item`` failed with ``error``."""

    def __init__(self, item: int, error: BaseException) -> None:
        super().__init__(item, error)
        self.item, self.error = item, error
