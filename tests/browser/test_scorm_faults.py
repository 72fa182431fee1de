"""The runtime without an LMS, with a failing Commit, with a throwing API; the multi-SCO programme."""

from __future__ import annotations

from .learner import take_quiz
from .test_scorm_e2e import close_sco, open_harness


def test_standalone_without_lms_works_without_console_errors(page_and_watch, served):
    page, watch = page_and_watch
    project = served["project"]
    page.goto(f"{served['url']}/pkg/{project.programme.id}-wethouder-scorm12/course-wethouder/index.html")
    assert "buiten een leeromgeving" in page.locator("#notice").inner_text()
    take_quiz(page, project.bank("wethouder"), right=True)
    assert "Geslaagd" in page.locator("#quiz-result").inner_text()
    assert page.locator("#cert-text").inner_text().startswith("Deelnemer heeft de module")
    # printing shows the certificate alone
    page.emulate_media(media="print")
    assert page.locator("#certificate").is_visible()
    for hidden in ("nav.toc", "header.site", "#quiz-form", "#quiz-result", "footer.site"):
        assert page.locator(hidden).is_hidden(), hidden
    assert watch.errors == []


def test_commit_returning_false_tells_the_learner(page_and_watch, served):
    page, watch = page_and_watch
    name = f"{served['project'].programme.id}-griffier-scorm2004"
    frame = open_harness(page, served, name, "2004", fault="commit")
    frame.locator("#next").click()
    notice = frame.locator("#notice")
    assert "kon niet worden opgeslagen" in notice.inner_text()
    assert notice.get_attribute("role") == "status"
    # the runtime retries: more than one failed Commit is logged while the learner stays
    page.wait_for_function("window.harness.calls.filter(c => c.startsWith('Commit -> false')).length >= 3", timeout=15000)


def test_api_that_throws_does_not_break_the_page(page_and_watch, served):
    page, watch = page_and_watch
    name = f"{served['project'].programme.id}-griffier-scorm12"
    frame = open_harness(page, served, name, "1.2", fault="throw")
    frame.locator("#next").click()
    frame.locator("#next").click()
    assert frame.locator("#h-core\\.trends-extern").is_visible()
    assert [e for e in watch.errors if "LMS failure" in e] == []


def test_programme_package_plays_its_scos_in_order(page_and_watch, served):
    page, watch = page_and_watch
    project = served["project"]
    for version, target in (("1.2", "scorm12"), ("2004", "scorm2004")):
        page.goto("about:blank")
        page.goto(f"{served['url']}/lms/index.html?pkg=/pkg/{project.programme.id}-{target}/&v={version}")
        page.wait_for_function("window.harness && window.harness.ready")
        items = page.evaluate("window.harness.items.map(i => i.id)")
        assert items == ["item-core"] + [f"item-{m.id}" for m in project.modules[1:]]
        # core is a prerequisite where the LMS can enforce it: SCORM 1.2 (Moodle evaluates adlcp:prerequisites);
        # Moodle does not evaluate 2004 sequencing rules, so the default (moodle) 2004 programme has none
        assert page.locator("#launch-item-raadslid").is_disabled() == (version == "1.2")
        page.locator("#launch-item-core").click()
        frame = page.frame_locator("#sco")
        frame.locator("#progress-text").wait_for()
        take_quiz(frame, project.bank("core"), right=True)
        assert "Geslaagd" in frame.locator("#quiz-result").inner_text()
        cmi = close_sco(page)
        assert cmi.get("cmi.core.lesson_status", cmi.get("cmi.success_status")) == "passed"
        assert page.locator("#launch-item-raadslid").is_enabled()
        page.locator("#launch-item-raadslid").click()
        frame.locator("#progress-text").wait_for()
        assert frame.locator("h1").inner_text() == project.module("raadslid").title
        take_quiz(frame, project.bank("raadslid"), right=True)
        cmi = close_sco(page)
        assert cmi.get("cmi.core.lesson_status", cmi.get("cmi.success_status")) == "passed"


def test_certificate_names_the_learner_and_claims_no_verification(page_and_watch, served):
    import urllib.parse

    page, watch = page_and_watch
    project = served["project"]
    name = f"{project.programme.id}-statenlid-scorm2004"
    url = (f"{served['url']}/lms/index.html?pkg=/pkg/{name}/&v=2004&name=" + urllib.parse.quote("Jansen, Piet")
           + "&learner=u-4711")
    page.goto(url)
    page.wait_for_function("window.harness && window.harness.ready")
    frame = page.frame_locator("#sco")
    frame.locator("#progress-text").wait_for()
    take_quiz(frame, project.bank("statenlid"), right=True)
    text = frame.locator("#cert-text").inner_text()
    assert text == ("Piet Jansen heeft de module voor Statenleden van het Inwerkprogramma decentraal bestuur met goed"
                    " gevolg afgerond (bestuursperiode 2027-2031).")
    assert frame.locator("#cert-score").inner_text() == "100 %"
    # issue 13: the printed page is a proof of participation, not a verifiable certificate
    section = frame.locator("#certificate").inner_text()
    assert "Verificatiecode" not in section and frame.locator("#cert-code").count() == 0
    assert frame.locator("#cert-title").inner_text() == "Bewijs van deelname"
    note = frame.locator("#cert-note").inner_text()
    assert "Niemand kan het controleren" in note and "resultaten uit de leeromgeving" in note
