from datetime import date, time, timedelta

import pandas as pd
import pytest

from core.article.causes import PROVIDER_QUESTION_BY_ID
from core.article.red_flags import (
    LEVEL_HEADINGS,
    RIGHT_AWAY,
    RIGHT_AWAY_HEADING,
    find_red_flags,
)
from core.diary import Episode, Night, NightContext
from core.frames import frames_from_records
from core.profile import Profile
from core.report.build import (
    MAX_OWN_QUESTIONS,
    MAX_QUESTION_CHARS,
    NO_CRAMPS,
    ProviderReport,
    ReportError,
    build_report,
    monthly_frequency,
    report_text,
)
from core.report.sections import change_sentence
from core.stats import analytics
from core.stats.trigger_model import analyse_triggers

START = date(2026, 3, 2)  # a Monday
TODAY = date(2026, 5, 1)


def cramp(day: int, clock: time, muscle: str = "calf", **fields: object) -> Episode:
    return Episode(night=START + timedelta(days=day), time=clock, muscle=muscle, **fields)  # type: ignore[arg-type]


def known_diary() -> tuple[pd.DataFrame, pd.DataFrame]:
    """14 nights: 6 cramps on 4 nights, the rest cramp-free."""
    episodes = [
        cramp(0, time(2, 0), side="left", pain=4, duration_s=60, woke=True, felt=("hard_knot",)),
        cramp(0, time(3, 30), side="left", pain=6, duration_s=120, woke=True),
        cramp(3, time(23, 15), side="right", pain=8, duration_s=30, woke=False),
        cramp(7, time(1, 45), side="both", pain=5, duration_s=90, felt=("twitching",)),
        cramp(7, time(4, 0), pain=2, duration_s=45, woke=True, relief=("stretch",)),
        cramp(
            10,
            time(15, 0),
            "foot",
            side="right",
            pain=3,
            duration_s=1200,
            woke=False,
            relief=("stretch",),
            relief_helped=True,
            note="Cramped   during a\nlong walk",
        ),
    ]
    nights = [Night(START + timedelta(days=d)) for d in range(14)]
    return frames_from_records(nights, episodes)


def report_for(nights: pd.DataFrame, episodes: pd.DataFrame, **options: object) -> ProviderReport:
    defaults: dict[str, object] = {
        "profile": Profile(),
        "interventions": [],
        "red_flags": [],
        "today": TODAY,
    }
    return build_report(nights, episodes, **{**defaults, **options})  # type: ignore[arg-type]


def figure(report: ProviderReport, label: str) -> str:
    found = [f for f in report.key_figures if f.label == label]
    assert len(found) == 1, label
    return found[0].value


def test_the_frequency_is_what_core_analytics_counts_per_seven_logged_nights() -> None:
    nights, episodes = known_diary()
    report = report_for(nights, episodes)
    assert report.frequency == analytics.frequency(nights)
    # 6 cramps and 4 cramp nights in 14 logged nights: 3.0 and 2.0 a week, 10 of 14 cramp-free.
    assert figure(report, "Cramps per week") == "3.0"
    assert figure(report, "Cramp nights per week") == "2.0"
    assert figure(report, "Cramp-free nights") == "71%"
    lines = report.section("frequency").lines
    assert "3.0 cramps a week and 2.0 cramp nights a week (per seven logged nights)." in lines


def test_pain_and_duration_are_the_median_and_worst_core_finds() -> None:
    nights, episodes = known_diary()
    report = report_for(nights, episodes)
    severity = analytics.severity_summary(episodes)
    assert report.severity == severity
    assert (severity["pain_median"], severity["pain_max"]) == (4.5, 8.0)
    assert figure(report, "Pain, median (0–10)") == "4.5"
    assert report.section("pain").lines[0].startswith("Median pain 4.5 of 10, worst 8 of 10")
    assert figure(report, "Duration, median") == "1 min 15 s"  # median of 30…1200 s is 75 s
    assert report.section("duration").lines[0].startswith("Median 1 min 15 s, longest 20 min")
    assert "1 cramp lasted longer than 15 minutes." in report.section("duration").lines


def test_timing_uses_the_night_share_and_typical_hours_of_core() -> None:
    nights, episodes = known_diary()
    report = report_for(nights, episodes)
    assert report.night == analytics.night_share(episodes)
    assert report.night.count == 5  # the 15:00 cramp is not at night
    assert report.typical_hours == analytics.typical_hours(episodes)
    hours = report.typical_hours
    assert hours is not None
    assert (
        f"Half of them began between {hours[0]} and {hours[1]}." in report.section("timing").lines
    )
    assert report.woke == analytics.woke_share(episodes)
    assert figure(report, "Woke the patient") == "60%"  # 3 of the 5 cramps where it was recorded


def test_muscles_feelings_and_relief_are_counted_per_cramp() -> None:
    nights, episodes = known_diary()
    report = report_for(nights, episodes)
    assert report.section("muscles").lines[0] == (
        "Calf: 5 cramps (83%); left 2, right 1, both 1, side not given 1."
    )
    assert "Hard knot / tight ball: 17% of cramps (1)." in report.section("feel").lines
    assert report.section("feel").footer == ("Recorded for 2 of 6 cramps.",)
    relief = report.section("relief").lines
    assert relief == ("Stretched it: helped with 1 of 1 cramp (100%, 95% CI 21–100%).",)


def test_notes_are_flattened_to_one_line() -> None:
    nights, episodes = known_diary()
    notes = report_for(nights, episodes).section("notes").lines
    assert notes == ("12 Mar 2026, foot: Cramped during a long walk",)


def test_the_first_entry_of_the_whole_diary_answers_since_when() -> None:
    nights, episodes = known_diary()
    report = report_for(nights, episodes, first_entry=date(2025, 12, 1))
    assert report.first_entry == date(2025, 12, 1)
    assert figure(report, "First diary entry") == "1 Dec 2025"
    assert "from 2 Mar 2026 on" in report.section("history").lines[0]


def test_the_change_compares_the_first_and_last_four_weeks() -> None:
    early = [cramp(d, time(2, 0)) for d in range(0, 28, 2)]  # 14 cramps in 28 nights: 3.5 a week
    late = [cramp(d, time(2, 0)) for d in range(122, 150, 7)]  # 4 in 28 nights: 1.0 a week
    # 150 nights: a trend needs its five-week blocks (core.stats.time_series).
    nights, episodes = frames_from_records(
        [Night(START + timedelta(d)) for d in range(150)], early + late
    )
    sentence = change_sentence(nights)
    assert sentence is not None
    assert "3.5 in the first four weeks" in sentence and "1.0 in the last four weeks" in sentence
    report = report_for(nights, episodes)
    assert sentence in report.section("history").lines
    assert report.trend == analytics.trend(nights)
    assert "fewer cramps each month" in report.section("history").lines[-1]


def test_a_short_range_has_no_change_sentence() -> None:
    nights, _ = known_diary()
    assert change_sentence(nights) is None


def test_a_factor_that_reached_significance_is_reported_with_its_interval() -> None:
    hot = [Night(START + timedelta(d), NightContext(hot=True)) for d in range(0, 60, 2)]
    cool = [Night(START + timedelta(d), NightContext(hot=False)) for d in range(1, 60, 2)]
    episodes = [cramp(d, time(2, 0)) for d in range(0, 60, 2) if d % 6 != 0]
    nights, frame = frames_from_records(hot + cool, episodes)
    heat = next(f for f in analyse_triggers(nights, Profile()).findings if f.factor == "heat")
    assert heat.linked
    causes = report_for(nights, frame).section("causes")
    assert causes.lines[0] == heat.sentence
    assert "95% CI" in causes.lines[0]
    assert "1 linked beyond chance" in causes.footer[0]


def test_interventions_outside_the_range_are_left_out() -> None:
    nights, episodes = known_diary()
    report = report_for(
        nights,
        episodes,
        start=START,
        end=START + timedelta(days=13),
        interventions=[
            ("Bedtime stretch", START + timedelta(days=5), None),
            ("Old shoes", date(2025, 1, 1), date(2025, 2, 1)),
        ],
    )
    assert [e.name for e in report.effects] == ["Bedtime stretch"]
    assert "Bedtime stretch" in report.section("changes").lines[0]


def test_red_flags_keep_their_level_heading_and_none_gives_a_note() -> None:
    nights, episodes = known_diary()
    flags = find_red_flags(nights, episodes, TODAY)
    report = report_for(nights, episodes, red_flags=flags)
    assert [f.title for f in report.red_flags] == [f.title for f in flags]
    assert "Long-lasting cramps" in [f.title for f in report.red_flags]
    assert report.red_flag_note == ""
    calm = report_for(nights, episodes, red_flags=[])
    assert calm.red_flags == () and calm.red_flag_note.startswith("No warning signs")


def test_the_plain_text_prints_each_level_heading_once_above_its_flags() -> None:
    nights, episodes = known_diary()
    flags = find_red_flags(nights, episodes, TODAY)
    text = report_text(report_for(nights, episodes, red_flags=flags))
    urgent = [f for f in flags if f.flag_id in RIGHT_AWAY]
    soon = [f for f in flags if f.flag_id not in RIGHT_AWAY]
    assert urgent and soon
    for heading, group in ((RIGHT_AWAY_HEADING, urgent), (LEVEL_HEADINGS["provider"], soon)):
        assert text.count(f"{heading}: ") == 1
        after = text.split(f"{heading}: ", 1)[1].splitlines()[1:]
        titles = [line.split(":")[0] for line in after[: len(group)]]
        assert titles == [f"- {f.title}" for f in group]


def test_questions_come_from_the_article_list_and_the_persons_own_lines() -> None:
    nights, episodes = known_diary()
    own = "Is magnesium worth trying?\n\n   \n" + "x" * (MAX_QUESTION_CHARS + 50)
    report = report_for(nights, episodes, questions=["specialist"], own_questions=own)
    assert report.questions[0] == PROVIDER_QUESTION_BY_ID["specialist"].title
    assert report.questions[1] == "Is magnesium worth trying?"
    assert len(report.questions[2]) == MAX_QUESTION_CHARS and report.questions[2].endswith("…")
    many = "\n".join(f"Question {i}?" for i in range(MAX_OWN_QUESTIONS + 5))
    assert len(report_for(nights, episodes, own_questions=many).questions) == MAX_OWN_QUESTIONS


@pytest.mark.parametrize("question", ["timing", "no_such_question"])
def test_only_the_patients_questions_can_be_ticked(question: str) -> None:
    nights, episodes = known_diary()
    with pytest.raises(ReportError):
        report_for(nights, episodes, questions=[question])


def test_an_empty_range_is_a_clear_error_not_an_empty_report() -> None:
    nights, episodes = frames_from_records([], [])
    with pytest.raises(ReportError, match="No nights are logged between 1 Jan 2026 and 31 Jan"):
        report_for(nights, episodes, start=date(2026, 1, 1), end=date(2026, 1, 31))


def test_a_range_without_cramps_says_so_once() -> None:
    nights, episodes = frames_from_records([Night(START + timedelta(d)) for d in range(10)], [])
    report = report_for(nights, episodes)
    ids = [s.id for s in report.sections]
    assert "cramps" in ids and not {"pain", "duration", "timing", "feel", "muscles"} & set(ids)
    assert report.section("cramps").lines == (NO_CRAMPS,)
    assert figure(report, "Cramp-free nights") == "100%"


def test_the_file_name_names_the_range() -> None:
    nights, episodes = known_diary()
    report = report_for(nights, episodes, start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert report.file_stem == "cramp-diary-report_2026-03-01_2026-03-31"


def test_the_plain_text_holds_every_line_and_the_disclaimer() -> None:
    nights, episodes = known_diary()
    report = report_for(nights, episodes, own_questions="Should I see a specialist?")
    text = report_text(report)
    for section in report.sections:
        for line in section.all_lines:
            assert line in text
    assert "Should I see a specialist?" in text
    assert report.disclaimer in text


def test_monthly_frequency_is_cramps_per_seven_logged_nights_each_month() -> None:
    nights, _ = frames_from_records(
        [Night(date(2026, 1, 31)), Night(date(2026, 3, 1))],
        [Episode(night=date(2026, 1, 31), time=time(2, 0), muscle="calf")],
    )
    monthly = monthly_frequency(nights)
    assert monthly["month"].dt.strftime("%Y-%m").tolist() == ["2026-01", "2026-02", "2026-03"]
    assert monthly["nights_logged"].tolist() == [1, 0, 1]
    assert monthly["cramps_per_week"].iloc[0] == 7.0
    assert pd.isna(monthly["cramps_per_week"].iloc[1])  # a month not logged is a gap, not zero
    assert monthly["cramps_per_week"].iloc[2] == 0.0
