"""DESIGN.md's layer table, enforced: a module may import only the layers its row allows.

Every ``import`` and ``from … import`` in ``src/veracity`` counts, at the top of a module or
lazily inside a function, and so do ``TYPE_CHECKING`` imports (a type that points up is a
dependency that points up). Relative imports are resolved. Run it alone with
``python -m pytest tests/test_layers.py``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: the bottom: imported by anyone, importing nothing of veracity (``veracity`` is the root
#: package's ``__version__``)
BASE = frozenset({"veracity", "veracity.errors", "veracity.model"})

#: DESIGN.md's "Layers" table: top-level part of veracity -> what it may import besides BASE
#: and itself. Keep the two in step: the test below checks DESIGN.md names every part.
ALLOWED: dict[str, frozenset[str]] = {
    "veracity.model": frozenset(),
    "veracity.errors": frozenset(),
    "veracity.normalize": frozenset(),
    "veracity.fusion": frozenset(),
    "veracity.extract": frozenset(),
    "veracity.stance": frozenset(),
    "veracity.tactics": frozenset(),
    "veracity.ach": frozenset(),
    "veracity.store": frozenset(),
    "veracity.ingest": frozenset(
        {"veracity.extract", "veracity.stance", "veracity.store", "veracity.fusion"}
    ),
    "veracity.assess": frozenset({"veracity.fusion", "veracity.store"}),
    "veracity.casework": frozenset(
        {
            "veracity.ach",
            "veracity.assess",
            "veracity.fusion",
            "veracity.extract",
            "veracity.stance",
            "veracity.tactics",
            "veracity.store",
            "veracity.ingest",
        }
    ),
}
#: the thin front ends may import every part (each other too: ``veracity serve`` starts the web
#: app, the web pages show reports)
FRONT_ENDS = ("veracity.report", "veracity.web", "veracity.cli", "veracity.__main__")
EVERYTHING = frozenset(ALLOWED) | frozenset(FRONT_ENDS)
for _front in FRONT_ENDS:
    ALLOWED[_front] = EVERYTHING


@dataclass(frozen=True)
class Arrow:
    path: str  # relative to the folder holding src/
    line: int
    target: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, src: Path = SRC) -> list[tuple[int, str]]:
    """(line, absolute module) of every veracity import in the file, lazy ones included."""
    name = module_name(path, src)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from veracity import store` imports the part `veracity.store` (and
            # `from veracity import __version__` the root package only)
            if target == "veracity":
                root = src / "veracity"
                found += [
                    (node.lineno, f"veracity.{a.name}")
                    for a in node.names
                    if (root / a.name).is_dir() or (root / f"{a.name}.py").is_file()
                ]
    return [(line, t) for line, t in found if t == "veracity" or t.startswith("veracity.")]


def part_of(module: str) -> str:
    """The top-level part a module belongs to: ``veracity.store.rows`` -> ``veracity.store``."""
    return ".".join(module.split(".")[:2])


def upward_arrows(src: Path = SRC) -> list[Arrow]:
    arrows = []
    for path in sorted((src / "veracity").rglob("*.py")):
        module = module_name(path, src)
        where = str(path.relative_to(src.parent))
        part = part_of(module)
        if part == "veracity":  # the root package: __version__ only
            allowed: frozenset[str] = frozenset()
        elif part not in ALLOWED:
            arrows.append(Arrow(where, 1, "(a part DESIGN.md's layer table does not name)"))
            continue
        else:
            allowed = ALLOWED[part]
        for line, target in imports_of(path, src):
            to = part_of(target)
            if to in BASE or to == part or to in allowed:
                continue
            if to == "veracity" and target == "veracity":
                continue
            arrows.append(Arrow(where, line, target))
    return arrows


def test_no_module_imports_a_layer_it_may_not() -> None:
    arrows = upward_arrows()
    assert not arrows, "imports that point up DESIGN.md's layer table:\n" + "\n".join(
        map(str, arrows)
    )


def test_the_check_catches_an_arrow_pointing_up(tmp_path: Path) -> None:
    """A store module that imports ach (lazily, inside a function) is reported with its line."""
    fake = tmp_path / "src" / "veracity"
    (fake / "store").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "store" / "__init__.py").write_text("from . import rows\n")
    (fake / "store" / "rows.py").write_text(
        "from veracity.model import Source\n\ndef f():\n    from veracity.ach import matrix\n"
    )
    (fake / "store" / "up.py").write_text("from ..ingest import records\n")
    got = sorted(str(a) for a in upward_arrows(tmp_path / "src"))
    assert got == [
        "src/veracity/store/rows.py:4 imports veracity.ach",
        "src/veracity/store/up.py:1 imports veracity.ingest",
    ]


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_design_md_names_every_part(part: str) -> None:
    design = (SRC.parent / "docs" / "design.md").read_text(encoding="utf-8")
    table = design.split("## Layers", 1)[1].split("\n## ", 1)[0]
    assert f"`{part}`" in table, f"docs/design.md's layer table does not name {part}"


def test_migrations_hold_schema_changes_only() -> None:
    """A ``store/migration_*.py`` module defines tables and its ``migrate``; the queries on those
    tables live in a store module of their own (``questions.py``, ``tactic_tags.py``…)."""
    found = []
    for path in sorted((SRC / "veracity" / "store").glob("migration_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            public = not getattr(node, "name", "_").startswith("_")
            if isinstance(node, ast.ClassDef) or (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and public
                and node.name != "migrate"
            ):
                found.append(f"{path.relative_to(SRC.parent)}:{node.lineno} defines {node.name}")
    assert not found, "queries in a migration module (move them to a store module):\n" + "\n".join(
        found
    )
