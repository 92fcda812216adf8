"""The pure core (bib/, lint/) does no I/O and reaches nothing of the shell, even indirectly.

Each core module's imports are read from its source (AST), and followed through every docbuild
module they reach; a forbidden module anywhere on the way fails the test with the chain that
reaches it. The shell reads files, the style's CSL and refs.verified.json and passes data in.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src"
CORE = ("docbuild.bib", "docbuild.lint")
# The shell: files, processes, the network, printing, doit, configuration read from disk.
FORBIDDEN = (
    "docbuild.render",
    "docbuild.jobs",
    "docbuild.tasks",
    "docbuild.cli",
    "docbuild.batch",
    "docbuild.new",
    "docbuild.standalone",
    "docbuild.state",
    "docbuild.config",
    "docbuild.style",
    "docbuild.csl_styles",
    "docbuild.tomlkeys",
    "docbuild.fsutil",
    "docbuild.paths",
    "docbuild.lock",
    "docbuild.limits",
    "docbuild.crossref.client",
    "docbuild.crossref.lookup",
    "docbuild.crossref.verified_file",
    "docbuild.cite.engine",
    "os",
    "sys",
    "io",
    "shutil",
    "subprocess",
    "socket",
    "tempfile",
    "urllib.request",
    "http.client",
    "citeproc",
)
# Modules the core imports that still read files, and who moves that out: not followed here;
# `test_each_pending_module_still_needs_its_entry` fails once one no longer does (then delete it).
PENDING: dict[str, str] = {}
# Calls that read, write or print (attribute names of Path and file objects).
IO_CALLS = frozenset(
    {"open", "print", "input", "read_text", "read_bytes", "write_text", "write_bytes", "mkdir",
     "unlink", "exists", "is_file", "is_dir", "stat", "iterdir", "glob", "rglob", "touch"}
)  # fmt: skip


def module_file(name: str) -> Path | None:
    base = SRC / Path(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@cache
def imports_of(name: str) -> frozenset[str]:
    path = module_file(name)
    assert path is not None, name
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            # `from docbuild.lint.rules import page_range` imports a module too
            found.update(f"{base}.{a.name}" for a in node.names if module_file(f"{base}.{a.name}"))
    return frozenset(found)


def core_modules() -> list[str]:
    out = []
    for package in CORE:
        folder = SRC / Path(*package.split("."))
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(SRC).with_suffix("").parts
            out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


@pytest.mark.parametrize("module", core_modules())
def test_a_core_module_reaches_nothing_of_the_shell(module: str) -> None:
    chains: dict[str, list[str]] = {module: [module]}
    todo = [module]
    while todo:
        current = todo.pop()
        for imported in sorted(imports_of(current)):
            if forbidden(imported):
                pytest.fail(" -> ".join([*chains[current], imported]))
            if imported in PENDING and any(forbidden(m) for m in imports_of(imported)):
                continue
            if imported.startswith("docbuild") and module_file(imported) and imported not in chains:
                chains[imported] = [*chains[current], imported]
                todo.append(imported)


@pytest.mark.parametrize("module", core_modules())
def test_a_core_module_calls_nothing_that_reads_writes_or_prints(module: str) -> None:
    path = module_file(module)
    assert path is not None
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            if name in IO_CALLS:
                calls.append(f"line {node.lineno}: {name}()")
    assert calls == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """A shell module is reported through the chain, and a file read is seen."""
    assert forbidden("docbuild.jobs.lint") and forbidden("os.path") and not forbidden("osx")
    assert "docbuild.crossref.verified" in imports_of("docbuild.lint.rule")
    assert "docbuild.bib.braces" in imports_of("docbuild.bib.names")
    tree = ast.parse("from pathlib import Path\nPath('x').read_text()\n")
    assert any(isinstance(n, ast.Attribute) and n.attr in IO_CALLS for n in ast.walk(tree))
