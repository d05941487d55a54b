"""Words of the planner's report in English and Chinese (:mod:`simulator.report.build`).

Every word the report shows comes from :data:`STRINGS` (or from the message patterns of
:data:`MESSAGE_PATTERNS`), so the Chinese page uses the policy's own terms throughout:
新能源消纳比例 (renewable consumption share), 弃电 (curtailment), 自主调峰 (self-balancing),
储能 (storage), 自备电厂 (captive coal plant), 新能源利用率 (utilisation), 发用平衡 (balance of
supply and use), 外送 (export), 网购电 (import), 缺电 (unserved), 风电, 光伏, 年化投资 (annualised
capex), 运维 (O&M), 燃料 (fuel).

Strings may contain ``str.format`` fields (``{year}``, ``{cur}``); :func:`tr` fills them.
"""

from __future__ import annotations

from simulator.report.i18n_compare import COMPARE_WORDS
from simulator.report.i18n_figures import FIGURE_WORDS
from simulator.report.i18n_messages import MESSAGE_PATTERNS, translate_message
from simulator.report.i18n_page import PAGE_WORDS
from simulator.report.i18n_tables import COLUMNS, RULES, SHEETS

__all__ = [
    "COLUMNS",
    "LANGS",
    "MESSAGE_PATTERNS",
    "RULES",
    "SHEETS",
    "STRINGS",
    "column_label",
    "rule_label",
    "translate_message",
    "tr",
]

#: Languages of the report.
LANGS = ("en", "zh")

#: key -> (English, Chinese): every word of the pages, in the order of its parts (pages,
#: figures and sweeps, comparisons).
STRINGS: dict[str, tuple[str, str]] = {**PAGE_WORDS, **FIGURE_WORDS, **COMPARE_WORDS}


def column_label(key: str, lang: str, **fields: object) -> str:
    """Return the workbook header of column ``key`` in ``lang`` (the key itself when unknown)."""
    if key not in COLUMNS:
        return key
    en, zh = COLUMNS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def capacity_column_label(key: str, names: list[str], lang: str) -> str:
    """Header of a capacity column in ``lang`` with its unit, the stores' and processes' too.

    ``names`` are the capacity columns beside it (to tell a store's power from a process's
    capacity, :func:`simulator.core.vocabulary.capacity_term`).
    """
    from simulator.core.vocabulary import capacity_term

    if key in COLUMNS:
        return column_label(key, lang)
    t = capacity_term(key, names)
    if t is None:
        return key
    return f"{t.zh if lang == 'zh' else t.en} [{t.unit}]"


def rule_label(rule: str, lang: str) -> tuple[str, bool]:
    """Label of a rule id in ``lang``.

    Returns
    -------
    label : str
        The translated label, or the id itself for a rule this table does not know.
    known : bool
        False when the id is shown as given (the page shows it as code).
    """
    if rule in RULES:
        en, zh = RULES[rule]
        return (zh if lang == "zh" else en), True
    return rule, False


def tr(key: str, lang: str, **fields: object) -> str:
    """Return the text of ``key`` in ``lang`` with ``fields`` filled in.

    Parameters
    ----------
    key : str
        A key of :data:`STRINGS`.
    lang : {"en", "zh"}
        Language.
    **fields
        Values of the ``str.format`` fields of the text.

    Returns
    -------
    str
        The text.
    """
    en, zh = STRINGS[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def status_text(status: str, lang: str) -> str:
    """Words for a plan's status (``optimal``, ``rule_failed``, ...) in ``lang``."""
    if status in ("optimal", "infeasible", "time_limit", "rule_failed", "simulated"):
        return tr(f"status_{status}", lang)
    return tr("status_other", lang, status=status)
