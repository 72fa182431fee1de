"""Browser fixtures: a build served on 127.0.0.1, the local LMS harness with the real scorm-again
runtime, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from scorm_build.build import build
from scorm_build.project import load_project

from ..conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def project():
    p, report = load_project(ROOT)
    assert p is not None, report.items
    return p


def serve_build(root: Path, base: Path, targets=("scorm12", "scorm2004", "web"), offices=()):
    """Build a project, unpack its packages and serve them beside the harness; yields the base URL."""
    result = build(root, base / "dist", targets, offices)
    assert not result.report.errors, result.report.errors
    for z in sorted((base / "dist").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            zf.extractall(base / "pkg" / z.stem)
    (base / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copytree(ROOT / "scorm_build" / "theme" / "lms", base / "lms")
    handler = functools.partial(Quiet, directory=str(base))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def served(tmp_path_factory, project):
    """Build everything, unpack every package and serve it with the harness and node_modules."""
    base = tmp_path_factory.mktemp("served")
    result = build(ROOT, base / "dist")
    assert not result.report.errors, result.report.errors
    for z in sorted((base / "dist").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            zf.extractall(base / "pkg" / z.stem)
    shutil.copytree(base / "dist" / "web", base / "web")
    (base / "node_modules").symlink_to(ROOT / "node_modules")
    shutil.copytree(ROOT / "scorm_build" / "theme" / "lms", base / "lms")
    handler = functools.partial(Quiet, directory=str(base))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"root": base, "url": f"http://127.0.0.1:{server.server_port}", "project": project}
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run scripts/test, which installs it"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """Requests and console errors of a browser context."""

    def __init__(self):
        self.requests: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def page_and_watch(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()
    context.on("request", lambda r: watch.requests.append(r.url))
    page = context.new_page()
    page.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.errors.append(str(e)))
    page.set_default_timeout(10000)
    yield page, watch
    context.close()
