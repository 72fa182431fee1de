"""The shipped quiz engine: exact scoring per type (right, wrong, partly right), read from what it reports.

No function on the page answers from the console (issue 15.10), so the scores are read where an LMS
reads them: SCORM 2004 reports a partly right answer as its fraction in cmi.interactions.n.result.
"""

from __future__ import annotations

from scorm_build.render import answer_key

from .learner import drawn, fill, walk_to_quiz
from .test_scorm_e2e import open_harness


def probe(q) -> str:
    """An answer that is partly right where the type allows it, else wrong."""
    key = answer_key(q)
    if q.type == "multiple":
        right = key.split(",")
        wrong = [str(k) for k in range(len(q.options)) if str(k) not in right]
        return ",".join(right[: len(right) // 2]) if len(right) > 1 else ",".join([right[0], wrong[0]])
    if q.type == "matching":
        parts = key.split(".")
        return ".".join([parts[0]] + [str((int(r) + 1) % len(q.rights)) for r in parts[1:]])
    return next(str(k) for k in range(len(q.options)) if str(k) != key)


def expected(q, ans: str) -> float:
    key = answer_key(q)
    if q.type == "multiple":
        right, chosen = key.split(","), ans.split(",")
        hit = sum(c in right for c in chosen)
        return max(0.0, (hit - (len(chosen) - hit)) / len(right))
    if q.type == "matching":
        a, b = ans.split("."), key.split(".")
        return sum(x == y for x, y in zip(a, b)) / len(b)
    return 1.0 if ans == key else 0.0


def result_text(s: float) -> str:
    return "correct" if s == 1 else "incorrect" if s == 0 else f"{s:.2f}"


def test_scoring_of_every_question_type(page_and_watch, served):
    page, _ = page_and_watch
    # of the banks that hold every type, the one whose rarest type is the largest share of its recall items:
    # an attempt draws about three recall items, so that type turns up within a few attempts
    every = {"single", "multiple", "truefalse", "matching", "scenario"}
    project = served["project"]

    def rarest_share(b):
        recall = [q.type for q in b.questions if q.scored and q.kind != "case"]
        return min(recall.count(t) for t in every - {"scenario"}) / len(recall)

    bank = max((b for b in project.banks if b.office and {q.type for q in b.questions if q.scored} == every),
               key=rarest_share)
    # a miss in 100 attempts: about (1 - 3 x share) ** 100, under 1 in 100,000 for the shipped banks (share 1/24)
    assert (1 - 3 * rarest_share(bank)) ** 100 < 1e-5, bank.module
    types = {q.type for q in bank.questions if q.scored}
    frame = open_harness(page, served, f"{project.programme.id}-{bank.module}-scorm2004", "2004")
    walk_to_quiz(frame)
    frame.locator("#quiz-start").click()
    seen, n, attempts = set(), 0, 0
    assert types == {"single", "multiple", "truefalse", "matching", "scenario"}
    while seen != types:
        attempts += 1
        assert attempts <= 100, seen
        answers = {}
        # one right answer per attempt, the rest partly right or wrong: an attempt never reaches the mastery
        # score, so the retry button is always there (answering more right made some draws pass)
        for pos, idx in enumerate(drawn(frame)):
            q = bank.questions[idx]
            answers[q.id] = answer_key(q) if pos == 0 else probe(q)
            fill(frame, q, idx, answers[q.id])
        frame.locator("#quiz-submit").click()
        frame.locator("#quiz-result").wait_for()
        cmi = page.evaluate("window.harness.flatten()")
        for k in range(n, n + len(answers)):
            qid = cmi[f"cmi.interactions.{k}.id"]
            q = next(x for x in bank.questions if x.id == qid)
            assert cmi[f"cmi.interactions.{k}.result"] == result_text(expected(q, answers[qid])), qid
            seen.add(q.type)
        n += len(answers)
        frame.locator("#quiz-retry").click()
    assert any(0 < expected(q, probe(q)) < 1 for q in bank.questions if q.type in ("multiple", "matching"))
