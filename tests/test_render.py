"""Rendered pages show the curriculum faithfully, escape it, and load nothing from outside."""

from __future__ import annotations

import html
import re

import pytest
from lxml import html as lhtml

from scorm_build.project import load_project
from scorm_build.render import CSP, markdown, render_site
from scorm_build.schema import Missing

from .conftest import ROOT, copy_project


@pytest.fixture(scope="module")
def built():
    project, report = load_project(ROOT)
    assert project is not None
    return project, render_site(project)


def doc_csp(page: bytes) -> str:
    return lhtml.fromstring(page).find(".//meta[@http-equiv='Content-Security-Policy']").get("content")


def text_of(page: bytes) -> str:
    # "[sic]" marks a slip of the publication on the page; the curriculum holds the text without it
    return " ".join(lhtml.fromstring(page).text_content().replace(" [sic]", "").split())


def test_every_office_page_shows_its_priorities_and_perspectives(built):
    project, site = built
    c = project.curriculum
    for office in c.offices:
        page = text_of(site.files[f"{office.id}/index.html"])
        if isinstance(office.priorities, Missing):
            assert office.priorities.reason in page
        else:
            for v in office.priorities:
                assert c.value(v).name in page
        groups = () if isinstance(office.perspectives, Missing) else office.perspectives
        for g in groups:
            for p in g.items:
                assert " ".join(p.text.split()) in page, p.id
        ap = office.association_perspectives
        for p in () if isinstance(ap, Missing) else ap.items:
            assert " ".join(p.text.split()) in page, p.id
        if isinstance(office.perspectives, Missing):
            assert office.perspectives.reason in page


def test_core_page_covers_every_cluster_and_trend(built):
    project, site = built
    page = text_of(site.files["core/index.html"])
    for cl in project.curriculum.values.clusters:
        assert " ".join(cl.description.split()) in page
    for g in project.curriculum.trends.groups:
        for t in g.trends:
            assert t.claim in page
            assert all(b in page for b in t.bullets)


def test_pages_are_well_formed_dutch_and_self_contained(built):
    _, site = built
    for path, data in site.files.items():
        if not path.endswith(".html"):
            continue
        text = data.decode("utf-8")
        assert text.startswith("<!DOCTYPE html>")
        assert '<html lang="nl">' in text
        meta = doc_csp(data)
        assert meta == CSP, path
        doc = lhtml.fromstring(data)
        ids = [e.get("id") for e in doc.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), path
        for el in doc.iter("script", "link", "img"):
            url = el.get("src") or el.get("href") or ""
            assert not re.match(r"^(https?:)?//", url), (path, url)
        assert not re.search(r"\sstyle=", text), path  # CSP forbids inline styles


def test_curriculum_html_is_shown_as_text_never_executed(tmp_path):
    project_dir = copy_project(tmp_path / "p")
    office = project_dir / "curriculum" / "offices" / "burgemeester.yaml"
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    text = office.read_text(encoding="utf-8").replace(
        "text: Wees zichtbaar bij controles of handhaving van regels.", f"text: '{evil}'")
    office.write_text(text, encoding="utf-8")
    module = project_dir / "modules" / "burgemeester.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "title: Introductie", "title: Introductie <b onclick=x()>"), encoding="utf-8")
    project, report = load_project(project_dir)
    assert project is not None, report.items
    page = render_site(project).files["burgemeester/index.html"].decode("utf-8")
    assert html.escape(evil, quote=False) in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;b onclick=x()&gt;" in page


def test_authored_markdown_is_sanitised():
    out = str(markdown('Hallo <script>x()</script> **vet** [link](javascript:alert(1)) <a href="https://e.nl" onclick="x">e</a>'))
    assert "<script>" not in out and "onclick" not in out and "javascript:" not in out
    assert "<strong>vet</strong>" in out


def strings_in(value, seen=None) -> set[str]:
    """Every string held anywhere in a model value (dataclasses, tuples, mappings)."""
    import dataclasses
    out: set[str] = set()
    if isinstance(value, str):
        out.add(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            out |= strings_in(getattr(value, f.name))
    elif isinstance(value, dict):
        for k, v in value.items():
            out |= strings_in(k) | strings_in(v)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for v in value:
            out |= strings_in(v)
    return out


TRICKY = ["a & b", "a < b", "<b>vet</b>", "x *nadruk*", "_x_", "a  \nb", "geen\u00a0breuk", "1. lijst",
          "12. punt", "1.5 miljoen", "# kop", "> citaat", "    code", "tab\tin", "- item", "+ item", "a - b",
          "(a) b", "ﬁ ligatuur", "½ en ²", "“aanhaling”", "vraag?", "a\\b", "[link](https://x.nl)", "e-mail: a@b.nl",
          "a | b", "~doorgestreept~", "`code`", " spatie vooraan", "spatie achteraan ", "", "2026. Daarna", "'enkel'"]


def test_the_plain_prose_shortcut_gives_what_markdown_gives():
    """markdown() skips Python-Markdown for a line of plain prose; for every text the shipped project holds
    and for texts at the edge of the shortcut, the result is the full path's, byte for byte."""
    from scorm_build.render import full_markdown
    project, _ = load_project(ROOT)
    texts = strings_in(project) | set(TRICKY)
    assert len(texts) > 2000
    differ = [t for t in texts if str(markdown(t)) != str(full_markdown(t))]
    assert not differ, differ[:5]
