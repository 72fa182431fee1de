"""The runtime's draw, run on its own in Node over many seeds: every attempt keeps the composition rules."""

from __future__ import annotations

import json
import math
import subprocess

import pytest

from scorm_build.project import load_project
from scorm_build.quizrules import draw_rules
from scorm_build.render import quiz_payload

from .conftest import ROOT

SEEDS = 300
APP_JS = ROOT / "scorm_build" / "theme" / "app.js"


def draw_source() -> str:
    text = APP_JS.read_text(encoding="utf-8")
    return text[text.index("/* draw: begin"):text.index("/* draw: end */")]


def run_draws(quiz: dict, seeds: int) -> list[list[int]]:
    script = ("const crypto = require('crypto');\n"
              "function sha256hex(s) { return crypto.createHash('sha256').update(s, 'utf8').digest('hex'); }\n"
              f"const quiz = {json.dumps(quiz)};\n" + draw_source() +
              f"\nconst out = []; for (let s = 0; s < {seeds}; s++) {{ out.push(draw('learner-' + s + ':page:1')); }}\n"
              "process.stdout.write(JSON.stringify(out));\n")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def project():
    p, _ = load_project(ROOT)
    return p


def quiz_of(project, bank) -> dict:
    n = project.programme.quiz.questions_per_attempt
    return {"questions": quiz_payload(bank, "salt"), "priorities": list(bank.priorities), "draw": n,
            "rules": draw_rules(n)}


def test_every_attempt_keeps_the_composition_rules(project):
    n = project.programme.quiz.questions_per_attempt
    for bank in project.banks:
        quiz = quiz_of(project, bank)
        qs = bank.questions
        draws = run_draws(quiz, SEEDS)
        for picked in draws:
            kinds = [qs[i].kind for i in picked]
            assert len(picked) == len(set(picked)) == n, (bank.module, picked)
            assert "dilemma" not in kinds, bank.module
            assert kinds.count("case") >= math.ceil(n / 2), (bank.module, kinds)
            assert kinds.count("recall") <= n // 3, (bank.module, kinds)
            for v in bank.priorities:
                assert any(v in qs[i].values for i in picked), (bank.module, v)
            ids = {qs[i].id for i in picked}
            for i in picked:
                assert not ids & set(qs[i].excludes), (bank.module, qs[i].id, ids & set(qs[i].excludes))
        # the draw varies: over the seeds every case item turns up
        seen = {i for picked in draws for i in picked}
        assert {i for i, q in enumerate(qs) if q.kind == "case"} <= seen, bank.module


def test_questions_that_reveal_each_other_are_never_drawn_together(project):
    bank = project.bank("wethouder")
    quiz = quiz_of(project, bank)
    qs = bank.questions
    # a damaged bank: force two case items to exclude each other and make them the only case items left
    a = next(i for i, q in enumerate(qs) if q.id == "wethouder.casus.1")
    b = next(i for i, q in enumerate(qs) if q.id == "wethouder.casus.2")
    quiz["questions"][a]["x"] = quiz["questions"][a]["x"] + [b]
    for picked in run_draws(quiz, SEEDS):
        assert not (a in picked and b in picked)
    # the pair the rules detect in the shipped bank (a case item and the recall item quoting its advice)
    c = next(i for i, q in enumerate(qs) if q.id == "wethouder.gen.perspectief.wethouder-lef-2")
    d = next(i for i, q in enumerate(qs) if q.id == "wethouder.casus.2")
    assert d in quiz["questions"][c]["x"]
