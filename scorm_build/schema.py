"""One definition drives the loader, the checks and the author docs.

Source files are described by frozen dataclasses. Each field carries its documentation and
rules in ``spec(...)`` metadata; ``Converter`` turns a PyYAML node tree into those dataclasses,
reporting every problem with its line, and ``docs.py`` renders the same definitions as Markdown.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from .diagnostics import Report, SourceRef

ID_RE = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")  # always used with fullmatch: no trailing newline
# C0/C1 control characters other than tab and newline, and lone surrogates (never valid UTF-8)
# control characters, lone surrogates, and the direction embeddings, overrides and isolates that can make
# published text read otherwise than it is written (Dutch text needs none of them)
BAD_CHAR_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
MAX_MARKDOWN_DEPTH = 20  # nested lists and quotes; deeper nesting exhausts the Markdown renderer
SHOWN = 40  # characters of a wrong value repeated in an error message
# what the Markdown sanitiser removes and an author should hear about (render.py drops it silently)
UNSAFE_MARKDOWN = re.compile(r"<\s*(?:script|iframe|object|embed|style|img)\b|<[^>]*\son[a-z]+\s*=|(?:javascript|vbscript):"
                             r"|!\[[^\]\n]*\]\(|\]\(\s*<?\s*data:", re.IGNORECASE)
NOWHERE = SourceRef("<none>", 0)
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
TAG_NAMES = {STR_TAG: "text", INT_TAG: "a number", FLOAT_TAG: "a number", BOOL_TAG: "true/false",
             NULL_TAG: "nothing (null)"}


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


def spec(doc: str, *, default: Any = dataclasses.MISSING, ref: str | None = None,
         verbatim: bool = False, markdown: bool = False, pattern: str | None = None,
         min_items: int = 0, file: str | None = None, max_length: int | None = None) -> Any:
    """A documented source field.

    ref: the kind of entry the value (or each item) refers to by id.
    verbatim: text copied exactly from the publication (tested against the source text).
    markdown: authored Markdown, rendered and sanitised.
    file: the value is the project-relative path of a file of this kind (e.g. 'logo'), read later.
    max_length: the most characters the text may have (what an LMS stores, or a file name may hold).
    """
    meta = {"doc": doc, "ref": ref, "verbatim": verbatim, "markdown": markdown,
            "pattern": pattern, "min_items": min_items, "file": file, "max_length": max_length}
    return dataclasses.field(default=default, metadata=meta)


def internal() -> Any:
    """The position of the mapping an object was read from; not a source key."""
    return dataclasses.field(default=NOWHERE, compare=False, metadata={"internal": True})


def key_lines() -> Any:
    """The position of each key of the mapping an object was read from ((key, position), ...)."""
    return dataclasses.field(default=(), compare=False, metadata={"internal": "keys"})


def line_of(obj: Any, key: str) -> SourceRef:
    """Where ``key`` of ``obj`` was written; the object's own position when it does not keep key lines."""
    for f in dataclasses.fields(obj):
        if f.metadata.get("internal") == "keys":
            found = dict(getattr(obj, f.name)).get(key)
            if found is not None:
                return found
    return getattr(obj, internal_field(type(obj)))


def shown(value: str) -> str:
    """A wrong value as an error message repeats it: one line, at most SHOWN characters."""
    line = value.strip().splitlines()[0] if value.strip() else value
    return line if len(line) <= SHOWN and "\n" not in value.strip() else line[:SHOWN].rstrip() + "…"


def markdown_depth(text: str) -> tuple[int, int]:
    """(deepest nesting of lists and quotes, 1-based line within the text where it occurs)."""
    deepest, where = 0, 1
    for n, line in enumerate(text.splitlines(), 1):
        body = line.expandtabs(4)
        depth = (len(body) - len(body.lstrip(" "))) // 2
        body = body.lstrip(" ")
        while True:
            m = re.match(r"(?:>|[-*+]\s|\d{1,9}[.)]\s)\s*", body)
            if not m:
                break
            depth += 1
            body = body[m.end():]
        if depth > deepest:
            deepest, where = depth, n
    return deepest, where


@dataclass(frozen=True, slots=True)
class Missing:
    """Marks content the publication has but the extracted text lost, or never gave."""

    reason: str = spec("Why the content is missing, in plain words (shown to learners).")
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Omitted(Missing):
    """Marks content the publication deliberately leaves out, with its own words on why.

    It is a kind of ``Missing`` (stages that only ask "is it there?" treat both alike), but learners
    are told it is a choice the publication made, not content that was lost.
    """

    reason: str = spec("The publication's own sentence saying why it leaves the content out, verbatim.",
                       verbatim=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class PendingRef:
    kind: str
    target: str
    where: SourceRef
    what: str


@dataclass(frozen=True, slots=True)
class PendingFile:
    """A file a source names (e.g. the logo), read and checked after loading."""

    kind: str
    path: str
    where: SourceRef


@dataclass(frozen=True, slots=True)
class Definition:
    kind: str
    id: str
    where: SourceRef


@functools.lru_cache(maxsize=None)
def source_fields(cls: type) -> tuple[dataclasses.Field, ...]:
    return tuple(f for f in dataclasses.fields(cls) if not f.metadata.get("internal"))


@functools.lru_cache(maxsize=None)
def hints(cls: type) -> dict[str, Any]:
    """Resolved annotations of a definition (evaluated once per class, not per record)."""
    return typing.get_type_hints(cls)


def is_missing_union(tp: Any) -> tuple[bool, Any]:
    """For ``Missing | X`` return (True, X)."""
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not Missing and a is not type(None)]
        if Missing in typing.get_args(tp) and len(args) == 1:
            return True, args[0]
    return False, None


def optional_inner(tp: Any) -> Any | None:
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = typing.get_args(tp)
        if type(None) in args:
            rest = [a for a in args if a is not type(None)]
            return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]
    return None


class Converter:
    """Turns node trees of one file into dataclasses, collecting diagnostics."""

    def __init__(self, rel: str, report: Report):
        self.rel = rel
        self.report = report
        self.refs: list[PendingRef] = []
        self.defs: list[Definition] = []
        self.files: list[PendingFile] = []

    def at(self, node: yaml.Node) -> SourceRef:
        return SourceRef(self.rel, node.start_mark.line + 1)

    def error(self, node: yaml.Node, message: str, code: str) -> Any:
        self.report.error(self.at(node), message, code)
        return INVALID

    # -- entry point -------------------------------------------------------------------------
    def convert(self, tp: Any, node: yaml.Node, meta: dict | None = None, what: str = "") -> Any:
        meta = meta or {}
        is_union, inner = is_missing_union(tp)
        if is_union:
            if isinstance(node, yaml.MappingNode) and any(
                    isinstance(k, yaml.ScalarNode) and k.value in ("missing", "omitted") for k, _ in node.value):
                return self.missing(node, what)
            return self.convert(inner, node, meta, what)
        opt = optional_inner(tp)
        if opt is not None:
            if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
                return None
            return self.convert(opt, node, meta, what)
        origin = typing.get_origin(tp)
        if origin is tuple:
            return self.sequence(typing.get_args(tp)[0], node, meta, what)
        if origin is Literal:
            return self.choice(typing.get_args(tp), node, what)
        if dataclasses.is_dataclass(tp):
            return self.record(tp, node, what)
        if tp in (str, int, bool):
            return self.scalar(tp, node, meta, what)
        raise TypeError(f"unsupported schema type {tp!r}")  # a programming error, not input

    def missing(self, node: yaml.MappingNode, what: str) -> Any:
        keys = [k.value for k, _ in node.value]
        marker = "omitted" if "omitted" in keys else "missing"
        if keys != [marker]:
            extra = ", ".join(repr(k) for k in keys if k != marker)
            return self.error(node, f"{what}: a '{marker}' marker takes no other keys (found {extra})",
                              "schema.missing-marker")
        reason = self.scalar(str, node.value[0][1], {}, f"{what}: {marker}")
        if reason is INVALID:
            return INVALID
        return (Omitted if marker == "omitted" else Missing)(reason=reason, ref=self.at(node))

    def scalar(self, tp: type, node: yaml.Node, meta: dict, what: str) -> Any:
        want = {str: "text", int: "a whole number", bool: "true or false"}[tp]
        if not isinstance(node, yaml.ScalarNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            return self.error(node, f"{what}: expected {want}, found {found}", "schema.type")
        if tp is str:
            if node.tag != STR_TAG:
                return self.error(node, f"{what}: expected text, found {TAG_NAMES.get(node.tag, node.tag)}"
                                  " (put the value in quotes if it is text)", "schema.type")
            value = node.value
            if not value.strip():
                return self.error(node, f"{what}: must not be empty", "schema.empty")
            bad = BAD_CHAR_RE.search(value)
            if bad:
                line = node.start_mark.line + 1 + value.count("\n", 0, bad.start())
                self.report.error(SourceRef(self.rel, line), f"{what}: contains the invisible character"
                                  f" U+{ord(bad.group()):04X} (a control character, a text-direction override or a lone"
                                  " surrogate); remove it",
                                  "schema.character")
                return INVALID
            pattern = meta.get("pattern")
            if meta.get("ref") or pattern == "id":
                if not ID_RE.fullmatch(value):
                    return self.error(node, f"{what}: {shown(value)!r} is not a valid id (lowercase letters,"
                                      " digits, '-' or '.', e.g. 'lef' or 'burgemeester-lef-1')", "schema.id")
            elif pattern and not re.fullmatch(pattern, value):
                return self.error(node, f"{what}: {shown(value)!r} does not match the form {pattern}"
                                  f" ({meta.get('doc', '').rstrip('.')})", "schema.pattern")
            longest = meta.get("max_length")
            if longest is not None and len(value) > longest:
                return self.error(node, f"{what}: is {len(value)} characters long; at most {longest} are allowed"
                                  f" ({meta.get('doc', '').rstrip('.')}); shorten it", "schema.length")
            if meta.get("markdown"):
                depth, line = markdown_depth(value)
                if depth > MAX_MARKDOWN_DEPTH:
                    # a block scalar's text starts on the line after its indicator
                    start = node.start_mark.line + (1 if node.style in ("|", ">") else 0)
                    self.report.error(SourceRef(self.rel, start + line), f"{what}: lists and quotes are nested"
                                      f" {depth} levels deep; at most {MAX_MARKDOWN_DEPTH} are allowed",
                                      "schema.markdown-depth")
                    return INVALID
                unsafe = UNSAFE_MARKDOWN.search(value)
                if unsafe:
                    start = node.start_mark.line + (1 if node.style in ("|", ">") else 0)
                    self.report.warning(SourceRef(self.rel, start + 1 + value.count("\n", 0, unsafe.start())),
                                        f"{what}: {shown(unsafe.group())!r} is removed when the text is published"
                                        " (no scripts, event handlers, images, or script or data links in authored text); remove it",
                                        "markdown.unsafe")
            if meta.get("ref"):
                self.refs.append(PendingRef(meta["ref"], value, self.at(node), what))
            if meta.get("file"):
                self.files.append(PendingFile(meta["file"], value, self.at(node)))
            return value
        if tp is bool:
            if node.tag != BOOL_TAG:
                return self.error(node, f"{what}: expected true or false, found {shown(node.value)!r}", "schema.type")
            return node.value.lower() in ("true", "yes", "on")
        if node.tag != INT_TAG:
            return self.error(node, f"{what}: expected a whole number, found {shown(node.value)!r}", "schema.type")
        return int(node.value.replace("_", ""), 0)

    def choice(self, options: tuple, node: yaml.Node, what: str) -> Any:
        if not isinstance(node, yaml.ScalarNode) or node.value not in options:
            found = shown(node.value) if isinstance(node, yaml.ScalarNode) else "a structure"
            allowed = ", ".join(repr(o) for o in options)
            return self.error(node, f"{what}: '{found}' is not one of {allowed}", "schema.choice")
        return node.value

    def sequence(self, item_tp: Any, node: yaml.Node, meta: dict, what: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.error(node, f"{what}: expected a list", "schema.type")
        if len(node.value) < meta.get("min_items", 0):
            return self.error(node, f"{what}: needs at least {meta['min_items']} item(s), found "
                              f"{len(node.value)}", "schema.count")
        items = [self.convert(item_tp, child, meta, f"{what}[{i + 1}]") for i, child in enumerate(node.value)]
        return INVALID if any(i is INVALID for i in items) else tuple(items)

    def record(self, cls: type, node: yaml.Node, what: str) -> Any:
        label = what or cls.__name__
        if not isinstance(node, yaml.MappingNode):
            found = "a list" if isinstance(node, yaml.SequenceNode) else f"{shown(getattr(node, 'value', ''))!r}"
            return self.error(node, f"{label}: expected a mapping of keys, found {found}", "schema.type")
        fields = {f.name: f for f in source_fields(cls)}
        th = hints(cls)
        seen: dict[str, yaml.Node] = {}
        lines: list[tuple[str, SourceRef]] = []
        values: dict[str, Any] = {}
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or key_node.tag != STR_TAG:
                self.error(key_node, f"{label}: keys must be text", "schema.key")
                ok = False
                continue
            if key in seen:
                self.error(key_node, f"{label}: duplicate key '{key}' (first at line "
                           f"{seen[key].start_mark.line + 1})", "yaml.duplicate-key")
                ok = False
                continue
            seen[key] = key_node
            lines.append((key, self.at(key_node)))
            if key not in fields:
                allowed = ", ".join(fields)
                self.error(key_node, f"{label}: unknown key '{key}' (allowed: {allowed})", "schema.unknown-key")
                ok = False
                continue
            f = fields[key]
            sub = f"{label}.{key}" if what else key
            value = self.convert(th[key], value_node, dict(f.metadata), sub)
            if value is INVALID:
                ok = False
            values[key] = value
        for name, f in fields.items():
            if name not in seen and f.default is dataclasses.MISSING:
                self.error(node, f"{label}: required key '{name}' is missing", "schema.required")
                ok = False
        if not ok:
            return INVALID
        extra = {internal_field(cls): self.at(node)}
        keys = next((f.name for f in dataclasses.fields(cls) if f.metadata.get("internal") == "keys"), None)
        if keys:
            extra[keys] = tuple(lines)
        obj = cls(**values, **extra)
        kind = getattr(cls, "KIND", None)
        if kind and isinstance(getattr(obj, "id", None), str):
            self.defs.append(Definition(kind, obj.id, self.at(node)))
        return obj


@functools.lru_cache(maxsize=None)
def internal_field(cls: type) -> str:
    return next(f.name for f in dataclasses.fields(cls) if f.metadata.get("internal") is True)


def kinds_of(cls: type) -> set[str]:
    """Kinds of entry a definition (and everything nested in it) can define."""
    found: set[str] = set()
    stack, seen = [cls], set()
    while stack:
        tp = stack.pop()
        if tp in seen:
            continue
        seen.add(tp)
        if dataclasses.is_dataclass(tp):
            if getattr(tp, "KIND", None):
                found.add(tp.KIND)
            stack.extend(hints(tp)[f.name] for f in source_fields(tp))
        stack.extend(typing.get_args(tp))
    return found


def walk(obj: Any):
    """Yield (object, field, value) for every source field of every dataclass in a tree."""
    if dataclasses.is_dataclass(obj):
        for f in source_fields(type(obj)):
            value = getattr(obj, f.name)
            yield obj, f, value
            yield from walk(value)
    elif isinstance(obj, tuple):
        for item in obj:
            yield from walk(item)


def verbatim_texts(obj: Any):
    """Every text a curriculum tree declares as copied verbatim from the publication."""
    for owner, f, value in walk(obj):
        if f.metadata.get("verbatim"):
            if isinstance(value, str):
                yield owner, f.name, value
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, str):
                        yield owner, f.name, item
