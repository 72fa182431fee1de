"""Read one YAML file into a PyYAML node tree, turning every failure into a diagnostic.

Node trees (not Python objects) keep the line of every key and value, which the schema
stage needs to locate its errors.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .diagnostics import Report, SourceRef

# libyaml's parser when PyYAML was built with it (10x faster); same nodes, same marks
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path, rel: str, report: Report) -> str | None:
    """Return the file's text, or None after reporting why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(SourceRef(rel, 1), f"cannot read file: {exc.strerror}", "file.unreadable")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(SourceRef(rel, line),
                     f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                     "file.encoding")
        return None
    return text.removeprefix("\ufeff")


def compose(path: Path, rel: str, report: Report) -> yaml.Node | None:
    """Parse a YAML file into its root node; None (with a diagnostic) when it cannot be used."""
    text = read_text(path, rel, report)
    if text is None:
        return None
    if not text.strip() or all(ln.lstrip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        report.error(SourceRef(rel, 1), "file is empty; it must hold a YAML mapping", "file.empty")
        return None
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        # parse again with the pure-Python parser: its messages are clearer than libyaml's
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            report_yaml_error(exc, text, rel, report)
            return None
    return node


def report_yaml_error(exc: yaml.YAMLError, text: str, rel: str, report: Report) -> None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else 1
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or "invalid YAML"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip())] or "\\t" in problem:
        report.error(SourceRef(rel, line), "tab character in indentation; YAML must be indented with spaces",
                     "yaml.tab")
    else:
        report.error(SourceRef(rel, line), f"invalid YAML: {problem}", "yaml.syntax")
