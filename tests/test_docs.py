"""Documentation that cannot drift: the CLI reference, and the README's promises."""

from __future__ import annotations

from pathlib import Path

from veracity.cli.reference import reference

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_up_to_date():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "regenerate: python -m veracity.cli.reference > docs/cli.md"


def test_readme_opens_with_the_two_setup_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in text.split("```bash\n")[1:3]]
    assert blocks == [
        "pip install -e . && veracity demo",
        "pip install -e '.[test]' && python -m pytest",
    ]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && python -m pytest" in ci


def test_ci_also_runs_the_house_rules():
    """Lint, format, types and the docstrings' examples: each a command CI runs after the tests."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tests_at = ci.index("python -m pytest")
    for command in (
        "ruff check src tests benchmarks",
        "ruff format --check src tests benchmarks",
        "mypy src",
        "python -m pytest --doctest-modules src",
    ):
        assert command in ci[tests_at:], f".ci/run does not run {command!r}"
