"""Item statistics from Moodle's SCORM interactions report, mapped back to the question banks.

Responses are read in every format the runtime has written (docs/runtime.md): SCORM 2004 option ids
joined by ``[,]`` and matching pairs ``<left-id>[.]<right-id>``; SCORM 1.2 letters ``a, b, c`` by the
option's position in the bank, ``t``/``f``, and matching ``1.a,2.c``; and the older format with option
indices (``0,2``; matching ``0.1`` with 0-based positions). Ungraded dilemma interactions
(``<module>.dilemma.*``) are mapped but left out of the statistics.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..diagnostics import Report
from .model import AttemptRow

MIN_N = 5  # fewer answers than this: figures are shown, no flags raised
TOO_EASY, TOO_HARD = 0.90, 0.30
DILEMMA = re.compile(r"^[a-z0-9-]+\.dilemma\.")


@dataclass(frozen=True, slots=True)
class ItemStats:
    """One question's figures."""

    id: str
    module: str
    type: str
    prompt: str
    answered: int
    right: int
    discrimination: float | None  # point-biserial: item right/wrong against the rest of the attempt
    options: tuple[tuple[str, str, bool, int], ...]  # (option id, text, correct, times chosen)
    flags: tuple[str, ...]

    @property
    def share_right(self) -> float | None:
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class ItemReport:
    items: tuple[ItemStats, ...]
    attempts: int
    mapped: int  # interactions mapped to a question
    ungraded: int  # dilemma interactions


def _split(text: str) -> list[str]:
    t = text.strip()
    if not t:
        return []
    return [x.strip() for x in (t.split("[,]") if "[,]" in t else t.split(","))]


def _position(token: str, count: int) -> int | None:
    if re.fullmatch(r"[a-z]", token) and ord(token) - 97 < count:
        return ord(token) - 97
    if token.isdigit() and int(token) < count:
        return int(token)
    return None


def choice_response(q, text: str) -> frozenset[str] | None:
    """The option ids a choice or true-false response names; None when a token names none."""
    ids = [o.id for o in q.options]
    chosen = set()
    for token in _split(text):
        low = token.lower()
        if token in ids:
            chosen.add(token)
        elif q.type == "truefalse" and low in ("t", "true", "f", "false"):
            chosen.add(ids[0] if low in ("t", "true") else ids[1])
        elif (pos := _position(low, len(ids))) is not None:
            chosen.add(ids[pos])
        else:
            return None
    return frozenset(chosen)


def matching_response(q, text: str) -> frozenset[tuple[str, str]] | None:
    """The (left id, right id) pairs a matching response names; None when a pair names nothing."""
    lefts, rights = [i for i, _ in q.lefts], [i for i, _ in q.rights]
    pairs = set()
    for token in _split(text):
        left, sep, right = token.partition("[.]") if "[.]" in token else token.partition(".")
        if not sep:
            return None
        if right in rights:
            r = right
        else:
            pos = _position(right.lower(), len(rights))
            r = rights[pos] if pos is not None else None
        if left in lefts:
            lft = left
        elif left.isdigit():
            # the 1.2 format counts lefts from 1 and names rights by letter; the old one counts both from 0
            i = int(left) - 1 if re.fullmatch(r"[a-z]", right.lower()) else int(left)
            lft = lefts[i] if 0 <= i < len(lefts) else None
        else:
            lft = None
        if r is None or lft is None:
            return None
        pairs.add((lft, r))
    return frozenset(pairs)


def _key(q):
    if q.type == "matching":
        return frozenset(q.key)
    return frozenset(o.id for o in q.options if o.correct)


def point_biserial(xs: list[int], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs) / n)
    sy = math.sqrt(sum((y - my) ** 2 for y in ys) / n)
    if sx == 0 or sy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / (n * sx * sy)


def analyse(banks, rows: list[AttemptRow], report: Report) -> ItemReport:
    """Figures per question of every bank that the export mentions; unmapped interactions are warnings."""
    questions = {q.id: (b.module, q) for b in banks for q in b.questions}
    per_row: list[dict[str, tuple[object, bool]]] = []
    mapped = ungraded = 0
    for row in rows:
        answers: dict[str, tuple[object, bool]] = {}
        for ix in row.interactions:
            if DILEMMA.match(ix.id):
                ungraded += 1
                continue
            if ix.id not in questions:
                report.warning(ix.at, f"interaction '{ix.id}' is no question of any bank: was the bank changed"
                               " after this export?", "items.unknown-question")
                continue
            _, q = questions[ix.id]
            parsed = matching_response(q, ix.response) if q.type == "matching" else choice_response(q, ix.response)
            if parsed is None:
                report.warning(ix.at, f"response '{ix.response}' of '{ix.id}' names no option of the question",
                               "items.unknown-response")
                continue
            mapped += 1
            answers[ix.id] = (parsed, parsed == _key(q))  # a retry in the same attempt: the last answer counts
        per_row.append(answers)
    stats = []
    for qid, (module, q) in questions.items():
        seen = [(a[qid], a) for a in per_row if qid in a]
        if not seen:
            continue
        xs, ys = [], []
        for (parsed, right), answers in seen:
            others = [r for k, (_, r) in answers.items() if k != qid]
            if others:
                xs.append(int(right))
                ys.append(sum(others) / len(others))
        r = point_biserial(xs, ys)
        counts = {o.id: 0 for o in q.options}
        for (parsed, _), _ in seen:
            if q.type != "matching":
                for oid in parsed:
                    counts[oid] += 1
        options = tuple((o.id, o.text, o.correct, counts[o.id]) for o in q.options)
        n, right = len(seen), sum(1 for (_, ok), _ in seen if ok)
        flags = []
        if n >= MIN_N:
            if right / n >= TOO_EASY:
                flags.append("too-easy")
            if right / n <= TOO_HARD:
                flags.append("too-hard")
            if r is not None and r < 0:
                flags.append("negative-discrimination")
            if any(not o.correct and counts[o.id] == 0 for o in q.options) and q.type != "truefalse":
                flags.append("unused-distractor")
        stats.append(ItemStats(qid, module, q.type, q.prompt, n, right, r, options, tuple(flags)))
    stats.sort(key=lambda s: (s.module, s.id))
    return ItemReport(tuple(stats), len(rows), mapped, ungraded)
