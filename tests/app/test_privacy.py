"""Health data stays on this computer: the shipped settings keep the app private."""

import re
import tomllib

from tests.conftest import REPO


def shipped_config() -> dict[str, dict[str, object]]:
    with (REPO / ".streamlit" / "config.toml").open("rb") as file:
        return tomllib.load(file)


def test_the_app_listens_on_this_computer_only() -> None:
    assert shipped_config()["server"]["address"] == "127.0.0.1"


def test_the_app_watches_no_source_files() -> None:
    # A watcher walks every imported module for each new browser session: slow pages.
    assert shipped_config()["server"]["fileWatcherType"] == "none"


def test_the_app_refuses_other_host_names_and_programs_driving_it() -> None:
    server = shipped_config()["server"]
    # DNS rebinding points another name at 127.0.0.1: only these two may open the app.
    assert server["allowedHosts"] == ["127.0.0.1", "localhost"]
    assert server["enableAgentApi"] is False


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
    # The home network only through the launcher, which adds HTTPS and the key.
    assert "-m dashboard.phone.server" in makefile


def test_the_readme_explains_phone_mode_and_keeps_the_alternatives() -> None:
    readme = (REPO / "README.md").read_text()
    assert "make phone" in readme
    assert "This diary is locked" in readme
    assert "not private" in readme  # the certificate warning a phone shows once
    assert "server.sslCertFile" in readme  # and why Streamlit's own HTTPS is enough
    assert "basic_auth" in readme and "auth_basic" in readme
    assert "Tailscale" in readme
