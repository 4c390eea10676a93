"""The Experiments page, "Test this on yourself" on Causes, and tonight's plan on Log."""

import json
from collections.abc import Callable
from datetime import date, time, timedelta

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.diary import Episode, NightContext
from core.experiments.plan import Experiment, last_planned_night, plan_for_night
from db.repository import (
    add_episode,
    check_in_cramp_free,
    list_experiments,
    record_adherence,
    start_experiment,
)
from tests.app.conftest import by_label

TODAY = date.today()


def _started(diary: Engine, tip_id: str, days_ago: int, pairs: int = 3) -> Experiment:
    started = TODAY - timedelta(days=days_ago)
    plan = Experiment(tip_id, started, block_nights=7, pairs=pairs, seed=5)
    start_experiment(engine=diary, experiment=plan, today=started)
    return list_experiments(engine=diary)[0].experiment


def _a_cramp_every_night(diary: Engine, nights: int) -> None:
    for day in range(1, nights + 1):
        add_episode(
            engine=diary,
            episode=Episode(night=TODAY - timedelta(days=day), time=time(2, 0), muscle="calf"),
            context=None,
        )


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "info", "caption", "warning", "success")
             for e in getattr(at, kind)]  # fmt: skip
    return "\n".join(str(p) for p in parts)


def log_night(diary: Engine, night: date, *, cramped: bool) -> None:
    """Log `night` as one 02:00 calf cramp, or check it in as cramp-free."""
    if cramped:
        add_episode(
            engine=diary, episode=Episode(night=night, time=time(2, 0), muscle="calf"), context=None
        )
    else:
        check_in_cramp_free(engine=diary, night=night, context=NightContext())


def test_an_empty_diary_can_plan_and_start_an_experiment(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/experiments_page.py")
    assert "Plan an experiment" in [s.value for s in at.subheader]
    assert "cannot say how likely" in _texts(at)
    by_label(at.selectbox, "Tip to test").set_value("loose_bedding").run()  # type: ignore[attr-defined]
    at.button(key="experiments_begin").click().run()
    assert not at.exception
    [record] = list_experiments(engine=diary)
    assert record.experiment.tip_id == "loose_bedding" and record.experiment.started_on == TODAY
    assert "Testing: Keep the bedding loose" in [s.value for s in at.subheader]

    at.switch_page("app_pages/log_page.py").run()
    assert not at.exception
    assert any(i.value.startswith("Tonight: ") for i in at.info)


def test_the_plan_is_sized_from_the_persons_own_cramp_rate(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _a_cramp_every_night(diary, nights=30)
    at = open_page("app_pages/experiments_page.py")
    text = _texts(at)
    assert "At about 7 cramps a week" in text and "in simulated experiments at that rate" in text
    assert "last 30 nights you logged" in text


def test_one_cramp_a_month_is_told_plainly_that_it_cannot_be_answered(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    for day in range(1, 61):
        night = TODAY - timedelta(days=day)
        log_night(diary, night, cramped=day in (10, 40))
    at = open_page("app_pages/experiments_page.py")
    assert any("cannot answer" in w.value for w in at.warning)


def test_test_this_on_yourself_opens_the_planner_with_the_tip_chosen(
    open_page: Callable[[str], AppTest],
) -> None:
    at = open_page("app_pages/causes_page.py")
    at.button(key="causes_test_loose_bedding").click().run()
    assert not at.exception
    assert by_label(at.selectbox, "Tip to test").value == "loose_bedding"  # type: ignore[attr-defined]
    assert not [b for b in at.button if b.key == "causes_test_healthy_weight"]


def test_the_log_page_asks_in_one_tap_whether_last_nights_plan_was_kept(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    experiment = _started(diary, "loose_bedding", days_ago=5)
    at = open_page("app_pages/log_page.py")
    assert any("Last night's plan was" in m.value for m in at.markdown)
    at.button(key="log_experiment_no").click().run()
    assert not at.exception
    answers = list_experiments(engine=diary)[0].answers
    assert answers == {TODAY - timedelta(days=1): False}
    assert not any("Last night's plan was" in m.value for m in at.markdown)
    assert experiment.id is not None


def test_a_stretching_night_already_recorded_is_not_asked_again(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _started(diary, "stretch_before_sleep", days_ago=5)
    check_in_cramp_free(
        engine=diary, night=TODAY - timedelta(days=1), context=NightContext(stretched=True)
    )
    at = open_page("app_pages/log_page.py")
    assert not any("Last night's plan was" in m.value for m in at.markdown)
    assert any(i.value.startswith("Tonight: ") for i in at.info)


def test_pause_resume_and_stop_a_running_experiment_whose_length_is_fixed(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _started(diary, "drink_water", days_ago=3)
    at = open_page("app_pages/experiments_page.py")
    assert "Interim look, not a result" in _texts(at) or "nothing to compare" in _texts(at)
    at.button(key="experiments_pause").click().run()
    assert "paused" in _texts(at)
    at.button(key="experiments_go").click().run()
    # Past its first night, the length is fixed: no lengthening while the interim look tempts.
    assert "experiments_extend" not in [b.key for b in at.button]
    assert any("Length fixed" in c.value for c in at.caption)
    assert list_experiments(engine=diary)[0].experiment.pairs == 3
    at.button(key="experiments_stop").click().run()
    at.button(key="experiments_stop_yes").click().run()
    assert not at.exception
    [record] = list_experiments(engine=diary)
    assert record.experiment.stopped_on == TODAY
    assert "Plan an experiment" in [s.value for s in at.subheader]
    assert "Earlier experiments" in [s.value for s in at.subheader]


def test_a_finished_experiment_shows_its_result(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    experiment = _started(diary, "foot_position_in_bed", days_ago=60)
    end = last_planned_night(experiment)
    assert end is not None and end < TODAY
    night = experiment.started_on
    while night <= end:
        plan = plan_for_night(experiment, night)
        assert plan is not None
        log_night(diary, night, cramped=plan.arm == "usual")
        assert experiment.id is not None
        record_adherence(engine=diary, experiment_id=experiment.id, night=night, followed=True)
        night += timedelta(days=1)
    at = open_page("app_pages/experiments_page.py")
    assert any("it seems to help" in s.value for s in at.success)
    assert any(m.label == "Plan followed" and m.value == "100%" for m in at.metric)
    [chart] = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layout"]["title"]["text"] == "Cramps per counted night, block by block"
    assert [t["name"] for t in spec["data"]] == ["With the tip", "Usual routine"]

    # The person chooses what counts as worth it; the result reads that cut.
    assert any("by 20% or more" in c.value for c in at.caption)
    at.selectbox(key="experiments_worthwhile").set_value(0.5).run()
    assert not at.exception
    assert any("by 50% or more" in c.value for c in at.caption)
    assert not any("by 20% or more" in c.value for c in at.caption)


def test_patterns_and_the_provider_report_list_the_tips_tested(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _a_cramp_every_night(diary, nights=19)
    _started(diary, "loose_bedding", days_ago=10)
    at = open_page("app_pages/patterns_page.py")
    at.segmented_control(key="patterns_view").set_value("Changes").run()
    assert not at.exception
    assert "Tips you tested" in [s.value for s in at.subheader]
    assert any("Interim look, not a result" in m.value for m in at.markdown)

    at.switch_page("app_pages/report_page.py").run()
    assert not at.exception
    [section] = [m.value for m in at.markdown if "Tips tested and their result" in m.value]
    assert "Interim look, not a result" in section.replace("\\", "")


def test_an_experiment_starting_tonight_can_still_be_lengthened(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    _started(diary, "drink_water", days_ago=0)
    at = open_page("app_pages/experiments_page.py")
    at.button(key="experiments_extend").click().run()
    assert not at.exception
    assert list_experiments(engine=diary)[0].experiment.pairs == 4
