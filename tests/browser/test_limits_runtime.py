"""What the LMS stores at the limits (docs/runtime.md, README): a score exactly at the mastery score,
the best score after several attempts, the exact format of session time and latency."""

from __future__ import annotations

import datetime
import json
import urllib.parse

import pytest
from playwright.sync_api import expect

from .learner import answer_key, drawn, fill, walk_to_quiz, wrong_key
from .test_moodle import harness, office, started, unload
from .test_reporting import variant
from .conftest import serve_build
from .test_scorm_e2e import close_sco, open_harness


def answer_some_right(frame, bank, right: int) -> None:
    """Answer the first `right` drawn questions right and the others wrong (a wrong answer scores 0)."""
    for pos, idx in enumerate(drawn(frame)):
        q = bank.questions[idx]
        fill(frame, q, idx, answer_key(q) if pos < right else wrong_key(q))


def sent(page, element: str) -> str:
    """The last value the SCO set for an element (the LMS's own rendering of a time may differ)."""
    return page.evaluate("""e => { var v = window.harness.calls.filter(c => c.includes('SetValue ' + e + ' = '));
        var last = v[v.length - 1]; return last.slice(last.indexOf(' = ') + 3, last.lastIndexOf(' -> ')); }""", element)


def submit_attempt(frame, bank, right: int) -> str:
    answer_some_right(frame, bank, right)
    frame.locator("#quiz-submit").click()
    return frame.locator("#quiz-result").inner_text()


def test_a_score_exactly_at_the_mastery_score_passes(page_and_watch, served):
    """README: the SCO decides passed when the score is at least quiz.mastery_score (80: 8 of 10)."""
    page, _ = page_and_watch
    quiz = served["project"].programme.quiz
    right = quiz.mastery_score * quiz.questions_per_attempt // 100
    assert right * 100 == quiz.mastery_score * quiz.questions_per_attempt  # the edge is reachable
    frame = started(harness(page, served, office(served, "wethouder", "1.2"), "1.2"))
    walk_to_quiz(frame)
    frame.locator("#quiz-start").click()
    result = submit_attempt(frame, served["project"].bank("wethouder"), right)
    assert f"Uw score: {quiz.mastery_score} procent." in result and "Geslaagd" in result
    unload(page)
    stored = page.evaluate("window.harness.stored('item-wethouder')")
    assert (stored["cmi.core.lesson_status"], stored["cmi.core.score.raw"]) == ("passed", str(quiz.mastery_score))


def test_a_score_one_below_the_mastery_score_fails(page_and_watch, tmp_path):
    """The same 80 % against a mastery score of 81 is not a pass (status stays incomplete)."""
    page, _ = page_and_watch
    project_dir, project = variant(tmp_path, {"mastery_score: 80": "mastery_score: 81"})
    server, url = serve_build(project_dir, tmp_path / "served", ("scorm12",), ("wethouder",))
    try:
        page.goto(f"{url}/lms/index.html?pkg=/pkg/{project.programme.id}-wethouder-scorm12/&v=1.2")
        page.wait_for_function("window.harness && window.harness.ready")
        frame = page.frame_locator("#sco")
        walk_to_quiz(frame)
        frame.locator("#quiz-start").click()
        result = submit_attempt(frame, project.bank("wethouder"), 8)
        assert "Uw score: 80 procent." in result and "Nog niet geslaagd" in result
        cmi = close_sco(page)
        assert (cmi["cmi.core.lesson_status"], cmi["cmi.core.score.raw"]) == ("incomplete", "80")
    finally:
        server.shutdown()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_score_reported_is_the_best_attempt_not_the_last(page_and_watch, served, version):
    """README: 'The score reported is the best attempt, 0-100' (70 then 0 reports 70)."""
    page, _ = page_and_watch
    bank = served["project"].bank("griffier")
    frame = started(harness(page, served, office(served, "griffier", version), version))
    walk_to_quiz(frame)
    frame.locator("#quiz-start").click()
    assert "Uw score: 70 procent." in submit_attempt(frame, bank, 7)
    frame.locator("#quiz-retry").click()
    assert "Uw score: 0 procent." in submit_attempt(frame, bank, 0)
    cmi = close_sco(page)
    if version == "1.2":
        assert (cmi["cmi.core.score.raw"], cmi["cmi.core.lesson_status"]) == ("70", "incomplete")
        assert cmi["cmi.core.exit"] == "suspend"
    else:
        assert (cmi["cmi.score.raw"], cmi["cmi.score.scaled"], cmi["cmi.success_status"]) == ("70", "0.7", "failed")
        assert cmi["cmi.exit"] == "suspend"


T0 = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize("version,session,latency", [
    ("1.2", "0003:05:07.04", "03:05:07"),
    ("2004", "PT3H5M7.04S", "PT11107S"),
])
def test_session_time_and_latency_have_the_documented_format(page_and_watch, served, version, session, latency):
    """docs/runtime.md: 1.2 session_time HHHH:MM:SS.SS, 2004 PT#H#M#S; latency in each version's format.
    The clock stands still, so the times are exact: 3 h 5 min 7.04 s after the SCO started."""
    page, _ = page_and_watch
    page.clock.set_fixed_time(T0)
    frame = started(harness(page, served, office(served, "raadslid", version), version))
    walk_to_quiz(frame)
    frame.locator("#quiz-start").click()
    page.clock.set_fixed_time(T0 + datetime.timedelta(hours=3, minutes=5, seconds=7, milliseconds=40))
    submit_attempt(frame, served["project"].bank("raadslid"), 10)
    cmi = close_sco(page)
    prefix = "cmi.core." if version == "1.2" else "cmi."
    assert sent(page, prefix + "session_time") == session
    assert sent(page, "cmi.interactions.0.latency") == latency
    assert cmi["cmi.interactions.0.latency"]  # the LMS took it


def test_the_learner_is_told_when_saving_fails_and_when_it_works_again(page_and_watch, served):
    """docs/runtime.md: a failed commit is retried every 3 s and the learner is told until it succeeds."""
    page, _ = page_and_watch
    frame = open_harness(page, served, f"{served['project'].programme.id}-griffier-scorm2004", "2004")
    notice = frame.locator("#notice")
    assert notice.is_hidden()
    page.evaluate("() => { var a = window.harness.api; a.realCommit = a.Commit; a.Commit = () => 'false'; }")
    frame.locator("#next").click()  # a change of lesson saves at once
    assert "kon niet worden opgeslagen" in notice.inner_text() and notice.get_attribute("role") == "status"
    page.evaluate("() => { var a = window.harness.api; a.Commit = a.realCommit; }")
    expect(notice).to_contain_text("weer opgeslagen", timeout=8000)  # the next retry succeeded


def test_a_pass_the_lms_holds_stays_passed_under_a_completed_status_pair(page_and_watch, tmp_path):
    """docs/runtime.md: never lower what the LMS holds; 1.2 'passed' stays 'passed' also when the
    status pair reports 'completed' for a finished module."""
    page, _ = page_and_watch
    project_dir, project = variant(tmp_path, {"status: passed-incomplete": "status: completed-incomplete"})
    server, url = serve_build(project_dir, tmp_path / "served", ("scorm12",), ("statenlid",))
    state = {"cmi": {"suspend_data": "not ours {", "core": {"lesson_status": "passed", "entry": "resume",
                                                            "score": {"raw": "90", "min": "0", "max": "100"}}}}
    try:
        page.goto(f"{url}/lms/index.html?pkg=/pkg/{project.programme.id}-statenlid-scorm12/&v=1.2"
                  "#state=" + urllib.parse.quote(json.dumps({"item-statenlid": state})))
        page.wait_for_function("window.harness && window.harness.ready")
        page.frame_locator("#sco").locator("#next").click()
        cmi = close_sco(page)
        assert (cmi["cmi.core.lesson_status"], cmi["cmi.core.score.raw"]) == ("passed", "90")
        sent = {c.split(" = ")[1].split(" -> ")[0] for c in page.evaluate("window.harness.calls")
                if c.startswith("LMSSetValue cmi.core.lesson_status = ")}
        assert sent == {"passed"}
    finally:
        server.shutdown()
