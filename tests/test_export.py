"""Moodle XML read back equals the bank; every QTI 2.1 item and manifest validates against the schemas."""

from __future__ import annotations

import dataclasses
import html
import io
import zipfile

import pytest
from lxml import etree

from scorm_build.export import export, fraction
from scorm_build.project import load_project
from scorm_build.render import inline_markdown, markdown

from .conftest import ROOT, TEST_SCHEMAS, run_cli

QTI_DIR = TEST_SCHEMAS / "qti21"
LOCAL = {
    "http://www.imsglobal.org/xsd/w3/2001/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.imsglobal.org/xsd/w3/2001/XInclude.xsd": "XInclude.xsd",
    "http://www.w3.org/Math/XMLSchema/mathml2/mathml2.xsd": "mathml2/mathml2.xsd",
    "http://www.imsglobal.org/profile/apip/apipv1p0/apipv1p0_qtiextv2p1_v1p0.xsd": "apipv1p0_qtiextv2p1_v1p0.xsd",
}


class Local(etree.Resolver):
    def resolve(self, url, pubid, ctx):
        if url in LOCAL:
            return self.resolve_filename(str(QTI_DIR / LOCAL[url]), ctx)
        return None


@pytest.fixture(scope="module")
def qti_schema():
    imports = {"http://www.imsglobal.org/xsd/imsqti_v2p1": "imsqti_v2p1.xsd",
               "http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
               "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1": "imsqti_metadata_v2p1.xsd"}
    src = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{f}"/>' for ns, f in imports.items()) + "</xs:schema>"
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.fromstring(src.encode(), parser, base_url=str(QTI_DIR / "driver.xsd")))


@pytest.fixture(scope="module")
def project():
    p, _ = load_project(ROOT)
    return p


def test_moodle_xml_reads_back_as_the_bank(project):
    files = export(project, "moodle-xml")
    assert len(files) == len(project.banks)
    for bank in project.banks:
        doc = etree.fromstring(files[f"{project.programme.id}-{bank.module}-moodle.xml"])
        questions = doc.findall("question")[1:]
        assert doc.find("question").get("type") == "category"
        assert [q.findtext("name/text") for q in questions] == [q.id for q in bank.questions]
        for el, q in zip(questions, bank.questions):
            text = el.findtext("questiontext/text")
            assert str(markdown(q.prompt)) in text
            if q.scenario:
                assert str(markdown(q.scenario)) in text
            assert el.findtext("generalfeedback/text") == str(markdown(q.explanation))
            answers = el.findall("answer")
            if q.type == "matching":
                assert el.get("type") == "matching"
                subs = [(s.findtext("text"), s.findtext("answer/text")) for s in el.findall("subquestion")]
                key, names = dict(q.key), dict(q.rights)
                expected = [(html.escape(left), html.escape(names[key[lid]])) for lid, left in q.lefts]
                assert subs[: len(expected)] == expected
                assert all(s[0] == "" for s in subs[len(expected):])
            elif q.type == "truefalse":
                assert el.get("type") == "truefalse"
                got = {a.findtext("text"): a.get("fraction") for a in answers}
                assert got == {"true": "100" if q.options[0].correct else "0",
                               "false": "100" if q.options[1].correct else "0"}
            else:
                assert el.findtext("single") == ("false" if q.type == "multiple" else "true")
                assert [a.findtext("text") for a in answers] == [str(inline_markdown(o.text)) for o in q.options]
                assert [a.findtext("feedback/text") for a in answers] == [str(inline_markdown(o.feedback))
                                                                          for o in q.options]
                if not q.scored:  # a dilemma: 0 marks, every choice full credit
                    assert el.findtext("defaultgrade") == "0"
                    assert [a.get("fraction") for a in answers] == ["100"] * len(q.options)
                    continue
                assert el.findtext("defaultgrade") == "1"
                n = sum(o.correct for o in q.options)
                want = [(fraction(n) if o.correct else "-" + fraction(n)) if q.type == "multiple"
                        else ("100" if o.correct else "0") for o in q.options]
                assert [a.get("fraction") for a in answers] == want
                # fractions of the right answers add up to 100 %
                assert abs(sum(float(f) for f in want if not f.startswith("-")) - 100) < 0.001


def test_every_qti_item_and_manifest_validates(project, qti_schema):
    files = export(project, "qti")
    assert len(files) == len(project.banks)
    for name, data in files.items():
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = zf.namelist()
        manifest = etree.fromstring(zf.read("imsmanifest.xml"))
        assert qti_schema.validate(manifest), (name, qti_schema.error_log)
        hrefs = [r.get("href") for r in manifest.iter("{*}resource")]
        assert sorted(hrefs) == sorted(n for n in names if n.startswith("items/"))
        for item_name in hrefs:
            item = etree.fromstring(zf.read(item_name))
            assert qti_schema.validate(item), (item_name, [str(e) for e in qti_schema.error_log])


def test_qti_keys_and_mappings_follow_the_bank(project):
    bank = project.bank("raadslid")
    data = export(project, "qti", ("raadslid",))[f"{project.programme.id}-raadslid-qti21.zip"]
    zf = zipfile.ZipFile(io.BytesIO(data))
    ns = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
    for q in bank.questions:
        item = etree.fromstring(zf.read(f"items/{q.id}.xml"))
        values = [v.text for v in item.findall("q:responseDeclaration/q:correctResponse/q:value", ns)]
        if not q.scored:  # dilemmas: no right answer, no score, one feedback per choice
            assert values == [] and item.find("q:outcomeDeclaration[@identifier='SCORE']", ns) is None
            assert len(item.findall("q:modalFeedback", ns)) == len(q.options)
            continue
        if q.type == "matching":
            assert len(values) == len(q.lefts)
        else:
            assert values == [f"o{i}" for i, o in enumerate(q.options) if o.correct]
        if q.type == "multiple":
            entries = item.findall("q:responseDeclaration/q:mapping/q:mapEntry", ns)
            assert sum(float(e.get("mappedValue")) for e in entries if float(e.get("mappedValue")) > 0) == \
                pytest.approx(1.0)


def test_export_command(tmp_path, capsys):
    code, err, _ = run_cli(["--project", str(ROOT), "export", "--format", "qti", "--module", "core",
                            "--out", str(tmp_path)], capsys)
    assert code == 0
    assert (tmp_path / "inwerkprogramma-decentraal-bestuur-core-qti21.zip").is_file()
    code, err, _ = run_cli(["--project", str(ROOT), "export", "--format", "qti", "--module", "nope",
                            "--out", str(tmp_path)], capsys)
    assert code == 2


HOSTILE = ' <img src=x onerror="alert(1)"><script>alert(2)</script> a/b & c [x](javascript:alert(3)) '


def hostile_project(project):
    """The shipped project with hostile text appended to every text the exports write."""
    def text(value):
        return None if value is None else value + HOSTILE

    def question(q):
        return dataclasses.replace(
            q, prompt=text(q.prompt), explanation=text(q.explanation), scenario=text(q.scenario),
            options=tuple(dataclasses.replace(o, text=text(o.text), feedback=text(o.feedback)) for o in q.options),
            lefts=tuple((i, text(n)) for i, n in q.lefts), rights=tuple((i, text(n)) for i, n in q.rights))

    banks = tuple(dataclasses.replace(b, questions=tuple(question(q) for q in b.questions)) for b in project.banks)
    modules = tuple(dataclasses.replace(m, title=text(m.title)) for m in project.modules)
    programme = dataclasses.replace(project.programme, title=text(project.programme.title))
    return dataclasses.replace(project, banks=banks, modules=modules, programme=programme)


def assert_safe_html(fragment: str, where: str):
    from lxml import html as lhtml

    root = lhtml.fragment_fromstring(fragment or "<p></p>", create_parent="div")
    for el in root.iter():
        assert el.tag not in ("script", "img", "iframe", "style"), (where, fragment)
        for name, value in el.attrib.items():
            assert not name.startswith("on"), (where, fragment)
            assert "javascript:" not in value, (where, fragment)


def test_moodle_xml_escapes_hostile_text_in_every_field(project):
    evil = hostile_project(project)
    for name, data in export(evil, "moodle-xml").items():
        doc = etree.fromstring(data)
        for el in doc.iter("text"):
            owner = el.getparent()
            value = el.text or ""
            if owner.get("format") == "html":
                assert_safe_html(value, f"{name}: {owner.tag}")
            else:  # read by Moodle's format_string as HTML: must hold no markup at all
                assert "<" not in value and ">" not in value, (name, owner.tag, value)
        category = doc.findtext("question/category/text")
        # the title's own '/' does not open a subcategory, its markup is shown as text
        assert category.endswith("a//b &amp; c [x](javascript:alert(3)) ")
        assert category.count("/") - 2 * category.count("//") == 3  # $course$/top/programme/module
        subs = [s.findtext("text") for s in doc.iter("subquestion") if s.findtext("text")]
        assert all("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in t for t in subs)


def test_qti_escapes_hostile_text_and_stays_valid(project, qti_schema):
    evil = hostile_project(project)
    files = export(evil, "qti", ("raadslid",))
    zf = zipfile.ZipFile(io.BytesIO(next(iter(files.values()))))
    for item_name in (n for n in zf.namelist() if n.startswith("items/")):
        data = zf.read(item_name)
        item = etree.fromstring(data)
        assert qti_schema.validate(item), (item_name, [str(e) for e in qti_schema.error_log])
        for el in item.iter():
            local = etree.QName(el).localname
            assert local not in ("script", "img", "iframe"), item_name
            assert not any(k.startswith("on") or "javascript:" in v for k, v in el.attrib.items()), item_name
        choices = [c for c in item.iter("{*}simpleAssociableChoice")]
        assert all(c.text.endswith(HOSTILE) for c in choices)  # plain text, kept as text
