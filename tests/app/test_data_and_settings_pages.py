from collections.abc import Callable
from datetime import date, time

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.diary import Episode, NightContext
from core.files.csv_format import COLUMNS
from core.profile import Profile
from db.repository import add_episode, get_profile, load_frames
from tests.app.conftest import by_label
from tests.entries import calf_cramp

HEADER = ",".join(COLUMNS)


def line(**cells: str) -> str:
    return ",".join(cells.get(c, "") for c in COLUMNS)


def upload(at: AppTest, text: str) -> AppTest:
    at.file_uploader[0].set_value(("diary.csv", text.encode(), "text/csv"))
    return at.run()


def test_a_good_file_is_previewed_then_imported(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/data_page.py")
    assert "Nothing to export yet" in at.info[0].value
    text = (
        "\n".join(
            [
                HEADER,
                line(night="2026-03-13", time="02:30", muscle="calf"),
                line(night="2026-03-14", stress="3"),
            ]
        )
        + "\n"
    )
    at = upload(at, text)
    assert not at.exception and not at.error
    assert (
        "Importing adds: 1 new cramp; 2 new nights (1 of them cramp-free)"
        in [m.value for m in at.markdown][-1]
    )
    assert load_frames(engine=diary)[0].empty  # a preview writes nothing
    at = by_label(at.button, "Import").click().run()  # type: ignore[attr-defined]
    assert "Imported" in at.success[0].value
    nights, episodes = load_frames(engine=diary)
    assert len(nights) == 2 and len(episodes) == 1


def test_a_bad_file_lists_every_error_and_imports_nothing(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/data_page.py")
    text = (
        "\n".join(
            [
                HEADER,
                line(night="2026-03-13", time="02:30", muscle="calf", pain="12"),
                line(night="2026-13-01", time="02:30", muscle="calf"),
            ]
        )
        + "\n"
    )
    at = upload(at, text)
    assert "Nothing was imported: the file has 2 problems" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems["Row"].tolist() == ["2", "3"]
    assert problems["Column"].tolist() == ["pain", "night"]
    assert not [b for b in at.button if b.label == "Import"]
    assert load_frames(engine=diary)[0].empty


def test_a_file_already_imported_has_nothing_to_add(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    add_episode(
        engine=diary,
        episode=Episode(night=date(2026, 3, 13), time=time(2, 30), muscle="calf"),
        context=None,
    )
    at = open_page("app_pages/data_page.py")
    at = upload(at, "\n".join([HEADER, line(night="2026-03-13", time="02:30", muscle="calf")]))
    assert "already in your diary" in at.info[0].value


def test_export_offers_the_whole_diary_with_a_dated_file_name(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    add_episode(engine=diary, episode=calf_cramp(note="=2+2"), context=NightContext(water_l=1.5))
    at = open_page("app_pages/data_page.py")
    button = at.get("download_button")[0]
    assert button.proto.label == "Download 1 cramp and 1 night (CSV)"
    assert button.proto.deferred_file_id  # the CSV is built when clicked, not on every rerun


def test_settings_are_saved_and_converted_to_litres(
    open_page: Callable[[str], AppTest], diary: Engine
) -> None:
    at = open_page("app_pages/settings_page.py")
    by_label(at.selectbox, "Units for water").set_value("cups").run()  # type: ignore[attr-defined]
    by_label(at.number_input, "Daily water target (cups)").set_value(10.0)  # type: ignore[attr-defined]
    by_label(at.checkbox, "Age 65 or over").check()  # type: ignore[attr-defined]
    at = by_label(at.button, "Save settings").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    profile = get_profile(engine=diary)
    assert profile.volume_unit == "cups" and profile.age_65_plus
    assert abs(profile.water_target_l - 2.366) < 0.001


def test_bad_settings_are_refused(open_page: Callable[[str], AppTest], diary: Engine) -> None:
    at = open_page("app_pages/settings_page.py")
    by_label(at.number_input, "Daily water target (L)").set_value(0.25)  # type: ignore[attr-defined]
    at = by_label(at.button, "Save settings").click().run()  # type: ignore[attr-defined]
    assert "between 0.5 and 6 litres" in at.error[0].value
    assert get_profile(engine=diary) == Profile()
