"""Experiments: test a prevention tip on yourself by switching it on and off at random."""

from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from core.diary import DiaryInputError
from core.experiments.plan import (
    DEFAULT_BLOCK_NIGHTS,
    MAX_BLOCK_NIGHTS,
    MAX_PLAN_NIGHTS,
    MIN_BLOCK_NIGHTS,
    MIN_PAIRS,
    TESTABLE_TIPS,
    WASHOUT_NIGHTS,
    Experiment,
    ExperimentRecord,
    active,
    last_planned_night,
    length_can_change,
    new_seed,
    status,
    tip_title,
    tonight_text,
)
from core.experiments.result import (
    WORTHWHILE_CHOICES,
    WORTHWHILE_FEWER,
    assess,
    block_rates,
    schedule_frame,
)
from core.experiments.schedule_csv import write_experiments_csv
from core.experiments.sizing import cramp_rate, propose_plan
from core.wording import day_text, percent
from dashboard.ui.experiment_panels import CHOSEN_TIP
from dashboard.ui.figures import experiment_chart
from dashboard.ui.resources import diary_frames, get_engine, offer_file, show_input_error
from db.repository import (
    delete_experiment,
    extend_experiment,
    list_experiments,
    pause_experiment,
    resume_experiment,
    start_experiment,
    stop_experiment,
)

PLAN_WORDS = {"tip": "With the tip", "usual": "Usual routine", "paused": "Paused"}
STATUS_WORDS = {
    "running": "running",
    "paused": "paused",
    "stopped": "stopped before its end",
    "finished": "finished",
}

engine = get_engine()
today = date.today()
st.title("Experiments")
st.caption(
    "Does a tip really help you? A self-experiment switches it on and off in blocks of a week "
    "or two, in an order drawn at random, and compares your cramps with and without it. This "
    "answers what a before/after comparison cannot: seasons and chance move cramps too."
)
nights, _ = diary_frames()
records = list_experiments(engine=engine)
current = next((r for r in records if active(r.experiment, today)), None)
worthwhile = WORTHWHILE_FEWER
if records:
    # Not stored: it only changes how the result is read, never the experiment.
    worthwhile = st.selectbox(
        "A tip is worth it to me when it cuts my cramps by at least",
        WORTHWHILE_CHOICES,
        index=WORTHWHILE_CHOICES.index(WORTHWHILE_FEWER),
        format_func=percent,
        key="experiments_worthwhile",
        help="Each result then gives the probability of at least that much fewer cramps.",
    )


def _schedule_table(experiment: Experiment) -> None:
    frame = schedule_frame(experiment, through=today)
    st.dataframe(
        pd.DataFrame(
            {
                "Block": frame["block"],
                "Plan": frame["plan"].map(PLAN_WORDS),
                "First night": frame["first"],
                "Last night": frame["last"],
                "Nights counted": frame["counted"],
            }
        ),
        hide_index=True,
    )
    st.caption(
        f"The first {WASHOUT_NIGHTS} nights of each block (and after a pause) are not counted: "
        "a routine may take a night or two to act, or to wear off. The order within each pair "
        f"of blocks was drawn at random (seed {experiment.seed}), so it can be rebuilt."
    )


def _result(record: ExperimentRecord) -> None:
    result = assess(record.experiment, nights, record.answers, today, worthwhile=worthwhile)
    if result.final and result.verdict == "helps":
        st.success(result.sentence)
    elif result.final:
        st.info(result.sentence)
    else:
        st.caption(result.sentence)
    if result.second_line:
        st.caption(result.second_line)
    blocks = block_rates(record.experiment, nights, record.answers, today)
    if blocks["nights"].sum() > 0:
        st.plotly_chart(experiment_chart(blocks), config={"displayModeBar": False})
    comparison = result.comparison
    numbers = st.columns(4)
    numbers[0].metric("Nights so far", result.nights_so_far)
    numbers[1].metric("Counted with the tip", comparison.nights_first)
    numbers[2].metric("Counted without", comparison.nights_second)
    adherence = result.adherence
    numbers[3].metric("Plan followed", percent(adherence))
    st.caption(
        f"Left out: {result.washout_nights} first nights of blocks, {result.not_logged} nights "
        f"not logged, {result.not_followed} nights the plan was not followed, "
        f"{result.paused_nights} paused nights. On {result.adherence_unknown} logged nights "
        "you did not say whether you followed the plan; they count as planned."
    )


def _running(record: ExperimentRecord) -> None:
    experiment = record.experiment
    assert experiment.id is not None
    state = status(experiment, today)
    end = last_planned_night(experiment)
    st.subheader(f"Testing: {tip_title(experiment.tip_id)}")
    until = f", planned to end after the night of {day_text(end)}" if end else ""
    st.markdown(f"Started on the night of {day_text(experiment.started_on)}, {state}{until}.")
    tonight = tonight_text(experiment, today)
    if tonight:
        st.info(tonight, icon=":material/science:")
    _result(record)
    pause, longer, stop = st.columns(3)
    try:
        if state == "paused":
            if pause.button("Resume tonight", icon=":material/play_arrow:", key="experiments_go"):
                resume_experiment(engine=engine, experiment_id=experiment.id, today=today)
                st.rerun()
        elif pause.button("Pause from tonight", icon=":material/pause:", key="experiments_pause"):
            pause_experiment(engine=engine, experiment_id=experiment.id, today=today)
            st.rerun()
        if not length_can_change(experiment, today):
            longer.caption("Length fixed since the first night, so the result stays fair.")
        elif longer.button("Add an on/off pair", icon=":material/add:", key="experiments_extend"):
            extend_experiment(engine=engine, experiment_id=experiment.id, more_pairs=1, today=today)
            st.rerun()
        if not st.session_state.get("experiments_confirm_stop"):
            if stop.button("Stop…", icon=":material/stop:", key="experiments_stop"):
                st.session_state["experiments_confirm_stop"] = True
                st.rerun()
        else:
            st.warning(
                "Stop the experiment now? What it shows so far stays an interim look, not a "
                "result. Your diary entries stay."
            )
            yes, no = st.columns(2)
            if yes.button("Yes, stop it", type="primary", key="experiments_stop_yes"):
                stop_experiment(engine=engine, experiment_id=experiment.id, today=today)
                st.session_state.pop("experiments_confirm_stop", None)
                st.rerun()
            if no.button("Keep going", key="experiments_stop_no"):
                st.session_state.pop("experiments_confirm_stop", None)
                st.rerun()
    except DiaryInputError as error:
        show_input_error(error)
    with st.expander("The schedule"):
        _schedule_table(experiment)


def _planner() -> None:
    st.subheader("Plan an experiment")
    tip_ids = [t.tip_id for t in TESTABLE_TIPS]
    chosen = st.session_state.get(CHOSEN_TIP)
    tip_id = st.selectbox(
        "Tip to test",
        options=tip_ids,
        index=tip_ids.index(chosen) if chosen in tip_ids else 0,
        format_func=tip_title,
        key="experiments_tip_choice",
        help="Tips that can be switched on and off from one night to the next.",
    )
    left, right = st.columns(2)
    started = left.date_input("First night", value=today, min_value=today, key="experiments_start")
    block_nights = right.select_slider(
        "Nights in a block",
        options=list(range(MIN_BLOCK_NIGHTS, MAX_BLOCK_NIGHTS + 1)),
        value=DEFAULT_BLOCK_NIGHTS,
        key="experiments_block",
    )
    seed = st.session_state.setdefault("experiments_seed", new_seed())
    found = cramp_rate(nights, started)
    rate = found[0] if found else None
    plan = partial(
        propose_plan,
        tip_id=tip_id,
        started_on=started,
        rate_per_night=rate,
        rate_nights=found[1] if found else None,
        seed=seed,
        block_nights=block_nights,
    )
    proposed = plan()
    pairs = st.number_input(
        "On/off pairs (each pair: one block with the tip, one without)",
        min_value=MIN_PAIRS,
        max_value=max(MIN_PAIRS, MAX_PLAN_NIGHTS // block_nights),
        value=proposed.experiment.pairs,
        step=1,
        # A new proposal (another block length, start or diary) resets the number.
        key=f"experiments_pairs_{block_nights}_{proposed.experiment.pairs}",
    )
    advice = plan(pairs=int(pairs))
    if advice.answerable:
        st.info(advice.sentence, icon=":material/timer:")
    else:
        st.warning(advice.sentence)
    if found:
        st.caption(f"Your rate comes from the last {found[1]} nights you logged.")
    with st.expander("The schedule this plan gives"):
        _schedule_table(advice.experiment)
    if st.button("Start the experiment", type="primary", key="experiments_begin"):
        try:
            start_experiment(engine=engine, experiment=advice.experiment, today=today)
        except DiaryInputError as error:
            show_input_error(error)
        else:
            for key in ("experiments_seed", CHOSEN_TIP):
                st.session_state.pop(key, None)
            st.toast("Experiment started. The Log page shows tonight's plan.", icon="✅")
            st.rerun()


if current is not None:
    _running(current)
else:
    _planner()

past = [r for r in records if r is not current]
if past:
    st.subheader("Earlier experiments")
for record in past:
    experiment = record.experiment
    assert experiment.id is not None
    state = STATUS_WORDS[status(experiment, today)]
    with st.expander(
        f"{tip_title(experiment.tip_id)} · from {day_text(experiment.started_on)} · {state}"
    ):
        _result(record)
        _schedule_table(experiment)
        if st.button("Delete this experiment", key=f"experiments_delete_{experiment.id}"):
            delete_experiment(engine=engine, experiment_id=experiment.id)
            st.rerun()

if records:
    offer_file(
        st,
        "Download your experiments (CSV)",
        # Built when clicked, not on every rerun of the page.
        lambda: write_experiments_csv(records, nights, today).encode("utf-8"),
        f"cramp-diary-experiments_{today}.csv",
        key="experiments_export",
    )
    st.caption(
        "One row per night of each experiment: its plan, whether it counts, whether it was "
        "logged, the cramps, and whether the plan was followed. README describes the columns."
    )
