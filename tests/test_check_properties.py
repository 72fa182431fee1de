"""Property test: random damage to valid sources never gives a traceback or a silent pass."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorm_build.cli import main
from scorm_build.project import source_files

from .conftest import DIAG_RE, ROOT, copy_project

FILES = [p.relative_to(ROOT).as_posix() for p in source_files(ROOT)]
ID_LINE = re.compile(r"^(\s*-?\s*id: )(\S+)$")
REF_LINE = re.compile(r"^(\s*(?:- )?(?:value|cluster|office|values|priorities|associations): )(\S+)$")


def same_list(lines: list[str], a: int, b: int) -> bool:
    """Whether id lines a < b are items of the same YAML list (so their ids are of one kind)."""
    prefix = ID_LINE.match(lines[a]).group(1)
    if prefix != ID_LINE.match(lines[b]).group(1):
        return False
    dash = prefix.index("-") if "-" in prefix else len(prefix) - len(prefix.lstrip())
    for ln in lines[a + 1:b]:
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        indent = len(ln) - len(ln.lstrip())
        if indent < dash or (indent == dash and not ln.lstrip().startswith("- ")):
            return False
    return True


def key_positions(text: str) -> list[tuple[int, int]]:
    """(line, column) of every mapping key whose value is not written across several lines."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                single = not isinstance(v, yaml.ScalarNode) or v.end_mark.line == k.start_mark.line
                if single:
                    out.append((k.start_mark.line, k.start_mark.column))
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(out)


def must_break(text: str, kind: str, pos: int) -> str | None:
    """Apply a mutation that certainly makes the data invalid; None when it does not apply."""
    lines = text.split("\n")
    keys = key_positions(text)
    if kind == "tab":
        # a key that starts its line, indented: a tab in its indentation is a YAML error
        idx = [(ln, col) for ln, col in keys if col > 0 and not lines[ln][:col].strip()]
        if not idx:
            return None
        ln, col = idx[pos % len(idx)]
        lines[ln] = "\t" + lines[ln][col:]
    elif kind == "unknown-key":
        ln, col = keys[pos % len(keys)]
        lines[ln] = lines[ln][:col] + "zz_" + lines[ln][col:]
    elif kind == "dangling-ref":
        idx = [k for k, ln in enumerate(lines) if REF_LINE.match(ln) or re.match(r"^- [a-z-]+$", ln)]
        if not idx:
            return None
        k = idx[pos % len(idx)]
        lines[k] = re.sub(r"([a-z-]+)$", r"\1-does-not-exist", lines[k])
    elif kind == "duplicate-id":
        # ids are unique per kind; lines with the same indentation hold entries of the same kind
        idx = [k for k, ln in enumerate(lines) if ID_LINE.match(ln)]
        pairs = [(a, b) for a, b in zip(idx, idx[1:]) if same_list(lines, a, b)]
        if not pairs:
            return None
        a, b = pairs[pos % len(pairs)]
        lines[a] = ID_LINE.sub(lambda m: m.group(1) + ID_LINE.match(lines[b]).group(2), lines[a])
    elif kind == "truncate-mapping":
        # after a complete "key: value" line, ": : [" is a syntax error
        ln, _ = keys[pos % len(keys)]
        lines[ln] = lines[ln] + ": : ["
    return "\n".join(lines)


def run(project: Path) -> tuple[int, list[str]]:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--project", str(project), "check"])
    return code, err.getvalue().splitlines()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(FILES),
       kind=st.sampled_from(["tab", "unknown-key", "dangling-ref", "duplicate-id", "truncate-mapping"]),
       pos=st.integers(min_value=0, max_value=10_000))
def test_breaking_mutations_are_always_reported(tmp_path_factory, file, kind, pos):
    project = copy_project(tmp_path_factory.mktemp("p") / "p")
    path = project / file
    mutated = must_break(path.read_text(encoding="utf-8"), kind, pos)
    if mutated is None:
        return
    path.write_text(mutated, encoding="utf-8")
    code, err = run(project)
    assert code == 1, (file, kind, err)
    assert any(DIAG_RE.match(ln) for ln in err), err


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=st.sampled_from(FILES), data=st.data())
def test_random_damage_never_crashes(tmp_path_factory, file, data):
    project = copy_project(tmp_path_factory.mktemp("p") / "p")
    path = project / file
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["flip", "delete", "insert", "cut"]))
        at = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        if op == "flip" and raw:
            raw[at] = data.draw(st.integers(0, 255))
        elif op == "delete" and raw:
            del raw[at:at + data.draw(st.integers(1, 40))]
        elif op == "insert":
            raw[at:at] = data.draw(st.sampled_from([b"\t", b":", b"- ", b"\n", b"[", b"{", b"'", b"&a ", b"*a", b"!!python/object:os.system ", b"\xff\xfe", b"id: x\n"]))
        elif op == "cut":
            del raw[at:]
    path.write_bytes(bytes(raw))
    code, err = run(project)  # an exception here fails the test with its traceback
    assert code in (0, 1)
    diagnostics = [ln for ln in err if DIAG_RE.match(ln)]
    if code == 1:
        assert diagnostics, err
    for ln in err:
        assert DIAG_RE.match(ln) or ln.startswith(("ok:", "0 error", "1 error")) or re.match(r"^\d+ error", ln), ln
