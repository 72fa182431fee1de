"""What a result export says about one learner: result rows and quiz interactions."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import SourceRef

#: SCORM statuses as the readers normalise them (SCORM 1.2 lesson_status / 2004 completion words).
STATUSES = ("passed", "completed", "failed", "incomplete", "browsed", "notattempted")
MET_STATUSES = frozenset({"passed", "completed"})


@dataclass(frozen=True, slots=True)
class Result:
    """One learner's status and/or score for one module, as one export row shows it."""

    name: str
    email: str  # trimmed and lower-cased
    module: str
    status: str | None  # one of STATUSES, or None when the export does not show it
    score: float | None  # 0-100, or None when the export does not show it
    at: SourceRef


@dataclass(frozen=True, slots=True)
class Interaction:
    """One answered question (``cmi.interactions.n``) in one row of an interactions report."""

    id: str
    response: str
    right: str
    result: str
    at: SourceRef


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """One row of Moodle's SCORM interactions report: a learner's attempt and its interactions."""

    email: str
    interactions: tuple[Interaction, ...]
    at: SourceRef
