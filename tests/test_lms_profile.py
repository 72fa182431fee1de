"""LMS profiles and the import lint: default packages are what Moodle 4.x imports and acts on."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile

import pytest
from lxml import etree

from scorm_build.build import build
from scorm_build.package import manifest as mf
from scorm_build.package.lint import lint_manifest
from scorm_build.package.lmsprofile import MOODLE, SEQUENCING, profile
from scorm_build.project import load_project
from scorm_build.render import render_site

from .conftest import ROOT, copy_project, run_cli


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    out = {}
    for p in (MOODLE, SEQUENCING):
        d = tmp_path_factory.mktemp(p.id)
        result = build(ROOT, d, ("scorm12", "scorm2004"), lms=p)
        assert not result.report.errors, result.report.errors
        out[p.id] = d
    return out


def manifests(dist):
    for z in sorted(dist.glob("*.zip")):
        yield z.name, ("scorm12" if z.stem.endswith("scorm12") else "scorm2004"), \
            zipfile.ZipFile(z).read("imsmanifest.xml")


def test_default_packages_pass_the_moodle_import_lint(dists):
    for name, target, xml in manifests(dists["moodle"]):
        assert lint_manifest(xml, target, MOODLE) == [], name
        assert mf.validate(target, xml) == [], name


def test_a_single_sco_has_no_global_objectives_in_any_profile(dists):
    singles = 0
    for dist in dists.values():
        for name, target, xml in manifests(dist):
            if target == "scorm2004" and len(etree.fromstring(xml).findall(".//{*}item")) == 1:
                singles += 1
                assert b"mapInfo" not in xml and b"sequencingRules" not in xml, name
    assert singles == 16  # 8 offices, two profiles


def test_the_full_sequencing_programme_is_what_moodle_cannot_take(dists):
    """Finding 1: what the lint says about a manifest with global objectives, for each profile."""
    xml = (dists["sequencing"] / "inwerkprogramma-decentraal-bestuur-scorm2004.zip")
    xml = zipfile.ZipFile(xml).read("imsmanifest.xml")
    assert lint_manifest(xml, "scorm2004", SEQUENCING) == []
    found = lint_manifest(xml, "scorm2004", MOODLE)
    codes = {f.code for f in found}
    assert codes == {"lms.global-objectives", "lms.sequencing-rules"}
    doc = etree.fromstring(xml)
    assert len(doc.findall(".//{*}mapInfo")) == sum(f.code == "lms.global-objectives" for f in found) == 17
    assert all(f.line > 1 for f in found)


def test_mastery_lives_in_the_sco_not_in_the_12_manifest(dists):
    """Finding 3: Moodle's default mastery override would rewrite a failed attempt to 'failed'."""
    for name, target, xml in manifests(dists["moodle"]):
        if target == "scorm12":
            assert b"masteryscore" not in xml, name
    xml = zipfile.ZipFile(dists["moodle"] / "inwerkprogramma-decentraal-bestuur-scorm12.zip").read("imsmanifest.xml")
    legacy = xml.replace(b"</adlcp:prerequisites>", b"</adlcp:prerequisites><adlcp:masteryscore>80</adlcp:masteryscore>")
    assert [f.code for f in lint_manifest(legacy, "scorm12", MOODLE)] == ["lms.mastery-override"] * 8


def test_moodle_programme_2004_ends_sessions_by_commit_and_keeps_12_prerequisites(dists):
    doc = etree.fromstring(zipfile.ZipFile(dists["moodle"] / "inwerkprogramma-decentraal-bestuur-scorm2004.zip")
                           .read("imsmanifest.xml"))
    assert {i.get("parameters") for i in doc.iter("{*}item")} == {"?end=commit"}
    assert not doc.findall(".//{*}sequencingRules")
    doc12 = etree.fromstring(zipfile.ZipFile(dists["moodle"] / "inwerkprogramma-decentraal-bestuur-scorm12.zip")
                             .read("imsmanifest.xml"))
    assert [e.text for e in doc12.iter("{*}prerequisites")] == ["item-core"] * 8
    one = etree.fromstring(zipfile.ZipFile(dists["moodle"] / "inwerkprogramma-decentraal-bestuur-raadslid-scorm2004.zip")
                           .read("imsmanifest.xml"))
    assert [i.get("parameters") for i in one.iter("{*}item")] == [None]  # one SCO: Terminate as usual


def test_build_reports_what_the_lms_cannot_take_as_located_errors(tmp_path, capsys, monkeypatch):
    from scorm_build.package import lmsprofile
    broken = lmsprofile.LmsProfile(**{**{f: getattr(MOODLE, f) for f in MOODLE.__slots__}, "max_title": 10})
    monkeypatch.setitem(lmsprofile.PROFILES, "moodle", broken)
    project = copy_project(tmp_path / "p")
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "scorm12", "--office", "raadslid"], capsys)
    assert code == 1
    assert any(ln.endswith("[package.lms.title-length]") and "/imsmanifest.xml:" in ln for ln in err), err
    assert not (project / "dist").exists()


def test_cli_names_the_profiles(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    with pytest.raises(SystemExit) as exc:
        run_cli(["--project", str(project), "build", "--lms", "blackboard"], capsys)
    assert exc.value.code == 2
    assert "choose from 'moodle', 'sequencing'" in capsys.readouterr().err
    with pytest.raises(KeyError, match="profiles: moodle, sequencing"):
        profile("blackboard")
    code, _, _ = run_cli(["--project", str(project), "build", "--lms", "sequencing", "--target", "scorm2004",
                          "--office", "griffier"], capsys)
    assert code == 0


def test_feedback_is_not_readable_with_public_data():
    """Issue 15.10: the per-option feedback needs the right answer, not just the salt and question id."""
    project, _ = load_project(ROOT)
    site = render_site(project)
    page = next(p for p in site.pages if p.bank)
    data = json.loads(etree.HTML(site.files[page.path]).find(".//script[@id='sco-data']").text)
    for q in data["quiz"]["questions"]:
        key = hashlib.sha256(f"{data['quiz']['salt']}:{q['id']}:fb".encode()).digest()
        raw = base64.b64decode(q["f"])
        plain = bytes(b ^ key[i % 32] for i, b in enumerate(raw))
        with pytest.raises((UnicodeDecodeError, json.JSONDecodeError)):
            json.loads(plain.decode("utf-8"))
