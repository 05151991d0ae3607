"""Documentation that cannot go stale: commands, examples and the changelog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from speedplay.cli.app import COMMANDS, main
from speedplay.workout import parse_workout

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
DOCUMENTED = sorted(COMMANDS)


def test_the_help_lists_every_command(capsys):
    assert main(["--help"]) == 0
    listed = capsys.readouterr().out
    assert all(f" {command} " in listed for command in COMMANDS)


@pytest.mark.parametrize("command", DOCUMENTED)
def test_every_command_has_help_and_a_section_in_the_cli_docs(command, capsys):
    assert main([command, "--help"]) == 0
    shown = capsys.readouterr().out
    assert len(shown.strip()) > 0
    assert "``" not in shown, "the help is read on a terminal: no reStructuredText markup"
    assert f"## `speedplay {command}`" in (DOCS / "cli.md").read_text()


def quoted_workouts(markdown: str) -> list[str]:
    """Workout texts given to `speedplay workout "..."` in a document."""
    return [
        text.replace('\\"', '"')
        for text in re.findall(r'speedplay workout "((?:[^"\\]|\\.)*)"', markdown)
    ]


@pytest.mark.parametrize("document", ["README.md", "docs/cli.md", "docs/workout-language.md"])
def test_every_example_workout_in_the_docs_parses(document):
    text = (ROOT / document).read_text()
    examples = quoted_workouts(text)
    for example in examples:
        if "@rpe11" in example or example.count("(") != example.count(")"):
            continue  # the documented error examples
        parse_workout(example)


def test_the_language_doc_opens_with_examples_that_parse():
    text = (DOCS / "workout-language.md").read_text()
    first_block = text.split("```")[1].strip().splitlines()
    assert len(first_block) >= 5
    for line in first_block:
        parse_workout(line)


def test_docs_link_to_files_that_exist():
    for document in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"\]\(([^)#]+\.md)\)", document.read_text()):
            assert (document.parent / target).exists(), f"{document.name} links to {target}"
