"""The learner's action plan ("Mijn actieplan") and its follow-up ("Na 100 dagen"): shape and limits.

The plan is kept in ``suspend_data`` (key ``m``, docs/runtime.md) as a flat list of strings: per row
the pick, the action in the learner's words, with whom, by when and what came of it; then one answer
per reflection question. The field limits below are the ``maxlength`` of the inputs, the runtime cuts
to them too, and the build's budget check (package/scorm.py) counts the worst case with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Missing

# Characters per field (UTF-16 code units, as the browser counts maxlength).
ACTION_MAX = 120
WHO_MAX = 40
WHEN_LEN = 10  # an <input type="date"> value, YYYY-MM-DD
OUTCOME_MAX = 120
ANSWER_MAX = 160
LIMITS = {"action": ACTION_MAX, "who": WHO_MAX, "outcome": OUTCOME_MAX, "answer": ANSWER_MAX}
ROW_FIELDS = ("pick", "action", "who", "when", "outcome")
# Rows when the publication gives no priority values for the office (Statenlid): the learner chooses
# values; the publication speaks of four priority values for every office.
OWN_ROWS = 4


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One line of the plan: a priority value with its perspectives, or a value the learner picks."""

    value: str | None  # the priority value's id; None: the learner chooses a value
    perspectives: tuple  # the publication's perspectives for that value (may be empty)
    source: str  # where in the publication the perspectives are ('' for a free row)
    choices: int  # options of the row's pick: perspectives, or every value for a free row


@dataclass(frozen=True, slots=True)
class Shape:
    """What a page's plan holds: its rows and its reflection questions."""

    rows: tuple[PlanRow, ...]
    questions: tuple[str, ...]

    @property
    def pick_max(self) -> int:
        """The longest pick the runtime stores: an option index, or 'e' (own action)."""
        widest = max([r.choices for r in self.rows] + [0])
        return max(1, len(str(widest)))


def rows_for(curriculum, office_id: str) -> tuple[PlanRow, ...]:
    """One row per priority value with its perspectives; OWN_ROWS free rows where the text gives none."""
    office = curriculum.office(office_id)
    if isinstance(office.priorities, Missing):
        return tuple(PlanRow(None, (), "", len(curriculum.values.values)) for _ in range(OWN_ROWS))
    groups = {} if isinstance(office.perspectives, Missing) else {g.value: g for g in office.perspectives}
    rows = []
    for v in office.priorities:
        g = groups.get(v)
        items = tuple(g.items) if g else ()
        rows.append(PlanRow(v, items, g.source if g else "", len(items)))
    return tuple(rows)


def lesson_questions(lesson) -> tuple[str, ...]:
    """The reflection questions of a lesson, in order."""
    return tuple(q for b in lesson.blocks if b.reflection for q in b.reflection)


def page_shape(curriculum, modules) -> Shape | None:
    """The plan on a page (the first plan block of its modules), or None when it has none."""
    for m in modules:
        for lesson in m.lessons:
            for b in lesson.blocks:
                if b.plan is not None:
                    return Shape(rows_for(curriculum, b.plan), lesson_questions(lesson))
    return None


def worst_plan(shape: Shape | None) -> list[str]:
    """The longest ``m`` list the runtime can store: every field full of characters JSON doubles."""
    if shape is None:
        return []
    fat = '"'  # JSON writes it as two characters; the runtime removes control characters (\\uXXXX)
    row = ["9" * shape.pick_max, fat * ACTION_MAX, fat * WHO_MAX, "9" * WHEN_LEN, fat * OUTCOME_MAX]
    return row * len(shape.rows) + [fat * ANSWER_MAX for _ in shape.questions]

