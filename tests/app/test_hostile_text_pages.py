"""Hostile notes typed into the Log form are stored as typed and shown as text, never as HTML."""

import ast
from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.diary import MAX_NOTE_CHARS, Episode, NightContext
from db.repository import add_episode, list_records
from tests.app.conftest import by_label
from tests.conftest import REPO

MIXED = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> '
    'Robert\'); DROP TABLE episode;-- =HYPERLINK("http://evil.example") '
    "🦵😖 ألم כאב \u202eRTL **bold** [link](http://evil.example) ![i](http://evil.example/t.png)"
)
FORMULA = '=cmd|"/c calc"!A1'
LONG = "<b>" + "y" * (MAX_NOTE_CHARS - 7) + "</b>"
MARKERS = ("<script", "<img", "<b>", "](http")


def log_with_note(at: AppTest, note: str) -> AppTest:
    day = date.today() - timedelta(days=3)
    at.session_state["log_cramp_details"] = True  # the note's part of the form, opened
    by_label(at.date_input, "Date").set_value(day).run()  # type: ignore[attr-defined]
    by_label(at.time_input, "Time it started").set_value(time(2, 40)).run()  # type: ignore[attr-defined]
    by_label(at.text_area, "Note", form="log_cramp").set_value(note)  # type: ignore[attr-defined]
    return by_label(at.button, "Save cramp").click().run()  # type: ignore[attr-defined, no-any-return]


def rendered_markdown(at: AppTest) -> Iterator[tuple[str, bool]]:
    """Every markdown-rendered text on the page, and whether it may hold HTML."""
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "toast"):
        for element in at.get(kind):
            proto = element.proto
            body = getattr(proto, "body", "") or getattr(proto, "text", "")
            yield body, bool(getattr(proto, "allow_html", False))


@pytest.mark.parametrize("note", [MIXED, FORMULA, LONG], ids=["mixed", "formula", "10000-chars"])
def test_a_hostile_note_typed_in_the_log_form_is_stored_unchanged(
    open_page: Callable[[str], AppTest], diary: Engine, note: str
) -> None:
    at = log_with_note(open_page("app_pages/log_page.py"), note)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    _, episodes = list_records(engine=diary)
    assert [e.note for e in episodes] == [note]
    for body, allows_html in rendered_markdown(at):
        assert not allows_html or not any(m in body for m in MARKERS)
        assert note not in body


def test_the_diary_page_shows_hostile_notes_as_text(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    for minute, note in enumerate([MIXED, FORMULA, LONG]):
        add_episode(
            engine=diary,
            episode=Episode(
                night=date(2026, 3, 13), time=time(2, minute), muscle="calf", note=note
            ),
            context=NightContext(),
        )
    at = open_page("app_pages/diary_page.py")
    table = at.dataframe[0].value
    assert sorted(table["Note"].tolist()) == sorted([MIXED, FORMULA, LONG])
    for body, _ in rendered_markdown(at):
        assert not any(m in body for m in MARKERS), body[:200]

    # Opening an entry for editing puts the note back in the text area, as typed.
    entry = at.selectbox(key="diary_pick")
    at = entry.set_value(0).run()
    assert not at.exception
    [form] = {w.key.rsplit("_", 1)[0] for w in at.pills if w.key.endswith("_muscle")}
    at.session_state[f"{form}_details"] = True  # the note's part of the form, opened
    at = at.run()
    notes = [area.value for area in at.text_area if area.label == "Note"]
    assert len(notes) == 1 and notes[0] in (MIXED, FORMULA, LONG)
    for body, _ in rendered_markdown(at):
        assert not any(m in body for m in MARKERS), body[:200]


def _calls_rendering_html(tree: ast.Module) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        unsafe = any(
            k.arg == "unsafe_allow_html"
            and not (isinstance(k.value, ast.Constant) and k.value.value is False)
            for k in node.keywords
        )
        if unsafe or name == "html":  # st.html, components.html
            yield node


def _static_text(node: ast.expr, constants: dict[str, ast.expr]) -> bool:
    """True when the expression is fixed text written in the source: no value from outside."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name) and node.id in constants:
        return _static_text(constants[node.id], constants)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _static_text(node.left, constants) and _static_text(node.right, constants)
    return False


def html_with_data(path: Path) -> list[str]:
    """Calls in a page that render HTML from anything but fixed text; each is 'file:line'."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assigned = [
        (target.id, node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    names = [name for name, _ in assigned]
    constants = {name: value for name, value in assigned if names.count(name) == 1}
    found = []
    for call in _calls_rendering_html(tree):
        argument = (
            call.args[0]
            if call.args
            else next((k.value for k in call.keywords if k.arg in ("body", "text")), None)
        )
        if argument is None or not _static_text(argument, constants):
            found.append(f"{path.name}:{call.lineno}")
    return found


def test_no_page_renders_html_built_from_data() -> None:
    pages = sorted((REPO / "dashboard").glob("*.py"))
    assert pages
    assert [hit for page in pages for hit in html_with_data(page)] == []


def test_the_html_check_catches_user_text_passed_to_unsafe_html(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        "import streamlit as st\n"
        "_CSS = '<style>p {color: red}</style>'\n"
        "st.html(_CSS)\n"
        "st.markdown('<b>fixed</b>', unsafe_allow_html=True)\n"
        "st.markdown(f'<b>{note}</b>', unsafe_allow_html=True)\n"
        "st.html(note)\n"
        "st.markdown(note)\n"
    )
    assert html_with_data(page) == ["page.py:5", "page.py:6"]
