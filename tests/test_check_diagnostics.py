"""Broken sources give exact, located diagnostics; no input gives a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import DIAG_RE, FIXTURES, ROOT, copy_project, run_cli

SCENARIOS = sorted(p.name for p in (FIXTURES / "check").iterdir() if p.is_dir())


def overlay(scenario: str, dest: Path) -> Path:
    """The shipped project with the scenario's files laid over it."""
    copy_project(dest)
    src = FIXTURES / "check" / scenario
    for path in src.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = dest / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return dest


def test_every_required_scenario_has_a_fixture():
    wanted = {"bad-yaml", "tab-indentation", "unknown-key", "duplicate-id", "dangling-ref", "wrong-type",
              "missing-field", "empty-file", "non-utf8", "unknown-priority"}
    assert wanted <= set(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_reports_exact_diagnostics(scenario, tmp_path, capsys):
    project = overlay(scenario, tmp_path / scenario)
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    expected = (FIXTURES / "check" / scenario / "expected.txt").read_text(encoding="utf-8").splitlines()
    diagnostics = [ln for ln in err if DIAG_RE.match(ln)]
    assert code == 1
    assert diagnostics == expected
    assert err[-1] == f"{len(expected)} error(s), 0 warning(s)"


def test_shipped_project_passes(capsys):
    code, err, _ = run_cli(["--project", str(ROOT), "check"], capsys)
    assert (code, err) == (0, ["ok: sources are valid"])


def test_all_errors_of_a_run_are_reported(tmp_path, capsys):
    """Several broken files at once: every one is reported, not only the first."""
    project = overlay("dangling-ref", tmp_path / "p")
    for scenario in ("empty-file", "unknown-key", "duplicate-id"):
        overlay_files = FIXTURES / "check" / scenario
        for path in overlay_files.rglob("*.yaml"):
            shutil.copy2(path, project / path.relative_to(overlay_files))
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    codes = sorted(ln.rsplit("[", 1)[1] for ln in err if DIAG_RE.match(ln))
    assert code == 1
    assert codes == sorted(["ref.unknown]", "file.empty]", "schema.unknown-key]", "schema.unknown-key]",
                            "id.duplicate]"])


def test_not_a_project_is_a_usage_error(tmp_path, capsys):
    code, err, _ = run_cli(["--project", str(tmp_path), "check"], capsys)
    assert code == 2
    assert "no curriculum/ folder" in err[0]


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        run_cli(["frobnicate"], capsys)
    assert exc.value.code == 2


def test_missing_file_is_located(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    (project / "curriculum" / "usage.yaml").unlink()
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    assert code == 1
    assert "curriculum/usage.yaml:1: error: file 'curriculum/usage.yaml' is missing [file.missing]" in err


def test_strict_turns_warnings_into_failures(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    (project / "curriculum" / "notes.txt").write_text("scratch", encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    assert code == 0
    assert "curriculum/notes.txt:1: warning: 'notes.txt' is not part of curriculum/ and is ignored [file.unknown]" in err
    code, _, _ = run_cli(["--project", str(project), "check", "--strict"], capsys)
    assert code == 1


def test_an_internal_error_is_a_message_not_a_traceback(monkeypatch, capsys):
    import scorm_build.cli as cli

    monkeypatch.delenv("SCORM_BUILD_DEBUG")
    monkeypatch.setattr(cli, "load_project", lambda root: 1 / 0)
    code, err, _ = run_cli(["--project", str(ROOT), "check"], capsys)
    assert code == 1
    assert err == ["scorm-build: internal error: ZeroDivisionError: division by zero. Nothing was written."
                   " Please report this with the command you ran (SCORM_BUILD_DEBUG=1 shows the traceback)."]


def test_an_office_without_module_and_bank_is_located(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    (project / "modules" / "wethouder.yaml").unlink()
    (project / "quizzes" / "wethouder.yaml").unlink()
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    assert code == 1
    assert "modules/wethouder.yaml:1: error: office 'wethouder' has no module 'modules/wethouder.yaml'" \
           " [module.missing]" in err
    (project / "modules" / "core.yaml").unlink()
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    assert "modules/core.yaml:1: error: the core module 'modules/core.yaml' is missing [module.missing]" in err
