"""Deterministic zip archives: sorted entries, fixed timestamps, safe paths, atomic write."""

from __future__ import annotations

import os
import re
import time
from pathlib import PurePosixPath

from . import zipwriter

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip can store


ZIP_LAST = 4354819199  # 2107-12-31 23:59:59 UTC, the latest time a zip can store


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH as a number of seconds; ValueError with a plain message when it is unusable."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return ZIP_EPOCH
    if not re.fullmatch(r"[0-9]+", raw.strip()):
        raise ValueError(f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds since 1970-01-01"
                         " (e.g. 1767225600); set it to one or unset it")
    epoch = int(raw)
    if epoch > ZIP_LAST:
        raise ValueError(f"SOURCE_DATE_EPOCH={raw.strip()} is after 2107-12-31, the last date a zip file can"
                         " store; use an earlier time")
    return epoch


def fixed_time() -> tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: SOURCE_DATE_EPOCH when set, else 1980-01-01 (reproducible)."""
    return time.gmtime(max(source_date_epoch(), ZIP_EPOCH))[:6]


def safe_path(name: str) -> str:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or "\\" in name or not name or name.startswith("./"):
        raise ValueError(f"unsafe path in package: {name!r}")
    return name


def zip_bytes(files: dict[str, bytes], deflated: zipwriter.Deflated | None = None,
              pieces: dict[str, tuple[bytes, ...]] | None = None) -> bytes:
    """The same files always give the same bytes: sorted entries, one fixed date.

    deflated: share one cache across the archives of a build, so each distinct file is deflated once.
    pieces: files (by path) given as parts that join to their bytes, deflated part by part
    (``zipwriter.Deflated.pieces``; a brand's pages, whose shared parts are deflated once for all brands).
    """
    stamp = fixed_time()
    pieces = pieces or {}
    return zipwriter.write([(safe_path(name), pieces.get(name, files[name])) for name in sorted(files)], stamp,
                           deflated)
