"""Helpers of the report tests: a tiny park, the HTML parsers and the page checks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from simulator.core.scenario import scenario_from_dict
from simulator.report.i18n import STRINGS

#: The policy's own terms that the Chinese page must use.
ZH_TERMS = (
    "新能源消纳比例",
    "弃电",
    "自主调峰",
    "储能",
    "自备电厂",
    "新能源利用率",
    "发用平衡",
    "外送",
    "网购电",
    "缺电",
    "风电",
    "光伏",
    "年化投资",
    "运维",
    "燃料",
)
#: ASCII words a Chinese page may show: units, product names, option names.
ZH_ALLOWED_WORDS = {
    "MW",
    "MWh",
    "GWh",
    "kW",
    "kWh",
    "HiGHS",
    "parkbalance",
    "PDLP",
    "HiPO",
    "SHA",
    "UTC",
}


def tiny_data(years: int = 1, **sections) -> dict:
    d = {
        "name": "tiny",
        "park_type": "low-carbon",
        "start_year": 2030,
        "years": years,
        "seed": 3,
        "site": {"latitude_deg": 40.0, "longitude_deg": 110.0},
        "loads": [{"name": "plant", "archetype": "flat", "annual_mwh": 2.0e5}],
        "wind": {"existing_mw": 10, "max_mw": 200},
        "solar": {"existing_mw": 10, "max_mw": 200},
        "storage": {"existing_mwh": 20, "existing_mw": 10, "max_mwh": 20, "max_mw": 10},
        "grid": {"import_max_mw": 60},
        "policy": {"voll_per_mwh": 5000},
    }
    d.update(sections)
    return d


def tiny(years: int = 1, **sections) -> object:
    return scenario_from_dict(tiny_data(years, **sections))


VOID = {"meta", "br", "img", "input", "link", "hr", "col", "source", "wbr", "area", "base"}


class Page(HTMLParser):
    """Checks that tags nest and close; collects visible text, figures and captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.figures: list[dict] = []
        self.hidden = 0  # depth inside <style>, <code>, .verbatim
        self.hidden_stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in VOID:
            return
        self.stack.append(tag)
        # not on the page: <head> (the tab title repeats the scenario name), styles, code, and
        # user data shown as given (names, untranslated messages)
        hide = tag in ("head", "style", "script", "code") or "verbatim" in (a.get("class") or "")
        self.hidden_stack.append(hide)
        self.hidden += hide
        if tag == "figure":
            self.figures.append({"id": a.get("id"), "caption": "", "svg": False})
        elif tag == "svg" and self.figures:
            self.figures[-1]["svg"] = True

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        self.hidden -= self.hidden_stack.pop()

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)
        if "figcaption" in self.stack and self.figures:
            self.figures[-1]["caption"] += data

    @property
    def visible(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def parse(path: Path) -> tuple[str, Page]:
    html = path.read_text(encoding="utf-8")
    p = Page()
    p.feed(html)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, p.stack
    return html, p


def assert_self_contained(html: str) -> None:
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<script[^>]*\ssrc=", html)
    assert not re.search(r"<link[^>]*stylesheet", html)
    assert not re.search(r"""\s(src|href)=["'](?!#|data:)""", html), "external reference"
    assert "@import" not in html and "@font-face" not in html


def pct(v: float) -> str:
    return f"{v * 100:.1f}%"


def english_words() -> set[str]:
    """Words (≥ 3 letters) of the English side of the translation table."""
    words = set()
    for en, _zh in STRINGS.values():
        text = re.sub(r"\{[^}]*\}", " ", en)
        words |= {w for w in re.findall(r"[A-Za-z]{3,}", text)}
    return words - ZH_ALLOWED_WORDS


def assert_chinese(visible: str) -> None:
    for term in ZH_TERMS:
        assert term in visible, term
    text = re.sub(r"--[\w-]+|\b\w+\.\w+\b", " ", visible)  # option and field names
    ascii_words = set(re.findall(r"[A-Za-z]{3,}", text))
    assert not ascii_words & english_words(), sorted(ascii_words & english_words())
    assert ascii_words <= ZH_ALLOWED_WORDS, sorted(ascii_words - ZH_ALLOWED_WORDS)


def no_temp_files(directory: Path) -> None:
    left = [p.name for p in directory.iterdir() if p.name.startswith(".") or ".tmp" in p.name]
    assert not left, left


class Tables(HTMLParser):
    """Cells of every ``<table id=...>``: {id: [[cell text, ...], ...]} (header row first)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.current = a.get("id") or f"table-{len(self.tables)}"
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.tables[self.current].append([])
        elif tag in ("td", "th") and self.current:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.current and self.cell is not None:
            self.tables[self.current][-1].append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    t = Tables()
    t.feed(html)
    return t.tables


def number(text: str) -> float:
    """The first number of a cell: ``'1,234.5 (+12.0)'`` → 1234.5, ``'52.1%'`` → 52.1."""
    m = re.search(r"-?[\d,]+(?:\.\d+)?", text)
    assert m, text
    return float(m[0].replace(",", ""))


def section(html: str, anchor: str) -> str:
    """HTML from the heading ``id=anchor`` to the next ``<h2``."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2", start + 10)
    return html[start : end if end > 0 else len(html)]


#: A run of three or more English words with nothing but spaces or punctuation between them.
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'-]*(?:[ ,;:()/&]+[A-Za-z][A-Za-z'-]*){2,}")


def assert_no_english_runs(visible: str) -> None:
    runs = [r for r in ENGLISH_RUN.findall(visible) if not set(r.split()) <= ZH_ALLOWED_WORDS]
    assert not runs, runs[:5]
