"""Load and check a whole project (the three source trees) into one frozen value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import check
from .diagnostics import Report
from .load import Loaded, load_tree
from .model import curriculum as cur


@dataclass(frozen=True, slots=True)
class Project:
    """Everything the render and package stages need, checked."""

    root: Path
    curriculum: cur.Curriculum


def load_project(root: Path) -> tuple[Project | None, Report]:
    """Read, check and model every source; the model is None when there is any error."""
    report = Report()
    c = load_tree(root, "curriculum", cur.FILES, report)
    everything = Loaded(defs=list(c.defs), refs=list(c.refs), failed_kinds=set(c.failed_kinds))
    index = check.index_ids(everything.defs, report)
    check.resolve(everything.refs, index, report, everything.failed_kinds)
    curriculum = check.check_curriculum(c.objects, report) if c.complete else None
    if report.errors or curriculum is None:
        return None, report
    return Project(root=root, curriculum=curriculum), report
