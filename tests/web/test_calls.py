"""Calls for practices: the data file is valid, open calls show on the home and coverage
pages, /submit opens from a call or a gap with its fields filled in, hub check validates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from hub.cli import main
from indexer import calls, vocabulary


def test_the_calls_file_is_valid_and_its_codes_are_known():
    found, problems = calls.read_calls()
    assert problems == [] and found
    known = set(vocabulary.regions().codes) | set(vocabulary.subregions().codes)
    for call in found:
        assert all(1 <= n <= 23 for n in call.objectives)
        assert set(call.regions) <= known
        assert call.opens <= call.deadline


def test_open_calls_are_those_between_opening_and_deadline():
    found = calls.calls()
    for call in found:
        assert call in calls.open_calls(call.opens) and call in calls.open_calls(call.deadline)
        assert call not in calls.open_calls(call.deadline + dt.timedelta(days=1))
        assert call not in calls.open_calls(call.opens - dt.timedelta(days=1))


@pytest.mark.parametrize("url", ["/?lang=fr", "/coverage?lang=fr"])
def test_open_calls_show_on_the_home_and_coverage_pages(get, url):
    _, page = get(url)
    shown = [h.get_text() for h in page.select(".calls .call h3")]
    assert shown == [c.title["fr"] for c in calls.open_calls()]
    for link in page.select(".calls .call a"):
        assert link["href"].startswith("/submit?call=")


def test_the_form_opens_from_a_call_with_its_objectives_ticked(get):
    call = calls.open_calls()[0]
    _, page = get(f"/submit?call={call.id}&lang=es")
    ticked = sorted(int(box["value"]) for box in page.select("input[name=objectives][checked]"))
    assert ticked == sorted(call.objectives)
    assert call.title["es"] in page.select_one(".notice").get_text()


def test_the_form_opens_from_a_gap_with_the_objective_and_region_shown(get):
    _, page = get("/submit?objectives=6&region=002&lang=en")
    assert [box["value"] for box in page.select("input[name=objectives][checked]")] == ["6"]
    assert "Asked for: 6. Recruitment and decent work, in Africa." in page.select_one(".notice").get_text()


def test_unknown_calls_and_codes_are_ignored_not_errors(get):
    _, page = get("/submit?call=nope&objectives=99&countries=zzz")
    assert not page.select("input[name=objectives][checked]") and not page.select_one(".notice")


BAD = """calls:
  - id: Bad_Id
    title: {en: x, fr: y}
    text: {en: a, fr: b, es: c}
    objectives: [24]
    regions: ["999"]
    opens: 2027-01-01
    deadline: 2026-01-01
    extra: 1
"""


def test_hub_check_validates_a_calls_file_with_lines(tmp_path: Path):
    path = tmp_path / "calls.yaml"
    path.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    lines = sorted(line for line in result.output.splitlines() if line.startswith(str(path)))
    assert [
        line.split(": ", 2)[0].rsplit(":", 1)[1] + " " + line.split(": ", 2)[1] for line in lines
    ] == sorted(["2 id", "3 title", "5 objectives", "6 regions", "8 deadline", "9 extra"])
    good = CliRunner().invoke(main, ["check", str(calls.CALLS)])
    assert good.exit_code == 0, good.output
