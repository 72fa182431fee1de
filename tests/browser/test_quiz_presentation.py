"""Question presentation and dilemmas, played in the local LMS: scenario before prompt before options;
dilemmas beside the scored questions, reported as neutral choice interactions that never move the score."""

from __future__ import annotations

import pytest

from .learner import answer_all, drawn, walk_to_quiz
from .test_scorm_e2e import VERSIONS, close_sco, open_harness


def test_scenario_comes_before_the_prompt_and_the_options(page_and_watch, served):
    page, _ = page_and_watch
    project = served["project"]
    bank = project.bank("wethouder")
    frame = open_harness(page, served, f"{project.programme.id}-wethouder-scorm12", "1.2")
    walk_to_quiz(frame)
    frame.locator("#quiz-start").click()
    case = next(i for i in drawn(frame) if bank.questions[i].kind == "case")
    order = frame.locator(f"#q-{case}").evaluate(
        "fs => { const b = fs.parentNode, all = Array.from(b.querySelectorAll('.qnum, .scenario, legend, .opt'));"
        " return all.map(e => e.className || e.tagName.toLowerCase()); }")
    assert order[:3] == ["qnum", "scenario", "legend"] and set(order[3:]) == {"opt"}
    assert frame.locator(f"#q{case}-s").is_visible()
    intro = frame.locator("#les-quiz").inner_text()
    assert "Minstens 5 van de 10 vragen zijn casussen" in intro
    assert "Hoogstens 3 vragen toetsen wat u weet" in intro
    assert "2 dilemma's" in intro


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_dilemma_is_a_neutral_interaction_and_leaves_the_score_alone(page_and_watch, served, version):
    page, _ = page_and_watch
    project = served["project"]
    bank = project.bank("wethouder")
    frame = open_harness(page, served, f"{project.programme.id}-wethouder-{VERSIONS[version]}", version)
    walk_to_quiz(frame)
    frame.locator("#quiz-start").click()
    d = next(i for i, q in enumerate(bank.questions) if q.kind == "dilemma")
    dilemma = bank.questions[d]
    assert frame.locator("#dilemmas").is_visible()
    assert d not in drawn(frame)
    fs = frame.locator(f"#q-{d}")
    fs.locator(".dilemma-show").click()
    assert "Kies eerst" in fs.locator(".result").inner_text()
    frame.locator(f"#q{d}-o1").check()
    fs.locator(".dilemma-show").click()
    # every choice's weighing is shown, with the tension the publication names
    assert fs.locator(".fb:visible").count() == len(dilemma.options)
    assert "Deze keuze weegt" in fs.locator(".fb").nth(0).inner_text()
    assert "gespannen voet" in fs.locator(".result").inner_text()
    answer_all(frame, bank, right=True)
    frame.locator("#quiz-submit").click()
    assert "Uw score: 100 procent." in frame.locator("#quiz-result").inner_text()
    cmi = close_sco(page)
    ids = {k.split(".")[2]: v for k, v in cmi.items() if k.startswith("cmi.interactions.") and k.endswith(".id")}
    n = next(k for k, v in ids.items() if v == dilemma.id)
    p = f"cmi.interactions.{n}."
    assert cmi[p + "type"] == "choice"
    assert cmi[p + "result"] == "neutral"
    if version == "1.2":
        assert cmi[p + "student_response"] == "b"
        assert cmi["cmi.core.score.raw"] == "100"
    else:
        assert cmi[p + "learner_response"] == dilemma.options[1].id
        assert cmi[p + "description"]
        assert cmi["cmi.score.raw"] == "100"
