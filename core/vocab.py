"""The diary's fixed vocabularies: the tokens stored and written to CSV, and their labels."""

from __future__ import annotations

from collections.abc import Mapping

MUSCLES: Mapping[str, str] = {
    "calf": "Calf",
    "foot": "Foot",
    "toes": "Toes",
    "thigh_front": "Thigh (front)",
    "thigh_back": "Thigh (back)",
    "hip": "Hip",
    "back": "Back",
    "neck": "Neck",
    "arm": "Arm",
    "hand": "Hand",
    "chest": "Chest",
    "abdomen": "Abdomen",
    "ribcage": "Ribcage",
    "other": "Other",
}

SIDES: Mapping[str, str] = {"left": "Left", "right": "Right", "both": "Both"}

FEELINGS: Mapping[str, str] = {
    "twitching": "Twitching",
    "hard_knot": "Hard knot / tight ball",
    "distorted": "Muscle looked distorted",
    "soreness_after": "Sore afterwards",
}

RELIEF_METHODS: Mapping[str, str] = {
    "stretch": "Stretched it",
    "massage": "Massage",
    "walk": "Stood up and walked",
    "heat": "Heat",
    "ice": "Ice",
    "otc_pain_reliever": "Over-the-counter pain reliever",
    "muscle_relaxant": "Prescribed muscle relaxant",
}

WARNING_SIGNS: Mapping[str, str] = {
    "swelling": "Swelling",
    "numbness": "Numbness",
    "skin_changes": "Skin changes",
    "all_over_body": "Cramps all over the body",
    "toxic_contact": "After touching a possibly poisonous substance",
    "muscle_weakness": "Muscle weakness",
}

INTENSITIES: Mapping[str, str] = {
    "none": "None",
    "light": "Light",
    "moderate": "Moderate",
    "vigorous": "Vigorous",
}

VOLUME_UNITS: Mapping[str, str] = {
    "litres": "Litres",
    "cups": "Cups (US, 237 ml)",
    "fl_oz": "Fluid ounces (US, 29.6 ml)",
}

LITRES_PER_UNIT: Mapping[str, float] = {
    "litres": 1.0,
    "cups": 0.2365882365,
    "fl_oz": 0.0295735295625,
}

INTERVENTION_KINDS: Mapping[str, str] = {
    "stretching": "Stretching routine",
    "shoes": "New shoes",
    "water": "Drinking more water",
    "medication": "Medication started or stopped",
    "supplement": "Supplement started or stopped",
    "other": "Other change",
}

LIST_SEPARATOR = ";"


def label(vocabulary: Mapping[str, str], token: str) -> str:
    """The label shown for a token, or the token itself when it is not in the vocabulary."""
    return vocabulary.get(token, token)


def to_litres(amount: float, unit: str) -> float:
    """Convert an amount of water in the given unit to litres."""
    return amount * LITRES_PER_UNIT[unit]


def from_litres(litres: float, unit: str) -> float:
    """Convert litres to the given unit."""
    return litres / LITRES_PER_UNIT[unit]
