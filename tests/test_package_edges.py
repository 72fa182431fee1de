"""Package values an LMS shows or acts on (issue 17, found by the mutation run): item titles, objective
ids, references and declared files, metadata, the suspend_data budget, the import lint's limits and
messages, and a zip writer that deflates each distinct piece once."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from scorm_build.package import zipwriter
from scorm_build.project import load_project

from .conftest import ROOT
from .test_lms_profile import dists  # noqa: F401 (the module-scoped fixture: both profiles built once)

SS = "{http://www.imsglobal.org/xsd/imsss}"


def manifest_of(zip_path):
    return etree.fromstring(zipfile.ZipFile(zip_path).read("imsmanifest.xml"))


def test_every_item_an_lms_lists_has_its_modules_title(dists):  # noqa: F811
    """README: the programme package holds the core and 8 office SCOs; the LMS lists each by its item title,
    which is the module's title (in both versions, both profiles)."""
    project, _ = load_project(ROOT)
    programme = project.programme
    for profile in ("moodle", "sequencing"):
        for z in sorted(dists[profile].glob("*.zip")):
            items = manifest_of(z).findall(".//{*}organization/{*}item")
            titles = [(i.get("identifier"), i.findtext("{*}title")) for i in items]
            if z.name.startswith(f"{programme.id}-scorm"):  # the programme: one item per module
                assert titles == [(f"item-{m.id}", m.title) for m in project.modules], z.name
            else:  # an office package: one item, the programme and the office module
                [(ident, title)] = titles
                office = project.module(ident.removeprefix("item-"))
                assert title == f"{programme.title}: {office.title}", z.name


def test_every_2004_primary_objective_has_its_own_id(dists):  # noqa: F811
    """An LMS keeps an objective's status by its objectiveID, and an objective mapped to a global objective
    (the sequencing profile) must be identified: every SCO's primary objective has an id, unique in its
    manifest."""
    for profile in ("moodle", "sequencing"):
        for z in sorted(dists[profile].glob("*scorm2004.zip")):
            ids = [p.get("objectiveID") for p in manifest_of(z).iter(f"{SS}primaryObjective")]
            assert ids and all(ids) and len(set(ids)) == len(ids), (z.name, ids)


def test_a_repeated_piece_is_deflated_once_even_as_another_object(monkeypatch):
    """zipwriter: a page shared by many brands is deflated once; only the brand's own pieces are deflated
    per brand. Equal pieces found by content (new objects, as a brand build makes) are not deflated again."""
    calls = []
    real = zipwriter.zlib.compressobj

    def counting(*args):
        calls.append(args)
        return real(*args)
    monkeypatch.setattr(zipwriter.zlib, "compressobj", counting)
    shared = zipwriter.Deflated()
    page = b"<p>" + b"gedeelde pagina " * 400 + b"</p>"
    first = shared.pieces((b"Gemeente Aa", page))
    assert len(calls) == 2
    again = shared.pieces((bytes(b"Gemeente Aa"), bytes(bytearray(page))))  # equal content, other objects
    assert again == first and len(calls) == 2
    shared.pieces((b"Gemeente Bb", page))
    assert len(calls) == 3  # only the new name


def test_the_suspend_data_budget_counts_the_quiz_answers(tmp_path, capsys, monkeypatch):
    """docs/runtime.md / README: the build checks that suspend_data fits SCORM 1.2's 4,096 characters at
    worst, quiz state included (the drawn questions, their longest answers, the attempts). A limit one
    under the worst case with the quiz fails the build, although the lessons and action plan alone fit."""
    from scorm_build.actionplan import page_shape
    from scorm_build.package import scorm
    from scorm_build.render import plan_pages

    from .conftest import copy_project, run_cli
    project_dir = copy_project(tmp_path / "p")
    project, _ = load_project(project_dir)
    quiz = project.programme.quiz
    worst, bare = 0, 0
    for page in plan_pages(project):
        shape = page_shape(project.curriculum, [project.module(m) for m in page.module_ids])
        bank = project.bank(page.bank) if page.bank else None
        worst = max(worst, len(scorm.worst_suspend(page, bank, quiz, shape)))
        bare = max(bare, len(scorm.worst_suspend(page, None, quiz, shape)))
    assert bare < worst - 1
    monkeypatch.setitem(scorm.SUSPEND_LIMIT, "scorm12", worst - 1)
    code, err, _ = run_cli(["--project", str(project_dir), "build", "--target", "scorm12"], capsys)
    assert code == 1 and any(f"could reach {worst} characters" in ln for ln in err), err


def test_the_metadata_says_the_package_is_dutch(dists):  # noqa: F811
    """README: the learner-facing text is Dutch; a package's metadata says so (an LMS or catalogue shows
    and filters by it): the language is `nl`, and every text (title, description, version) is marked
    `nl`, in both versions."""
    for z in sorted(dists["moodle"].glob("*.zip")):
        md = manifest_of(z).find("{*}metadata")
        general = md.find(".//{*}general")
        assert general.findtext("{*}language") == "nl", z.name
        if z.stem.endswith("scorm12"):
            marks = [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in md.iter("{*}langstring")]
        else:
            marks = [s.get("language") for s in md.iter("{*}string")]
        assert marks == ["nl"] * 3, (z.name, marks)


def test_the_metadata_identifier_is_the_content_hash(dists):  # noqa: F811
    """docs/brands.md: the manifests' `sha256` identifier is the content hash of the sources (so a package
    says which content it holds; the branding leaves it unchanged)."""
    project, _ = load_project(ROOT)
    assert len(project.content_hash) == 64
    for profile in ("moodle", "sequencing"):
        for z in sorted(dists[profile].glob("*.zip")):
            general = manifest_of(z).find("{*}metadata").find(".//{*}general")
            ident = general.find("{*}identifier")
            if z.stem.endswith("scorm12"):
                assert ident.text == f"sha256:{project.content_hash}", z.name
            else:  # LOM 2004: catalog and entry
                assert (ident.findtext("{*}catalog"), ident.findtext("{*}entry")) == ("sha256", project.content_hash)


def test_a_manifest_that_does_not_validate_is_a_located_error_not_a_crash(tmp_path, capsys, monkeypatch):
    """The build validates every manifest against the XML schemas and reports what is wrong, per package,
    with nothing written (the writer never makes an invalid one, so the validator is made to object)."""
    from scorm_build.package import manifest

    from .conftest import copy_project, run_cli
    project = copy_project(tmp_path / "p")
    monkeypatch.setattr(manifest, "validate", lambda target, xml: ["element 'x': not expected"])
    out = tmp_path / "out"
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "scorm12", "--office", "raadslid",
                            "--out", str(out)], capsys)
    assert code == 1
    assert [ln for ln in err if ln.endswith("[package.manifest]")] == [
        "inwerkprogramma-decentraal-bestuur.raadslid/scorm12:1: error: manifest does not validate: element 'x':"
        " not expected [package.manifest]"]
    assert not out.exists() or not any(out.glob("*.zip"))


def test_every_reference_in_a_manifest_resolves_and_every_file_is_declared(dists):  # noqa: F811
    """An LMS launches the default organization's items through their resources: the default names an
    organization, every item names its SCO resource (an item without one is not launchable), every
    dependency names a resource, and every file of the zip is declared once, the launch page in its
    SCO's resource (IMS Content Packaging; the schema does not check these references)."""
    for profile in ("moodle", "sequencing"):
        for z in sorted(dists[profile].glob("*.zip")):
            doc = manifest_of(z)
            orgs = doc.find("{*}organizations")
            assert orgs.get("default") in {o.get("identifier") for o in orgs.findall("{*}organization")}, z.name
            resources = {r.get("identifier"): r for r in doc.find("{*}resources").findall("{*}resource")}
            items = orgs.findall(".//{*}item")
            assert items and all(resources.get(i.get("identifierref")) is not None for i in items), z.name
            for item in items:
                res = resources[item.get("identifierref")]
                assert res.get("href") in [f.get("href") for f in res.findall("{*}file")], (z.name, res.get("href"))
            deps = [d.get("identifierref") for r in resources.values() for d in r.findall("{*}dependency")]
            assert deps and all(d in resources for d in deps), z.name
            declared = [f.get("href") for r in resources.values() for f in r.findall("{*}file")]
            entries = [n for n in zipfile.ZipFile(z).namelist() if n != "imsmanifest.xml"]
            assert sorted(declared) == sorted(entries), z.name


# ---- the import lint (docs/runtime.md, LMS profiles): exact limits, located and coded messages ------

def moodle_manifest(dists, name: str) -> bytes:  # noqa: F811
    return zipfile.ZipFile(dists["moodle"] / name).read("imsmanifest.xml")


def line_of(xml: bytes, tag: str) -> int:
    return next(etree.fromstring(xml).iter(tag)).sourceline


@pytest.mark.parametrize("length", [255, 256])
def test_moodle_stores_identifiers_and_item_titles_of_at_most_255_characters(dists, length):  # noqa: F811
    """lmsprofile: Moodle keeps item/resource identifiers and item titles in varchar(255) columns; 255 fits,
    256 is a located lint with its code."""
    from scorm_build.package.lint import Lint, lint_manifest
    from scorm_build.package.lmsprofile import MOODLE
    xml = moodle_manifest(dists, "inwerkprogramma-decentraal-bestuur-raadslid-scorm12.zip")
    assert xml.count(b'identifier="item-raadslid"') == 1
    long_id = xml.replace(b'identifier="item-raadslid"', b'identifier="' + b"i" * length + b'"')
    title = etree.fromstring(xml).find(".//{*}item/{*}title").text.encode()
    long_title = xml.replace(b"<title>" + title + b"</title>\n      </item>",
                             b"<title>" + b"t" * length + b"</title>\n      </item>")
    assert long_title != xml
    if length == 255:
        assert lint_manifest(long_id, "scorm12", MOODLE) == lint_manifest(long_title, "scorm12", MOODLE) == []
    else:
        assert lint_manifest(long_id, "scorm12", MOODLE) == [Lint(
            line_of(long_id, "{*}item"), "identifier of 256 characters; Moodle 4.x stores at most 255",
            "lms.identifier-length")]
        assert lint_manifest(long_title, "scorm12", MOODLE) == [Lint(
            line_of(long_title, "{*}item") + 1, "item title of 256 characters; Moodle 4.x stores at most 255",
            "lms.title-length")]


def test_what_moodle_cannot_take_is_said_in_full_at_its_line(dists):  # noqa: F811
    """The lint's findings are build errors an administrator acts on: each says what Moodle does with it."""
    from scorm_build.package.lint import Lint, lint_manifest
    from scorm_build.package.lmsprofile import MOODLE
    xml = zipfile.ZipFile(dists["sequencing"] / "inwerkprogramma-decentraal-bestuur-scorm2004.zip").read(
        "imsmanifest.xml")
    found = lint_manifest(xml, "scorm2004", MOODLE)
    assert found[0] == Lint(line_of(xml, "{*}mapInfo"), "imsss:mapInfo (global objective"
                            " inwerkprogramma-decentraal-bestuur.core.satisfied): Moodle 4.x cannot import it (its"
                            " SCORM 2004 parser fails on mapInfo and cannot store objective targets)",
                            "lms.global-objectives")
    assert [f for f in found if f.code == "lms.sequencing-rules"][0] == Lint(
        line_of(xml, "{*}sequencingRules"), "imsss:sequencingRules: Moodle 4.x does not evaluate rule conditions"
        " (a 'disabled' precondition disables the SCO for everyone)", "lms.sequencing-rules")
    x12 = moodle_manifest(dists, "inwerkprogramma-decentraal-bestuur-scorm12.zip")
    legacy = x12.replace(b"</adlcp:prerequisites>", b"</adlcp:prerequisites><adlcp:masteryscore>80</adlcp:masteryscore>")
    assert lint_manifest(legacy, "scorm12", MOODLE)[0] == Lint(
        line_of(legacy, "{*}masteryscore"), "adlcp:masteryscore 80: Moodle 4.x rewrites the status from it when the"
        " session ends, so a failed attempt would become 'failed' whatever reporting.status says",
        "lms.mastery-override")


def test_a_profile_that_ignores_12_prerequisites_gets_them_reported(dists):  # noqa: F811
    """docs/runtime.md: what an LMS can take is data, and the lint reads it: for an LMS that does not
    evaluate `adlcp:prerequisites`, each one is a located finding with its code."""
    from dataclasses import replace

    from scorm_build.package.lint import Lint, lint_manifest
    from scorm_build.package.lmsprofile import MOODLE
    xml = moodle_manifest(dists, "inwerkprogramma-decentraal-bestuur-scorm12.zip")
    no_prereqs = replace(MOODLE, prerequisites_12=False)
    lines = [e.sourceline for e in etree.fromstring(xml).iter("{*}prerequisites")]
    assert len(lines) == 8
    assert lint_manifest(xml, "scorm12", no_prereqs) == [
        Lint(n, "adlcp:prerequisites: Moodle 4.x does not evaluate them", "lms.prerequisites") for n in lines]


def counting_deflate(monkeypatch) -> list[int]:
    """Patch zlib so every byte handed to a compressor is counted."""
    fed: list[int] = []
    real = zipwriter.zlib.compressobj

    class Counting:
        def __init__(self, *args):
            self.z = real(*args)

        def compress(self, data):
            fed.append(len(data))
            return self.z.compress(data)

        def flush(self, *args):
            return self.z.flush(*args)
    monkeypatch.setattr(zipwriter.zlib, "compressobj", Counting)
    return fed


def test_a_brand_zip_deflates_only_the_brands_own_pieces(monkeypatch):
    """archive.zip_bytes: a file given as pieces (a brand's page) is deflated piece by piece, so a second
    brand costs only its own name; the entry still reads back as the whole page."""
    import io

    from scorm_build.package import archive
    fed = counting_deflate(monkeypatch)
    shared = zipwriter.Deflated()
    page = b"<main>" + b"dezelfde les voor elke gemeente " * 300 + b"</main>"
    for name in (b"Gemeente Aa", b"Gemeente Bb en Cc"):
        before = sum(fed)
        data = archive.zip_bytes({"index.html": name + page}, shared, pieces={"index.html": (name, page)})
        assert zipfile.ZipFile(io.BytesIO(data)).read("index.html") == name + page
    assert sum(fed) - before == len(b"Gemeente Bb en Cc")


def test_bytes_used_as_a_piece_and_as_a_whole_file_deflate_correctly():
    """One Deflated serves a brand build's pieces and its whole files; the same bytes object may be both."""
    import zlib
    shared = zipwriter.Deflated()
    big = b"gedeeld " * 1000
    shared.pieces((b"Gemeente Aa", big))
    crc, stream = shared(big)
    assert crc == zlib.crc32(big) and zlib.decompress(stream, -15) == big


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a\\b", "a/../../b", "", "./x"])
def test_an_unsafe_path_is_refused_by_name(bad):
    """README (build safety): a package never holds a path that could leave the folder it is unpacked in;
    the error names the path."""
    from scorm_build.package.archive import zip_bytes
    with pytest.raises(ValueError) as caught:
        zip_bytes({bad: b"x"})
    assert str(caught.value) == f"unsafe path in package: {bad!r}"


def test_the_worst_draw_is_the_highest_indices_of_the_bank():
    """docs/runtime.md: `d` holds the bank indices of the drawn questions; the worst case (the longest
    suspend_data, which the build checks against the limit) draws the highest ones, no more digits than a
    real draw can have: with 12 questions and 10 drawn, 11 down to 2."""
    from dataclasses import replace

    from scorm_build.package.scorm import worst_suspend
    from scorm_build.render import plan_pages
    project, _ = load_project(ROOT)
    quiz = project.programme.quiz
    page = next(p for p in plan_pages(project) if p.bank)
    bank = project.bank(page.bank)
    small = replace(bank, questions=bank.questions[:12])
    assert quiz.questions_per_attempt == 10
    assert '"d":[11,10,9,8,7,6,5,4,3,2],' in worst_suspend(page, small, quiz)
    n = len(bank.questions)
    assert f'"d":[{",".join(str(n - 1 - i) for i in range(10))}],' in worst_suspend(page, bank, quiz)
