"""Run by tests/test_publish_recovery.py in a process of its own: publish (or recover) with every step that
changes the disk counted, and the process killed (``os._exit``, no clean-up of any kind) at step K.

    python crash_child.py WHAT OUT DATA K TRACE [noexchange] [nowrite]

WHAT is ``publish`` (DATA: a pickle of (files, folders)), ``write_all`` (DATA: a pickle of certify's files)
or ``recover``. Each step is appended to TRACE as ``kind<TAB>src<TAB>dst`` before it runs; K = 0 kills at
no step. The steps: writing a staged file (unless ``nowrite``), linking an old file into the backup, each flush, each rename,
replace and exchange, and each removal of a work folder.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

from scorm_build import fsutil

what, out, data, kill_at, trace = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
count = 0
log = open(trace, "a", encoding="utf-8")  # noqa: SIM115 (open for the whole run)


def step(kind, real):
    def run(*args, **kwargs):
        global count
        count += 1
        paths = [os.fspath(a) for a in args[:2] if isinstance(a, (str, os.PathLike))] + ["", ""]
        log.write(f"{kind}\t{paths[0]}\t{paths[1]}\n")
        log.flush()
        if count == kill_at:
            os._exit(9)  # as kill -9: no finally, no except, no atexit
        return real(*args, **kwargs)
    return run


os.rename = step("rename", os.rename)
os.replace = step("replace", os.replace)
os.link = step("link", os.link)
if "noexchange" in sys.argv[6:]:  # as on a system without renameat2: not a step, it changes nothing
    fsutil.exchange = lambda a, b: False
else:
    fsutil.exchange = step("exchange", fsutil.exchange)
fsutil.flush = step("flush", fsutil.flush)
if "nowrite" not in sys.argv[6:]:
    fsutil._write = step("write", fsutil._write)
fsutil._remove = step("remove", fsutil._remove)

if what == "publish":
    with open(data, "rb") as fh:
        files, folders = pickle.load(fh)
    fsutil.publish(out, files, folders)
elif what == "write_all":
    from scorm_build.credentials.issue import write_all

    with open(data, "rb") as fh:
        write_all(out, pickle.load(fh))
else:
    fsutil.recover(out)
log.write("done\t\t\n")
