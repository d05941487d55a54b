"""Building blocks of the report's figures: colours, matplotlib style, inline SVG, axes, legends.

Figures are drawn with matplotlib's SVG backend and kept as text (:func:`_svg_inline`), with a
CJK font for Chinese pages; every figure of the plan and sweep pages is built on these.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from simulator.report.format import esc

__all__ = ["COLOURS"]

#: Colours of the series (one meaning, one colour, on every figure).
COLOURS = {
    "wind": "#3b7dd8",
    "solar": "#f2b01e",
    "storage_mw": "#8e6cc9",
    "storage_mwh": "#8e6cc9",
    "direct": "#3aa655",
    "discharge": "#8e6cc9",
    "charge": "#c5b3e6",
    "process": "#2a9d8f",
    "coal": "#5a5a5a",
    "import": "#e4572e",
    "unserved": "#b2182b",
    "curtailed": "#f4a582",
    "export": "#92c5de",
    "load": "#000000",
    "target": "#b2182b",
    "lp": "#9ecae1",
    "sim": "#2171b5",
    "max": "#555555",
}


_CJK_FAMILY: list[str] | None = None


def _cjk_family() -> list[str]:
    """Families matplotlib can use to measure CJK text (empty when no CJK font is installed)."""
    global _CJK_FAMILY
    if _CJK_FAMILY is not None:
        return _CJK_FAMILY
    from matplotlib import font_manager as fm

    wanted = (
        "Noto Sans CJK SC",
        "Noto Sans CJK JP",
        "Source Han Sans SC",
        "Microsoft YaHei",
        "PingFang SC",
        "WenQuanYi Micro Hei",
        "SimHei",
    )
    known = {f.name for f in fm.fontManager.ttflist}
    found = [n for n in wanted if n in known]
    if not found:
        try:
            files = fm.findSystemFonts()
        except Exception:  # noqa: BLE001 - no fonts found is not an error
            files = []
        for f in files:
            base = Path(f).name.lower()
            if "sanscjk" in base.replace("-", "") or "wqy" in base or "msyh" in base:
                try:
                    fm.fontManager.addfont(f)
                except Exception:  # noqa: BLE001 - an unreadable font is skipped
                    continue
        known = {f.name for f in fm.fontManager.ttflist}
        found = [n for n in wanted if n in known]
    _CJK_FAMILY = found[:1]
    return _CJK_FAMILY


def _rc() -> dict[str, Any]:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "parkbalance",
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", *_cjk_family()],
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "image.composite_image": True,
    }


@contextlib.contextmanager
def _mpl_context() -> Iterator[None]:
    """Matplotlib settings of the report's figures; glyph warnings silenced.

    Words in the SVG stay text that the browser renders, so a missing CJK font on this machine
    only affects how matplotlib measures them.
    """
    import matplotlib

    with matplotlib.rc_context(_rc()), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
        warnings.filterwarnings("ignore", message=r".*findfont.*")
        yield


def _new_figure(width: float, height: float, **kw: Any) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), **kw)


_ID_RE = re.compile(r'\bid="([^"]+)"')


_URL_RE = re.compile(r"url\(#([^)]+)\)")


_HREF_RE = re.compile(r'href="#([^"]+)"')


def _svg_inline(fig: Any, prefix: str, label: str) -> str:
    """Render a figure to SVG text fit for inlining in HTML (no XML header, no namespaces/URLs).

    Ids are prefixed so that several figures can share a page; the font family is left to the
    page's CSS so that the browser picks a CJK font for Chinese words.
    """
    buf = io.StringIO()
    with _mpl_context():
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg)
    svg = svg.replace("xlink:href=", "href=")
    svg = re.sub(r"font-family:[^;\"]*;?\s*", "", svg)
    svg = _ID_RE.sub(lambda m: f'id="{prefix}-{m[1]}"', svg)
    svg = _URL_RE.sub(lambda m: f"url(#{prefix}-{m[1]})", svg)
    svg = _HREF_RE.sub(lambda m: f'href="#{prefix}-{m[1]}"', svg)
    svg = re.sub(
        r'<svg\s+width="[^"]*"\s+height="[^"]*"',
        f'<svg role="img" aria-label="{esc(label)}"',
        svg,
        count=1,
    )
    return svg.strip()


def _bar_labels(
    ax: Any,
    x: Sequence[float],
    y: Sequence[float],
    texts: Sequence[str],
    rotate: bool = False,
    offset: float = 2,
    **kw: Any,
) -> None:
    for xi, yi, t in zip(x, y, texts, strict=True):
        ax.annotate(
            t,
            (xi, yi),
            xytext=(0, offset),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            rotation=90 if rotate else 0,
            **kw,
        )


def _year_axis(ax: Any, years: Sequence[int]) -> None:
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels([str(y) for y in years])
    ax.grid(axis="x", visible=False)


def _legend_right(ax: Any, handles: list | None = None, labels: list | None = None) -> None:
    kw: dict[str, Any] = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "frameon": False}
    if handles is not None:
        ax.legend(handles, labels, **kw)
    else:
        ax.legend(**kw)


def _heat_years(years: Sequence[int], most: int = 4) -> list[int]:
    if len(years) <= most:
        return list(years)
    idx = np.unique(np.round(np.linspace(0, len(years) - 1, most)).astype(int))
    return [years[i] for i in idx]
