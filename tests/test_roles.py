"""Issue 11: role lessons, the mirror, the explanatory passages, the per-office term and the corrections,
as a learner sees them on the rendered pages."""

from __future__ import annotations

import json

import pytest
from lxml import html as lhtml

from scorm_build.mirror import mirror, names
from scorm_build.project import load_project
from scorm_build.render import plan_pages, render_site
from scorm_build.schema import Omitted
from scorm_build.strings import NL

from .conftest import ROOT


@pytest.fixture(scope="module")
def built():
    project, report = load_project(ROOT)
    assert project is not None, "\n".join(map(str, report.items))
    return project, render_site(project)


def text(page: bytes) -> str:
    return " ".join(lhtml.fromstring(page).text_content().replace(" [sic]", "").split())


def lesson_text(page: bytes, lesson_id: str) -> str:
    section = lhtml.fromstring(page).get_element_by_id(f"les-{lesson_id}")
    return " ".join(section.text_content().replace(" [sic]", "").split())


def flat(s: str) -> str:
    return " ".join(s.split())


def test_thinking_step_bullets_are_on_the_page(built):
    project, site = built
    page = lesson_text(site.files["core/index.html"], "core.welkom")
    for step in project.curriculum.method.steps:
        for bullet in step.bullets:
            assert flat(bullet) in page, (step.id, bullet)


@pytest.mark.parametrize("passage, page_path", [
    ("geen-rangorde", "core/index.html"), ("geen-rangorde", "raadslid/index.html"),
    ("soorten-clusters", "core/index.html"), ("prioriteiten-gekozen", "wethouder/index.html"),
    ("voetnoot-ambten", "statenlid/index.html"), ("voetnoot-ambten", "core/index.html"),
    ("perspectieven-denksessies", "griffier/index.html"), ("denksessie", "core/index.html"),
    ("rijk-context", "core/index.html"), ("kaarten", "burgemeester/index.html"),
    ("tjeenk-willink", "core/index.html"), ("meedenkers", "core/index.html"),
])
def test_explanatory_passages_are_shown_verbatim_with_their_location(built, passage, page_path):
    project, site = built
    p = project.curriculum.passage(passage)
    page = text(site.files[page_path])
    for para in p.paragraphs:
        assert flat(para) in page
    assert f"{NL['source']}: {NL['passage_label']}, {p.source}" in page


def test_who_tjeenk_willink_is_comes_before_his_quotes(built):
    project, site = built
    page = text(site.files["core/index.html"])
    intro = flat(project.curriculum.passage("tjeenk-willink").paragraphs[0])
    first_quote = flat(project.curriculum.quote("tjeenk-willink-1").text)
    assert page.index(intro) < page.index(first_quote)


def test_every_office_module_has_a_role_and_a_mirror_lesson(built):
    project, site = built
    for m in project.modules[1:]:
        kinds = {k for ls in m.lessons for b in ls.blocks for k in ("role", "mirror") if getattr(b, k) == m.office}
        assert kinds == {"role", "mirror"}, m.id
        page = text(site.files[f"{m.id}/index.html"])
        role = project.context.role(m.office)
        for sec in role.sections:
            assert sec.title in page
            for st in sec.statements:
                assert f"({NL['source']}: {st.source})" in page
        assert NL["by_programme"] in page
        assert NL["mirror_lead"] in page


def test_every_objective_is_taught_by_a_lesson_of_its_module(built):
    project, _ = built
    for m in project.modules:
        taught = {o for ls in m.lessons for o in ls.teaches}
        assert {o.id for o in m.objectives} <= taught, m.id


def test_mirror_rule_takes_other_offices_perspectives_that_name_the_office(built):
    project, site = built
    c, ctx = project.curriculum, project.context
    raad = {p.id for p in mirror(c, "raadslid", ctx.role("raadslid").named_by)}
    assert {"griffier-lef-3", "griffier-vertrouwen-1", "rekenkamerlid-helderheid-2",
            "rekenkamerlid-autonomie-2"} <= raad
    assert not any(pid.startswith("raadslid-") for pid in raad)
    staten = {p.id for p in mirror(c, "statenlid", ctx.role("statenlid").named_by)}
    assert {"griffier-lef-3", "rekenkamerlid-dienstbaarheid-3"} <= staten
    assert "rekenkamerlid-helderheid-2" not in staten  # "toe aan de raad" names the raad, not the Staten
    griffie = {p.id for p in mirror(c, "griffier", ctx.role("griffier").named_by)}
    assert {"raadslid-weerbaarheid-1", "burgemeester-verbondenheid-2"} <= griffie
    # whole words only: 'raad' is not found in 'raadsleden'
    assert names("Drink koffie met je raadsleden", ["raad"]) is None
    assert names("Licht het toe aan de raad.", ["raad"]) == "raad"
    page = lesson_text(site.files["raadslid/index.html"], "raadslid.samenwerken")
    assert flat(c.perspective("rekenkamerlid-helderheid-2").text) in page


def test_statenleden_get_the_publications_reason_as_a_deliberate_choice(built):
    project, site = built
    office = project.curriculum.office("statenlid")
    assert isinstance(office.perspectives, Omitted) and isinstance(office.association_perspectives, Omitted)
    page = lesson_text(site.files["statenlid/index.html"], "statenlid.handelen")
    assert NL["omitted"] in page
    assert flat(office.perspectives.reason) in page
    assert NL["missing"] not in page  # a choice is not labelled as lost content


def test_per_office_term_on_pages_and_certificate(built):
    project, site = built
    pages = {p.page_id: p for p in plan_pages(project)}

    def header(pid):
        return lhtml.fromstring(site.files[pages[pid].path]).find(".//header").text_content()

    assert "2027-2031" in header("statenlid") and "2026-2030" not in header("statenlid")
    assert "2027-2031" in header("waterschapsbestuurder")
    assert "2026-2030" in header("raadslid")
    assert "bestuursperiode" not in header("burgemeester")  # appointed for six years, no common term
    assert NL["term_appointed"] in text(site.files["burgemeester/index.html"])
    # the waterschap's bestuur holds elected members and an appointed dijkgraaf: the heading says both
    def term_heading(page):
        return next(h.text_content() for h in lhtml.fromstring(site.files[page]).iter("h3")
                    if h.text_content().startswith(NL["term_heading"]))

    assert term_heading("waterschapsbestuurder/index.html") == f"{NL['term_heading']}: {NL['term_mixed']}, 2027-2031"
    assert term_heading("statenlid/index.html") == f"{NL['term_heading']}: {NL['term_elected']}, 2027-2031"

    def certificate(pid):
        d = json.loads(lhtml.fromstring(site.files[pages[pid].path]).get_element_by_id("sco-data").text)
        return NL["certificate_text"].format(name="Piet Jansen", module=d["called"], programme=d["programmeTitle"],
                                             term=d["term"])

    assert certificate("raadslid") == ("Piet Jansen heeft de module voor raadsleden van het Inwerkprogramma decentraal"
                                       " bestuur met goed gevolg afgerond (bestuursperiode 2026-2030).")
    assert certificate("course-statenlid").endswith("de module voor Statenleden van het Inwerkprogramma decentraal"
                                                    " bestuur met goed gevolg afgerond (bestuursperiode 2027-2031).")
    assert certificate("rekenkamerlid").endswith("met goed gevolg afgerond.")
    assert "Module" not in certificate("griffier")


PRODUCTION_WORDS = ("tekstextractie", "extractie", "geëxtraheerd")


def test_no_learner_page_uses_production_words(built):
    project, site = built
    for path, data in site.files.items():
        if path.endswith(".html"):
            for word in PRODUCTION_WORDS:
                assert word.encode() not in data.lower(), (path, word)
    # quiz feedback is obfuscated in the page, so read what the learner is shown from the compiled banks
    for bank in project.banks:
        for q in bank.questions:
            shown = " ".join([q.prompt, q.scenario or "", q.explanation] + [o.text + " " + o.feedback for o in q.options])
            for word in PRODUCTION_WORDS:
                assert word not in shown.lower(), (q.id, word)


def test_glossary_terms_link_to_an_explanation_in_the_same_lesson(built):
    _, site = built
    doc = lhtml.fromstring(site.files["raadslid/index.html"])
    section = doc.get_element_by_id("les-raadslid.rol")
    links = section.xpath(".//a[@class='term']")
    assert {a.get("href") for a in links} >= {"#g-raadslid.rol-dualisme", "#g-raadslid.rol-griffie"}
    for a in links:
        target = section.xpath(f".//*[@id='{a.get('href')[1:]}']")
        assert target and target[0].xpath(".//dfn"), a.get("href")


def test_slips_of_the_publication_are_marked_sic(built):
    _, site = built
    raw = site.files["core/index.html"].decode()
    assert 'langetermijntontwikkelingen <span class="sic">[sic]</span>' in raw
    assert NL["sic"] in raw


def test_an_ideal_is_not_shown_as_a_certain_value(built):
    _, site = built
    assert f"Eerlijkheid ({NL['named_as_short']})" in text(site.files["core/index.html"])


def test_priority_cards_do_not_show_general_views_as_the_offices_own(built):
    project, site = built
    page = lesson_text(site.files["raadslid/index.html"], "raadslid.waarden")
    for vid in project.curriculum.office("raadslid").priorities:
        for view in project.curriculum.value(vid).views:
            assert flat(view) not in page, (vid, view)


def test_every_lesson_states_its_reading_time_and_perspectives_explain_je(built):
    project, site = built
    doc = lhtml.fromstring(site.files["wethouder/index.html"])
    for ls in project.module("wethouder").lessons:
        assert doc.get_element_by_id(f"les-{ls.id}").xpath(".//p[@class='reading-time']"), ls.id
    assert NL["je_u"] in lesson_text(site.files["wethouder/index.html"], "wethouder.handelen")


def test_long_verbatim_passages_have_a_plain_summary_above_them(built):
    project, site = built
    doc = lhtml.fromstring(site.files["core/index.html"])
    for lid in ("core.ideeel", "core.sociaal", "core.praktisch", "core.rijk"):
        section = doc.get_element_by_id(f"les-{lid}")
        summary = section.xpath(".//div[@class='summary']")
        assert summary and NL["summary_label"] in summary[0].text_content(), lid
        verbatim = section.xpath(".//blockquote[@class='passage'] | .//div[@class='cluster']")
        whole = section.text_content()
        assert whole.index(NL["summary_label"]) < whole.index(verbatim[0].text_content().strip()[:60]), lid


def test_glossary_terms_are_linked_once_per_lesson_and_longest_form_first(built):
    _, site = built
    section = lhtml.fromstring(site.files["statenlid/index.html"]).get_element_by_id("les-statenlid.rol")
    hrefs = [a.get("href") for a in section.xpath(".//a[@class='term']")]
    assert len(hrefs) == len(set(hrefs))
    # "Gedeputeerde Staten" is one term, not "Staten" (Provinciale Staten) inside it
    first = next(a for a in section.xpath(".//a[@class='term']") if "Staten" in a.text)
    assert first.text in ("Provinciale Staten", "Gedeputeerde Staten")
