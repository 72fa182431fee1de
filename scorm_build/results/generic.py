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
    score_max: 100      # optional: the score that means 100 % (a number above 0)
    delimiter: ";"      # optional, one character: detected from the header line
"""

from __future__ import annotations

import re
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


NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _mapping(path: Path, report: Report) -> dict | None:
    """The column mapping, checked whole: every problem is reported with its line; None if any."""
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

    def error(at: yaml.Node, message: str, code: str = "mapping.value") -> None:
        report.error(SourceRef(rel, at.start_mark.line + 1), message, code)

    top: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode) or k.value not in KEYS:
            error(k, f"unknown key '{getattr(k, 'value', k)}' (known: {', '.join(sorted(KEYS))})", "mapping.key")
        else:
            top[k.value] = (k, v)
    data: dict = {}
    if "columns" not in top:
        report.error(SourceRef(rel, 1), "the mapping needs 'columns' (name, email, and status or score)",
                     "mapping.shape")
    elif not isinstance(top["columns"][1], yaml.MappingNode):
        error(top["columns"][0], "'columns' must map name, email, status/score to headers", "mapping.shape")
    else:
        key, value = top["columns"]
        cols, named = {}, set()
        for ck, cv in value.value:
            if not isinstance(ck, yaml.ScalarNode) or ck.value not in COLUMNS:
                error(ck, f"unknown column key '{getattr(ck, 'value', ck)}' (known: {', '.join(sorted(COLUMNS))})",
                      "mapping.key")
                continue
            named.add(ck.value)
            if not isinstance(cv, yaml.ScalarNode) or not cv.value.strip():
                error(cv, f"columns: '{ck.value}' must be the header of a column of the export, as text")
            else:
                cols[ck.value] = cv.value
        for k in ("name", "email"):
            if k not in named:
                error(key, f"'columns' needs '{k}'", "mapping.shape")
        if "status" not in named and "score" not in named:
            error(key, "'columns' needs 'status' or 'score' (or both)", "mapping.shape")
        data["columns"] = cols
    if "status_values" in top:
        key, value = top["status_values"]
        if not isinstance(value, yaml.MappingNode):
            error(key, "status_values must map the LMS's words to passed, completed, failed or incomplete,"
                  " e.g. 'Behaald: passed'", "mapping.status")
        else:
            words = {}
            for wk, wv in value.value:
                if not isinstance(wk, yaml.ScalarNode) or not wk.value.strip():
                    error(wk, "status_values: each word of the LMS must be text", "mapping.status")
                elif not isinstance(wv, yaml.ScalarNode) or wv.value not in STATUSES:
                    found = f" (not '{wv.value}')" if isinstance(wv, yaml.ScalarNode) else ""
                    error(wv, f"status_values: '{wk.value}' must map to one of {', '.join(STATUSES)}{found}",
                          "mapping.status")
                else:
                    words[wk.value] = wv.value
            data["status_values"] = words
    if "score_max" in top:
        key, value = top["score_max"]
        text = value.value.strip() if isinstance(value, yaml.ScalarNode) else ""
        if not NUMBER.fullmatch(text) or float(text) <= 0:
            error(value, "score_max must be a number above 0, the score that means 100 percent (e.g. 10 or 100);"
                  + (f" found '{text}'" if text else " found no number"))
        else:
            data["score_max"] = float(text)
    if "delimiter" in top:
        key, value = top["delimiter"]
        text = value.value if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":str") else ""
        if len(text) != 1 or text.isalnum() or text in '"\r\n':
            error(value, "delimiter must be one character that separates the cells, e.g. \";\", \",\" or"
                  " \"\\t\" (a tab); leave it out to detect it from the header line")
        else:
            data["delimiter"] = text
    return data if len(report.errors) == before else None


def read_mapping(mapping: Path, report: Report) -> dict | None:
    """The checked column mapping (for ``read_generic``'s ``spec``), or None after reporting every problem."""
    return _mapping(mapping, report)


def read_generic(path: Path, mapping: Path, modules: dict[str, str], module: str | None,
                 report: Report, spec: dict | None = None) -> list[Result]:
    """Results from a CSV export through a YAML column mapping (``spec``: already read by ``read_mapping``,
    so that several exports through one mapping report its problems once)."""
    spec = spec if spec is not None else _mapping(mapping, report)
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
