"""Medicines: what the person takes, since when and at what dose, with each drug's class."""

from datetime import date
from typing import Any

import streamlit as st

from core.diary import DiaryInputError
from core.files.errors import DiaryImportError
from core.medicines.classes import PRESCRIBER_WORDING
from core.medicines.csv_file import parse_medicines_csv, write_medicines_csv
from core.medicines.medicine import (
    MAX_DOSE_CHARS,
    MAX_MEDICINE_NAME_CHARS,
    MAX_PURPOSE_CHARS,
    Medicine,
)
from core.stats.triggers import BEFORE_AFTER_CAUTION, compare_intervention
from core.wording import plural
from dashboard.ui.dated_items import Controls, Wording, dates_and_note, item_controls, stored
from dashboard.ui.resources import diary_frames, get_engine, offer_file
from dashboard.ui.widgets import literal_markdown
from db.repository import delete_medicine, import_medicines, list_medicines, save_medicine

engine = get_engine()
st.title("Medicines")
st.caption(
    "List the medicines you take, with the day you started (and stopped) each one. Some "
    "classes of medicine are linked to cramps; the analysis then looks at the nights you "
    f"were on one, and the provider report lists them. {PRESCRIBER_WORDING}"
)


_NAME_EXAMPLE = "e.g. Hydrochlorothiazide"
_DOSE_EXAMPLE = "e.g. 25 mg each morning"


def _text(
    where: Any,  # st, or one of its columns
    key: str,
    item: Medicine | None,
    field: str,
    label: str,
    limit: int,
    placeholder: str | None = None,
) -> str:
    """One text input of the form, keyed `{key}_{field}`, showing the item's `field`."""
    value = getattr(item, field) if item else ""
    return str(
        where.text_input(
            label, value=value, max_chars=limit, placeholder=placeholder, key=f"{key}_{field}"
        )
    )


WORDS = Wording("Medicine", "stopped_on", "stop", "Stopped on (leave empty if still taking it)",
                "I stopped it today", "stopped",
                "Delete this medicine from the list? Your diary entries stay.")  # fmt: skip


def _form(key: str, item: Medicine | None) -> Medicine | None:
    """A form for a new or listed medicine; returns what was submitted."""
    with st.form(key, clear_on_submit=item is None):
        name = _text(st, key, item, "name", "Medicine", MAX_MEDICINE_NAME_CHARS, _NAME_EXAMPLE)
        left, right = st.columns(2)
        dose = _text(left, key, item, "dose", "Dose", MAX_DOSE_CHARS, _DOSE_EXAMPLE)
        purpose = _text(right, key, item, "purpose", "What it is for (optional)", MAX_PURPOSE_CHARS)
        dated = dates_and_note(key, item, WORDS)
        if dated is None:
            return None
    return Medicine(id=item.id if item else None, name=name, dose=dose, purpose=purpose, **dated)


def _explain(error: DiaryInputError) -> None:
    # The messages may quote the name the person typed: shown as plain text.
    lines = "\n".join(f"- {literal_markdown(e.message)}" for e in error.errors)
    st.error(f"Nothing was saved:\n{lines}")


def _save(item: Medicine, done: str) -> bool:
    """Store a medicine and say so, or show why nothing was saved; whether it was saved."""
    return stored(
        lambda: save_medicine(engine=engine, medicine=item, today=date.today()), done, _explain
    )


def _delete(item_id: int) -> None:
    """Delete a medicine from the list; the diary entries stay."""
    delete_medicine(engine=engine, medicine_id=item_id)


CONTROLS = Controls("medicines", WORDS, _form, _save, _delete)


items = list_medicines(engine=engine)
# Open while the list is empty; on a phone a long open form would push the list off screen.
with st.expander("Add a medicine", expanded=not items, icon=":material/add:"):
    submitted = _form("medicines_new", None)
    if submitted is not None and _save(submitted, "Medicine added."):
        st.rerun()


def _refused(problems: list[str]) -> None:
    # The messages may quote the file's text: shown as plain text.
    st.error("Nothing was imported:\n" + "\n".join(f"- {literal_markdown(p)}" for p in problems))


def _csv_file(items: list[Medicine]) -> None:
    """The list as its own CSV file: download it, or add a file's medicines, all or nothing."""
    with st.expander("Your list as a CSV file", icon=":material/swap_vert:"):
        if items:
            offer_file(
                st,
                "Download the list (CSV)",
                write_medicines_csv(items).encode("utf-8"),
                f"medicines-{date.today():%Y-%m-%d}.csv",
                key="medicines_download",
            )
        upload = st.file_uploader("Add medicines from a CSV file", type="csv", key="medicines_csv")
        if upload is None or not st.button("Import", key="medicines_import"):
            return
        try:
            parsed = parse_medicines_csv(upload.getvalue(), today=date.today())
            added = import_medicines(engine=engine, medicines=parsed, today=date.today())
        except DiaryImportError as error:
            _refused(
                [f"Row {e.row}, {e.column}: {e.message}" if e.column else e.message
                 for e in error.errors]
            )  # fmt: skip
            return
        except DiaryInputError as error:
            _refused([e.message for e in error.errors])
            return
        st.toast(f"{plural(added, 'medicine')} added.", icon="✅")
        st.rerun()


_csv_file(items)
if not items:
    st.info(
        "No medicines on your list yet. Add the ones you take (and ones you started or "
        "stopped recently), each with the day you started it."
    )
    st.stop()

nights, _ = diary_frames()


def _shown(item: Medicine) -> None:
    """One medicine: its class and cited figure, before/after its start, stop, edit, delete."""
    dose = f" · {item.dose}" if item.dose else ""
    with st.expander(f"{literal_markdown(item.name)}{literal_markdown(dose)} · {item.period}"):
        drug_class = item.drug_class
        if item.purpose:
            st.caption(literal_markdown(f"For {item.purpose}"))
        if drug_class is None:
            st.caption("Not a medicine the app knows a class for; it is kept as you wrote it.")
        else:
            st.markdown(literal_markdown(drug_class.evidence))
            if drug_class.linked:
                st.markdown(f"**{PRESCRIBER_WORDING}**")
        effect = compare_intervention(
            nights, name=item.name, started_on=item.started_on, ended_on=item.stopped_on
        )
        st.markdown(literal_markdown(effect.sentence))  # holds the name the person typed
        item_controls(item, CONTROLS)


current = [m for m in items if m.stopped_on is None or m.stopped_on >= date.today()]
past = [m for m in items if m not in current]
if current:
    st.subheader("Taking now")
    for item in reversed(current):
        _shown(item)
if past:
    st.subheader("Stopped")
    for item in reversed(past):
        _shown(item)
st.caption(BEFORE_AFTER_CAUTION)
