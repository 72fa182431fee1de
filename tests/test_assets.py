"""The runtime script and stylesheet as packages ship them: minified, and nothing but comments and
whitespace taken out (render.shipped_asset). The browser tests play every package with these very files."""

import re
import subprocess
from pathlib import Path

import pytest

from scorm_build.project import load_project
from scorm_build.render import render_site, theme_file

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ("app.js", "app.css")


@pytest.fixture(scope="module")
def site():
    project, report = load_project(ROOT)
    assert project is not None, report.lines()
    return render_site(project)


@pytest.mark.parametrize("name", ASSETS)
def test_shipped_asset_is_smaller_and_names_its_readable_source(site, name):
    source, shipped = theme_file(name).decode(), site.files[f"assets/{name}"].decode()
    assert len(shipped) < 0.85 * len(source), (len(shipped), len(source))
    # one comment is kept, the first thing in the file, and it points at the readable source
    head = re.match(r"/\*!(.*?)\*/", shipped, re.S)
    assert head and f"scorm_build/theme/{name}" in head.group(1)
    assert (ROOT / "scorm_build" / "theme" / name).is_file()
    assert "/*" not in shipped[head.end():], "a comment other than the source note was shipped"
    assert "\n\n" not in shipped and "  " not in shipped


def squeeze_css(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"\s+", "", text).replace(";}", "}")


def test_stylesheet_loses_only_comments_and_whitespace(site):
    """Every rule, selector and value of app.css is shipped as written (only the optional last ';' of a
    block may go)."""
    shipped = site.files["assets/app.css"].decode()
    assert squeeze_css(shipped) == squeeze_css(theme_file("app.css").decode())


def test_shipped_script_is_valid_javascript(site, tmp_path):
    path = tmp_path / "app.js"
    path.write_bytes(site.files["assets/app.js"])
    done = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_shipped_script_keeps_every_string_and_the_strict_mode(site):
    """Minifying takes out comments and whitespace, never text: every quoted string of the source that
    does not sit in a comment is in the shipped file."""
    source = theme_file("app.js").decode()
    without_comments = re.sub(r"^\s*(//.*|/?\*.*)$", "", source, flags=re.M)  # whole-line comments
    strings = set(re.findall(r"'(?:[^'\\\n]|\\.)*'", without_comments))
    shipped = site.files["assets/app.js"].decode()
    assert "'use strict'" in strings and len(strings) > 50
    assert [s for s in sorted(strings) if s not in shipped] == []
