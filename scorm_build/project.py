"""Load and check a whole project (the three source trees and the programme) into one frozen value."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import check, quizcheck
from .diagnostics import Report, SourceRef
from .load import Loaded, load_file, load_tree
from .logo import read_logo
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
    content_hash: str  # sha256 of every source file and the programme's settings, branding left out
    logo: tuple[str, bytes] | None  # file suffix and bytes of the branding logo
    context: ctx.Context | None = None  # the programme's own knowledge (roles, glossary)

    def module(self, module_id: str) -> mod.Module:
        return next(m for m in self.modules if m.id == module_id)

    def bank(self, module_id: str) -> quizcheck.CompiledBank:
        return next(b for b in self.banks if b.module == module_id)

    def only(self, offices) -> Project:
        """The same project with the core module and these offices' modules only (``build --office``)."""
        keep = {"core", *offices}
        return dataclasses.replace(self, modules=tuple(m for m in self.modules if m.id in keep),
                                   banks=tuple(b for b in self.banks if b.module in keep))


def load_project(root: Path) -> tuple[Project | None, Report]:
    """Read, check and model every source; the model is None when there is any error."""
    report = Report()
    trees = [load_tree(root, folder, layout, report) for folder, layout in TREES]
    own = load_tree(root, *CONTEXT, report)
    trees.append(own)
    config = Loaded()
    programme = INVALID
    if (root / "programme.yaml").exists() or (root / "programme.yaml").is_symlink():
        programme = load_file(root, root / "programme.yaml", prog.Programme, report, config)
    else:
        report.error(SourceRef("programme.yaml", 1), "file 'programme.yaml' is missing", "file.missing")
    everything = Loaded(failed_kinds=set().union(*(t.failed_kinds for t in trees)))
    for t in trees + [config]:
        everything.defs.extend(t.defs)
        everything.refs.extend(t.refs)
        everything.files.extend(t.files)
        everything.read.update(t.read)
    # files the sources name are checked whatever else is wrong with the sources
    logos = [read_logo(root, f, report) for f in everything.files if f.kind == "logo"]
    before = len(report.errors)
    index = check.index_ids(everything.defs, report)
    ids_unique = len(report.errors) == before and not everything.failed_kinds
    before = len(report.errors)
    check.resolve(everything.refs, index, report, everything.failed_kinds)
    broken = {d.where.path for d in report.errors[before:]}
    # later rules look entries up by id: they only run on a consistent set of ids
    ids_ok = ids_unique and not broken
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
    # a bank needs the curriculum's ids, its own and its module's references to hold: a wrong id in
    # one module hides only that module's bank, not the others' errors
    sound = [x for x in modules if x.ref.path not in broken]
    banks_ok = ids_unique and not any(path.startswith("curriculum/") for path in broken)
    if q.complete and curriculum is not None and sound and programme is not INVALID and banks_ok:
        all_banks = q.objects.get("banks", ())
        skipped = {b.module for b in all_banks if b.at.path in broken}
        sound = [x for x in sound if x.id not in skipped]
        ids = {x.id for x in sound}
        checked = [b for b in all_banks if b.module in ids and b.at.path not in broken]
        banks = quizcheck.check_banks(checked, curriculum, sound, programme, index, report)
        if len(sound) < len(modules) or len(checked) < len(all_banks):
            banks = ()
    if programme is not INVALID:
        check.check_programme(programme, root, report)
    if report.errors or curriculum is None or not modules or not banks or programme is INVALID or context is None:
        return None, report
    logo = logos[0] if logos else None
    files = dict(everything.read)
    # the hash (the quizzes' salt, the manifests' identifier) names the content, not who offers it: the
    # branding is left out, so every brand of a programme shares its rendered pages (docs/brands.md)
    files["programme.yaml"] = programme_settings(programme)
    return Project(curriculum, modules, banks, programme, content_hash(files), logo, context), report


def source_files(root: Path) -> list[Path]:
    """Every source file of a project, sorted: the three trees and the programme configuration."""
    return sorted(p for t in SOURCE_TREES for p in (root / t).rglob("*.yaml")) + [root / "programme.yaml"]


def programme_settings(programme: prog.Programme) -> bytes:
    """The programme's settings without its branding and source positions, canonically (for the hash)."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "ref"}
        return value
    settings = strip(dataclasses.asdict(programme))
    del settings["branding"]
    return json.dumps(settings, sort_keys=True, ensure_ascii=False).encode()


def content_hash(files: dict[str, bytes]) -> str:
    """sha256 over the files the build read (project-relative path and bytes), in path order."""
    h = hashlib.sha256()
    for rel in sorted(files, key=lambda r: (r == "programme.yaml", r.split("/"))):
        h.update(rel.encode() + b"\0" + files[rel] + b"\0")
    return h.hexdigest()
