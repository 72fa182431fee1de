"""Benchmark: build speed, package weight and scale. Prints JSON lines (one figure per line).

    python bench/run.py            # full programme build + weight + zip floor
    python bench/run.py --scale    # also: branded programmes for 10, 100 and 342 municipalities

Targets (see README): full build < 1 s and < 3x the zip floor; single-office package < 150 KB;
shipped JS + CSS < 40 KB; 342-municipality scale run < 60 s with peak memory < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scorm_build import build as build_mod  # noqa: E402
from scorm_build.diagnostics import Report  # noqa: E402
from scorm_build.project import load_project  # noqa: E402
from scorm_build.render import render_site  # noqa: E402


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def full_build(runs: int) -> None:
    times, stages = [], []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp())
        t = time.perf_counter()
        result = build_mod.build(ROOT, out)
        times.append(time.perf_counter() - t)
        stages.append(result.timings)
        sizes = {Path(p).name: n for p, n in result.outputs}
        shutil.rmtree(out)
    emit(metric="full_build_seconds", median=round(statistics.median(times), 4), min=round(min(times), 4),
         runs=runs, targets=list(build_mod.TARGETS))
    for stage in stages[0]:
        emit(metric="stage_seconds", stage=stage, median=round(statistics.median(s[stage] for s in stages), 4))
    for name, size in sorted(sizes.items()):
        emit(metric="output_bytes", name=name, bytes=size, kb=round(size / 1024, 1))
    theme = ROOT / "scorm_build" / "theme"
    js_css = sum((theme / f).stat().st_size for f in ("app.js", "app.css"))
    emit(metric="shipped_js_css_bytes", bytes=js_css, kb=round(js_css / 1024, 1))
    # the floor: the same files written into zips with zipfile alone
    project, _ = load_project(ROOT)
    site = render_site(project)
    report = Report()
    archives = build_mod.plan(project, site, build_mod.TARGETS, [], report)
    floors = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp())
        t = time.perf_counter()
        for name, files in archives.items():
            with zipfile.ZipFile(out / name, "w", zipfile.ZIP_DEFLATED) as zf:
                for path, data in files.items():
                    zf.writestr(path, data)
        for path, data in site.web_files().items():
            dest = out / "web" / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        floors.append(time.perf_counter() - t)
        shutil.rmtree(out)
    floor = statistics.median(floors)
    emit(metric="zip_floor_seconds", median=round(floor, 4),
         build_over_floor=round(statistics.median(times) / floor, 2))
    emit(metric="peak_memory_mb", value=round(peak_mb(), 1))


def branded(args) -> int:
    """Build one municipality's branded programme (9 packages, SCORM 1.2) in a worker."""
    n, base = args
    proj = Path(base) / f"m{n}"
    if not proj.exists():
        shutil.copytree(ROOT / "curriculum", proj / "curriculum")
        shutil.copytree(ROOT / "modules", proj / "modules")
        shutil.copytree(ROOT / "quizzes", proj / "quizzes")
        shutil.copytree(ROOT / "theme", proj / "theme")
        text = (ROOT / "programme.yaml").read_text(encoding="utf-8")
        text = text.replace("organisation: Verenigingen van decentrale ambtsdragers", f"organisation: Gemeente {n:03d}")
        (proj / "programme.yaml").write_text(text, encoding="utf-8")
    result = build_mod.build(proj, proj / "dist", targets=("scorm12",))
    assert not result.report.errors
    return len(result.outputs)


def scale() -> None:
    base = tempfile.mkdtemp()
    previous = None
    for count in (10, 100, 342):
        t = time.perf_counter()
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            packages = sum(pool.map(branded, [(i, base) for i in range(count)], chunksize=4))
        took = time.perf_counter() - t
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        emit(metric="scale", municipalities=count, packages=packages, seconds=round(took, 2),
             packages_per_second=round(packages / took, 1), peak_worker_memory_mb=round(child, 1),
             growth_vs_previous=round(took / previous, 2) if previous else None)
        previous = took
    shutil.rmtree(base)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--scale", action="store_true")
    a = p.parse_args()
    emit(metric="machine", cpus=os.cpu_count(), python=sys.version.split()[0], platform=sys.platform)
    full_build(a.runs)
    if a.scale:
        scale()


if __name__ == "__main__":
    main()
