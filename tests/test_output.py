"""What a build writes: all outputs at once or none, never a user's files, no debris, safe when concurrent."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from scorm_build import fsutil
from scorm_build.build import build

from .conftest import run_cli

TARGETS = ("scorm12", "web")
OFFICES = ("raadslid", "griffier")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path -> bytes), hidden ones included."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def first_build(project: Path, out: Path, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = build(project, out, TARGETS, OFFICES)
    assert not result.report.errors
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the next build's zips differ in every byte of time
    return snapshot(out)


def test_build_refuses_a_web_folder_it_did_not_make(project, tmp_path, capsys):
    out = tmp_path / "site"
    (out / "web").mkdir(parents=True)
    (out / "web" / "notes.txt").write_text("mine")
    code, err, _ = run_cli(["--project", str(project), "build", "--out", str(out)], capsys)
    assert code == 1
    assert any("holds files scorm-build did not make" in ln for ln in err), err
    assert err[-1] == "build failed: nothing was written"
    assert (out / "web" / "notes.txt").read_text() == "mine"
    assert not list(out.glob("*.zip"))  # nothing was written


def test_build_replaces_its_own_web_folder(project, tmp_path, capsys):
    out = tmp_path / "dist"
    for _ in range(2):
        code, err, _ = run_cli(["--project", str(project), "build", "--out", str(out), "--target", "web"], capsys)
        assert code == 0, err
    assert (out / "web" / ".scorm-build").is_file()
    assert (out / "web" / "index.html").is_file()
    assert sorted(p.name for p in out.iterdir()) == [".scorm-build.lock", "web"]


def test_a_failed_write_leaves_the_old_outputs(project, tmp_path, monkeypatch, capsys):
    out = tmp_path / "dist"
    before = first_build(project, out, monkeypatch)
    real_fsync, calls = os.fsync, []

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(fsutil, "_syncfs", lambda: None)  # the fsync-per-file path (no syncfs)
    monkeypatch.setattr(os, "fsync", failing_fsync)
    code, err, _ = run_cli(["--project", str(project), "build", "--out", str(out), "--office", OFFICES[0],
                            "--office", OFFICES[1], "--target", "scorm12", "--target", "web"], capsys)
    assert code == 1
    assert "No space left on device" in "\n".join(err) and err[-1] == "build failed: nothing was written"
    assert snapshot(out) == before


def test_a_failed_swap_is_rolled_back(project, tmp_path, monkeypatch):
    out = tmp_path / "dist"
    before = first_build(project, out, monkeypatch)
    real_replace, real_rename, calls = os.replace, os.rename, []

    def failing(real):
        def move(src, dst, *a, **kw):
            calls.append(dst)
            if len(calls) == 2:  # the second output moved into place
                raise OSError(5, "Input/output error")
            return real(src, dst, *a, **kw)
        return move

    monkeypatch.setattr(os, "replace", failing(real_replace))
    monkeypatch.setattr(os, "rename", failing(real_rename))
    with pytest.raises(OSError):
        build(project, out, TARGETS, OFFICES)
    monkeypatch.undo()
    assert snapshot(out) == before


def test_crash_debris_is_cleaned_and_other_hidden_files_kept(project, tmp_path, monkeypatch):
    out = tmp_path / "dist"
    first_build(project, out, monkeypatch)
    debris = [out / ".scorm-build-new-k3j4h5g6", out / ".web.old", out / ".web.ab12cd34"]
    for d in debris:
        (d / "x").mkdir(parents=True)
    (out / ".inwerkprogramma-decentraal-bestuur-raadslid-scorm12.zip.a1b2c3d4.tmp").write_bytes(b"half")
    (out / ".keep").write_text("the user's")
    assert not build(project, out, TARGETS, OFFICES).report.errors
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".keep", ".scorm-build.lock"]


def test_concurrent_builds_into_one_folder_all_succeed(project, tmp_path):
    out = tmp_path / "dist"
    errors: list[BaseException] = []

    def one():
        try:
            result = build(project, out, ("web",))
            assert not result.report.errors
        except BaseException as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)

    for _ in range(2):
        threads = [threading.Thread(target=one) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert sorted(p.name for p in out.iterdir()) == [".scorm-build.lock", "web"]
    expected = snapshot(out / "web")
    assert not build(project, tmp_path / "alone", ("web",)).report.errors
    assert snapshot(tmp_path / "alone" / "web") == expected


def test_a_failed_flush_of_the_file_system_leaves_the_old_outputs(project, tmp_path, monkeypatch, capsys):
    """Where Linux flushes the whole file system at once (syncfs), its failure rolls back like a failed fsync."""
    import ctypes

    out = tmp_path / "dist"
    before = first_build(project, out, monkeypatch)
    calls = []

    def failing_syncfs(fd):
        calls.append(fd)
        ctypes.set_errno(5)
        return -1

    monkeypatch.setattr(fsutil, "_syncfs", lambda: failing_syncfs)
    code, err, _ = run_cli(["--project", str(project), "build", "--out", str(out), "--office", OFFICES[0],
                            "--office", OFFICES[1], "--target", "scorm12", "--target", "web"], capsys)
    assert code == 1 and calls
    assert "Input/output error" in "\n".join(err) and err[-1] == "build failed: nothing was written"
    assert snapshot(out) == before


def test_export_is_written_all_at_once(project, tmp_path, monkeypatch, capsys):
    out = tmp_path / "exports"
    calls = []
    real = os.fsync

    def failing(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(fsutil, "_syncfs", lambda: None)  # the fsync-per-file path (no syncfs)
    monkeypatch.setattr(os, "fsync", failing)
    code, err, _ = run_cli(["--project", str(project), "export", "--format", "moodle-xml", "--out", str(out)], capsys)
    assert code == 1
    assert err[-1] == "export failed: nothing was written"
    assert not out.exists() or not list(out.glob("*.xml"))


def test_the_web_folder_is_never_missing_while_it_is_replaced(project, tmp_path, monkeypatch):
    out = tmp_path / "dist"
    assert not build(project, out, ("web",)).report.errors
    missing = []
    for name in ("rename", "replace"):
        real = getattr(os, name)

        def watched(src, dst, *a, _real=real, **kw):
            _real(src, dst, *a, **kw)
            if not (out / "web" / "index.html").exists():
                missing.append((src, dst))

        monkeypatch.setattr(os, name, watched)
    assert not build(project, out, ("web",)).report.errors
    assert missing == []
    assert (out / "web" / ".scorm-build").is_file()


def test_an_unmarked_web_folder_of_only_build_outputs_is_replaced(project, tmp_path, capsys):
    """What an earlier version built (no marker) is replaced; one extra file of the user's stops it."""
    out = tmp_path / "dist"
    assert not build(project, out, ("web",)).report.errors
    (out / "web" / ".scorm-build").unlink()
    (out / "web" / "index.html").write_text("old")
    assert not build(project, out, ("web",)).report.errors
    assert (out / "web" / "index.html").read_text(encoding="utf-8") != "old"
    (out / "web" / ".scorm-build").unlink()
    (out / "web" / "assets" / "mine.css").write_text("body{}")
    code, err, _ = run_cli(["--project", str(project), "build", "--out", str(out), "--target", "web"], capsys)
    assert code == 1 and (out / "web" / "assets" / "mine.css").is_file()


def test_nested_files_are_published_all_or_none_and_their_neighbours_kept(tmp_path, monkeypatch):
    """certify adds credentials to folders that hold earlier ones: every new file lands, with the index
    last, or none does, and a folder made for them is gone again after a failure."""
    from scorm_build.credentials.issue import REGISTRY, write_all

    out = tmp_path / "issued"
    (out / "credentials").mkdir(parents=True)
    (out / "credentials" / "earlier.jwt").write_bytes(b"earlier")
    (out / REGISTRY).write_bytes(b"old registry")
    before = snapshot(out)
    files = {REGISTRY: b"new registry", "credentials/a.jwt": b"a", "certificates/a.html": b"<p>a</p>",
             "status/list.jwt": b"s"}
    real_replace, real_rename = os.replace, os.rename
    moved: list[str] = []  # outputs moved into place, in order
    fail_at = [3]  # the third one fails (0: none)

    def watching(real):
        def move(src, dst, *a, **kw):
            if Path(dst).is_relative_to(out) and not Path(dst).relative_to(out).parts[0].startswith(".scorm-build-"):
                moved.append(Path(dst).relative_to(out).as_posix())
                if len(moved) == fail_at[0]:
                    raise OSError(28, "No space left on device")
            return real(src, dst, *a, **kw)
        return move

    monkeypatch.setattr(os, "replace", watching(real_replace))
    monkeypatch.setattr(os, "rename", watching(real_rename))
    with pytest.raises(OSError):
        write_all(out, files)
    lock = ".scorm-build.lock"  # the folder's lock file stays, as after every build
    assert {k: v for k, v in snapshot(out).items() if k != lock} == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["credentials", REGISTRY]
    moved.clear()
    fail_at[0] = 0
    write_all(out, files)
    monkeypatch.undo()
    assert moved[-1] == REGISTRY  # swapped in last
    after = snapshot(out)
    assert after["credentials/earlier.jwt"] == b"earlier" and after[REGISTRY] == b"new registry"
    assert all(after[name] == data for name, data in files.items())


def test_publish_refuses_a_path_out_of_the_folder(tmp_path):
    from scorm_build.fsutil import publish

    for name in ("../x", "/etc/x", ".scorm-build-new-x/y"):
        with pytest.raises(ValueError):
            publish(tmp_path, {name: b"x"}, {})
    assert not any(tmp_path.iterdir())
