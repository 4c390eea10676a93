"""`cramp-diary meds` and the medicine list in `analyse --json`, as a subprocess, on SQLite
and PostgreSQL (the `database_url` fixture)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from core.medicines.medicine import Medicine
from db.repository import diary_version, list_medicines, save_medicine
from tests.integration.test_cli import cramp_diary, diary, fill  # noqa: F401 (diary: a fixture)

TODAY = date.today()
STARTED = TODAY - timedelta(days=40)
FROM = STARTED.isoformat()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()
DAY_BEFORE = (STARTED - timedelta(days=1)).isoformat()


def test_add_list_stop_and_delete_a_medicine(diary: tuple[str, Engine]) -> None:  # noqa: F811
    url, engine = diary
    run = cramp_diary(
        "meds", "add", "Hydrochlorothiazide", "--from", STARTED.isoformat(),
        "--dose", "25 mg", "--for", "blood pressure", "--db", url,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Thiazide-like diuretics" in run.text and "never stop or change" in run.text
    # One subprocess fewer: the second medicine is stored directly.
    save_medicine(
        engine=engine, medicine=Medicine(name="Paracetamol", started_on=STARTED), today=TODAY
    )
    listed = cramp_diary("meds", "list", "--json", "--db", url)
    records = [json.loads(line) for line in listed.text.splitlines()]
    assert records[0] == {
        "id": records[0]["id"],
        "name": "Hydrochlorothiazide",
        "dose": "25 mg",
        "purpose": "blood pressure",
        "started_on": STARTED.isoformat(),
        "stopped_on": None,
        "class": "Thiazide-like diuretics",
        "linked": True,
        "figure": "ratio 1.48",
        "source": "Garrison et al., Arch Intern Med 2012;172:120–126",
    }
    assert records[1]["name"] == "Paracetamol"
    assert records[1]["class"] is records[1]["figure"] is records[1]["source"] is None
    stop_on = STARTED + timedelta(days=21)
    run = cramp_diary(
        "meds", "stop", "hydrochlorothiazide", "--on", stop_on.isoformat(), "--db", url
    )
    assert run.returncode == 0, run.stderr
    assert list_medicines(engine=engine)[0].stopped_on == stop_on
    run = cramp_diary("meds", "delete", str(records[1]["id"]), "--db", url)
    assert run.returncode == 0, run.stderr
    assert [m.name for m in list_medicines(engine=engine)] == ["Hydrochlorothiazide"]


BAD_INPUT = [
    (["add", "Lipitor", "--from", TOMORROW], "in the future"),
    (["add", "Lipitor", "--from", FROM, "--to", DAY_BEFORE], "before the start date"),
    (["add", " ", "--from", FROM], "Give the medicine's name"),
    (["add", "x" * 201, "--from", FROM], "the limit is 200"),
    (["add", "losartan", "--from", (STARTED + timedelta(days=5)).isoformat()], "overlaps"),
    (["stop", "Lipitor", "--on", TODAY.isoformat()], "not a medicine you are taking now"),
    (["stop", "Losartan", "--on", DAY_BEFORE], "before the start"),
    (["stop", "Losartan", "--on", TOMORROW], "in the future"),
    (["delete", "999"], "no medicine 999"),
]
BAD_IDS = [
    "future start", "stop before start", "empty name", "long name", "overlap",
    "stop unknown", "stop on a day before the start", "stop in future", "delete unknown",
]  # fmt: skip


def test_bad_input_as_a_subprocess_exits_1_and_changes_nothing(
    diary: tuple[str, Engine],  # noqa: F811
) -> None:
    url, engine = diary
    assert cramp_diary("meds", "add", "Losartan", "--from", FROM, "--db", url).returncode == 0
    before, version = list_medicines(engine=engine), diary_version(engine=engine)
    for args, words in (BAD_INPUT[0], BAD_INPUT[4]):  # each run starts Python: two of them
        run = cramp_diary("meds", *args, "--db", url)
        assert run.returncode == 1
        assert words in run.stderr and "Traceback" not in run.stderr
    assert list_medicines(engine=engine) == before
    assert diary_version(engine=engine) == version


@pytest.mark.parametrize(("args", "words"), BAD_INPUT, ids=BAD_IDS)
def test_every_bad_input_exits_1_with_a_clear_message_and_changes_nothing(
    diary: tuple[str, Engine],  # noqa: F811
    args: list[str],
    words: str,
) -> None:
    # The command's own code in this process (the subprocess test above covers the shell).
    from typer.testing import CliRunner

    from dashboard.cli import app

    url, engine = diary
    added = CliRunner().invoke(app, ["meds", "add", "Losartan", "--from", FROM, "--db", url])
    assert added.exit_code == 0, added.output
    before, version = list_medicines(engine=engine), diary_version(engine=engine)
    result = CliRunner().invoke(app, ["meds", *args, "--db", url])
    assert result.exit_code == 1
    assert words in result.stderr
    assert list_medicines(engine=engine) == before
    assert diary_version(engine=engine) == version


def test_analyse_json_names_the_medicine_from_the_list(diary: tuple[str, Engine]) -> None:  # noqa: F811
    url, engine = diary
    fill(engine)  # the demo diary, May to October 2026
    added = cramp_diary(
        "meds", "add", "Hydrochlorothiazide", "--from", "2026-08-01", "--to", "2026-08-21",
        "--db", url,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    run = cramp_diary("analyse", "--json", "--db", url)
    assert run.returncode == 0, run.stderr
    factors = json.loads(run.text)["factors"]
    medication = next(f for f in factors if f["factor"] == "new_medication")
    assert medication["cause"] == "medication_side_effect"
    assert "Hydrochlorothiazide (thiazide-like diuretics)" in medication["summary"]


def test_meds_commands_load_no_statistics(tmp_path: pytest.TempPathFactory) -> None:
    path = f"{tmp_path}/diary.sqlite"
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from dashboard.cli import app\n"
        f"for args in (['meds', 'add', 'Lipitor', '--from', '2026-01-01', '--db', {path!r}],\n"
        f"             ['meds', 'list', '--json', '--db', {path!r}]):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0\n"
        "heavy = ('core.stats', 'scipy', 'statsmodels', 'firthmodels', 'streamlit')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
