"""Layout in a short embedded frame, as Moodle's player embeds a SCO: the pager and the current lesson
heading stay reachable, nothing is cut off, quiz feedback and certificate can be scrolled to.

Heights: 500 px (the issue's report) and 666 / 728 px, the frames a real Moodle 4.4dev player gave at
1280x900 and 1600x1000 (docs/moodle-trial.md).
"""

from __future__ import annotations

import pytest

from .learner import take_quiz

FRAMES = [{"width": 1000, "height": 500}, {"width": 650, "height": 666}, {"width": 886, "height": 728}]
IN_VIEW = """e => { const r = e.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }"""
NOT_COVERED = """e => { e.scrollIntoView({block: 'end'}); const r = e.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.bottom - Math.min(5, r.height / 2));
  return !!hit && (hit === e || e.contains(hit)); }"""  # its last line, scrolled into view, is not under the pager


@pytest.mark.parametrize("frame_size", FRAMES, ids=lambda f: f"{f['width']}x{f['height']}")
def test_a_short_frame_keeps_the_pager_and_heading_in_reach(browser, served, frame_size):
    FRAME = frame_size
    # the harness's columns around the frame: 14rem + frame + 22rem; its header 4rem
    context = browser.new_context(viewport={"width": 224 + FRAME["width"] + 352, "height": 64 + FRAME["height"]})
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        project = served["project"]
        page.goto(f"{served['url']}/lms/index.html?pkg=/pkg/{project.programme.id}-raadslid-scorm12/&v=1.2")
        page.wait_for_function("window.harness && window.harness.ready")
        box = page.locator("#sco").bounding_box()
        assert abs(box["width"] - FRAME["width"]) <= 2 and abs(box["height"] - FRAME["height"]) <= 2, box
        frame = page.frame_locator("#sco")
        frame.locator("#progress-text").wait_for()
        for _ in range(6):
            section = frame.locator("section.lesson:not([hidden])")
            assert frame.locator("#next").evaluate(IN_VIEW), "pager out of view"
            # the step's first heading: the module's objectives where they open the lesson, else the lesson's
            heading = frame.locator("section.objectives:not([hidden]) h2, section.lesson:not([hidden]) h2").first
            assert heading.evaluate(IN_VIEW), "lesson heading out of view"
            last = section.locator(":scope > *").last
            assert last.evaluate(NOT_COVERED), "the end of the lesson is hidden"
            frame.locator("#next").click()
        take_quiz(frame, project.bank("raadslid"), right=False)
        for fb in frame.locator("fieldset.question:not([hidden]) .result").all():
            assert fb.evaluate(NOT_COVERED), "quiz feedback cannot be scrolled into view"
        frame.locator("#quiz-retry").click()
        from .learner import answer_all
        answer_all(frame, project.bank("raadslid"), right=True)
        frame.locator("#quiz-submit").click()
        for part in ("#cert-title", "#cert-text", "#cert-note", "#cert-print"):
            assert frame.locator(part).evaluate(NOT_COVERED), part
        assert frame.locator("#next").evaluate(IN_VIEW)
    finally:
        context.close()
