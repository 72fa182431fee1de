"""SCORM packages: per office (one SCO: core + office + quiz) and the whole programme (multi-SCO)."""

from __future__ import annotations

import json

from ..actionplan import Shape, page_shape, worst_plan
from ..diagnostics import Report, SourceRef
from . import manifest as mf
from .lint import lint_manifest
from .lmsprofile import DEFAULT, LmsProfile

SUSPEND_LIMIT = {"scorm12": 4096, "scorm2004": 64000}
UNLIMITED_ATTEMPTS_ASSUMED = 999
SAVE_COUNTER_MAX = 2 ** 53 - 1  # the runtime's save counter is a JS number; its longest form
NONCE_LEN = 10  # attempt nonce: 6 random base-36 characters and 4 of the time
COURSE_KEY_LEN = 8  # hex digits of the lesson and question ids' hash


def worst_suspend(page, bank, rules, plan: Shape | None = None) -> str:
    """The longest suspend_data the runtime can write for a page (format v2, docs/runtime.md), with its
    action plan (key ``m``) when the page has one."""
    n_lessons = len(page.steps)
    draw = min(rules.questions_per_attempt, len(bank.questions)) if bank else 0
    biggest = sorted(bank.questions, key=lambda q: -worst_answer_len(q))[:draw] if bank else []
    attempts = rules.max_attempts or UNLIMITED_ATTEMPTS_ASSUMED
    state = {"v": 2, "n": SAVE_COUNTER_MAX, "z": "z" * NONCE_LEN, "k": "f" * COURSE_KEY_LEN, "s": "1" * n_lessons, "c": n_lessons - 1, "a": attempts, "b": 100, "p": 1,
             "d": [max(len(bank.questions) - 1 - i, 0) for i in range(draw)] if bank else [],
             "r": ["9" * worst_answer_len(q) for q in biggest], "f": 1}
    if plan is not None:
        state["m"] = worst_plan(plan)
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def worst_answer_len(q) -> int:
    if q.type == "matching":
        return len(".".join(str(len(q.rights) - 1) for _ in q.lefts))
    if q.type == "multiple":
        return len(",".join(str(i) for i in range(len(q.options))))
    return len(str(len(q.options) - 1))


def page_worst(project, page) -> str:
    """The longest suspend_data of one page of this project, action plan included."""
    bank = project.bank(page.bank) if page.bank else None
    shape = page_shape(project.curriculum, [project.module(m) for m in page.module_ids])
    return worst_suspend(page, bank, project.programme.quiz, shape)


def check_budget(target: str, project, site, report: Report) -> None:
    for page in site.pages:
        size = len(page_worst(project, page))
        if size > SUSPEND_LIMIT[target]:
            report.error(project.programme.quiz.ref,
                         f"{page.page_id}: suspend_data could reach {size} characters, over the {target} limit of"
                         f" {SUSPEND_LIMIT[target]}; lower quiz.questions_per_attempt, set max_attempts or ask fewer"
                         " reflection questions beside the action plan",
                         "package.suspend-budget")


def package_files(target: str, site, page_paths: list[str]) -> dict[str, bytes]:
    files = {p: site.files[p] for p in page_paths}
    files.update({p: b for p, b in site.files.items() if p.startswith("assets/")})
    files.update(mf.schema_files(target))
    return files


def build_package(target: str, project, site, identifier: str, title: str, description: str, scos,
                  report: Report, lms: LmsProfile = DEFAULT) -> dict[str, bytes] | None:
    """All files of one package with its validated and linted manifest; None (reported) when invalid."""
    files = package_files(target, site, [s.href for s in scos])
    spec = mf.PackageSpec(identifier=identifier, title=title, description=description,
                          version=project.programme.version, content_hash=site.content_hash,
                          mastery=project.programme.quiz.mastery_score, scos=tuple(scos),
                          files=tuple(sorted(files)), lms=lms)
    xml = mf.manifest(target, spec)
    problems = mf.validate(target, xml)
    for p in problems:
        report.error(SourceRef(f"{identifier}/{target}", 1), f"manifest does not validate: {p}", "package.manifest")
    for lint in lint_manifest(xml, target, lms):
        problems.append(lint.message)
        report.error(SourceRef(f"{identifier}/{target}/imsmanifest.xml", lint.line),
                     f"{lms.id}: {lint.message}", f"package.{lint.code}")
    if problems:
        return None
    files["imsmanifest.xml"] = xml
    return files


def office_package(target: str, project, site, office_id: str, report: Report, lms: LmsProfile = DEFAULT):
    m = project.module(office_id)
    pid = project.programme.id
    sco = mf.Sco(office_id, f"{project.programme.title}: {m.title}", site.course_page(office_id).path, None)
    files = build_package(target, project, site, f"{pid}.{office_id}", sco.title, m.description, [sco], report, lms)
    return f"{pid}-{office_id}-{target}.zip", files


def programme_package(target: str, project, site, report: Report, lms: LmsProfile = DEFAULT):
    pid = project.programme.id
    scos = [mf.Sco(m.id, m.title, site.module_page(m.id).path, None if m.id == "core" else "core")
            for m in project.modules]
    desc = project.module("core").description
    files = build_package(target, project, site, pid, f"{project.programme.title} {project.programme.term}", desc,
                          scos, report, lms)
    return f"{pid}-{target}.zip", files
