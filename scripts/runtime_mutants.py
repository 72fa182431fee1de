"""Runtime mutants for scorm_build/theme/app.js, played by the browser tests (run by scripts/mutation).

Each mutant is one realistic one-line bug: an exact text in app.js and what replaces it. It is applied
alone to a copy of the project, and the browser tests that play that behaviour run against the copy;
the mutant is killed when they fail and survives when they pass. Prints the score and the survivors.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = Path("scorm_build/theme/app.js")
B = "tests/browser/"
LIM = B + "test_limits_runtime.py::"
BEST = LIM + "test_the_score_reported_is_the_best_attempt_not_the_last"
TIME = LIM + "test_session_time_and_latency_have_the_documented_format"
TOLD = LIM + "test_the_learner_is_told_when_saving_fails_and_when_it_works_again"
LESSONS_ONLY = B + "test_reporting.py::test_completion_on_lessons_alone_in_2004"


@dataclass(frozen=True)
class Mutant:
    """One edit of app.js and the browser tests that should notice it."""

    id: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTANTS = (
    Mutant("mastery-edge", "if (score >= D.mastery) { state.passed = 1; }",
           "if (score > D.mastery) { state.passed = 1; }", (LIM + "test_a_score_exactly_at_the_mastery_score_passes",)),
    Mutant("mastery-one-below", "if (score >= D.mastery) { state.passed = 1; }",
           "if (score >= D.mastery - 1) { state.passed = 1; }", (LIM + "test_a_score_one_below_the_mastery_score_fails",)),
    Mutant("best-is-last", "state.best = Math.max(state.best, score);", "state.best = score;", (BEST,)),
    Mutant("exit-ignores-pass", "port.set('exit', complete && (passed || !quiz) ? '' : 'suspend');",
           "port.set('exit', complete ? '' : 'suspend');", (LESSONS_ONLY,)),
    Mutant("time-12-hours", "return (h < 10 ? '000' : h < 100 ? '00' : h < 1000 ? '0' : '') + h",
           "return (h < 10 ? '0' : '') + h", (TIME,)),
    Mutant("time-12-fraction", "(sec < 10 ? '0' : '') + sec + '.' + (frac < 10 ? '0' : '') + frac;",
           "(sec < 10 ? '0' : '') + sec + '.' + frac;", (TIME,)),
    Mutant("time-minutes-unwrapped", "h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;",
           "h = Math.floor(s / 3600), m = Math.floor(s / 60);", (TIME,)),
    Mutant("latency-12-padding", "return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m",
           "return h + ':' + (m < 10 ? '0' : '') + m", (TIME,)),
    Mutant("save-error-told-late", "if (!failed) { note(S.saved_error); }", "if (failed) { note(S.saved_error); }",
           (TOLD,)),
    Mutant("save-error-silent-retry", "retryTimer = setTimeout(save, 3000);", "retryTimer = null;",
           (B + "test_scorm_faults.py::test_commit_returning_false_tells_the_learner",)),
    Mutant("saved-again-untold", "} else if (failed) { failed = false; note(S.saved_again); }",
           "} else if (failed) { failed = false; }", (TOLD,)),
    Mutant("truncation-unchecked", "&& port.get('suspend').length === text.length;", ";",
           (B + "test_moodle.py::test_a_refused_or_truncated_suspend_data_is_told",)),
    Mutant("score-zero-unreported", "if (ok && state.best >= 0 && state.best !== sent.raw) {",
           "if (ok && state.best > 0 && state.best !== sent.raw) {",
           (B + "test_moodle.py::test_a_failed_attempt_stays_incomplete_with_mastery_override_on",)),
    Mutant("score-before-status", "    report();\n    var ok = port.commit();",
           "    report(); reportScore();\n    var ok = port.commit();",
           (B + "test_moodle.py::test_a_pass_ticks_completion_with_a_grade_of_100",)),
    Mutant("held-pass-lowered", "if (held.passed) { st = 'passed'; } else if", "if (false) { st = 'passed'; } else if",
           (B + "test_moodle.py::test_a_status_the_lms_holds_is_never_lowered",
            LIM + "test_a_pass_the_lms_holds_stays_passed_under_a_completed_status_pair")),
    Mutant("scaled-unscaled", "port.set('scaled', (state.best / 100).toString());",
           "port.set('scaled', (state.best).toString());", (BEST,)),
    Mutant("success-unknown-after-fail", "port.set('success', passed ? 'passed' : (tried ? 'failed' : 'unknown'));",
           "port.set('success', passed ? 'passed' : 'unknown');", (LESSONS_ONLY,)),
    Mutant("status-pair-ignored", "st = passed ? 'passed' : (tried && pair[1] === 'failed' ? 'failed' : 'incomplete');",
           "st = passed ? 'passed' : 'incomplete';",
           (B + "test_reporting.py::test_status_pair_after_a_failed_attempt[passed-failed-failed]",)),
    Mutant("local-copy-older-wins", "if (mine && mine.z === o.z && (mine.n | 0) > (o.n | 0)) { o = mine; }",
           "if (mine && mine.z === o.z && (mine.n | 0) < (o.n | 0)) { o = mine; }",
           (B + "test_moodle.py::test_resume_does_not_go_back_when_saves_arrive_out_of_order",)),
    Mutant("letters-from-b", "function letter(k) { return String.fromCharCode(97 + (+k)); }",
           "function letter(k) { return String.fromCharCode(98 + (+k)); }",
           (B + "test_moodle.py::test_interactions_map_back_to_the_bank",)),
    Mutant("partial-result-rounded", "(v12 ? port.names.wrong : s.toFixed(2))", "(v12 ? port.names.wrong : s.toFixed(1))",
           (B + "test_quiz_engine.py", B + "test_moodle.py::test_interactions_map_back_to_the_bank")),
)


def copy_project(dest: Path) -> None:
    """The tracked files of the project, with node_modules linked (the tests need scorm-again)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        if name and (ROOT / name).is_file() and name != "node_modules":
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
    for name in ("tests", "scorm_build", "scripts"):  # files not yet committed, too
        for path in (ROOT / name).rglob("*"):
            rel = path.relative_to(ROOT)
            if path.is_file() and "__pycache__" not in rel.parts and not (dest / rel).exists():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest / rel)
    (dest / "node_modules").symlink_to((ROOT / "node_modules").resolve())


def play(mutant: Mutant, python: str, timeout: int) -> tuple[bool, float, str]:
    """Apply one mutant to a fresh copy and run its tests; returns (killed, seconds, the failing test)."""
    with tempfile.TemporaryDirectory(prefix="runtime-mutant-") as tmp:
        copy = Path(tmp) / "p"
        copy_project(copy)
        app = copy / APP
        text = app.read_text(encoding="utf-8")
        assert text.count(mutant.old) == 1, f"{mutant.id}: the text to mutate is not in app.js exactly once"
        app.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        # run from the copy: its scorm_build (with the mutated app.js) comes first on sys.path
        started = time.monotonic()
        try:
            run = subprocess.run([python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *mutant.tests],
                                 cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
            killed = run.returncode != 0
            why = next((ln for ln in run.stdout.splitlines() if ln.startswith(("FAILED", "ERROR"))), "")
        except subprocess.TimeoutExpired:
            killed, why = True, "timeout"  # a hang is noticed in CI as well
        return killed, time.monotonic() - started, why


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="mutant ids to play (default: all)")
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or m.id in args.only]
    text = (ROOT / APP).read_text(encoding="utf-8")
    stale = [m.id for m in chosen if text.count(m.old) != 1]
    if stale:
        print(f"app.js changed: these mutants no longer apply exactly once: {', '.join(stale)}", file=sys.stderr)
        return 2
    survivors = []
    for m in chosen:
        killed, seconds, why = play(m, sys.executable, args.timeout)
        print(f"{'killed  ' if killed else 'SURVIVED'} {m.id} ({seconds:.0f} s) {why}", flush=True)
        if not killed:
            survivors.append(m)
    killed = len(chosen) - len(survivors)
    print(f"runtime mutants: {killed}/{len(chosen)} killed ({100 * killed / max(1, len(chosen)):.0f} %)")
    for m in survivors:
        print(f"  survivor {m.id}: {m.old!r} -> {m.new!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
