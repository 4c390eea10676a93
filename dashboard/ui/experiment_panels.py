"""The parts of self-experiments other pages show: tonight's plan, last night's question,
the "Test this on yourself" button and the list of results.

Each is one call from its page, so the Log, Causes and Patterns pages stay as
they are apart from that call.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from core.diary import DiaryInputError, last_night
from core.experiments.plan import TESTABLE_TIP_BY_ID, last_night_question, tonight_text
from core.experiments.result import result_sentences
from dashboard.navigation import PageLink, page_link
from dashboard.pages import EXPERIMENTS
from dashboard.ui.resources import diary_frames, get_engine, show_input_error
from db.repository import (
    current_experiment,
    get_night_context,
    list_experiments,
    record_adherence,
)

CHOSEN_TIP = "experiments_tip"  # set by "Test this on yourself", read by the Experiments page


def tonight_and_last_night(where: Any, today: date) -> None:
    """On the Log page: tonight's plan, and a one-tap question about last night's."""
    engine = get_engine()
    record = current_experiment(engine=engine, today=today)
    if record is None:
        return
    experiment = record.experiment
    text = tonight_text(experiment, today)
    if text:
        where.info(text, icon=":material/science:")
    night = last_night(today)
    wanted = last_night_question(record, night, get_night_context(engine=engine, night=night))
    if wanted is None:
        return
    box = where.container(border=True)
    box.markdown(f"**Last night's plan was:** {wanted}. Did you keep to it?")
    yes, no = box.columns(2)
    answer: bool | None = None
    if yes.button("Yes, I did", key="log_experiment_yes", width="stretch"):
        answer = True
    if no.button("No", key="log_experiment_no", width="stretch"):
        answer = False
    if answer is not None:
        assert experiment.id is not None
        try:
            record_adherence(
                engine=engine, experiment_id=experiment.id, night=night, followed=answer
            )
        except DiaryInputError as error:
            show_input_error(error)
        else:
            st.toast("Thanks, noted for your experiment.", icon="✅")
            st.rerun()


def test_this_button(tip_id: str, key: str) -> None:
    """On the Causes page: start planning an experiment for this tip (testable tips only)."""
    if tip_id not in TESTABLE_TIP_BY_ID:
        return
    if st.button("Test this on yourself", key=key, icon=":material/science:"):
        st.session_state[CHOSEN_TIP] = tip_id
        st.switch_page(EXPERIMENTS.file)


def tested_tips_section(today: date) -> None:
    """On Patterns: the tips tested and what each showed."""
    nights, _ = diary_frames()
    sentences = result_sentences(list_experiments(engine=get_engine()), nights, today)
    st.subheader("Tips you tested")
    if not sentences:
        st.caption(
            "No self-experiments yet. On Causes & advice, “Test this on yourself” switches a "
            "tip on and off in random order to see whether it really helps you."
        )
    for sentence in sentences:
        st.markdown(f"- {sentence}")
    page_link(PageLink(EXPERIMENTS, "Plan or follow an experiment"))
