"""The build, as its list of stages: load -> check -> model -> render -> package.

Nothing is written until every package has been built and validated in memory; then every output
is published at once (``fsutil.publish``): a failed write leaves the output folder as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .diagnostics import Report
from .fsutil import publish
from .package import archive, scorm, zipwriter
from .package.lmsprofile import DEFAULT, LmsProfile
from .project import SOURCE_TREES, Project, load_project
from .render import Site, render_site

TARGETS = ("scorm12", "scorm2004", "web")  # the default build; "kit" only when asked for (its PDFs take seconds)


@dataclass
class BuildResult:
    report: Report
    outputs: list[tuple[str, int]] = field(default_factory=list)  # (path, bytes)
    timings: dict[str, float] = field(default_factory=dict)
    cache_hit: bool = False  # loading, checking and rendering were taken from the build cache (cache.py)


def plan(project: Project, site, targets, offices, report: Report,
         lms: LmsProfile = DEFAULT) -> dict[str, dict[str, bytes]]:
    """Every archive (name -> files) to write, built and validated in memory."""
    out: dict[str, dict[str, bytes]] = {}
    office_ids = offices or [m.id for m in project.modules[1:]]
    for target in targets:
        if target in ("web", "kit"):
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
          lms: LmsProfile = DEFAULT, caches: bool = True) -> BuildResult:
    """Load, check, render and package; write only when everything succeeded.

    strict: warnings fail the build too (before anything is written).
    lms: the LMS profile the packages are made for (package/lmsprofile.py; Moodle by default).
    caches: False renders every shared lesson and quiz again per page, deflates every zip on its own and
    neither reads nor writes the build cache (the same bytes, slower; tests compare the two).
    """
    t0 = time.perf_counter()
    stored = cache.lookup(root, SOURCE_TREES) if caches else None
    if stored is not None:
        (project, items, site), reads = stored
        report = Report(list(items))
    else:
        with cache.recording() as reads:
            project, report = load_project(root)
        site = None
    result = BuildResult(report, cache_hit=stored is not None)
    result.timings["load+check"] = time.perf_counter() - t0
    if project is None or report.failed(strict):
        return result
    unknown = [o for o in offices if o not in {m.id for m in project.modules[1:]}]
    if unknown:  # the CLI reports this as a usage error before building
        raise ValueError(f"no office {', '.join(unknown)}")
    whole = project
    if offices:  # the web site too holds only the offices asked for
        project, site = project.only(offices), None
    t1 = time.perf_counter()
    if site is None:
        site = render_site(project, cache=caches)
        if caches and (stored is None or not offices):  # kept for the next build of this project (cache.py)
            kept = None if offices else Site(site.files, site.pages, site.content_hash)
            cache.store(root, SOURCE_TREES, reads, (whole, tuple(report.items), kept))
    result.timings["render"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    archives = plan(project, site, targets, list(offices), report, lms)
    if report.errors:
        return result
    # shared: each distinct file is deflated once per build, and not again in the next build of the project
    deflated = zipwriter.Deflated(cache.deflated(root) if caches else None)
    zips = {name: archive.zip_bytes(files, deflated if caches else None) for name, files in archives.items()}
    if caches and deflated.fresh:
        cache.store_deflated(root, deflated.kept())
    result.timings["package"] = time.perf_counter() - t2
    folders = {"web": site.web_files()} if "web" in targets else {}
    if "kit" in targets:
        from .kit import build_kits

        t4 = time.perf_counter()
        kit = build_kits(project, report, joint=not offices)
        result.timings["kit"] = time.perf_counter() - t4
        if kit is None or report.errors:
            return result
        folders["kit"] = kit
    t3 = time.perf_counter()
    publish(out, zips, folders)  # all outputs at once, or none
    total = len(zips) + len(folders)
    outputs = [(out / name, len(data)) for name, data in sorted(zips.items())]
    outputs += [(out / name, sum(len(b) for b in tree.values())) for name, tree in folders.items()]
    for n, (path, size) in enumerate(outputs, 1):
        result.outputs.append((str(path), size))
        if progress:
            progress(n, total, path, size)
    result.timings["write"] = time.perf_counter() - t3
    return result
