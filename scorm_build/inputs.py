"""Reading the project's own files, and nothing else.

Every file the build reads (sources, the logo) goes through ``read_project_file``: it must stay
inside the project folder after resolving symbolic links and ``..``, be a regular file (not a FIFO,
a device or a folder) and stay under a size limit. A file that breaks a rule is refused before a
byte of it is read, so nothing from outside the project can reach a package or an error message.
"""

from __future__ import annotations

import os
import stat
from contextvars import ContextVar
from pathlib import Path

MAX_SOURCE_BYTES = 1 << 20  # 1 MiB: the largest shipped source file is 20 KB
MAX_LOGO_BYTES = 1 << 20

# set by cache.recording(): told of every file read, so a stored build knows what it was made of
_RECORDER: ContextVar = ContextVar("scorm_build_read_recorder", default=None)


class Refused(Exception):
    """Why a project file cannot be read: a message for the author and a stable code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def inside(root: Path, path: Path) -> Path:
    """The real path of ``path`` (links resolved); Refused when it is outside ``root``."""
    real_root = root.resolve()
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise Refused("file does not exist", "file.missing") from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic link loop
        raise Refused(f"cannot read file: {getattr(exc, 'strerror', None) or 'symbolic link loop'}",
                      "file.unreadable") from None
    if not real.is_relative_to(real_root):
        raise Refused("the file is outside the project folder (a symbolic link or '..' leads out of it);"
                      " copy the file into the project", "file.outside")
    return real


def read_project_file(root: Path, path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a regular file inside ``root``, at most ``limit`` of them; Refused otherwise."""
    real = inside(root, path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the checked path is the one opened
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Refused(f"cannot read file: {exc.strerror}", "file.unreadable") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode)
                    else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "a special file")
            raise Refused(f"the file is {kind}, not a regular file", "file.special")
        if st.st_size > limit:
            raise Refused(f"the file is {st.st_size} bytes; the limit is {limit} bytes", "file.too-large")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while being read
        raise Refused(f"the file is larger than the limit of {limit} bytes", "file.too-large")
    recorder = _RECORDER.get()
    if recorder is not None:  # the build cache keys its entry by every file read (cache.py)
        recorder(root, path, data)
    return data
