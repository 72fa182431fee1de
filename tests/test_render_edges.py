"""What the rendered pages promise the runtime and the browser (issue 17, found by the mutation run): every
field app.js reads from a page's data is there, the feedback opens with the right answer, every file a
page links to is in the site, and an office's course page is titled for that office."""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re

import pytest

from scorm_build.project import load_project
from scorm_build.render import answer_key, render_site

from .conftest import ROOT

APP = (ROOT / "scorm_build" / "theme" / "app.js").read_text(encoding="utf-8")
DATA = re.compile(r'<script type="application/json" id="sco-data">(.*?)</script>', re.S)


@pytest.fixture
def site():  # per test (0.8 s), so the mutation run sees which render functions each test runs
    project, _ = load_project(ROOT)
    return project, render_site(project)


def embedded(html: bytes) -> dict:
    return json.loads(DATA.search(html.decode("utf-8")).group(1))


def test_every_field_the_runtime_reads_is_in_the_page_data(site):
    """app.js reads its page's data (`D.…`, and `quiz.…` for D.quiz); a field the build does not write
    would be undefined in the browser."""
    _, s = site
    top = set(re.findall(r"\bD\.([A-Za-z]+)", APP))
    quiz = set(re.findall(r"\bquiz\.([A-Za-z]+)", APP))
    assert {"page", "status", "strings", "quiz"} <= top and {"salt", "questions", "rules"} <= quiz
    question = set(re.findall(r"\bq\.([A-Za-z]+)", APP))  # a question of quiz.questions
    assert {"id", "t", "k", "f", "i"} <= question
    with_quiz = 0
    for page in s.pages:
        data = embedded(s.files[page.path])
        assert top - {"quiz"} <= set(data), (page.path, top - set(data))
        if "quiz" in data:
            with_quiz += 1
            assert quiz <= set(data["quiz"]), (page.path, quiz - set(data["quiz"]))
            for q in data["quiz"]["questions"]:
                assert question <= set(q), (page.path, question - set(q))
    assert with_quiz == len([p for p in s.pages if p.bank]) > 0


def test_every_file_a_page_links_to_is_in_the_site(site):
    """The site is static (README: `web/index.html`) and each package holds its page with the assets: every
    relative `src`/`href` of a page names a file the build writes."""
    _, s = site
    checked = 0
    for path, data in s.files.items():
        if not path.endswith(".html"):
            continue
        for ref in re.findall(r'(?:src|href)="([^"#:?]+)', data.decode("utf-8")):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), ref))
            if ref.endswith("/"):
                target = posixpath.join(target, "index.html")
            assert target in s.files, (path, ref)
            checked += 1
    assert checked > 50


def test_the_feedback_opens_with_the_right_answer(site):
    """docs/runtime.md / app.js: the feedback of a scored question is hidden with a key made from the salt,
    the question id and its right answer (`salt:id:answer:fb`), so the runtime opens it once the answer is
    found; a dilemma's with the empty answer. Decoded as app.js does, it is the explanation and the option
    feedback."""
    project, s = site
    page = next(p for p in s.pages if p.bank)
    data = embedded(s.files[page.path])["quiz"]
    questions = {q.id: q for q in project.bank(page.bank).questions}
    assert len(data["questions"]) == len(questions)
    for q in data["questions"]:
        compiled = questions[q["id"]]
        answer = answer_key(compiled) if compiled.scored else ""
        key = hashlib.sha256(f"{data['salt']}:{q['id']}:{answer}:fb".encode()).digest()
        raw = base64.b64decode(q["f"])
        feedback = json.loads(bytes(b ^ key[i % 32] for i, b in enumerate(raw)).decode("utf-8"))
        assert set(feedback) == {"e", "o"} and len(feedback["o"]) == len(compiled.options), q["id"]


def test_an_office_course_page_is_titled_as_the_programme_for_that_office(site):
    """A single-office package's page (core + office module) is the induction programme for that office:
    its title says so ('Inwerkprogramma raadsleden'), in the browser tab and the heading."""
    _, s = site
    html = s.files["course-raadslid/index.html"].decode("utf-8")
    assert "<title>Inwerkprogramma raadsleden – Inwerkprogramma decentraal bestuur</title>" in html
    assert "<h1>Inwerkprogramma raadsleden</h1>" in html
