"""Benchmark: build speed, package weight and scale. Prints JSON lines (one figure per line).

    python bench/run.py            # full programme build + weight + zip floor
    python bench/run.py --scale    # also: branded programmes for 10, 100 and 342 municipalities

The load average is printed before and after: figures from a busy machine are not comparable.
Targets (see README): full build < 1 s and <= 1x the zip floor (everything deflated once per zip); single-office package < 150 KB;
shipped JS + CSS < 40 KB; 342-municipality scale run < 60 s with peak memory < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
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
    return archives, site


FLOOR_PROCESS = """
import sys, zipfile
from pathlib import Path
src, out = Path(sys.argv[1]), Path(sys.argv[2])
for pkg in sorted(p for p in src.iterdir() if p.is_dir() and p.name != "web"):
    with zipfile.ZipFile(out / pkg.name, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(q for q in pkg.rglob("*") if q.is_file()):
            zf.writestr(f.relative_to(pkg).as_posix(), f.read_bytes())
for f in (src / "web").rglob("*"):
    if f.is_file():
        dest = out / "web" / f.relative_to(src / "web")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(f.read_bytes())
"""


def whole_process(runs: int, archives, site) -> None:
    """`scorm-build build` as a process against a process that only zips the same bytes (both cold)."""
    src = Path(tempfile.mkdtemp())
    for name, files in archives.items():
        for path, data in files.items():
            (src / name / path).parent.mkdir(parents=True, exist_ok=True)
            (src / name / path).write_bytes(data)
    for path, data in site.web_files().items():
        (src / "web" / path).parent.mkdir(parents=True, exist_ok=True)
        (src / "web" / path).write_bytes(data)
    cli, floor = [], []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp())
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scorm_build", "build", "--out", str(out / "dist")], cwd=ROOT,
                       check=True, capture_output=True)
        cli.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", FLOOR_PROCESS, str(src), str(out)], check=True)
        floor.append(time.perf_counter() - t)
        shutil.rmtree(out)
    shutil.rmtree(src)
    emit(metric="cli_build_seconds", median=round(statistics.median(cli), 4), runs=runs)
    emit(metric="process_floor_seconds", median=round(statistics.median(floor), 4),
         cli_over_floor=round(statistics.median(cli) / statistics.median(floor), 2))


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
    took_at = {}
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
        took_at[count] = took
    emit(metric="scale_marginal_seconds_per_brand", value=round((took_at[342] - took_at[100]) / 242, 4),
         basis="(t(342) - t(100)) / 242")
    shutil.rmtree(base)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--scale", action="store_true")
    a = p.parse_args()
    emit(metric="machine", cpus=os.cpu_count(), python=sys.version.split()[0], platform=sys.platform,
         load_average=[round(x, 2) for x in os.getloadavg()])
    archives, site = full_build(a.runs)
    whole_process(max(1, min(a.runs, 5)), archives, site)
    if a.scale:
        scale()
    emit(metric="machine_load_after", load_average=[round(x, 2) for x in os.getloadavg()])


if __name__ == "__main__":
    main()
