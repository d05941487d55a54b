"""The optimiser's messages and the verdict's failure lines in Chinese.

Regular expressions and their Chinese form, applied by :func:`translate_message`
(re-exported by :mod:`simulator.report.i18n`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["CHECK_PATTERNS", "MESSAGE_PATTERNS", "REPAIR_PATTERNS", "translate_message"]

_STATUS_ZH = {
    "optimal": "最优",
    "infeasible": "不可行",
    "time_limit": "达到计算时间上限",
    "numerical_error": "数值错误",
    "unbounded": "无界",
}


def _st(status: str) -> str:
    return _STATUS_ZH.get(status, status)


def _chk(prefix: str) -> str:
    """``assure`` / ``robust`` (the two checking loops of the optimiser) in Chinese."""
    return "稳健性校核" if prefix == "robust" else "校核"


#: Failure lines of the verdict (``simulator.core.verdict.plan_checks``, without the ``year Y: ``
#: prefix) and their Chinese form.
CHECK_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^renewable share ([\d.]+%) below the target ([\d.]+%)$"),
        lambda m: f"新能源消纳比例 {m[1]}，低于目标 {m[2]}",
    ),
    (
        re.compile(
            r"^([\d,.]+ [GM]Wh) unserved \(([<\d.]+%) of load, ([\d,]+) hours\) where ([\d.]+%) "
            r"is allowed$"
        ),
        lambda m: f"缺电 {m[1]}（占用电量 {m[2]}，{m[3]} 小时），允许值为 {m[4]}",
    ),
    (
        re.compile(
            r"^renewable utilisation ([\d.]+%) below the floor ([\d.]+%) \(([\d,.]+) GWh "
            r"curtailed\)$"
        ),
        lambda m: f"新能源利用率 {m[1]}，低于下限 {m[2]}（弃电 {m[3]} GWh）",
    ),
    (
        re.compile(
            r"^storage power ([\d,.]+) MW is ([\d.]+%) of wind \+ solar \(([\d,.]+) MW\), below "
            r"the required ([\d.]+%)$"
        ),
        lambda m: f"储能功率 {m[1]} MW，为风光装机（{m[3]} MW）的 {m[2]}，低于要求的 {m[4]}",
    ),
    (
        re.compile(
            r"^storage energy ([\d,.]+) MWh is ([\d.]+) h of wind \+ solar MW, below the "
            r"required ([\d.]+) h$"
        ),
        lambda m: f"储能容量 {m[1]} MWh，相当于风光装机的 {m[2]} 小时，低于要求的 {m[3]} 小时",
    ),
    (
        re.compile(r"^import peaks at ([\d,.]+) MW, above the connection cap ([\d,.]+) MW$"),
        lambda m: f"网购电最大功率 {m[1]} MW，超过接网容量 {m[2]} MW",
    ),
    (
        re.compile(r"^export peaks at ([\d,.]+) MW, above the connection cap ([\d,.]+) MW$"),
        lambda m: f"外送最大功率 {m[1]} MW，超过接网容量 {m[2]} MW",
    ),
    (
        re.compile(r"^coal output peaks at ([\d,.]+) MW, above its capacity ([\d,.]+) MW$"),
        lambda m: f"自备电厂最大出力 {m[1]} MW，超过其装机 {m[2]} MW",
    ),
    (
        re.compile(r"^coal output falls to ([\d,.]+) MW, below its must-run ([\d,.]+) MW$"),
        lambda m: f"自备电厂出力降至 {m[1]} MW，低于最小技术出力 {m[2]} MW",
    ),
    (re.compile(r"^the robust share target$"), lambda m: "稳健消纳比例目标"),
]

#: Repairs of the assure loop (``solvers.sizing``) and their Chinese form.
REPAIR_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"^share target of (.+) raised to (.+)$"),
        lambda m: f"{m[1]} 年消纳比例目标提高到 {m[2]}",
    ),
    (
        re.compile(r"^utilisation floor raised to (.+)$"),
        lambda m: f"新能源利用率下限提高到 {m[1]}",
    ),
    (
        re.compile(r"^(\d{4}) storage energy ≥ ([\d,.]+) MWh$"),
        lambda m: f"{m[1]}年储能容量 ≥ {m[2]} MWh",
    ),
    (
        re.compile(r"^(\d{4}) storage power ≥ ([\d,.]+) MW$"),
        lambda m: f"{m[1]}年储能功率 ≥ {m[2]} MW",
    ),
]


def _match(patterns: list, text: str) -> str | None:
    for pat, fn in patterns:
        m = pat.match(text.strip())
        if m:
            return fn(m)
    return None


def _failure_zh(text: str) -> str | None:
    """Translate one failure line (``year 2026: renewable share ...``); None when unknown."""
    text = text.strip()
    suffix = ""
    if text.endswith(" (the LP has no room left to repair it)"):
        text = text[: -len(" (the LP has no room left to repair it)")]
        suffix = "（线性规划已无修正余地）"
    m = re.match(r"^year (\d{4}): (.*)$", text)
    year, body = (m[1], m[2]) if m else (None, text)
    zh = _match(CHECK_PATTERNS, body)
    if zh is None:
        return None
    return (f"{year}年：{zh}" if year else zh) + suffix


def _items_zh(text: str, one: Callable[[str], str | None]) -> str | None:
    """Translate a ``; ``-separated list item by item (None when an item is unknown)."""
    out = []
    for item in text.split("; "):
        zh = one(item)
        if zh is None:
            return None
        out.append(zh)
    return "；".join(out)


def _repairs_zh(text: str) -> str | None:
    return _items_zh(text, lambda t: _match(REPAIR_PATTERNS, t))


def _need(value: str | None) -> str:
    if value is None:
        raise _Untranslatable
    return value


class _Untranslatable(Exception):
    """A part of a message has no translation (the message is then shown as given)."""


#: Patterns of the optimiser's messages (solvers/sizing.py) and their Chinese form; the groups
#: are kept. Messages that match none are shown verbatim, marked as original text.
MESSAGE_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(
            r"^(assure|robust): (?:each year's target is met in ≥ (\d+) of (\d+) weather years "
            r"and )?the simulated operation meets every rule after (\d+) LP solve\(s\)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：经 {m[4]} 次线性规划求解，"
            + (f"各年目标在 {m[3]} 个气象年中至少 {m[2]} 个达到，且" if m[2] else "")
            + "逐时模拟满足全部规则"
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): stopped after (\d+) LP solves; the simulated operation still "
            r"fails: (.+)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：{m[2]} 次线性规划求解后停止；逐时模拟仍未通过："
            + _need(_items_zh(m[3], _failure_zh))
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): stopped after (\d+) LP solve\(s\): no repair left for (.+)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：{m[2]} 次线性规划求解后停止，以下问题已无法修正："
            + _need(_items_zh(m[3], _failure_zh))
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): the repaired LP \((.+)\) gave status '(\w+)' at iteration (\d+); "
            r"the plan of iteration (\d+) is reported$"
        ),
        lambda m: (
            f"{_chk(m[1])}：修正后的线性规划（{_need(_repairs_zh(m[2]))}）在第 {m[4]} 次迭代的"
            f"状态为{_st(m[3])}；报告第 {m[5]} 次迭代的方案"
        ),
    ),
    (
        re.compile(
            r"^the plan fails (?:(\d+) rule checks|a rule check) in the rule-based simulation of "
            r"every hour:$"
        ),
        lambda m: f"方案在逐时规则模拟中有 {m[1] or 1} 项规则校核未通过：",
    ),
    (
        re.compile(r"^year \d{4}: .*$"),
        lambda m: _need(_failure_zh(m[0])),
    ),
    (
        re.compile(
            r"^the park's firm supply \(coal ([\d,]+) MW \+ import cap ([\d,]+) MW = ([\d,]+) MW\) "
            r"is below its peak load ([\d,]+) MW; .*$"
        ),
        lambda m: (
            f"园区可靠供电能力（自备电厂 {m[1]} MW + 网购电上限 {m[2]} MW = {m[3]} MW）"
            f"低于最大负荷 {m[4]} MW；按调度规则（储能先于自备电厂和网购电放电），"
            "风光不足的每个小时都要靠储能支撑，因此需要增加自备电厂或网购电容量，或允许一定缺电比例"
            "（policy.max_unserved_share），园区才能保障供电"
        ),
    ),
    (
        re.compile(
            r"^the largest achievable shares come from the aggregated LP, an estimate of the "
            r"park's own; the full-hour LP \(without --segments/--typical-days\) gives the exact "
            r"figures$"
        ),
        lambda m: (
            "最大可实现消纳比例来自聚合线性规划，是园区实际值的估计；不使用 --segments/"
            "--typical-days 的全时段线性规划可给出准确值"
        ),
    ),
    (
        re.compile(r"^year (\d{4}): target ([\d.]+%) is unreachable; at most ([\d.]+%) with (.*)$"),
        lambda m: f"{m[1]}年：目标 {m[2]} 无法达到；在{_limits_zh(m[4])}条件下最多为 {m[3]}",
    ),
    (
        re.compile(
            r"^the rule-based dispatch misses the target the LP met in ([\d, ]+?)"
            r"( \(run with --assure to close the gap\))?$"
        ),
        lambda m: (
            f"规则调度（模拟）在 {m[1]} 年未达到线性规划已满足的目标"
            + ("（可使用 --assure 选项消除差距）" if m[2] else "")
        ),
    ),
    (
        re.compile(
            r"^reported plan: the cheapest one that reaches the largest achievable share each year$"
        ),
        lambda m: "报告的方案：各年达到最大可实现消纳比例的最低成本方案",
    ),
    (
        re.compile(r"^policy.voll_per_mwh is 0, so the LP leaves load unserved at no cost$"),
        lambda m: "缺电损失（policy.voll_per_mwh）为 0，线性规划可无代价地缺电",
    ),
    (
        re.compile(r"^the yearly targets cannot be met together; .* are (.*)$"),
        lambda m: f"各年目标无法同时满足；最大新能源消纳比例依次为 {m[1]}",
    ),
    (
        re.compile(r"^no best-effort plan \(status '(\w+)'\)$"),
        lambda m: f"无尽力方案（状态：{_st(m[1])}）",
    ),
    (
        re.compile(
            r"^(assure|robust): simulated shares meet every target after (\d+) LP solve\(s\)$"
        ),
        lambda m: f"{_chk(m[1])}：经 {m[2]} 次线性规划求解，模拟消纳比例满足各年目标",
    ),
    (
        re.compile(
            r"^(assure|robust): each year's target is met in ≥ (\d+) of (\d+) weather years "
            r"after (\d+) LP solve\(s\)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：经 {m[4]} 次线性规划求解，各年目标在 {m[3]} 个气象年中"
            f"至少 {m[2]} 个达到"
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): stopped after (\d+) LP solves; the (simulated|critical ensemble) "
            r"share still misses the target in (.+)$"
        ),
        lambda m: (
            f"{_chk(m[1])}：{m[2]} 次线性规划求解后停止；"
            + ("模拟消纳比例" if m[3] == "simulated" else "气象年集合的临界消纳比例")
            + f"在 {m[4]} 年仍未达标"
        ),
    ),
    (
        re.compile(
            r"^(assure|robust): LP targets are already at 100% where the simulation falls short; "
            r"stopped$"
        ),
        lambda m: f"{_chk(m[1])}：模拟未达标年份的线性规划目标已为 100%，停止迭代",
    ),
    (
        re.compile(
            r"^(assure|robust): the raised LP targets \((.*)\) gave status '(\w+)' at iteration "
            r"(\d+); the plan of iteration (\d+) is reported$"
        ),
        lambda m: (
            f"{_chk(m[1])}：提高后的线性规划目标（{m[2]}）在第 {m[4]} 次迭代的状态为{_st(m[3])}；"
            f"报告第 {m[5]} 次迭代的方案"
        ),
    ),
    (
        re.compile(
            r"^segments: the LP saw (\d+) chronological runs of similar hours per year "
            r"\(mean ([\d.]+) h\); the plan is simulated on every hour$"
        ),
        lambda m: (
            f"时段聚合：线性规划按每年 {m[1]} 个连续的相似时段求解（平均每段 {m[2]} 小时）；"
            "方案已逐时（全部小时）模拟校核"
        ),
    ),
    (
        re.compile(
            r"^typical days: the LP saw (\d+) representative days per year \((\d+) of (\d+) "
            r"hours\); the plan is simulated on every hour$"
        ),
        lambda m: (
            f"典型日：线性规划按每年 {m[1]} 个典型日求解（{m[3]} 小时中的 {m[2]} 小时）；"
            "方案已逐时（全部小时）模拟校核"
        ),
    ),
    (
        re.compile(
            r"^typical days: all real days of a representative day share one storage dispatch, "
            r"which can make a storage-heavy target look unreachable; try --segments (\d+) .*$"
        ),
        lambda m: (
            "典型日：同一典型日所代表的各天共用一条储能调度曲线，可能使依赖储能的目标看似无法达到；"
            f"可改用 --segments {m[1]}（按时间顺序保留储能，见 docs/segments.md）或全时段线性规划"
        ),
    ),
    (
        re.compile(
            r"^the LP solver stopped with status '(\w+)' \(HiGHS model status (\w+)\); no plan"
            r"( — raise --time-limit)?$"
        ),
        lambda m: (
            f"线性规划求解器停止，状态：{_st(m[1])}（HiGHS 模型状态 {m[2]}）；无方案"
            + ("——请增大 --time-limit" if m[3] else "")
        ),
    ),
    (
        re.compile(
            r"^the targets cannot be met, and the park's rules cannot be met even without "
            r"targets \(check the policy options against the capacity limits\)$"
        ),
        lambda m: "目标无法达到，且即使不设目标，园区约束也无法满足（请对照容量上限检查政策约束）",
    ),
    (
        re.compile(
            r"^the targets cannot be met, and the most-renewable-share LP stopped with status "
            r"'(\w+)'$"
        ),
        lambda m: f"目标无法达到，且最大消纳比例线性规划停止，状态：{_st(m[1])}",
    ),
]

_LIMIT_WORDS = [
    (re.compile(r"wind unlimited"), "风电不限"),
    (re.compile(r"solar unlimited"), "光伏不限"),
    (re.compile(r"storage unlimited"), "储能不限"),
    (re.compile(r"wind ≤"), "风电 ≤"),
    (re.compile(r"solar ≤"), "光伏 ≤"),
    (re.compile(r"storage ≤"), "储能 ≤"),
    (re.compile(r"unlimited"), "不限"),
    (re.compile(r", "), "、"),
]


def _limits_zh(text: str) -> str:
    for pat, rep in _LIMIT_WORDS:
        text = pat.sub(rep, text)
    return text


def translate_message(message: str, lang: str) -> tuple[str, bool]:
    """Translate one optimiser message.

    Parameters
    ----------
    message : str
        A line of ``plan.json["messages"]``.
    lang : {"en", "zh"}
        Language.

    Returns
    -------
    text : str
        The message in ``lang`` (unchanged for English or when no pattern matches).
    translated : bool
        False when a Chinese page must show the English original.
    """
    if lang != "zh":
        return message, True
    for pat, fn in MESSAGE_PATTERNS:
        m = pat.match(message.strip())
        if m:
            try:
                return fn(m), True
            except _Untranslatable:
                continue  # a part is unknown: a later pattern may still know the whole
    return message, False
