"""The build cache (scorm_build/cache.py): a rebuild of an unchanged project takes the checked project and
the rendered site from the cache, writes the same bytes as a build without it, and any change to what
the build read, to the project's file list or to the compiler is a miss. The cache never hides an error
or a warning, and a folder others could write to is never used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scorm_build import cache
from scorm_build.build import build

from .conftest import copy_project


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SCORM_BUILD_CACHE", str(folder))
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith(".scorm-build")}


def test_a_rebuild_is_served_from_the_cache_with_the_same_bytes(project, tmp_path, store):
    first = build(project, tmp_path / "first")
    second = build(project, tmp_path / "second")
    plain = build(project, tmp_path / "plain", caches=False)
    assert not first.report.errors and not first.cache_hit
    assert second.cache_hit and not plain.cache_hit
    assert second.timings["render"] < first.timings["render"]
    cold = outputs(tmp_path / "first")
    assert len(cold) > 20
    assert outputs(tmp_path / "second") == cold == outputs(tmp_path / "plain")
    entries = list((store / f"build-v{cache.FORMAT}").glob("*.pickle"))
    assert len(entries) == 1


def test_changing_any_source_is_a_miss_and_the_change_is_built(project, tmp_path, store):
    build(project, tmp_path / "first")
    programme = project / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    title = next(ln for ln in text.splitlines() if ln.startswith("title:"))
    programme.write_text(text.replace(title, 'title: "Een andere titel"'), encoding="utf-8")
    changed = build(project, tmp_path / "changed")
    assert not changed.cache_hit and not changed.report.errors
    assert not build(project, tmp_path / "fresh", caches=False).report.errors
    assert outputs(tmp_path / "changed") == outputs(tmp_path / "fresh")
    assert b"Een andere titel" in (tmp_path / "changed" / "web" / "index.html").read_bytes()
    assert build(project, tmp_path / "again").cache_hit  # the changed project is kept in its turn


def test_an_added_file_a_changed_logo_and_a_new_compiler_are_misses(project, tmp_path, store, monkeypatch):
    build(project, tmp_path / "o1")
    (project / "quizzes" / "notes.txt").write_text("not a source\n", encoding="utf-8")
    assert not build(project, tmp_path / "o2").cache_hit  # the folders' listing changed
    assert build(project, tmp_path / "o3").cache_hit
    logo = project / "theme" / "logo.svg"
    logo.write_bytes(logo.read_bytes().replace(b"</svg>", b"<!-- changed --></svg>"))
    assert not build(project, tmp_path / "o4").cache_hit  # the logo is read through inputs, so recorded
    assert build(project, tmp_path / "o5").cache_hit
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another compiler")
    assert not build(project, tmp_path / "o6").cache_hit


def test_the_fingerprint_covers_the_compilers_files(tmp_path, monkeypatch):
    package = tmp_path / "scorm_build"
    package.mkdir()
    (package / "cache.py").write_bytes(Path(cache.__file__).read_bytes())
    (package / "theme.css").write_text("a{}", encoding="utf-8")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    cache.code_fingerprint.cache_clear()
    try:
        before = cache.code_fingerprint()
        cache.code_fingerprint.cache_clear()
        (package / "theme.css").write_text("a{color:red}", encoding="utf-8")
        assert cache.code_fingerprint() != before
    finally:
        cache.code_fingerprint.cache_clear()


def test_a_stored_build_never_hides_an_error(project, tmp_path, store, capsys):
    build(project, tmp_path / "o1")
    module = next((project / "modules").glob("*.yaml"))
    module.write_text(module.read_text(encoding="utf-8") + "\nno_such_key: 1\n", encoding="utf-8")
    broken = build(project, tmp_path / "o2")
    assert not broken.cache_hit and broken.report.errors
    assert any(d.where.path == module.relative_to(project).as_posix() for d in broken.report.errors)
    assert not (tmp_path / "o2").exists()


def test_a_source_turned_into_a_link_out_of_the_project_is_refused_not_served(project, tmp_path, store):
    build(project, tmp_path / "o1")
    outside = tmp_path / "outside.yaml"
    target = project / "programme.yaml"
    outside.write_bytes(target.read_bytes())  # the same bytes: only the reading rules tell them apart
    target.unlink()
    target.symlink_to(outside)
    result = build(project, tmp_path / "o2")
    assert not result.cache_hit
    assert any(d.code == "file.outside" for d in result.report.errors)


def test_warnings_are_reported_again_on_a_hit(project, tmp_path, store):
    logo = project / "theme" / "logo.svg"
    logo.write_bytes(logo.read_bytes().replace(b"</svg>", b"<script>alert(1)</script></svg>"))
    first = build(project, tmp_path / "o1")
    second = build(project, tmp_path / "o2")
    assert first.report.warnings and second.cache_hit
    assert [str(d) for d in second.report.warnings] == [str(d) for d in first.report.warnings]
    strict = build(project, tmp_path / "o3", strict=True)
    assert strict.cache_hit and strict.report.failed(strict=True) and not (tmp_path / "o3").exists()


def test_a_damaged_entry_is_a_miss(project, tmp_path, store):
    build(project, tmp_path / "o1")
    (entry,) = (store / f"build-v{cache.FORMAT}").glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:1000])
    result = build(project, tmp_path / "o2")
    assert not result.cache_hit and not result.report.errors
    assert outputs(tmp_path / "o2") == outputs(tmp_path / "o1")


def test_an_office_build_uses_the_stored_project_and_renders_its_own_site(project, tmp_path, store):
    build(project, tmp_path / "all")
    one = build(project, tmp_path / "one", offices=("raadslid",))
    assert one.cache_hit and not one.report.errors
    plain = build(project, tmp_path / "plain", offices=("raadslid",), caches=False)
    assert not plain.report.errors
    assert outputs(tmp_path / "one") == outputs(tmp_path / "plain")


def test_off_and_unsafe_folders_are_not_used(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SCORM_BUILD_CACHE", "off")
    assert cache.folder() is None
    build(project, tmp_path / "o1")
    assert not build(project, tmp_path / "o2").cache_hit
    open_to_all = tmp_path / "open-to-all"
    (open_to_all / f"build-v{cache.FORMAT}").mkdir(parents=True)
    os.chmod(open_to_all / f"build-v{cache.FORMAT}", 0o777)  # anyone could plant a pickle here
    monkeypatch.setenv("SCORM_BUILD_CACHE", str(open_to_all))
    assert cache.folder() is None
    build(project, tmp_path / "o3")
    assert not build(project, tmp_path / "o4").cache_hit
    assert not any((open_to_all / f"build-v{cache.FORMAT}").iterdir())


def test_the_compressed_files_of_the_last_build_are_reused(project, tmp_path, store):
    build(project, tmp_path / "o1")
    (kept,) = (store / f"build-v{cache.FORMAT}").glob("*.deflated")
    assert cache.deflated(project)  # what the next build starts from
    kept.write_bytes(b"damaged")
    assert cache.deflated(project) == {}
    result = build(project, tmp_path / "o2")
    assert result.cache_hit and outputs(tmp_path / "o2") == outputs(tmp_path / "o1")
    assert cache.deflated(project)  # written again
