"""The files of a comparison: ``compare.html``, ``compare.zh.html``, ``results[.zh].xlsx``.

:func:`write_compare` reads every plan folder first, renders the page
(:mod:`simulator.report.compare_page`) and the workbook (:mod:`simulator.report.compare_workbook`)
of each language and writes each file atomically.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from simulator.core.errors import InputError, OutputError
from simulator.core.io import write_text
from simulator.report.compare_page import render_compare_html
from simulator.report.compare_workbook import write_compare_workbook
from simulator.report.workbook import WORKBOOK_FILES
from simulator.studies.compare import read_plans

__all__ = ["HTML_FILES", "WORKBOOK_FILES", "langs_of", "write_compare"]

#: The comparison page in English and in Chinese (the workbooks: :data:`WORKBOOK_FILES`).
HTML_FILES = {"en": "compare.html", "zh": "compare.zh.html"}


def langs_of(lang: str) -> list[str]:
    """``en``, ``zh`` or ``both`` → the languages to write.

    Raises
    ------
    InputError
        Any other value (naming the argument ``lang``).
    """
    if lang == "both":
        return ["en", "zh"]
    if lang in ("en", "zh"):
        return [lang]
    raise InputError("lang", None, f"must be en, zh or both, not {lang!r}")


def write_compare(
    dirs: Sequence[str | Path],
    out: str | Path,
    lang: str = "both",
    names: Sequence[str] | None = None,
    title: str | dict[str, str] | None = None,
) -> list[Path]:
    """Write the comparison of several plan folders into ``out``.

    Writes ``compare.html`` (English) and/or ``compare.zh.html`` (Chinese), and the workbook
    ``results.xlsx`` (English headers) and/or ``results.zh.xlsx`` (Chinese headers); each file
    atomically. Every folder is read before anything is written.

    Parameters
    ----------
    dirs : sequence of str or Path
        Plan folders; the first is the reference of the differences.
    out : str or Path
        Output folder (created).
    lang : {"en", "zh", "both"}
        Language(s) of the page and the workbook.
    names : sequence of str, optional
        Labels of the plans (default: the folder names).
    title : str or dict, optional
        Heading of the page (default "Plan comparison" / "方案比较"), or one per language
        (``{"en": ..., "zh": ...}``).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    InputError
        A folder without ``plan.json`` or a bad ``lang``; nothing is written.
    simulator.core.errors.OutputError
        ``out`` is a file or cannot be written.
    """
    langs = langs_of(lang)
    recs = read_plans(dirs, names)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(out, "is a file, not a folder")
    pages = {
        lg: render_compare_html(
            recs,
            lg,
            title=title.get(lg) if isinstance(title, dict) else title,
            link_other=len(langs) > 1,
        )
        for lg in langs
    }
    written = []
    try:
        for lg in langs:
            written.append(write_text(out / HTML_FILES[lg], pages[lg]))
            written.append(write_compare_workbook(recs, out / WORKBOOK_FILES[lg], lg))
    except OSError as exc:
        raise OutputError(out, exc.strerror or str(exc)) from None
    return written
