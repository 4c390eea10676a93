"""Red flags: each warning-sign and pattern rule, on both sides of its threshold."""

from __future__ import annotations

from datetime import date, time, timedelta

import pandas as pd
import pytest

from core.article.causes import RedFlagLevel
from core.article.red_flags import (
    FREQUENT_MIN_CRAMP_NIGHTS,
    LEVEL_ADVICE,
    LEVEL_HEADINGS,
    LONG_LASTING_S,
    SIGN_FLAGS,
    RedFlagFinding,
    find_red_flags,
    group_by_level,
    more_than_chance,
)
from core.diary import Episode, Night, NightContext
from core.frames import frames_from_records
from core.vocab import WARNING_SIGNS

TODAY = date(2026, 3, 31)


def night(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def cramp(days_ago: int = 1, muscle: str = "calf", **fields: object) -> Episode:
    return Episode(night(days_ago), time(2, 30), muscle, **fields)  # type: ignore[arg-type]


def flags(
    *episodes: Episode, cramp_free: tuple[int, ...] = (), today: date = TODAY
) -> list[RedFlagFinding]:
    nights = [Night(night(d), NightContext()) for d in cramp_free]
    nights_frame, episodes_frame = frames_from_records(nights, episodes)
    return find_red_flags(nights_frame, episodes_frame, today)


def rules(findings: list[RedFlagFinding]) -> set[str]:
    return {f.rule for f in findings}


def only(findings: list[RedFlagFinding], rule: str) -> RedFlagFinding:
    [found] = [f for f in findings if f.rule == rule]
    return found


# --- warning signs on an episode ----------------------------------------------------


@pytest.mark.parametrize(
    ("sign", "flag_id", "level"),
    [
        ("swelling", "leg_swelling_or_numbness", "provider"),
        ("numbness", "leg_swelling_or_numbness", "provider"),
        ("skin_changes", "skin_changes", "provider"),
        ("muscle_weakness", "neurological_signs", "provider"),
        ("all_over_body", "cramps_all_over_body", "emergency"),
        ("toxic_contact", "toxic_contact", "emergency"),
    ],
)
def test_each_warning_sign_raises_its_red_flag_at_the_articles_level(
    sign: str, flag_id: str, level: str
) -> None:
    findings = flags(cramp(3), cramp(2, warning_signs=(sign,)))
    found = only(findings, f"sign:{sign}")
    assert (found.flag_id, found.level) == (flag_id, level)
    assert found.episode_ids == (2,) and found.nights == (night(2),)
    assert "calf" in found.evidence and str(night(2).day) in found.evidence


def test_every_warning_sign_token_has_a_rule() -> None:
    assert set(SIGN_FLAGS) == set(WARNING_SIGNS)


def test_cramps_without_warning_signs_raise_no_sign_flag() -> None:
    assert not any(r.startswith("sign:") for r in rules(flags(cramp(1), cramp(2))))


def made(level: RedFlagLevel, title: str) -> RedFlagFinding:
    return RedFlagFinding(
        flag_id=title.lower(),
        rule="test",
        level=level,
        title=title,
        evidence=f"{title} evidence",
        advice=LEVEL_ADVICE[level],
        episode_ids=(),
        nights=(),
    )


def test_red_flags_are_grouped_by_level_once_most_urgent_first() -> None:
    groups = group_by_level(
        [
            made("provider", "Severe pain"),
            made("emergency", "Unbearable pain"),
            made("provider", "Long-lasting cramps"),
        ]
    )
    assert [g.level for g in groups] == ["emergency", "provider"]
    assert [g.heading for g in groups] == [LEVEL_HEADINGS["emergency"], LEVEL_HEADINGS["provider"]]
    assert [g.advice for g in groups] == [LEVEL_ADVICE["emergency"], LEVEL_ADVICE["provider"]]
    assert [f.title for f in groups[1].flags] == ["Severe pain", "Long-lasting cramps"]
    assert group_by_level([made("provider", "Severe pain")])[0].level == "provider"
    assert group_by_level([]) == ()


def test_findings_list_emergency_before_provider() -> None:
    findings = flags(
        cramp(1, warning_signs=("swelling",)), cramp(2, warning_signs=("toxic_contact",))
    )
    assert [f.level for f in findings] == ["emergency", "provider"]
    assert "emergency" in findings[0].advice


# --- pain --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pain", "expected"),
    [
        (None, set()),
        (7, set()),
        (8, {"pain:significant"}),
        (9, {"pain:significant"}),
        (10, {"pain:unbearable"}),
    ],
)
def test_pain_8_or_9_is_significant_and_10_is_unbearable(
    pain: int | None, expected: set[str]
) -> None:
    assert rules(flags(cramp(1, pain=pain))) & {"pain:significant", "pain:unbearable"} == expected


def test_unbearable_pain_is_an_emergency_and_significant_pain_a_provider_visit() -> None:
    findings = flags(cramp(1, pain=10), cramp(2, pain=8))
    assert only(findings, "pain:unbearable").level == "emergency"
    assert only(findings, "pain:significant").level == "provider"
    assert only(findings, "pain:significant").episode_ids == (2,)


# --- long-lasting ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "flagged"),
    [
        (None, False),
        (LONG_LASTING_S - 1, False),
        (LONG_LASTING_S, False),
        (LONG_LASTING_S + 1, True),
    ],
)
def test_only_a_cramp_longer_than_15_minutes_counts_as_long_lasting(
    duration: int | None, flagged: bool
) -> None:
    assert ("pattern:long_lasting" in rules(flags(cramp(1, duration_s=duration)))) is flagged


def test_long_lasting_evidence_gives_the_longest_cramp() -> None:
    finding = only(flags(cramp(1, duration_s=25 * 60)), "pattern:long_lasting")
    assert "longest 25 min)" in finding.evidence and finding.level == "provider"
    just_over = only(flags(cramp(1, duration_s=LONG_LASTING_S + 1)), "pattern:long_lasting")
    assert "longest 15 min 1 s)" in just_over.evidence
    over_an_hour = only(flags(cramp(1, duration_s=3700)), "pattern:long_lasting")
    assert "longest 1 h 1 min)" in over_an_hour.evidence  # as the Diary and the report say it


# --- waking at night ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("muscle", "woke", "flagged"),
    [
        ("calf", True, True),
        ("thigh_back", True, True),
        ("hip", True, True),
        ("calf", False, False),
        ("calf", None, False),
        ("arm", True, False),
        ("back", True, False),
    ],
)
def test_a_leg_cramp_that_woke_the_person_is_a_reason_to_see_a_provider(
    muscle: str, woke: bool | None, flagged: bool
) -> None:
    findings = flags(cramp(1, muscle=muscle, woke=woke))
    assert ("pattern:woke" in rules(findings)) is flagged


# --- frequent ---------------------------------------------------------------------------


def test_twelve_cramp_nights_in_the_last_28_are_frequent_and_eleven_are_not() -> None:
    eleven = [cramp(d * 2) for d in range(FREQUENT_MIN_CRAMP_NIGHTS - 1)]
    assert "pattern:frequent" not in rules(flags(*eleven))
    twelve = [*eleven, cramp(27)]
    finding = only(flags(*twelve), "pattern:frequent")
    assert finding.level == "provider" and len(finding.nights) == 12
    assert "12 of the last 28 nights" in finding.evidence


def test_a_night_with_several_cramps_counts_once_toward_frequent() -> None:
    eleven = [cramp(d) for d in range(11)]
    same_night = [Episode(night(0), time(3, m), "calf") for m in range(5)]
    assert "pattern:frequent" not in rules(flags(*eleven, *same_night))


def test_nights_outside_the_window_or_in_the_future_do_not_count_toward_frequent() -> None:
    eleven = [cramp(d) for d in range(11)]
    assert "pattern:frequent" not in rules(flags(*eleven, cramp(28)))
    assert "pattern:frequent" not in rules(flags(*eleven, cramp(-1)))


def test_future_episodes_raise_no_flag_at_all() -> None:
    assert flags(cramp(-2, pain=10, warning_signs=("toxic_contact",))) == []


# --- worsening -----------------------------------------------------------------------

EARLIEST = 55  # the first night of the earlier four-week window


def worsening(recent: int, earlier: int, reach_back: bool = True) -> bool:
    episodes = [cramp(d) for d in range(recent)] + [cramp(28 + d) for d in range(earlier)]
    findings = flags(*episodes, cramp_free=(EARLIEST,) if reach_back else ())
    return "pattern:worsening" in rules(findings)


def either_side(fewest: dict[int, int]) -> list[tuple[int, int, bool]]:
    """(recent, earlier, expected) on both sides of each boundary: `fewest` maps an earlier
    count to the fewest recent nights that count, so one night fewer must not."""
    return [
        (least - short, earlier, not short) for earlier, least in fewest.items() for short in (1, 0)
    ]


@pytest.mark.parametrize(("recent", "earlier", "flagged"), either_side({0: 6, 2: 9, 5: 13}))
def test_worsening_needs_clearly_more_cramp_nights_than_the_four_weeks_before(
    recent: int, earlier: int, flagged: bool
) -> None:
    assert worsening(recent, earlier) is flagged


def test_a_diary_too_new_to_cover_both_windows_is_never_worsening() -> None:
    assert worsening(10, 0, reach_back=False) is False


def test_worsening_is_a_provider_flag_about_frequency_with_the_counts_as_evidence() -> None:
    episodes = [cramp(d) for d in range(9)] + [cramp(30), cramp(40)]
    finding = only(flags(*episodes, cramp_free=(EARLIEST,)), "pattern:worsening")
    assert (finding.flag_id, finding.level) == ("frequent", "provider")
    assert "9 of the last 28 nights, up from 2" in finding.evidence
    assert len(finding.episode_ids) == 9


@pytest.mark.parametrize(("recent", "earlier", "expected"), either_side({0: 5, 1: 7, 2: 9}))
def test_more_than_chance_is_the_one_sided_exact_binomial_test_at_5_percent(
    recent: int, earlier: int, expected: bool
) -> None:
    assert more_than_chance(recent, earlier) is expected


# --- robustness ---------------------------------------------------------------------------


def test_an_empty_diary_has_no_red_flags() -> None:
    assert flags() == []


def test_frames_missing_columns_give_no_flags_and_no_error() -> None:
    episodes = pd.DataFrame({"episode_id": [1], "night": [pd.Timestamp(night(1))]})
    assert find_red_flags(pd.DataFrame(), episodes, TODAY) == []


def test_swelling_and_numbness_make_one_finding_that_says_right_away() -> None:
    from core.article.red_flags import RIGHT_AWAY_ADVICE, group_by_level

    swelling = Episode(
        night=date(2026, 3, 1), time=time(2, 0), muscle="calf", warning_signs=("swelling",)
    )
    numb = Episode(
        night=date(2026, 3, 2), time=time(3, 0), muscle="calf", warning_signs=("numbness",)
    )
    nights, episodes = frames_from_records([], [swelling, numb])
    found = [
        f
        for f in find_red_flags(nights, episodes, date(2026, 3, 3))
        if f.flag_id == "leg_swelling_or_numbness"
    ]
    assert len(found) == 1
    assert found[0].rule == "sign:swelling+numbness"
    assert "Swelling noted with 1 cramp, numbness noted with 1 cramp" in found[0].evidence
    assert found[0].advice == RIGHT_AWAY_ADVICE
    assert "right away" in group_by_level(found)[0].heading
