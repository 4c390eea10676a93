"""Self-experiments in the provider report: "Tips tested and their result"."""

import pytest

from core.report.build import report_text
from tests.unit.test_report import known_diary, report_for


def test_tested_tips_print_under_their_own_heading() -> None:
    nights, episodes = known_diary()
    line = "Result for “Stretch before bed”: no clear answer."
    report = report_for(nights, episodes, tested_tips=[line])
    section = report.section("tested")
    assert section.title == "Tips tested and their result" and section.lines == (line,)
    assert line in report_text(report)


def test_without_experiments_there_is_no_such_section() -> None:
    nights, episodes = known_diary()
    with pytest.raises(KeyError):
        report_for(nights, episodes).section("tested")
