"""Shared test helpers: the project root, the publication's text, running the CLI in-process."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from scorm_build.cli import main
from scorm_build.project import SOURCE_TREES as TREES

# the build cache (scorm_build/cache.py) is off for every test and every process a test starts, so no test
# is served a stored build (tests that patch the compiler at run time would not see their patch) and none
# writes into the user's cache folder; tests/test_build_cache.py turns it on in a folder of its own
os.environ["SCORM_BUILD_CACHE"] = "off"

ROOT = Path(__file__).resolve().parent.parent
# everything the tests read is in the repository (see NOTICE for the terms of the publication's text)
SOURCE_TEXT = ROOT / "source" / "toekomstbestendig-decentraal-bestuur.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEST_SCHEMAS = Path(__file__).resolve().parent / "schemas"
DIAG_RE = re.compile(r"^[^:\s][^:]*:\d+: (error|warning): .+ \[[a-z0-9.-]+\]$")
EXTRA_DIRS = ("theme",)


# A list-membership question checked against the curriculum (office-with-priority). The shipped banks no longer hold
# one (statenlid.weerbaarheid tested nothing about Statenleden and became a case), so the checks add it to a copy
# (tests/test_quiz.py, tests/test_inputs.py).
WEERBAARHEID = """\
- id: statenlid.weerbaarheid
  type: multiple
  objective: statenlid.rol
  tests:
  - weerbaarheid
  prompt: Voor welke ambten is weerbaarheid volgens de publicatie een waarde met prioriteit? Kies alle juiste antwoorden.
  relation: office-with-priority
  about: weerbaarheid
  options:
  - id: a
    ref: raadslid
    correct: true
    feedback: Juist.
  - id: b
    ref: wethouder
    correct: false
    feedback: Niet voor wethouders.
  - id: c
    ref: griffier
    correct: false
    feedback: Niet voor griffiers.
  explanation: Weerbaarheid is een waarde met prioriteit voor raadsleden.
"""


def with_weerbaarheid(p):
    bank = p / "quizzes" / "statenlid.yaml"
    text = bank.read_text(encoding="utf-8")
    assert text.endswith("\n") and "\nquestions:\n" in text  # the questions list is the file's last key
    bank.write_text(text + WEERBAARHEID, encoding="utf-8")
    return bank


def normalise(text: str) -> str:
    """Whitespace-normalised text, for substring checks across the extracted layout."""
    return re.sub(r"\s+", " ", text).strip()


def run_cli(args: list[str], capsys) -> tuple[int, list[str], str]:
    """Run ``scorm-build`` in-process; return (exit code, stderr lines, stdout)."""
    code = main(args)
    out = capsys.readouterr()
    return code, [ln for ln in out.err.splitlines() if ln], out.out


def copy_project(dest: Path) -> Path:
    """A copy of the shipped sources (the three trees and the programme configuration)."""
    for name in TREES + EXTRA_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    for name in ("programme.yaml",):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, dest / name)
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(autouse=True)
def _debug_tracebacks(monkeypatch):
    """In tests an internal error must fail loudly, not be turned into a message."""
    monkeypatch.setenv("SCORM_BUILD_DEBUG", "1")
