"""The installed `cramp-diary` command, run as a subprocess on real files and real databases.

Every database test runs on SQLite and PostgreSQL (the `database_url` fixture).
The command is the console script `make venv` installs next to this Python.
"""

from __future__ import annotations

import io
import json
import os
import pty
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from core.diary import Episode, Night, NightContext
from core.files.csv_format import parse_diary_csv
from core.frames import frames_from_records
from core.profile import Profile
from core.stats.findings import CAUSE_OF_FACTOR, analyse_nights
from core.stats.trigger_model import MODEL_FACTORS
from db.backup import SQLITE_HEADER, backup_csv, read_backup
from db.engine import create_diary_engine
from db.export import export_csv
from db.repository import (
    add_episode,
    diary_version,
    get_profile,
    import_diary,
    list_records,
    load_frames,
    save_profile,
)
from sample_data.generator import Effects, generate_diary, write_csv
from tests.conftest import REPO

CLI = Path(sys.executable).parent / "cramp-diary"
DEMO = REPO / "sample_data" / "demo_diary.csv"
BAD_CSV = REPO / "tests" / "data" / "bad_csv"
LAST_PLANTED_NIGHT = date(2025, 12, 31)
COMMANDS = ["import", "export", "backup", "restore", "report", "analyse"]


@dataclass
class Run:
    returncode: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8")


def environment(**extra: str) -> dict[str, str]:
    """This environment without DATABASE_URL, with a throwaway per-user data folder."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.setdefault("XDG_DATA_HOME", str(Path(os.environ.get("TMPDIR", "/tmp")) / "cli-no-home"))
    env["COLUMNS"] = "100"
    return {**env, **extra}


def cramp_diary(*args: str | Path, cwd: Path | None = None, **env: str) -> Run:
    """Run the installed command and return its exit code, stdout (bytes) and stderr."""
    done = subprocess.run(
        [str(CLI), *map(str, args)],
        capture_output=True,
        cwd=cwd,
        env=environment(**env),
        timeout=300,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr.decode("utf-8"))


@pytest.fixture
def diary(database_url: str) -> Iterator[tuple[str, Engine]]:
    """An empty diary on this test's backend: its URL for the command, an engine for checks."""
    engine = create_diary_engine(database_url)
    yield database_url, engine
    engine.dispose()


def fill(engine: Engine, path: Path = DEMO) -> None:
    import_diary(engine=engine, parsed=parse_diary_csv(path.read_bytes()))


def one_cramp(engine: Engine) -> None:
    """A calf cramp on the night of 1 March 2026, after 1.5 litres of water."""
    add_episode(
        engine=engine,
        episode=Episode(night=date(2026, 3, 1), time=time(2, 0), muscle="calf"),
        context=NightContext(water_l=1.5),
    )


def planted_csv(path: Path, *, seed: int = 7, nights: int = 730) -> Path:
    """A diary (two years by default, all in the past, so it can be imported) in which too
    little water makes a cramp night four times as likely."""
    write_csv(
        path,
        *generate_diary(
            start=LAST_PLANTED_NIGHT - timedelta(days=nights - 1),
            nights=nights,
            seed=seed,
            effects=Effects.only(low_water=4.0),
        ),
    )
    return path


# --- the command itself -------------------------------------------------------------


def test_the_command_is_installed_next_to_python() -> None:
    assert CLI.exists(), "run `make venv`: pyproject.toml declares the cramp-diary script"


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_explains_each_command_with_an_example(command: str) -> None:
    run = cramp_diary(*([command] if command else []), "--help")
    assert run.returncode == 0, run.stderr
    assert "Example: cramp-diary" in run.text
    assert "Usage: cramp-diary" in run.text


def test_starting_the_command_loads_neither_streamlit_nor_the_analysis() -> None:
    code = "import sys, dashboard.cli; print(sorted({'streamlit', 'pandas'} & set(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-command"],
        ["export", "--no-such-option"],
        ["export", "--from", "2026-02-30"],
        ["export", "--from", "2026-03-01", "--to", "2026-02-01"],
        ["backup", "-o", "diary.txt"],
        ["import", "no-such-file.csv"],
        ["analyse", "--db", "sqlite:///x.sqlite", "a.csv"],
        ["export", "--db", "nosuchdriver://host/db"],
    ],
    ids=lambda args: " ".join(args),
)
def test_a_usage_error_exits_with_2_and_writes_nothing(args: list[str], tmp_path: Path) -> None:
    run = cramp_diary(*args, cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stdout == b""
    assert list(tmp_path.iterdir()) == []


# --- import ---------------------------------------------------------------------------


def test_import_adds_the_file_once_and_says_what_it_added(diary: tuple[str, Engine]) -> None:
    url, engine = diary
    parsed = parse_diary_csv(DEMO.read_bytes())
    free = len(parsed.cramp_free_nights)

    run = cramp_diary("import", DEMO, "--db", url)

    assert run.returncode == 0, run.stderr
    assert run.text == (
        f"Imported: {len(parsed.episodes)} new cramps; {len(parsed.nights)} new nights "
        f"({free} of them cramp-free).\n"
    )
    assert run.stderr == ""  # no progress bar when stderr is not a terminal
    nights, episodes = list_records(engine=engine)
    assert (len(nights), len(episodes)) == (len(parsed.nights), len(parsed.episodes))

    again = cramp_diary("import", DEMO, "--db", url)
    assert again.returncode == 0
    assert "already in your diary" in again.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_dates.csv", ["Row 2, column night:", "Row 3, column night:", "Row 5, column night:"]),
        ("broken_quotes.csv", ["Row "]),
    ],
)
def test_a_refused_import_lists_every_problem_and_writes_nothing(
    diary: tuple[str, Engine], name: str, expected: list[str]
) -> None:
    url, engine = diary
    one_cramp(engine)
    before, version = list_records(engine=engine), diary_version(engine=engine)

    run = cramp_diary("import", BAD_CSV / name, "--db", url)

    assert run.returncode == 1
    assert run.stderr.startswith("Nothing was imported: the file has")
    for line in expected:
        assert line in run.stderr
    assert run.stdout == b""
    assert list_records(engine=engine) == before
    assert diary_version(engine=engine) == version


def test_an_import_that_disagrees_with_the_diary_is_refused_by_row_and_column(
    diary: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = diary
    one_cramp(engine)
    before = list_records(engine=engine)
    other = tmp_path / "other.csv"
    write_csv(
        other,
        [Night(date(2026, 3, 2)), Night(date(2026, 3, 1), NightContext(water_l=2.5))],
        [],
    )

    run = cramp_diary("import", other, "--db", url)

    assert run.returncode == 1
    assert "Row 2, column water_l: Your diary already has 1.5" in run.stderr
    assert "Row 2, column time: The file says the night of 2026-03-01 was cramp-free" in run.stderr
    assert list_records(engine=engine) == before


def test_a_dry_run_says_what_it_would_add_and_writes_nothing(diary: tuple[str, Engine]) -> None:
    url, engine = diary
    version = diary_version(engine=engine)

    run = cramp_diary("import", "--dry-run", DEMO, "--db", url)

    assert run.returncode == 0, run.stderr
    assert run.text.startswith("Checked; nothing was written. Importing would add: 38 new cramps")
    assert list_records(engine=engine) == ([], [])
    assert diary_version(engine=engine) == version


def test_a_dry_run_does_not_even_create_a_diary_file(tmp_path: Path) -> None:
    target = tmp_path / "new.sqlite"
    run = cramp_diary("import", "--dry-run", DEMO, "--db", target)
    assert run.returncode == 0, run.stderr
    assert "Importing would add: 38 new cramps" in run.text
    assert not target.exists()


def test_the_diary_is_database_url_then_the_app_s_own_file(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.sqlite"
    run = cramp_diary("import", DEMO, DATABASE_URL=f"sqlite:///{chosen}")
    assert run.returncode == 0, run.stderr
    assert chosen.exists()

    data_home = tmp_path / "data"
    run = cramp_diary("import", DEMO, XDG_DATA_HOME=str(data_home))
    assert run.returncode == 0, run.stderr
    assert (data_home / "cramp-diary" / "diary.sqlite").exists()
    assert cramp_diary("export", XDG_DATA_HOME=str(data_home)).stdout == DEMO.read_bytes()


def test_a_diary_file_that_does_not_exist_is_refused_not_made(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    for command in (["export"], ["analyse"], ["report"], ["backup", "-o", tmp_path / "b.csv"]):
        run = cramp_diary(*command, "--db", missing)
        assert run.returncode == 1, command
        assert f"There is no diary at {missing}" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_long_work_shows_a_progress_bar_only_on_a_terminal(
    diary: tuple[str, Engine], tmp_path: Path
) -> None:
    url, _ = diary
    big = planted_csv(tmp_path / "big.csv", nights=3650)
    terminal, stderr_end = pty.openpty()
    process = subprocess.Popen(
        [str(CLI), "import", str(big), "--db", url],
        stdout=subprocess.DEVNULL,
        stderr=stderr_end,
        env=environment(TERM="xterm"),
    )
    os.close(stderr_end)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the command has ended and closed its side
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    assert process.wait(timeout=300) == 0
    assert "Checking the file" in shown.decode("utf-8", "replace")


# --- export, backup, restore -----------------------------------------------------------


def test_export_is_byte_identical_to_the_data_page_s_export(
    diary: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = diary
    fill(engine)

    whole = cramp_diary("export", "--db", url)
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout == export_csv(engine=engine)
    assert whole.stdout == DEMO.read_bytes()  # and export reproduces the imported file

    target = tmp_path / "autumn.csv"
    ranged = cramp_diary(
        "export", "--db", url, "--from", "2026-09-01", "--to", "2026-09-30", "-o", target
    )
    assert ranged.returncode == 0, ranged.stderr
    september = export_csv(engine=engine, start=date(2026, 9, 1), end=date(2026, 9, 30))
    assert target.read_bytes() == september
    rows = september.decode("utf-8").split("\r\n")[1:-1]
    assert rows and all(row.startswith("2026-09-") for row in rows)


def test_the_data_page_exports_with_the_same_function() -> None:
    page = (REPO / "dashboard" / "app_pages/data_page.py").read_text()
    assert "export_csv(engine=engine, start=start, end=end)" in page
    assert "write_diary_csv" not in page


def test_backup_to_csv_writes_the_whole_diary(diary: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = diary
    fill(engine)
    target = tmp_path / "backup.csv"
    run = cramp_diary("backup", "--db", url, "-o", target)
    assert run.returncode == 0, run.stderr
    assert target.read_bytes() == backup_csv(engine)


def test_backup_to_sqlite_copies_a_sqlite_diary_and_refuses_another(
    diary: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = diary
    fill(engine)
    target = tmp_path / "backup.sqlite"

    run = cramp_diary("backup", "--db", url, "-o", target)

    if engine.dialect.name == "sqlite":
        assert run.returncode == 0, run.stderr
        data = target.read_bytes()
        assert data.startswith(SQLITE_HEADER)
        copy = read_backup(data)
        assert (copy.nights, copy.episodes) == tuple(list_records(engine=engine))
        with sqlite3.connect(target) as database:
            assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    else:
        assert run.returncode == 1
        assert "pg_dump" in run.stderr
        assert not target.exists()


def test_restore_checks_the_backup_needs_yes_and_then_replaces_the_diary(
    diary: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = diary
    fill(engine)
    before = list_records(engine=engine)
    backup = planted_csv(tmp_path / "backup.csv", nights=60)

    unconfirmed = cramp_diary("restore", backup, "--db", url)
    assert unconfirmed.returncode == 2
    assert "--yes" in unconfirmed.stderr
    assert list_records(engine=engine) == before

    refused = cramp_diary("restore", BAD_CSV / "bad_dates.csv", "--db", url, "--yes")
    assert refused.returncode == 1
    assert "Row 2, column night" in refused.stderr
    assert list_records(engine=engine) == before

    done = cramp_diary("restore", backup, "--db", url, "--yes")
    assert done.returncode == 0, done.stderr
    assert done.text.startswith("Restored:")
    restored = read_backup(backup.read_bytes())
    nights, episodes = list_records(engine=engine)
    assert sorted(nights, key=lambda n: n.night) == sorted(restored.nights, key=lambda n: n.night)
    assert sorted(episodes, key=Episode.key) == sorted(restored.episodes, key=Episode.key)


# --- report -------------------------------------------------------------------------------


def test_report_writes_the_provider_pdf(diary: tuple[str, Engine], tmp_path: Path) -> None:
    url, engine = diary
    empty = cramp_diary("report", "--db", url, cwd=tmp_path)
    assert empty.returncode == 1
    assert "empty" in empty.stderr
    fill(engine)
    target = tmp_path / "visit.pdf"

    run = cramp_diary(
        "report", "--db", url, "--from", "2026-09-01", "-o", target,
        "--question", "Is a magnesium supplement worth trying?",
    )  # fmt: skip

    assert run.returncode == 0, run.stderr
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "magnesium supplement" in text
    assert "1 Sep 2026" in text or "2026-09-01" in text

    default = cramp_diary("report", "--db", url, cwd=tmp_path)
    assert default.returncode == 0, default.stderr
    # The last three months of the diary, as the page offers by default.
    assert (tmp_path / "cramp-diary-report_2026-08-02_2026-10-31.pdf").exists()


# --- analyse --------------------------------------------------------------------------------


def analysis_of_csv(path: Path) -> list[dict[str, object]]:
    parsed = parse_diary_csv(path.read_bytes())
    nights, _ = frames_from_records(
        [Night(n, c) for n, c in parsed.nights.items()], parsed.episodes
    )
    return [f.as_record() for f in analyse_nights(nights, Profile()).factors]


def test_analyse_json_gives_one_line_per_file_in_order_and_goes_on_past_a_bad_one(
    tmp_path: Path,
) -> None:
    planted = planted_csv(tmp_path / "planted.csv")
    files = [planted, BAD_CSV / "bad_dates.csv", tmp_path / "missing.csv", DEMO]

    run = cramp_diary("analyse", "--json", *files)

    assert run.returncode == 1  # one file was refused; the others were still analysed
    lines = [json.loads(line) for line in run.text.splitlines()]
    assert [line["source"] for line in lines] == [str(f) for f in files]
    for line in lines:
        assert list(line)[:5] == ["source", "nights", "cramps", "error", "factors"]

    first = lines[0]
    assert first["error"] is None
    assert first["factors"] == analysis_of_csv(planted)
    assert [f["cause"] for f in first["factors"]] == [CAUSE_OF_FACTOR[f.id] for f in MODEL_FACTORS]
    water = first["factors"][0]
    assert water["cause"] == "dehydration"
    assert (water["linked"], water["direction"]) == (True, "raises")
    assert water["summary"].startswith("Linked: ")
    assert all(f["direction"] is None for f in first["factors"] if not f["linked"])

    for broken in lines[1:3]:
        assert broken["error"] and broken["factors"] == []
        assert broken["nights"] is None and broken["cramps"] is None
    assert "2026-02-30" in lines[1]["error"]
    assert "missing.csv" in lines[2]["error"]
    assert (lines[3]["nights"], lines[3]["cramps"]) == (172, 38)


def test_analyse_a_diary_uses_its_stored_settings_and_prints_the_page_s_sentences(
    diary: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = diary
    fill(engine, planted_csv(tmp_path / "planted.csv"))
    save_profile(engine=engine, profile=Profile(water_target_l=1.2, high_stress=9))
    nights, _ = load_frames(engine=engine)
    expected = analyse_nights(nights, get_profile(engine=engine))
    with_defaults = analyse_nights(nights, Profile())
    assert expected.factors != with_defaults.factors  # the settings matter to this diary

    run = cramp_diary("analyse", "--json", "--db", url)
    assert run.returncode == 0, run.stderr
    (line,) = [json.loads(x) for x in run.text.splitlines()]
    assert line["factors"] == [f.as_record() for f in expected.factors]
    assert (line["nights"], line["cramps"]) == (expected.nights, expected.cramps)
    assert line["source"] == make_url(url).render_as_string(hide_password=True)

    plain = cramp_diary("analyse", "--db", url)
    assert plain.returncode == 0, plain.stderr
    for finding in expected.factors:
        assert finding.summary in plain.text


def test_the_readme_documents_every_command_and_every_json_field() -> None:
    from dashboard.cli import app

    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## Command line") :]
    section = section[: section.index("\n## ", 3)]
    names = sorted(str(c.name) for c in app.registered_commands)
    assert names == sorted(COMMANDS)
    for name in names:
        assert f"`cramp-diary {name} " in section
    record = analyse_nights(frames_from_records([], [])[0], Profile()).factors[0].as_record()
    for field in ["source", "nights", "cramps", "error", "factors", *record]:
        assert f"`{field}`" in section or f"`factors[].{field}`" in section, field
