"""Read one YAML file into a PyYAML node tree, turning every failure into a diagnostic.

Node trees (not Python objects) keep the line of every key and value, which the schema
stage needs to locate its errors. A node tree is also bounded here: YAML aliases may repeat a
node any number of times, so what a file can expand to is limited before anything walks it.
"""

from __future__ import annotations

import yaml

from .diagnostics import Report, SourceRef

# libyaml's parser when PyYAML was built with it (10x faster); same nodes, same marks
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 50  # nesting of lists and mappings; the shipped sources need 8
EXPANSION_FACTOR = 4  # expanded text may be at most this many times the file's own size ...
EXPANSION_FLOOR = 64 * 1024  # ... or this many characters, whichever is larger


def decode(data: bytes, rel: str, report: Report) -> str | None:
    """The file's text, or None after reporting why it is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(SourceRef(rel, line),
                     f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                     "file.encoding")
        return None
    return text.removeprefix("\ufeff")


def compose(data: bytes, rel: str, report: Report) -> yaml.Node | None:
    """Parse a YAML file's bytes into its root node; None (with a diagnostic) when it cannot be used."""
    text = decode(data, rel, report)
    if text is None:
        return None
    nul = text.find("\x00")
    if nul >= 0:
        report.error(SourceRef(rel, text.count("\n", 0, nul) + 1), "file holds a NUL byte (U+0000) here; it is damaged"
                     " or not a text file: remove the byte or save the file again as UTF-8 text", "file.encoding")
        return None
    if not text.strip() or all(ln.lstrip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        report.error(SourceRef(rel, 1), "file is empty; it must hold a YAML mapping", "file.empty")
        return None
    deep = too_deep(text)
    if deep:
        report.error(SourceRef(rel, deep), f"lists and mappings are nested more than {MAX_DEPTH} levels deep here;"
                     " flatten the structure", "yaml.depth")
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
        except RecursionError:
            report.error(SourceRef(rel, 1), "the file is nested too deeply to read; flatten the structure",
                         "yaml.depth")
            return None
    # without an anchor (&name) there can be no alias, and the tree is no larger than the text
    if node is not None and "&" in text and not bounded(node, max(EXPANSION_FACTOR * len(text), EXPANSION_FLOOR),
                                                        rel, report):
        return None
    return node


def too_deep(text: str) -> int:
    """The line where flow or block nesting first exceeds MAX_DEPTH, or 0.

    A cheap over-estimate (brackets inside quoted text count too) that keeps the recursive
    composer away from pathological input; real sources stay far below the limit.
    """
    depth = 0
    for n, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        body = line.lstrip(" ")
        dashes = 0
        while body.startswith(("- ", "? ")):
            dashes += 1
            body = body[2:].lstrip(" ")
        if not depth and "[" not in body and "{" not in body:  # no flow collection open or opened here
            body = ""
        for ch in body:
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth = max(depth - 1, 0)
            elif ch == "#":
                break
            if depth > MAX_DEPTH:
                return n
        if indent // 2 + dashes > 2 * MAX_DEPTH:  # block nesting (indentation of 1 counts as well)
            return n
    return 0


def bounded(root: yaml.Node, limit: int, rel: str, report: Report) -> bool:
    """Whether the tree, with every alias expanded, stays within ``limit`` characters of text.

    Each distinct node is sized once (iteratively, so no recursion), so a billion-laughs file is
    measured in the time of reading it.
    """
    size: dict[int, int] = {}
    uses: dict[int, int] = {}
    nodes: dict[int, yaml.Node] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            size[key] = 1 + (len(node.value) if isinstance(node, yaml.ScalarNode) else
                             # a node still being sized is its own ancestor: a recursive alias, unbounded
                             sum(size.get(id(c), limit + 1) for c in children))
            continue
        uses[key] = uses.get(key, 0) + 1
        if key in nodes:
            continue
        nodes[key] = node
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in nodes)
    if size[id(root)] <= limit:
        return True
    shared = [n for k, n in nodes.items() if uses[k] > 1]
    worst = max(shared, key=lambda n: size[id(n)] * uses[id(n)], default=root)
    report.error(SourceRef(rel, worst.start_mark.line + 1),
                 f"YAML aliases expand this file to more than {limit} characters (the anchored content here is"
                 f" repeated {uses.get(id(worst), 1)} times); write the text out instead of repeating it",
                 "yaml.alias-expansion")
    return False


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    return []


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
