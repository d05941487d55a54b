"""Numbers and money as planners write them, in English and Chinese (:mod:`simulator.report.build`).

Money follows the habits of each language:

* Chinese: amounts of at least 1 亿 (10⁸) in 亿元 with two decimals (``1.30 亿元``), smaller ones
  in 万元 (10⁴) with one decimal and thousands separators (``9,342.0 万元``);
* English: CNY million with one decimal (``CNY 93.4 million``), amounts of at least 1,000 million
  in CNY billion with two decimals (``CNY 1.30 billion``).

Amounts below one unit (1 万; 0.1 million) are written in plain currency units (``1,234 元``).
A value that would round up to the larger unit is written in it (99,999,999 → ``1.00 亿元``).

A currency other than CNY keeps its code (``USD 93.4 million``, ``9,342.0 万 USD``).
Tables of money use one fixed unit per table (:func:`money_unit`, :func:`money_in_unit`), so
that their columns line up and add up; a table whose largest amounts reach 10 billion (10 亿)
uses billions (亿) instead (:func:`money_unit_for`). Differences are written with their sign
(:func:`num_delta`: ``+1.5``, ``−0.3``, ``±0.0``).
"""

from __future__ import annotations

import html
import math
from typing import Any

__all__ = [
    "MONEY_UNIT_SCALE",
    "esc",
    "is_missing",
    "money",
    "money_in_unit",
    "money_unit",
    "money_unit_for",
    "num",
    "num_delta",
    "pct",
    "per_mwh",
    "per_mwh_unit",
    "sense_symbol",
]

#: Size of the table unit of money in currency units: 万 (10⁴) in Chinese, million in English.
MONEY_UNIT_SCALE = {"en": 1e6, "zh": 1e4}

_YI = 1e8  # 亿
_WAN = 1e4  # 万
_BILLION = 1e9
_MILLION = 1e6
#: From this largest amount on, a money table is in billions (English) or 亿 (Chinese) [currency].
BILLIONS_FROM = {"en": 1e10, "zh": 1e9}
_SENSE = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}


def is_missing(v: Any) -> bool:
    """Whether ``v`` is None, not a number or not finite."""
    if v is None:
        return True
    try:
        f = float(v)
    except (TypeError, ValueError):
        return True
    return not math.isfinite(f)


def pct(v: Any, digits: int = 1) -> str:
    """Format a share [1] as a percentage (``0.5214`` → ``52.1%``); ``–`` when missing."""
    if is_missing(v):
        return "–"
    return f"{float(v) * 100:.{digits}f}%"


def num(v: Any, scale: float = 1.0, digits: int = 1) -> str:
    """Format ``v × scale`` with thousands separators and ``digits`` decimals (``–``: missing)."""
    if is_missing(v):
        return "–"
    x = float(v) * scale
    if round(x, digits) == 0:
        x = 0.0  # no "-0.0"
    return f"{x:,.{digits}f}"


def num_delta(v: Any, scale: float = 1.0, digits: int = 1) -> str:
    """Format a difference ``v × scale`` with its sign: ``+1,234.5``, ``−0.3``, ``±0.0``.

    The minus is the typographic one (U+2212); a difference that rounds to zero is ``±0.0``;
    ``–`` when missing.

    Examples
    --------
    >>> num_delta(1234.46), num_delta(-0.3), num_delta(0.01)
    ('+1,234.5', '−0.3', '±0.0')
    """
    if is_missing(v):
        return "–"
    x = float(v) * scale
    if round(x, digits) == 0:
        return f"±{0:.{digits}f}"
    return f"{x:+,.{digits}f}".replace("-", "−")


def _yuan(currency: str) -> str:
    return "元" if currency == "CNY" else f" {currency}"


def money(v: Any, lang: str, currency: str = "CNY") -> str:
    """Format an amount of money [currency] in the unit a planner reads best.

    Parameters
    ----------
    v : float or None
        Amount [currency units, e.g. CNY].
    lang : {"en", "zh"}
        Language.
    currency : str
        ISO code of the currency.

    Returns
    -------
    str
        ``"9,342.0 万元"``, ``"1.30 亿元"`` (Chinese); ``"CNY 93.4 million"``,
        ``"CNY 1.30 billion"`` (English); ``"–"`` when missing.

    Examples
    --------
    >>> money(93_420_000, "zh")
    '9,342.0 万元'
    >>> money(1_300_700_000, "zh")
    '13.01 亿元'
    >>> money(93_420_000, "en")
    'CNY 93.4 million'
    >>> money(1_300_700_000, "en")
    'CNY 1.30 billion'
    """
    if is_missing(v):
        return "–"
    f = float(v)
    # the larger unit from where the smaller one would round up to it (99,999,999 → 1.00 亿元)
    if lang == "zh":
        if abs(f) < _WAN:
            return f"{num(f, digits=0)} {_yuan(currency).strip()}"
        if round(abs(f) / _WAN, 1) >= _YI / _WAN:
            return f"{num(f / _YI, digits=2)} 亿{_yuan(currency).strip()}"
        return f"{num(f / _WAN)} 万{_yuan(currency).strip()}"
    if abs(f) < 0.1 * _MILLION:
        return f"{currency} {num(f, digits=0)}"
    if round(abs(f) / _MILLION, 1) >= _BILLION / _MILLION:
        return f"{currency} {num(f / _BILLION, digits=2)} billion"
    return f"{currency} {num(f / _MILLION)} million"


def money_unit(lang: str, currency: str = "CNY", per_year: bool = False) -> str:
    """Return the unit of a money table: ``万元`` (``万元/年``) or ``CNY million`` (``/yr``)."""
    if lang == "zh":
        unit = f"万{_yuan(currency).strip()}"
        return unit + ("/年" if per_year else "")
    return f"{currency} million" + ("/yr" if per_year else "")


def money_unit_for(values: Any, lang: str, currency: str = "CNY") -> tuple[float, str, int]:
    """Choose one money unit for a table of ``values``: ``(size, unit, decimals)``.

    English: CNY million with one decimal, CNY billion with two decimals once the largest
    amount reaches 10 billion; Chinese: 万元 without decimals, 亿元 with two decimals once it
    reaches 10 亿 (:data:`BILLIONS_FROM`). The smallest step shown is at most 1 million
    (0.01 亿), and every row of the table is in the same unit, so the rows add up.

    Parameters
    ----------
    values : iterable of float
        The table's amounts [currency]; missing ones are ignored.
    lang, currency : str
        Language (``en``, ``zh``) and ISO code of the currency, as for :func:`money`.

    Returns
    -------
    size : float
        Currency units per unit (divide an amount by it).
    unit : str
        ``CNY million``, ``CNY billion``, ``万元`` or ``亿元``.
    decimals : int
        Decimals to show.

    Examples
    --------
    >>> money_unit_for([3.76e8, 1.2e10], "en")
    (1000000000.0, 'CNY billion', 2)
    >>> money_unit_for([3.76e8], "zh")
    (10000.0, '万元', 0)
    """
    big = max((abs(float(v)) for v in values if not is_missing(v)), default=0.0)
    if big >= BILLIONS_FROM["zh" if lang == "zh" else "en"]:
        if lang == "zh":
            return _YI, f"亿{_yuan(currency).strip()}", 2
        return _BILLION, f"{currency} billion", 2
    return (
        MONEY_UNIT_SCALE["zh" if lang == "zh" else "en"],
        money_unit(lang, currency),
        (0 if lang == "zh" else 1),
    )


def money_in_unit(v: Any, lang: str) -> str:
    """Format ``v`` [currency] in the table unit of :func:`money_unit`, one decimal, separators."""
    return num(v, 1.0 / MONEY_UNIT_SCALE[lang])


def per_mwh(v: Any, lang: str, currency: str = "CNY") -> str:
    """Format a cost per MWh: ``CNY 318.4/MWh`` or ``318.4 元/MWh``; ``–`` when missing."""
    if is_missing(v):
        return "–"
    if lang == "zh":
        return f"{num(v)} {_yuan(currency).strip()}/MWh"
    return f"{currency} {num(v)}/MWh"


def per_mwh_unit(lang: str, currency: str = "CNY") -> str:
    """Return the unit of a cost per MWh: ``CNY/MWh`` or ``元/MWh``."""
    return f"{_yuan(currency).strip()}/MWh" if lang == "zh" else f"{currency}/MWh"


def sense_symbol(sense: Any) -> str:
    """Return the symbol of a check's sense (``>=`` → ``≥``, ``<=`` → ``≤``)."""
    return _SENSE.get(str(sense), str(sense))


def esc(text: object) -> str:
    """HTML-escape ``text`` (quotes included)."""
    return html.escape(str(text), quote=True)
