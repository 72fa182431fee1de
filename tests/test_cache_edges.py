"""The build cache at its edges (found by the mutation run of cache.py and build.py): where the cache folder
is by default, one entry per project folder, compressed files only from the same compiler, and a cache
that cannot be written never failing a build (README, "Build cache"; the docstrings of cache.py)."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import pytest

from scorm_build import cache
from scorm_build.build import build
from scorm_build.package import zipwriter

from .test_build_cache import outputs


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SCORM_BUILD_CACHE", str(folder))
    return folder / f"build-v{cache.FORMAT}"


def retitle(project: Path, title: str) -> None:
    programme = project / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    old = next(ln for ln in text.splitlines() if ln.startswith("title:"))
    programme.write_text(text.replace(old, f'title: "{title}"'), encoding="utf-8")


def test_the_default_folder_is_scorm_build_in_the_users_cache_folder(tmp_path, monkeypatch):
    """README: `$SCORM_BUILD_CACHE`, else `$XDG_CACHE_HOME/scorm-build`, else `~/.cache/scorm-build`."""
    monkeypatch.delenv("SCORM_BUILD_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "scorm-build" / f"build-v{cache.FORMAT}"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "scorm-build" / f"build-v{cache.FORMAT}"
    assert (tmp_path / "home" / ".cache" / "scorm-build" / f"build-v{cache.FORMAT}").is_dir()


def test_each_project_folder_keeps_its_own_entry(tmp_path, store):
    """README: about 3 MB *per project folder*; building one project does not push another out."""
    from .conftest import copy_project

    one = copy_project(tmp_path / "one")
    two = copy_project(tmp_path / "two")
    retitle(two, "Het tweede programma")
    assert not build(one, tmp_path / "o1").cache_hit
    assert not build(two, tmp_path / "o2").cache_hit
    again_one = build(one, tmp_path / "o3")
    again_two = build(two, tmp_path / "o4")
    assert again_one.cache_hit and again_two.cache_hit
    assert outputs(tmp_path / "o3") == outputs(tmp_path / "o1")
    assert outputs(tmp_path / "o4") == outputs(tmp_path / "o2") != outputs(tmp_path / "o1")
    assert len(list(store.glob("*.pickle"))) == 2


def test_compressed_files_of_another_compiler_are_not_reused(project, tmp_path, store, monkeypatch):
    """cache.py: every entry is keyed by the compiler; the outputs are byte for byte those of a build without
    the cache. A compiler that deflates otherwise (here: another level) must not get the old streams."""
    assert not build(project, tmp_path / "o1").report.errors
    assert cache.deflated(project)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another compiler")
    monkeypatch.setattr(zipwriter, "LEVEL", 1)
    assert cache.deflated(project) == {}
    cached = build(project, tmp_path / "o2")
    plain = build(project, tmp_path / "o3", caches=False)
    assert not cached.cache_hit and not cached.report.errors and not plain.report.errors
    assert outputs(tmp_path / "o2") == outputs(tmp_path / "o3")
    assert outputs(tmp_path / "o2") != outputs(tmp_path / "o1")  # the level does change the zips


def test_an_entry_that_cannot_be_replaced_fails_nothing_and_leaves_nothing(project, tmp_path, store):
    """cache.store is best effort ("a failure here is not an error"): here the entry's name is taken by a
    folder, so the new entry cannot be put in place. The build still writes its outputs, and the cache
    folder holds no half-written entry afterwards."""
    assert not build(project, tmp_path / "o1").report.errors
    for entry in list(store.iterdir()):
        entry.unlink()
        (entry / "in-the-way").mkdir(parents=True)
    retitle(project, "Een andere titel")
    result = build(project, tmp_path / "o2")
    assert not result.cache_hit and not result.report.errors
    assert b"Een andere titel" in (tmp_path / "o2" / "web" / "index.html").read_bytes()
    assert not build(project, tmp_path / "o3", caches=False).report.errors
    assert outputs(tmp_path / "o2") == outputs(tmp_path / "o3")
    assert sorted(p.name for p in store.iterdir() if p.is_file()) == []


def test_a_cache_folder_that_cannot_be_written_fails_no_build(project, tmp_path, store, monkeypatch):
    """cache.store is best effort: a cache folder where no file can be made (a read-only file system, or a
    folder its owner made read-only) only costs the next build its time; the build itself succeeds."""
    assert not build(project, tmp_path / "o1").report.errors
    retitle(project, "Een andere titel")
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        if Path(kwargs.get("dir") or tempfile.gettempdir()) == store:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    result = build(project, tmp_path / "o2")
    assert not result.cache_hit and not result.report.errors
    assert b"Een andere titel" in (tmp_path / "o2" / "web" / "index.html").read_bytes()
    assert not build(project, tmp_path / "o3", caches=False).report.errors
    assert outputs(tmp_path / "o2") == outputs(tmp_path / "o3")


def test_a_build_renders_each_shared_lesson_and_quiz_once(project, tmp_path, monkeypatch):
    """build(caches=True), the default: each lesson, quiz and quiz payload is rendered once for all the pages
    that hold it; only caches=False renders them again per page (build's docstring)."""
    from scorm_build import build as stages

    sites = []
    real = stages.render_site
    monkeypatch.setattr(stages, "render_site", lambda *a, **kw: sites.append(real(*a, **kw)) or sites[-1])
    assert not build(project, tmp_path / "fast").report.errors
    assert not build(project, tmp_path / "slow", caches=False).report.errors
    fast, slow = sites
    distinct = len({ls for p in fast.pages for ls in p.lesson_ids})
    banks = len({p.bank for p in fast.pages if p.bank})
    assert fast.renders == {"lesson": distinct, "quiz": banks, "payload": banks}
    assert slow.renders["lesson"] > distinct and slow.renders["quiz"] > banks
    assert outputs(tmp_path / "fast") == outputs(tmp_path / "slow")


def test_an_unknown_office_is_named_with_every_other_unknown_one(project, tmp_path):
    """build() refuses offices the programme does not have, naming each of them (the CLI checks first and
    says the same in its usage error)."""
    with pytest.raises(ValueError, match=r"^no office nobody, niemand$"):
        build(project, tmp_path / "dist", offices=("raadslid", "nobody", "niemand"))
    assert not (tmp_path / "dist").exists()


def test_a_rebuild_deflates_no_file_again(project, tmp_path, store, monkeypatch):
    """cache.py: the compressed files of the last build are kept, so a file that did not change is not
    deflated again: a rebuild of the unchanged project compresses nothing and writes the same bytes."""
    assert not build(project, tmp_path / "o1").report.errors
    made = []

    class Watched(zipwriter.Deflated):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(zipwriter, "Deflated", Watched)
    assert build(project, tmp_path / "o2").cache_hit
    (shared,) = made
    assert len(shared) > 20 and shared.fresh == 0
    assert outputs(tmp_path / "o2") == outputs(tmp_path / "o1")


def test_every_stage_reports_its_time_in_seconds(project, tmp_path, store):
    """BuildResult.timings: the seconds each stage took (bench/run.py reports their medians), on a cold
    build and on a rebuild served from the cache."""
    import time

    for out in ("o1", "o2"):
        t0 = time.perf_counter()
        result = build(project, tmp_path / out)
        wall = time.perf_counter() - t0
        assert not result.report.errors
        assert set(result.timings) == {"load+check", "render", "package", "write"}
        assert all(isinstance(s, float) and 0 <= s for s in result.timings.values()), result.timings
        assert sum(result.timings.values()) <= wall
    assert result.cache_hit
