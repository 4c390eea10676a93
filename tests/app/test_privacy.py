"""Health data stays on this computer: the shipped settings keep the app private."""

import re
import tomllib

from tests.conftest import REPO


def shipped_config() -> dict[str, dict[str, object]]:
    with (REPO / ".streamlit" / "config.toml").open("rb") as file:
        return tomllib.load(file)


def test_the_app_listens_on_this_computer_only() -> None:
    assert shipped_config()["server"]["address"] == "127.0.0.1"


def test_usage_statistics_are_off() -> None:
    assert shipped_config()["browser"]["gatherUsageStats"] is False


def test_errors_show_no_details_and_forms_are_protected() -> None:
    config = shipped_config()
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True


def test_the_makefile_starts_the_app_on_loopback_only() -> None:
    makefile = (REPO / "Makefile").read_text()
    runs = [line for line in makefile.splitlines() if "streamlit run" in line]
    assert runs
    for line in runs:
        assert "--server.address 127.0.0.1" in line
    assert not re.search(r"0\.0\.0\.0", makefile)


def test_the_readme_says_how_to_share_on_a_home_network_and_that_it_needs_a_password() -> None:
    readme = (REPO / "README.md").read_text()
    assert "--server.address 0.0.0.0" in readme
    assert "basic_auth" in readme or "auth_basic" in readme
    assert "no login of its own" in readme
