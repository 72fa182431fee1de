"""Every page is valid HTML according to the Nu Html Checker (vnu.jar, npm vnu-jar)."""

from __future__ import annotations

import shutil
import subprocess

from scorm_build.render import render_site

from ..conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(tmp_path, project):
    assert shutil.which("java"), "java is missing: run scripts/test, which installs it"
    assert VNU.is_file(), "vnu-jar is missing: run scripts/test (npm ci)"
    site = render_site(project)
    pages = []
    for path, data in site.files.items():
        if path.endswith(".html"):
            dest = tmp_path / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
            pages.append(str(dest))
    assert len(pages) == 1 + 9 + 8  # index, module pages, single-office course pages
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text", *pages],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[:4000]


def test_every_kit_page_is_valid_html(tmp_path, project):
    """The facilitator's kits (build --target kit): the index and every kit's page."""
    from scorm_build.kit import kits
    from scorm_build.kit.render import html_files

    assert shutil.which("java") and VNU.is_file()
    pages = []
    for path, text in html_files(project, kits(project)).items():
        dest = tmp_path / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(text, encoding="utf-8")
        pages.append(str(dest))
    assert len(pages) == 1 + 8 + 3  # index, one kit per office, one per layer
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text", *pages],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[:4000]
