"""Load stage: read the source trees into models, with every problem located.

Reading is per file and independent: one broken file does not stop the others from being
read, so a single run reports everything. Cross-file rules live in ``check.py``.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Report, SourceRef
from .inputs import Refused, read_project_file
from .schema import INVALID, Converter, Definition, PendingFile, PendingRef, kinds_of
from .yamlsource import compose


@dataclass(slots=True)
class Loaded:
    """What a tree's files gave: objects by layout field, plus ids and references to resolve."""

    objects: dict[str, Any] = field(default_factory=dict)
    defs: list[Definition] = field(default_factory=list)
    refs: list[PendingRef] = field(default_factory=list)
    files: list[PendingFile] = field(default_factory=list)  # other files the sources name (the logo)
    read: dict[str, bytes] = field(default_factory=dict)  # project-relative path -> the bytes that were read
    complete: bool = True
    failed_kinds: set[str] = field(default_factory=set)


def rel_path(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_file(root: Path, path: Path, cls: type, report: Report, loaded: Loaded) -> Any:
    """Read one YAML file as ``cls``; INVALID when it cannot be used."""
    rel = rel_path(root, path)
    try:
        data = read_project_file(root, path)
    except Refused as exc:
        report.error(SourceRef(rel, 1), exc.message, exc.code)
        data = None
    node = None if data is None else compose(data, rel, report)
    if data is not None:
        loaded.read[rel] = data
    if node is None:
        loaded.failed_kinds |= kinds_of(cls)
        return INVALID
    conv = Converter(rel, report)
    if not isinstance(node, yaml.MappingNode):
        # say what the file holds, never its content: it may not be a source at all
        found = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        report.error(SourceRef(rel, 1), f"file must hold a YAML mapping of keys; found {found}", "schema.type")
        loaded.failed_kinds |= kinds_of(cls)
        return INVALID
    obj = conv.convert(cls, node)
    if obj is INVALID:
        # ids of a file that could not be read are unknown: do not report references to them too
        loaded.failed_kinds |= kinds_of(cls)
    loaded.defs.extend(conv.defs)
    loaded.refs.extend(conv.refs)
    loaded.files.extend(conv.files)
    return obj


def load_tree(root: Path, folder: str, layout, report: Report) -> Loaded:
    """Load every file of a tree following ``layout`` ((pattern, class, name), ...)."""
    loaded = Loaded()
    base = root / folder
    if not base.is_dir():
        report.error(SourceRef(folder, 1), f"folder '{folder}/' is missing", "file.missing")
        loaded.complete = False
        return loaded
    for pattern, cls, name in layout:
        if "*" in pattern:
            paths = sorted(base.glob(pattern))
            if not paths:
                report.error(SourceRef(f"{folder}/{pattern}", 1),
                             f"no files match '{folder}/{pattern}'", "file.missing")
            objs = [load_file(root, p, cls, report, loaded) for p in paths]
            if any(o is INVALID for o in objs) or not objs:
                loaded.complete = False
            loaded.objects[name] = tuple(o for o in objs if o is not INVALID)
            continue
        path = base / pattern
        if not path.exists() and not path.is_symlink():  # anything else is read (and refused) by load_file
            report.error(SourceRef(f"{folder}/{pattern}", 1), f"file '{folder}/{pattern}' is missing",
                         "file.missing")
            loaded.complete = False
            continue
        obj = load_file(root, path, cls, report, loaded)
        if obj is INVALID:
            loaded.complete = False
        else:
            loaded.objects[name] = obj
    known = [p.split("/")[0] for p, _, _ in layout]
    for extra in sorted(base.iterdir()):
        if (not any(fnmatch.fnmatch(extra.name, k) for k in known) and not extra.name.startswith(".")
                and extra.name != "README.md"):
            report.warning(SourceRef(rel_path(root, extra), 1),
                           f"'{extra.name}' is not part of {folder}/ and is ignored", "file.unknown")
    return loaded
