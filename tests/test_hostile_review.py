"""What a hostile-input review found (2026-11-29), pinned: every case is a located error or warning from
`check`, or a usage error before anything is written."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from .conftest import run_cli
from .test_inputs import check as check_cli
from .test_inputs import diagnostics, logo_line
from .test_inputs import set_logo as point_logo_at


def check(project: Path, capsys) -> tuple[int, list[str]]:
    code, err = check_cli(project, capsys)
    return code, diagnostics(err)


def set_logo(project: Path, name: str, data: bytes) -> int:
    """Make theme/<name> the programme's logo; the line of `logo:` in programme.yaml."""
    (project / "theme" / name).write_bytes(data)
    point_logo_at(project, f"theme/{name}")
    return logo_line(project)


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">%s</svg>'


@pytest.mark.parametrize("body, words", [
    (b"<g>" * 2000 + b"<rect width='1' height='1'/>" + b"</g>" * 2000, "levels deep"),  # the sanitiser's cost grows
    (b"<rect width='1' height='1'/>" * 20_001, "elements"),                              # with the square of nesting
])
def test_an_svg_logo_too_deep_or_too_large_is_a_located_error(project, capsys, body, words):
    line = set_logo(project, "deep.svg", SVG % body)
    code, diags = check(project, capsys)
    assert code == 1
    assert any(d.startswith(f"programme.yaml:{line}: error: branding.logo: 'theme/deep.svg'") and words in d
               and d.endswith("[programme.logo]") for d in diags), diags


def test_an_ordinary_nested_svg_logo_still_passes(project, capsys):
    set_logo(project, "ok.svg", SVG % (b"<g>" * 20 + b"<rect width='1' height='1'/>" + b"</g>" * 20))
    assert check(project, capsys)[0] == 0


def png(width: int, height: int) -> bytes:
    """A PNG header of this size (the build reads the size from IHDR; the pixels are never decoded)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + chunk


def test_a_png_logo_of_huge_pixel_size_is_a_located_error(project, capsys):
    line = set_logo(project, "huge.png", png(30000, 30000))
    code, diags = check(project, capsys)
    assert code == 1
    assert any(d.startswith(f"programme.yaml:{line}: error: branding.logo:") and "30000×30000" in d for d in diags), diags
    set_logo(project, "small.png", png(400, 120))
    assert check(project, capsys)[0] == 0


@pytest.mark.parametrize("file, key, value", [
    ("modules/raadslid.yaml", "title: Module raadsleden", "title: " + "M" * 121),
    ("programme.yaml", "id: inwerkprogramma-decentraal-bestuur", "id: " + "a" * 65),
])
def test_what_the_lms_or_a_file_name_cannot_hold_is_found_by_check(project, capsys, file, key, value):
    """A title Moodle cuts off, or a programme id that makes output names too long, used to pass check and fail
    the build with errors naming the manifest or the file system instead of the source."""
    path = project / file
    path.write_text(path.read_text(encoding="utf-8").replace(key, value, 1), encoding="utf-8")
    line = line_of(path, value)
    code, diags = check(project, capsys)
    assert code == 1
    assert any(d.startswith(f"{file}:{line}: error:") and d.endswith("[schema.length]") for d in diags), diags


@pytest.mark.parametrize("char", ["\u202e", "\u2066"])
def test_text_direction_overrides_are_refused(project, capsys, char):
    path = project / "modules" / "raadslid.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Introductie", f"title: Intro{char}ductie"),
                    encoding="utf-8")
    line = line_of(path, "title: Intro")
    code, diags = check(project, capsys)
    assert code == 1
    assert any(d.startswith(f"modules/raadslid.yaml:{line}: error:") and f"U+{ord(char):04X}" in d for d in diags), diags


@pytest.mark.parametrize("markdown", ["![logo](https://example.org/x.png)", "[klik](data:text/html;base64,PGI+)"])
def test_markdown_the_sanitiser_drops_is_warned(project, capsys, markdown):
    path = project / "modules" / "raadslid.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Bij elke les staat hoe lang", f"{markdown} Bij elke les staat hoe lang", 1),
                    encoding="utf-8")
    line = line_of(path, markdown)
    code, diags = check(project, capsys)
    assert code == 0
    assert any(d.startswith(f"modules/raadslid.yaml:{line}: warning:") and d.endswith("[markdown.unsafe]")
               for d in diags), diags


@pytest.mark.parametrize("args", [["build", "--out", "quizzes"], ["build", "--out", "."],
                                  ["export", "--format", "moodle-xml", "--out", "modules/x"],
                                  ["docs", "--output", "programme.yaml"], ["docs", "--output", "notes.txt"]])
def test_no_command_writes_into_the_sources(project, capsys, args):
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, err, _ = run_cli(["--project", str(project), *args], capsys)
    assert code == 2, err
    assert any("outside" in ln for ln in err), err
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_every_command_in_the_admin_guide_runs_as_written():
    """The Dutch admin guide's commands: the program is started as `.venv/bin/scorm-build` or through
    `./scripts/build` (it is not on the PATH), and every flag it names exists."""
    import shlex

    from scorm_build.cli import parser

    from .conftest import ROOT

    text = (ROOT / "docs" / "beheerdershandleiding.md").read_text(encoding="utf-8")
    spans = re.findall(r"`([^`\n]+)`", text) + re.findall(r"(?m)^    (\S.*)$", text)
    commands = [s for s in spans if re.match(r"(?:\./scripts/build|\.venv/bin/scorm-build|scorm-build)\b", s)]
    assert len(commands) >= 5, commands
    for command in commands:
        words = shlex.split(command)
        if words == [".venv/bin/scorm-build"]:  # the program named, not run
            continue
        assert words[0] != "scorm-build", f"not on the PATH: {command}"
        args = ["build", *words[1:]] if words[0] == "./scripts/build" else words[1:]
        try:
            parser().parse_args(args)
        except SystemExit as exc:
            raise AssertionError(f"the guide's command does not parse: {command}") from exc


@pytest.mark.parametrize("inside", [b'<image href="/i.png" width="1" height="1"/>',
                                    b'<style>.a{fill:url(/a)}</style><rect class="a" width="1" height="1"/>',
                                    b'<style>.a{fill:url(https://evil.example/x.css)}</style>',
                                    b'<rect style="fill:url(//evil.example/p)" width="1" height="1"/>'])
def test_what_an_svg_logo_points_at_outside_itself_is_taken_out_and_warned(project, capsys, tmp_path, inside):
    """svg-hush keeps a reference's path ("https://x/a.png" becomes "/a.png"): opened on its own from the package,
    the logo would ask the LMS's host for it. The shipped logo refers to nothing outside itself."""
    from scorm_build.build import build

    line = set_logo(project, "refs.svg", SVG % (b'<rect fill="#123456" width="4" height="4"/>' + inside))
    code, diags = check(project, capsys)
    assert code == 0
    assert any(d.startswith(f"programme.yaml:{line}: warning: branding.logo: 'theme/refs.svg'")
               and d.endswith("[programme.logo-sanitised]") for d in diags), diags
    result = build(project, tmp_path / "dist", targets=("web",))
    assert not result.report.errors
    shipped = (tmp_path / "dist" / "web" / "assets" / "logo.svg").read_text(encoding="utf-8")
    assert "#123456" in shipped  # the drawing stays
    refs = re.findall(r"""(?:href|src)\s*=\s*["']([^"']*)|url\(\s*["']?([^)"']*)""", shipped)
    assert all(v.startswith("#") for pair in refs for v in pair if v), refs


def test_a_fragment_reference_inside_the_logo_is_fine(project, capsys):
    set_logo(project, "frag.svg", SVG % b'<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="1" height="1"/>')
    assert check(project, capsys)[0] == 0


def test_a_nul_byte_in_yaml_is_located_on_its_line(project, capsys):
    path = project / "context" / "glossary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[9] = lines[9].rstrip("\n") + "\x00\n"
    path.write_text("".join(lines), encoding="utf-8")
    code, diags = check(project, capsys)
    assert code == 1
    assert any(d.startswith("context/glossary.yaml:10: error:") and "NUL" in d for d in diags), diags


def test_out_that_is_a_file_is_a_usage_error(project, capsys):
    (project / "dist.zip").write_bytes(b"x")
    code, err, _ = run_cli(["--project", str(project), "build", "--out", "dist.zip"], capsys)
    assert code == 2 and any("is a file, not a folder" in ln for ln in err), err
    assert (project / "dist.zip").read_bytes() == b"x"
