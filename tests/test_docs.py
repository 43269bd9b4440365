"""docs/cli.md describes every command and every option the command line has.

Each command has a section headed with its full name in backticks (``## `facilitator
demo` ``), and that section mentions each of the command's options and arguments. A new
command or option without its documentation fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from facilitator.cli import cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
HEADING = re.compile(r"^(#{2,4}) `(facilitator(?: [a-z0-9-]+)*)`\s*$", re.MULTILINE)


def walk(command: click.Command, path: str = "facilitator") -> Iterator[tuple[str, click.Command]]:
    """Every command under ``command`` (itself included) with its full name."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            if not sub.hidden:
                yield from walk(sub, f"{path} {name}")


def sections(text: str) -> dict[str, str]:
    """The text of each command's section, up to the next heading of its level or higher."""
    found: dict[str, str] = {}
    matches = list(HEADING.finditer(text))
    for match in matches:
        level = len(match.group(1))
        end = len(text)
        for later in re.finditer(r"^(#{1,6}) ", text[match.end() :], re.MULTILINE):
            if len(later.group(1)) <= level:
                end = match.end() + later.start()
                break
        found[match.group(2)] = text[match.start() : end]
    return found


def mentions(section: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", section) is not None


COMMANDS = list(walk(cli))
DOCUMENTED = sections(DOC.read_text(encoding="utf-8"))


def test_the_walk_finds_the_commands() -> None:
    names = {path for path, _ in COMMANDS}
    assert {"facilitator", "facilitator demo", "facilitator sessions", "facilitator check"} <= names


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_and_option_is_documented(path: str, command: click.Command) -> None:
    assert path in DOCUMENTED, f"docs/cli.md has no section headed `{path}`"
    section = DOCUMENTED[path]
    missing = []
    for param in command.params:
        if isinstance(param, click.Option):
            if param.hidden:
                continue
            missing += [
                opt for opt in (*param.opts, *param.secondary_opts) if not mentions(section, opt)
            ]
        elif isinstance(param, click.Argument):
            name = param.human_readable_name
            if not mentions(section, name):
                missing.append(name)
    assert not missing, f"the `{path}` section of docs/cli.md does not mention {missing}"


def test_help_options_are_documented() -> None:
    names = cli.context_settings.get("help_option_names", ["--help"])
    root = DOCUMENTED["facilitator"]
    assert all(mentions(root, name) for name in names), names


def test_no_section_for_a_command_that_does_not_exist() -> None:
    real = {path for path, _ in COMMANDS}
    assert set(DOCUMENTED) <= real, sorted(set(DOCUMENTED) - real)


def test_the_checker_catches_an_undocumented_option() -> None:
    """The test can fail: an option missing from a section is reported."""
    section = DOCUMENTED["facilitator sessions"]
    assert mentions(section, "--json")
    assert not mentions(section, "--jsonl")
    assert not mentions(DOCUMENTED["facilitator demo"], "--json")
