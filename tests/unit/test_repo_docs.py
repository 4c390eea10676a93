"""The repository tells the truth about itself: no merge-conflict leftovers, and the README
names only `make` targets and `cramp-diary` commands that exist and a package map that
matches the folders."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest
import typer.main

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

# Built from pieces so this file never holds a marker line itself.
OURS, SPLIT, THEIRS = "<" * 7, "=" * 7, ">" * 7


def tracked_files() -> list[str]:
    """Every file git tracks in this checkout (what a fresh clone would hold)."""
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    return [name for name in out.decode().split("\0") if name]


def conflict_lines(text: str) -> list[int]:
    """Line numbers (from 1) of merge-conflict markers.

    `=======` alone is a Markdown heading underline, so it counts only in a text
    that also holds an opening or closing marker.
    """
    lines = text.splitlines()
    sides = [i for i, line in enumerate(lines, 1) if re.match(rf"^({OURS}|{THEIRS})( |$)", line)]
    if not sides:
        return []
    return sorted(sides + [i for i, line in enumerate(lines, 1) if line == SPLIT])


def code_parts(markdown: str) -> list[str]:
    """The text inside inline `code` and fenced blocks: where commands are written."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.S | re.M)
    outside = re.sub(r"^```[^\n]*\n.*?^```", "", markdown, flags=re.S | re.M)
    return fenced + re.findall(r"`([^`\n]+)`", outside)


def named(markdown: str, program: str) -> set[str]:
    """Every `program WORD` the README's code names (upper-case placeholders excluded)."""
    pattern = rf"(?<![\w/-]){re.escape(program)} ([a-z][\w-]*)"
    return {m for part in code_parts(markdown) for m in re.findall(pattern, part)}


def makefile_targets(makefile: str) -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", makefile, flags=re.M))


def cli_commands() -> set[str]:
    from dashboard.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return set(group.commands)


def section(markdown: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, flags=re.S | re.M)
    assert match, f"README has no '## {heading}' section"
    return match.group(1)


def mapped_folders(markdown: str) -> list[str]:
    """The folders the "Where things are" map lists, one a line in its code block."""
    block = code_parts(section(markdown, "Where things are"))[0]
    return [line.split()[0].rstrip("/") for line in block.splitlines() if line.strip()]


def expected_folders(files: list[str]) -> set[str]:
    """Every package under core, db and dashboard, plus sample_data, bench and tests' folders."""
    paths = [PurePosixPath(f) for f in files]
    packages = {
        str(p.parent)
        for p in paths
        if p.name == "__init__.py" and p.parts[0] in ("core", "db", "dashboard")
    }
    test_dirs = {"/".join(p.parts[:2]) for p in paths if p.parts[0] == "tests" and len(p.parts) > 2}
    return packages | test_dirs | {"sample_data", "bench", "tests"}


def map_differences(listed: list[str], expected: set[str]) -> list[str]:
    problems = [f"{d}/ is not in the map" for d in sorted(expected - set(listed))]
    problems += [f"{d}/ is in the map but is no package" for d in sorted(set(listed) - expected)]
    problems += [
        f"{d}/ is listed twice" for d in sorted({d for d in listed if listed.count(d) > 1})
    ]
    return problems


# --- the checks on the repository --------------------------------------------------------


def test_no_tracked_file_holds_a_conflict_marker() -> None:
    found = []
    for name in tracked_files():
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the work tree, not yet committed
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary (images, fonts): no merge leaves markers there as text
        found += [f"{name}:{line}" for line in conflict_lines(text)]
    assert not found, "merge-conflict markers left in: " + ", ".join(found)


def test_readme_names_only_make_targets_that_exist() -> None:
    targets = makefile_targets((ROOT / "Makefile").read_text())
    missing = named(README.read_text(), "make") - targets
    assert not missing, f"README names make targets the Makefile lacks: {sorted(missing)}"


def test_readme_names_only_commands_the_command_line_has() -> None:
    missing = named(README.read_text(), "cramp-diary") - cli_commands()
    assert not missing, f"README names cramp-diary commands that do not exist: {sorted(missing)}"


def test_the_where_things_are_map_matches_the_packages() -> None:
    problems = map_differences(
        mapped_folders(README.read_text()), expected_folders(tracked_files())
    )
    assert not problems, "README 'Where things are': " + "; ".join(problems)


# --- each check can fail: the same functions on made-up texts ----------------------------


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f"a\n{OURS} HEAD\nb\n{SPLIT}\nc\n{THEIRS} main\n", [2, 4, 6]),
        (f"a\n{THEIRS} main\n", [2]),
        (f"Title\n{SPLIT}\ntext\n", []),  # a Markdown heading underline alone
        (f"x = '{OURS}'\n", []),  # not at the start of a line
    ],
)
def test_conflict_markers_are_found(text: str, lines: list[int]) -> None:
    assert conflict_lines(text) == lines


@pytest.mark.parametrize(
    ("markdown", "program", "words"),
    [
        (
            "Run `make run` or\n```sh\nmake bench  # x\nmake lost\n```\n",
            "make",
            {"run", "bench", "lost"},
        ),
        ("make the password file with `htpasswd`", "make", set()),  # prose, not code
        ("`cramp-diary export -o x` and `cramp-diary COMMAND --help`", "cramp-diary", {"export"}),
        ("`cramp-diary frobnicate`", "cramp-diary", {"frobnicate"}),
    ],
)
def test_the_readme_reader_sees_commands_in_code(
    markdown: str, program: str, words: set[str]
) -> None:
    assert named(markdown, program) == words


def test_an_unknown_make_target_or_command_would_be_caught() -> None:
    targets = makefile_targets("run: venv\n\t$(X)\nVENV := .venv\n.PHONY: run\n")
    assert targets == {"run"}
    assert named("`make deploy`", "make") - targets == {"deploy"}
    assert "frobnicate" not in cli_commands()
    assert {"import", "export", "backup", "restore", "report", "analyse"} <= cli_commands()


def test_a_map_out_of_step_with_the_folders_is_caught() -> None:
    files = ["core/__init__.py", "core/stats/__init__.py", "core/stats/rates.py", "tests/unit/t.py"]
    markdown = (
        "## Where things are\n\n```\ncore/  x\ncore/old/  gone\ncore/old/  again\n```\n## Next\n"
    )
    assert map_differences(mapped_folders(markdown), expected_folders(files)) == [
        "bench/ is not in the map",
        "core/stats/ is not in the map",
        "sample_data/ is not in the map",
        "tests/ is not in the map",
        "tests/unit/ is not in the map",
        "core/old/ is in the map but is no package",
        "core/old/ is listed twice",
    ]
