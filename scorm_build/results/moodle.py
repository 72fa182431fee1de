"""Readers for Moodle's exports: the SCORM basic and interactions reports (TSV, 'Download in text
format'), the course completion report (CSV) and the grade export (CSV)."""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Report
from . import headers as H
from .model import AttemptRow, Interaction, Result
from .table import Table, number, read_table

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(table: Table, line: int, cells: tuple[str, ...], col: int, report: Report) -> str | None:
    value = cells[col].strip().lower()
    if not EMAIL_RE.match(value):
        report.error(table.ref(line), f"'{cells[col]}' is not an e-mail address: every learner needs one"
                     " to be identified in a credential", "results.email")
        return None
    return value


def _need(table: Table, names: tuple[str, ...], what: str, report: Report) -> int | None:
    col = H.find(table.header, names)
    if col is None:
        report.error(table.ref(1), f"no column '{names[0]}' (or '{names[1]}'): {what}", "results.column-missing")
    return col


def sco_columns(table: Table, modules: dict[str, str], module: str | None, report: Report,
                programme_title: str | None = None) -> dict[int, str]:
    """The SCO columns after 'Score' (up to the first interaction column), each mapped to a module id.

    A column matches a module by its id, its title (the programme package's SCO titles) or
    '<programme title>: <module title>' (the single-office package's SCO title); with one SCO
    column, ``module`` may name it.
    """
    score = H.find(table.header, H.SCORE)
    if score is None:
        return {}
    cols = []
    for i in range(score + 1, len(table.header)):
        if any(p.match(table.header[i].strip()) for p in H.INTERACTION.values()):
            break
        cols.append(i)
    by_name = {H.key(title): mid for mid, title in modules.items()} | {H.key(m): m for m in modules}
    if programme_title:
        by_name |= {H.key(f"{programme_title}: {title}"): mid for mid, title in modules.items()}
    found: dict[int, str] = {}
    for i in cols:
        mid = by_name.get(H.key(table.header[i]))
        if mid is None and module is not None and len(cols) == 1:
            mid = module
        if mid is None:
            report.error(table.ref(1), f"column '{table.header[i]}' names no module of the programme (modules:"
                         f" {', '.join(sorted(modules))}); with one SCO per export, give --module",
                         "results.module-unknown")
            continue
        found[i] = mid
    if not cols and module is not None:
        found[score] = module
    elif not cols:
        report.error(table.ref(1), "the report has no SCO column: download it with the detailed SCO"
                     " report on, or give --module to read the 'Score' column", "results.module-unknown")
    return found


def parse_sco_cell(text: str) -> tuple[str | None, float | None] | str:
    """A SCO cell: '85/100' or '85' (a raw score, so no status shown) or a status word; otherwise what
    is wrong with it. A score must be from 0 to its maximum (100 without one), in ASCII digits."""
    t = text.strip()
    if not t or t == H.NO_ATTEMPT:
        return (None, None)
    raw, slash, top = t.partition("/")
    value = number(raw)
    if value is not None or slash:
        maximum = number(top) if slash else 100.0
        if value is None or maximum is None or maximum <= 0:
            return (f"'{text}' is not a score Moodle writes (a number from 0 to the maximum, e.g. '85/100',"
                    " in digits 0-9)")
        if not 0 <= value <= maximum:
            return (f"score '{text}' is outside 0 to {maximum:g}: correct the attempt in Moodle and download"
                    " the report again")
        return (None, round(100.0 * value / maximum, 2))
    status = H.STATUS_WORDS.get(H.key(t))
    return (status, None) if status else f"'{text}' is neither a score nor a status Moodle writes"


def read_scorm_report(path: Path, modules: dict[str, str], module: str | None,
                      report: Report, programme_title: str | None = None) -> list[Result]:
    """Results from Moodle's SCORM report download (basic or interactions report, tab-separated)."""
    table = read_table(path, report)
    if table is None:
        return []
    name = _need(table, H.NAME, "this is not a Moodle SCORM report", report)
    email = _need(table, H.EMAIL, "show the e-mail address as an identity field (Site administration >"
                  " Users > Permissions > User policies > Show user identity) and download again", report)
    attempt = _need(table, H.ATTEMPT, "this is not a Moodle SCORM report", report)
    scos = sco_columns(table, modules, module, report, programme_title)
    if None in (name, email, attempt) or not scos:
        return []
    out = []
    for line, cells in table.rows:
        if cells[attempt] in (H.NO_ATTEMPT, ""):
            continue  # no attempt: nothing to certify
        mail = _email(table, line, cells, email, report)
        for col, mid in scos.items():
            cell = parse_sco_cell(cells[col])
            if isinstance(cell, str):
                report.error(table.ref(line), f"column '{table.header[col]}': {cell}", "results.cell")
                continue
            status, score = cell
            if mail and (status or score is not None):
                out.append(Result(cells[name], mail, mid, status, score, table.ref(line)))
    return out


def read_interactions(path: Path, report: Report) -> list[AttemptRow]:
    """Attempt rows with their interactions from Moodle's SCORM interactions report."""
    table = read_table(path, report)
    if table is None:
        return []
    email = _need(table, H.EMAIL, "show the e-mail address as an identity field and download again", report)
    attempt = _need(table, H.ATTEMPT, "this is not a Moodle SCORM report", report)
    groups: dict[int, dict[str, int]] = {}
    for i, h in enumerate(table.header):
        for kind, pattern in H.INTERACTION.items():
            m = pattern.match(h.strip())
            if m:
                groups.setdefault(int(m.group(2)), {})[kind] = i
    if not groups or any("question" not in g or "response" not in g for g in groups.values()):
        report.error(table.ref(1), "no 'Question n' and 'Response n' columns: download the interactions report"
                     " with 'Summary of question' and 'Summary of responses' on", "results.column-missing")
        return []
    if email is None or attempt is None:
        return []
    out = []
    for line, cells in table.rows:
        if cells[attempt] in (H.NO_ATTEMPT, ""):
            continue
        mail = cells[email].strip().lower()
        items = []
        for n in sorted(groups):
            g = groups[n]
            qid = cells[g["question"]]
            if not qid:
                continue
            items.append(Interaction(qid, cells[g["response"]], cells[g["right"]] if "right" in g else "",
                                     cells[g["result"]] if "result" in g else "", table.ref(line)))
        out.append(AttemptRow(mail, tuple(items), table.ref(line)))
    return out


def read_completion(path: Path, module: str | None, report: Report) -> list[Result]:
    """'Completed' results from the course completion report's CSV download (non-empty 'Course complete')."""
    table = read_table(path, report)
    if table is None:
        return []
    name = _need(table, H.NAME, "this is not a Moodle course completion report", report)
    email = _need(table, H.EMAIL, "show the e-mail address as an identity field and download again", report)
    done = _need(table, H.COURSE_COMPLETE, "this is not a Moodle course completion report", report)
    if module is None:
        report.error(table.ref(1), "a course completion export does not say which module: give --module",
                     "results.module-unknown")
    if None in (name, email, done) or module is None:
        return []
    out = []
    for line, cells in table.rows:
        mail = _email(table, line, cells, email, report)
        status = "completed" if cells[done].strip() not in ("", H.NO_ATTEMPT) else "incomplete"
        if mail:
            out.append(Result(cells[name], mail, module, status, None, table.ref(line)))
    return out


def read_grades(path: Path, module: str | None, report: Report) -> list[Result]:
    """Scores from Moodle's grade export (CSV): the one grade column '... (Real)' or '... (Percentage)'."""
    table = read_table(path, report)
    if table is None:
        return []
    first = _need(table, H.FIRST_NAME, "this is not a Moodle grade export", report)
    last = _need(table, H.LAST_NAME, "this is not a Moodle grade export", report)
    email = _need(table, H.EMAIL, "export the grades with the e-mail address", report)
    grades = [i for i, h in enumerate(table.header) if H.GRADE_COLUMN.search(h)]
    if len(grades) != 1:
        report.error(table.ref(1), f"expected one grade column ending in '(Real)' or '(Percentage)', found"
                     f" {len(grades)}: export only the SCORM activity's grade", "results.column-missing")
    if module is None:
        report.error(table.ref(1), "a grade export does not say which module: give --module", "results.module-unknown")
    if None in (first, last, email) or len(grades) != 1 or module is None:
        return []
    out = []
    for line, cells in table.rows:
        mail = _email(table, line, cells, email, report)
        cell = cells[grades[0]]
        if cell.strip() in ("", H.NO_ATTEMPT):
            continue
        score = number(cell)
        if score is None or not 0 <= score <= 100:
            report.error(table.ref(line), f"grade '{cell}' is not a number from 0 to 100 (digits 0-9)", "results.cell")
            continue
        if mail:
            out.append(Result(f"{cells[first]} {cells[last]}".strip(), mail, module, None, score, table.ref(line)))
    return out
