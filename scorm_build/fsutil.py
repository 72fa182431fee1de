"""File output: a reader sees the old outputs or the complete new ones, never a half-written mix.

``write_atomic`` replaces one file. ``publish`` writes a whole build (several files and folders)
into an output folder as one step: everything is first written to a staging folder beside the
outputs, then moved into place under a lock (each file by an atomic rename, a folder by an atomic
exchange where the system has one, so a reader never finds it missing); if any step fails, the old outputs are put back and
the staging folder removed, so a failed build leaves the output folder as it was. A publish killed
half-way (kill -9, power loss) runs no handler: a journal in its staging folder lets the next run that takes
the folder's lock undo it first (``_recover``; docs/ARCHITECTURE.md says why undo, not finish). Concurrent
builds into one folder take turns. A folder a build replaces as a whole (``web/``) carries a marker file;
a folder of that name without the marker is someone else's and is never replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
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
JOURNAL = ".scorm-build-journal.json"  # in a staging folder: what its publish swaps in (see _recover)
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

    Only called under the folder's lock, so no running build still uses them, and after ``_recover``
    undid or completed an interrupted publish: what is left is staging and backup nobody needs.
    """
    removed = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(WORK_PREFIX) or OLD_DEBRIS.fullmatch(entry.name):
            _remove(entry)
            removed.append(entry.name)
    return removed


def recover(out: Path, *, lock: bool = True) -> list[str]:
    """Finish what a publish into ``out`` killed half-way left (see ``_recover``), under the folder's lock.

    ``publish`` does this itself before anything else; a caller that reads its earlier outputs first can
    call it before reading (``lock=False`` when it already holds ``locked(out)``, as ``publish``'s).
    Returns the names of the work folders removed.
    """
    if not out.is_dir():
        return []
    with (locked(out) if lock else contextlib.nullcontext()):
        return _recover(out)


def _recover(out: Path) -> list[str]:
    """Undo, or complete, a publish that was killed (or lost power) before it removed its work folders.

    A publish writes a journal into its staging folder once every new file is there and an old version of
    every file it replaces is linked into its backup folder, and puts all of that on disk before it moves
    the first entry in. A staging folder without a readable journal therefore means nothing was moved:
    it is debris. With a journal: when every entry it lists is in place (only the clean-up was left) the
    new outputs stay; otherwise every entry already moved in is put back to its old version (or removed,
    if it had none), so the folder is as it was before the interrupted run, as after a failed one. Each
    step can be run again: a recovery that is itself interrupted is finished by the next run.
    """
    for staging in sorted(out.iterdir()):
        if not staging.name.startswith(WORK_PREFIX + "new-") or staging.is_symlink() or not staging.is_dir():
            continue
        journal = _read_journal(staging)
        if journal is None:
            continue
        if not all(_moved_in(out, staging, e) for e in journal["entries"]):
            _undo(out, staging, out / journal["backup"], journal)
        (staging / JOURNAL).unlink(missing_ok=True)  # the folder is whole again: the rest is debris
    return clean_debris(out)


def _valid_name(name) -> bool:
    """A path inside the output folder that is not one of the build's work folders."""
    if not isinstance(name, str) or not name:
        return False
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts and not parts[0].startswith(WORK_PREFIX)


def publish(out: Path, files: dict[str, bytes], folders: dict[str, dict[str, bytes]], *,
            lock: bool = True) -> None:
    """Put ``files`` (relative path -> bytes) and ``folders`` (name -> relative path -> bytes) into ``out`` at once.

    A file's path may name subfolders (``credentials/x.jwt``): they are made, and the other files in them
    are left alone; a folder in ``folders`` is replaced whole. Files are swapped in in the order given
    (a caller puts its index last), then the folders. Raises OutputRefused (nothing written) when a
    folder to replace is not the build's own, and OSError when writing fails; in both cases ``out`` is
    left as it was. A publish that was killed half-way is undone by the next one (``_recover``).
    ``lock=False``: the caller already holds ``locked(out)`` (a second lock of the same
    folder would wait for the first forever), e.g. to read, change and write back a file in ``out`` as
    one step.
    """
    for name in list(files) + list(folders):
        if not _valid_name(name):
            raise ValueError(f"not a path inside the output folder: {name!r}")
    with (locked(out) if lock else contextlib.nullcontext()):
        _recover(out)
        for name in folders:
            check_replaceable(out / name, set(folders[name]))
        staging = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}new-", dir=out))
        backup = None
        journal = None
        keep = False  # the work folders, when an undo failed: the next run finishes it from the journal
        try:
            written = [_write(staging / name, data) for name, data in files.items()]
            for name, tree in folders.items():
                written += [_write(staging / name / rel, data) for rel, data in sorted(tree.items())]
                written.append(_write(staging / name / MARKER, MARKER_TEXT))
                (staging / name).chmod(0o755)
            backup = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}old-", dir=out))
            names = list(files) + sorted(folders)
            linked = []  # the old version of each file to replace, kept in backup before anything moves
            for name in files:
                target = out / name
                if target.exists() or target.is_symlink():
                    (backup / name).parent.mkdir(parents=True, exist_ok=True)
                    os.link(target, backup / name, follow_symlinks=False)
                    linked.append(backup / name)
            # subfolders of out to make for nested files: removed again when the publish is undone
            made = []
            for parent in sorted({(out / name).parent for name in files} - {out}):
                for folder in reversed((parent, *parent.parents)):
                    if folder.is_relative_to(out) and folder != out and not folder.exists() and folder not in made:
                        made.append(folder)
            journal = {"version": 1, "backup": backup.name, "made": [f.relative_to(out).as_posix() for f in made],
                       "entries": [{"name": name, "folder": name in folders, "ino": (staging / name).lstat().st_ino,
                                    "old": (out / name).exists() or (out / name).is_symlink()} for name in names]}
            written.append(_write(staging / JOURNAL, json.dumps(journal).encode("utf-8")))
            # every new file and folder, every kept old file and the journal on disk before anything is swapped in
            # (and, where each path is flushed on its own, out's entries for the staging and backup folders)
            flush(written + linked + sorted({p.parent for p in written + linked}, key=lambda p: -len(p.parts))
                  + [out], staging)
            for folder in made:
                folder.mkdir()
            _swap(out, staging, backup, names)
            # every folder that gained an entry: the files' own, out, and the parent of each folder made here
            flush(sorted({(out / name).parent for name in files} | {f.parent for f in made} | {out}), out)
        except BaseException:
            if journal is not None:
                try:
                    _undo(out, staging, backup, journal)
                    (staging / JOURNAL).unlink()  # the folder is as it was: the rest is debris
                except BaseException:
                    keep = True
            raise
        else:
            with contextlib.suppress(OSError):  # every new entry is in place and on disk: the rest is debris
                (staging / JOURNAL).unlink()
        finally:
            if not keep:
                _remove(staging)
                if backup is not None:
                    _remove(backup)


def _swap(out: Path, staging: Path, backup: Path, names: list[str]) -> None:
    """Move every staged name into ``out``, the old folders into ``backup`` (the old files are linked there
    already). Not all-or-none by itself: ``publish`` undoes it by its journal when it fails."""
    for name in names:
        target, new = out / name, staging / name
        had_old = target.exists() or target.is_symlink()
        if had_old and new.is_file():
            os.replace(new, target)  # atomic: readers never see the name missing
        elif had_old and target.is_dir() and not target.is_symlink() and exchange(new, target):
            (backup / name).parent.mkdir(parents=True, exist_ok=True)
            os.rename(new, backup / name)  # the old folder, now at the staging name
        else:
            if had_old:
                (backup / name).parent.mkdir(parents=True, exist_ok=True)
                os.rename(target, backup / name)
            os.rename(new, target)


def _undo(out: Path, staging: Path, backup: Path, journal: dict) -> None:
    """Put back the old version of every entry of ``journal`` that was moved in; idempotent.

    Which entries were moved in is told by ``_moved_in``. The old version of a file is its link in
    ``backup``; an old folder is at ``backup/name``, or still at the staging name after an exchange, or
    still in place.
    """
    changed = False
    for i, e in reversed(list(enumerate(journal["entries"]))):
        target, new, bak = out / e["name"], staging / e["name"], backup / e["name"]
        park = staging / f"{WORK_PREFIX}undo-{i}"  # a name no staged entry has
        moved_in = _moved_in(out, staging, e)
        changed |= moved_in
        if not e["folder"]:
            if moved_in:
                if e["old"] and (bak.exists() or bak.is_symlink()):
                    os.replace(bak, target)
                elif not e["old"]:
                    target.unlink(missing_ok=True)
            continue
        olds = [p for p in (new, bak) if (p.exists() or p.is_symlink()) and _ino(p) != e["ino"]]
        if moved_in:
            if e["old"] and olds:
                if not exchange(olds[0], target):
                    os.rename(target, park)
                    os.rename(olds[0], target)
            else:
                os.rename(target, park)
        elif e["old"] and olds and not (target.exists() or target.is_symlink()):
            os.rename(olds[0], target)  # moved out to the backup, the new one not yet in
            changed = True
    for rel in reversed(journal["made"]):
        with contextlib.suppress(OSError):
            (out / rel).rmdir()
    if changed:  # what was put back is on disk before the journal goes
        folders = {(out / e["name"]).parent for e in journal["entries"]} | {out}
        folders |= {(out / rel).parent for rel in journal["made"]}
        flush(sorted((f for f in folders if f.is_dir()), key=lambda p: -len(p.parts)), out)


def _moved_in(out: Path, staging: Path, entry: dict) -> bool:
    """Whether the new version of a journal's entry is in place: a file left the staging folder only by being
    moved in (an undo moves it no further back), a folder is recognised by its inode, which a rename keeps."""
    target, new = out / entry["name"], staging / entry["name"]
    if entry["folder"]:
        return _ino(target) == entry["ino"]
    return not (new.exists() or new.is_symlink()) and (target.exists() or target.is_symlink())


def _ino(path: Path) -> int | None:
    try:
        return os.lstat(path).st_ino
    except (FileNotFoundError, NotADirectoryError):
        return None


def _read_journal(staging: Path) -> dict | None:
    """The journal of a staging folder, or None when it has none or it is incomplete or malformed."""
    try:
        journal = json.loads((staging / JOURNAL).read_bytes())
    except (OSError, ValueError):
        return None
    try:
        ok = (journal["version"] == 1 and isinstance(journal["backup"], str)
              and re.fullmatch(re.escape(WORK_PREFIX) + r"old-[A-Za-z0-9_]+", journal["backup"]) is not None
              and all(_valid_name(rel) for rel in journal["made"])
              and all(_valid_name(e["name"]) and isinstance(e["folder"], bool) and isinstance(e["old"], bool)
                      and type(e["ino"]) is int for e in journal["entries"]))
    except (TypeError, KeyError, AttributeError):
        return None
    return journal if ok else None


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
