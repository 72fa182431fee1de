"""The certification rule of `programme.yaml`: who meets it, per learner and module, and why."""

from __future__ import annotations

from dataclasses import dataclass

from .model import MET_STATUSES, Result


@dataclass(frozen=True, slots=True)
class Rule:
    """Status passed or completed, and a score of at least the mastery score (0-100)."""

    mastery_score: int

    def describe(self) -> str:
        return (f"LMS-status 'passed' of 'completed' en een score van ten minste {self.mastery_score}"
                " procent (programme.yaml: quiz.mastery_score)")


@dataclass(frozen=True, slots=True)
class Award:
    """A learner who meets the rule for a module, with the rows that show it."""

    name: str  # as the rows give it, spaces normalised; "" when no row gives one
    email: str
    module: str
    score: float
    evidence: tuple[Result, ...]  # the rows that decided: best score, and the status row if any


def decide(results: list[Result], rule: Rule) -> list[Award]:
    """Everyone who meets the rule, per (e-mail, module), in a stable order.

    The score is the best one any row shows. The status is the one a row shows; where no row shows a
    status for that learner and module (Moodle's SCORM report shows the score *instead of* the status
    once a score exists), a score at or above the mastery score stands for 'passed': the packages
    report passed exactly then. A row showing failed/incomplete does not veto a later passed row.
    """
    groups: dict[tuple[str, str], list[Result]] = {}
    for r in results:
        groups.setdefault((r.email, r.module), []).append(r)
    awards = []
    for (email, module), rows in sorted(groups.items()):
        scored = [r for r in rows if r.score is not None]
        if not scored:
            continue
        best = max(scored, key=lambda r: (r.score, -r.at.line))
        if best.score < rule.mastery_score:
            continue
        statuses = [r for r in rows if r.status is not None]
        met = [r for r in statuses if r.status in MET_STATUSES]
        if statuses and not met:
            continue
        evidence = (best,) + ((met[0],) if met and met[0] is not best else ())
        name = next((" ".join(r.name.split()) for r in rows if r.name.strip()), "")  # "": none (issue refuses it)
        awards.append(Award(name, email, module, best.score, evidence))
    return awards
