"""The programme configuration (`programme.yaml`): branding, quiz rules, LMS reporting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..diagnostics import SourceRef
from ..schema import internal, spec

FOLDER = "."
DOC = """`programme.yaml` at the project root configures one programme: who offers it (branding),
the attempt rules of the quizzes and what the packages report to the LMS."""

COLOUR = r"#[0-9a-fA-F]{6}"
# an id that is also an XML name (package identifiers are xs:ID): it starts with a letter
PROGRAMME_ID = r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*"


@dataclass(frozen=True, slots=True)
class Branding:
    """Who offers the programme and how it looks."""

    organisation: str = spec("Organisation offering the programme, shown in the header and certificate.",
                             max_length=120)
    primary: str = spec("Main colour as #rrggbb; must reach 4.5:1 contrast with white.", pattern=COLOUR)
    accent: str = spec("Second colour as #rrggbb; must reach 4.5:1 contrast with white.", pattern=COLOUR)
    logo: str | None = spec("Path of a PNG or SVG logo inside the project (at most 1 MiB). An SVG is published"
                            " through an allow-list filter: scripts, event handlers and external references"
                            " are removed.", default=None, file="logo")
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class QuizRules:
    """How quizzes are drawn and scored."""

    questions_per_attempt: int = spec("Questions drawn from the bank per attempt (at least one per priority value).")
    mastery_score: int = spec("Score (0-100) needed to pass.", default=80)
    max_attempts: int = spec("Attempts allowed; 0 means unlimited.", default=0)
    feedback: bool = spec("Show feedback per question after submitting.", default=True)
    review: bool = spec("Let the learner review answers (with the right ones) after submitting.", default=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Reporting:
    """What the packages report to the LMS."""

    status: Literal["passed-incomplete", "passed-failed", "completed-incomplete", "completed-failed"] = spec(
        "Status pair reported (SCORM 1.2 lesson_status): success / not yet. 'passed-incomplete' (default)"
        " keeps a failed attempt open for a retry; 'passed-failed' records failure; the completed-* pairs"
        " suit LMSs that certify on completion.", default="passed-incomplete")
    completion: Literal["lessons-and-quiz", "lessons"] = spec(
        "When a SCO counts as completed: all lessons seen and the quiz passed, or all lessons seen.",
        default="lessons-and-quiz")
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Programme:
    """One programme (`programme.yaml`)."""

    id: str = spec("Stable id, starting with a letter; prefixes package identifiers in the LMS and the names of"
                   " the output files.", pattern=PROGRAMME_ID, max_length=64)
    title: str = spec("Title of the programme; with a module's title it names each package in the LMS, which"
                      " stores at most 255 characters.", max_length=120)
    term: str = spec("The term of this edition, e.g. '2026-2030', named in the whole-programme package's title."
                     " Each office's own term (elected or appointed, and its period) is in"
                     " `context/roles/<office>.yaml` and is what pages and certificates show.",
                     pattern=r"\d{4}-\d{4}")
    version: str = spec("Version of this edition, e.g. '1.0'.", pattern=r"\d+(\.\d+){0,2}")
    branding: Branding = spec("Organisation, colours and logo.")
    quiz: QuizRules = spec("Attempt rules of the quizzes.")
    reporting: Reporting = spec("What is reported to the LMS.", default=Reporting())
    ref: SourceRef = internal()


FILES = (("programme.yaml", Programme, "programme"),)
