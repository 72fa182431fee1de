"""``scorm-build preview``: serve the site (or a package inside the local LMS) on 127.0.0.1 and
rebuild in memory when a source changes. Nothing is written to disk."""

from __future__ import annotations

import http.server
import mimetypes
import sys
import threading
import time
from importlib import resources
from pathlib import Path

from .build import plan
from .diagnostics import Report
from .project import load_project, source_files
from .render import render_site

VERSION = {"scorm12": "1.2", "scorm2004": "2004"}


class Files:
    """The current in-memory build: URL path -> bytes."""

    def __init__(self, root: Path, lms: str | None):
        self.root, self.lms = root, lms
        self.files: dict[str, bytes] = {}
        self.stamp = 0.0
        self.lock = threading.Lock()

    def sources(self) -> list[Path]:
        theme = [p for p in (self.root / "theme").rglob("*") if p.is_file()]
        return [p for p in source_files(self.root) if p.exists()] + theme

    def rebuild(self) -> bool:
        project, report = load_project(self.root)
        for line in report.lines():
            print(line, file=sys.stderr)
        if project is None:
            print("preview: sources have errors; still serving the last good build", file=sys.stderr)
            return False
        site = render_site(project)
        files = {f"web/{p}": b for p, b in site.web_files().items()}
        if self.lms:
            problems = Report()
            archives = plan(project, site, (self.lms,), [], problems)
            for line in problems.lines():
                print(line, file=sys.stderr)
            for name, pkg in archives.items():
                files.update({f"pkg/{name.removesuffix('.zip')}/{p}": b for p, b in pkg.items()})
            lms = resources.files("scorm_build").joinpath("theme", "lms")
            for name in ("index.html", "lms.js", "lms.css"):
                files[f"lms/{name}"] = lms.joinpath(name).read_bytes()
            runtime = self.root / "node_modules" / "scorm-again" / "dist" / "scorm-again.min.js"
            if runtime.is_file():
                files["node_modules/scorm-again/dist/scorm-again.min.js"] = runtime.read_bytes()
            else:
                print("preview: node_modules/scorm-again is missing; run `npm ci` for the local LMS", file=sys.stderr)
        with self.lock:
            self.files = files
        print(f"preview: built {len(files)} files", file=sys.stderr)
        return True

    def watch(self) -> None:
        while True:
            try:
                stamp = max(p.stat().st_mtime for p in self.sources())
            except (OSError, ValueError):
                stamp = self.stamp
            if stamp != self.stamp:
                self.stamp = stamp
                self.rebuild()
            time.sleep(1)


def serve(root: Path, port: int, lms: str | None) -> int:
    files = Files(root, lms)
    files.stamp = max(p.stat().st_mtime for p in files.sources())
    if not files.rebuild():
        return 1

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            path = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/") or "web/index.html"
            if path.endswith("/"):
                path += "index.html"
            with files.lock:
                body = files.files.get(path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=files.watch, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/web/index.html"
    if lms:
        prog = next(p for p in files.files if p.startswith("pkg/")).split("/")[1]
        url = f"http://127.0.0.1:{server.server_port}/lms/index.html?pkg=/pkg/{prog}/&v={VERSION[lms]}"
    print(f"preview: serving {url} (Ctrl+C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
