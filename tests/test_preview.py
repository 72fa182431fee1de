"""scorm-build preview serves the in-memory build and rebuilds when a source changes."""

from __future__ import annotations

import threading
import time
import urllib.request

from scorm_build.preview import Files

from .conftest import copy_project


def test_preview_rebuilds_on_change(tmp_path):
    project = copy_project(tmp_path / "p")
    files = Files(project, "scorm12")
    assert files.rebuild()
    assert "web/raadslid/index.html" in files.files
    assert any(p.startswith("pkg/") and p.endswith("imsmanifest.xml") for p in files.files)
    assert "lms/lms.js" in files.files
    module = project / "modules" / "raadslid.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("title: Introductie", "title: Welkom raadslid"),
                      encoding="utf-8")
    assert files.rebuild()
    assert b"Welkom raadslid" in files.files["web/raadslid/index.html"]
    # broken sources keep the last good build
    module.write_text("id: [", encoding="utf-8")
    assert not files.rebuild()
    assert b"Welkom raadslid" in files.files["web/raadslid/index.html"]


def test_preview_serves_on_localhost(tmp_path):
    import http.server

    from scorm_build import preview

    project = copy_project(tmp_path / "p")
    started = {}
    orig = http.server.ThreadingHTTPServer.__init__

    def capture(self, addr, handler, *a, **kw):
        orig(self, addr, handler, *a, **kw)
        started["server"] = self

    http.server.ThreadingHTTPServer.__init__ = capture
    try:
        t = threading.Thread(target=preview.serve, args=(project, 0, None), daemon=True)
        t.start()
        for _ in range(100):
            if "server" in started:
                break
            time.sleep(0.05)
        server = started["server"]
        host, port = server.server_address
        assert host == "127.0.0.1"
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/web/core/index.html").read()
        assert b'<html lang="nl">' in body
        server.shutdown()
    finally:
        http.server.ThreadingHTTPServer.__init__ = orig
