"""Benchmark: build speed, package weight and scale. Prints JSON lines (one figure per line).

    python bench/run.py            # full programme build + weight + zip floor
    python bench/run.py --scale    # also: branded programmes for 10, 100 and 342 municipalities

The load average is printed before and after: figures from a busy machine are not comparable.
Targets (see README): full build < 1 s and <= 1x the zip floor (everything deflated once per zip); single-office package < 150 KB;
shipped JS + CSS < 40 KB; 342-municipality scale run (`build --brands`, 9 SCORM 1.2 packages each)
< 10 s on 2 cores with peak memory < 300 MB per process, growing linearly with the number of brands.
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


BUILD_WORKER = """
import json, resource, sys, time
from pathlib import Path
from scorm_build.build import build
root, out = Path(sys.argv[1]), Path(sys.argv[2])
t = time.perf_counter()
r = build(root, out)
seconds = time.perf_counter() - t
assert not r.report.errors, r.report.lines()
print(json.dumps({"seconds": seconds, "timings": r.timings, "hit": r.cache_hit, "outputs": r.outputs,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def build_in_fresh_process(cache_dir: Path) -> dict:
    """One ``build()`` of the shipped programme, timed inside a new interpreter (its imports left out), so
    no run profits from what an earlier run left in memory; the build cache is the folder given."""
    out = Path(tempfile.mkdtemp())
    env = dict(os.environ, SCORM_BUILD_CACHE=str(cache_dir))
    run = subprocess.run([sys.executable, "-c", BUILD_WORKER, str(ROOT), str(out / "dist")], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True)
    shutil.rmtree(out)
    return json.loads(run.stdout)


def full_build(runs: int) -> None:
    """The full build in a fresh process: cold (an empty build cache) and warm (the cache a previous build of
    the unchanged project left; cache.py), against the zip floor measured in this process."""
    results = {}
    for state in ("cold", "warm"):
        warm_dir = Path(tempfile.mkdtemp())
        if state == "warm":
            build_in_fresh_process(warm_dir)
        runs_ = []
        for _ in range(runs):
            cache_dir = warm_dir if state == "warm" else Path(tempfile.mkdtemp())
            r = build_in_fresh_process(cache_dir)
            assert r["hit"] == (state == "warm"), r
            runs_.append(r)
            if cache_dir != warm_dir:
                shutil.rmtree(cache_dir)
        shutil.rmtree(warm_dir)
        results[state] = runs_
        emit(metric="full_build_seconds", cache=state, median=round(statistics.median(r["seconds"] for r in runs_), 4),
             min=round(min(r["seconds"] for r in runs_), 4), runs=runs, targets=list(build_mod.TARGETS),
             basis="build() in a fresh interpreter, imports left out")
        for stage in runs_[0]["timings"]:
            emit(metric="stage_seconds", cache=state, stage=stage,
                 median=round(statistics.median(r["timings"][stage] for r in runs_), 4))
    times = {state: statistics.median(r["seconds"] for r in rs) for state, rs in results.items()}
    sizes = {Path(p).name: n for p, n in results["cold"][0]["outputs"]}
    for name, size in sorted(sizes.items()):
        emit(metric="output_bytes", name=name, bytes=size, kb=round(size / 1024, 1))
    # the floor: the same files written into zips with zipfile alone
    project, _ = load_project(ROOT)
    site = render_site(project)
    theme = ROOT / "scorm_build" / "theme"
    js_css = sum(len(site.files[f"assets/{f}"]) for f in ("app.js", "app.css"))
    source = sum((theme / f).stat().st_size for f in ("app.js", "app.css"))
    emit(metric="shipped_js_css_bytes", bytes=js_css, kb=round(js_css / 1024, 1), source_kb=round(source / 1024, 1),
         basis="app.js + app.css as packages ship them (minified; source_kb: the readable source)")
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
         build_over_floor_cold=round(times["cold"] / floor, 2), build_over_floor_warm=round(times["warm"] / floor, 2))
    emit(metric="peak_memory_mb", value=round(max(r["peak_mb"] for r in results["cold"]), 1),
         basis="the largest cold build process")
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
    cli: dict[str, list[float]] = {"cold": [], "warm": []}
    floor = []
    warm_dir = Path(tempfile.mkdtemp())
    for n in range(runs + 1):
        for state in ("cold", "warm"):
            out = Path(tempfile.mkdtemp())
            cache_dir = warm_dir if state == "warm" else out / "cache"
            env = dict(os.environ, SCORM_BUILD_CACHE=str(cache_dir))
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "scorm_build", "build", "--out", str(out / "dist")], cwd=ROOT,
                           env=env, check=True, capture_output=True)
            if n:  # the first warm run fills the cache
                cli[state].append(time.perf_counter() - t)
            shutil.rmtree(out)
        out = Path(tempfile.mkdtemp())
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", FLOOR_PROCESS, str(src), str(out)], check=True)
        floor.append(time.perf_counter() - t)
        shutil.rmtree(out)
    shutil.rmtree(src)
    shutil.rmtree(warm_dir)
    for state, times in cli.items():
        emit(metric="cli_build_seconds", cache=state, median=round(statistics.median(times), 4), runs=runs)
    emit(metric="process_floor_seconds", median=round(statistics.median(floor), 4),
         cli_over_floor_cold=round(statistics.median(cli["cold"]) / statistics.median(floor), 2),
         cli_over_floor_warm=round(statistics.median(cli["warm"]) / statistics.median(floor), 2))


SCALE_WORKER = """
import json, resource, sys, time
from pathlib import Path
from scorm_build.brandbuild import build_brands
root, brands, out = map(Path, sys.argv[1:4])
t = time.perf_counter()
r = build_brands(root, brands, out, targets=("scorm12",))
assert not r.report.errors, r.report.lines(False)
print(json.dumps({"packages": r.packages, "seconds": time.perf_counter() - t, "renders": r.renders,
                  "brands": len(r.brands), "per_brand": r.timings["package+write"],
                  "cpu": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def brands_yaml(first: int, count: int) -> str:
    """Municipalities first..first+count-1: own name and colours, every third with the programme's SVG logo."""
    colours = ("#1f4e79", "#2b3a55", "#00584a", "#7a1f1f", "#5c2d91")
    lines = ["brands:"]
    for n in range(first, first + count):
        lines += [f"  - id: gemeente-{n:03d}", f"    organisation: Gemeente {n:03d}",
                  f'    primary: "{colours[n % 5]}"', f'    accent: "{colours[(n + 2) % 5]}"']
        if n % 3 == 0:
            lines.append("    logo: theme/logo.svg")
    return "\n".join(lines) + "\n"


def scale(workers: int) -> None:
    """`build --brands` for 10, 100 and 342 municipalities (9 SCORM 1.2 packages each), as whole processes.

    The brands are split over `workers` processes, each building its share into the same output folder.
    The output goes to a memory file system when there is one (/dev/shm), so the figure is the build's,
    not the shared disk's fsync latency; the folder used is printed.
    """
    base = Path(tempfile.mkdtemp())
    proj = base / "project"
    for tree in ("curriculum", "modules", "quizzes", "context", "theme"):
        shutil.copytree(ROOT / tree, proj / tree)
    shutil.copy2(ROOT / "programme.yaml", proj / "programme.yaml")
    shm = Path("/dev/shm")
    out_base = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else base
    previous, took_at = None, {}
    for count in (10, 100, 342):
        procs = []
        share = -(-count // workers)
        t = time.perf_counter()
        for w in range(workers):
            first, n = w * share, min(share, count - w * share)
            if n <= 0:
                continue
            brands = proj / f"brands-{count}-{w}.yaml"
            brands.write_text(brands_yaml(first, n), encoding="utf-8")
            procs.append(subprocess.Popen([sys.executable, "-c", SCALE_WORKER, str(proj), str(brands),
                                           str(out_base / f"out-{count}")], cwd=ROOT, stdout=subprocess.PIPE))
        results = [json.loads(p.communicate()[0]) for p in procs]
        took = time.perf_counter() - t
        assert all(p.returncode == 0 for p in procs)
        packages = sum(r["packages"] for r in results)
        emit(metric="scale", municipalities=count, packages=packages, workers=len(procs), seconds=round(took, 2),
             packages_per_second=round(packages / took, 1),
             peak_worker_memory_mb=round(max(r["peak_mb"] for r in results), 1),
             site_renders=sum(r["renders"] for r in results),
             in_process_seconds_per_brand=round(sum(r["per_brand"] for r in results) / count, 4),
             worker_cpu_seconds=round(sum(r["cpu"] for r in results), 2),
             growth_vs_previous=round(took / previous, 2) if previous else None, output_dir=str(out_base))
        previous = took
        took_at[count] = took
        shutil.rmtree(out_base / f"out-{count}")
    emit(metric="scale_marginal_seconds_per_brand", value=round((took_at[342] - took_at[100]) / 242, 4),
         basis="(t(342) - t(100)) / 242, whole processes (noisy on a loaded machine; see"
               " in_process_seconds_per_brand: a brand's fill, zip and write time inside the worker)")
    emit(metric="scale_fixed_seconds", value=round(took_at[342] - 342 * (took_at[342] - took_at[100]) / 242, 2),
         basis="t(342) minus 342 marginal costs: start, load, check and the renders")
    shutil.rmtree(base)
    if out_base != base:
        shutil.rmtree(out_base)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--scale", action="store_true")
    p.add_argument("--workers", type=int, default=2, help="processes for the scale run (default 2)")
    a = p.parse_args()
    emit(metric="machine", cpus=os.cpu_count(), python=sys.version.split()[0], platform=sys.platform,
         load_average=[round(x, 2) for x in os.getloadavg()])
    archives, site = full_build(a.runs)
    whole_process(max(1, min(a.runs, 5)), archives, site)
    if a.scale:
        scale(a.workers)
    emit(metric="machine_load_after", load_average=[round(x, 2) for x in os.getloadavg()])


if __name__ == "__main__":
    main()
