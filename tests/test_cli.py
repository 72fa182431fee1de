"""The command line as a new user meets it: user mistakes are plain messages with exit 2 (usage) or
1 (errors), never an internal error; the README's claims hold."""

from __future__ import annotations

import re
import socket
import zipfile

import pytest

from scorm_build import __version__

from .conftest import DIAG_RE, ROOT, run_cli

INTERNAL = "internal error"


@pytest.fixture(autouse=True)
def _as_a_user(monkeypatch):
    """Run as a user does: an internal error is printed, not raised (conftest raises by default)."""
    monkeypatch.delenv("SCORM_BUILD_DEBUG", raising=False)


@pytest.mark.parametrize("value, says", [("", "is not a whole number"), ("yesterday", "is not a whole number"),
                                         ("-5", "is not a whole number"), ("4354819200", "after 2107-12-31")])
def test_bad_source_date_epoch_is_a_usage_error(project, tmp_path, capsys, monkeypatch, value, says):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    for args in (["build", "--out", str(tmp_path / "dist")],
                 ["export", "--format", "qti", "--out", str(tmp_path / "x")]):
        code, err, _ = run_cli(["--project", str(project), *args], capsys)
        assert code == 2, err
        assert len(err) == 1 and err[0].startswith("scorm-build: error: SOURCE_DATE_EPOCH=") and says in err[0]
    assert not (tmp_path / "dist").exists() and not (tmp_path / "x").exists()


def test_last_storable_source_date_epoch_builds(project, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4354819199")
    code, err, _ = run_cli(["--project", str(project), "build", "--out", str(tmp_path / "d"), "--target", "scorm12",
                            "--office", "raadslid"], capsys)
    assert code == 0, err
    info = zipfile.ZipFile(next((tmp_path / "d").glob("*.zip"))).infolist()[0]
    assert info.date_time[0] == 2107


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_bad_port_is_a_usage_error(project, capsys, port):
    with pytest.raises(SystemExit) as exc:
        run_cli(["--project", str(project), "preview", "--port", port], capsys)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "is not a port number" in err and INTERNAL not in err


def test_port_in_use_is_a_plain_error(project, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, err, _ = run_cli(["--project", str(project), "preview", "--port", str(port)], capsys)
    assert code == 1
    assert err[-1].startswith(f"scorm-build: error: cannot listen on 127.0.0.1:{port}: ")
    assert "choose another --port" in err[-1] and not any(INTERNAL in ln for ln in err)


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        run_cli(["--version"], capsys)
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"scorm-build {__version__}"


def test_docs_writes_relative_to_the_project(project, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, err, _ = run_cli(["--project", str(project), "docs", "--output", "docs/authoring.md"], capsys)
    assert code == 0, err
    assert (project / "docs" / "authoring.md").is_file()
    assert not (tmp_path / "docs").exists()


def test_office_limits_the_web_site_too(project, tmp_path, capsys):
    out = tmp_path / "dist"
    code, err, _ = run_cli(["--project", str(project), "build", "--out", str(out), "--office", "raadslid",
                            "--target", "web"], capsys)
    assert code == 0, err
    pages = sorted(p.parent.name for p in (out / "web").glob("*/index.html"))
    assert pages == ["core", "raadslid"]
    index = (out / "web" / "index.html").read_text(encoding="utf-8")
    assert 'href="raadslid/index.html"' in index and "griffier/index.html" not in index


# -- the README's claims ---------------------------------------------------------------------------

def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_states_the_exit_codes_and_strict():
    text = readme()
    assert "0 ok, 1 errors (nothing is written), 2 usage" in text
    assert "check [--strict]" in text and re.search(r"build \[[^\n]*--strict", text)
    assert "--version" in text


def test_exit_codes_as_the_readme_says(project, tmp_path, capsys):
    out = tmp_path / "dist"
    assert run_cli(["--project", str(project), "check"], capsys)[0] == 0
    with pytest.raises(SystemExit) as exc:  # usage
        run_cli(["--project", str(project), "build", "--target", "pdf"], capsys)
    assert exc.value.code == 2
    assert run_cli(["--project", str(tmp_path / "nowhere"), "check"], capsys)[0] == 2
    core = project / "modules" / "core.yaml"
    core.write_text(core.read_text(encoding="utf-8").replace("id: core\n", "id: core\nbogus: 1\n", 1),
                    encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "build", "--out", str(out)], capsys)
    assert code == 1
    assert err[-1] == "build failed: nothing was written" and not out.exists()  # nothing is written


def test_all_errors_of_one_run_across_trees(project, capsys):
    """One run reports file-level errors of every file and the cross-file errors that do not wait
    (README: which errors wait for others)."""
    prog = project / "programme.yaml"
    prog.write_text(prog.read_text(encoding="utf-8").replace("status: passed-incomplete", "status: nope")
                    .replace('primary: "#1f4e79"', 'primary: "#ffff00"'), encoding="utf-8")
    (project / "theme" / "logo.svg").unlink()
    values = project / "curriculum" / "values.yaml"
    values.write_text(values.read_text(encoding="utf-8") + "extra: 1\n", encoding="utf-8")
    core = project / "modules" / "core.yaml"
    core.write_text(core.read_text(encoding="utf-8").replace("- stap-a", "- stap-x", 1), encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    assert code == 1
    found = {(ln.split(":", 1)[0], ln.rsplit("[", 1)[1].rstrip("]")) for ln in err if DIAG_RE.match(ln)}
    assert {("programme.yaml", "schema.choice"), ("programme.yaml", "programme.logo"),
            ("curriculum/values.yaml", "schema.unknown-key"), ("modules/core.yaml", "ref.unknown")} <= found, err
