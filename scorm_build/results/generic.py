"""Any LMS's CSV export, read through a column mapping in YAML.

The mapping (e.g. ``lms-mapping.yaml``)::

    columns:            # header of the column in the export
      name: Deelnemer
      email: E-mail
      status: Status    # optional; at least one of status and score
      score: Score      # optional
      module: Module    # optional; otherwise give --module
    status_values:      # optional: the LMS's words -> passed/completed/failed/incomplete
      Behaald: passed
    score_max: 100      # optional: the score that means 100 %
    delimiter: ";"      # optional: detected from the header line
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..diagnostics import Report, SourceRef
from ..yamlsource import LOADER
from . import headers as H
from .model import STATUSES, Result
from .moodle import EMAIL_RE
from .table import number, read_table, read_text

KEYS = {"columns", "status_values", "score_max", "delimiter"}
COLUMNS = {"name", "email", "status", "score", "module"}


def _mapping(path: Path, report: Report) -> dict | None:
    rel = str(path)
    text = read_text(path, rel, report)
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 1
        report.error(SourceRef(rel, line), f"not valid YAML: {getattr(exc, 'problem', exc)}", "mapping.yaml")
        return None
    if not isinstance(node, yaml.MappingNode):
        report.error(SourceRef(rel, 1), "the mapping must be a YAML mapping with 'columns'", "mapping.shape")
        return None
    before = len(report.errors)
    for k, _ in node.value:
        if k.value not in KEYS:
            report.error(SourceRef(rel, k.start_mark.line + 1), f"unknown key '{k.value}' (known: "
                         f"{', '.join(sorted(KEYS))})", "mapping.key")
    data = yaml.load(text, Loader=LOADER)
    cols = data.get("columns")
    line = next((k.start_mark.line + 1 for k, _ in node.value if k.value == "columns"), 1)
    if not isinstance(cols, dict):
        report.error(SourceRef(rel, line), "'columns' must map name, email, status/score to headers", "mapping.shape")
        return None
    for k in sorted(set(cols) - COLUMNS):
        report.error(SourceRef(rel, line), f"unknown column key '{k}' (known: {', '.join(sorted(COLUMNS))})",
                     "mapping.key")
    for k in ("name", "email"):
        if k not in cols:
            report.error(SourceRef(rel, line), f"'columns' needs '{k}'", "mapping.shape")
    if "status" not in cols and "score" not in cols:
        report.error(SourceRef(rel, line), "'columns' needs 'status' or 'score' (or both)", "mapping.shape")
    for word, status in (data.get("status_values") or {}).items():
        if status not in STATUSES:
            report.error(SourceRef(rel, line), f"status_values: '{word}' maps to '{status}', not one of"
                         f" {', '.join(STATUSES)}", "mapping.status")
    return data if len(report.errors) == before else None


def read_generic(path: Path, mapping: Path, modules: dict[str, str], module: str | None,
                 report: Report) -> list[Result]:
    """Results from a CSV export through a YAML column mapping."""
    spec = _mapping(mapping, report)
    if spec is None:
        return []
    table = read_table(path, report, spec.get("delimiter"))
    if table is None:
        return []
    cols = {}
    for k, header in spec["columns"].items():
        i = H.find(table.header, (H.key(str(header)),))
        if i is None:
            report.error(table.ref(1), f"no column '{header}' (mapped as '{k}' in {mapping})", "results.column-missing")
        cols[k] = i
    if "module" not in cols and module is None:
        report.error(table.ref(1), "the mapping has no 'module' column: give --module", "results.module-unknown")
    if None in cols.values() or ("module" not in cols and module is None):
        return []
    words = {H.key(str(k)): v for k, v in (spec.get("status_values") or {}).items()} | H.STATUS_WORDS
    top = float(spec.get("score_max", 100))
    out = []
    for line, cells in table.rows:
        ref = table.ref(line)
        email = cells[cols["email"]].strip().lower()
        ok = True
        if not EMAIL_RE.match(email):
            report.error(ref, f"'{cells[cols['email']]}' is not an e-mail address", "results.email")
            ok = False
        mid = cells[cols["module"]] if "module" in cols else module
        if mid not in modules:
            report.error(ref, f"module '{mid}' is not a module of the programme", "results.module-unknown")
            ok = False
        status = score = None
        if "status" in cols and cells[cols["status"]]:
            status = words.get(H.key(cells[cols["status"]]))
            if status is None:
                report.error(ref, f"status '{cells[cols['status']]}' is unknown: add it to status_values in"
                             f" {mapping}", "results.cell")
                ok = False
        if "score" in cols and cells[cols["score"]] not in ("", H.NO_ATTEMPT):
            value = number(cells[cols["score"]])
            if value is None or not 0 <= value <= top:
                report.error(ref, f"score '{cells[cols['score']]}' is not a number from 0 to {top:g} (digits 0-9)", "results.cell")
                ok = False
            else:
                score = round(100.0 * value / top, 2)
        if ok and (status or score is not None):
            out.append(Result(cells[cols["name"]], email, mid, status, score, ref))
    return out
