"""Question banks (``quizzes/``): authored questions, plus rules to generate questions from the curriculum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from ..diagnostics import SourceRef
from ..schema import internal, key_lines, spec

FOLDER = "quizzes"
DOC = """One bank per module (`quizzes/<module-id>.yaml`). Authored questions sit beside generated ones:
`generate` lists what the compiler derives from the curriculum. Where an authored question names a
`relation`, `scorm-build check` verifies every option's `correct` flag (and every matching pair)
against the curriculum.

Relations (`about` is the subject, option `ref`s are the candidates):
- `priority-of-office`: about an office; options are values; right = the office's priority values.
- `cluster-of-value`: about a value; options are clusters; right = the value's cluster.
- `value-of-perspective`: about a perspective; options are values; right = the value it serves.
- `association-of-office`: about an office; options are associations; right = the office's association(s).
- `office-with-priority`: about a value; options are offices; right = offices with that priority.
- `perspective-of-office`: about an office; options are perspectives; right = the office's own perspectives.
- `group-of-trend`: about a trend; options are trend groups; right = the group the trend is in.
For `matching` questions each pair's `left`/`right` refs are checked with the same relation.

Kinds (`kind`): a `case` is a short situation from the first months in office whose options are
actions; its key rests on one curriculum entry (`rests_on`, usually a perspective for action), which
the compiler quotes and cites in the explanation. `recall` asks for a fact from the publication;
`understanding` (the default of `scenario` questions) applies one. A `dilemma` question has no right
answer: it sets one of the publication's tensions between values (`tension`) against a situation,
each option says in its feedback what that choice weighs (and `values` names the values it favours);
it is shown beside the scored questions and never counts for the score. Every attempt draws at least
half its scored questions from the case items and at most a third from the recall items.

Item-bank rules `scorm-build check` enforces (codes in brackets): questions that reveal each other's
answer are never drawn together, declared with `excludes` or detected [quiz.reveals]; the keyed
option is not systematically the longest [quiz.key-longest]; a stem does not share its key's telling
word [quiz.stem-cue]; an association question cannot be answered from the association's name
[quiz.name-cue]; an office bank covers every perspective of its office [quiz.perspective-coverage];
every entry under `tests` is what the question asks about, and a hand-written citation names the
section it tests (citations are computed from `rests_on`, `tension`, `about`, else `tests`)
[quiz.citation]; no question asks about
the programme's own sources or gaps [quiz.about-gaps]; values the text does not place with certainty
are not asked [quiz.uncertain-value]; a `perspective-of-office` distractor is another office's
role-bound advice, not near-identical to the learner's own, and its feedback names that office
[quiz.shared-advice, quiz.not-role-bound, quiz.feedback-office]; an office bank holds at least 12 case
items and 2 dilemmas [quiz.case-count]."""

Relation = Literal["priority-of-office", "cluster-of-value", "value-of-perspective", "association-of-office",
                   "office-with-priority", "perspective-of-office", "group-of-trend"]
Generator = Literal["priorities", "clusters", "perspectives", "associations", "offices-with-priority",
                    "value-to-cluster-matching", "true-false-priorities", "trend-groups"]
Kind = Literal["case", "recall", "understanding", "dilemma"]


@dataclass(frozen=True, slots=True)
class Option:
    """An answer option."""

    id: str = spec("Stable id within the question, e.g. 'a'.", pattern="id")
    feedback: str = spec("Shown after submitting when the option was chosen (Markdown).", markdown=True)
    correct: bool | None = spec("Whether choosing it is right (omit for dilemma options).", default=None)
    text: str | None = spec("Option text (Markdown); may be omitted when `ref` names a curriculum entry.",
                            default=None, markdown=True)
    ref: str | None = spec("Curriculum id the option stands for (checked against `relation`).", default=None)
    values: tuple[str, ...] = spec("Dilemma options: the values this choice favours.", default=(), ref="value")
    at: SourceRef = internal()
    keys: tuple = key_lines()  # where each key was written: errors about `ref` point at its line


@dataclass(frozen=True, slots=True)
class Pair:
    """A matching pair: the left item and the right item it belongs to."""

    left: str = spec("Curriculum id of the item to place.")
    right: str = spec("Curriculum id of where it belongs.")
    at: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Question:
    """An authored question."""

    KIND: ClassVar[str] = "question"
    id: str = spec("Stable id (an LMS stores it as the interaction id), e.g. 'raadslid.s1'.", pattern="id")
    type: Literal["single", "multiple", "truefalse", "matching", "scenario", "dilemma"] = spec("Question type.")
    objective: str = spec("The learning objective it tests.", ref="objective")
    tests: tuple[str, ...] = spec("Curriculum ids the question tests (values, offices, perspectives...).",
                                  min_items=1)
    prompt: str = spec("The question (Markdown).", markdown=True)
    explanation: str = spec("Why the right answer is right, citing the curriculum (Markdown).", markdown=True)
    scenario: str | None = spec("The situation, for scenario questions (Markdown).", default=None, markdown=True)
    relation: Relation | None = spec("How the answer follows from the curriculum (see above).", default=None)
    about: str | None = spec("Subject of the relation (a curriculum id).", default=None)
    options: tuple[Option, ...] = spec("Options (single, multiple, scenario).", default=())
    answer: bool | None = spec("The right answer of a true/false question.", default=None)
    pairs: tuple[Pair, ...] = spec("The right pairs of a matching question.", default=())
    kind: Kind | None = spec("What the question asks for (see above); defaults to 'understanding' for"
                             " scenario questions, 'dilemma' for dilemmas, else 'recall'.", default=None)
    rests_on: str | None = spec("Case items: the curriculum id (a perspective, view, quote or trend) the key"
                                " rests on; quoted and cited in the explanation.", default=None)
    quote: str | None = spec("Case items: the words of `rests_on` to quote, verbatim (default: all of it).",
                             default=None)
    tension: str | None = spec("Dilemmas: the tension between values the dilemma sets.", default=None,
                               ref="tension")
    excludes: tuple[str, ...] = spec("Ids of questions never drawn together with this one (they reveal each"
                                     " other's answer).", default=())
    at: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Bank:
    """A question bank (`quizzes/<module-id>.yaml`)."""

    module: str = spec("The module the bank belongs to; equals the file name.", ref="module")
    questions: tuple[Question, ...] = spec("Authored questions.", default=())
    generate: tuple[Generator, ...] = spec("Question generators to run for this module's office (or all"
                                           " offices and clusters for the core bank).", default=())
    at: SourceRef = internal()


FILES = (("*.yaml", Bank, "banks"),)
