import json
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.files.csv_format import parse_diary_csv
from core.interventions import Intervention
from db.repository import (
    import_diary,
    list_interventions,
    load_frames,
    save_intervention,
)
from sample_data.generator import DEMO_CSV
from tests.app.conftest import by_label
from tests.entries import load_demo

SECTIONS = ("How often", "When", "Where", "How bad", "Why", "What helps", "Changes")


def figures(at: AppTest) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def show(at: AppTest, section: str) -> AppTest:
    return at.segmented_control(key="patterns_view").set_value(section).run()


def record_change(engine: Engine, *, name: str, kind: str, started_on: date) -> None:
    """Store a change as the Changes page does, entered today."""
    save_intervention(
        engine=engine,
        intervention=Intervention(name=name, kind=kind, started_on=started_on),
        today=date.today(),
    )


def counted(at: AppTest) -> str:
    return next(c.value for c in at.caption if "nights logged" in c.value)


def test_the_demo_diary_draws_every_chart_with_titles_and_axis_titles(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    at = open_page("app_pages/patterns_page.py")
    specs = []
    for section in SECTIONS:
        specs += figures(show(at, section))
        assert not at.exception
    titles = [spec["layout"]["title"]["text"] for spec in specs]
    for expected in (
        "Cramps per week",
        "When cramps start (hour of the night)",
        "Where: cramps by muscle and side",
        "How long cramps last",
        "How bad the pain was",
        "Each factor with the others held fixed",
    ):
        assert expected in titles
    for spec in specs:
        assert spec["layout"]["xaxis"]["title"]["text"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cramp-free nights"].endswith("%")


def test_the_factor_sentences_state_their_interval(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    at = show(open_page("app_pages/patterns_page.py"), "Why")
    sentences = [m.value for m in at.markdown if "of water" in m.value or "less water" in m.value]
    assert sentences and "95% CI" in sentences[0]
    assert any("made-up diaries" in c.value for c in at.caption)  # the measured power


def test_the_date_range_narrows_what_is_counted(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    at = open_page("app_pages/patterns_page.py")
    before = counted(at)
    by_label(at.date_input, "Nights from – to").set_value(  # type: ignore[attr-defined]
        (date(2026, 10, 1), date(2026, 10, 31))
    ).run()
    assert not at.exception
    assert counted(at) != before
    october, _ = load_frames(engine=diary, start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert counted(at).startswith(f"{len(october)} nights logged")


def test_interventions_show_as_markers_and_in_before_after(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    record_change(
        diary, name="Bedtime calf stretch", kind="stretching", started_on=date(2026, 8, 1)
    )
    at = open_page("app_pages/patterns_page.py")
    weekly = next(s for s in figures(at) if s["layout"]["title"]["text"] == "Cramps per week")
    assert any(a.get("text") == "Bedtime calf stretch" for a in weekly["layout"]["annotations"])
    at = show(at, "Changes")
    assert any("Bedtime calf stretch" in m.value and "95% CI" in m.value for m in at.markdown)


def test_a_change_can_be_recorded_and_a_bad_one_is_refused(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/changes_page.py")
    assert "No changes recorded yet" in at.info[0].value
    form = "changes_new"
    by_label(at.text_input, "What changed", form=form).set_value("New running shoes")  # type: ignore[attr-defined]
    by_label(at.selectbox, "Kind", form=form).set_value("shoes")  # type: ignore[attr-defined]
    by_label(at.date_input, "Started on", form=form).set_value(date.today() - timedelta(days=30))  # type: ignore[attr-defined]
    at = by_label(at.button, "Add change").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    assert [i.name for i in list_interventions(engine=diary)] == ["New running shoes"]

    by_label(at.text_input, "What changed", form=form).set_value("Future plan")  # type: ignore[attr-defined]
    by_label(at.date_input, "Started on", form=form).set_value(date.today() + timedelta(days=3))  # type: ignore[attr-defined]
    at = by_label(at.button, "Add change").click().run()  # type: ignore[attr-defined]
    assert "start date is in the future" in at.error[0].value
    assert len(list_interventions(engine=diary)) == 1


def test_a_long_diary_opens_on_the_whole_diary(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    header = DEMO_CSV.read_text(encoding="utf-8").splitlines()[0]
    import_diary(  # a year-old cramp-free night makes the diary longer than twelve months
        engine=diary, parsed=parse_diary_csv(f"{header}\n2025-06-01{',' * 20}\n".encode())
    )
    at = open_page("app_pages/patterns_page.py")
    assert not any(c.value.startswith("From ") for c in at.caption)
    assert counted(at).startswith("173 nights logged")  # the year-old night counts too


def test_a_change_named_with_markdown_is_shown_literally(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    record_change(
        diary, name="**[click](http://x)** :red[now]", kind="other", started_on=date(2026, 8, 1)
    )
    at = open_page("app_pages/changes_page.py")
    label = at.expander[0].label
    assert "\\*\\*\\[click\\]" in label  # escaped, so it shows as typed, not as a link
    assert ":\u200bred" in label


def test_an_ongoing_change_can_be_ended_today(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    record_change(
        diary,
        name="Magnesium (Mag-Tab) started",
        kind="supplement",
        started_on=date.today() - timedelta(days=20),
    )
    at = open_page("app_pages/changes_page.py")
    at = at.button(key=f"changes_end_{list_interventions(engine=diary)[0].id}").click().run()
    assert not at.exception
    assert list_interventions(engine=diary)[0].ended_on == date.today()
    assert any("Magnesium \\(Mag\\-Tab\\) started" in m.value for m in at.markdown)


def test_a_change_named_with_html_is_drawn_as_text_in_every_chart(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    name = '<b>Stretch</b> <a href="http://evil.example">more</a> & co'
    save_intervention(
        engine=diary,
        intervention=Intervention(name=name, kind="stretching", started_on=date(2026, 8, 1)),
        today=date.today(),
    )
    at = open_page("app_pages/patterns_page.py")
    drawn = [json.dumps(spec) for spec in figures(at) + figures(show(at, "Changes"))]
    assert any("&lt;b&gt;Stretch&lt;/b&gt;" in spec for spec in drawn)
    assert any("&amp; co" in spec for spec in drawn)
    assert not any("<b>Stretch" in spec or "<a href" in spec for spec in drawn)
