"""Play every package in the local LMS frame driven by the real scorm-again runtime."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from .learner import answer_all, drawn, walk_to_quiz

OFFICES = ["burgemeester", "gemeentesecretaris", "griffier", "raadslid", "rekenkamerlid", "statenlid",
           "waterschapsbestuurder", "wethouder"]
VERSIONS = {"1.2": "scorm12", "2004": "scorm2004"}
SESSION_TIME = {"1.2": re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$"),
                "2004": re.compile(r"^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$")}


def open_harness(page, served, name, version, state=None, fault=None):
    url = f"{served['url']}/lms/index.html?pkg=/pkg/{name}/&v={version}" + (f"&fault={fault}" if fault else "")
    if state:
        url += "#state=" + urllib.parse.quote(json.dumps(state))
    page.goto("about:blank")  # a relaunch differs only in its hash: force a real load
    page.goto(url)
    page.wait_for_function("window.harness && window.harness.ready")
    frame = page.frame_locator("#sco")
    frame.locator("#progress-text").wait_for()
    return frame


def close_sco(page) -> dict:
    """Unload the SCO as an LMS does when the learner leaves; returns what it reported."""
    item = page.evaluate("window.harness.current")
    n = page.evaluate("window.harness.calls.length")
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    # the SCO's pagehide handler runs to its end before this polls: its last call is a commit or the end
    page.wait_for_function("n => { var c = window.harness.calls; return c.length > n &&"
                           " /^(LMSCommit|Commit|LMSFinish|Terminate) /.test(c[c.length - 1]); }", arg=n)
    return page.evaluate("id => window.harness.results[id]", item)


def resume_state(version, cmi) -> dict:
    if version == "1.2":
        return {"cmi": {"suspend_data": cmi["cmi.suspend_data"],
                        "core": {"lesson_location": cmi["cmi.core.lesson_location"], "entry": "resume"}}}
    return {"cmi": {"suspend_data": cmi["cmi.suspend_data"], "location": cmi["cmi.location"], "entry": "resume"}}


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("office", OFFICES)
def test_office_package_full_learner_journey(page_and_watch, served, office, version):
    page, watch = page_and_watch
    project = served["project"]
    bank = project.bank(office)
    name = f"{project.programme.id}-{office}-{VERSIONS[version]}"
    frame = open_harness(page, served, name, version)
    item = page.evaluate("window.harness.items[0].id")
    # close in the middle of the lessons and relaunch: the same lesson comes back, progress kept
    for _ in range(4):
        frame.locator("#next").click()
    fifth = frame.locator("section.lesson:not([hidden])").get_attribute("data-lesson")
    progress = frame.locator("#progress-text").inner_text()
    cmi = close_sco(page)
    frame = open_harness(page, served, name, version, state={item: resume_state(version, cmi)})
    assert frame.locator("section.lesson:not([hidden])").get_attribute("data-lesson") == fifth
    assert frame.locator("#progress-text").inner_text() == progress
    lessons = walk_to_quiz(frame)
    assert lessons + 4 == len(project.module("core").lessons) + len(project.module(office).lessons)
    frame.locator("#quiz-start").click()
    first = answer_all(frame, bank, right=False, only=slice(0, 3))
    assert len(drawn(frame)) == project.programme.quiz.questions_per_attempt
    covered = {v for i in drawn(frame) for v in bank.questions[i].values}
    assert set(bank.priorities) <= covered  # at least one question per priority value
    checked_before = frame.locator("input:checked").count()

    # close mid-quiz and relaunch: same lesson, answers kept
    cmi = close_sco(page)
    location_key = "cmi.core.lesson_location" if version == "1.2" else "cmi.location"
    assert cmi[location_key] == "quiz"
    assert cmi["cmi.core.exit" if version == "1.2" else "cmi.exit"] == "suspend"
    frame = open_harness(page, served, name, version, state={item: resume_state(version, cmi)})
    assert frame.locator("#les-quiz").is_visible()
    assert drawn(frame) == first  # the same questions as before the relaunch
    assert frame.locator("input:checked").count() == checked_before

    # fail, retry, pass
    answer_all(frame, bank, right=False)
    frame.locator("#quiz-submit").click()
    result = frame.locator("#quiz-result")
    assert "Nog niet geslaagd" in result.inner_text()
    assert frame.locator("#quiz-retry").is_visible()
    frame.locator("#quiz-retry").click()
    answer_all(frame, bank, right=True)
    frame.locator("#quiz-submit").click()
    assert "Geslaagd" in result.inner_text()
    assert "Uw score: 100 procent." in result.inner_text()
    assert frame.locator("#certificate").is_visible()
    assert frame.locator("#cert-title").inner_text() == "Bewijs van deelname"

    cmi = close_sco(page)
    n = project.programme.quiz.questions_per_attempt
    if version == "1.2":
        assert cmi["cmi.core.lesson_status"] == "passed"
        assert (cmi["cmi.core.score.raw"], cmi["cmi.core.score.min"], cmi["cmi.core.score.max"]) == ("100", "0", "100")
        assert SESSION_TIME["1.2"].match(cmi["cmi.core.session_time"])
        # the harness drops empty values: exit is "" (done), not "suspend" as during the journey
        assert "cmi.core.exit" not in cmi
        results = [cmi[f"cmi.interactions.{i}.result"] for i in range(2 * n)]
        assert results[n:] == ["correct"] * n and all(r in ("wrong", "correct") for r in results[:n])
        for i in range(2 * n):
            assert cmi[f"cmi.interactions.{i}.type"] in ("choice", "true-false", "matching")
            assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", cmi[f"cmi.interactions.{i}.time"])
            assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", cmi[f"cmi.interactions.{i}.latency"])
            assert cmi[f"cmi.interactions.{i}.id"].startswith(office + ".")
    else:
        assert (cmi["cmi.completion_status"], cmi["cmi.success_status"]) == ("completed", "passed")
        assert (cmi["cmi.score.raw"], cmi["cmi.score.min"], cmi["cmi.score.max"], cmi["cmi.score.scaled"]) == (
            "100", "0", "100", "1")
        assert SESSION_TIME["2004"].match(cmi["cmi.session_time"])
        assert "cmi.exit" not in cmi
        results = [cmi[f"cmi.interactions.{i}.result"] for i in range(2 * n)]
        assert results[n:] == ["correct"] * n
        for i in range(2 * n):
            assert cmi[f"cmi.interactions.{i}.type"] in ("choice", "true-false", "matching")
            assert re.fullmatch(r"PT\d+S", cmi[f"cmi.interactions.{i}.latency"])
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", cmi[f"cmi.interactions.{i}.timestamp"])
            assert cmi[f"cmi.interactions.{i}.learner_response"]
            assert cmi[f"cmi.interactions.{i}.correct_responses.0.pattern"]
            assert cmi[f"cmi.interactions.{i}.description"]
    assert f"cmi.interactions.{2 * n}.id" not in cmi
    assert page.evaluate("window.harness.terminated") == 1  # this session terminated exactly once
    assert page.evaluate("window.harness.calls.filter(c => /^(LMSInitialize|Initialize) /.test(c)).length") == 1
    assert [e for e in watch.errors if "favicon" not in e] == []
    outside = [u for u in watch.requests if not u.startswith(served["url"] + "/") and u != "about:blank"]
    assert outside == []
