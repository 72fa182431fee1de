"""The shipped quiz engine: exact scoring per type (right, wrong, partly right), deterministic draws."""

from __future__ import annotations

from scorm_build.render import answer_key

from .learner import wrong_key


def open_page(page, served, module):
    page.goto(f"{served['url']}/web/{module}/index.html")
    page.wait_for_function("typeof window.scormBuildScore === 'function'")


def test_scoring_of_every_question_type(page_and_watch, served):
    page, _ = page_and_watch
    bank = served["project"].bank("burgemeester")
    open_page(page, served, "burgemeester")
    score = lambda i, ans: page.evaluate("([i, a]) => window.scormBuildScore(i, a)", [i, ans])  # noqa: E731
    seen = set()
    for i, q in enumerate(bank.questions):
        if not q.scored:  # dilemmas have no key
            continue
        key = answer_key(q)
        assert score(i, key) == 1, q.id
        assert score(i, wrong_key(q)) == 0 or q.type == "matching", q.id
        seen.add(q.type)
        if q.type == "multiple":
            right = key.split(",")
            wrong = [str(k) for k in range(len(q.options)) if str(k) not in right]
            # half the right options, nothing wrong: half the credit
            half = right[: len(right) // 2] if len(right) > 1 else right
            assert score(i, ",".join(half)) == len(half) / len(right)
            # one right and one wrong cancel out
            if wrong:
                assert score(i, ",".join([right[0], wrong[0]])) == 0
        if q.type == "matching":
            parts = key.split(".")
            shifted = [str((int(r) + 1) % len(q.rights)) for r in parts]
            one_right = ".".join([parts[0]] + shifted[1:])
            assert score(i, one_right) == 1 / len(parts)
    assert seen == {"single", "multiple", "truefalse", "matching", "scenario"}


def test_draws_are_deterministic_and_cover_every_priority(page_and_watch, served):
    page, _ = page_and_watch
    project = served["project"]
    bank = project.bank("waterschapsbestuurder")
    open_page(page, served, "waterschapsbestuurder")
    draw = lambda seed: page.evaluate("s => window.scormBuildDraw(s)", seed)  # noqa: E731
    a, b, c = draw("learner-1:x:1"), draw("learner-1:x:1"), draw("learner-1:x:2")
    assert a == b
    assert a != c
    for d in (a, c):
        assert len(d) == project.programme.quiz.questions_per_attempt == len(set(d))
        assert set(bank.priorities) <= {v for i in d for v in bank.questions[i].values}
