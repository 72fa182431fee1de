"""Packages: every manifest XSD-valid, every file listed, deterministic bytes, atomic failure, budgets."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from scorm_build.build import build
from scorm_build.package import manifest as mf
from scorm_build.package.archive import safe_path, zip_bytes
from scorm_build.package.scorm import SUSPEND_LIMIT, worst_suspend
from scorm_build.project import load_project

from .conftest import ROOT, copy_project, run_cli


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = build(ROOT, out)
    assert not result.report.errors
    return out


def zips(dist: Path) -> list[Path]:
    return sorted(dist.glob("*.zip"))


def test_shipped_schemas_are_the_official_ones():
    """Every shipped XSD is byte for byte the published file its checksum in SHA256SUMS records."""
    base = mf.schema_dir("scorm12").parent
    sums = dict(reversed(ln.split("  ", 1)) for ln in (base / "SHA256SUMS").read_text().splitlines() if ln)
    for target, folder in mf.SCHEMA_DIRS.items():
        ours = mf.schema_files(target)
        assert ours, target
        assert {f"{folder}/{name}" for name in ours} == {k for k in sums if k.startswith(f"{folder}/")}
        for name, data in ours.items():
            assert hashlib.sha256(data).hexdigest() == sums[f"{folder}/{name}"], name


def test_eighteen_packages_and_a_web_site(dist):
    names = [z.name for z in zips(dist)]
    assert len(names) == 18  # 8 offices + the programme, in two versions
    assert (dist / "web" / "index.html").is_file()


@pytest.mark.parametrize("target", ["scorm12", "scorm2004"])
def test_every_manifest_validates_and_lists_every_file(dist, target):
    for z in [z for z in zips(dist) if z.stem.endswith(target)]:
        with zipfile.ZipFile(z) as zf:
            names = set(zf.namelist())
            xml = zf.read("imsmanifest.xml")
            assert mf.validate(target, xml) == [], z.name
            doc = etree.fromstring(xml)
            listed = {f.get("href") for f in doc.iter("{*}file")}
            assert listed == names - {"imsmanifest.xml"}, z.name
            for res in doc.iter("{*}resource"):
                if res.get("href"):
                    assert res.get("href") in names
            # the schemas a manifest names ship beside it
            for loc in doc.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()[1::2]:
                assert loc in names
            assert all(safe_path(n) == n for n in names)


def test_scorm12_metadata_validates_against_imsmd(dist):
    """libxml2 cannot compile imsmd_rootv1p2p1.xsd; xmlschema checks the 1.2 metadata instead."""
    schema = xmlschema.XMLSchema(str(mf.schema_dir("scorm12") / "imsmd_rootv1p2p1.xsd"), validation="lax")
    for z in [z for z in zips(dist) if z.stem.endswith("scorm12")]:
        doc = etree.fromstring(zipfile.ZipFile(z).read("imsmanifest.xml"))
        lom = doc.find(".//{http://www.imsglobal.org/xsd/imsmd_rootv1p2p1}lom")
        errors = list(schema.iter_errors(etree.tostring(lom).decode()))
        assert errors == [], z.name


def test_mastery_and_sequencing_where_each_version_puts_them(dist):
    project, _ = load_project(ROOT)
    prog = project.programme
    doc12 = etree.fromstring(zipfile.ZipFile(dist / f"{prog.id}-scorm12.zip").read("imsmanifest.xml"))
    assert [e.text for e in doc12.iter("{*}masteryscore")] == []  # the SCO decides (lmsprofile: mastery override)
    assert [e.text for e in doc12.iter("{*}prerequisites")] == ["item-core"] * 8
    doc04 = etree.fromstring(zipfile.ZipFile(dist / f"{prog.id}-scorm2004.zip").read("imsmanifest.xml"))
    controls = list(doc04.iter("{http://www.imsglobal.org/xsd/imsss}deliveryControls"))
    assert len(controls) == 9
    assert all(c.get("completionSetByContent") == "true" and c.get("objectiveSetByContent") == "true" for c in controls)
    assert [e.text for e in doc04.iter("{*}minNormalizedMeasure")] == ["0.8"] * 9
    assert len(list(doc04.iter("{http://www.imsglobal.org/xsd/imsss}preConditionRule"))) == 0  # Moodle profile
    langs = [e.get("language") for e in doc04.iter("{http://ltsc.ieee.org/xsd/LOM}string")]
    assert set(langs) == {"nl"}


def test_rebuild_gives_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build(ROOT, tmp_path / "a", targets=("scorm12", "scorm2004"))
    build(ROOT, tmp_path / "b", targets=("scorm12", "scorm2004"))
    a, b = sorted((tmp_path / "a").glob("*.zip")), sorted((tmp_path / "b").glob("*.zip"))
    assert [p.name for p in a] == [p.name for p in b] and a
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    info = zipfile.ZipFile(a[0]).infolist()[0]
    assert info.date_time == (2026, 1, 1, 0, 0, 0)


def test_unsafe_paths_are_refused():
    for bad in ("../x", "/etc/passwd", "a\\b", "a/../../b"):
        with pytest.raises(ValueError):
            zip_bytes({bad: b"x"})


def test_failed_build_leaves_no_partial_output(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    out = tmp_path / "p" / "dist"
    out.mkdir()
    (out / "keep.zip").write_bytes(b"old")
    text = (project / "programme.yaml").read_text(encoding="utf-8")
    (project / "programme.yaml").write_text(text.replace("questions_per_attempt: 10", "questions_per_attempt: 900"),
                                            encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "build"], capsys)
    assert code == 1
    assert "build failed: nothing was written" in err
    assert sorted(p.name for p in out.iterdir()) == ["keep.zip"]


def test_suspend_budget_check_fails_the_build(tmp_path, capsys, monkeypatch):
    from scorm_build.package import scorm
    monkeypatch.setitem(scorm.SUSPEND_LIMIT, "scorm12", 200)
    project = copy_project(tmp_path / "p")
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "scorm12"], capsys)
    assert code == 1
    assert any("[package.suspend-budget]" in ln and "over the scorm12 limit of 200" in ln for ln in err)
    assert not (project / "dist").exists() or not list((project / "dist").glob("*.zip"))


def test_worst_case_state_fits_both_versions():
    project, _ = load_project(ROOT)
    from scorm_build.render import plan_pages
    for page in plan_pages(project):
        state = worst_suspend(page, project.bank(page.bank), project.programme.quiz)
        assert len(state) <= SUSPEND_LIMIT["scorm12"]


def test_build_reports_progress_and_exit_code(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    code, err, _ = run_cli(["--project", str(project), "build", "--office", "raadslid", "--target", "scorm12"], capsys)
    assert code == 0
    assert err[0].startswith("[1/1] dist/inwerkprogramma-decentraal-bestuur-raadslid-scorm12.zip")
    code, err, _ = run_cli(["--project", str(project), "build", "--office", "nobody"], capsys)
    assert code == 2
    assert err[0].startswith("scorm-build: error: no office nobody (offices: burgemeester, ")


def test_strict_build_fails_on_warnings_before_writing(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    (project / "curriculum" / "notes.txt").write_text("scratch", encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "scorm12", "--strict"], capsys)
    assert code == 1
    assert "build failed: nothing was written" in err
    assert not (project / "dist").exists()


def test_worst_case_counts_the_action_plan_and_fits_scorm12():
    """Every office page's worst state holds its whole action plan (every field full of characters JSON
    doubles) and still fits SCORM 1.2's 4,096 characters."""
    import json

    from scorm_build import actionplan
    from scorm_build.render import plan_pages
    project, _ = load_project(ROOT)
    for page in plan_pages(project):
        shape = actionplan.page_shape(project.curriculum, [project.module(m) for m in page.module_ids])
        if page.page_id == "core":
            assert shape is None
            continue
        state = worst_suspend(page, project.bank(page.bank), project.programme.quiz, shape)
        m = json.loads(state)["m"]
        assert len(m) == len(shape.rows) * len(actionplan.ROW_FIELDS) + len(shape.questions) > 20
        assert max(len(x) for x in m) == max(actionplan.LIMITS.values())
        assert len(state) - len(worst_suspend(page, project.bank(page.bank), project.programme.quiz)) > 2 * sum(
            len(x) for x in m)  # escaping counted
        assert len(state) <= SUSPEND_LIMIT["scorm12"], page.page_id


def test_budget_check_fails_when_the_plan_would_not_fit(tmp_path, capsys, monkeypatch):
    """Longer answers to the reflection questions would overflow SCORM 1.2: the build says so, no zip."""
    from scorm_build import actionplan
    monkeypatch.setattr(actionplan, "ANSWER_MAX", 400)
    project = copy_project(tmp_path / "p")
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "scorm12"], capsys)
    assert code == 1
    over = [ln for ln in err if "[package.suspend-budget]" in ln]
    assert any(": error: raadslid: suspend_data could reach" in ln for ln in over), over
    assert not any("core: suspend_data" in ln for ln in over)
    assert not (project / "dist").exists() or not list((project / "dist").glob("*.zip"))
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "scorm2004"], capsys)
    assert code == 0  # 64,000 characters hold it
