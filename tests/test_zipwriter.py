"""The zip writer: each distinct file deflated once per build, and the bytes of a plain `zipfile` build."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest

from scorm_build.build import build, plan
from scorm_build.diagnostics import Report
from scorm_build.package import archive, zipwriter
from scorm_build.project import load_project
from scorm_build.render import render_site

from .conftest import ROOT


def zipfile_reference(files: dict[str, bytes]) -> bytes:
    """The same archive written entry by entry with the standard library (the pre-cache build)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=archive.fixed_time())
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name], compresslevel=zipwriter.LEVEL)
    return buf.getvalue()


@pytest.fixture(scope="module")
def archives():
    project, report = load_project(ROOT)
    assert project is not None, report.items
    site = render_site(project)
    out = plan(project, site, ("scorm12", "scorm2004"), [], Report())
    assert len(out) == 18
    return out


def test_every_package_is_byte_identical_to_a_plain_zipfile_build(archives):
    shared = zipwriter.Deflated()
    for name, files in archives.items():
        assert archive.zip_bytes(files, shared) == zipfile_reference(files), name


def test_each_distinct_file_is_deflated_once_per_build(archives):
    shared = zipwriter.Deflated()
    for files in archives.values():
        archive.zip_bytes(files, shared)
    distinct = {data for files in archives.values() for data in files.values()}
    entries = sum(len(files) for files in archives.values())
    assert len(shared) == len(distinct) < entries / 3


def test_a_shared_cache_changes_no_byte(archives):
    shared = zipwriter.Deflated()
    for name, files in sorted(archives.items()):
        assert archive.zip_bytes(files, shared) == archive.zip_bytes(files), name


def test_build_output_equals_a_build_without_the_cache(tmp_path, monkeypatch):
    cached = build(ROOT, tmp_path / "cached", targets=("scorm12", "scorm2004"))
    assert not cached.report.errors
    monkeypatch.setattr(archive, "zip_bytes", lambda files, deflated=None: zipfile_reference(files))
    plain = build(ROOT, tmp_path / "plain", targets=("scorm12", "scorm2004"))
    names = sorted(p.name for p in (tmp_path / "cached").glob("*.zip"))
    assert names == sorted(p.name for p in (tmp_path / "plain").glob("*.zip")) and len(names) == 18
    for name in names:
        assert (tmp_path / "cached" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name
    assert not plain.report.errors


def test_info_zip_tests_every_entry(tmp_path, archives):
    name = "inwerkprogramma-decentraal-bestuur-scorm2004.zip"
    path = tmp_path / name
    path.write_bytes(archive.zip_bytes(archives[name], zipwriter.Deflated()))
    run = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True)
    assert run.returncode == 0 and "No errors detected" in run.stdout, run.stdout[-800:]


def test_non_ascii_names_are_flagged_utf8():
    data = zipwriter.write([("één.txt", b"x")], (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["één.txt"] and zf.read("één.txt") == b"x"
        assert zf.infolist()[0].flag_bits & 0x800


def test_a_date_keeps_its_even_seconds():
    data = zipwriter.write([("a", b"")], (2026, 11, 29, 15, 41, 37))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.infolist()[0].date_time == (2026, 11, 29, 15, 41, 36)
        assert zf.read("a") == b""


def test_entries_kept_from_an_earlier_build_are_reused_and_give_the_same_bytes():
    from scorm_build.package.zipwriter import Deflated, write

    first = Deflated()
    entries = [("a.txt", b"alpha " * 500), ("b.txt", b"beta " * 700)]
    stamp = (2026, 1, 2, 3, 4, 6)
    made = write(entries, stamp, first)
    assert first.fresh == 2 and len(first.kept()) == 2
    again = Deflated(first.kept())
    assert write(entries, stamp, again) == made and again.fresh == 0
    changed = Deflated(first.kept())
    write([("a.txt", b"alpha " * 501)], stamp, changed)
    assert changed.fresh == 1 and len(changed.kept()) == 1  # only what this build used is kept
