"""File output: a reader sees the old outputs or the complete new ones, never a half-written mix.

``write_atomic`` replaces one file. ``publish`` writes a whole build (several files and folders)
into an output folder as one step: everything is first written to a staging folder beside the
outputs, then moved into place under a lock (each file by an atomic rename, a folder by an atomic
exchange where the system has one, so a reader never finds it missing); if any step fails, the old outputs are put back and
the staging folder removed, so a failed build leaves the output folder as it was. Concurrent builds
into one folder take turns. A folder a build replaces as a whole (``web/``) carries a marker file;
a folder of that name without the marker is someone else's and is never replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

MARKER = ".scorm-build"  # in every folder a build made and may replace
MARKER_TEXT = b"Made by scorm-build: the next build replaces this whole folder.\n"
LOCK = ".scorm-build.lock"
WORK_PREFIX = ".scorm-build-"  # staging and backup folders; left over only by a crash
# debris of earlier versions: '.<name>.<random>.tmp' files and '.web.<random>' / '.web.old' folders
OLD_DEBRIS = re.compile(r"\..+\.zip\.[A-Za-z0-9_]{8}\.tmp|\.web\.(?:[A-Za-z0-9_]{8}|old)")


class OutputRefused(Exception):
    """The output folder holds something a build must not replace; the message says what to do."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside ``path``, fsync, then rename over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def locked(folder: Path):
    """Hold an exclusive lock on ``folder`` (a lock file in it) for the duration of the block."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def check_replaceable(folder: Path, own: set[str]) -> None:
    """Refuse to replace a folder a build did not make: it has no marker and holds a file whose
    name is not among ``own`` (the files the build writes there; an unmarked folder of only those
    is what an earlier version made)."""
    if not (folder.exists() or folder.is_symlink()):
        return
    if folder.is_symlink() or not folder.is_dir():
        raise OutputRefused(f"'{folder}' exists and is not a folder made by scorm-build; move it away or"
                            " choose another --out")
    if (folder / MARKER).is_file():
        return
    theirs = [p for p in folder.rglob("*") if not p.is_dir() or p.is_symlink()]
    if any(p.is_symlink() or p.relative_to(folder).as_posix() not in own for p in theirs):
        raise OutputRefused(f"'{folder}' holds files scorm-build did not make (it has no {MARKER} marker);"
                            " a build replaces the whole folder, so move it away or choose another --out")


def clean_debris(folder: Path) -> list[str]:
    """Remove what an interrupted build left in ``folder``; return the names removed.

    Only called under the folder's lock, so no running build still uses them.
    """
    removed = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(WORK_PREFIX) or OLD_DEBRIS.fullmatch(entry.name):
            _remove(entry)
            removed.append(entry.name)
    return removed


def publish(out: Path, files: dict[str, bytes], folders: dict[str, dict[str, bytes]], *,
            lock: bool = True) -> None:
    """Put ``files`` (relative path -> bytes) and ``folders`` (name -> relative path -> bytes) into ``out`` at once.

    A file's path may name subfolders (``credentials/x.jwt``): they are made, and the other files in them
    are left alone; a folder in ``folders`` is replaced whole. Files are swapped in in the order given
    (a caller puts its index last), then the folders. Raises OutputRefused (nothing written) when a
    folder to replace is not the build's own, and OSError when writing fails; in both cases ``out`` is
    left as it was. ``lock=False``: the caller already holds ``locked(out)`` (a second lock of the same
    folder would wait for the first forever), e.g. to read, change and write back a file in ``out`` as
    one step.
    """
    for name in list(files) + list(folders):
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts or parts[0].startswith(WORK_PREFIX):
            raise ValueError(f"not a path inside the output folder: {name!r}")
    with (locked(out) if lock else contextlib.nullcontext()):
        clean_debris(out)
        for name in folders:
            check_replaceable(out / name, set(folders[name]))
        staging = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}new-", dir=out))
        backup = None
        made: list[Path] = []  # subfolders of out made for nested files: removed again on failure
        try:
            written = [_write(staging / name, data) for name, data in files.items()]
            for name, tree in folders.items():
                written += [_write(staging / name / rel, data) for rel, data in sorted(tree.items())]
                written.append(_write(staging / name / MARKER, MARKER_TEXT))
                (staging / name).chmod(0o755)
            # every file and folder on disk before anything is swapped in
            flush(written + sorted({p.parent for p in written}, key=lambda p: -len(p.parts)), staging)
            backup = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}old-", dir=out))
            for parent in sorted({(out / name).parent for name in files} - {out}):
                for folder in reversed((parent, *parent.parents)):
                    if folder.is_relative_to(out) and folder != out and not folder.exists():
                        folder.mkdir()
                        made.append(folder)
            _swap(out, staging, backup, list(files) + sorted(folders))
            # every folder that gained an entry: the files' own, out, and the parent of each folder made here
            flush(sorted({(out / name).parent for name in files} | {f.parent for f in made} | {out}), out)
        except BaseException:
            for folder in reversed(made):
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
        finally:
            _remove(staging)
            if backup is not None:
                _remove(backup)


def _swap(out: Path, staging: Path, backup: Path, names: list[str]) -> None:
    """Move every staged name into ``out``, the old ones into ``backup``; all or none."""
    done: list[tuple[str, bool]] = []  # (name, had an old version)
    try:
        for name in names:
            target, new = out / name, staging / name
            had_old = target.exists() or target.is_symlink()
            (backup / name).parent.mkdir(parents=True, exist_ok=True)
            if had_old and new.is_file():
                os.link(target, backup / name, follow_symlinks=False)  # keep the old file, then replace it
                os.replace(new, target)  # atomic: readers never see the name missing
            elif had_old and target.is_dir() and not target.is_symlink() and exchange(new, target):
                os.rename(new, backup / name)  # the old folder, now at the staging name
            else:
                if had_old:
                    os.rename(target, backup / name)
                os.rename(new, target)
            done.append((name, had_old))
    except BaseException:
        for name, had_old in reversed(done):
            _remove(out / name)
            if had_old:
                os.rename(backup / name, out / name)
        for name in names[len(done):]:  # the one that failed half-way: its old version may be in backup
            if (backup / name).exists() and not (out / name).exists():
                os.rename(backup / name, out / name)
        raise


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    fn = getattr(_libc(), "renameat2", None)
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):  # file system or kernel without it
        return False
    raise OSError(err, os.strerror(err), str(b))


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _write(path: Path, data: bytes) -> Path:
    """Write ``path`` (not yet flushed to disk: ``_sync`` it before it is swapped in)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o644)
    return path


def _sync(path: Path) -> None:
    """Flush a file's or a folder's content to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _syncfs():
    """Linux's ``syncfs`` (flush one whole file system, waiting for it), or None."""
    return getattr(_libc(), "syncfs", None)


def flush(paths: list[Path], anchor: Path) -> None:
    """Put the content of ``paths`` (files and folders, all on ``anchor``'s file system) on disk.

    One ``syncfs`` of that file system where Linux has it: measured 0.03 s against 0.24 s for an fsync
    of each of a build's 40 files on the development machine. Elsewhere, an fsync per path. A failure
    to flush is an OSError either way (Linux reports write-back errors to syncfs since 5.8).
    """
    fn = _syncfs()
    if fn is not None:
        fd = os.open(anchor, os.O_RDONLY)
        try:
            if fn(fd) == 0:
                return
            err = ctypes.get_errno()
        finally:
            os.close(fd)
        if err not in (errno.ENOSYS, errno.EINVAL, errno.EPERM):  # not a kernel without it: a real failure
            raise OSError(err, os.strerror(err), str(anchor))
    for path in paths:
        _sync(path)




def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
