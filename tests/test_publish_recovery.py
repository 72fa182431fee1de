"""A publish killed half-way (kill -9, power loss) is undone or completed by the next run that takes the folder's
lock (docs/ARCHITECTURE.md, "Crash recovery"). Each test kills a publish in a process of its own at every step
that changes the disk (tests/crash_child.py: ``os._exit``, so no except, finally or clean-up runs), then lets
the next run find the folder: it holds exactly one whole set, the old one, or the new one when every new
entry had been moved in before the kill; no work folder is left; and for certify the register lists every
credential whose files are there."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scorm_build import build as build_mod
from scorm_build import fsutil
from scorm_build.build import build

from .certify_support import issue_from, throwaway_key
from .test_output import OFFICES, TARGETS

CHILD = Path(__file__).with_name("crash_child.py")


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) below ``folder``, hidden ones included, the lock left out."""
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.name != fsutil.LOCK}


def kill_at(what: str, out: Path, data: Path, k: int, *flags: str) -> tuple[list[list[str]], bool]:
    """Run ``what`` in a child killed at step ``k``; return the steps it began (the last one is where it was
    killed, unless it finished) and whether it was killed."""
    trace = data.with_suffix(".trace")
    trace.unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=str(Path(fsutil.__file__).resolve().parents[1]))  # the scorm_build tested here
    proc = subprocess.run([sys.executable, str(CHILD), what, str(out), str(data), str(k), str(trace), *flags],
                          capture_output=True, text=True, timeout=300, env=env)
    steps = [line.split("\t") for line in trace.read_text(encoding="utf-8").splitlines()]
    killed = steps[-1][0] != "done"
    assert proc.returncode == (9 if killed else 0), proc.stderr
    return steps, killed


def moved_in(steps: list[list[str]], out: Path) -> set[str]:
    """The names whose new version a publish had put in place by the steps it finished (all but the last)."""
    names = set()
    for kind, src, dst in steps[:-1]:
        if kind in ("rename", "replace", "exchange") and f"/{fsutil.WORK_PREFIX}new-" in src \
                and Path(dst).is_relative_to(out) and not Path(dst).relative_to(out).parts[0].startswith("."):
            names.add(Path(dst).relative_to(out).as_posix())
    return names


def no_debris(out: Path) -> None:
    left = [p for p in out.rglob("*") if p.name.startswith(fsutil.WORK_PREFIX)]
    assert left == [], left


def every_kill(what: str, template: Path, out: Path, data: Path, *flags: str):
    """Kill ``what`` at step 1, 2, ... until it finishes, each time in a fresh copy of ``template``; yield the
    steps it began for each kill (the folder ``out`` then holds what the kill left)."""
    k = 0
    while True:
        k += 1
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(template, out, symlinks=True)
        steps, killed = kill_at(what, out, data, k, *flags)
        if not killed:
            assert k > 3, "the child was never killed: every step must be counted"
            return
        yield k, steps


# a publish of files several folders deep, files with and without an old version, and a folder
OLD_FILES = {"index.txt": b"old index", "a.txt": b"old a"}
OLD_FOLDERS = {"site": {"x.html": b"old x", "gone.css": b"old gone"}}
NEW_FILES = {"reports/2026/q4/summary.txt": b"new summary", "b.txt": b"new b", "a.txt": b"new a",
             "index.txt": b"new index"}
NEW_FOLDERS = {"site": {"x.html": b"new x", "sub/y.css": b"new y"}}


@pytest.mark.parametrize("flags", [(), ("noexchange",)], ids=["exchange", "no-exchange"])
def test_a_publish_killed_at_any_step_leaves_one_whole_set_after_the_next_run(tmp_path, flags):
    """A kill at each step (staging, linking, flush, every move, the clean-up) and then the next publish (here
    one of nothing): the old set exactly, folders made for nested files gone again, or, when every new entry was
    in place, the new set; never a mix, and no work folder. A user's file beside the outputs is kept."""
    template = tmp_path / "template"
    (template / "reports").mkdir(parents=True)
    (template / "reports" / "mine.txt").write_bytes(b"the user's")
    fsutil.publish(template, OLD_FILES, OLD_FOLDERS)
    old = tree(template)
    shutil.copytree(template, done := tmp_path / "done")
    fsutil.publish(done, NEW_FILES, NEW_FOLDERS)
    new = tree(done)
    data = tmp_path / "data.pickle"
    data.write_bytes(pickle.dumps((NEW_FILES, NEW_FOLDERS)))
    out, kinds, outcomes = tmp_path / "out", set(), set()
    for k, steps in every_kill("publish", template, out, data, *flags):
        kinds.add(steps[-1][0])
        whole = moved_in(steps, out) == set(NEW_FILES) | set(NEW_FOLDERS)
        fsutil.publish(out, {}, {})  # the next run
        assert tree(out) == (new if whole else old), (k, steps[-1])
        no_debris(out)
        outcomes.add(whole)
    assert kinds >= {"write", "link", "flush", "replace", "rename", "remove"} and outcomes == {True, False}, kinds


def test_a_recovery_killed_at_any_step_is_finished_by_the_next(tmp_path):
    """Undoing is itself a publish's first step: a kill while it puts old entries back is finished by the next
    run. The publish is killed once its second entry was moved in; the recovery then at each of its steps."""
    template = tmp_path / "template"
    fsutil.publish(template, OLD_FILES, OLD_FOLDERS)
    old = tree(template)
    data = tmp_path / "data.pickle"
    data.write_bytes(pickle.dumps((NEW_FILES, NEW_FOLDERS)))
    crashed = tmp_path / "crashed"
    for k, steps in every_kill("publish", template, crashed, data, "nowrite"):
        if len(moved_in(steps, crashed)) == 3:  # summary.txt, b.txt and a.txt in, index.txt and site not
            break
    else:
        raise AssertionError("no kill after three moves")
    out, recoveries = tmp_path / "out", 0
    while True:  # each time the same crash in a fresh copy (a copy would not keep the folders' inodes)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(template, out, symlinks=True)
        assert kill_at("publish", out, data, k, "nowrite")[1]
        steps, killed = kill_at("recover", out, data, recoveries + 1)
        fsutil.publish(out, {}, {})
        assert tree(out) == old, (recoveries + 1, steps[-1])
        no_debris(out)
        if not killed:
            break
        recoveries += 1
    assert recoveries >= 4


@pytest.mark.parametrize("flags", [(), ("noexchange",)], ids=["exchange", "no-exchange"])
def test_a_build_killed_at_any_step_of_its_publish_is_undone_by_the_next_build(project, tmp_path, monkeypatch,
                                                                                flags):
    """The review's repro: a build killed while it moves its outputs in left new and old zips side by side,
    and the next build removed the backup. Now the next build (here of the web site only, so it leaves the
    zips alone) first puts the old zips back, or keeps the new ones when all were in."""
    template = tmp_path / "template"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1701000000")
    assert not build(project, template, TARGETS, OFFICES).report.errors
    old = tree(template)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1702000000")
    published = []
    monkeypatch.setattr(build_mod, "publish", lambda out, files, folders: published.append((files, folders)))
    assert not build(project, tmp_path / "unused", TARGETS, OFFICES).report.errors
    monkeypatch.undo()
    files, folders = published[0]
    new_zips = {name: data for name, data in files.items()}
    assert len(new_zips) >= 2 and all(new_zips[n] != old[n] for n in new_zips)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1703000000")
    assert not build(project, tmp_path / "ref", ("web",)).report.errors
    web = {k: v for k, v in tree(tmp_path / "ref").items() if k.startswith("web")}
    data = tmp_path / "data.pickle"
    data.write_bytes(pickle.dumps((files, folders)))
    out, outcomes = tmp_path / "out", set()
    for k, steps in every_kill("publish", template, out, data, "nowrite", *flags):
        whole = moved_in(steps, out) == set(files) | set(folders)
        assert not build(project, out, ("web",)).report.errors  # the next build
        after = tree(out)
        zips = {n: d for n, d in after.items() if n.endswith(".zip")}
        assert zips == (new_zips if whole else {n: d for n, d in old.items() if n.endswith(".zip")}), (k, steps[-1])
        assert {n: d for n, d in after.items() if not n.endswith(".zip")} == web, (k, steps[-1])
        no_debris(out)
        outcomes.add(whole)
    assert outcomes == {True, False}


def test_certify_killed_at_any_step_leaves_no_certificate_outside_the_register(tmp_path, monkeypatch):
    """certify publishes the certificates and credentials, then the register (issued.json) last. Killed half-way
    it left certificates whose credential the register did not list, and the next run gave their places in the
    status list to others. Now the next run first undoes the killed one: every credential file there is in
    the register, each with a place of its own."""
    from scorm_build.credentials import issue

    from .test_credentials import EN, NL

    issuer = throwaway_key(tmp_path)
    _, template = issue_from(tmp_path, issuer, [EN], out=tmp_path / "template")  # an earlier run
    shutil.copytree(template, tmp_path / "unused")
    staged = []  # the files of a run that adds the NL learners to the template's register
    monkeypatch.setattr(issue, "write_all", lambda out, files, lock=True: staged.append(files))
    issue_from(tmp_path, issuer, [EN, NL], out=tmp_path / "unused")
    monkeypatch.undo()
    assert sum(n.startswith("credentials/") and n.endswith(".jwt") for n in staged[0]) == 2
    data = tmp_path / "data.pickle"
    data.write_bytes(pickle.dumps(staged[0]))
    out, kills = tmp_path / "out", 0
    for k, steps in every_kill("write_all", template, out, data, "nowrite"):
        kills += 1
        issue_from(tmp_path, issuer, [EN], out=out)  # the next run, from another export
        reg = json.loads((out / issue.REGISTRY).read_text("utf-8"))
        listed = {c["file"] for c in reg["credentials"]}
        stems = {Path(f).stem for f in listed}
        there = {p.relative_to(out).as_posix() for p in out.glob("credentials/*.jwt")}
        assert there == listed, (k, steps[-1], there - listed)
        assert {p.stem for p in out.glob("credentials/*.json")} <= stems, (k, steps[-1])
        assert {p.stem for p in out.glob("certificates/*")} <= stems, (k, steps[-1])
        indices = [c["index"] for c in reg["credentials"]]
        assert len(set(indices)) == len(indices) and reg["next_index"] > max(indices), (k, steps[-1])
        no_debris(out)
    assert kills >= 8


def test_a_journal_naming_paths_outside_the_folder_is_only_debris(tmp_path):
    """The journal is read back from disk: one that is cut short, or names a path outside the output folder (a
    hostile or corrupt one), makes its staging folder debris, removed without following it anywhere."""
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    fsutil.publish(out, {"a.txt": b"a"}, {})
    for i, journal in enumerate([b'{"version": 1, "backup": ".scorm-build-old-x", "made": [], "entri',
                                 json.dumps({"version": 1, "backup": ".scorm-build-old-x", "made": ["../.."],
                                             "entries": [{"name": "../victim.txt", "folder": False,
                                                          "ino": os.lstat(victim).st_ino, "old": False}]}).encode(),
                                 json.dumps({"version": 1, "backup": "../..", "made": [],
                                             "entries": [{"name": "a.txt", "folder": False, "ino": 1,
                                                          "old": True}]}).encode()]):
        staging = out / f"{fsutil.WORK_PREFIX}new-{i}abcdefg"
        staging.mkdir()
        (staging / fsutil.JOURNAL).write_bytes(journal)
        (out / f"{fsutil.WORK_PREFIX}old-x").mkdir(exist_ok=True)
        assert sorted(fsutil.recover(out)) == sorted([staging.name, f"{fsutil.WORK_PREFIX}old-x"])
        assert victim.read_bytes() == b"keep me" and tree(out) == {"a.txt": b"a"}


def test_a_failed_flush_after_the_moves_puts_the_old_outputs_back(tmp_path, monkeypatch):
    """publish raises only when the folder is as it was: when the flush after the last move fails, the new
    entries are not known to be on disk, so they are taken out again and the old ones put back."""
    out = tmp_path / "out"
    fsutil.publish(out, OLD_FILES, OLD_FOLDERS)
    old = tree(out)
    real, calls = fsutil.flush, []

    def flush(paths, anchor):
        calls.append(anchor)
        if len(calls) == 2:  # the one after the moves
            raise OSError(5, "Input/output error")
        return real(paths, anchor)

    monkeypatch.setattr(fsutil, "flush", flush)
    with pytest.raises(OSError, match="Input/output error"):
        fsutil.publish(out, NEW_FILES, NEW_FOLDERS)
    assert tree(out) == old


def test_an_undo_that_fails_leaves_its_journal_for_the_next_run(tmp_path, monkeypatch):
    """When a move fails and putting the old entries back fails too (the disk went away), publish keeps its
    work folders and journal instead of deleting the only copy of the old outputs; the next run undoes it."""
    out = tmp_path / "out"
    fsutil.publish(out, OLD_FILES, OLD_FOLDERS)
    old = tree(out)
    real_replace, real_rename, calls = os.replace, os.rename, []

    def failing(real):
        def move(src, dst, *a, **kw):
            calls.append(dst)
            if len(calls) >= 4:  # the fourth move (index.txt), and the undo's putting a.txt back
                raise OSError(5, "Input/output error")
            return real(src, dst, *a, **kw)
        return move

    monkeypatch.setattr(os, "replace", failing(real_replace))
    monkeypatch.setattr(os, "rename", failing(real_rename))
    with pytest.raises(OSError, match="Input/output error"):
        fsutil.publish(out, NEW_FILES, NEW_FOLDERS)
    monkeypatch.undo()
    assert tree(out) != old and list(out.glob(f"{fsutil.WORK_PREFIX}new-*/{fsutil.JOURNAL}"))
    fsutil.publish(out, {}, {})
    assert tree(out) == old
    no_debris(out)
