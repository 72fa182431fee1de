"""'Mijn actieplan' and 'Na 100 dagen': kept in suspend_data through leaving and resuming (scorm-again,
SCORM 1.2 and 2004), within the 1.2 budget at its worst, printable on one A4 page with every answer."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
from pypdf import PdfReader

from scorm_build import actionplan

from scorm_build.package.scorm import worst_suspend
from scorm_build.render import plan_pages

from .test_accessibility import axe
from .test_html_valid import VNU
from .test_scorm_e2e import VERSIONS, close_sco, open_harness, resume_state


def field_text(key: str, max_len: int) -> str:
    """The longest text a field takes, with the characters JSON escapes (and a line break in a textarea)."""
    head = f'«{key}» "aan\\hal" ' + ("" if key.endswith("who") else "\n")
    return (head + "x" * max_len)[:max_len]


def fill_plan(frame, office: str, rows: int, questions: int, first_pick: str) -> dict[str, str]:
    """Fill every field of the plan and the follow-up to its limit; returns element id -> value."""
    want: dict[str, str] = {}
    frame.locator(f'nav.toc a[data-lesson="{office}.reflectie"]').click()
    for r in range(rows):
        if r == 0:
            frame.locator(f"#plan-{r}-pick").select_option(first_pick)
        else:
            frame.locator(f"#plan-{r}-pick").select_option(index=r % 2 + 1 if r < 3 else 1)
        want[f"plan-{r}-pick"] = frame.locator(f"#plan-{r}-pick").input_value()
        for key, limit in (("action", actionplan.ACTION_MAX), ("who", actionplan.WHO_MAX)):
            want[f"plan-{r}-{key}"] = field_text(f"{r}{key}", limit)
            frame.locator(f"#plan-{r}-{key}").fill(want[f"plan-{r}-{key}"])
        want[f"plan-{r}-when"] = f"2027-0{r + 1}-1{r}"
        frame.locator(f"#plan-{r}-when").fill(want[f"plan-{r}-when"])
    for q in range(questions):
        want[f"plan-q{q}"] = field_text(f"q{q}", actionplan.ANSWER_MAX)
        frame.locator(f"#plan-q{q}").fill(want[f"plan-q{q}"])
    frame.locator(f'nav.toc a[data-lesson="{office}.na100dagen"]').click()
    for r in range(rows):
        want[f"plan-{r}-outcome"] = field_text(f"{r}outcome", actionplan.OUTCOME_MAX)
        frame.locator(f"#plan-{r}-outcome").fill(want[f"plan-{r}-outcome"])
        frame.locator(f"#plan-{r}-outcome").blur()
    return want


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("office", ["raadslid", "statenlid"])
def test_plan_survives_leaving_and_resuming(page_and_watch, served, office, version):
    page, watch = page_and_watch
    project = served["project"]
    shape = actionplan.page_shape(project.curriculum, [project.module(office)])
    name = f"{project.programme.id}-{office}-{VERSIONS[version]}"
    frame = open_harness(page, served, name, version)
    item = page.evaluate("window.harness.items[0].id")
    want = fill_plan(frame, office, len(shape.rows), len(shape.questions), "1")
    # what the follow-up shows as the plan is the learner's own action
    assert want["plan-0-action"].split("\n")[0] in frame.locator("#followup-0-planned").inner_text()
    cmi = close_sco(page)
    stored = cmi["cmi.suspend_data"]
    course = next(p for p in plan_pages(project) if p.page_id == f"course-{office}")
    worst = worst_suspend(course, project.bank(office), project.programme.quiz,
                          actionplan.page_shape(project.curriculum, [project.module("core"), project.module(office)]))
    assert len(stored) <= len(worst) <= 4096  # the build's worst case covers what the runtime wrote
    m = json.loads(stored)["m"]
    assert want["plan-q0"] in m and want["plan-0-outcome"] in m
    frame = open_harness(page, served, name, version, state={item: resume_state(version, cmi)})
    frame.locator(f'nav.toc a[data-lesson="{office}.reflectie"]').click()
    got = {k: frame.locator(f"#{k}").input_value() for k in want}
    assert got == want
    counter = frame.locator("#plan-0-action-n").inner_text()
    assert counter == f"{actionplan.ACTION_MAX} van {actionplan.ACTION_MAX} tekens"
    assert frame.locator("#plan-0-action").get_attribute("aria-describedby") == "plan-0-action-n"
    assert watch.errors == []


def test_counter_announces_once_per_threshold(page_and_watch, served):
    page, _ = page_and_watch
    page.goto(f"{served['url']}/web/raadslid/index.html")
    page.locator('nav.toc a[data-lesson="raadslid.reflectie"]').click()
    box = page.locator("#plan-0-who")
    box.fill("a" * (actionplan.WHO_MAX - 25))
    assert page.locator("#plan-live").inner_text() == ""
    box.press_sequentially("bbbbbbb")  # crosses 20 left: one announcement, then no new one per key
    assert page.locator("#plan-live").inner_text() == "Nog 20 tekens over."  # not 19, not 18
    assert page.locator("#plan-0-who-n").inner_text() == f"22 van {actionplan.WHO_MAX} tekens"
    box.press_sequentially("c" * 30)  # maxlength stops it at the limit
    assert box.input_value().endswith("c" * 18)
    assert page.locator("#plan-live").inner_text() == f"U hebt het maximum van {actionplan.WHO_MAX} tekens bereikt."
    # the follow-up lesson speaks in its own live region (the plan's is hidden with its lesson)
    page.locator('nav.toc a[data-lesson="raadslid.na100dagen"]').click()
    page.locator("#plan-2-outcome").fill("d" * (actionplan.OUTCOME_MAX - 21))
    page.locator("#plan-2-outcome").press_sequentially("ee")
    assert page.locator("#followup-live").inner_text() == "Nog 20 tekens over."


def test_printed_plan_holds_every_answer_on_one_a4_page(page_and_watch, served):
    page, _ = page_and_watch
    project = served["project"]
    shape = actionplan.page_shape(project.curriculum, [project.module("burgemeester")])
    page.goto(f"{served['url']}/web/burgemeester/index.html")
    want = fill_plan(page, "burgemeester", len(shape.rows), len(shape.questions), "0")
    page.locator('nav.toc a[data-lesson="burgemeester.reflectie"]').click()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = " ".join(pdf.pages[0].extract_text().split())
    flat = "".join(text.split())  # long words wrap anywhere on the sheet
    perspective = page.locator("#plan-0-pick option[value='0']").inner_text()
    assert " ".join(perspective.split())[:60] in text
    for key, value in want.items():
        if key.endswith("pick") or key.endswith("when"):
            continue
        assert "".join(value.split()) in flat, key
    assert "10 januari 2027" in text and "13 april 2027" in text  # the dates, written out
    # nothing of the lesson around it is printed
    assert "Om over na te denken" not in text and "Volgende" not in text


def test_plan_downloads_as_a_text_file(page_and_watch, served):
    page, watch = page_and_watch
    page.goto(f"{served['url']}/web/raadslid/index.html")
    page.locator('nav.toc a[data-lesson="raadslid.reflectie"]').click()
    page.locator("#plan-1-action").fill("Spreekuur met de griffier")
    page.locator("#plan-1-action").blur()
    page.locator("#plan-q2").fill("De burgemeester, over gezag")
    page.locator("#plan-q2").blur()
    with page.expect_download() as info:
        page.locator("#plan-download").click()
    download = info.value
    assert download.suggested_filename == "mijn-actieplan.txt"
    text = open(download.path(), encoding="utf-8").read()
    assert "Spreekuur met de griffier" in text and "De burgemeester, over gezag" in text
    assert "Waarde met prioriteit: Verantwoordelijkheid" in text
    assert [u for u in watch.requests if not u.startswith(served["url"]) and not u.startswith("blob:")] == []


def test_filled_plan_and_follow_up_pass_axe_and_the_html_checker(browser, served, tmp_path):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    snapshots = []
    try:
        project = served["project"]
        for office in ("wethouder", "statenlid"):
            shape = actionplan.page_shape(project.curriculum, [project.module(office)])
            page.goto(f"{served['url']}/web/{office}/index.html")
            fill_plan(page, office, len(shape.rows), len(shape.questions), "1")
            for lesson in ("reflectie", "na100dagen"):
                page.locator(f'nav.toc a[data-lesson="{office}.{lesson}"]').click()
                dest = tmp_path / f"{office}-{lesson}.html"
                page.evaluate("document.querySelectorAll('script:not([src]):not(#sco-data)').forEach(s => s.remove())")
                dest.write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"),
                                encoding="utf-8")
                snapshots.append(str(dest))
                assert axe(page) == [], (office, lesson)
    finally:
        context.close()
    assert VNU.is_file(), "vnu-jar is missing: run scripts/test (npm ci)"
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text", *snapshots],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[:4000]
