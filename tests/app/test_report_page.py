from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.stats import analytics
from dashboard.pages import PAGES
from db.repository import diary_span, load_frames
from tests.app.conftest import by_label
from tests.entries import load_demo

PAGE = "app_pages/report_page.py"


def downloads(at: AppTest) -> dict[str, str]:
    """Download buttons by label, with the file name Streamlit serves each under."""
    return {b.proto.label: b.proto.url for b in at.get("download_button")}


def preview(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown).replace("\u200b", "").replace("\\", "")


def test_the_demo_diary_offers_pdf_and_html_with_the_numbers_of_core(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    at = open_page(PAGE)
    buttons = downloads(at)
    assert set(buttons) == {"Download PDF", "Download HTML (interactive charts)"}
    assert buttons["Download PDF"].endswith(".pdf")
    html_button = next(
        b for b in at.get("download_button") if b.proto.label.startswith("Download HTML")
    )
    assert html_button.proto.deferred_file_id  # built on click: it carries ~5 MB of plotly.js

    # The default range is the last three months of the diary.
    span = diary_span(engine=diary)
    assert span is not None
    start, end = span[1] - timedelta(days=90), span[1]
    nights, episodes = load_frames(engine=diary, start=start, end=end)
    freq = analytics.frequency(nights)
    assert freq.cramps_per_week is not None
    text = preview(at)
    assert f"{len(nights)} nights logged from" in text
    assert f"{freq.cramps_per_week:.1f} cramps a week" in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Cramps per week"] == f"{freq.cramps_per_week:.1f}"
    median = analytics.severity_summary(episodes)["pain_median"]
    assert metrics["Pain, median (0–10)"] == f"{median:g}"


def test_the_print_friendly_view_holds_the_report_as_plain_text(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    at = open_page(PAGE)
    plain = at.get("text")
    assert plain and "KEY FIGURES" in plain[0].proto.body
    assert "QUESTIONS FOR THE PROVIDER" in plain[0].proto.body


def test_ticked_and_written_questions_reach_the_report_escaped(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    at = open_page(PAGE)
    by_label(at.checkbox, "Do I need a specialist?").check()  # type: ignore[attr-defined]
    by_label(at.text_area, "Your own questions (one a line)").input(  # type: ignore[attr-defined]
        "Is [this](http://example.com) :red[serious]?"
    )
    at = by_label(at.button, "Update the report").click().run()  # type: ignore[attr-defined]
    assert not at.exception
    questions = at.markdown[-1].value
    assert "Do I need a specialist?" in questions
    # Shown literally: no link, no coloured text.
    assert "\\[this\\]\\(http://example.com\\)" in questions.replace("\u200b", "")
    assert ":\u200bred\\[serious\\]" in questions
    assert "Do I need a specialist?" in at.get("text")[0].proto.body


def test_a_range_with_no_logged_nights_explains_instead_of_offering_a_pdf(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    load_demo(diary)
    nights, _ = load_frames(engine=diary)
    logged = set(nights["night"].dt.date)
    first, last = min(logged), max(logged)
    gap = next(
        first + timedelta(days=d) for d in range(1, 200) if first + timedelta(d) not in logged
    )
    assert first < gap < last
    at = open_page(PAGE)
    by_label(at.date_input, "Nights from – to").set_value((gap, gap)).run()  # type: ignore[attr-defined]
    assert not at.exception
    assert "No nights are logged between" in at.info[0].value
    assert not at.get("download_button")


def test_the_page_is_in_the_navigation(open_page: Callable[[str], AppTest]) -> None:
    assert (PAGE, "Provider report") in [(p.file, p.title) for p in PAGES]
    at = open_page(PAGE)
    assert at.title[0].value == "Provider report"
