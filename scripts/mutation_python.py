"""The Python half of the mutation run (scripts/mutation): mutmut 3 over the modules named in
pyproject.toml ([tool.mutmut] only_mutate), all mutants or a seeded sample of each module's.

mutmut runs, for each mutant, only the tests that call the mutated function (it records that in a
first, traced run of the suite without the browser tests). Prints the score per module and the
survivors with their diffs. Killed = a test failed or timed out; every other outcome (survived, no
test calls the function) counts against the score.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = [sys.executable, "-m", "mutmut"]
KILLED = {1, 3, 24, -24, 36, 152, 255, -9, -11}  # a failing test, a pytest error, a timeout or a crash
BOOTSTRAP = "scorm_build.no-such-mutant"  # makes mutmut generate mutants and record stats, then stop


def all_mutants() -> dict[str, dict[str, int | None]]:
    """Mutant name -> exit code (None: not run yet), per module file."""
    out = {}
    for meta in sorted((ROOT / "mutants" / "scorm_build").rglob("*.py.meta")):
        keys = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if keys:
            out[meta.relative_to(ROOT / "mutants").as_posix().removesuffix(".meta")] = keys
    return out


def sample(mutants: dict[str, dict], per_module: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = []
    for module in sorted(mutants):
        keys = sorted(mutants[module])
        names += sorted(rng.sample(keys, min(per_module, len(keys))))
    return names


def report(chosen: list[str] | None) -> int:
    mutants = all_mutants()
    per_module: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    survivors, not_run = [], 0
    for module, keys in mutants.items():
        for name, code in keys.items():
            if chosen is not None and name not in chosen:
                continue
            if code is None:  # not reached (a run stopped early): left out of the score
                not_run += 1
                continue
            killed = code in KILLED
            per_module[module][0 if killed else 1] += 1
            if not killed:
                survivors.append((name, "no test calls it" if code in (5, 33) else "survived"))
    print("\nPython mutants (mutmut): killed / total per module")
    total_k = total = 0
    for module, (k, s) in sorted(per_module.items()):
        total_k, total = total_k + k, total + k + s
        print(f"  {module:40} {k:4} / {k + s:4}  {100 * k / max(1, k + s):5.1f} %")
    print(f"  {'all':40} {total_k:4} / {total:4}  {100 * total_k / max(1, total):5.1f} %"
          + (f"  ({not_run} not run)" if not_run else ""))
    for name, why in survivors:
        print(f"\nsurvivor {name} ({why})")
        diff = subprocess.run(MUTMUT + ["show", name], cwd=ROOT, capture_output=True, text=True).stdout
        print("\n".join("    " + ln for ln in diff.splitlines() if ln.startswith(("+", "-")) and
                        not ln.startswith(("+++", "---"))))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, metavar="N", help="run N mutants per module, drawn with --seed")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--report-only", action="store_true", help="print the last results, run nothing")
    args = parser.parse_args(argv)
    chosen = None
    if args.sample:
        if not all_mutants():
            subprocess.run(MUTMUT + ["run", BOOTSTRAP], cwd=ROOT)  # generates mutants and stats, then stops
        chosen = sample(all_mutants(), args.sample, args.seed)
        print(f"seeded sample: {len(chosen)} mutants ({args.sample} per module, seed {args.seed})", flush=True)
    if not args.report_only:
        subprocess.run(MUTMUT + ["run", *(chosen or [])], cwd=ROOT, check=False)
    return report(chosen)


if __name__ == "__main__":
    sys.exit(main())
