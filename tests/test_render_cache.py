"""Shared parts of pages (lessons, quizzes, quiz payloads) are rendered once per build, with the same
bytes as rendering them for every page; a build without any cache gives the same outputs."""

from __future__ import annotations

from pathlib import Path

from scorm_build.build import build
from scorm_build.project import load_project
from scorm_build.render import render_site

ROOT = Path(__file__).resolve().parent.parent


def test_each_lesson_and_quiz_is_rendered_once_with_the_same_bytes():
    project, _ = load_project(ROOT)
    cached, plain = render_site(project), render_site(project, cache=False)
    assert cached.files == plain.files
    occurrences = sum(len(p.lesson_ids) for p in cached.pages)
    distinct = len({ls for p in cached.pages for ls in p.lesson_ids})
    banks = len({p.bank for p in cached.pages if p.bank})
    quizzes = sum(1 for p in cached.pages if p.bank)
    assert distinct < occurrences and banks < quizzes  # the course pages repeat the module pages' parts
    assert cached.renders == {"lesson": distinct, "quiz": banks, "payload": banks}
    assert plain.renders == {"lesson": occurrences, "quiz": quizzes, "payload": quizzes}


def test_a_build_without_caches_writes_the_same_bytes(tmp_path):
    fast = build(ROOT, tmp_path / "fast")
    slow = build(ROOT, tmp_path / "slow", caches=False)
    assert not fast.report.errors and not slow.report.errors
    files = sorted(p.relative_to(tmp_path / "fast") for p in (tmp_path / "fast").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "slow") for p in (tmp_path / "slow").rglob("*") if p.is_file())
    assert len([f for f in files if f.suffix == ".zip"]) == 18
    for rel in files:
        assert (tmp_path / "fast" / rel).read_bytes() == (tmp_path / "slow" / rel).read_bytes(), rel


def test_preview_renders_again_only_the_lesson_that_changed(tmp_path):
    from scorm_build.preview import Files

    from .conftest import copy_project

    root = copy_project(tmp_path / "project")
    files = Files(root, None)
    assert files.rebuild()
    first = files.renders
    assert first["lesson"] > 50 and first["quiz"] == 9
    module = root / "modules" / "griffier.yaml"
    text = module.read_text(encoding="utf-8")
    old = "'Hoe kwamen deze vier waarden tot stand? Dat vertelt de publicatie zelf:'"
    assert old in text
    module.write_text(text.replace(old, "'Hoe kwamen deze vier waarden tot stand? Dat vertelt de publicatie zelf hier:'"),
                      encoding="utf-8")
    assert files.rebuild()
    # one lesson changed; the quizzes are the same; the payloads carry the new content hash (their salt)
    assert files.renders == {"lesson": 1, "quiz": 0, "payload": 9}
    assert b"zelf hier:" in files.files["web/griffier/index.html"]
    project, _ = load_project(root)
    fresh = render_site(project, cache=False)
    assert {f"web/{p}": b for p, b in fresh.web_files().items()} == files.files
