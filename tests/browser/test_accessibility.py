"""axe-core (WCAG 2.0/2.1 A and AA) on every page, keyboard-only use, no request leaving the package."""

from __future__ import annotations

import pytest

from ..conftest import ROOT
from .learner import answer_all, drawn
from scorm_build.render import answer_key

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["index.html", "core/index.html"] + [f"{o}/index.html" for o in (
    "burgemeester", "gemeentesecretaris", "griffier", "raadslid", "rekenkamerlid", "statenlid",
    "waterschapsbestuurder", "wethouder")]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]} for v in result["violations"]]


@pytest.fixture
def axe_page(browser, served):
    # axe is injected as a script, which the pages' own CSP forbids: bypass it for the audit only
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    yield page, requests
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_passes_axe_in_every_state(axe_page, served, path):
    page, requests = axe_page
    page.goto(f"{served['url']}/web/{path}")
    assert axe(page) == []
    if path == "index.html":
        return
    # every lesson at once (the runtime shows one at a time) with a started quiz, then after submitting
    page.locator("a[data-lesson=quiz]").click()
    page.locator("#quiz-start").click()
    page.evaluate("document.querySelectorAll('section.lesson, section.objectives').forEach(s => s.hidden = false)")
    assert axe(page) == []
    module = path.split("/")[0]
    answer_all(page, served["project"].bank(module), right=False)
    page.locator("#quiz-submit").click()
    assert axe(page) == []
    local = served["url"] + "/"
    assert [u for u in requests if not u.startswith(local) and not u.startswith("data:")] == []


def test_no_page_requests_anything_outside_the_package(page_and_watch, served):
    page, watch = page_and_watch
    for path in PAGES:
        page.goto(f"{served['url']}/web/{path}")
        page.wait_for_load_state("networkidle")
    local = served["url"] + "/web/"
    assert watch.requests and all(u.startswith(local) for u in watch.requests), watch.requests
    assert watch.errors == []


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching selector has focus (keyboard only, no clicks)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with Tab")


MODULES = [p.split("/")[0] for p in PAGES[1:]]


@pytest.mark.parametrize("module", MODULES)
def test_module_can_be_completed_with_the_keyboard_alone(page_and_watch, served, module):
    page, watch = page_and_watch
    project = served["project"]
    bank = project.bank(module)
    page.goto(f"{served['url']}/web/{module}/index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    n_lessons = len(project.module(module).lessons)
    for _ in range(n_lessons):
        tab_to(page, "#next")
        page.keyboard.press("Enter")
        # focus moves to the new lesson's heading
        assert page.evaluate("document.activeElement.tagName") == "H2"
    assert page.locator("#les-quiz").is_visible()
    tab_to(page, "#quiz-start")
    page.keyboard.press("Enter")
    for idx in drawn(page):
        q = bank.questions[idx]
        key = answer_key(q)
        if q.type == "matching":
            for k, r in enumerate(key.split(".")):
                tab_to(page, f"#q{idx}-m{k}")
                for _ in range(int(r) + 1):
                    page.keyboard.press("ArrowDown")
        elif q.type == "multiple":
            for i in key.split(","):
                tab_to(page, f"#q{idx}-o{i}")
                page.keyboard.press("Space")
        else:
            # a radio group is one tab stop; arrows move and select within it
            tab_to(page, f"input[name=q{idx}]")
            for _ in range(len(q.options) + 1):
                if page.evaluate("() => document.activeElement.value") == key:
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
    tab_to(page, "#quiz-submit")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "quiz-result"  # focus moves to the result
    assert page.locator("#quiz-result").get_attribute("role") == "status"
    assert "Uw score: 100 procent." in page.locator("#quiz-result").inner_text()
    assert watch.errors == []


@pytest.mark.parametrize("path", ["core/index.html", "raadslid/index.html"])
def test_pages_reflow_at_320_px_without_horizontal_scrolling(browser, served, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(f"{served['url']}/web/{path}")
        page.evaluate("document.querySelectorAll('section.lesson, section.objectives').forEach(s => s.hidden = false)")
        page.locator("a[data-lesson=quiz]").click()
        page.evaluate("document.querySelectorAll('section.lesson').forEach(s => s.hidden = false)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


KITS = ["index", "burgemeester", "gemeentesecretaris", "griffier", "raadslid", "rekenkamerlid", "statenlid",
        "waterschapsbestuurder", "wethouder", "gemeente", "provincie", "waterschap"]


@pytest.fixture(scope="module")
def kit_folder(tmp_path_factory, project):
    """The kits' HTML pages (build --target kit writes the same bytes), opened from file:// as a facilitator does."""
    from scorm_build.kit import kits
    from scorm_build.kit.render import html_files

    base = tmp_path_factory.mktemp("kit")
    for path, text in html_files(project, kits(project)).items():
        (base / path).parent.mkdir(parents=True, exist_ok=True)
        (base / path).write_text(text, encoding="utf-8")
    assert sorted(p.parent.name for p in base.glob("*/index.html")) == sorted(KITS[1:])
    return base


@pytest.mark.parametrize("kit", KITS)
def test_every_kit_page_passes_axe_from_a_file(axe_page, kit_folder, kit):
    page, requests = axe_page
    path = kit_folder / ("index.html" if kit == "index" else f"{kit}/index.html")
    page.goto(path.as_uri())
    assert axe(page) == []
    assert [u for u in requests if u != path.as_uri()] == []


def test_kit_pages_load_nothing_and_their_style_is_allowed(browser, kit_folder, project):
    """With the page's own CSP in force: no request but the page, no console error (a style the CSP refused
    would log one), and the style applies."""
    context = browser.new_context()
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for kit in KITS:
            path = kit_folder / ("index.html" if kit == "index" else f"{kit}/index.html")
            requests.clear()
            page.goto(path.as_uri())
            assert requests == [path.as_uri()]
            colour = page.evaluate("getComputedStyle(document.querySelector('h1')).color")
            r, g, b = (int(project.programme.branding.primary[i:i + 2], 16) for i in (1, 3, 5))
            assert colour == f"rgb({r}, {g}, {b})"
        assert errors == []
    finally:
        context.close()
