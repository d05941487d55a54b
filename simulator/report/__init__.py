"""Reports: the HTML pages (en, zh), figures, workbooks and their words.

Built on the core, the solvers and the studies (docs/architecture.md).
"""
