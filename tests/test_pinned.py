"""Behaviour users depend on, pinned at its edges (issue 17): exact limits, manifest values the schema
accepts but an LMS would act on wrongly, build safety, and the sanitiser's allow-list."""

from __future__ import annotations

import os
import zipfile

import pytest
from lxml import etree

from scorm_build.check import contrast
from scorm_build.fsutil import write_atomic
from scorm_build.package.archive import zip_bytes
from scorm_build.package.scorm import SUSPEND_LIMIT, worst_suspend
from scorm_build.project import load_project
from scorm_build.render import markdown, plan_pages

from .conftest import ROOT, copy_project, run_cli
from .test_lms_profile import dists  # noqa: F401 (the module-scoped fixture: both profiles built once)

SS = "{http://www.imsglobal.org/xsd/imsss}"


# ---- exact limits ------------------------------------------------------------------------------

def test_contrast_is_the_wcag_ratio():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)  # order does not matter
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WCAG's relative luminance: #767676 on white is the well-known 4.54:1, #777777 4.48:1
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.005)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)
    # each channel has its own weight (0.2126 R, 0.7152 G, 0.0722 B)
    assert contrast("#ff0000", "#ffffff") == pytest.approx(4.00, abs=0.005)
    assert contrast("#00ff00", "#ffffff") == pytest.approx(1.37, abs=0.005)
    assert contrast("#0000ff", "#ffffff") == pytest.approx(8.59, abs=0.005)
    # the linear segment of sRGB below 0.04045 (#0a0a0a is 10/255 = 0.039)
    assert contrast("#0a0a0a", "#000000") == pytest.approx(1.06, abs=0.005)


@pytest.mark.parametrize("colour,ok", [("#767676", True), ("#777777", False)])
@pytest.mark.parametrize("name", ["primary", "accent"])
def test_branding_contrast_at_its_4_5_edge(project, capsys, name, colour, ok):
    """README: two colours checked for WCAG contrast (4.5:1 with white for text)."""
    path = project / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    old = {"primary": '"#1f4e79"', "accent": '"#8a3b12"'}[name]
    assert old in text
    path.write_text(text.replace(old, f'"{colour}"'), encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    flagged = [ln for ln in err if ln.endswith("[programme.contrast]")]
    if ok:
        assert code == 0 and flagged == []
    else:
        assert code == 1
        assert flagged == [f"programme.yaml:{flagged[0].split(':')[1]}: error: branding.{name} {colour} has contrast"
                           " 4.48:1 with white; WCAG AA needs 4.5:1 for text (choose a darker colour)"
                           " [programme.contrast]"]


COPIED = "verdiep je in hoe lokale democratie"  # six words in a row of the publication (raadslid, verantwoordelijkheid)


@pytest.mark.parametrize("tail,copies", [(COPIED, True), (COPIED.split(" ", 1)[1], False)])
def test_six_words_copied_at_the_very_end_of_a_text_are_found(project, capsys, tail, copies):
    """README: authored text may not share six words in a row with the publication; the last window counts,
    five words do not."""
    path = project / "modules" / "raadslid.yaml"
    text = path.read_text(encoding="utf-8")
    line = "  - text: 'Hoe kwamen deze vier waarden tot stand? Dat vertelt de publicatie zelf:'"
    assert line in text
    path.write_text(text.replace(line, f"  - text: 'Zo gaat het, volgens ons. {tail}'"), encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    flagged = [ln for ln in err if ln.endswith("[module.copies-curriculum]")]
    if copies:
        assert code == 1
        assert len(flagged) == 1 and flagged[0].startswith("modules/raadslid.yaml:") and f"('{COPIED}…')" in flagged[0]
    else:
        assert flagged == [] and code == 0


# ---- manifest values the schema accepts --------------------------------------------------------

def manifest_of(dist, name):
    return etree.fromstring(zipfile.ZipFile(dist / name).read("imsmanifest.xml"))


def test_2004_objectives_are_satisfied_by_the_score_and_set_by_the_content(dists):  # noqa: F811
    """docs/runtime.md: 2004 keeps minNormalizedMeasure on the primary objective, and the SCO sets status."""
    for profile in ("moodle", "sequencing"):
        for z in sorted(dists[profile].glob("*scorm2004.zip")):
            doc = manifest_of(dists[profile], z.name)
            items = doc.findall(".//{*}item")
            primaries = [i.find(f"{SS}sequencing/{SS}objectives/{SS}primaryObjective") for i in items]
            assert all(p is not None and p.get("satisfiedByMeasure") == "true" for p in primaries), z.name
            assert [p.findtext(f"{SS}minNormalizedMeasure") for p in primaries] == ["0.8"] * len(items)
            controls = [i.find(f"{SS}sequencing/{SS}deliveryControls") for i in items]
            assert all(c.get("completionSetByContent") == "true" and c.get("objectiveSetByContent") == "true"
                       and c.get("tracked") in (None, "true") for c in controls), z.name
            assert doc.find(f".//{{*}}organization/{SS}sequencing/{SS}controlMode").attrib == {
                "choice": "true", "flow": "true"}


def test_the_sequencing_profile_makes_the_core_a_real_prerequisite(dists):  # noqa: F811
    """docs/runtime.md: the sequencing profile's 2004 programme disables an office SCO until the core's
    global objective is satisfied; the core writes that objective, the offices only read it."""
    doc = manifest_of(dists["sequencing"], "inwerkprogramma-decentraal-bestuur-scorm2004.zip")
    pid = "inwerkprogramma-decentraal-bestuur"
    items = {i.get("identifier"): i for i in doc.findall(".//{*}item")}
    core = items.pop("item-core")
    write = core.find(f"{SS}sequencing/{SS}objectives/{SS}primaryObjective/{SS}mapInfo")
    assert write.attrib == {"targetObjectiveID": f"{pid}.core.satisfied", "readSatisfiedStatus": "false",
                            "writeSatisfiedStatus": "true"}
    assert core.find(f"{SS}sequencing/{SS}sequencingRules") is None
    assert len(items) == 8
    for ident, item in items.items():
        seq = item.find(f"{SS}sequencing")
        rules = seq.findall(f"{SS}sequencingRules/{SS}preConditionRule")
        assert len(rules) == 1, ident
        conds = rules[0].find(f"{SS}ruleConditions")
        assert conds.get("conditionCombination") == "any"
        [cond] = conds.findall(f"{SS}ruleCondition")
        assert cond.attrib == {"referencedObjective": "prereq-core", "operator": "not", "condition": "satisfied"}
        assert rules[0].find(f"{SS}ruleAction").attrib == {"action": "disabled"}
        [prereq] = [o for o in seq.findall(f"{SS}objectives/{SS}objective") if o.get("objectiveID") == "prereq-core"]
        assert prereq.find(f"{SS}mapInfo").attrib == {"targetObjectiveID": f"{pid}.core.satisfied",
                                                      "readSatisfiedStatus": "true", "writeSatisfiedStatus": "false"}
        own = seq.find(f"{SS}objectives/{SS}primaryObjective/{SS}mapInfo")
        assert own.get("targetObjectiveID") == f"{pid}.{ident.removeprefix('item-')}.satisfied"
        assert (own.get("readSatisfiedStatus"), own.get("writeSatisfiedStatus")) == ("false", "true")


def test_the_moodle_profile_has_no_global_objectives_rules_or_masteryscore(dists):  # noqa: F811
    for z in sorted(dists["moodle"].glob("*.zip")):
        doc = manifest_of(dists["moodle"], z.name)
        assert doc.findall(".//{*}mapInfo") == [] and doc.findall(".//{*}sequencingRules") == [], z.name
        assert doc.findall(".//{*}masteryscore") == [], z.name
    doc = manifest_of(dists["moodle"], "inwerkprogramma-decentraal-bestuur-scorm12.zip")
    prereqs = doc.findall(".//{*}prerequisites")
    assert [(p.text, p.get("type")) for p in prereqs] == [("item-core", "aicc_script")] * 8


# ---- build safety ------------------------------------------------------------------------------

def test_a_failed_rename_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    """README: outputs are written atomically."""
    target = tmp_path / "out" / "pkg.zip"
    write_atomic(target, b"old")
    assert target.read_bytes() == b"old" and os.stat(target).st_mode & 0o777 == 0o644

    def broken(src, dst):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["pkg.zip"]
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and sorted(p.name for p in target.parent.iterdir()) == ["pkg.zip"]


def test_the_web_site_is_readable_by_a_web_server_and_writable_only_by_its_owner(project, tmp_path, monkeypatch):
    """README: `OUT/web/` is a static web site, so a web server running as another user must be able to
    read every file and enter the folder; nobody but the owner may change it (the build stages it in a
    private temporary folder, so these modes are set on purpose, not inherited)."""
    from scorm_build.build import build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "out"
    assert not build(project, out, ("web",), ("raadslid",)).report.errors
    assert (out / "web").stat().st_mode & 0o777 == 0o755
    files = [p for p in (out / "web").rglob("*") if p.is_file()]
    assert files and {p.stat().st_mode & 0o777 for p in files} == {0o644}


def test_zip_entries_are_in_sorted_order_with_the_manifest_among_them(dists):  # noqa: F811
    """README: the same sources give byte-identical zips; entries are sorted by name."""
    assert zipfile.ZipFile(__import__("io").BytesIO(zip_bytes({"b/x": b"1", "a": b"2", "B": b"3"}))).namelist() == [
        "B", "a", "b/x"]
    for z in sorted(dists["moodle"].glob("*.zip")):
        names = zipfile.ZipFile(z).namelist()
        assert names == sorted(names) and "imsmanifest.xml" in names, z.name


def test_the_suspend_data_estimate_assumes_999_attempts_when_unlimited():
    """docs/runtime.md: the worst case counts 999 attempts when max_attempts is 0 (unlimited)."""
    project, _ = load_project(ROOT)
    quiz = project.programme.quiz
    assert quiz.max_attempts == 0
    page = next(p for p in plan_pages(project) if p.bank)
    bank = project.bank(page.bank)
    unlimited = worst_suspend(page, bank, quiz)
    assert '"a":999,' in unlimited and '"n":9007199254740991,' in unlimited and '"b":100,' in unlimited
    from dataclasses import replace
    three = worst_suspend(page, bank, replace(quiz, max_attempts=3))
    assert '"a":3,' in three and len(unlimited) == len(three) + 2
    # every lesson seen, the current lesson the last one, every drawn answer at its longest
    steps = len(page.steps)
    assert f'"s":"{"1" * steps}","c":{steps - 1},' in unlimited
    assert len(unlimited) <= SUSPEND_LIMIT["scorm12"]


def test_a_limit_one_under_the_worst_case_fails_the_build_and_the_worst_case_itself_fits(tmp_path, capsys,
                                                                                          monkeypatch):
    from scorm_build.package import scorm
    project = copy_project(tmp_path / "p")
    loaded, _ = load_project(project)
    worst = max(len(scorm.page_worst(loaded, p)) for p in plan_pages(loaded))
    monkeypatch.setitem(scorm.SUSPEND_LIMIT, "scorm12", worst - 1)
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "scorm12"], capsys)
    assert code == 1 and any(f"could reach {worst} characters" in ln for ln in err), err
    monkeypatch.setitem(scorm.SUSPEND_LIMIT, "scorm12", worst)
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "scorm12"], capsys)
    assert code == 0, err


# ---- the sanitiser's allow-list ----------------------------------------------------------------

def test_markdown_keeps_exactly_the_allowed_tags():
    """README: raw HTML in authored Markdown is removed; what Markdown itself makes is kept."""
    src = ("Een *nadruk*, **vet**, `code` en [een link](https://example.nl/a \"titel\").  \nNieuwe regel.\n\n"
           "- een\n- twee\n\nTussen.\n\n1. eerste\n\n> citaat\n\n# Kop\n\n    blok\n\n---\n\n![beeld](https://e.nl/x.png)")
    out = str(markdown(src))
    tags = sorted({t for t in __import__("re").findall(r"<([a-z0-9]+)", out)})
    assert tags == ["a", "blockquote", "br", "code", "em", "li", "ol", "p", "strong", "ul"]
    assert 'href="https://example.nl/a"' in out and 'rel="noopener noreferrer"' in out
    assert "Kop" in out and "blok" in out  # the text of a removed tag stays


@pytest.mark.parametrize("html,kept", [
    ('<a href="mailto:griffie@example.nl">mail</a>', '<a href="mailto:griffie@example.nl" rel="noopener noreferrer">'),
    ('<a href="http://example.nl">x</a>', '<a href="http://example.nl" rel="noopener noreferrer">'),
    ('<a href="ftp://example.nl">x</a>', '<a rel="noopener noreferrer">'),
    ('<a href="data:text/html,x">x</a>', '<a rel="noopener noreferrer">'),
    ('<a href="https://e.nl" target="_blank" style="x" class="y" id="z">x</a>',
     '<a href="https://e.nl" rel="noopener noreferrer">'),
    ('<span class="x">b</span> <img src="https://e.nl/i.png"> <iframe></iframe>', '<p>b '),
])
def test_raw_html_attributes_and_schemes_outside_the_list_are_dropped(html, kept):
    out = str(markdown(html))
    assert kept in out
    for gone in ("target=", "style=", "class=", "id=", "<span", "<img", "<iframe", "ftp:", "data:"):
        assert gone not in out


# ---- messages a user acts on -------------------------------------------------------------------

@pytest.mark.parametrize("raw,message", [
    ("yesterday", "SOURCE_DATE_EPOCH='yesterday' is not a whole number of seconds since 1970-01-01"
                  " (e.g. 1767225600); set it to one or unset it"),
    ("4354819200", "SOURCE_DATE_EPOCH=4354819200 is after 2107-12-31, the last date a zip file can store;"
                   " use an earlier time"),
])
def test_an_unusable_source_date_epoch_says_what_to_do(monkeypatch, raw, message):
    from scorm_build.package.archive import source_date_epoch
    monkeypatch.setenv("SOURCE_DATE_EPOCH", raw)
    with pytest.raises(ValueError) as caught:
        source_date_epoch()
    assert str(caught.value) == message


def test_a_failed_exchange_names_the_path(tmp_path):
    from scorm_build.fsutil import exchange
    (tmp_path / "a").mkdir()
    try:
        swapped = exchange(tmp_path / "a", tmp_path / "missing")
    except OSError as exc:
        assert exc.filename == str(tmp_path / "missing")
    else:
        assert swapped is False  # a file system without renameat2: nothing to name
