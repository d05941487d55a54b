"""Streaming a sweep's result into its NetCDF file or Zarr store, one block of points at a time.

The file is laid out first (dimensions, coordinates, attributes, every variable with the
encoding :mod:`xarray` gives it: float64 with a NaN ``_FillValue``, booleans as ``int8`` with
``dtype: bool``), then each block of contiguous flat grid points is written where it belongs.
A flat range of points is not a box of the grid; :func:`slabs` cuts it into the few boxes it is
made of. Memory stays at one block, whatever the size of the grid. The finished file reads back
as the dataset :class:`simulator.studies.sweep_dataset.MemorySink` would build
(``tests/studies/test_sweep.py`` checks it, values and attributes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from simulator.studies.sweep_dataset import Layout
from simulator.studies.sweep_store import atomic_output, out_format

__all__ = ["FileVar", "NetCDFSink", "ZarrSink", "cf_encoding", "file_variables", "slabs",
           "write_streamed"]

#: A block of a sweep: its flat points ``lo:hi`` and the values of its point variables.
Block = tuple[int, int, Mapping[str, np.ndarray]]


def slabs(shape: tuple[int, ...], lo: int, hi: int) -> list[tuple[tuple[slice, ...], int, int]]:
    """Cut the flat indices ``lo:hi`` (C order over ``shape``) into boxes of the grid.

    Returns
    -------
    list of (index, a, b)
        ``index`` (one slice per dimension) is a box whose points are the flat indices ``a:b``;
        the boxes cover ``lo:hi`` in order, at most ``2 * len(shape) - 1`` of them.
    """
    if lo >= hi:
        return []
    if not shape:
        return [((), lo, hi)]
    inner = int(np.prod(shape[1:], dtype=np.int64))
    rest = tuple(slice(0, n) for n in shape[1:])
    i0, r0 = divmod(lo, inner)
    i1, r1 = divmod(hi, inner)
    out = []

    def row(i: int, a: int, b: int) -> None:  # a part of row i of the first dimension
        for idx, s, e in slabs(shape[1:], a, b):
            out.append(((slice(i, i + 1), *idx), i * inner + s, i * inner + e))

    if r0:
        end = min(hi - i0 * inner, inner)
        row(i0, r0, end)
        if i0 == i1 or (i0 + 1 == i1 and r1 == 0):
            return out
        i0 += 1
    if i1 > i0:
        out.append(((slice(i0, i1), *rest), i0 * inner, i1 * inner))
    if r1:
        row(i1, 0, r1)
    return out


def _slab_shape(index: tuple[slice, ...]) -> tuple[int, ...]:
    return tuple(s.stop - s.start for s in index)


class NetCDFSink:
    """A NetCDF-4 file laid out for a sweep; :meth:`write` puts one block where it belongs."""

    def __init__(self, lay: Layout, path: Path) -> None:
        import netCDF4

        self.layout = lay
        self.nc = netCDF4.Dataset(path, "w", format="NETCDF4")
        self.nc.set_auto_maskandscale(False)
        self.vars: dict[str, Any] = {}
        try:
            for dim, size in _dims(lay).items():
                self.nc.createDimension(dim, size)
            for name, var in file_variables(lay).items():
                self.vars[name] = self._define(name, var)
                if var.values is not None:
                    self.vars[name][...] = var.values
            for key, value in lay.attrs.items():
                self.nc.setncattr(key, value)
        except BaseException:
            self.nc.close()
            raise

    def _define(self, name: str, var: FileVar) -> Any:
        """Create the variable as :mod:`xarray`'s NetCDF4 store does (``prepare_variable``)."""
        attrs = dict(var.attrs)
        fill = attrs.pop("_FillValue", None)
        v = self.nc.createVariable(
            name, var.dtype, var.dims, zlib=False, complevel=4, shuffle=True, fletcher32=False,
            contiguous=False, chunksizes=None, endian="native", least_significant_digit=None,
            fill_value=fill,
        )
        v.setncatts(attrs)
        return v

    def write(self, lo: int, hi: int, values: Mapping[str, np.ndarray]) -> None:
        """Write the point variables of the flat points ``lo:hi``."""
        for v in self.layout.point_vars:
            target = self.vars[v.name]
            data = np.asarray(values[v.name]).astype(target.dtype, copy=False)
            for index, a, b in slabs(self.layout.grid_shape, lo, hi):
                box = data[a - lo:b - lo].reshape(_slab_shape(index) + data.shape[1:])
                target[index + (slice(None),) * len(v.trailing)] = box

    def close(self) -> None:
        """Close the file."""
        self.nc.close()


class ZarrSink:
    """A Zarr store laid out for a sweep by :mod:`xarray`; :meth:`write` fills one block."""

    def __init__(self, lay: Layout, path: Path, chunk_points: int) -> None:
        import warnings

        import dask.array as da
        import xarray as xr
        import zarr

        self.layout = lay
        shape = lay.grid_shape
        rows = -(-chunk_points // int(np.prod(shape[1:], dtype=np.int64))) if shape else 1

        def lazy(full: tuple[int, ...], dtype: str) -> Any:  # xarray lays them out, no values
            chunks = (min(rows, full[0]), *full[1:]) if shape else full
            return da.zeros(full, dtype=dtype, chunks=chunks)

        variables = _variables(lay, lazy)
        coords = {n: variables.pop(n) for n in lay.coords}
        ds = xr.Dataset(variables, coords=coords, attrs=lay.attrs)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Consolidated metadata", module="zarr")
            ds.to_zarr(path, mode="w", consolidated=True, compute=False)
        self.group = zarr.open_group(path, mode="r+")

    def write(self, lo: int, hi: int, values: Mapping[str, np.ndarray]) -> None:
        """Write the point variables of the flat points ``lo:hi``."""
        for v in self.layout.point_vars:
            target = self.group[v.name]
            data = np.asarray(values[v.name]).astype(target.dtype, copy=False)
            for index, a, b in slabs(self.layout.grid_shape, lo, hi):
                box = data[a - lo:b - lo].reshape(_slab_shape(index) + data.shape[1:])
                target[index + (slice(None),) * len(v.trailing)] = box

    def close(self) -> None:
        """Nothing to close: every write went to the store."""


def _dims(lay: Layout) -> dict[str, int]:
    """Return the dimensions in the order of their first use by a variable."""
    out: dict[str, int] = {}
    for v in lay.point_vars:
        for d in lay.dims(v):
            out.setdefault(d, lay.sizes[d])
    for d in lay.coords:
        out.setdefault(d, lay.sizes[d])
    return out


class FileVar(NamedTuple):
    """A variable as it is stored in the NetCDF file (xarray's CF encoding of it).

    ``dtype`` is the stored type (booleans as ``int8``), ``attrs`` include what the encoding adds
    (a NaN ``_FillValue`` for floats, ``dtype: bool`` for booleans); ``values`` are the stored
    values of the coordinates and ``target_share``, None for the point variables (written block
    by block).
    """

    dims: tuple[str, ...]
    dtype: np.dtype
    attrs: dict[str, Any]
    values: np.ndarray | None


def cf_encoding(dtype: np.dtype | str, attrs: Mapping[str, Any]) -> tuple[np.dtype, dict]:
    """Return the stored type and attributes of ``dtype`` as xarray's CF encoding gives them.

    For the types a sweep writes (float64, int64, bool); ``tests/studies/test_sweep.py`` checks
    them against :func:`xarray.conventions.encode_cf_variable` (not called here: it
    imports Dask, about 0.3 s of a sweep's start).
    """
    dtype = np.dtype(dtype)
    out = dict(attrs)
    if dtype.kind == "b":
        return np.dtype("int8"), {**out, "dtype": "bool"}
    if dtype.kind == "f":
        out["_FillValue"] = dtype.type(np.nan)
    elif dtype.kind not in "iu":
        raise TypeError(f"no CF encoding for {dtype} here")
    return dtype, out


def file_variables(lay: Layout, encode: bool = True) -> dict[str, FileVar]:
    """Every variable of the sweep's file, in file order (:class:`FileVar`).

    With ``encode`` as stored in the NetCDF file (:func:`cf_encoding`); without, as the dataset
    holds them (dtype and attributes of the layout).
    """

    def var(dims: tuple[str, ...], dtype: Any, attrs: Mapping, values: Any = None) -> FileVar:
        stored, enc = cf_encoding(dtype, attrs) if encode else (np.dtype(dtype), dict(attrs))
        data = None if values is None else np.asarray(values).astype(stored)
        return FileVar(tuple(dims), stored, enc, data)

    out: dict[str, FileVar] = {}
    for v in lay.point_vars:
        if v.name == "passes_every_rule":  # the order of MemorySink.dataset
            ts = np.asarray(lay.target_share)
            out["target_share"] = var(("year",), ts.dtype, {"units": "1"}, ts)
        out[v.name] = var(lay.dims(v), v.dtype, v.attrs)
    for name, (dims, vals, attrs) in lay.coords.items():
        vals = np.asarray(vals)
        out[name] = var(dims, vals.dtype, attrs, vals)
    return out


def _variables(lay: Layout, data: Callable[[tuple[int, ...], str], Any]) -> dict[str, Any]:
    """Every variable of the dataset in file order; the point variables hold ``data(shape, dtype)``.

    ``data`` gives a stand-in that carries no values (a lazy Dask array, a one-element array).
    """
    import xarray as xr

    out: dict[str, Any] = {}
    for name, v in file_variables(lay, encode=False).items():
        shape = tuple(lay.sizes[d] for d in v.dims)
        values = data(shape, v.dtype.name) if v.values is None else v.values
        out[name] = xr.Variable(v.dims, values, v.attrs)
    return out


def write_streamed(
    lay: Layout, out: Path, blocks: Callable[[], Iterable[Block]], chunk_points: int
) -> Path:
    """Write the sweep result at ``out`` atomically (NetCDF or Zarr), block by block.

    ``blocks()`` yields ``(lo, hi, values)`` for every block of flat points; each is written as
    it comes and dropped. ``out`` is replaced only once the whole result is written.
    """

    def write(tmp: Path) -> None:
        if out_format(out) == "netcdf":
            sink: NetCDFSink | ZarrSink = NetCDFSink(lay, tmp)
        else:
            sink = ZarrSink(lay, tmp, chunk_points)
        try:
            for lo, hi, values in blocks():
                sink.write(lo, hi, values)
        finally:
            sink.close()

    return atomic_output(out, write)
