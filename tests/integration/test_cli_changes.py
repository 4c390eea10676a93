"""`cramp-diary change …` and the trend and changes of `analyse --json`, as a subprocess on
SQLite and PostgreSQL (the `database_url` fixture)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from core.stats.analytics import trend
from core.stats.triggers import compare_intervention
from db.engine import create_diary_engine
from db.repository import list_interventions, load_frames
from tests.conftest import REPO
from tests.integration.test_cli import cramp_diary, fill

STARTED = date(2026, 8, 1)


@pytest.fixture
def diary(database_url: str) -> Iterator[tuple[str, Engine]]:
    """An empty diary on this test's backend: its URL for the command, an engine for checks."""
    engine = create_diary_engine(database_url)
    yield database_url, engine
    engine.dispose()


def test_change_add_list_and_delete(diary: tuple[str, Engine]) -> None:
    url, engine = diary
    added = cramp_diary("change", "add", "Calf stretch", "--from", "2026-03-01", "--db", url)
    assert added.returncode == 0, added.stderr
    assert added.text.startswith("Recorded change ")
    ended = cramp_diary(
        "change", "add", "Magnesium", "--kind", "supplement", "--from", "2026-04-01",
        "--to", "2026-05-15", "--db", url,
    )  # fmt: skip
    assert ended.returncode == 0, ended.stderr

    listed = cramp_diary("change", "list", "--json", "--db", url)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.text.splitlines()]
    assert [(r["name"], r["kind"], r["started_on"], r["ended_on"]) for r in rows] == [
        ("Calf stretch", "other", "2026-03-01", None),
        ("Magnesium", "supplement", "2026-04-01", "2026-05-15"),
    ]
    plain = cramp_diary("change", "list", "--db", url)
    assert "Calf stretch" in plain.text and "Magnesium" in plain.text

    gone = cramp_diary("change", "delete", str(rows[0]["id"]), "--db", url)
    assert gone.returncode == 0, gone.stderr
    assert [i.name for i in list_interventions(engine=engine)] == ["Magnesium"]


def test_a_future_or_reversed_change_is_refused_and_nothing_saved(
    diary: tuple[str, Engine],
) -> None:
    url, engine = diary
    future = (date.today() + timedelta(days=1)).isoformat()
    run = cramp_diary("change", "add", "Shoes", "--from", future, "--db", url)
    assert run.returncode == 1
    assert "The start date is in the future." in run.stderr
    reversed_run = cramp_diary(
        "change", "add", "Shoes", "--from", "2026-03-02", "--to", "2026-03-01", "--db", url
    )
    assert reversed_run.returncode == 1
    assert "The end date is before the start date." in reversed_run.stderr
    missing = cramp_diary("change", "delete", "999", "--db", url)
    assert missing.returncode == 1 and "no change with id 999" in missing.stderr
    assert list_interventions(engine=engine) == []


def test_analyse_json_adds_the_trend_and_each_change_in_the_page_s_words(
    diary: tuple[str, Engine],
) -> None:
    url, engine = diary
    fill(engine)  # the demo diary: May to October 2026
    assert (
        cramp_diary("change", "add", "Stretch", "--from", str(STARTED), "--db", url).returncode == 0
    )

    run = cramp_diary("analyse", "--json", "--db", url)
    assert run.returncode == 0, run.stderr
    (line,) = [json.loads(x) for x in run.text.splitlines()]
    assert list(line)[:5] == ["source", "nights", "cramps", "error", "factors"]
    nights, _ = load_frames(engine=engine)
    expected_trend = trend(nights)
    assert line["trend"] == expected_trend.as_record()
    assert set(line["trend"]) == {"verdict", "per_month", "low", "high"}
    effect = compare_intervention(nights, name="Stretch", started_on=STARTED, ended_on=None)
    assert line["changes"] == [effect.as_record()]
    assert line["changes"][0]["verdict"] in ("fewer", "more", "no_clear_change", "not_enough_data")

    plain = cramp_diary("analyse", "--db", url)
    assert expected_trend.sentence in plain.text and effect.sentence in plain.text


def test_help_of_the_change_commands_has_examples_and_the_readme_documents_them() -> None:
    for command in ("add", "list", "delete"):
        run = cramp_diary("change", command, "--help")
        assert run.returncode == 0, run.stderr
        assert "Example: cramp-diary change" in run.text
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## Command line") :]
    for text in (
        "`cramp-diary change add ",
        "`cramp-diary change list ",
        "`cramp-diary change delete ",
    ):
        assert text in section
    for field in ("trend", "trend.verdict", "changes", "changes[].verdict", "changes[].rate_ratio"):
        assert f"`{field}`" in section, field
