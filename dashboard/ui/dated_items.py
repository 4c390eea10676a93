"""What the Changes and Medicines pages share: a dated item's dates and note, its save, its
controls.

Both list things with a start and an optional end (a change, a medicine); each
item's expander ends with the same three controls: end it today, edit it,
delete it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

import streamlit as st

from core.diary import MAX_NOTE_CHARS, DiaryInputError
from dashboard.ui.resources import show_input_error
from dashboard.ui.widgets import confirmed_delete, dated_span_inputs


class _Dated(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def started_on(self) -> date: ...
    @property
    def note(self) -> str: ...


Item = TypeVar("Item", bound=_Dated)


def stored(
    store: Callable[[], object],
    done: str,
    explain: Callable[[DiaryInputError], None] = show_input_error,
) -> bool:
    """Run `store` and toast `done`, or show why nothing was saved; whether it was saved."""
    try:
        store()
    except DiaryInputError as error:
        explain(error)
        return False
    st.toast(done, icon="✅")
    return True


class Wording(NamedTuple):
    """A page's words for its items: the toasts' noun, the end field, its input's label, its
    button and verb."""

    noun: str
    end_field: str
    end_key: str
    end_label: str
    end_button: str
    ended: str
    question: str


def dates_and_note(key: str, item: Item | None, words: Wording) -> dict[str, Any] | None:
    """Inside a form keyed `key`: the start and end dates, the note and the submit button
    ("Save changes" for a listed item, "Add <noun>" for a new one).

    Once submitted, those fields by name (`started_on`, the end field, `note`), to build the
    item with; None until then.
    """
    started, ended = dated_span_inputs(
        key,
        item.started_on if item else None,
        getattr(item, words.end_field) if item else None,
        end=(words.end_label, words.end_key),
    )
    note = st.text_area(
        "Note", value=item.note if item else "", max_chars=MAX_NOTE_CHARS, key=f"{key}_note"
    )
    if not st.form_submit_button(
        "Save changes" if item else f"Add {words.noun.lower()}", type="primary"
    ):
        return None
    return {"started_on": started, words.end_field: ended, "note": note}


@dataclasses.dataclass(frozen=True)
class Controls(Generic[Item]):
    """How a page ends, edits and deletes one of its items, and in which words.

    `prefix` keys the widgets (`{prefix}_{end_key}_{id}`, `{prefix}_edit_{id}`,
    `{prefix}_delete_{id}`).
    """

    prefix: str
    words: Wording
    form: Callable[[str, Item | None], Item | None]
    save: Callable[[Item, str], bool]
    delete: Callable[[int], None]


def item_controls(item: Item, controls: Controls[Item]) -> None:
    """End today (while it has no end), edit, and delete (after a question) one item."""
    words = controls.words
    if getattr(item, words.end_field) is None and st.button(
        words.end_button,
        icon=":material/event_available:",
        key=f"{controls.prefix}_{words.end_key}_{item.id}",
    ):
        ended = dataclasses.replace(item, **{words.end_field: date.today()})  # type: ignore[type-var]
        if controls.save(ended, f"{words.noun} {words.ended}."):
            st.rerun()
    edited = controls.form(f"{controls.prefix}_edit_{item.id}", item)
    if edited is not None and controls.save(edited, f"{words.noun} updated."):
        st.rerun()

    def delete() -> None:
        assert item.id is not None
        controls.delete(item.id)

    confirmed_delete(controls.prefix, item.id, words.question, delete)
