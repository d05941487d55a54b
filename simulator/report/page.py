"""The HTML page of the planner's report: style sheet (screen and A4 print), tables, figures.

Used by :mod:`simulator.report.build`, :mod:`simulator.report.summary` and
:mod:`simulator.report.sweep`. Every text handed to :class:`Page` is escaped here unless the
method says it takes HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from simulator.report.format import esc
from simulator.report.i18n import tr

__all__ = ["CSS", "FONT_STACK", "Page", "cell", "esc", "met_cell", "verbatim"]

#: Fonts of the page and of the figures' text, Latin first, then CJK fonts of Linux, Windows, macOS.
FONT_STACK = (
    '"DejaVu Sans", "Helvetica Neue", Arial, "Noto Sans CJK SC", "Source Han Sans SC", '
    '"Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif'
)


CSS = """
:root { --ink: #1d2329; --muted: #5b6670; --line: #d9dee3; --ok: #1a7f37; --bad: #b42318; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); margin: 0; background: #f6f7f9;
       line-height: 1.5; font-size: 15px; }
main { max-width: 1080px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px;
     border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 6px; }
p.sub { color: var(--muted); margin: 0 0 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.badge { display: inline-block; padding: 1px 10px; border-radius: 10px; font-weight: 600;
         font-size: 14px; }
.badge.ok { background: #dcf5e3; color: var(--ok); }
.badge.bad { background: #fde4e1; color: var(--bad); }
.badge.info { background: #e4ecf7; color: #1f4e8c; }
table { border-collapse: collapse; margin: 8px 0 20px; font-size: 14px; width: auto; }
caption { text-align: left; font-weight: 600; padding: 4px 0; caption-side: top; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; }
th { background: #f0f2f5; text-align: center; font-weight: 600; }
th[scope="row"] { text-align: left; background: #f7f8fa; font-weight: 500; white-space: nowrap; }
:lang(zh) th { word-break: keep-all; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.ok { color: var(--ok); font-weight: 600; text-align: center; }
td.bad { color: var(--bad); font-weight: 600; text-align: center; }
tr.total td { font-weight: 600; border-top: 2px solid var(--ink); }
.scroll { overflow-x: auto; }
#table-rules-matrix th[scope="row"], #table-checks th[scope="row"] { white-space: normal;
  min-width: 11em; }
#table-rules-matrix td { font-size: 13px; padding: 4px 6px; }
figure { margin: 28px 0; padding: 0; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
figure svg text { font-family: FONTS; }
figcaption { color: var(--muted); font-size: 14px; margin-top: 6px; }
figcaption b { color: var(--ink); }
.note { background: #f3f6fb; border-left: 4px solid #3b7dd8; padding: 8px 14px; margin: 12px 0; }
.note p { margin: 6px 0; }
ul.messages li { margin: 3px 0; }
.verbatim { font-style: italic; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 13px; }
footer { color: var(--muted); font-size: 13px; margin-top: 40px; border-top: 1px solid var(--line);
         padding-top: 8px; }
.verdict { border-radius: 6px; padding: 10px 16px; margin: 12px 0 16px; font-size: 16px; }
.verdict.ok { background: #e7f6ec; border: 2px solid var(--ok); }
.verdict.bad { background: #fdecea; border: 2px solid var(--bad); }
.verdict.unknown { background: #fff6e0; border: 2px solid #b7791f; }
.verdict p { margin: 2px 0; font-weight: 600; }
.verdict ul { margin: 6px 0 2px; }
dl.keyfig { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.keyfig dt { color: var(--muted); }
dl.keyfig dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
pre.cmd { white-space: pre-wrap; word-break: break-all; background: #f3f4f6; padding: 6px 10px;
          font-size: 12px; margin: 0; }
nav.toc { font-size: 14px; color: var(--muted); margin: 4px 0 12px; }
nav.toc a { color: #1f4e8c; text-decoration: none; margin-right: 12px; }
span.delta { display: block; color: var(--muted); font-size: 12px; font-weight: 400; }
td.num.ok, td.num.bad { text-align: right; }
th[scope="row"].sub { padding-left: 26px; color: var(--muted); font-weight: 400; }
td.changed { background: #fff6e0; }
td.wrap { white-space: normal; min-width: 7em; }
td.wrap code { overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; line-height: 1.35; }
  main { padding: 0; max-width: none; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 18px; }
  h2.newpage { break-before: page; page-break-before: always; }
  table, figure, .verdict, dl { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
  figure svg { max-height: 240mm; }
  nav.toc { display: none; }
  td.wrap { min-width: 0; }
  a { color: inherit; text-decoration: none; }
  .badge, .verdict, th, td.ok, td.bad { -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }
}
""".replace("FONTS", FONT_STACK)


class Page:
    """Accumulates the HTML body, numbering figures and tables."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.parts: list[str] = []
        self.n_fig = 0
        self.n_tab = 0

    def add(self, text: str) -> None:
        """Append HTML (not escaped)."""
        self.parts.append(text)

    def h2(self, key: str, anchor: str, newpage: bool = False) -> None:
        """Add a section heading (``newpage``: a new A4 page when printed)."""
        cls = ' class="newpage"' if newpage else ""
        self.add(f'<h2 id="{anchor}"{cls}>{esc(tr(key, self.lang))}</h2>')

    def figure(self, fig: Any, anchor: str, title: str, caption: str) -> None:
        """Add a matplotlib figure as inline SVG, numbered, with its caption."""
        self.n_fig += 1
        from simulator.report.plot import _svg_inline

        svg = _svg_inline(fig, f"f{self.n_fig}", title)
        num = tr("figure_n", self.lang, n=self.n_fig)
        sep = "　" if self.lang == "zh" else " "
        self.add(
            f'<figure id="{anchor}">\n{svg}\n<figcaption><b>{esc(num)}{sep}{esc(title)}</b>'
            f"{sep}{esc(caption)}</figcaption>\n</figure>"
        )

    def table(
        self,
        title: str,
        header: Sequence[str],
        rows: Iterable[Sequence[tuple[str, str]]],
        anchor: str,
        total_last: bool = False,
    ) -> None:
        """Add a table; each cell is ``(text, css class)``; text is escaped here."""
        head = [f'<th scope="col">{esc(h).replace(" [", "<br>[")}</th>' for h in header]
        body = ["".join(cell(t, c) for t, c in row) for row in rows]
        self.table_html(title, head, body, anchor, total_last)

    def table_html(
        self,
        title: str,
        header: Sequence[str],
        rows: Sequence[str],
        anchor: str,
        total_last: bool = False,
    ) -> None:
        """Add a numbered table whose header cells and rows are given as HTML.

        Parameters
        ----------
        title : str
            Caption after the table's number (escaped here).
        header : sequence of str
            The header row's cells, each a whole ``<th>`` element.
        rows : sequence of str
            The body rows, each the cells of one ``<tr>`` (HTML).
        anchor : str
            ``id`` of the table.
        total_last : bool
            Mark the last row as a total.
        """
        self.n_tab += 1
        num = tr("table_n", self.lang, n=self.n_tab)
        sep = "　" if self.lang == "zh" else " "
        out = [
            f'<div class="scroll"><table id="{anchor}">',
            f"<caption>{esc(num)}{sep}{esc(title)}</caption>",
            "<thead><tr>",
            *header,
            "</tr></thead><tbody>",
        ]
        for i, row in enumerate(rows):
            cls = ' class="total"' if total_last and i == len(rows) - 1 else ""
            out.append(f"<tr{cls}>{row}</tr>")
        out.append("</tbody></table></div>")
        self.add("\n".join(out))

    def html(self, title: str) -> str:
        """Return the whole document."""
        lang_attr = "zh-CN" if self.lang == "zh" else "en"
        body = "\n".join(self.parts)
        return (
            f'<!DOCTYPE html>\n<html lang="{lang_attr}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n"
        )


def cell(text: str, cls: str) -> str:
    """Return a table cell; ``cls`` ``"rowhead"`` makes a row header."""
    if cls == "rowhead":
        return f'<th scope="row">{esc(text)}</th>'
    return f'<td class="{cls}">{esc(text)}</td>' if cls else f"<td>{esc(text)}</td>"


def met_cell(value: Any, lang: str) -> tuple[str, str]:
    """Return the cell of a met / not met flag (``None``: a dash)."""
    if value is None:
        return "–", ""
    return ("✓ " + tr("met", lang), "ok") if bool(value) else ("✗ " + tr("not_met", lang), "bad")


def verbatim(text: str, lang: str) -> str:
    """User data (names, untranslated messages) kept as given, marked on a Chinese page."""
    if lang == "zh":
        return f'<span class="verbatim" lang="en" translate="no">{esc(text)}</span>'
    return esc(text)
