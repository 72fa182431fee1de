"""``scorm-build preview``: serve the site (or a package inside the local LMS) on 127.0.0.1 and
rebuild in memory when a source changes. Nothing is written to disk. A rebuild renders again only the
lessons and quizzes made of what changed (``render.Fragments``); every page is still reassembled,
as each carries the content hash.

Only requests addressed to this server by name (``Host: 127.0.0.1:PORT`` or ``localhost:PORT``) are
answered, so a web page elsewhere cannot read the preview through DNS rebinding; idle connections
are closed after ``IDLE_TIMEOUT`` seconds.
"""

from __future__ import annotations

import http.server
import mimetypes
import sys
import threading
from importlib import resources
from pathlib import Path

from .build import plan
from .diagnostics import Report
from .project import load_project, source_files
from .render import render_site

VERSION = {"scorm12": "1.2", "scorm2004": "2004"}
IDLE_TIMEOUT = 30  # seconds a connection may stay silent
BACKLOG = 128  # connections waiting to be accepted (http.server's default is 5)
POLL = 1.0  # seconds between two looks at the sources


class Files:
    """The current in-memory build: URL path -> bytes."""

    def __init__(self, root: Path, lms: str | None):
        self.root, self.lms = root, lms
        self.files: dict[str, bytes] = {}
        self.stamp: tuple = ()
        self.programme = ""
        self.fragments: dict = {}  # the last render's shared parts, reused where their inputs are unchanged
        self.renders: dict[str, int] = {}  # what the last rebuild rendered (tests count it)
        self.lock = threading.Lock()

    def sources(self) -> list[Path]:
        theme = [p for p in (self.root / "theme").rglob("*") if p.is_file()]
        return [p for p in source_files(self.root) if p.exists()] + theme

    def signature(self) -> tuple:
        """What the watcher compares: every source's path, change time and size (a deleted or added
        file changes it too, not only a newer one)."""
        sig = []
        for p in self.sources():
            try:
                st = p.stat()
            except OSError:  # deleted between listing and stat: the next look sees it gone
                continue
            sig.append((str(p), st.st_mtime_ns, st.st_size))
        return tuple(sorted(sig))

    def rebuild(self) -> bool:
        project, report = load_project(self.root)
        for line in report.lines():
            print(line, file=sys.stderr)
        if project is None:
            print("preview: sources have errors; still serving the last good build", file=sys.stderr)
            return False
        site = render_site(project, previous=self.fragments)
        self.fragments, self.renders = site.fragments, site.renders
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
            self.programme = project.programme.id
        print(f"preview: built {len(files)} files", file=sys.stderr)
        return True

    def check_once(self) -> None:
        """Rebuild when the sources changed; an unexpected failure is reported and the watch goes on."""
        try:
            stamp = self.signature()
            if stamp != self.stamp:
                self.stamp = stamp
                self.rebuild()
        except Exception as exc:  # noqa: BLE001 (a watcher that dies would serve stale pages silently)
            print(f"preview: rebuild failed ({type(exc).__name__}: {exc}); still serving the last good build",
                  file=sys.stderr)

    def watch(self, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        while not stop.wait(POLL):
            self.check_once()

    def home(self) -> str:
        """The path the preview opens: the web site, or the programme package in the local LMS."""
        if not self.lms:
            return "web/index.html"
        prog = next(p for p in self.files if p.startswith("pkg/") and p.count("/") >= 2
                    and p.split("/")[1] == f"{self.programme}-{self.lms}")
        folder = prog.split("/")[1]
        return f"lms/index.html?pkg=/pkg/{folder}/&v={VERSION[self.lms]}"


def handler(files: Files, port: list[int]) -> type[http.server.BaseHTTPRequestHandler]:
    """The request handler: serves ``files`` to requests addressed to 127.0.0.1/localhost:port[0]."""

    class Handler(http.server.BaseHTTPRequestHandler):
        timeout = IDLE_TIMEOUT

        def do_GET(self):  # noqa: N802 (http.server's naming)
            host = (self.headers.get("Host") or "").lower()
            if host not in {f"127.0.0.1:{port[0]}", f"localhost:{port[0]}"}:
                self.send_error(421, "Misdirected Request", "this preview answers to 127.0.0.1 and localhost only")
                return
            path = self.path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
            if path in ("", "web"):  # the pages link relative to web/: send the browser there
                self.send_response(302)
                self.send_header("Location", "/" + files.home())
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if path.endswith("/"):
                path += "index.html"
            with files.lock:
                body = files.files.get(path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path)[0] or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = BACKLOG
    daemon_threads = True


def serve(root: Path, port: int, lms: str | None) -> int:
    files = Files(root, lms)
    files.stamp = files.signature()
    if not files.rebuild():
        return 1
    bound = [port]
    try:
        server = Server(("127.0.0.1", port), handler(files, bound))
    except OSError as exc:
        print(f"scorm-build: error: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}; choose another"
              " --port (0 picks a free one)", file=sys.stderr)
        return 1
    bound[0] = server.server_port
    threading.Thread(target=files.watch, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/{files.home()}"
    print(f"preview: serving {url} (Ctrl+C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
