"""Hostile or mistaken inputs: every file read stays inside the project, is bounded, and every
problem is a located error in the same run; nothing of a refused file reaches a package or a message."""

from __future__ import annotations

import os
import re
import threading
import zipfile
from pathlib import Path

import pytest
import yaml

from scorm_build.build import build
from scorm_build.project import load_project

from .conftest import DIAG_RE, run_cli, with_weerbaarheid

SECRET = "TOP-SECRET-5f2c"


def check(project: Path, capsys) -> tuple[int, list[str]]:
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    return code, err


def diagnostics(err: list[str]) -> list[str]:
    return [ln for ln in err if DIAG_RE.match(ln)]


def set_logo(project: Path, logo: str) -> None:
    prog = project / "programme.yaml"
    prog.write_text(re.sub(r"(?m)^  logo: .*$", f"  logo: {logo}", prog.read_text(encoding="utf-8")),
                    encoding="utf-8")


def logo_line(project: Path) -> int:
    lines = (project / "programme.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if ln.strip().startswith("logo:"))


# -- item 1: nothing outside the project, no special files --------------------------------------

@pytest.mark.parametrize("how", ["symlink", "dotdot", "absolute"])
def test_logo_outside_the_project_is_a_located_error_and_never_published(project, tmp_path, capsys, how):
    secret = tmp_path / "secret.svg"
    secret.write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><title>{SECRET}</title></svg>')
    if how == "symlink":
        (project / "theme" / "evil.svg").symlink_to(secret)
        set_logo(project, "theme/evil.svg")
    elif how == "dotdot":
        set_logo(project, "../secret.svg")
    else:
        set_logo(project, str(secret))
    code, err = check(project, capsys)
    assert code == 1
    assert f"programme.yaml:{logo_line(project)}: error: branding.logo:" in "\n".join(err)
    assert any(ln.endswith("[file.outside]") for ln in diagnostics(err)), err
    out = tmp_path / "dist"
    result = build(project, out)
    assert result.report.errors and not out.exists()


def test_logo_linked_to_proc_environ_is_refused(project, capsys, monkeypatch):
    monkeypatch.setenv("SCORM_BUILD_TEST_SECRET", SECRET)
    (project / "theme" / "env.png").symlink_to("/proc/self/environ")
    set_logo(project, "theme/env.png")
    code, err = check(project, capsys)
    assert code == 1
    assert SECRET not in "\n".join(err)
    assert [ln.rsplit("[", 1)[1] for ln in diagnostics(err)] == ["file.outside]"]


def test_source_symlinked_out_of_the_project_is_refused_and_not_echoed(project, tmp_path, capsys):
    secret = tmp_path / "passwd"
    secret.write_text(f"root:x:0:0:{SECRET}:/root:/bin/bash\n")
    (project / "modules" / "extra.yaml").symlink_to(secret)
    code, err = check(project, capsys)
    assert code == 1
    assert SECRET not in "\n".join(err)
    assert "modules/extra.yaml:1: error: the file is outside the project folder" in "\n".join(err)


def test_non_yaml_target_inside_the_project_is_not_echoed(project, capsys):
    """A source that is some other file: the error says what it holds, never its content."""
    (project / "theme" / "notes.txt").write_text(f"password {SECRET} and a long line of other text\n")
    (project / "modules" / "extra.yaml").symlink_to(project / "theme" / "notes.txt")
    code, err = check(project, capsys)
    assert code == 1
    assert SECRET not in "\n".join(err)
    assert "modules/extra.yaml:1: error: file must hold a YAML mapping of keys; found a single value [schema.type]" in err


def test_a_long_wrong_value_is_shortened_in_messages(project, capsys):
    prog = project / "programme.yaml"
    prog.write_text(prog.read_text(encoding="utf-8").replace(
        "status: passed-incomplete", f"status: {'x' * 60}{SECRET}"), encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1 and SECRET not in "\n".join(err)
    assert any("[schema.choice]" in ln and "…" in ln for ln in err)


def test_fifo_source_is_refused_without_hanging(project, capsys):
    os.mkfifo(project / "modules" / "pipe.yaml")
    result = {}
    t = threading.Thread(target=lambda: result.update(r=check(project, capsys)), daemon=True)
    t.start()
    t.join(30)
    assert not t.is_alive(), "check hangs on a FIFO"
    code, err = result["r"]
    assert code == 1
    assert "modules/pipe.yaml:1: error: the file is a FIFO, not a regular file [file.special]" in err


def test_device_source_is_refused(project, capsys):
    (project / "modules" / "zero.yaml").symlink_to("/dev/zero")
    code, err = check(project, capsys)
    assert code == 1
    # /dev/zero is outside the project too; a device inside it would be refused as special
    assert any(ln.startswith("modules/zero.yaml:1: error:") for ln in err)


def test_a_device_is_refused_as_special():
    """A device inside the project folder (here the project is '/', so /dev/null is inside it)."""
    from scorm_build.inputs import Refused, read_project_file

    with pytest.raises(Refused) as exc:
        read_project_file(Path("/"), Path("/dev/null"))
    assert exc.value.code == "file.special"


def test_oversized_source_is_refused(project, capsys):
    big = project / "modules" / "big.yaml"
    big.write_text("id: big\n" + "# filler\n" * 200_000)
    code, err = check(project, capsys)
    assert code == 1
    assert any(ln.startswith("modules/big.yaml:1: error: the file is") and ln.endswith("[file.too-large]")
               for ln in err)


def test_logo_folder_and_wrong_kind(project, capsys):
    (project / "theme" / "dir.svg").mkdir()
    set_logo(project, "theme/dir.svg")
    code, err = check(project, capsys)
    assert code == 1 and any("[file.special]" in ln for ln in err)
    (project / "theme" / "fake.png").write_bytes(b"GIF89a not a png")
    set_logo(project, "theme/fake.png")
    code, err = check(project, capsys)
    assert f"programme.yaml:{logo_line(project)}: error: branding.logo: 'theme/fake.png' is not a PNG image" \
           " [programme.logo]" in err


# -- item 5: SVG logos are sanitised ---------------------------------------------------------------

EVIL_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 4 4"'
            ' onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="4" height="4"'
            ' fill="#123456" onclick="alert(4)"/></a><foreignObject><iframe src="https://evil.example/"/>'
            '</foreignObject><image href="https://evil.example/x.png"/></svg>')


def test_svg_logo_with_script_is_sanitised_and_the_author_warned(project, tmp_path, capsys):
    (project / "theme" / "logo.svg").write_text(EVIL_SVG)
    code, err = check(project, capsys)
    assert code == 0
    assert any(ln.endswith("[programme.logo-sanitised]") and ln.startswith(f"programme.yaml:{logo_line(project)}:")
               for ln in err)
    out = tmp_path / "dist"
    result = build(project, out, targets=("scorm12", "web"), offices=("raadslid",))
    assert not result.report.errors
    shipped = [(out / "web" / "assets" / "logo.svg").read_bytes()]
    for z in out.glob("*.zip"):
        with zipfile.ZipFile(z) as zf:
            shipped += [zf.read(n) for n in zf.namelist() if n.endswith("logo.svg")]
    assert len(shipped) >= 2
    for data in shipped:
        text = data.decode()
        assert "<rect" in text and "#123456" in text  # the drawing stays
        for bad in ("script", "onload", "onclick", "javascript:", "foreignObject", "iframe", "evil.example"):
            assert bad not in text, bad


def test_malformed_svg_logo_is_a_located_error(project, capsys):
    (project / "theme" / "logo.svg").write_text("<svg><unclosed></svg>")
    code, err = check(project, capsys)
    assert code == 1
    assert f"programme.yaml:{logo_line(project)}: error: branding.logo: 'theme/logo.svg' is not a well-formed SVG" \
           " document [programme.logo]" in err


def test_shipped_logo_passes_unchanged_in_substance(project):
    p, report = load_project(project)
    assert p is not None and report.items == []
    suffix, data = p.logo
    assert suffix == ".svg" and b'viewBox="0 0 48 48"' in data and b"<path" in data


# -- item 7: YAML aliases are bounded ------------------------------------------------------------------

def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 "' + "x" * 40 + '"']
    for i in range(1, levels + 1):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    return "\n".join(lines) + "\n"


def test_alias_expansion_is_a_located_error_and_fast(project, capsys):
    bomb = project / "modules" / "core.yaml"
    text = bomb.read_text(encoding="utf-8")
    bomb.write_text(alias_bomb() + text, encoding="utf-8")
    import time
    t0 = time.perf_counter()
    code, err = check(project, capsys)
    assert time.perf_counter() - t0 < 20
    assert code == 1
    alias = [ln for ln in err if ln.endswith("[yaml.alias-expansion]")]
    assert len(alias) == 1 and alias[0].startswith("modules/core.yaml:"), err


def test_recursive_alias_is_a_located_error(project, capsys):
    core = project / "modules" / "core.yaml"
    core.write_text("loop: &l [*l]\n" + core.read_text(encoding="utf-8"), encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1 and any(ln.endswith("[yaml.alias-expansion]") for ln in err)


def test_modest_aliases_still_work(project, capsys):
    prog = project / "programme.yaml"
    text = prog.read_text(encoding="utf-8")
    text = text.replace('primary: "#1f4e79"', 'primary: &blue "#1f4e79"').replace('accent: "#8a3b12"', "accent: *blue")
    prog.write_text(text, encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 0, err


# -- item 9: nesting, characters, ids ------------------------------------------------------------------

def lesson_text(project: Path, old: str, new: str) -> Path:
    core = project / "modules" / "core.yaml"
    text = core.read_text(encoding="utf-8")
    assert old in text
    core.write_text(text.replace(old, new, 1), encoding="utf-8")
    return core


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


def block_of(path: Path, needle: str) -> str:
    """The path diagnostics give ('lessons[i].blocks[j]', counted from 1) of the block whose text holds needle."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(f"lessons[{i}].blocks[{j}]" for i, ls in enumerate(data["lessons"], 1)
                for j, b in enumerate(ls["blocks"], 1) if needle in str(b.get("text", "")))


def test_yaml_nested_1000_deep_is_a_located_error(project, capsys):
    core = project / "modules" / "core.yaml"
    core.write_text(core.read_text(encoding="utf-8") + "deep: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    assert any(ln.startswith(f"modules/core.yaml:{line_of(core, 'deep:')}:") and ln.endswith("[yaml.depth]")
               for ln in err), err


def test_markdown_nested_1000_deep_is_a_located_error_not_a_crash(project, tmp_path, capsys):
    core = lesson_text(project, "  - text: 'De publicatie beschrijft zelf hoe ambtsdragers het boek en de kaarten kunnen gebruiken:'",
                       "  - text: '" + "- " * 1000 + "diep'")
    code, err = check(project, capsys)
    assert code == 1
    assert f"modules/core.yaml:{line_of(core, '- - - -')}: error: {block_of(core, '- - - -')}.text: lists and quotes are" \
           " nested 1000 levels deep; at most 20 are allowed [schema.markdown-depth]" in err, err
    assert build(project, tmp_path / "dist").report.errors


@pytest.mark.parametrize("char", ["\\x01", "\\x1b", "\\ud800", "\\x85"])
def test_control_characters_and_lone_surrogates_are_located_errors(project, tmp_path, capsys, char):
    core = lesson_text(project, "title: Welkom\n", f'title: "Welkom{char}"\n')
    code, err = check(project, capsys)
    assert code == 1
    line = line_of(core, 'title: "Welkom')
    assert any(ln.startswith(f"modules/core.yaml:{line}: error:")
               and ln.endswith("[schema.character]") for ln in err), err
    assert build(project, tmp_path / "dist").report.errors


def test_id_with_a_trailing_newline_is_refused(project, capsys):
    core = project / "modules" / "core.yaml"
    text = core.read_text(encoding="utf-8").replace("- id: core.welkom\n", '- id: "core.welkom\\n"\n', 1)
    core.write_text(text, encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    assert any(ln.startswith(f"modules/core.yaml:{line_of(core, 'core.welkom')}:") and ln.endswith("[schema.id]")
               for ln in err), err


def test_programme_id_must_start_with_a_letter(project, capsys):
    prog = project / "programme.yaml"
    prog.write_text(prog.read_text(encoding="utf-8").replace("id: inwerkprogramma", "id: 2026-inwerkprogramma"),
                    encoding="utf-8")
    code, err = check(project, capsys)
    assert code == 1
    assert any(ln.startswith("programme.yaml:2: error: id: '2026-inwerkprogramma-decentraal-bestuur'") and ln.endswith("[schema.pattern]")
               for ln in err), err


# -- item 13: all errors in one run ---------------------------------------------------------------------

def test_bad_trend_in_a_module_does_not_hide_a_bad_option_ref_in_a_bank(project, capsys):
    module = project / "modules" / "raadslid.yaml"
    text = module.read_text(encoding="utf-8")
    trend = re.search(r"trend: ([a-z0-9.-]+)", text).group(1)
    module.write_text(text.replace(f"trend: {trend}", f"trend: {trend}-typo", 1), encoding="utf-8")
    bank, needle = typo_in_a_bank_ref(project, skip="raadslid.yaml")
    code, err = check(project, capsys)
    assert code == 1
    found = diagnostics(err)
    assert any(ln.startswith("modules/raadslid.yaml:") and f"'{trend}-typo'" in ln for ln in found), found
    assert any(ln.startswith(f"quizzes/{bank.name}:") and needle in ln for ln in found), found


def test_invalid_reporting_status_does_not_hide_a_missing_logo(project, capsys):
    prog = project / "programme.yaml"
    prog.write_text(prog.read_text(encoding="utf-8").replace("status: passed-incomplete", "status: passed-maybe"),
                    encoding="utf-8")
    (project / "theme" / "logo.svg").unlink()
    code, err = check(project, capsys)
    assert code == 1
    codes = [ln.rsplit("[", 1)[1] for ln in diagnostics(err)]
    assert sorted(codes) == ["programme.logo]", "schema.choice]"], err


# -- item 14: the quiz reference error points at the typo --------------------------------------------

def typo_in_a_bank_ref(project: Path, skip: str = "") -> tuple[Path, str]:
    """Break the first option `ref:` of an authored question that has a relation; return (bank, ref).
    The shipped banks hold no such question any more, so one is added to the copy's statenlid bank first."""
    with_weerbaarheid(project)
    for bank in sorted(b for b in (project / "quizzes").glob("*.yaml") if b.name != skip):
        lines = bank.read_text(encoding="utf-8").splitlines(keepends=True)
        for i, ln in enumerate(lines):
            m = re.match(r"(\s+)ref: ([a-z0-9.-]+)\s*$", ln)
            if m and any("relation:" in x for x in lines[max(0, i - 40):i]):
                lines[i] = f"{m.group(1)}ref: {m.group(2)}x\n"
                bank.write_text("".join(lines), encoding="utf-8")
                return bank, f"'{m.group(2)}x'"
    raise AssertionError("no option ref in the shipped banks")


def test_option_ref_typo_points_at_its_line_with_did_you_mean(project, capsys):
    bank, typo = typo_in_a_bank_ref(project)
    line = line_of(bank, f"ref: {typo.strip(chr(39))}")
    code, err = check(project, capsys)
    assert code == 1
    hit = [ln for ln in diagnostics(err) if typo in ln]
    assert len(hit) == 1, err
    assert hit[0].startswith(f"quizzes/{bank.name}:{line}: error:")
    assert f"did you mean '{typo.strip(chr(39))[:-1]}'?" in hit[0]


# -- item 15: what the sanitiser removes from authored Markdown is not dropped silently ---------------

@pytest.mark.parametrize("unsafe", ["<script>alert(1)</script>", '<img src="x" onerror="alert(1)">',
                                    "[klik](javascript:alert(1))"])
def test_unsafe_markdown_gets_a_located_warning(project, capsys, unsafe):
    core = lesson_text(project, "  - text: 'De publicatie beschrijft zelf hoe ambtsdragers het boek en de kaarten kunnen gebruiken:'",
                       f"  - text: 'Lees verder. {unsafe}'")
    code, err = check(project, capsys)
    assert code == 0
    warn = [ln for ln in err if ln.endswith("[markdown.unsafe]")]
    assert len(warn) == 1 and warn[0].startswith(f"modules/core.yaml:{line_of(core, 'Lees verder.')}: warning:")
    code, _, _ = run_cli(["--project", str(project), "check", "--strict"], capsys)
    assert code == 1


def test_unsafe_markdown_in_a_block_scalar_points_at_its_line(project, capsys):
    core = lesson_text(project, "      De inhoud komt uit de publicatie",
                       "      Zie <script>x</script>.\n\n      De inhoud komt uit de publicatie")
    code, err = check(project, capsys)
    warn = [ln for ln in err if ln.endswith("[markdown.unsafe]")]
    assert len(warn) == 1 and warn[0].startswith(f"modules/core.yaml:{line_of(core, 'Zie <script>')}:"), err
