"""Reporting choices and attempt rules from programme.yaml, played in the local LMS."""

from __future__ import annotations

import pytest

from scorm_build.project import load_project

from ..conftest import copy_project
from .conftest import serve_build
from .learner import take_quiz
from .test_scorm_e2e import close_sco


def variant(tmp_path, replacements: dict[str, str]):
    project_dir = copy_project(tmp_path / "p")
    path = project_dir / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    project, report = load_project(project_dir)
    assert project is not None, report.items
    return project_dir, project


def play_failed_attempt(page, url, project, version):
    page.goto(url)
    page.wait_for_function("window.harness && window.harness.ready")
    frame = page.frame_locator("#sco")
    frame.locator("#progress-text").wait_for()
    take_quiz(frame, project.bank("wethouder"), right=False)
    return frame


@pytest.mark.parametrize("status,expected", [("passed-failed", "failed"), ("completed-failed", "failed"),
                                             ("passed-incomplete", "incomplete"),
                                             ("completed-incomplete", "incomplete")])
def test_status_pair_after_a_failed_attempt(page_and_watch, tmp_path, status, expected):
    page, _ = page_and_watch
    project_dir, project = variant(tmp_path, {"status: passed-incomplete": f"status: {status}",
                                              "max_attempts: 0": "max_attempts: 1"})
    server, url = serve_build(project_dir, tmp_path / "served", ("scorm12",), ("wethouder",))
    try:
        frame = play_failed_attempt(page, f"{url}/lms/index.html?pkg=/pkg/{project.programme.id}-wethouder-scorm12/&v=1.2",
                                    project, "1.2")
        result = frame.locator("#quiz-result").inner_text()
        assert "alle pogingen gebruikt" in result  # max_attempts: 1
        assert frame.locator("#quiz-retry").is_hidden()
        cmi = close_sco(page)
        assert cmi["cmi.core.lesson_status"] == expected
    finally:
        server.shutdown()


def test_completion_on_lessons_alone_in_2004(page_and_watch, tmp_path):
    page, _ = page_and_watch
    project_dir, project = variant(tmp_path, {"completion: lessons-and-quiz": "completion: lessons",
                                              "mastery_score: 80": "mastery_score: 90"})
    server, url = serve_build(project_dir, tmp_path / "served", ("scorm2004",), ("wethouder",))
    try:
        play_failed_attempt(page, f"{url}/lms/index.html?pkg=/pkg/{project.programme.id}-wethouder-scorm2004/&v=2004",
                            project, "2004")
        cmi = close_sco(page)
        assert (cmi["cmi.completion_status"], cmi["cmi.success_status"]) == ("completed", "failed")
        assert cmi["cmi.exit"] == "suspend"  # completed but not passed: the learner comes back to try again
        assert cmi["cmi.score.raw"] == "0"
        manifest = (tmp_path / "served" / "pkg" / f"{project.programme.id}-wethouder-scorm2004" / "imsmanifest.xml")
        assert "<imsss:minNormalizedMeasure>0.9</imsss:minNormalizedMeasure>" in manifest.read_text(encoding="utf-8")
    finally:
        server.shutdown()
