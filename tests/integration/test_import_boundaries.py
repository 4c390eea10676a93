"""Each entry imports only what it needs (issue 20).

`cramp-diary import/export/backup/restore` and the Log, Diary and Data pages must not wait
for the statistics (scipy, statsmodels, firthmodels, scikit-learn), the printouts
(matplotlib, fpdf2) or, on a diary at the newest schema, Alembic. Each entry runs in a
fresh interpreter that then lists the modules it holds; the commands and pages that do
compute statistics are the positive controls (`analyse`; the Log page once the entry has
warmed the statistics), so a listing that could never show them would fail here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.pages import DATA, DIARY, LOG, PATTERNS, AppPage
from dashboard.preload import FIRST_PAGE_MODULES
from dashboard.ui.resources import WARMING_SWITCH
from db.engine import create_diary_engine
from db.repository import import_diary
from sample_data.generator import generate_diary
from tests.conftest import REPO

STATISTICS = frozenset({"scipy", "statsmodels", "firthmodels", "sklearn"})
PRINTOUTS = frozenset({"matplotlib", "fpdf"})
HEAVY = STATISTICS | PRINTOUTS
TRIGGER_MODEL = frozenset({"firthmodels", "sklearn"})
TIMEOUT_S = 240

# Run in the child: the CLI as `cramp-diary ARGS...`, then the top-level packages it holds.
CLI_CHILD = """
import json, sys
from dashboard.cli import main
out = sys.argv[1]
sys.argv = ["cramp-diary", *sys.argv[2:]]
try:
    main()
except SystemExit as stop:
    code = stop.code
else:
    code = 0
with open(out, "w") as f:
    json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}, f)
"""

# Run in the child: the app through AppTest, opened at one page, then the packages it holds.
PAGE_CHILD = """
import json, sys
from streamlit.testing.v1 import AppTest
from dashboard.pages import ENTRY, LOG
out, page, join = sys.argv[1], sys.argv[2], sys.argv[3] == "join"
at = AppTest.from_file(str(ENTRY), default_timeout=120).run()
if page != LOG.file:
    at.switch_page(page).run()
errors = [str(e.value) for e in at.exception]
if join:  # the warming thread the entry started after drawing the page
    from dashboard.ui.resources import warm_imports
    thread = warm_imports()
    if thread is not None:
        thread.join()
import gc
with open(out, "w") as f:
    json.dump({"errors": errors, "title": [t.value for t in at.title],
               "modules": sorted({m.split(".")[0] for m in sys.modules}),
               "frozen": gc.get_freeze_count()}, f)
"""


def _run_child(code: str, args: list[str], out: Path, **env: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, str(out), *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(out.read_text())
    return result


@pytest.fixture(scope="module")
def diary_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A year of diary: as a database at the newest schema, as a CSV and as a backup."""
    from datetime import date

    from core.files.csv_format import parse_diary_csv, write_diary_csv

    folder = tmp_path_factory.mktemp("boundaries")
    nights, episodes = generate_diary(start=date(2025, 11, 1), nights=365, seed=20)
    csv = folder / "diary.csv"
    csv.write_text(write_diary_csv(nights, episodes), encoding="utf-8")
    database = folder / "diary.sqlite"
    engine = create_diary_engine(f"sqlite:///{database}")
    import_diary(engine=engine, parsed=parse_diary_csv(csv.read_bytes()))
    engine.dispose()
    empty = folder / "empty.sqlite"
    create_diary_engine(f"sqlite:///{empty}").dispose()  # made and migrated, as by the app
    yield {"csv": csv, "database": database, "empty": empty, "folder": folder}


# (command line, packages it must not import, packages it must import)
CLI_CASES = {
    "export": (["export", "-o", "{folder}/out.csv", "--db", "{database}"], HEAVY, ()),
    "import": (["import", "{csv}", "--db", "{empty}"], HEAVY, ()),
    "backup": (["backup", "-o", "{folder}/b.sqlite", "--db", "{database}"], HEAVY, ()),
    "restore (check only)": (["restore", "{csv}", "--db", "{database}"], HEAVY, ()),
    # The positive control: the statistics are there when a statistic is asked for.
    "analyse": (["analyse", "--db", "{database}"], frozenset(), ("scipy", "firthmodels")),
}


@pytest.mark.parametrize("case", CLI_CASES)
def test_a_command_imports_only_what_it_needs(
    case: str, diary_files: dict[str, Path], tmp_path: Path
) -> None:
    template, forbidden, required = CLI_CASES[case]
    args = [a.format(**diary_files) for a in template]
    result = _run_child(CLI_CHILD, args, tmp_path / "modules.json")
    modules = set(result["modules"])  # type: ignore[call-overload]
    assert result["code"] in (0, 2, None), result["code"]  # 2: restore without --yes
    assert not modules & forbidden, sorted(modules & forbidden)
    # Every diary here is at the newest schema, so opening one needs no Alembic.
    if not required:
        assert "alembic" not in modules
    assert set(required) <= modules, sorted(set(required) - modules)


# (page, packages it must not import, packages it must import)
PAGE_CASES: dict[str, tuple[AppPage, frozenset[str], tuple[str, ...]]] = {
    "Log": (LOG, HEAVY | {"alembic"}, ()),
    "Diary": (DIARY, HEAVY | {"alembic"}, ()),
    "Data": (DATA, HEAVY | {"alembic"}, ()),
    # Its first section draws rates and the trend; the trigger model waits for "Why".
    "Patterns": (PATTERNS, TRIGGER_MODEL | PRINTOUTS | {"alembic"}, ("statsmodels",)),
}


@pytest.mark.parametrize("case", PAGE_CASES)
def test_a_page_imports_only_what_it_needs(
    case: str, diary_files: dict[str, Path], tmp_path: Path
) -> None:
    page, forbidden, required = PAGE_CASES[case]
    result = _run_child(
        PAGE_CHILD,
        [page.file, "no-join"],
        tmp_path / "modules.json",
        DATABASE_URL=f"sqlite:///{diary_files['database']}",
        **{WARMING_SWITCH: "0"},
    )
    assert result["errors"] == []
    modules = set(result["modules"])  # type: ignore[call-overload]
    assert not modules & forbidden, sorted(modules & forbidden)
    assert set(required) <= modules, sorted(set(required) - modules)
    assert result["frozen"] == 0  # warming off: nothing imported after the page, nothing frozen


PRELOAD_CHILD = """
import json, sys
from dashboard import preload
preload.start()
preload.wait()
with open(sys.argv[1], "w") as f:
    json.dump(sorted(sys.modules), f)
"""


def test_the_server_preloads_only_what_the_first_page_imports(
    diary_files: dict[str, Path], tmp_path: Path
) -> None:
    """What dashboard/serve.py imports while the browser loads the page shell is the Log
    page's (so no import is wasted on it) and holds nothing heavy (so it cannot delay it)."""
    preloaded = set(_run_child(PRELOAD_CHILD, [], tmp_path / "preload.json"))  # type: ignore[call-overload]
    log = _run_child(
        PAGE_CHILD,
        [LOG.file, "no-join"],
        tmp_path / "log.json",
        DATABASE_URL=f"sqlite:///{diary_files['database']}",
        **{WARMING_SWITCH: "0"},
    )
    assert set(FIRST_PAGE_MODULES) <= preloaded
    assert not {m.split(".")[0] for m in preloaded} & (HEAVY | {"alembic"})
    log_modules = set(log["modules"])  # type: ignore[call-overload]
    assert {m.split(".")[0] for m in preloaded} <= log_modules | {"dashboard"}


def test_the_statistics_are_warmed_after_the_first_page(
    diary_files: dict[str, Path], tmp_path: Path
) -> None:
    """With warming on (the default), the entry starts importing the statistics once the
    Log page has been drawn, so Patterns later finds them loaded. Also the positive control
    of the page listing above: the same child does list the statistics when they are there."""
    env = {k: v for k, v in os.environ.items() if k != WARMING_SWITCH}
    env["DATABASE_URL"] = f"sqlite:///{diary_files['database']}"
    out = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PAGE_CHILD, str(out), LOG.file, "join"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["errors"] == []
    assert STATISTICS <= set(result["modules"]), sorted(STATISTICS - set(result["modules"]))
    # Once they are in, the long-lived heap is frozen out of the garbage collector's view
    # (full collections took 120-230 ms of a page view); without warming nothing is.
    assert result["frozen"] > 100_000, result["frozen"]
