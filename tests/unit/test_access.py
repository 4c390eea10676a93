"""The pairing key and quick-log links: pure checks, no files."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from core.access import KEY_BYTES, address_with_key, hash_key, key_matches, new_key
from core.diary import DiaryInputError
from core.quick_log import QuickLog, parse_quick_log, usual_quick_logs


def test_keys_are_long_random_and_never_repeat() -> None:
    keys = {new_key() for _ in range(200)}
    assert len(keys) == 200
    assert all(len(key) >= KEY_BYTES * 4 // 3 for key in keys)


def test_only_the_hash_is_kept_and_it_does_not_hold_the_key() -> None:
    key = new_key()
    stored = hash_key(key)
    assert key not in stored
    assert len(stored) == 64
    assert key_matches(key, stored)


@pytest.mark.parametrize("offered", [None, "", "wrong", "x" * 43])
def test_any_other_key_is_refused(offered: str | None) -> None:
    assert not key_matches(offered, hash_key(new_key()))


def test_no_key_opens_a_diary_that_has_none_stored() -> None:
    assert not key_matches(new_key(), None)
    assert not key_matches("", "")


def test_the_pairing_address_carries_the_key_and_the_quick_log_words() -> None:
    address = address_with_key("https://192.168.1.20:8501", "abc-_1", {"log": "calf"})
    assert address == "https://192.168.1.20:8501/?key=abc-_1&log=calf"
    assert address_with_key("http://127.0.0.1:8501/", None) == "http://127.0.0.1:8501/"
    query = parse_qs(urlsplit(address_with_key("https://h:1", "a&b=c")).query)
    assert query == {"key": ["a&b=c"]}


def test_a_quick_log_link_names_a_muscle_and_maybe_a_side() -> None:
    assert parse_quick_log({"log": "calf", "side": "left"}) == QuickLog("calf", "left")
    assert parse_quick_log({"log": "foot"}) == QuickLog("foot", None)
    assert parse_quick_log({"key": "abc"}) is None
    assert QuickLog("thigh_back", "right").label == "Thigh (back), right"
    assert QuickLog("calf", "left").params == {"log": "calf", "side": "left"}


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"log": "calff"}, ["muscle"]),
        ({"log": "calf", "side": "middle"}, ["side"]),
        ({"log": "<b>x</b>", "side": "[x](y)"}, ["muscle", "side"]),
    ],
)
def test_an_unknown_word_in_a_quick_log_link_is_refused_by_name(
    params: dict[str, str], fields: list[str]
) -> None:
    with pytest.raises(DiaryInputError) as refused:
        parse_quick_log(params)
    assert [e.field for e in refused.value.errors] == fields
    for error in refused.value.errors:
        assert "quick-log link" in error.message
        assert params.get("log", "") not in error.message  # a URL's words are not echoed


def test_the_usual_muscles_are_the_most_logged_first() -> None:
    episodes = pd.DataFrame(
        {
            "muscle": ["foot", "calf", "calf", "calf", "foot", "hip", "calf"],
            "side": ["right", "left", "left", "left", None, "both", "right"],
        }
    )
    assert usual_quick_logs(episodes, limit=3) == [
        QuickLog("calf", "left"),
        QuickLog("calf", "right"),
        QuickLog("foot", None),
    ]


def test_a_new_diary_offers_the_calf() -> None:
    empty = pd.DataFrame({"muscle": [], "side": []})
    assert [q.muscle for q in usual_quick_logs(empty)] == ["calf", "calf"]
