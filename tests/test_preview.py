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
    server, _ = start(copy_project(tmp_path / "p"))
    try:
        host, port = server.server_address
        assert host == "127.0.0.1"
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/web/core/index.html").read()
        assert b'<html lang="nl">' in body
    finally:
        server.shutdown()


def start(project, lms=None):
    """Run preview.serve in a thread; return (server, thread)."""
    import http.server

    from scorm_build import preview

    started = {}
    orig = http.server.ThreadingHTTPServer.__init__

    def capture(self, addr, handler, *a, **kw):
        orig(self, addr, handler, *a, **kw)
        started["server"] = self

    http.server.ThreadingHTTPServer.__init__ = capture
    try:
        t = threading.Thread(target=preview.serve, args=(project, 0, lms), daemon=True)
        t.start()
        for _ in range(400):
            if "server" in started:
                break
            time.sleep(0.05)
    finally:
        http.server.ThreadingHTTPServer.__init__ = orig
    return started["server"], t


def raw_get(port, path, host):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def test_preview_root_leads_to_the_site_and_checks_the_host(tmp_path):
    project = copy_project(tmp_path / "p")
    server, _ = start(project)
    try:
        port = server.server_port
        status, headers, _ = raw_get(port, "/", f"127.0.0.1:{port}")
        assert status == 302 and headers["Location"] == "/web/index.html"
        # the page it leads to links to pages and styles that exist
        status, _, body = raw_get(port, "/web/index.html", f"localhost:{port}")
        assert status == 200
        import re
        for link in re.findall(rb'(?:href|src)="([^"#:]+)"', body):
            assert raw_get(port, "/web/" + link.decode(), f"localhost:{port}")[0] == 200, link
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1:1"):
            assert raw_get(port, "/web/index.html", host)[0] == 421, host
    finally:
        server.shutdown()


def test_preview_server_backlog_and_idle_timeout(tmp_path):
    import socket

    project = copy_project(tmp_path / "p")
    server, _ = start(project)
    try:
        from scorm_build import preview
        assert server.request_queue_size >= 64
        assert server.RequestHandlerClass.timeout == preview.IDLE_TIMEOUT
        preview_timeout = preview.IDLE_TIMEOUT
        server.RequestHandlerClass.timeout = 0.5
        with socket.create_connection(("127.0.0.1", server.server_port)) as idle:
            idle.settimeout(10)
            t0 = time.monotonic()
            assert idle.recv(1) == b""  # closed by the server, not by our own timeout
            assert time.monotonic() - t0 < 5
        server.RequestHandlerClass.timeout = preview_timeout
    finally:
        server.shutdown()


def test_preview_lms_opens_the_programme_package(tmp_path):
    project = copy_project(tmp_path / "p")
    files = Files(project, "scorm2004")
    assert files.rebuild()
    assert files.home() == "lms/index.html?pkg=/pkg/inwerkprogramma-decentraal-bestuur-scorm2004/&v=2004"


def test_preview_watcher_survives_errors_and_sees_deleted_files(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "p")
    files = Files(project, None)
    files.stamp = files.signature()
    assert files.rebuild()
    calls = []
    real = files.rebuild

    def boom():
        calls.append(1)
        if len(calls) == 1:
            raise MemoryError("simulated")
        return real()

    monkeypatch.setattr(files, "rebuild", boom)
    (project / "modules" / "raadslid.yaml").touch()
    files.stamp = ()  # force a change
    files.check_once()  # fails, reported, not raised
    assert "preview: rebuild failed (MemoryError: simulated)" in capsys.readouterr().err
    # deleting an older file (the newest mtime stays the same) is seen as a change
    (project / "theme" / "logo.svg").unlink()
    files.check_once()
    assert len(calls) == 2
    assert "programme.logo" in capsys.readouterr().err  # rebuilt: the missing logo is reported
    # and the thread keeps running through a failure
    stop = threading.Event()
    monkeypatch.setattr("scorm_build.preview.POLL", 0.05)
    t = threading.Thread(target=files.watch, args=(stop,), daemon=True)
    monkeypatch.setattr(files, "signature", lambda: (_ for _ in ()).throw(RuntimeError("disk gone")))
    t.start()
    time.sleep(0.3)
    assert t.is_alive()
    stop.set()
    t.join(5)
