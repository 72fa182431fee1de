"""Build many brands of one programme (``build --brands FILE``): each into ``OUT/<brand-id>/``.

The pages do not depend on who offers the programme except for the organisation's name and whether
(and which kind of) logo there is, and the content hash leaves the branding out (project.py). So the
site is rendered once per logo kind with a placeholder name (``Shells``), and each brand's pages are
those bytes with its name filled in, plus its own ``assets/brand.css`` and logo. Every file is deflated
once for all brands (one ``zipwriter.Deflated``). The result equals, byte for byte, a plain build with
that brand in ``programme.yaml`` (tests/test_brands.py compares them).

Each brand's folder is published atomically on its own (``fsutil.publish``), so memory holds one
brand's packages at a time, however many brands there are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape

from . import brands as brands_mod
from .build import TARGETS, plan
from .diagnostics import Report
from .fsutil import publish
from .model.programme import Branding
from .package import archive, zipwriter
from .package.lmsprofile import DEFAULT, LmsProfile
from .project import Project, load_project
from .render import Site, brand_css, render_site

# a private-use character cannot come from the sources' text as it is rendered (escaping leaves it alone)
PLACEHOLDER = "\ue000organisation\ue000"
_PLACEHOLDER = PLACEHOLDER.encode("utf-8")


@dataclass(frozen=True, slots=True)
class Shell:
    """The site for one logo kind with a placeholder name: its pages split at the name, its packages."""

    site: Site
    split: dict  # path -> the page's shared text between the occurrences of the name
    archives: dict  # package name -> files, with the placeholder site's bytes (manifests are the brand's too)


class Shells:
    """The site rendered and planned once per logo kind with a placeholder organisation.

    Manifests depend on the files' names only (which logo kind), never on the organisation, its colours or
    its logo's bytes, so the planned and validated packages of a logo kind serve every brand of that kind.
    """

    def __init__(self, project: Project, targets, report: Report, lms: LmsProfile = DEFAULT) -> None:
        self._project, self._targets, self._report, self._lms = project, targets, report, lms
        self._shells: dict[str | None, Shell | None] = {}
        self.renders = 0  # how many times the whole site was rendered (tests count them)

    def shell(self, suffix: str | None) -> Shell | None:
        """The shell of a logo kind (None, '.svg', '.png'); None when its packages do not validate (reported)."""
        if suffix not in self._shells:
            b = self._project.programme.branding
            branding = Branding(PLACEHOLDER, b.primary, b.accent, None if suffix is None else f"logo{suffix}", b.ref)
            logo = None if suffix is None else (suffix, b"")
            project = brands_mod.apply(self._project, brands_mod.CheckedBrand("", branding, logo))
            site = render_site(project)
            self.renders += 1
            before = len(self._report.errors)
            archives = plan(project, site, self._targets, [], self._report, self._lms)
            split = {path: data.split(_PLACEHOLDER) for path, data in site.files.items() if _PLACEHOLDER in data}
            ok = len(self._report.errors) == before
            self._shells[suffix] = Shell(site, split, archives) if ok else None
        return self._shells[suffix]

    def brand(self, brand: brands_mod.CheckedBrand) -> tuple[Site, dict, dict]:
        """The brand's site (shared pages with its name, colours and logo), its packages (name -> files) and
        its named pages as parts (shared text, name, shared text, ...) for ``archive.zip_bytes``."""
        shell = self.shell(brand.logo[0] if brand.logo else None)
        name = str(escape(brand.branding.organisation)).encode("utf-8")
        files, pieces = dict(shell.site.files), {}
        for path, shared in shell.split.items():
            parts = [shared[0]]
            for text in shared[1:]:
                parts += (name, text)
            pieces[path] = tuple(parts)
            files[path] = b"".join(parts)
        files["assets/brand.css"] = brand_css(brands_mod.apply(self._project, brand).programme)
        if brand.logo:
            files[f"assets/logo{brand.logo[0]}"] = brand.logo[1]
        site = Site(files, shell.site.pages, shell.site.content_hash)
        archives = {pkg: {path: files.get(path, data) for path, data in content.items()}
                    for pkg, content in shell.archives.items()}
        return site, archives, pieces


@dataclass
class BrandsResult:
    report: Report
    brands: list[str] = field(default_factory=list)  # the brand ids built, in file order
    packages: int = 0
    renders: int = 0  # whole-site renders: one per logo kind, however many brands
    timings: dict[str, float] = field(default_factory=dict)


def build_brands(root: Path, brands_file: Path, out: Path, targets=TARGETS, lms: LmsProfile = DEFAULT,
                 strict: bool = False, progress=None) -> BrandsResult:
    """Check the project and the brands file, then build and publish every brand into ``out/<id>/``.

    Nothing is written when the project or any brand has an error; all of them are reported.
    """
    t0 = time.perf_counter()
    project, report = load_project(root)
    checked = brands_mod.load_brands(root, brands_file, report)
    result = BrandsResult(report)
    result.timings["load+check"] = time.perf_counter() - t0
    if project is None or checked is None or report.failed(strict):
        return result
    shells = Shells(project, targets, report, lms)
    for suffix in sorted({b.logo[0] if b.logo else "" for b in checked}):  # every kind checked before writing
        shells.shell(suffix or None)
    if report.errors:
        return result
    deflated = zipwriter.Deflated()  # shared by every brand: a file is deflated once for all of them
    t1 = time.perf_counter()
    for n, brand in enumerate(checked, 1):
        site, archives, pieces = shells.brand(brand)
        folder = {name: archive.zip_bytes(files, deflated, pieces) for name, files in archives.items()}
        if "web" in targets:
            folder.update({f"web/{path}": data for path, data in site.web_files().items()})
        publish(out, {}, {brand.id: folder})
        result.brands.append(brand.id)
        result.packages += len(archives)
        if progress:
            progress(n, len(checked), out / brand.id, len(archives))
    result.timings["package+write"] = time.perf_counter() - t1
    result.renders = shells.renders
    return result
