"""The article's knowledge (core.article.causes): complete, traceable, in the app's own words."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Protocol

import pytest

from core.article.causes import (
    CAUSES,
    NOT_MEDICAL_ADVICE,
    PREVENTION_TIPS,
    PROVIDER_QUESTIONS,
    RED_FLAGS,
    RELIEF,
    RISK_FACTORS,
    SYMPTOMS,
    TIPS_FOR_CAUSE,
    relief_for_token,
    symptom_for_feeling,
)
from core.diary import CONTEXT_FIELDS
from core.frames import EPISODE_DTYPES
from core.profile import Profile
from core.vocab import FEELINGS, RELIEF_METHODS

ARTICLE_NAME = "muscle-spasms-article.txt"

# The article's headings, in the order they appear in it.
ARTICLE_HEADINGS = (
    "What are muscle spasms (muscle cramps)?",
    "Who gets muscle spasms?",
    "Are muscle spasms (muscle cramps) serious?",
    "What are the symptoms of muscle spasms (muscle cramps)?",
    "What causes muscle spasms (muscle cramps)?",
    "How do healthcare providers diagnose muscle spasms?",
    "How do you treat muscle spasms?",
    "What can I expect if I have frequent muscle spasms?",
    "How can I prevent muscle spasms (muscle cramps)?",
    "When should I see my healthcare provider?",
    "When should I go to the ER for muscle cramps?",
    "What questions should I ask my healthcare provider?",
    "What does a muscle spasm feel like?",
    "What deficiency causes muscle cramps?",
    "What causes severe muscle cramps all over the body?",
    "A note from Cleveland Clinic",
)

CAUSES_H = "What causes muscle spasms (muscle cramps)?"
PREVENTION_H = "How can I prevent muscle spasms (muscle cramps)?"

# Every item the article lists, by (kind, heading it sits under): its words there, id in core.
ARTICLE_SECTIONS: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("cause", CAUSES_H): (
        ("Not enough stretching", "not_enough_stretching"),
        ("Muscle fatigue", "muscle_fatigue"),
        ("Exercising in extreme heat (heat cramps)", "exercise_in_heat"),
        ("Dehydration.", "dehydration"),
        ("Electrolyte imbalance (having too many or too few salts", "electrolyte_imbalance"),
        ("Stress.", "stress"),
        ("Too much high-intensity exercise", "high_intensity_exercise"),
        ("Sitting for long periods of time", "long_sitting"),
        ("Overusing your muscles", "muscle_overuse"),
        ("Standing or working on concrete floors", "hard_floors"),
        ("Sitting improperly", "poor_sitting_posture"),
    ),
    ("cause", PREVENTION_H): (
        ("medications that may cause muscle spasms as a side effect", "medication_side_effect"),
    ),
    ("cause", "What deficiency causes muscle cramps?"): (
        ("Calcium.", "calcium_deficiency"),
        ("Potassium.", "potassium_deficiency"),
        ("Magnesium (hypomagnesemia)", "magnesium_deficiency"),
        ("Vitamin D.", "vitamin_d_deficiency"),
    ),
    ("risk_factor", "Who gets muscle spasms?"): (
        ("Athletes.", "athlete"),
        ("Infants.", "infant"),
        ("Pregnant women.", "pregnant"),
        ("People over the age of 65.", "age_65_plus"),
        ("People who have obesity.", "obesity"),
    ),
    ("prevention_tip", PREVENTION_H): (
        ("Perform flexibility exercises regularly", "flexibility_exercises"),
        ("Work toward better overall fitness", "overall_fitness"),
        ("Stretch your muscles regularly", "stretch_regularly"),
        ("Drink lots of water", "drink_water"),
        ("Avoid exercising in extreme heat", "avoid_heat_exercise"),
        ("Wear shoes that fit you properly", "well_fitting_shoes"),
        ("Stay at a weight that’s healthy for you", "healthy_weight"),
        ("Avoid medications that may cause muscle spasms", "avoid_side_effect_medications"),
        ("use pillows to keep your toes pointed upward", "foot_position_in_bed"),
        ("hang your feet over the end of the bed", "foot_position_in_bed"),
        ("Stretch your muscles before you go to sleep", "stretch_before_sleep"),
        ("keep the sheets and blankets loose", "loose_bedding"),
    ),
    ("relief", "How do you treat muscle spasms?"): (
        ("Stretch the affected area", "stretch"),
        ("Massage the affected area", "massage"),
        ("Stand up and walk around", "walk"),
        ("Apply heat or ice", "heat_or_ice"),
        ("over-the-counter (OTC) pain relievers", "otc_pain_relievers"),
        ("may prescribe muscle relaxers", "muscle_relaxers"),
    ),
    ("red_flag", "When should I see my healthcare provider?"): (
        ("unbearably painful", "severe_pain"),
        ("Significant pain", "severe_pain"),
        ("happen frequently", "frequent"),
        ("last for a long time", "long_lasting"),
        ("Swelling or numbness in your leg", "leg_swelling_or_numbness"),
        ("Skin changes", "skin_changes"),
        ("Leg cramps that wake you up at night", "leg_cramps_wake_you"),
        ("symptom of an underlying medical condition", "possible_underlying_condition"),
    ),
    ("red_flag", "Are muscle spasms (muscle cramps) serious?"): (
        ("muscle weakness or poor coordination", "neurological_signs"),
    ),
    ("red_flag", "When should I go to the ER for muscle cramps?"): (
        ("Unbearable pain", "unbearable_pain"),
        ("Muscle cramps all over your body", "cramps_all_over_body"),
        ("touching a potentially poisoning substance", "toxic_contact"),
    ),
    ("provider_question", "How do healthcare providers diagnose muscle spasms?"): (
        ("How bad is your pain?", "pain_severity"),
        ("When do your muscle spasms usually happen?", "timing"),
        ("How long do your cramps last?", "duration"),
        ("What do your muscle spasms feel like?", "feel"),
        ("When did your muscle spasms start?", "onset_history"),
    ),
    ("provider_question", "What questions should I ask my healthcare provider?"): (
        ("Should I see a specialist?", "specialist"),
        ("Could my muscle spasms be a symptom of a disease?", "symptom_of_disease"),
        ("Can you show me the best way to stretch my muscles?", "stretch_technique"),
        ("How can I help my child when they have a muscle spasm?", "help_child"),
        ("What massage techniques will best help", "massage_techniques"),
    ),
    ("symptom", "What are the symptoms of muscle spasms (muscle cramps)?"): (
        ("see your muscle twitching", "twitching"),
        ("stiffens up into a tight ball", "hard_knot"),
        ("lingering discomfort", "soreness_after"),
        ("Muscle pain.", "neuro_muscle_pain"),
        ("Muscle weakness.", "neuro_weakness"),
        ("Paralysis.", "neuro_paralysis"),
        ("Numbness.", "neuro_numbness"),
        ("Coordination issues.", "neuro_coordination"),
        ("Difficulty sleeping.", "neuro_sleep"),
        ("Vision issues.", "neuro_vision"),
    ),
    ("symptom", "What does a muscle spasm feel like?"): (("muscle looks distorted", "distorted"),),
}
ARTICLE_ITEMS: tuple[tuple[str, str, str, str], ...] = tuple(
    (kind, heading, phrase, item_id)
    for (kind, heading), items in ARTICLE_SECTIONS.items()
    for phrase, item_id in items
)


class Item(Protocol):
    """What every knowledge item has (read-only, as the dataclasses are frozen)."""

    @property
    def id(self) -> str: ...

    @property
    def section(self) -> str: ...


CORE_ITEMS: dict[str, tuple[Item, ...]] = {
    "cause": CAUSES,
    "risk_factor": RISK_FACTORS,
    "prevention_tip": PREVENTION_TIPS,
    "relief": RELIEF,
    "red_flag": RED_FLAGS,
    "provider_question": PROVIDER_QUESTIONS,
    "symptom": SYMPTOMS,
}
ALL_ITEMS = [item for items in CORE_ITEMS.values() for item in items]


def _article_path() -> Path:
    """The article, found next to the repository (/work/shared/source) or via CRAMP_ARTICLE."""
    here = Path(__file__).resolve()
    candidates = [
        *([Path(os.environ["CRAMP_ARTICLE"])] if "CRAMP_ARTICLE" in os.environ else []),
        here.parents[3] / "shared" / "source" / ARTICLE_NAME,
        here.parents[2] / "source" / ARTICLE_NAME,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    pytest.fail(
        f"The source article {ARTICLE_NAME} was not found; tried "
        + ", ".join(str(c) for c in candidates)
        + ". Set CRAMP_ARTICLE to its path."
    )


def _normalise(text: str) -> str:
    """Join the article's link-broken lines back into sentences."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([.,)?])", r"\1", text)
    return re.sub(r"\(\s+", "(", text)


@pytest.fixture(scope="module")
def article() -> str:
    return _article_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sections(article: str) -> dict[str, str]:
    """Each heading's text, up to the next heading, normalised."""
    lines = article.splitlines()
    starts = [lines.index(h) for h in ARTICLE_HEADINGS]
    ends = [*starts[1:], len(lines)]
    return {
        heading: _normalise("\n".join(lines[start + 1 : end]))
        for heading, start, end in zip(ARTICLE_HEADINGS, starts, ends, strict=True)
    }


def test_article_headings_are_whole_lines_of_the_article_in_order(article: str) -> None:
    lines = article.splitlines()
    missing = [h for h in ARTICLE_HEADINGS if h not in lines]
    assert not missing
    positions = [lines.index(h) for h in ARTICLE_HEADINGS]
    assert positions == sorted(positions)


@pytest.mark.parametrize(("kind", "heading", "phrase", "item_id"), ARTICLE_ITEMS)
def test_each_listed_article_item_is_really_in_its_section_of_the_article(
    sections: dict[str, str], kind: str, heading: str, phrase: str, item_id: str
) -> None:
    assert phrase in sections[heading]


@pytest.mark.parametrize(("kind", "heading", "phrase", "item_id"), ARTICLE_ITEMS)
def test_each_article_item_is_held_in_core_with_the_section_it_comes_from(
    kind: str, heading: str, phrase: str, item_id: str
) -> None:
    by_id = {item.id: item for item in CORE_ITEMS[kind]}
    assert item_id in by_id, f"core is missing the article's {kind} {phrase!r}"
    assert by_id[item_id].section == heading


@pytest.mark.parametrize("kind", sorted(CORE_ITEMS))
def test_core_holds_nothing_the_article_does_not_list(kind: str) -> None:
    held = {item.id for item in CORE_ITEMS[kind]}
    listed = {item_id for k, _, _, item_id in ARTICLE_ITEMS if k == kind}
    assert held == listed


@pytest.mark.parametrize("kind", sorted(CORE_ITEMS))
def test_ids_are_unique_within_each_kind(kind: str) -> None:
    ids = [item.id for item in CORE_ITEMS[kind]]
    assert len(ids) == len(set(ids))


def test_every_item_names_a_heading_of_the_article_as_its_section() -> None:
    assert {item.section for item in ALL_ITEMS} <= set(ARTICLE_HEADINGS)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def _runs(words: list[str], length: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def test_no_text_copies_six_words_in_a_row_from_the_article(article: str) -> None:
    article_runs = _runs(_words(_normalise(article)), 6)
    texts = [NOT_MEDICAL_ADVICE]
    for item in ALL_ITEMS:
        # The section is a citation of the article's heading, so it is meant to match.
        texts += [v for k, v in vars(item).items() if isinstance(v, str) and k != "section"]
    copied = {t: sorted(_runs(_words(t), 6) & article_runs) for t in texts}
    assert {t: runs for t, runs in copied.items() if runs} == {}


def test_measurable_causes_read_known_context_fields_and_the_others_read_none() -> None:
    for cause in CAUSES:
        assert set(cause.context_fields) <= set(CONTEXT_FIELDS), cause.id
        assert cause.measurable == bool(cause.context_fields), cause.id


def test_electrolytes_and_deficiencies_are_unmeasurable_and_point_to_a_provider() -> None:
    unmeasurable = {c.id for c in CAUSES if c.group == "deficiency"} | {"electrolyte_imbalance"}
    assert unmeasurable == {
        "electrolyte_imbalance",
        "calcium_deficiency",
        "potassium_deficiency",
        "magnesium_deficiency",
        "vitamin_d_deficiency",
    }
    for cause in CAUSES:
        if cause.id in unmeasurable:
            assert not cause.measurable
            assert "provider" in cause.advice and "supplement" in cause.advice


def test_night_cramp_causes_are_the_articles_night_list() -> None:
    night = {c.id for c in CAUSES if c.group == "night"}
    assert night == {"long_sitting", "muscle_overuse", "hard_floors", "poor_sitting_posture"}


def test_prevention_tips_answer_only_known_causes_and_risk_factors() -> None:
    cause_ids = {c.id for c in CAUSES}
    risk_ids = {r.id for r in RISK_FACTORS}
    for tip in PREVENTION_TIPS:
        assert set(tip.answers) <= cause_ids, tip.id
        assert set(tip.risk_factors) <= risk_ids, tip.id


def test_the_three_general_night_tips_are_stretching_bedding_and_foot_position() -> None:
    general = {t.id for t in PREVENTION_TIPS if t.general_night_advice}
    assert general == {"stretch_before_sleep", "loose_bedding", "foot_position_in_bed"}


def test_tips_for_cause_is_the_reverse_of_what_each_tip_answers() -> None:
    assert TIPS_FOR_CAUSE["not_enough_stretching"] == (
        "flexibility_exercises",
        "stretch_regularly",
        "stretch_before_sleep",
    )
    assert TIPS_FOR_CAUSE["stress"] == ()


def test_every_relief_token_maps_to_exactly_one_article_relief_method() -> None:
    tokens = [token for relief in RELIEF for token in relief.tokens]
    assert sorted(tokens) == sorted(RELIEF_METHODS)
    ice = relief_for_token("ice")
    assert ice is not None and ice.id == "heat_or_ice"
    assert relief_for_token("nap") is None


def test_muscle_relaxers_carry_their_side_effect_caveat() -> None:
    caveat = next(r for r in RELIEF if r.id == "muscle_relaxers").caveat
    assert all(word in caveat for word in ("drowsy", "dizzy", "risks and benefits"))


def test_every_feeling_token_maps_to_exactly_one_article_symptom() -> None:
    feelings = [s.feeling for s in SYMPTOMS if s.feeling is not None]
    assert sorted(feelings) == sorted(FEELINGS)
    found = symptom_for_feeling("distorted")
    assert found is not None and found.section == "What does a muscle spasm feel like?"


def test_risk_factors_map_to_every_profile_flag_and_infants_to_none() -> None:
    profile_flags = {
        f.name for f in dataclasses.fields(Profile) if isinstance(getattr(Profile(), f.name), bool)
    }
    mapped = {r.profile_field for r in RISK_FACTORS if r.profile_field is not None}
    assert mapped == profile_flags
    infant = next(r for r in RISK_FACTORS if r.id == "infant")
    assert infant.profile_field is None and "adult" in infant.explanation


def test_red_flags_split_into_provider_and_emergency_as_the_article_does() -> None:
    emergency = {f.id for f in RED_FLAGS if f.level == "emergency"}
    assert emergency == {"unbearable_pain", "cramps_all_over_body", "toxic_contact"}
    assert {f.level for f in RED_FLAGS} == {"provider", "emergency"}
    assert all(
        f.section == "When should I go to the ER for muscle cramps?"
        for f in RED_FLAGS
        if f.level == "emergency"
    )


def test_provider_questions_hold_five_asked_by_the_provider_and_five_to_ask() -> None:
    askers = [q.asked_by for q in PROVIDER_QUESTIONS]
    assert askers.count("provider") == 5 and askers.count("patient") == 5
    for question in PROVIDER_QUESTIONS:
        assert set(question.diary_fields) <= set(EPISODE_DTYPES), question.id
        assert bool(question.diary_fields) == (question.asked_by == "provider"), question.id


def test_the_app_says_plainly_it_is_not_medical_advice() -> None:
    assert "not medical advice" in NOT_MEDICAL_ADVICE
    assert "emergency" in NOT_MEDICAL_ADVICE
