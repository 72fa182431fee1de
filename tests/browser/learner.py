"""A scripted learner: walks lessons and answers quizzes right or wrong, from the compiled answer keys."""

from __future__ import annotations

from scorm_build.render import answer_key


def wrong_key(q) -> str:
    key = answer_key(q)
    if q.type == "matching":
        return ".".join(str((int(r) + 1) % len(q.rights)) for r in key.split("."))
    right = set(key.split(","))
    wrong = [str(i) for i in range(len(q.options)) if str(i) not in right]
    return wrong[0]


def drawn(frame) -> list[int]:
    return [int(x) for x in frame.locator("fieldset.question:not([hidden])").evaluate_all(
        "els => els.map(e => e.dataset.q)")]


def fill(frame, q, idx: int, key: str) -> None:
    if q.type == "matching":
        for k, r in enumerate(key.split(".")):
            frame.locator(f"#q{idx}-m{k}").select_option(r)
        return
    for i in range(len(q.options)):
        box = frame.locator(f"#q{idx}-o{i}")
        want = str(i) in key.split(",")
        if q.type == "multiple":
            box.set_checked(want)
        elif want:
            box.check()


def answer_all(frame, bank, right: bool, only: slice | None = None) -> list[int]:
    indices = drawn(frame)
    for idx in indices[only] if only else indices:
        q = bank.questions[idx]
        fill(frame, q, idx, answer_key(q) if right else wrong_key(q))
    return indices


def walk_to_quiz(frame) -> int:
    """Click 'Volgende' until the quiz lesson is shown; returns the number of lessons walked."""
    n = 0
    while frame.locator("#les-quiz").is_hidden():
        frame.locator("#next").click()
        n += 1
        assert n < 60
    return n


def take_quiz(frame, bank, right: bool) -> None:
    """Walk to the quiz, start it, answer every drawn question right or wrong, submit."""
    walk_to_quiz(frame)
    frame.locator("#quiz-start").click()
    answer_all(frame, bank, right=right)
    frame.locator("#quiz-submit").click()
