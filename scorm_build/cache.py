"""The build cache: a rebuild whose inputs did not change skips loading, checking and rendering.

Loading, checking and rendering are a pure function of the project's source files and of this
compiler's code. After a successful build the checked project and the rendered site are kept in the
user's cache folder, with a fingerprint of that code and of every file the build read. The next build
of the same project folder compares both (it reads and hashes every source again, through
``inputs.read_project_file`` with all its checks) and, when nothing differs, takes the stored result
instead of doing the work again. Packaging (manifests, validation, zips) and writing always run; the
compressed files of the last build are kept too (by content), so a file that did not change is not
deflated again.

What the result depends on, and so what the entry is keyed by:
- the compiler: every file of the ``scorm_build`` package and the versions of the libraries that
  shape the output (``code_fingerprint``);
- the project: the bytes of every file the build read (recorded as it reads them) and the listing of
  the source folders, so an added, removed or renamed file is a change too.

The folder is ``$SCORM_BUILD_CACHE``, else ``$XDG_CACHE_HOME/scorm-build``, else
``~/.cache/scorm-build``; ``SCORM_BUILD_CACHE=off`` (or ``build --no-cache``) turns the cache off.
Entries are pickles, so the folder must be the user's own and writable by nobody else; otherwise the
cache is not used. A damaged or unreadable entry is a miss. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import pickle
import sys
import tempfile
import zlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import inputs

FORMAT = 1  # bump when the entry's layout changes
OFF = {"off", "0", "no", "false", ""}
# their __version__ (markupsafe's from its metadata)
LIBRARIES = ("markdown", "nh3", "jinja2", "yaml", "lxml.etree", "rjsmin", "rcssmin")


def folder() -> Path | None:
    """The cache folder to use, or None when the cache is off or the folder is not safe to use."""
    setting = os.environ.get("SCORM_BUILD_CACHE")
    if setting is not None and setting.strip().lower() in OFF:
        return None
    if setting:
        path = Path(setting)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(base) / "scorm-build"
    path = path / f"build-v{FORMAT}"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.stat()
    except OSError:
        return None
    if st.st_uid != os.getuid() or st.st_mode & 0o022:  # someone else could plant an entry
        return None
    return path


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of the compiler's own files and of the versions of the libraries that shape the output."""
    h = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    package = Path(__file__).resolve().parent
    files = []
    for folder, dirs, names in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        files += [os.path.join(folder, n) for n in names]
    for path in sorted(files):
        with open(path, "rb") as fh:
            h.update(os.path.relpath(path, package).encode() + b"\0" + hashlib.sha256(fh.read()).digest())
    for name in LIBRARIES:
        h.update(f"{name}={importlib.import_module(name).__version__}\0".encode())
    with contextlib.suppress(metadata.PackageNotFoundError):
        h.update(f"markupsafe={metadata.version('markupsafe')}\0".encode())
    h.update(f"zlib={zlib.ZLIB_RUNTIME_VERSION}\0".encode())  # another zlib may deflate to other bytes
    return h.hexdigest()


@contextlib.contextmanager
def recording():
    """Record (project path -> sha256) every file read through ``inputs.read_project_file``."""
    reads: dict[str, str] = {}

    def note(root: Path, path: Path, data: bytes) -> None:
        reads[Path(os.path.relpath(path, root)).as_posix()] = hashlib.sha256(data).hexdigest()

    token = inputs._RECORDER.set(note)
    try:
        yield reads
    finally:
        inputs._RECORDER.reset(token)


def listing(root: Path, trees) -> tuple[str, ...]:
    """Every path under the source folders (and whether ``programme.yaml`` is there), sorted."""
    names = [p.relative_to(root).as_posix() + ("/" if p.is_dir() else "")
             for t in trees for p in (root / t).rglob("*")]
    names += [name for name in ("programme.yaml",) if (root / name).exists() or (root / name).is_symlink()]
    return tuple(sorted(names))


def entry_path(where: Path, root: Path) -> Path:
    return where / (hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32] + ".pickle")


def lookup(root: Path, trees):
    """(the stored value, the files it was made of) for this project when neither those files nor the
    compiler changed, else None."""
    where = folder()
    if where is None:
        return None
    try:
        with open(entry_path(where, root), "rb") as fh:
            entry = pickle.load(fh)
        if entry["code"] != code_fingerprint() or entry["listing"] != listing(root, trees):
            return None
        limit = max(inputs.MAX_SOURCE_BYTES, inputs.MAX_LOGO_BYTES)  # a file over its own limit changed anyway
        for rel, digest in entry["reads"].items():
            data = inputs.read_project_file(root, root / rel, limit)
            if hashlib.sha256(data).hexdigest() != digest:
                return None
        return entry["value"], dict(entry["reads"])
    except Exception:  # noqa: BLE001 - a missing, damaged or stale entry, or a refused file, is a miss
        return None


def store(root: Path, trees, reads: dict[str, str], value) -> None:
    """Keep ``value`` for the next build of this project (best effort: a failure here is not an error)."""
    where = folder()
    if where is not None:
        _write(entry_path(where, root), {"code": code_fingerprint(), "listing": listing(root, trees),
                                         "reads": dict(reads), "value": value})


def deflated(root: Path) -> dict:
    """The compressed files the last build of this project made (``zipwriter.Deflated.kept``), or {}.

    Keyed by each file's content, so they need no check against the sources: a changed file is simply
    not found and deflated again."""
    where = folder()
    if where is None:
        return {}
    try:
        with open(entry_path(where, root).with_suffix(".deflated"), "rb") as fh:
            entry = pickle.load(fh)
        return entry["entries"] if entry["code"] == code_fingerprint() else {}
    except Exception:  # noqa: BLE001 - missing or damaged: deflate again
        return {}


def store_deflated(root: Path, entries: dict) -> None:
    where = folder()
    if where is not None:
        _write(entry_path(where, root).with_suffix(".deflated"), {"code": code_fingerprint(), "entries": entries})


def _write(path: Path, entry: dict) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".entry-")
    except OSError:  # a read-only folder or file system: nothing is kept, the build goes on
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - a full disk or a vanished folder only costs the next build time
        with contextlib.suppress(OSError):
            os.unlink(tmp)
