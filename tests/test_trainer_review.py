"""What a trainer of Statenleden and waterschapsbestuurders found in the pages and the kits (review of
2026-11-29), pinned as rules computed from the project, not as copied texts."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from scorm_build.kit import Kit, kits
from scorm_build.kit.render import kit_page, stylesheet
from scorm_build.mirror import mirror
from scorm_build.project import load_project
from scorm_build.render import render_site
from scorm_build.schema import Missing, Omitted
from scorm_build.strings import NL

from .conftest import ROOT


@pytest.fixture(scope="module")
def project():
    p, report = load_project(ROOT)
    assert p is not None, report.lines()
    return p


@pytest.fixture(scope="module")
def site(project):
    return render_site(project)


def text(page: bytes | str) -> str:
    page = page.decode() if isinstance(page, bytes) else page
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_no_title_repeats_the_programme_title(project, site):
    title = project.programme.title
    for path, data in site.files.items():
        if path.endswith(".html"):
            found = re.search(r"<title>(.*?)</title>", data.decode(), re.S).group(1)
            assert found.count(title) == 1, (path, found)
    assert re.search(r"<title>(.*?)</title>", site.files["index.html"].decode()).group(1) == title


def test_an_omission_the_office_and_its_association_share_is_quoted_once(project, site):
    """Where the publication left out the perspectives of an office and of its association for one reason,
    the lesson quotes that reason once and says the same choice holds for the association."""
    shared = [o for o in project.curriculum.offices if isinstance(o.perspectives, Omitted)
              and isinstance(o.association_perspectives, Omitted)
              and o.perspectives.reason == o.association_perspectives.reason]
    assert shared, "the shipped curriculum has such an office (Statenleden)"
    for o in shared:
        page = text(site.files[site.module_page(next(m.id for m in project.modules if m.office == o.id)).path])
        assert page.count(" ".join(o.perspectives.reason.split())) == 1, o.id
        assert NL["omitted_same"] in page
    others = [o for o in project.curriculum.offices if o not in shared]
    for o in others:
        page = text(site.files[site.module_page(next(m.id for m in project.modules if m.office == o.id)).path])
        assert NL["omitted_same"] not in page, o.id


def test_lost_priorities_and_lost_views_are_one_notice(project, site):
    for o in project.curriculum.offices:
        if not (isinstance(o.priorities, Missing) and isinstance(o.views, Missing)):
            continue
        page = site.files[site.module_page(next(m.id for m in project.modules if m.office == o.id)).path].decode()
        notices = [text(n) for n in re.findall(r'<p class="missing">.*?</p>', page, re.S)]
        both = [n for n in notices if " ".join(o.priorities.reason.split()) in n]
        assert len(both) == 1 and " ".join(o.views.reason.split()) in both[0], o.id
        assert not [n for n in notices if " ".join(o.views.reason.split()) in n and n not in both], o.id


def test_the_waterschap_mirror_holds_advice_to_the_representatives(project):
    """Griffiers and rekenkamerleden serve waterschappen too; what the publication advises them about the
    volksvertegenwoordiging concerns the algemeen bestuur of a waterschap as much as the raad or Staten."""
    c = project.curriculum
    serving = {o.id for o in c.offices if "waterschap" in o.layers and o.id != "waterschapsbestuurder"}
    expected = {p.text for p in c.perspectives() if p.office in serving and re.search(r"volksvertegenwoordig", p.text, re.I)}
    assert expected
    found = {p.text for p in mirror(c, "waterschapsbestuurder", project.context.role("waterschapsbestuurder").named_by)}
    assert expected <= found


def page_of(project, kit: Kit) -> str:
    return text(kit_page(project, kit, stylesheet(project.programme.branding.primary)))


def test_each_kit_says_what_its_priority_cards_hold_and_names_its_own_bodies(project):
    c = project.curriculum
    bodies = {"gemeente": "raad, griffie en college", "provincie": "Provinciale Staten, griffie en Gedeputeerde Staten",
              "waterschap": "algemeen bestuur, griffie en dagelijks bestuur"}
    for kit in kits(project):
        page = page_of(project, kit)
        layers = [kit.layer] if kit.joint else list(c.office(kit.offices[0]).layers)
        for layer, words in bodies.items():
            assert (words in page) == (layer in layers), (kit.id, layer)
        if kit.joint:
            continue
        o = c.office(kit.offices[0])
        claims = "met de handelingsperspectieven die de publicatie daarbij geeft" in page
        assert claims == (not isinstance(o.priorities, Missing) and not isinstance(o.perspectives, Missing)), kit.id
        plan_step = re.search(r"Mijn actieplan (.*?)Bespreek de plannen", page).group(1)
        assert ("handelingsperspectief of" in plan_step) == (not isinstance(o.perspectives, Missing)), kit.id


def test_which_offices_feedback_says_whose_values_are_not_in_the_programme(project):
    """'Which offices have value X as a priority?' lists the holders; the list is complete only among the
    offices whose four values the programme has, so the feedback names the others."""
    lacking = [o for o in project.curriculum.offices if isinstance(o.priorities, Missing)]
    assert lacking, "the shipped curriculum lacks the Statenleden's four values"
    generated = [q for b in project.banks for q in b.questions if ".gen.ambten." in q.id]
    assert generated
    for q in generated:
        for o in lacking:
            assert re.search(rf"Van {re.escape(o.plural)}\b[^.]* niet in dit programma", q.explanation, re.I), q.id


def test_every_law_source_names_an_article_a_learner_can_look_up(project):
    """The Kieswet numbers its articles with a chapter letter ('B 2a'); a bare law name cannot be looked up."""
    from scorm_build.check import LAW_RE

    assert LAW_RE.match("Kieswet, artikel B 2a") and LAW_RE.match("Gemeentewet, artikel 169, 180 en 182")
    assert not LAW_RE.match("Kieswet, artikel B") and not LAW_RE.match("Kieswet, artikel b 2")
    ctx = project.context
    sources = [st.source for r in ctx.roles for s in r.sections for st in s.statements]
    sources += [r.term.source for r in ctx.roles if r.term] + [g.source for g in ctx.glossary.terms]
    laws = [one for src in sources for one in src.split("; ") if not one.startswith("https://")]
    assert laws
    bare = [one for one in laws if ", artikel " not in one]
    assert bare == []
    dijkgraaf = ctx.role("waterschapsbestuurder").term
    assert "zes jaar" in dijkgraaf.text and "Waterschapswet, artikel 46" in dijkgraaf.source
