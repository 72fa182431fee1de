"""The Python half of the mutation run (scripts/mutation): mutmut 3 over check, fsutil, render, the build cache
and build (cache.py, build.py), the quiz code and package/*, one module group at a time, all mutants or a seeded
sample of each module's.

mutmut runs, for each mutant, only the tests that call the mutated function (it records that in a
first, traced run of its test selection). `check` and the quiz code are called by every build, so with
the whole suite as selection a surviving mutant there costs nearly the whole suite. Each group therefore
runs in a copy of the project (.mutation/<group>/, ignored by git) whose [tool.mutmut] only_mutate and
pytest_add_cli_args_test_selection are narrowed to the group's modules and the fast tests that target
them (GROUPS below). A survivor that a test outside that selection kills is shown with --confirm, which
applies the mutant's diff to a fresh copy of the project and runs the named test against it.

Prints, per group, killed / total per module, the overall score and every survivor with its diff.
Killed = a test failed, errored or timed out; survived and "no test calls it" count against the score.

    scripts/mutation_python.py [--group NAME ...] [--sample N] [--seed S]   # run, then report
    scripts/mutation_python.py --report-only                              # the last results again
    scripts/mutation_python.py --confirm MUTANT TEST [TEST ...]           # a survivor vs. other tests
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
PY = sys.executable
MUTMUT = [PY, "-m", "mutmut"]
KILLED = {1, 3, 24, -24, 36, 152, 255, -9, -11}  # a failing test, a pytest error, a timeout or a crash
BOOTSTRAP = "scorm_build.no-such-mutant"  # makes mutmut generate mutants and record stats, then stop
T = "tests/"

# Each group: the modules mutated and the tests that target them (chosen by reading the tests; times are
# pytest --durations on a quiet 2-core machine). Left out everywhere: tests/browser (Chromium), the
# certification and benchmark tests, and test_output.py's concurrent builds (8.6 s, a race test of the
# folder swap that the other test_output tests cover sequentially).
GROUPS: dict[str, dict[str, list[str]]] = {
    # check.py: the diagnostics scenarios and edges, the random-damage properties (21 s, the slowest:
    # mutmut runs the fastest tests first), curriculum fidelity, the review fixes, roles, branding
    # contrast (test_pinned) and the programme/logo/input checks (test_inputs).
    "check": {
        "modules": ["scorm_build/check.py"],
        "tests": [T + "test_check_diagnostics.py", T + "test_check_edges.py", T + "test_curriculum_fidelity.py",
                  T + "test_review_fixes.py",
                  T + "test_roles.py", T + "test_pinned.py", T + "test_inputs.py", T + "test_cli.py",
                  T + "test_check_properties.py"],
    },
    # the quiz code: authored and generated questions and their text, the bank rules, the draw, the item
    # report, the quiz diagnostics (check scenarios and edges: check_banks checks the programme's quiz).
    "quiz": {
        "modules": ["scorm_build/quizcheck.py", "scorm_build/quizfacts.py", "scorm_build/quizgen.py",
                    "scorm_build/quizrules.py"],
        "tests": [T + "test_quiz.py", T + "test_quiz_edges.py", T + "test_quiz_rules.py", T + "test_quiz_draw.py",
                  T + "test_items.py", T + "test_check_diagnostics.py", T + "test_check_edges.py", T + "test_pinned.py"],
    },
    # package/*: manifests and their validation, the LMS profiles, the zip writer and its limits.
    "package": {
        "modules": ["scorm_build/package/*"],
        "tests": [T + "test_package.py", T + "test_package_edges.py", T + "test_pinned.py", T + "test_zipwriter.py",
                  T + "test_lms_profile.py", T + "test_cli.py", T + "test_brands.py"],
    },
    # render.py: pages, the Markdown sanitiser, the quiz payload, branding CSS, the render cache.
    "render": {
        "modules": ["scorm_build/render.py"],
        "tests": [T + "test_render.py", T + "test_render_edges.py", T + "test_render_cache.py", T + "test_review_fixes.py",
                  T + "test_roles.py", T + "test_quiz.py", T + "test_quiz_draw.py", T + "test_export.py", T + "test_pinned.py",
                  T + "test_inputs.py", T + "test_brands.py"],
    },
    # cache.py and build.py: the build cache (hits, misses, damaged and unsafe entries, the kept compressed
    # files) and the build's stages around it: every build() caller that is fast, the zip writer (the
    # compressed files shared per build), the packages plan() makes (test_package), the LMS profile argument
    # (test_lms_profile), the CLI's build and --office, and the output tests (what build() writes). Left out:
    # test_kit.py (build's kit branch; its PDFs take seconds each): run it against those mutants with --confirm.
    "cache": {
        "modules": ["scorm_build/cache.py", "scorm_build/build.py"],
        "tests": [T + "test_build_cache.py", T + "test_cache_edges.py", T + "test_zipwriter.py", T + "test_output.py", T + "test_output_edges.py",
                  T + "test_cli.py", T + "test_package.py", T + "test_lms_profile.py",
                  "--deselect", T + "test_output.py::test_concurrent_builds_into_one_folder_all_succeed"],
    },
    # fsutil.py: atomic writes, publishing and replacing the output folder, locks, debris.
    "fsutil": {
        "modules": ["scorm_build/fsutil.py"],
        "tests": [T + "test_output.py", T + "test_output_edges.py", T + "test_pinned.py", T + "test_cli.py",
                  T + "test_inputs.py", "--deselect", T + "test_output.py::test_concurrent_builds_into_one_folder_all_succeed"],
    },
}


# Survivors judged equivalent (the change alters no behaviour; docs/mutation.md gives the reasoning). The
# names hold as long as the function's code is unchanged (mutmut numbers the mutants of a function).
GEN = "scorm_build.quizgen.xǁGeneratorǁ"
LINT_PARSER = "the lint only parses the manifest the writer has just made (no DOCTYPE, no entities); the parser" \
              " flags act only on DTDs and entities"
SAME_BY_CONTENT = "skips the fast path by object identity; the content-hash path gives the same bytes, only slower"
EQUIVALENT = {
    "scorm_build.check.x_resolve__mutmut_16": "get_close_matches n=1 -> default 3: only the best match (first) is used",
    GEN + "gen_clusters__mutmut_48": "a generated question's objective is never published nor checked",
    GEN + "gen_associations__mutmut_98": "a generated question's objective is never published nor checked",
    GEN + "gen_associations__mutmut_95": "`about` of a generated association question is also in its `tests`, which the"
                                         " rules reading `about` read too",
    GEN + "gen_trend_groups__mutmut_41": "`relation` of a generated question is read only by rules of other relations",
    "scorm_build.package.manifest.x__items_2004__mutmut_9": "rstrip('XX.XX') strips the same characters of a number"
                                                           " as rstrip('.')",
    "scorm_build.package.manifest.x__resources__mutmut_6": "rsplit without maxsplit: every SCO page is one folder deep",
    "scorm_build.package.zipwriter.xǁDeflatedǁpieces__mutmut_11": SAME_BY_CONTENT,
    "scorm_build.package.zipwriter.xǁDeflatedǁ__call____mutmut_1": SAME_BY_CONTENT,
    "scorm_build.package.lint.x_lint_manifest__mutmut_3": LINT_PARSER,
    "scorm_build.package.lint.x_lint_manifest__mutmut_6": LINT_PARSER,
    "scorm_build.package.lint.x_lint_manifest__mutmut_7": LINT_PARSER,
    "scorm_build.package.scorm.x_build_package__mutmut_59": "the problems list is only tested for being empty",
    "scorm_build.package.scorm.x_worst_suspend__mutmut_9": "draw is used only when the page has a bank",
    "scorm_build.fsutil.x_write_atomic__mutmut_35": "every failure inside the try leaves the temporary file in place"
                                                    " (os.replace removes it only by succeeding)",
    "scorm_build.render.x_page_data__mutmut_29": "the page data's `title` is read by nothing (app.js reads the fields"
                                                 " test_render_edges checks; the page title is in the HTML)",
    "scorm_build.render.x_page_data__mutmut_76": "page_data without fragments is reached by no build (render_site always"
                                                 " passes them); main has since removed that branch",
    "scorm_build.render.x_render_site__mutmut_5": "no logo as '' instead of None: the templates test it for truth",
    "scorm_build.package.scorm.x_worst_suspend__mutmut_57": "without a bank draw is 0: the list is empty either way",
    "scorm_build.package.scorm.x_worst_suspend__mutmut_65": "clamps only index 0 (when all questions are drawn) to 1:"
                                                            " same length, and only the estimate's length is used",
    # run 3 (cache, build, fsutil)
    "scorm_build.cache.x_folder__mutmut_33": "mode 0o701 instead of 0o700 gives others only search permission: they"
                                             " cannot list or write the folder, and entries are 0600 files (mkstemp)",
    "scorm_build.cache.x_listing__mutmut_4": "the '/' only tells a file from an empty folder of that name: a name the"
                                             " build reads is checked by its bytes, an unread one warns the same either way",
    "scorm_build.cache.x_listing__mutmut_14": "programme.yaml is always among the files a stored build read (without it"
                                              " nothing is stored), so its removal is a miss anyway",
    "scorm_build.fsutil.x_write_atomic__mutmut_12": "without the .tmp ending the temporary file is still hidden and named"
                                                    " after its target; nothing looks for the ending",
    "scorm_build.fsutil.x_publish__mutmut_63": "the order of the staging fsyncs: every one is done before anything is"
                                               " swapped in",
}


def project_files() -> list[str]:
    """The working tree's files (tracked and untracked, not ignored): uncommitted tests take part."""
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                         capture_output=True).stdout.decode()
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def copy_project(dest: Path) -> None:
    for name in project_files():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)


def mutmut_section(group: dict[str, list[str]]) -> str:
    """pyproject's [tool.mutmut], narrowed to one group (node_modules: only the browser tests need it)."""
    return "\n".join([
        "[tool.mutmut]",
        'source_paths = ["scorm_build"]',
        f"only_mutate = {json.dumps(group['modules'])}",
        'also_copy = ["curriculum", "modules", "quizzes", "context", "source", "theme", "programme.yaml",',
        '             "bench", "docs", "scripts", "README.md", "NOTICE", "package.json"]',
        f"pytest_add_cli_args_test_selection = {json.dumps(group['tests'])}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]',
        "",
    ])


def prepare(name: str) -> Path:
    """A fresh copy of the project for one group, with [tool.mutmut] narrowed."""
    where = WORK / name
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    copy_project(where)
    pyproject = (where / "pyproject.toml").read_text(encoding="utf-8")
    start = pyproject.index("[tool.mutmut]")
    end = pyproject.find("\n[", start)
    rest = pyproject[end + 1:] if end >= 0 else ""
    (where / "pyproject.toml").write_text(pyproject[:start] + mutmut_section(GROUPS[name]) + rest, encoding="utf-8")
    return where


def all_mutants(where: Path) -> dict[str, dict[str, int | None]]:
    """Module file -> {mutant name: exit code (None: not run yet)}."""
    out = {}
    for meta in sorted((where / "mutants" / "scorm_build").rglob("*.py.meta")):
        keys = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if keys:
            out[meta.relative_to(where / "mutants").as_posix().removesuffix(".meta")] = keys
    return out


def sample(mutants: dict[str, dict], per_module: int, seed: int) -> list[str]:
    """A seeded draw of per_module mutants of each module (the same seed draws the same mutants as long as
    the module's code is unchanged)."""
    rng = random.Random(seed)
    names = []
    for module in sorted(mutants):
        keys = sorted(mutants[module])
        names += sorted(rng.sample(keys, min(per_module, len(keys))))
    return names


def run_group(name: str, per_module: int | None, seed: int, children: int) -> None:
    where = prepare(name)
    started = time.monotonic()
    chosen = None
    if per_module:
        subprocess.run(MUTMUT + ["run", "--max-children", str(children), BOOTSTRAP], cwd=where)
        chosen = sample(all_mutants(where), per_module, seed)
        print(f"[{name}] seeded sample: {len(chosen)} mutants ({per_module} per module, seed {seed})", flush=True)
    (where / "sample.json").write_text(json.dumps({"per_module": per_module, "seed": seed, "chosen": chosen,
                                                  "tests": GROUPS[name]["tests"]}), encoding="utf-8")
    subprocess.run(MUTMUT + ["run", "--max-children", str(children), *(chosen or [])], cwd=where, check=False)
    print(f"[{name}] done in {time.monotonic() - started:.0f} s", flush=True)


def diff_of(name: str, where: Path) -> str:
    out = subprocess.run(MUTMUT + ["show", name], cwd=where, capture_output=True, text=True).stdout
    return out.split("\n", 1)[1] if out.startswith("#") else out


def group_of(mutant: str) -> str:
    module = "scorm_build/" + "/".join(mutant.split(".")[1:-1]) + ".py"
    for name, group in GROUPS.items():
        if any(re.fullmatch(p.replace("*", ".*"), module) for p in group["modules"]):
            return name
    raise SystemExit(f"no group mutates {module}")


def confirmations(where: Path) -> dict:
    """The --confirm results for a group's last run (prepare() removes them with the group's copy)."""
    path = where / "confirmed.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def report() -> int:
    confirmed = {}
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    survivors, not_run = [], 0
    for name in GROUPS:
        where = WORK / name
        if not (where / "sample.json").exists():
            continue
        chosen = json.loads((where / "sample.json").read_text(encoding="utf-8"))["chosen"]
        confirmed.update(confirmations(where))
        for module, keys in all_mutants(where).items():
            for mutant, code in keys.items():
                if chosen is not None and mutant not in chosen:
                    continue
                if code is None:  # not reached (a run stopped early): left out of the score
                    not_run += 1
                    continue
                killed = code in KILLED
                rows[module][0 if killed else 1] += 1
                if not killed:
                    survivors.append((mutant, where, "no test calls it" if code in (5, 33) else "survived"))
    if not rows:
        print("no results yet: run scripts/mutation --python first")
        return 1
    print("\nPython mutants (mutmut): killed / total per module")
    total_k = total = 0
    for module, (k, s) in sorted(rows.items()):
        total_k, total = total_k + k, total + k + s
        print(f"  {module:40} {k:4} / {k + s:4}  {100 * k / max(1, k + s):5.1f} %")
    print(f"  {'all':40} {total_k:4} / {total:4}  {100 * total_k / max(1, total):5.1f} %"
          + (f"  ({not_run} not run)" if not_run else ""))
    extra = [m for m, _, _ in survivors if confirmed.get(m, {}).get("killed")]
    same = [m for m, _, _ in survivors if m in EQUIVALENT and m not in extra]
    if extra or same:
        k = total_k + len(extra)
        print(f"  {len(extra)} survivor(s) killed by a named test run against them (--confirm): {k} / {total}"
              f"  {100 * k / total:5.1f} %")
        print(f"  {len(same)} equivalent (EQUIVALENT) left out: {k} / {total - len(same)}"
              f"  {100 * k / max(1, total - len(same)):5.1f} %")
    for mutant, where, why in survivors:
        seen = confirmed.get(mutant)
        note = f"; killed by {' '.join(seen['tests'])} (--confirm)" if seen and seen["killed"] else ""
        note += f"; equivalent: {EQUIVALENT[mutant]}" if mutant in EQUIVALENT else ""
        print(f"\nsurvivor {mutant} ({why}{note})")
        print("\n".join("    " + ln for ln in diff_of(mutant, where).splitlines()
                        if ln.startswith(("+", "-")) and not ln.startswith(("+++", "---"))))
    return 0


def apply_diff(root: Path, diff: str) -> None:
    """Apply `mutmut show`'s diff to the file under root. Its hunks are relative to the mutated function,
    which for a method is dedented, so each hunk's old lines (context and removed) are looked up in the
    file at the indent that makes them match exactly once, and replaced by its new lines at that indent."""
    lines = diff.splitlines()
    target = root / lines[0].removeprefix("--- ").strip()
    text = target.read_text(encoding="utf-8").split("\n")
    hunks, cur = [], None
    for ln in lines[2:]:
        if ln.startswith("@@"):
            cur = ([], [])
            hunks.append(cur)
        elif cur is not None and ln[:1] in (" ", "-", "+", ""):
            body = ln[1:]
            if ln[:1] != "+":
                cur[0].append(body)
            if ln[:1] != "-":
                cur[1].append(body)
    for old, new in hunks:
        found = []
        for indent in range(0, 17, 4):
            pad = " " * indent
            want = [pad + x if x else x for x in old]
            found += [(i, pad) for i in range(len(text) - len(want) + 1) if text[i:i + len(want)] == want]
        if len(found) != 1:
            raise SystemExit(f"cannot place the mutant's hunk in {target} ({len(found)} matches)")
        i, pad = found[0]
        text[i:i + len(old)] = [pad + x if x else x for x in new]
    target.write_text("\n".join(text), encoding="utf-8")


def confirm(mutant: str, tests: list[str]) -> int:
    """Apply the mutant's diff to a fresh copy of the project and run the named tests against it: the
    survivor is killed by them when they fail there (and they pass on the unmutated code)."""
    where = WORK / group_of(mutant)
    diff = diff_of(mutant, where)
    if not diff.strip():
        raise SystemExit(f"{mutant}: no diff (run its group first)")
    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        copy = Path(tmp)
        copy_project(copy)
        apply_diff(copy, diff)
        env = {**os.environ, "PYTHONPATH": str(copy)}
        where_from = subprocess.run([PY, "-c", "import scorm_build; print(scorm_build.__file__)"], cwd=copy,
                                    env=env, capture_output=True, text=True).stdout.strip()
        assert where_from.startswith(str(copy)), where_from  # the mutated copy, not the editable install
        code = subprocess.run([PY, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests], cwd=copy,
                              env=env).returncode
    killed = code != 0
    print(f"{mutant}: {'KILLED' if killed else 'SURVIVED'} by {' '.join(tests)} (pytest exit {code})")
    confirmed = confirmations(where)
    confirmed[mutant] = {"tests": tests, "killed": killed, "exit": code}
    (where / "confirmed.json").write_text(json.dumps(confirmed, indent=1, sort_keys=True), encoding="utf-8")
    return 0 if killed else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", action="append", choices=sorted(GROUPS), help="run this group only (repeatable)")
    parser.add_argument("--sample", type=int, metavar="N", help="run N mutants per module, drawn with --seed")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--max-children", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--report-only", action="store_true", help="print the last results, run nothing")
    parser.add_argument("--confirm", nargs="+", metavar=("MUTANT", "TEST"),
                        help="run TEST(s) against MUTANT applied to a fresh copy of the project")
    args = parser.parse_args(argv)
    if args.confirm:
        if len(args.confirm) < 2:
            parser.error("--confirm MUTANT TEST [TEST ...]")
        return confirm(args.confirm[0], args.confirm[1:])
    if not args.report_only:
        for name in args.group or list(GROUPS):
            run_group(name, args.sample, args.seed, args.max_children)
    return report()


if __name__ == "__main__":
    sys.exit(main())
