"""docs/architecture.md stays true: it names every module of the code, names none that is
gone, and the repository's text cites no file outside the repository.

A module counts as named when its path under its package folder appears in the document
(``store/database.py``, ``screens/run/keys.py``, ``ops.py`` in the ``ui/`` list). A package's
``__init__.py`` is named by its folder (``screens/run/``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
PACKAGES = ("facilitator", "ui")
# Text files that travel with the repository and might cite a design file by name.
CITING = ("*.py", "*.md", "*.toml", "Makefile", "*.spec", "*.cfg", "*.ini", "run")


def modules() -> list[str]:
    """Every module as "package/relative/path.py" (folders for __init__.py)."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            rel = path.relative_to(ROOT)
            if path.name == "__init__.py":
                if path.parent == ROOT / package:
                    continue  # the package itself: its heading names it
                found.append(f"{rel.parent.as_posix()}/")
            else:
                found.append(rel.as_posix())
    return found


def named(doc: str, module: str) -> bool:
    """Whether the document names the module by its path under its package folder:
    ``planning.py`` is facilitator/planning.py, ``store/planning.py`` the store's."""
    rest = module.partition("/")[2]
    return re.search(rf"(?<![\w./-]){re.escape(rest)}(?![\w-])", doc) is not None


DOC_TEXT = DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("module", modules())
def test_every_module_is_named_in_the_architecture_doc(module: str) -> None:
    assert named(DOC_TEXT, module), f"{module} is not described in docs/architecture.md"


def test_the_doc_names_no_module_that_is_gone() -> None:
    """Every path-like name ending in .py in the document exists somewhere in the code."""
    existing = {Path(m).name for m in modules()} | {
        p.name for p in ROOT.glob("*/**/*.py") if ".venv" not in p.parts
    }
    cited = set(re.findall(r"(?<![\w./-])([a-z_][\w/]*\.py)\b", DOC_TEXT))
    gone = sorted(c for c in cited if Path(c).name not in existing)
    assert gone == [], f"docs/architecture.md names modules that do not exist: {gone}"


def test_the_checker_sees_an_unnamed_module() -> None:
    assert named("  store/database.py  open_database()", "facilitator/store/database.py")
    assert not named("store/database.py", "facilitator/store/databases.py")
    assert not named("store/planning.py", "facilitator/planning.py")
    assert named("`screens/run/` the run screen", "ui/screens/run/")


def _repository_text_files() -> list[Path]:
    files = []
    for pattern in CITING:
        for path in ROOT.rglob(pattern):
            parts = set(path.relative_to(ROOT).parts)
            if parts & {".venv", "build", "dist", ".git", "node_modules"} or not path.is_file():
                continue
            files.append(path)
    return sorted(set(files))


def test_no_text_cites_a_file_outside_the_repository() -> None:
    """Design notes live in docs/; the code and docs never send a reader to a file the
    repository does not have (QUALITY.md, ../shared/...)."""
    outside = re.compile(r"\.\./shared|\b(QUALITY|PRODUCT|ARCHITECTURE|STYLE)\.md\b")
    offenders = []
    for path in _repository_text_files():
        if path == Path(__file__):
            continue
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        ):
            if outside.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
