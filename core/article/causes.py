"""What the source article says about cramps, held as data in the app's own words.

Every item names the article heading it comes from (`section`), so the app can
show where a piece of advice comes from and a test can check that nothing the
article lists is missing and nothing is added. The source is the
patient-education article in `source/muscle-spasms-article.txt`; the wording
here is the app's own.

The rules that apply this knowledge to a diary live elsewhere: `core.article.tagging`
(causes), `core.article.advice` (prevention tips) and `core.article.red_flags` (warning signs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

# The article's headings, exactly as they appear in it.
SECTION_WHO = "Who gets muscle spasms?"
SECTION_SERIOUS = "Are muscle spasms (muscle cramps) serious?"
SECTION_SYMPTOMS = "What are the symptoms of muscle spasms (muscle cramps)?"
SECTION_CAUSES = "What causes muscle spasms (muscle cramps)?"
SECTION_DIAGNOSIS = "How do healthcare providers diagnose muscle spasms?"
SECTION_TREATMENT = "How do you treat muscle spasms?"
SECTION_PREVENTION = "How can I prevent muscle spasms (muscle cramps)?"
SECTION_SEE_PROVIDER = "When should I see my healthcare provider?"
SECTION_EMERGENCY = "When should I go to the ER for muscle cramps?"
SECTION_QUESTIONS = "What questions should I ask my healthcare provider?"
SECTION_FEEL = "What does a muscle spasm feel like?"
SECTION_DEFICIENCY = "What deficiency causes muscle cramps?"

NOT_MEDICAL_ADVICE = (
    "Cramp Diary is a personal record, not medical advice. It links your entries to a "
    "patient-education article about muscle cramps, but it cannot diagnose anything and a "
    "tag is a pattern in your diary, not a proven cause. Talk to a healthcare provider about "
    "your cramps, and call your local emergency number if you think you need urgent care."
)

CauseGroup = Literal["general", "night", "medication", "deficiency"]
RedFlagLevel = Literal["provider", "emergency"]
Asker = Literal["provider", "patient"]


@dataclass(frozen=True)
class Cause:
    """A possible cause of cramps the article names.

    `measurable` says whether a diary entry can show it; `context_fields` are the
    night-context fields (see `core.diary.NightContext`) the tagging rule reads.
    `group` is "night" for the article's list specific to night-time leg cramps.
    `advice` is the article's advice for causes the diary cannot see.
    """

    id: str
    title: str
    explanation: str
    section: str
    group: CauseGroup
    measurable: bool
    context_fields: tuple[str, ...] = ()
    advice: str = ""


@dataclass(frozen=True)
class RiskFactor:
    """A group of people the article says get cramps more often.

    `profile_field` is the `core.profile.Profile` flag that records it, or None
    when it does not apply to an adult keeping their own diary.
    """

    id: str
    title: str
    explanation: str
    section: str
    profile_field: str | None


@dataclass(frozen=True)
class PreventionTip:
    """Something the article suggests to lower the chance of cramps.

    `answers` are the cause ids the tip works against, `risk_factors` the risk
    factor ids it addresses. The three tips with `general_night_advice` are the
    article's advice for night-time leg cramps and are always shown.
    """

    id: str
    title: str
    explanation: str
    section: str
    answers: tuple[str, ...] = ()
    risk_factors: tuple[str, ...] = ()
    general_night_advice: bool = False


@dataclass(frozen=True)
class Relief:
    """A way to ease a cramp the article names; `tokens` are its `core.vocab.RELIEF_METHODS`."""

    id: str
    title: str
    explanation: str
    section: str
    tokens: tuple[str, ...]
    caveat: str = ""


@dataclass(frozen=True)
class RedFlag:
    """A sign that needs a provider ("provider") or emergency care ("emergency").

    `detectable` is False for signs the diary cannot spot on its own; the app
    still lists them so the person can judge for themselves.
    """

    id: str
    title: str
    explanation: str
    section: str
    level: RedFlagLevel
    detectable: bool = True


@dataclass(frozen=True)
class ProviderQuestion:
    """A question for a visit: one a provider asks ("provider") or one to ask ("patient").

    `diary_fields` are the episode columns that help answer a provider's question.
    """

    id: str
    title: str
    explanation: str
    section: str
    asked_by: Asker
    diary_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Symptom:
    """What a cramp can feel like; `feeling` is its `core.vocab.FEELINGS` token, if any.

    `neurological` marks the extra symptoms the article says can come with
    cramps caused by a condition of the nervous system.
    """

    id: str
    title: str
    explanation: str
    section: str
    feeling: str | None = None
    neurological: bool = False


_TALK_ABOUT_SUPPLEMENTS = (
    "A diary cannot measure this. If you think you may be low on it, ask your provider "
    "whether a test or a supplement makes sense."
)

CAUSES: tuple[Cause, ...] = (
    Cause(
        "not_enough_stretching",
        "Not enough stretching",
        "Muscles that are rarely stretched are more prone to cramping.",
        SECTION_CAUSES,
        "general",
        measurable=True,
        context_fields=("stretched",),
    ),
    Cause(
        "muscle_fatigue",
        "Tired muscles",
        "A muscle worn out by a long bout of activity cramps more easily.",
        SECTION_CAUSES,
        "general",
        measurable=True,
        context_fields=("exercise_min",),
    ),
    Cause(
        "exercise_in_heat",
        "Exercise in great heat",
        "Working out when it is very hot can bring on so-called heat cramps.",
        SECTION_CAUSES,
        "general",
        measurable=True,
        context_fields=("hot", "exercise_min", "exercise_intensity"),
    ),
    Cause(
        "dehydration",
        "Not drinking enough",
        "Being low on fluids is one of the common triggers.",
        SECTION_CAUSES,
        "general",
        measurable=True,
        context_fields=("water_l",),
    ),
    Cause(
        "electrolyte_imbalance",
        "Electrolyte imbalance",
        "Salts and minerals in the body, such as potassium, magnesium and calcium, being too "
        "high or too low.",
        SECTION_CAUSES,
        "general",
        measurable=False,
        advice=_TALK_ABOUT_SUPPLEMENTS,
    ),
    Cause(
        "stress",
        "Stress",
        "Stress is among the things that can set off cramps.",
        SECTION_CAUSES,
        "general",
        measurable=True,
        context_fields=("stress",),
    ),
    Cause(
        "high_intensity_exercise",
        "A lot of hard exercise",
        "Too much very intense exercise can lead to cramps.",
        SECTION_CAUSES,
        "general",
        measurable=True,
        context_fields=("exercise_intensity",),
    ),
    Cause(
        "long_sitting",
        "Long hours sitting",
        "For night-time leg cramps: sitting for much of the day.",
        SECTION_CAUSES,
        "night",
        measurable=True,
        context_fields=("sitting_h",),
    ),
    Cause(
        "muscle_overuse",
        "Overused muscles",
        "For night-time leg cramps: asking too much of the same muscles during the day.",
        SECTION_CAUSES,
        "night",
        measurable=True,
        context_fields=("exercise_min", "hard_floor_h"),
    ),
    Cause(
        "hard_floors",
        "Standing on hard floors",
        "For night-time leg cramps: standing or working for hours on concrete and similar "
        "hard floors.",
        SECTION_CAUSES,
        "night",
        measurable=True,
        context_fields=("hard_floor_h",),
    ),
    Cause(
        "poor_sitting_posture",
        "Poor sitting posture",
        "For night-time leg cramps: sitting in a bad position. The diary does not record how "
        "you sit.",
        SECTION_CAUSES,
        "night",
        measurable=False,
    ),
    Cause(
        "medication_side_effect",
        "Medication side effect",
        "Some medicines can cause cramps as a side effect; the article's prevention advice "
        "mentions steering clear of them.",
        SECTION_PREVENTION,
        "medication",
        measurable=True,
        context_fields=("new_medication",),
    ),
    Cause(
        "calcium_deficiency",
        "Low calcium",
        "Too little calcium may lead to cramps.",
        SECTION_DEFICIENCY,
        "deficiency",
        measurable=False,
        advice=_TALK_ABOUT_SUPPLEMENTS,
    ),
    Cause(
        "potassium_deficiency",
        "Low potassium",
        "Too little potassium may lead to cramps.",
        SECTION_DEFICIENCY,
        "deficiency",
        measurable=False,
        advice=_TALK_ABOUT_SUPPLEMENTS,
    ),
    Cause(
        "magnesium_deficiency",
        "Low magnesium",
        "Too little magnesium (hypomagnesemia) may lead to cramps.",
        SECTION_DEFICIENCY,
        "deficiency",
        measurable=False,
        advice=_TALK_ABOUT_SUPPLEMENTS,
    ),
    Cause(
        "vitamin_d_deficiency",
        "Low vitamin D",
        "Too little vitamin D may lead to cramps.",
        SECTION_DEFICIENCY,
        "deficiency",
        measurable=False,
        advice=_TALK_ABOUT_SUPPLEMENTS,
    ),
)

RISK_FACTORS: tuple[RiskFactor, ...] = (
    RiskFactor(
        "athlete",
        "Athletes",
        "People who train hard get cramps more often.",
        SECTION_WHO,
        profile_field="athlete",
    ),
    RiskFactor(
        "infant",
        "Babies",
        "Infants are prone to cramps too. This does not apply to an adult's own diary, so "
        "the profile has no setting for it.",
        SECTION_WHO,
        profile_field=None,
    ),
    RiskFactor(
        "pregnant",
        "Pregnancy",
        "Cramps are more common during pregnancy.",
        SECTION_WHO,
        profile_field="pregnant",
    ),
    RiskFactor(
        "age_65_plus",
        "Age 65 or older",
        "Cramps become more common past 65, and can grow worse and more frequent with age.",
        SECTION_WHO,
        profile_field="age_65_plus",
    ),
    RiskFactor(
        "obesity",
        "Obesity",
        "Having obesity raises the chance of cramps.",
        SECTION_WHO,
        profile_field="obesity",
    ),
)

PREVENTION_TIPS: tuple[PreventionTip, ...] = (
    PreventionTip(
        "flexibility_exercises",
        "Do flexibility exercises",
        "Make exercises for flexibility a regular habit.",
        SECTION_PREVENTION,
        answers=("not_enough_stretching",),
    ),
    PreventionTip(
        "overall_fitness",
        "Build your general fitness",
        "Fitter muscles are less easily tired or overused.",
        SECTION_PREVENTION,
        answers=("muscle_fatigue", "muscle_overuse"),
    ),
    PreventionTip(
        "stretch_regularly",
        "Stretch often",
        "Stretch regularly, above all the muscles that cramp most.",
        SECTION_PREVENTION,
        answers=("not_enough_stretching",),
    ),
    PreventionTip(
        "drink_water",
        "Drink plenty of water",
        "Keep well hydrated through the day.",
        SECTION_PREVENTION,
        answers=("dehydration",),
    ),
    PreventionTip(
        "avoid_heat_exercise",
        "Skip workouts in great heat",
        "Move exercise to a cooler time or place when it is very hot.",
        SECTION_PREVENTION,
        answers=("exercise_in_heat",),
    ),
    PreventionTip(
        "well_fitting_shoes",
        "Wear shoes that fit",
        "Well-fitting shoes help, for example on days spent standing on hard floors.",
        SECTION_PREVENTION,
        answers=("hard_floors",),
    ),
    PreventionTip(
        "healthy_weight",
        "Keep a healthy weight",
        "Aim for a weight that is healthy for you.",
        SECTION_PREVENTION,
        risk_factors=("obesity",),
    ),
    PreventionTip(
        "avoid_side_effect_medications",
        "Ask about medicines that cause cramps",
        "Where you can, avoid medicines known to cause cramps; never stop a prescribed one "
        "without talking to your provider.",
        SECTION_PREVENTION,
        answers=("medication_side_effect",),
    ),
    PreventionTip(
        "foot_position_in_bed",
        "Mind your feet in bed",
        "Lying on your back, prop your feet with pillows so the toes point up; lying on your "
        "front, let your feet hang off the end of the bed.",
        SECTION_PREVENTION,
        general_night_advice=True,
    ),
    PreventionTip(
        "stretch_before_sleep",
        "Stretch before bed",
        "A few stretches just before sleep, especially of the legs.",
        SECTION_PREVENTION,
        answers=("not_enough_stretching",),
        general_night_advice=True,
    ),
    PreventionTip(
        "loose_bedding",
        "Keep the bedding loose",
        "Tucked-in sheets and blankets hold the feet down; leave them loose around your legs.",
        SECTION_PREVENTION,
        general_night_advice=True,
    ),
)

RELIEF: tuple[Relief, ...] = (
    Relief(
        "stretch",
        "Stretch it",
        "Gently stretch the cramping muscle.",
        SECTION_TREATMENT,
        tokens=("stretch",),
    ),
    Relief(
        "massage",
        "Massage it",
        "Rub the muscle by hand or with a massage roller.",
        SECTION_TREATMENT,
        tokens=("massage",),
    ),
    Relief(
        "walk",
        "Get up and walk",
        "Stand and walk about for a while.",
        SECTION_TREATMENT,
        tokens=("walk",),
    ),
    Relief(
        "heat_or_ice",
        "Heat or ice",
        "Put something warm or something cold on the muscle.",
        SECTION_TREATMENT,
        tokens=("heat", "ice"),
    ),
    Relief(
        "otc_pain_relievers",
        "Over-the-counter pain reliever",
        "A pain reliever from the pharmacy shelf, such as ibuprofen or acetaminophen.",
        SECTION_TREATMENT,
        tokens=("otc_pain_reliever",),
    ),
    Relief(
        "muscle_relaxers",
        "Prescribed muscle relaxant",
        "For severe or frequent cramps a provider may prescribe a muscle relaxant.",
        SECTION_TREATMENT,
        tokens=("muscle_relaxant",),
        caveat=(
            "They can make you drowsy, dizzy or sick to your stomach, so they may not suit "
            "long-term use; go over the risks and benefits with your provider."
        ),
    ),
)

RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "severe_pain",
        "Severe pain",
        "Cramps that hurt a great deal are a reason to contact your provider right away.",
        SECTION_SEE_PROVIDER,
        "provider",
    ),
    RedFlag(
        "frequent",
        "Frequent cramps",
        "Cramps that keep coming back often are worth a visit.",
        SECTION_SEE_PROVIDER,
        "provider",
    ),
    RedFlag(
        "long_lasting",
        "Long-lasting cramps",
        "Cramps that go on for a long time are worth a visit.",
        SECTION_SEE_PROVIDER,
        "provider",
    ),
    RedFlag(
        "leg_swelling_or_numbness",
        "Swelling or numbness",
        "A leg that swells or goes numb needs a provider's attention right away.",
        SECTION_SEE_PROVIDER,
        "provider",
    ),
    RedFlag(
        "skin_changes",
        "Changes in the skin",
        "Changes in the skin need a provider's attention right away.",
        SECTION_SEE_PROVIDER,
        "provider",
    ),
    RedFlag(
        "leg_cramps_wake_you",
        "Leg cramps that wake you",
        "Leg cramps that wake you from sleep are a reason to contact your provider right away.",
        SECTION_SEE_PROVIDER,
        "provider",
    ),
    RedFlag(
        "possible_underlying_condition",
        "Could be another condition",
        "If you suspect your cramps come from another health problem, see your provider "
        "soon. The diary cannot tell this for you.",
        SECTION_SEE_PROVIDER,
        "provider",
        detectable=False,
    ),
    RedFlag(
        "neurological_signs",
        "Weakness or poor coordination",
        "Long-running cramps together with pain, weak muscles or clumsiness can point to a "
        "problem of the nervous system; book a provider visit to look into it.",
        SECTION_SERIOUS,
        "provider",
    ),
    RedFlag(
        "unbearable_pain",
        "Unbearable pain",
        "Pain you cannot bear is a reason to get emergency care.",
        SECTION_EMERGENCY,
        "emergency",
    ),
    RedFlag(
        "cramps_all_over_body",
        "Cramps all over the body",
        "Cramps throughout the body can signal a serious problem, such as an electrolyte "
        "imbalance or another illness; get emergency care.",
        SECTION_EMERGENCY,
        "emergency",
    ),
    RedFlag(
        "toxic_contact",
        "After contact with a poison",
        "Cramps that began after touching something that may be poisonous need emergency care.",
        SECTION_EMERGENCY,
        "emergency",
    ),
)

PROVIDER_QUESTIONS: tuple[ProviderQuestion, ...] = (
    ProviderQuestion(
        "pain_severity",
        "How much do the cramps hurt?",
        "The pain scores you logged answer this.",
        SECTION_DIAGNOSIS,
        "provider",
        diary_fields=("pain",),
    ),
    ProviderQuestion(
        "timing",
        "At what times do the cramps tend to come?",
        "Onset times and nights answer this.",
        SECTION_DIAGNOSIS,
        "provider",
        diary_fields=("onset", "night"),
    ),
    ProviderQuestion(
        "duration",
        "How long does a cramp go on?",
        "The durations you logged answer this.",
        SECTION_DIAGNOSIS,
        "provider",
        diary_fields=("duration_s",),
    ),
    ProviderQuestion(
        "feel",
        "What does a cramp feel like to you?",
        "The feelings you ticked (twitching, a hard knot, ...) answer this.",
        SECTION_DIAGNOSIS,
        "provider",
        diary_fields=("felt",),
    ),
    ProviderQuestion(
        "onset_history",
        "Since when have you had them?",
        "The first night in your diary is a lower bound; add what you remember.",
        SECTION_DIAGNOSIS,
        "provider",
        diary_fields=("night",),
    ),
    ProviderQuestion(
        "specialist",
        "Do I need a specialist?",
        "Whether someone else should look at your cramps.",
        SECTION_QUESTIONS,
        "patient",
    ),
    ProviderQuestion(
        "symptom_of_disease",
        "Could an illness be behind my cramps?",
        "Whether the cramps may be a sign of another condition.",
        SECTION_QUESTIONS,
        "patient",
    ),
    ProviderQuestion(
        "stretch_technique",
        "Which stretches should I do, and how?",
        "Ask to be shown the right way to stretch.",
        SECTION_QUESTIONS,
        "patient",
    ),
    ProviderQuestion(
        "help_child",
        "What can I do when my child gets a cramp?",
        "For parents whose child has cramps.",
        SECTION_QUESTIONS,
        "patient",
    ),
    ProviderQuestion(
        "massage_techniques",
        "Which kind of massage helps most during a cramp?",
        "Ask which massage methods to use.",
        SECTION_QUESTIONS,
        "patient",
    ),
)

SYMPTOMS: tuple[Symptom, ...] = (
    Symptom(
        "twitching",
        "Twitching",
        "In mild cramps the muscle seems to jump, and you may see it twitch.",
        SECTION_SYMPTOMS,
        feeling="twitching",
    ),
    Symptom(
        "hard_knot",
        "A hard knot",
        "In strong cramps the whole muscle locks into a tight lump, common in the legs.",
        SECTION_SYMPTOMS,
        feeling="hard_knot",
    ),
    Symptom(
        "soreness_after",
        "Sore afterwards",
        "After a very painful cramp the spot can ache for a day or two.",
        SECTION_SYMPTOMS,
        feeling="soreness_after",
    ),
    Symptom(
        "distorted",
        "Muscle looks out of shape",
        "The muscle may look misshapen or feel hard when touched.",
        SECTION_FEEL,
        feeling="distorted",
    ),
    Symptom(
        "neuro_muscle_pain",
        "Muscle pain",
        "May come with cramps caused by a nervous-system condition.",
        SECTION_SYMPTOMS,
        neurological=True,
    ),
    Symptom(
        "neuro_weakness",
        "Muscle weakness",
        "May come with cramps caused by a nervous-system condition.",
        SECTION_SYMPTOMS,
        neurological=True,
    ),
    Symptom(
        "neuro_paralysis",
        "Paralysis",
        "May come with cramps caused by a nervous-system condition.",
        SECTION_SYMPTOMS,
        neurological=True,
    ),
    Symptom(
        "neuro_numbness",
        "Numbness",
        "May come with cramps caused by a nervous-system condition.",
        SECTION_SYMPTOMS,
        neurological=True,
    ),
    Symptom(
        "neuro_coordination",
        "Trouble with coordination",
        "May come with cramps caused by a nervous-system condition.",
        SECTION_SYMPTOMS,
        neurological=True,
    ),
    Symptom(
        "neuro_sleep",
        "Trouble sleeping",
        "May come with cramps caused by a nervous-system condition.",
        SECTION_SYMPTOMS,
        neurological=True,
    ),
    Symptom(
        "neuro_vision",
        "Problems with vision",
        "May come with cramps caused by a nervous-system condition.",
        SECTION_SYMPTOMS,
        neurological=True,
    ),
)

CAUSE_BY_ID: Mapping[str, Cause] = {c.id: c for c in CAUSES}
RISK_FACTOR_BY_ID: Mapping[str, RiskFactor] = {r.id: r for r in RISK_FACTORS}
PREVENTION_TIP_BY_ID: Mapping[str, PreventionTip] = {t.id: t for t in PREVENTION_TIPS}
RELIEF_BY_ID: Mapping[str, Relief] = {r.id: r for r in RELIEF}
RED_FLAG_BY_ID: Mapping[str, RedFlag] = {f.id: f for f in RED_FLAGS}
PROVIDER_QUESTION_BY_ID: Mapping[str, ProviderQuestion] = {q.id: q for q in PROVIDER_QUESTIONS}
SYMPTOM_BY_ID: Mapping[str, Symptom] = {s.id: s for s in SYMPTOMS}

# Which prevention tips answer each cause (the reverse of PreventionTip.answers).
TIPS_FOR_CAUSE: Mapping[str, tuple[str, ...]] = {
    c.id: tuple(t.id for t in PREVENTION_TIPS if c.id in t.answers) for c in CAUSES
}


def relief_for_token(token: str) -> Relief | None:
    """The article's relief method behind a `core.vocab.RELIEF_METHODS` token, if any."""
    for relief in RELIEF:
        if token in relief.tokens:
            return relief
    return None


def symptom_for_feeling(token: str) -> Symptom | None:
    """The article's symptom behind a `core.vocab.FEELINGS` token, if any."""
    for symptom in SYMPTOMS:
        if symptom.feeling == token:
            return symptom
    return None
