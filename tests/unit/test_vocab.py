import re

import pytest

from core import vocab
from core.files.csv_format import COLUMNS

README = (__import__("pathlib").Path(__file__).resolve().parents[2] / "README.md").read_text()

# The exact tokens DESIGN.md fixes for the CSV contract.
CONTRACT = {
    "MUSCLES": "calf, foot, toes, thigh_front, thigh_back, hip, back, neck, arm, hand, chest, "
    "abdomen, ribcage, other",
    "SIDES": "left, right, both",
    "FEELINGS": "twitching, hard_knot, distorted, soreness_after",
    "RELIEF_METHODS": "stretch, massage, walk, heat, ice, otc_pain_reliever, muscle_relaxant",
    "WARNING_SIGNS": "swelling, numbness, skin_changes, all_over_body, toxic_contact, "
    "muscle_weakness",
    "INTENSITIES": "none, light, moderate, vigorous",
}


@pytest.mark.parametrize(("name", "tokens"), CONTRACT.items())
def test_vocabulary_matches_the_csv_contract_exactly(name: str, tokens: str) -> None:
    assert list(getattr(vocab, name)) == tokens.split(", ")


@pytest.mark.parametrize("name", CONTRACT)
def test_every_token_is_a_lowercase_identifier_with_a_label(name: str) -> None:
    for token, text in getattr(vocab, name).items():
        assert re.fullmatch(r"[a-z_]+", token)
        assert text.strip()


@pytest.mark.parametrize("tokens", CONTRACT.values())
def test_readme_documents_every_token(tokens: str) -> None:
    assert tokens in README


def test_readme_documents_the_column_order() -> None:
    assert ",".join(COLUMNS) in README


@pytest.mark.parametrize("unit", list(vocab.VOLUME_UNITS))
def test_water_units_convert_both_ways(unit: str) -> None:
    assert vocab.to_litres(vocab.from_litres(1.7, unit), unit) == pytest.approx(1.7)


def test_eight_us_cups_are_about_1_9_litres() -> None:
    assert vocab.to_litres(8, "cups") == pytest.approx(1.893, abs=0.001)
