"""Build safety at its edges (issue 17, found by the mutation run): the output folder is replaced as a
whole or not at all also where the system has no atomic exchange, and what a build leaves behind while it
works is recognisable debris. Run 3 added: files several folders deep, a work folder that cannot be removed
after everything was written, and the hidden temporary file of a single-file write."""

from __future__ import annotations

import os

import pytest

from scorm_build import fsutil
from scorm_build.build import build

from .test_output import OFFICES, TARGETS, first_build, snapshot


def test_without_an_atomic_exchange_the_web_folder_is_still_replaced(project, tmp_path, monkeypatch):
    """fsutil: a folder is swapped by an atomic exchange where the system has one (Linux renameat2), else
    by two renames; a C library without renameat2, or none at all, is such a system."""
    out = tmp_path / "dist"
    first_build(project, out, monkeypatch)
    (project / "modules" / "raadslid.yaml").write_text(
        (project / "modules" / "raadslid.yaml").read_text(encoding="utf-8").replace(
            "title: Module raadsleden", "title: Module raadsleden (nieuw)", 1), encoding="utf-8")
    for libc in (object(), None):  # a libc without renameat2; no libc
        monkeypatch.setattr(fsutil, "_libc", lambda libc=libc: libc)
        assert fsutil.exchange(out / "web", tmp_path / "elsewhere") is False and (out / "web").is_dir()
        assert not build(project, out, TARGETS, OFFICES).report.errors
        assert "Module raadsleden (nieuw)" in (out / "web" / "raadslid" / "index.html").read_text(encoding="utf-8")
        assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".scorm-build.lock"]


def test_a_folder_move_that_fails_half_way_puts_the_old_folder_back(project, tmp_path, monkeypatch):
    """README: a failed build leaves the output folder as it was. Without an exchange the old web/ is first
    moved aside, then the new one moved in; when that second move fails the old one goes back."""
    out = tmp_path / "dist"
    before = first_build(project, out, monkeypatch)
    monkeypatch.setattr(fsutil, "exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(src, dst, *args, **kwargs):
        if os.fspath(dst) == os.fspath(out / "web") and ".scorm-build-new-" in os.fspath(src):
            raise OSError(5, "Input/output error")
        return real_rename(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="Input/output error"):
        build(project, out, TARGETS, OFFICES)
    monkeypatch.undo()
    assert snapshot(out) == before


def test_while_a_build_works_everything_it_adds_is_hidden_build_debris(project, tmp_path, monkeypatch):
    """README: the build's own work folders are `.scorm-build-*` (removed by the next build if a crash
    leaves them); at the moment of the swap nothing else is added to the output folder."""
    out = tmp_path / "dist"
    first_build(project, out, monkeypatch)
    before = {p.name for p in out.iterdir()}
    seen = []
    real_swap = fsutil._swap

    def swap(out_, staging, backup, names):
        seen.extend(p.name for p in out_.iterdir() if p.name not in before)
        return real_swap(out_, staging, backup, names)
    monkeypatch.setattr(fsutil, "_swap", swap)
    assert not build(project, out, TARGETS, OFFICES).report.errors
    assert len(seen) == 2 and all(n.startswith(fsutil.WORK_PREFIX) for n in seen), seen


def test_files_several_folders_deep_are_published_and_replaced(tmp_path):
    """fsutil.publish: a file's path may name subfolders, which are made, and the other files in them are
    left alone; a second publish replaces the file in place."""
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "mine.txt").write_bytes(b"the user's")
    fsutil.publish(out, {"reports/2026/q4/summary.txt": b"first", "index.txt": b"i1"}, {})
    assert (out / "reports" / "2026" / "q4" / "summary.txt").read_bytes() == b"first"
    fsutil.publish(out, {"reports/2026/q4/summary.txt": b"second", "index.txt": b"i2"}, {})
    assert (out / "reports" / "2026" / "q4" / "summary.txt").read_bytes() == b"second"
    assert (out / "index.txt").read_bytes() == b"i2" and (out / "reports" / "mine.txt").read_bytes() == b"the user's"
    assert sorted(p.name for p in out.iterdir()) == [".scorm-build.lock", "index.txt", "reports"]


def test_a_work_folder_that_cannot_be_removed_does_not_fail_a_build_that_wrote_everything(project, tmp_path,
                                                                                          monkeypatch):
    """fsutil.publish raises only when out is left as it was; once every output is in place, a staging folder
    that cannot be removed is debris (`.scorm-build-*`) that the next build removes (README)."""
    out = tmp_path / "dist"
    first_build(project, out, monkeypatch)
    (project / "modules" / "raadslid.yaml").write_text(
        (project / "modules" / "raadslid.yaml").read_text(encoding="utf-8").replace(
            "title: Module raadsleden", "title: Module raadsleden (nieuw)", 1), encoding="utf-8")
    real_rmdir = os.rmdir

    def rmdir(path, *args, **kwargs):
        if os.fspath(path).rsplit("/", 1)[-1].startswith(fsutil.WORK_PREFIX + "new-"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_rmdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "rmdir", rmdir)
    assert not build(project, out, TARGETS, OFFICES).report.errors
    assert "Module raadsleden (nieuw)" in (out / "web" / "raadslid" / "index.html").read_text(encoding="utf-8")
    left = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != fsutil.LOCK]
    assert left and all(n.startswith(fsutil.WORK_PREFIX) for n in left), left
    monkeypatch.setattr(os, "rmdir", real_rmdir)
    assert not build(project, out, TARGETS, OFFICES).report.errors
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [fsutil.LOCK]


def test_while_docs_are_written_only_a_hidden_file_named_after_them_is_beside_them(project, tmp_path, monkeypatch,
                                                                                    capsys):
    """fsutil.write_atomic (`scorm-build docs`): the new text is written to a temporary file beside the target
    and renamed over it. That file is hidden and named after its target, so nothing that lists the folder
    (a docs site, `git status` after a crash) takes it for a document of its own."""
    from .conftest import run_cli

    docs = project / "docs"
    docs.mkdir()
    (docs / "authoring.md").write_text("old", encoding="utf-8")
    seen = []
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        seen.extend(p.name for p in docs.iterdir() if p.name != "authoring.md")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    code, err, _ = run_cli(["--project", str(project), "docs", "--output", "docs/authoring.md"], capsys)
    assert code == 0, err
    assert len(seen) == 1 and seen[0].startswith(".authoring.md."), seen
    assert sorted(p.name for p in docs.iterdir()) == ["authoring.md"]
    assert (docs / "authoring.md").read_text(encoding="utf-8") != "old"


def test_without_syncfs_every_folder_a_publish_changed_is_flushed(tmp_path, monkeypatch):
    """fsutil.flush: where Linux has no syncfs, every path is fsynced. A folder's new entry is on disk only
    when that folder is flushed, so after the swap every folder that gained an entry (the output folder and
    each subfolder made for a nested file, down to the file's own) is flushed before publish returns."""
    out = tmp_path / "out"
    out.mkdir()
    synced: list[str] = []
    real_sync = fsutil._sync
    monkeypatch.setattr(fsutil, "_syncfs", lambda: None)
    monkeypatch.setattr(fsutil, "_sync", lambda p: synced.append(os.fspath(p)) or real_sync(p))
    fsutil.publish(out, {"reports/2026/q4/summary.txt": b"x", "index.txt": b"i"}, {})
    for folder in (out, out / "reports", out / "reports" / "2026", out / "reports" / "2026" / "q4"):
        assert os.fspath(folder) in synced, folder
