"""Changes: dated things the person tried (stretching, shoes, water, a medicine), to compare."""

from datetime import date

import streamlit as st

from core.interventions import MAX_INTERVENTION_NAME_CHARS, Intervention
from core.stats.triggers import (
    BEFORE_AFTER_CAUTION,
    before_after_cannot_tell,
    compare_intervention,
)
from core.vocab import INTERVENTION_KINDS
from core.wording import day_text
from dashboard.navigation import PageLink, page_link
from dashboard.pages import EXPERIMENTS
from dashboard.ui.dated_items import Controls, Wording, dates_and_note, item_controls, stored
from dashboard.ui.resources import diary_frames, get_engine
from dashboard.ui.widgets import literal_markdown
from db.repository import delete_intervention, list_interventions, save_intervention

engine = get_engine()
st.title("Changes")
st.caption(
    "Record what you change — a bedtime stretching routine, new shoes, drinking more water, a "
    "medicine or supplement your provider suggested — and when. Patterns compares cramps before "
    "and after each one."
)
cannot_tell = before_after_cannot_tell()
if cannot_tell is not None:
    st.warning(cannot_tell, icon=":material/science:")
    page_link(PageLink(EXPERIMENTS, "Test a tip fairly"))
else:
    st.caption(BEFORE_AFTER_CAUTION)


WORDS = Wording("Change", "ended_on", "end", "Ended on (leave empty if still going)",
                "It ended today", "ended",
                "Delete this change? Your diary entries stay.")  # fmt: skip


def _form(key: str, item: Intervention | None) -> Intervention | None:
    """A form for a new or existing change; returns what was submitted."""
    with st.form(key, clear_on_submit=item is None):
        name = st.text_input(
            "What changed",
            value=item.name if item else "",
            max_chars=MAX_INTERVENTION_NAME_CHARS,
            placeholder="e.g. Calf stretch before bed; magnesium (name) started",
            key=f"{key}_name",
        )
        kind = st.selectbox(
            "Kind",
            options=list(INTERVENTION_KINDS),
            format_func=INTERVENTION_KINDS.__getitem__,
            index=list(INTERVENTION_KINDS).index(item.kind) if item else 0,
            key=f"{key}_kind",
        )
        dated = dates_and_note(key, item, WORDS)
        if dated is None:
            return None
    return Intervention(id=item.id if item else None, name=name, kind=kind, **dated)


def _save(change: Intervention, done: str) -> bool:
    """Store a change and say so, or show why nothing was saved; whether it was saved."""
    return stored(
        lambda: save_intervention(engine=engine, intervention=change, today=date.today()), done
    )


def _delete(item_id: int) -> None:
    """Delete a change; the diary entries stay."""
    delete_intervention(engine=engine, intervention_id=item_id)


CONTROLS = Controls("changes", WORDS, _form, _save, _delete)


submitted = _form("changes_new", None)
if submitted is not None:
    _save(submitted, "Change recorded.")

items = list_interventions(engine=engine)
if not items:
    st.info("No changes recorded yet.")
    st.stop()

nights, _ = diary_frames()
st.subheader("Your changes")
for item in reversed(items):
    period = (
        f"since {day_text(item.started_on)}"
        if item.ended_on is None
        else f"{day_text(item.started_on)} – {day_text(item.ended_on)}"
    )
    kind = INTERVENTION_KINDS.get(item.kind, item.kind)
    with st.expander(f"{literal_markdown(item.name)} · {kind} · {period}"):
        effect = compare_intervention(
            nights, name=item.name, started_on=item.started_on, ended_on=item.ended_on
        )
        st.markdown(literal_markdown(effect.sentence))  # holds the name the person typed
        item_controls(item, CONTROLS)
