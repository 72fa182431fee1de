"""The build, as its list of stages: load -> check -> model -> render -> package.

Nothing is written until every package has been built and validated in memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Report
from .fsutil import replace_tree, write_atomic
from .package import archive, scorm, zipwriter
from .package.lmsprofile import DEFAULT, LmsProfile
from .project import Project, load_project
from .render import render_site

TARGETS = ("scorm12", "scorm2004", "web")


@dataclass
class BuildResult:
    report: Report
    outputs: list[tuple[str, int]] = field(default_factory=list)  # (path, bytes)
    timings: dict[str, float] = field(default_factory=dict)


def plan(project: Project, site, targets, offices, report: Report,
         lms: LmsProfile = DEFAULT) -> dict[str, dict[str, bytes]]:
    """Every archive (name -> files) to write, built and validated in memory."""
    out: dict[str, dict[str, bytes]] = {}
    office_ids = offices or [m.id for m in project.modules[1:]]
    for target in targets:
        if target == "web":
            continue
        scorm.check_budget(target, project, site, report)
        for oid in office_ids:
            name, files = scorm.office_package(target, project, site, oid, report, lms)
            if files is not None:
                out[name] = files
        if not offices:
            name, files = scorm.programme_package(target, project, site, report, lms)
            if files is not None:
                out[name] = files
    return out


def build(root: Path, out: Path, targets=TARGETS, offices=(), progress=None, strict=False,
          lms: LmsProfile = DEFAULT) -> BuildResult:
    """Load, check, render and package; write only when everything succeeded.

    strict: warnings fail the build too (before anything is written).
    lms: the LMS profile the packages are made for (package/lmsprofile.py; Moodle by default).
    """
    t0 = time.perf_counter()
    project, report = load_project(root)
    result = BuildResult(report)
    result.timings["load+check"] = time.perf_counter() - t0
    if project is None or report.failed(strict):
        return result
    unknown = [o for o in offices if o not in {m.id for m in project.modules[1:]}]
    if unknown:  # the CLI reports this as a usage error before building
        raise ValueError(f"no office {', '.join(unknown)}")
    t1 = time.perf_counter()
    site = render_site(project)
    result.timings["render"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    archives = plan(project, site, targets, list(offices), report, lms)
    if report.errors:
        return result
    deflated = zipwriter.Deflated()  # shared: each distinct file is deflated once per build
    zips = {name: archive.zip_bytes(files, deflated) for name, files in archives.items()}
    result.timings["package"] = time.perf_counter() - t2
    t3 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    total = len(zips) + (1 if "web" in targets else 0)
    for n, (name, data) in enumerate(sorted(zips.items()), 1):
        write_atomic(out / name, data)
        result.outputs.append((str(out / name), len(data)))
        if progress:
            progress(n, total, out / name, len(data))
    if "web" in targets:
        files = site.web_files()
        replace_tree(out / "web", files)
        size = sum(len(b) for b in files.values())
        result.outputs.append((str(out / "web"), size))
        if progress:
            progress(total, total, out / "web", size)
    result.timings["write"] = time.perf_counter() - t3
    return result
