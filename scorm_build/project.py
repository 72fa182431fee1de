"""Load and check a whole project (the three source trees and the programme) into one frozen value."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import check, quizcheck
from .diagnostics import Report, SourceRef
from .load import Loaded, load_file, load_tree
from .model import context as ctx
from .model import curriculum as cur
from .model import module as mod
from .model import programme as prog
from .model.layout import CONTEXT, TREES
from .schema import INVALID


SOURCE_TREES = tuple(folder for folder, _ in TREES + (CONTEXT,))


@dataclass(frozen=True, slots=True)
class Project:
    """Everything the render and package stages need, checked."""

    curriculum: cur.Curriculum
    modules: tuple[mod.Module, ...]  # core first, then the offices in curriculum order
    banks: tuple[quizcheck.CompiledBank, ...]
    programme: prog.Programme
    content_hash: str  # sha256 of every source file (names and bytes)
    logo: tuple[str, bytes] | None  # file suffix and bytes of the branding logo
    context: ctx.Context | None = None  # the programme's own knowledge (roles, glossary)

    def module(self, module_id: str) -> mod.Module:
        return next(m for m in self.modules if m.id == module_id)

    def bank(self, module_id: str) -> quizcheck.CompiledBank:
        return next(b for b in self.banks if b.module == module_id)


def load_project(root: Path) -> tuple[Project | None, Report]:
    """Read, check and model every source; the model is None when there is any error."""
    report = Report()
    trees = [load_tree(root, folder, layout, report) for folder, layout in TREES]
    own = load_tree(root, *CONTEXT, report)
    trees.append(own)
    config = Loaded()
    programme = INVALID
    if (root / "programme.yaml").is_file():
        programme = load_file(root, root / "programme.yaml", prog.Programme, report, config)
    else:
        report.error(SourceRef("programme.yaml", 1), "file 'programme.yaml' is missing", "file.missing")
    everything = Loaded(failed_kinds=set().union(*(t.failed_kinds for t in trees)))
    for t in trees + [config]:
        everything.defs.extend(t.defs)
        everything.refs.extend(t.refs)
    before = len(report.errors)
    index = check.index_ids(everything.defs, report)
    check.resolve(everything.refs, index, report, everything.failed_kinds)
    # later rules look entries up by id: they only run on a consistent set of ids
    ids_ok = len(report.errors) == before and not everything.failed_kinds
    c, m, q, _ = trees
    curriculum = check.check_curriculum(c.objects, report) if c.complete else None
    modules = ()
    if m.complete and curriculum is not None:
        modules = check.check_modules(m.objects.get("modules", ()), curriculum, report)
        if ids_ok:
            check.check_module_content(modules, curriculum, report)
    context = None
    if own.complete and curriculum is not None and ids_ok:
        context = check.check_context(own.objects, curriculum, modules, report)
    banks = ()
    if q.complete and curriculum is not None and modules and programme is not INVALID and ids_ok:
        banks = quizcheck.check_banks(q.objects.get("banks", ()), curriculum, modules, programme, index, report)
    if programme is not INVALID:
        check.check_programme(programme, root, report)
    if report.errors or curriculum is None or not modules or not banks or programme is INVALID or context is None:
        return None, report
    files = source_files(root)
    logo = None
    if programme.branding.logo:
        path = root / programme.branding.logo
        logo = (path.suffix.lower(), path.read_bytes())
        files.append(path)  # the logo is part of what learners see, so of the content hash too
    return Project(curriculum, modules, banks, programme, content_hash(root, files), logo, context), report



def source_files(root: Path) -> list[Path]:
    """Every source file of a project, sorted: the three trees and the programme configuration."""
    return sorted(p for t in SOURCE_TREES for p in (root / t).rglob("*.yaml")) + [root / "programme.yaml"]


def content_hash(root: Path, files: list[Path]) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
