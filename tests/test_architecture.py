"""The layers of docs/architecture.md hold: imports run one way and never in a circle.

Every ``import`` of the project's modules (also the ones inside functions) is read with ``ast``;
a module may import from its own layer or the layers below, never from a layer above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("simulator", "solvers", "benchmarks", "scenarios")

#: Layers from the bottom up, one folder (package) each; a module's layer is that of its folder.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("simulator", "simulator.core", "scenarios")),
    ("solvers", ("solvers",)),
    ("studies and reports", ("simulator.studies", "simulator.report")),
    ("benchmarks", ("benchmarks",)),
    ("command line", ("simulator.cli",)),
)


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def layer_of(module: str) -> int:
    best, best_len = None, -1
    for i, (_, patterns) in enumerate(LAYERS):
        for p in patterns:
            hit = module == p or module.startswith(p + ".")
            if hit and len(p) > best_len:
                best, best_len = i, len(p)
    assert best is not None, f"{module} is in no layer of docs/architecture.md"
    return best


def modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            out[module_name(path)] = path
    return out


def imports(path: Path, known: set[str]) -> set[str]:
    """Project modules that ``path`` imports (the longest known prefix of each name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = set()  # imports under `if TYPE_CHECKING:` run only in a type checker
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            typing_only |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    names = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    out = set()
    for name in names:
        parts = name.split(".")
        for k in range(len(parts), 0, -1):
            cand = ".".join(parts[:k])
            if cand in known:
                out.add(cand)
                break
    return out


GRAPH = {m: imports(p, set(modules())) - {m} for m, p in modules().items()}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_upward_import(module):
    here = layer_of(module)
    upward = sorted(
        f"{module} ({LAYERS[here][0]}) imports {dep} ({LAYERS[layer_of(dep)][0]})"
        for dep in GRAPH[module]
        if layer_of(dep) > here and dep != "simulator"
    )
    assert not upward, upward


def test_no_import_cycle():
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        seen[m] = 1
        stack.append(m)
        for dep in sorted(GRAPH[m]):
            if dep in ("simulator", "solvers", "benchmarks"):  # package namespaces are lazy
                continue
            if seen.get(dep) == 1:
                cycle = stack[stack.index(dep) :] + [dep]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if dep not in seen:
                visit(dep)
        stack.pop()
        seen[m] = 2

    for m in sorted(GRAPH):
        if m not in seen:
            visit(m)


def test_the_layers_see_every_module():
    for m in GRAPH:
        layer_of(m)


def test_every_module_lives_in_a_layer_folder():
    flat = sorted(p.name for p in (ROOT / "simulator").glob("*.py") if p.name != "__init__.py")
    assert not flat, f"modules outside a layer folder of simulator/: {flat}"


def test_tests_mirror_the_layers():
    folders = {name.split(".")[-1] for _, pats in LAYERS for name in pats} - {"simulator"}
    loose = sorted(
        p.name for p in (ROOT / "tests").glob("test_*.py") if p.name != "test_architecture.py"
    )
    assert not loose, f"tests outside a layer folder of tests/: {loose}"
    for sub in (ROOT / "tests").iterdir():
        if sub.is_dir() and any(sub.glob("test_*.py")):
            assert sub.name in folders, f"tests/{sub.name} is no layer of the package"


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 600, 80


def _is_numba_kernel(node: ast.FunctionDef) -> bool:
    return any("njit" in ast.unparse(d) or "jit" in ast.unparse(d) for d in node.decorator_list)


def function_lengths(path: Path) -> list[tuple[str, int]]:
    """(name, lines of code without the docstring) of every function outside numba kernels."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or _is_numba_kernel(node):
            continue
        lines = node.end_lineno - node.lineno + 1
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            lines -= first.end_lineno - first.lineno + 1
        out.append((node.name, lines))
    return out


@pytest.mark.parametrize("module", sorted(modules()))
def test_modules_and_functions_are_small(module):
    path = modules()[module]
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {n} lines"
    long = [(f, k) for f, k in function_lengths(path) if k > MAX_FUNCTION_LINES]
    assert not long, f"{path.relative_to(ROOT)}: functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_the_test_itself_can_fail():
    # a core module importing the optimiser would be reported
    core, solver, cli = "simulator.core.kpis", "solvers.sizing", "simulator.cli.app"
    assert layer_of(core) < layer_of(solver) < layer_of(cli)
