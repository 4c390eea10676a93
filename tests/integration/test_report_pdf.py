"""The provider report PDF for the committed demo diary: opens, 1–2 pages, the numbers of core."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from datetime import date, timedelta

import pandas as pd
import pytest
from pypdf import PdfReader

from core.article.red_flags import find_red_flags
from core.diary import Episode, Night
from core.files.csv_format import parse_diary_csv
from core.frames import frames_from_records
from core.profile import Profile
from core.report.build import ProviderReport, ReportError, build_report
from core.stats import analytics
from dashboard.printouts import pdf as report_pdf
from dashboard.printouts.pdf import MISSING_LETTER, printable, render_pdf, render_pdf_details
from sample_data.generator import generate_frames
from tests.conftest import REPO

DEMO = REPO / "sample_data" / "demo_diary.csv"
TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def demo_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    parsed = parse_diary_csv(DEMO.read_bytes())
    nights = [Night(night, context) for night, context in parsed.nights.items()]
    return frames_from_records(nights, parsed.episodes)


def make_report(nights: pd.DataFrame, episodes: pd.DataFrame, **options: object) -> ProviderReport:
    defaults: dict[str, object] = {
        "profile": Profile(),
        "interventions": [("Bedtime calf stretch", date(2026, 8, 1), None)],
        "red_flags": find_red_flags(nights, episodes, TODAY),
        "today": TODAY,
    }
    return build_report(nights, episodes, **{**defaults, **options})  # type: ignore[arg-type]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def with_note(episodes: pd.DataFrame, note: str) -> pd.DataFrame:
    changed = episodes.copy()
    changed.loc[changed.index[-1], "note"] = note
    return changed


def test_the_demo_report_opens_on_one_or_two_pages_with_core_figures(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    nights, episodes = demo_frames
    report = make_report(nights, episodes, questions=["specialist"])
    pages, text = pdf_text(render_pdf(report))
    assert 1 <= pages <= 2
    flat = " ".join(text.split())

    freq = analytics.frequency(nights)
    severity = analytics.severity_summary(episodes)
    assert freq.cramps_per_week is not None and freq.cramp_nights_per_week is not None
    assert (
        f"{freq.cramps_per_week:.1f} cramps a week and {freq.cramp_nights_per_week:.1f} cramp "
        "nights a week" in flat
    )
    assert f"{freq.cramp_free.share * 100:.0f}% of logged nights were cramp-free" in flat  # type: ignore[operator]
    assert (
        f"Median pain {severity['pain_median']:g} of 10, worst {severity['pain_max']:g} of 10"
        in flat
    )
    hours = analytics.typical_hours(episodes)
    assert hours is not None and f"between {hours[0]} and {hours[1]}" in flat
    assert f"{len(nights)} nights logged" in flat
    assert "First entry in the diary: 2 May 2026" in flat
    assert "Bedtime calf stretch" in flat
    assert "Do I need a specialist?" in flat
    for flag in report.red_flags:
        assert flag.title in flat
    assert f"Page 1 of {pages}" in flat and "Not medical advice" in flat


def test_the_printouts_load_without_streamlit_so_a_command_line_can_build_them() -> None:
    code = (
        "import sys\n"
        "import dashboard.printouts.charts, dashboard.printouts.html, dashboard.printouts.pdf\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit')\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, timeout=120)


def test_the_pdf_draws_three_chart_images(demo_frames: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    nights, episodes = demo_frames
    reader = PdfReader(io.BytesIO(render_pdf(make_report(nights, episodes))))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 3


def test_emoji_and_other_scripts_print_or_are_replaced_never_break(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    nights, episodes = demo_frames
    note = "Ouch 🦵😣 чуть-чуть боли, ألم شديد, 抽筋 とても痛い 👍🏽 done"
    report = make_report(
        nights,
        with_note(episodes, note),
        own_questions="Est-ce grave ? Ελληνικά; 中文问题 🙏\n\u200bHebrew: שאלה\x07",
    )
    pages, text = pdf_text(render_pdf(report))
    assert 1 <= pages <= 2
    assert "чуть-чуть боли" in text  # Cyrillic prints
    assert "Est-ce grave ? Ελληνικά" in text  # Greek prints
    assert MISSING_LETTER * 2 in text  # 抽筋 is replaced, letter by letter
    assert "marks characters this PDF's font cannot show" in text
    assert "🦵" not in text and "🙏" not in text


def test_arabic_prints_without_the_optional_shaping_engine(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_pdf, "CAN_SHAPE", False)
    nights, episodes = demo_frames
    report = make_report(nights, episodes, own_questions="هل يجب أن أرى أخصائيا؟")
    pages, _ = pdf_text(render_pdf(report))
    assert 1 <= pages <= 2


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("calf 🦵 cramp", "calf  cramp"),  # an emoji the font lacks is left out
        ("抽筋 ok", f"{MISSING_LETTER * 2} ok"),  # letters it lacks become squares
        ("tab\there\r\n", "tab here \n"),  # control characters become spaces
        ("naïve — €5 Łódź", "naïve — €5 Łódź"),  # beyond Latin-1 is fine
        ("e\u0301", "é"),  # combining marks are composed first
    ],
)
def test_printable_keeps_what_the_font_draws(text: str, printed: str) -> None:
    assert printable(text) == printed


def test_an_empty_range_raises_the_clear_error_instead_of_a_pdf(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    nights, episodes = demo_frames
    gap = nights[nights["night"] > pd.Timestamp("2027-01-01")]
    with pytest.raises(ReportError, match="No nights are logged between"):
        make_report(
            gap,
            episodes.iloc[0:0],
            start=date(2027, 1, 1),
            end=date(2027, 1, 31),
            red_flags=[],
        )


def test_a_report_too_long_for_two_pages_is_shortened_not_spilled(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    nights, episodes = demo_frames
    long_note = "A very long note about how the cramp felt and what came before it. " * 6
    noted = episodes.assign(note=long_note)
    questions = "\n".join(
        f"Question {i}: " + "could this be related to my other medication and my sleep? " * 5
        for i in range(10)
    )
    changes = [(f"Change {i}", date(2026, 5, 10) + timedelta(days=14 * i), None) for i in range(12)]
    report = make_report(nights, noted, own_questions=questions, interventions=changes)
    rendered = render_pdf_details(report)
    pages, text = pdf_text(rendered.data)
    assert pages == rendered.pages == 2
    assert rendered.left_out.get("notes", 0) > 0  # the least important lines go first
    assert "left out to fit two pages" in text
    flat = " ".join(text.split())
    assert "cramps a week and" in flat  # the essentials stay
    assert "Question 0:" in flat


def test_a_year_of_data_renders(capsys: pytest.CaptureFixture[str]) -> None:
    end = date(2026, 10, 31)
    nights, episodes = generate_frames(start=end - timedelta(days=364), nights=365, seed=11)
    report_pdf.report_charts(make_report(nights, episodes))  # warm up matplotlib and fonts
    started = time.perf_counter()
    report = make_report(nights, episodes, red_flags=find_red_flags(nights, episodes, end))
    data = render_pdf(report)
    elapsed = time.perf_counter() - started
    pages, _ = pdf_text(data)
    assert 1 <= pages <= 2
    with capsys.disabled():
        print(f"\nprovider report for {len(nights)} nights: {elapsed:.2f} s")  # no assert on time


def test_a_diary_of_only_cramp_free_nights_still_makes_a_report() -> None:
    days = [Night(date(2026, 1, 1) + timedelta(days=d)) for d in range(20)]
    nights, episodes = frames_from_records(days, list[Episode]())
    report = make_report(nights, episodes, interventions=[], red_flags=[])
    pages, text = pdf_text(render_pdf(report))
    assert pages == 1
    assert "No cramps were logged in this range" in " ".join(text.split())


def test_when_nothing_more_can_be_left_out_the_pdf_still_stops_at_two_pages(
    demo_frames: tuple[pd.DataFrame, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_pdf.fit, "cut_steps", lambda sections, questions: [])
    nights, episodes = demo_frames
    questions = "\n".join(f"Question {i}: " + "and what about this? " * 14 for i in range(10))
    rendered = render_pdf_details(make_report(nights, episodes, own_questions=questions))
    pages, text = pdf_text(rendered.data)
    assert rendered.hard_stopped
    assert pages == 2
    assert report_pdf.NOT_SHOWN in " ".join(text.split())
