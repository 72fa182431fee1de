"""The trainer's fidelity review of the learner-facing content: its must-fixes, pinned so they stay fixed.

Each test reads the shipped sources or the rendered pages; the glossary tests also pin the rule that a
glossary entry is linked only in lessons of the layers of government it holds for."""

from __future__ import annotations

import re

import pytest
import yaml

from scorm_build.lessonpost import Finisher
from scorm_build.model.context import Glossary, GlossaryTerm
from scorm_build.project import load_project
from scorm_build.render import render_site

from .conftest import ROOT, run_cli


def question(bank: str, qid: str) -> dict:
    data = yaml.safe_load((ROOT / "quizzes" / f"{bank}.yaml").read_text(encoding="utf-8"))
    return next(q for q in data["questions"] if q["id"] == qid)


def keys(q: dict) -> list[str]:
    return [o["text"] for o in q["options"] if o.get("correct")]


def test_threats_are_reported_first_and_training_is_not_the_whole_answer():
    q = question("raadslid", "raadslid.casus.8")
    [key] = keys(q)
    assert "meldt" in key and "aangifte" in key
    wrong = [o["text"] for o in q["options"] if o.get("correct") is False]
    assert any("training" in w for w in wrong), "training alone, without reporting, is a wrong option"


def test_griffier_helps_with_the_form_and_refuses_only_the_politics():
    q = question("griffier", "griffier.casus.3")
    assert "argumenten" in q["scenario"]
    [key] = keys(q)
    assert "vorm" in key
    statenlid = question("statenlid", "statenlid.casus.1")
    feedback = " ".join(o["feedback"] for o in statenlid["options"])
    assert "wat de publicatie van hem vraagt" not in feedback


def module(mid: str) -> dict:
    return yaml.safe_load((ROOT / "modules" / f"{mid}.yaml").read_text(encoding="utf-8"))


def test_statenlid_association_objective_says_why_there_are_no_perspectives():
    objective = next(o for o in module("statenlid")["objectives"] if o["id"] == "statenlid.vereniging")
    assert "wat die kan doen" not in objective["text"]
    assert "geen handelingsperspectieven" in objective["text"]


def test_statenlid_values_lesson_names_the_difference_it_points_at():
    lesson = next(ls for ls in module("statenlid")["lessons"] if ls["id"] == "statenlid.waarden")
    texts = " ".join(b["text"] for b in lesson["blocks"] if "text" in b)
    assert "Let op het verschil" not in texts
    assert "kaart" in texts


@pytest.fixture(scope="module")
def built():
    project, report = load_project(ROOT)
    assert project is not None, "\n".join(map(str, report.items))
    return project, render_site(project)


def linked(site, page: str, lesson_id: str) -> list[tuple[str, str]]:
    """(entry id, linked words) of every glossary link in one lesson of a rendered page."""
    html = site.files[page].decode("utf-8")
    section = re.search(r'<section class="lesson" id="les-%s".*?</section>' % re.escape(lesson_id), html, re.S)
    return re.findall(r'<a class="term" href="#g-%s-([^"]+)">([^<]*)</a>' % re.escape(lesson_id), section.group(0))


@pytest.mark.parametrize("office", ["statenlid", "waterschapsbestuurder"])
def test_provincial_and_waterschap_role_lessons_link_no_gemeente_explanation(built, office):
    project, site = built
    layers = set(project.curriculum.office(office).layers)
    entries = {t.id: t for t in project.context.glossary.terms}
    links = linked(site, f"{office}/index.html", f"{office}.rol")
    assert links, "the role lesson links glossary words"
    for entry_id, _ in links:
        entry = entries[entry_id]
        assert entry.layers is None or layers <= set(entry.layers), entry_id
        laws = {one.split(",")[0] for one in entry.source.split("; ")}
        assert laws != {"Gemeentewet"}, (entry_id, entry.source)  # a gemeente-only explanation
        assert "de raad stelt" not in entry.text.lower(), entry_id


def test_dagelijks_bestuur_in_the_statenlid_lesson_is_not_the_waterschap_s(built):
    project, site = built
    page = site.files["statenlid/index.html"].decode("utf-8")
    assert "dagelijks bestuur" in page  # the words are there ...
    assert "#g-statenlid.rol-dagelijks-bestuur" not in page  # ... but never linked to the waterschap's DB
    assert ("dagelijks-bestuur", "dagelijks bestuur") in linked(site, "waterschapsbestuurder/index.html",
                                                              "waterschapsbestuurder.rol")


def test_the_raadslid_lesson_links_the_gemeente_variant(built):
    _, site = built
    ids = [e for e, _ in linked(site, "raadslid/index.html", "raadslid.rol")]
    assert "motie-gemeente" in ids and "motie" not in ids


def term(tid, forms, layers=None):
    return GlossaryTerm(id=tid, term=tid, forms=tuple(forms), text=f"uitleg {tid}", source="Gemeentewet",
                        layers=layers, ref=None)


def test_finisher_links_the_narrowest_entry_that_holds_and_none_where_none_holds():
    glossary = Glossary(terms=(term("motie", ["motie"]), term("motie-g", ["motie"], ("gemeente",)),
                               term("db", ["dagelijks bestuur"], ("waterschap",))), ref=None)
    finish = Finisher(glossary, (), {"g": frozenset({"gemeente"}), "p": frozenset({"provincie"}),
                                     "w": frozenset({"waterschap"})})
    html = "<p>Een motie over het dagelijks bestuur.</p>"
    assert 'href="#g-g-motie-g"' in finish(html, "g") and "#g-g-db" not in finish(html, "g")
    assert 'href="#g-p-motie"' in finish(html, "p") and "#g-p-db" not in finish(html, "p")
    assert 'href="#g-w-db"' in finish(html, "w")
    # a lesson read in every layer (the core module) gets only what holds everywhere
    assert 'href="#g-core-motie"' in finish(html, "core") and "#g-core-db" not in finish(html, "core")


def test_check_reports_two_entries_that_explain_the_same_word_in_the_same_layer(project, capsys):
    path = project / "context" / "glossary.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  source: Provinciewet, artikel 143b\n  layers: [provincie]\n- id: begroting",
                        "  source: Provinciewet, artikel 143b\n  layers: [gemeente]\n- id: begroting", 1)
    path.write_text(text, encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    assert code != 0
    clash = [ln for ln in err if ln.endswith("[context.glossary-clash]")]
    assert clash and "'amendement-gemeente'" in clash[0] and "'amendement-provincie'" in clash[0], err
    assert clash[0].startswith("context/glossary.yaml:")


def test_a_source_may_name_one_law_per_layer_but_each_must_be_known(project, capsys):
    path = project / "context" / "glossary.yaml"
    text = path.read_text(encoding="utf-8").replace("source: Gemeentewet, artikel 16; Provinciewet",
                                                    "source: Gemeentewet, artikel 16; Provinciewetje", 1)
    path.write_text(text, encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    assert code != 0 and any("Provinciewetje" in ln and "[context.source-unknown]" in ln for ln in err), err


def role(office: str) -> dict:
    return yaml.safe_load((ROOT / "context" / "roles" / f"{office}.yaml").read_text(encoding="utf-8"))


def statements(office: str) -> list[dict]:
    return [st for sec in role(office)["sections"] for st in sec["statements"]]


def test_role_statements_cite_the_article_that_says_it():
    griffier = {st["text"]: st["source"] for st in statements("griffier")}
    assert griffier["Elke gemeente heeft een griffier."] == "Gemeentewet, artikel 100"
    # The law does not say the griffier prepares the meetings with the chair: it says the griffier attends them
    # (art. 107b) and co-signs the raad's documents with the burgemeester (art. 32a).
    assert not any("bereidt u de vergaderingen" in t for t in griffier)
    meeting = next(t for t in griffier if "vergaderingen van de raad" in t)
    assert griffier[meeting] == "Gemeentewet, artikel 32a en 107b"  # not art. 9, which only makes the burgemeester chair
    water = {st["text"]: st["source"] for st in statements("waterschapsbestuurder")}
    toezicht = next(t for t in water if "toezicht" in t)
    assert water[toezicht] == "Waterschapswet, artikel 101 en 156"  # begroting to GS; GS may vernietigen
    assert role("waterschapsbestuurder")["term"]["text"].startswith("De meeste leden")


def test_dilemmas_leave_open_what_the_publication_leaves_open():
    raad = question("raadslid", "raadslid.dilemma.1")
    assert "kledingcode" not in raad["scenario"]  # line 644 says: keep your own style
    assert "rolzuiver" in raad["explanation"]
    bus = question("statenlid", "statenlid.dilemma.3")
    assert all("stemt" not in o["text"] for o in bus["options"]) and "motie" in bus["options"][0]["text"]
    for bank, qid in [("raadslid", "raadslid.dilemma.2"), ("waterschapsbestuurder", "waterschapsbestuurder.dilemma.2")]:
        for option in question(bank, qid)["options"]:
            for value in option["values"]:
                assert value in option["feedback"], (qid, option["id"], value)


LAW_ONLY = re.compile(r"(?:^|; )(?:Gemeentewet|Provinciewet|Wet gemeenschappelijke regelingen)(?:;|$)")


def test_provincial_griffier_and_rekenkamer_statements_cite_their_article():
    """Statenleden are the first users: no Provinciewet (or Gemeentewet) statement without its article in these
    lessons and in the glossary. Checked against the law text (Provinciewet BWBR0005645, Gemeentewet BWBR0005416)."""
    for office in ("statenlid", "griffier", "rekenkamerlid"):
        sources = [st["source"] for st in statements(office)] + [role(office)["term"]["source"]]
        assert not [s for s in sources if LAW_ONLY.search(s)], (office, sources)
    glossary = yaml.safe_load((ROOT / "context" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    bare = [t["id"] for t in glossary if LAW_ONLY.search(t["source"])]
    assert bare == [], bare
    staten = {st["text"]: st["source"] for st in statements("statenlid")}
    assert staten[next(t for t in staten if t.startswith("Gedeputeerde Staten voeren"))] == "Provinciewet, artikel 35 en 158"
    assert staten[next(t for t in staten if "statengriffier" in t)] == "Provinciewet, artikel 104a"
    terms = {t["id"]: t for t in glossary}
    assert terms["amendement-provincie"]["source"] == "Provinciewet, artikel 143b"
    assert terms["enquete-provincie"]["source"] == "Provinciewet, artikel 151a, 151b en 151c"


def test_rekenkamer_statements_say_what_the_law_says():
    texts = {st["text"]: st["source"] for st in statements("rekenkamerlid")}
    joined = " ".join(texts)
    # Since the Wet versterking decentrale rekenkamers (Stb. 2022, 430) a raad may also set up a rekenkamer
    # together with other raden: "De raad stelt die in." alone is imprecise.
    assert "samen met de raden van andere gemeenten" in joined
    # Art. 183 obliges the gemeentebestuur to inform; it does not name "de ambtenaren".
    assert "Het gemeentebestuur en de ambtenaren moeten" not in joined
    # Art. 81f also bars the burgemeester.
    assert "de burgemeester" in next(t for t in texts if t.startswith("De rekenkamer is onafhankelijk"))
    assert role("rekenkamerlid")["term"]["source"] == "Gemeentewet, artikel 81c; Provinciewet, artikel 79c"


def test_waterschap_dagelijks_bestuur_members_are_appointed_not_elected():
    terms = {t["id"]: t for t in yaml.safe_load((ROOT / "context" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]}
    for tid in ("dagelijks-bestuur", "db-lid"):
        assert "kiest de leden" not in terms[tid]["text"]  # Waterschapswet art. 41: benoemd, and not the voorzitter
        assert "benoemt de leden, behalve de voorzitter" in " ".join(terms[tid]["text"].split())
    assert "Hij is benoemd" not in terms["commissaris-van-de-koning"]["text"]


def test_wethouder_trusts_civil_servants_on_content_but_does_not_hand_it_over():
    q = question("wethouder", "wethouder.casus.12")
    [key] = keys(q)
    assert "laat de inhoud" not in key and "vertrouwt voor de inhoud" in " ".join(key.split())
    feedback = next(o["feedback"] for o in q["options"] if o.get("correct"))
    assert "verantwoording" in feedback  # the wethouder stays accountable to the raad (Gemeentewet, art. 169)


def test_gemeentesecretaris_does_not_ask_the_raad_for_money_himself():
    q = question("gemeentesecretaris", "gemeentesecretaris.casus.5")
    c = next(o for o in q["options"] if o["id"] == "c")
    assert "het college" in c["text"] and "dat u bij iets onverwachts" not in c["text"]
    assert "begroting" in c["feedback"]
    assert not q["scenario"].startswith("U maakt de begroting")


def test_griffier_advises_on_the_agenda_and_the_raad_decides():
    q = question("griffier", "griffier.casus.2")
    [key] = keys(q)
    assert key.startswith("U adviseert de voorzitter en de raad")
    assert "waarom u nu afwijkt" not in key
    c = next(o for o in q["options"] if o["id"] == "c")
    assert "burgemeester roept de raad op" in " ".join(c["feedback"].split())
    griffier = {st["text"]: st["source"] for st in statements("griffier")}
    assert griffier[next(t for t in griffier if t.startswith("De burgemeester roept de raad op"))] == "Gemeentewet, artikel 19"


def test_griffier_intervisie_case_has_one_defensible_key():
    """Pressure from a raadslid is not only a matter for intervisie: talking to the voorzitter was a defensible
    answer, so the case no longer turns on it."""
    q = question("griffier", "griffier.casus.12")
    assert "onder druk" not in q["scenario"]
    assert not any("burgemeester" in o["text"] for o in q["options"])
    b = next(o for o in q["options"] if o["id"] == "b")
    assert "boven de partijen" in b["feedback"]  # griffier-vertrouwen-3


def test_griffier_dilemma_does_not_propose_digital_raad_meetings():
    assert "digita" not in question("griffier", "griffier.dilemma.2")["scenario"]


def test_every_dilemma_choice_explains_each_value_it_weighs():
    for bank in ("burgemeester", "wethouder", "gemeentesecretaris", "griffier", "rekenkamerlid"):
        data = yaml.safe_load((ROOT / "quizzes" / f"{bank}.yaml").read_text(encoding="utf-8"))
        for q in data["questions"]:
            for option in q.get("options", []):
                for value in option.get("values", []):
                    assert value in option["feedback"], (q["id"], option["id"], value)


def test_dutch_slips_in_the_municipal_banks_are_mended():
    burgemeester = (ROOT / "quizzes" / "burgemeester.yaml").read_text(encoding="utf-8")
    secretaris = (ROOT / "quizzes" / "gemeentesecretaris.yaml").read_text(encoding="utf-8")
    for text in (burgemeester, secretaris):
        assert "stil ligt" not in text and "stil liggen" not in text  # stilliggen is one word
    assert "vraagt om besluiten" not in " ".join(burgemeester.split())
    assert "portefeuille openbare orde" not in " ".join(burgemeester.split())  # openbare orde is her own task
    assert "verwijst in de peiling" not in secretaris


def test_municipal_role_statements_cite_their_article():
    for office in ("wethouder", "gemeentesecretaris", "griffier", "burgemeester"):
        sources = [st["source"] for st in statements(office)] + [role(office)["term"]["source"]]
        assert not [s for s in sources if LAW_ONLY.search(s)], (office, sources)
    secretaris = " ".join(st["text"] for st in statements("gemeentesecretaris"))
    assert "De ambtenaren geven de rekenkamer" not in secretaris  # art. 183 obliges the gemeentebestuur
    burgemeester = " ".join(st["text"] for st in statements("burgemeester"))
    assert "U bevordert onder meer een goede samenwerking" not in burgemeester  # art. 170: 'ziet toe op'
    assert role("wethouder")["term"]["source"] == "Gemeentewet, artikel 35, 42 en 49"


def test_more_dutch_slips_are_mended():
    text = {b: " ".join((ROOT / "quizzes" / f"{b}.yaml").read_text(encoding="utf-8").split())
            for b in ("burgemeester", "gemeentesecretaris", "rekenkamerlid")}
    assert "dienstbaar naar" not in text["gemeentesecretaris"]  # dienstbaar aan
    assert "U neemt even tijd" not in text["burgemeester"]
    assert "wordt stil minder goed" not in text["rekenkamerlid"]
    assert "met welke eisen" not in text["rekenkamerlid"]  # the option says 'maatstaven'


def test_an_amendment_changes_the_proposal_not_the_decision():
    """Gemeentewet art. 147b / Provinciewet art. 143b: a member proposes to change an agenda'd draft decision."""
    terms = {t["id"]: t for t in yaml.safe_load((ROOT / "context" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]}
    for tid in ("amendement", "amendement-gemeente", "amendement-provincie"):
        text = " ".join(terms[tid]["text"].split())
        assert "verandert het besluit" not in text and "wordt het voorstel gewijzigd" in text, tid


def test_gemeentesecretaris_statement_says_what_article_160_says():
    texts = {st["text"]: st["source"] for st in statements("gemeentesecretaris")}
    assert not any("de ambtenaren bereiden besluiten voor" in t for t in texts)  # art. 160 gives that to the college
    advice = next(t for t in texts if t.startswith("U staat het college bij met advies"))
    assert texts[advice] == "Gemeentewet, artikel 103 en 160"


def test_rekenkamer_statements_fit_the_law_in_force_since_2023():
    """Since Stb. 2022, 430 (in force 1 January 2023) art. 183 Provinciewet speaks of the 'gevoerde beleid'."""
    staten = " ".join(st["text"] for st in statements("statenlid"))
    assert "onderzoekt het beleid van het provinciebestuur" in " ".join(staten.split())
    reken = " ".join(st["text"] for st in statements("rekenkamerlid"))
    assert "rechtmatigheid van het bestuur van de" not in " ".join(reken.split())


BARE_WATERSCHAPSWET = re.compile(r"(?:^|; )Waterschapswet(?:;|$)")


def test_waterschap_statements_cite_their_waterschapswet_article():
    """The waterschap module is used first (spring 2027): every Waterschapswet statement names its article, checked
    against the law text (BWBR0005108) as amended by Stb. 2022, 517 (in force 17 December 2022)."""
    sources = [st["source"] for st in statements("waterschapsbestuurder")] + [role("waterschapsbestuurder")["term"]["source"]]
    assert not [s for s in sources if BARE_WATERSCHAPSWET.search(s)], sources
    terms = {t["id"]: t for t in yaml.safe_load((ROOT / "context" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]}
    for tid in ("ab-lid", "algemeen-bestuur", "dagelijks-bestuur", "db-lid", "dijkgraaf"):
        assert not BARE_WATERSCHAPSWET.search(terms[tid]["source"]), tid
    assert "hoogste bestuur" not in terms["algemeen-bestuur"]["text"]  # the law gives the AB no such title (art. 77)


def test_waterschap_statements_say_what_the_law_says_since_december_2022():
    texts = {" ".join(st["text"].split()): st["source"] for st in statements("waterschapsbestuurder")}
    joined = " ".join(texts)
    # Stb. 2022, 517 (initiatiefwet Bromet/De Groot, Kamerstukken 35608) struck the geborgde zetels of bedrijven:
    # art. 12(2)(d) lapsed, art. 13(2) now gives two seats each to ongebouwd and natuurterreinen.
    assert "natuurbeheerders en bedrijven" not in joined
    seats = next(t for t in texts if "geborgde zetels" in t)
    assert "vier geborgde zetels" in seats and "geen geborgde zetels meer" in seats
    assert texts[seats].startswith("Waterschapswet, artikel 12, 13 en 14; ") and "stb-2022-517" in texts[seats]
    # Art. 41: the AB appoints (benoemt) the DB members other than the voorzitter; it does not 'kiest het DB'.
    assert "kiest uit zijn leden het dagelijks bestuur" not in joined
    assert texts[next(t for t in texts if t.startswith("Het dagelijks bestuur bestaat"))] == "Waterschapswet, artikel 40, 41 en 84"
    # Art. 53/55 speak of 'de secretaris' who assists the bestuur; 'hoogste ambtenaar' traces to nothing.
    assert "hoogste ambtenaar" not in joined
    assert texts[next(t for t in texts if "secretaris" in t)] == "Waterschapswet, artikel 53 en 55"
    assert texts[next(t for t in texts if t.startswith("De regering (de Kroon) benoemt de dijkgraaf"))] == "Waterschapswet, artikel 46"


def test_waterschap_bank_does_not_say_the_publication_demands_and_the_ab_is_not_all_elected():
    bank = " ".join((ROOT / "quizzes" / "waterschapsbestuurder.yaml").read_text(encoding="utf-8").split())
    assert "De publicatie vraagt waterschapsbestuurders" not in bank  # perspectives are suggestions, not rules
    assert "net gekozen" not in question("waterschapsbestuurder", "waterschapsbestuurder.casus.2")["scenario"]


def test_raadslid_statements_cite_their_gemeentewet_article_and_say_what_it_says():
    """Checked against the Gemeentewet (BWBR0005416) and the Wgr (BWBR0003740)."""
    sources = [st["source"] for st in statements("raadslid")] + [role("raadslid")["term"]["source"]]
    assert not [s for s in sources if LAW_ONLY.search(s)], sources
    texts = {" ".join(st["text"].split()): st["source"] for st in statements("raadslid")}
    joined = " ".join(texts)
    # art. 147b: an amendment changes the agenda'd proposal; the raad then votes on it (as in the glossary)
    assert "wordt het besluit gewijzigd genomen" not in joined and "wordt het voorstel gewijzigd" in joined
    # art. 147/149 say who makes verordeningen; 'de belangrijkste besluiten' is in no article
    assert "De raad neemt de belangrijkste besluiten" not in joined
    # 'planning-en-controlcyclus' and 'tussentijdse rapportages' are not in the Gemeentewet
    assert "planning-en-control" not in joined
    # art. 155b/155c oblige (former) bestuurders and ambtenaren of the gemeente, not everyone
    assert "Wie wordt opgeroepen, moet verschijnen" not in joined
    assert texts[next(t for t in texts if "Enquête" in t)] == "Gemeentewet, artikel 155a, 155b en 155c"
    assert texts[next(t for t in texts if "Initiatiefvoorstel" in t)] == "Gemeentewet, artikel 147a"
    assert texts[next(t for t in texts if "gemeenschappelijke regeling" in t)] == \
        "Wet gemeenschappelijke regelingen, artikel 8, 34 en 35"  # art. 35: zienswijze op de ontwerpbegroting
    terms = {t["id"]: t for t in yaml.safe_load((ROOT / "context" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]}
    assert "Wie wordt opgeroepen" not in terms["enquete-gemeente"]["text"]


def test_gemeentesecretaris_leaves_the_political_reaction_to_the_accountable_wethouder():
    """Gemeentewet art. 169: the college and each wethouder account to the raad; the secretaris does not face the press
    alone on a political matter, but acknowledges the organisation's fault and fixes it."""
    q = question("gemeentesecretaris", "gemeentesecretaris.casus.1")
    [key] = keys(q)
    assert "wethouder" in key and "namens de organisatie" not in key
    alone = next(o for o in q["options"] if "journalist zelf" in o["text"])
    assert alone["correct"] is False and "verantwoording af aan de raad" in " ".join(alone["feedback"].split())
    assert "artikel 169" in q["explanation"] and "niet die van de publicatie" in " ".join(q["explanation"].split())


def test_gemeentesecretaris_feedback_says_the_college_decides_on_the_organisation():
    q = question("gemeentesecretaris", "gemeentesecretaris.casus.7")
    for option in q["options"]:
        assert "artikel 160" in option["feedback"], option["id"]
    [key] = keys(q)
    assert "college" in key


def test_griffier_and_secretaris_describe_the_rekenkamer_as_the_rekenkamerlid_lesson_does():
    """One wording for art. 182 (as amended by Stb. 2022, 430) in every municipal lesson, not 'onderzoekt het bestuur'."""
    for office in ("griffier", "gemeentesecretaris"):
        joined = " ".join(" ".join(st["text"].split()) for st in statements(office))
        assert "rekenkamer onderzoekt het bestuur" not in joined, office
        assert "De rekenkamer onderzoekt of het gemeentebestuur doelmatig, doeltreffend en rechtmatig werkt." in joined
    # 'belangrijkste adviseur' is in no article; art. 103 says the secretaris staat het college en de burgemeester bij
    assert "belangrijkste adviseur" not in role("gemeentesecretaris")["summary"]


# 'hij'/'hem' that do not stand for an office holder: the raad and the nota (de-words), a text, Tjeenk Willink.
NOT_A_PERSON = ("de raad mist dan juist wat hij", "de tekst zoals hij is", "de raad beslist zelf of hij",
                "heeft hem vastgesteld", "eerst wie hij is", "hij sprak tot alle decentrale ambtsdragers")


def test_learner_facing_text_does_not_make_office_holders_male():
    """Office holders are 'u', named by their office, 'die' or plural; quotes of the publication (curriculum/) stay."""
    found = []
    for folder in ("context", "modules", "quizzes"):
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            text = " ".join(path.read_text(encoding="utf-8").split()).lower()
            for hit in re.finditer(r"\b(hij|hem)\b", text):
                around = text[max(0, hit.start() - 40):hit.end() + 40]
                if not any(ok in around for ok in NOT_A_PERSON):
                    found.append((path.name, around))
    assert found == [], found
    bank = " ".join((ROOT / "quizzes" / "wethouder.yaml").read_text(encoding="utf-8").split())
    assert "want dat is zijn rol" not in bank and "met zijn dossier" not in bank
    assert "Ieder zijn eigen rol" not in (ROOT / "modules" / "core.yaml").read_text(encoding="utf-8")


def test_waterschap_keyed_feedback_says_why_not_only_what():
    why = {"waterschapsbestuurder.casus.9": "Zo beslist u mee over een plan dat u begrijpt",
           "waterschapsbestuurder.casus.11": "kunt u later controleren",
           "waterschapsbestuurder.casus.12": "tijd en energie"}
    for qid, reason in why.items():
        q = question("waterschapsbestuurder", qid)
        feedback = " ".join(next(o["feedback"] for o in q["options"] if o.get("correct")).split())
        assert reason in feedback, qid


def test_no_enquete_entry_says_everyone_who_is_summoned_must_appear():
    """Gemeentewet art. 155b/155c and Provinciewet art. 151b/151c oblige (former) bestuurders, members and ambtenaren,
    not everyone."""
    terms = {t["id"]: t for t in yaml.safe_load((ROOT / "context" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]}
    for tid in ("enquete", "enquete-gemeente", "enquete-provincie"):
        assert "Wie wordt opgeroepen" not in terms[tid]["text"], tid
        assert "Bestuurders en ambtenaren" in terms[tid]["text"], tid


def test_no_bank_says_the_publication_demands_what_it_offers_as_a_perspective():
    """The publication's handelingsperspectieven are 'wat ambtsdragers zelf kunnen doen' (source, line 514):
    suggestions, not demands. Feedback and explanations say the publication 'raadt aan' or 'noemt'."""
    said = {f.relative_to(ROOT).as_posix(): " ".join(f.read_text(encoding="utf-8").split())
            for folder in ("quizzes", "modules", "context") for f in sorted((ROOT / folder).rglob("*.yaml"))}
    assert not {name for name, text in said.items() if re.search(r"[Pp]ublicatie vraagt", text)}
    # nor with a pronoun in the sentence after one that names the publication
    assert not {name for name, text in said.items()
                if re.search(r"[Pp]ublicatie[^.]*\.\s+(?:Ze|Zij) vraagt", text)}
    assert "wat ambtsdragers zelf kunnen doen" in (ROOT / "source" / "toekomstbestendig-decentraal-bestuur.txt").read_text(
        encoding="utf-8")


def test_statenlid_and_waterschap_lessons_do_not_say_an_association_chose_their_values():
    """The general passage says the priorities were set 'in overleg met de betreffende beroeps- en
    belangenvereniging'; for Statenleden and waterschapsbestuurders the publication says only 'selecteerden we er
    vier' and names no association (source, lines 722 and 733)."""
    for office in ("statenlid", "waterschapsbestuurder"):
        assert "selecteerden we er vier." in yaml.safe_load(
            (ROOT / "curriculum" / "offices" / f"{office}.yaml").read_text(encoding="utf-8"))["selection"]
        lesson = next(ls for ls in module(office)["lessons"] if ls["id"] == f"{office}.waarden")
        texts = [" ".join(b["text"].split()) for b in lesson["blocks"] if "text" in b]
        assert "In het algemeen" in texts[0], office
        assert any("noemt de publicatie bij" in t and "niet" in t for t in texts), office
        assert not any("Dat vertelt de publicatie zelf" in t for t in texts), office


def test_u_address_text_says_uw_and_hebt():
    """Learner text addresses the learner as 'u': 'uw samenwerking', not 'jullie'; and 'u hebt' throughout."""
    files = [f for folder in ("modules", "quizzes", "context") for f in sorted((ROOT / folder).rglob("*.yaml"))]
    files.append(ROOT / "scorm_build" / "strings.py")
    for f in files:
        text = " ".join(f.read_text(encoding="utf-8").split())
        assert not re.search(r"\bjullie\b", text, re.I), f.name
        assert not re.search(r"\b[Uu] heeft\b", text), f.name
    for f in sorted((ROOT / "context").rglob("*.yaml")):
        text = " ".join(f.read_text(encoding="utf-8").split())
        assert not re.search(r"(?<!\()\b[Dd]e Kroon\b(?!\))", text), f.name  # 'de regering (de Kroon)'
    seats = next(st["text"] for st in statements("waterschapsbestuurder") if "geborgde zetels" in st["text"])
    assert "geen verkiezing" in " ".join(seats.split())  # a geborgde zetel explained in plain words


def test_waterschap_dilemma_on_the_dijkplan_has_no_priority_value_on_one_side_only():
    """Rentmeesterschap is a priority value of waterschapsbestuurders: tagging only one side with it made that side
    look like the answer in a dilemma that has none. Both options weigh the tension's own values, as in
    statenlid.dilemma.1."""
    q = question("waterschapsbestuurder", "waterschapsbestuurder.dilemma.1")
    assert {o["id"]: o["values"] for o in q["options"]} == {"a": ["stabiliteit"], "b": ["wendbaarheid"]}
    assert not any("rentmeesterschap" in o["feedback"] for o in q["options"])
    assert all(o["text"].startswith("U stelt voor") for o in q["options"])
    # the office's priorities are still weighed in a dilemma (test_quiz_rules), but never on one side only
    priorities = set(yaml.safe_load((ROOT / "curriculum" / "offices" / "waterschapsbestuurder.yaml").read_text(
        encoding="utf-8"))["priorities"])
    data = yaml.safe_load((ROOT / "quizzes" / "waterschapsbestuurder.yaml").read_text(encoding="utf-8"))
    for d in (q for q in data["questions"] if q["type"] == "dilemma"):
        sides = [bool(priorities & set(o["values"])) for o in d["options"]]
        assert all(sides) or not any(sides), (d["id"], sides)


def test_waterschap_visie_case_suggests_and_one_member_proposes():
    q = question("waterschapsbestuurder", "waterschapsbestuurder.casus.5")
    explanation = " ".join(q["explanation"].split())
    assert "vraagt" not in explanation and "raadt waterschapsbestuurders aan" in explanation
    [key] = keys(q)
    assert key.startswith("U stelt voor") and "voert die uit" not in key


def test_statenlid_feedback_does_not_deny_the_right_to_ambtelijke_bijstand():
    """Statenleden have a right to ambtelijke bijstand (Provinciewet, artikel 33): what is wrong is asking civil
    servants to form one's political judgment, not asking them for facts."""
    q = question("statenlid", "statenlid.casus.7")
    b = " ".join(next(o["feedback"] for o in q["options"] if o["id"] == "b").split())
    assert "de ambtenaren van het provinciebestuur niet" not in b and "werken voor u" not in b
    assert "Provinciewet, artikel 33" in b and "feiten" in b and "oordeel" in b
    staten = {" ".join(st["text"].split()): st["source"] for st in statements("statenlid")}
    assert staten[next(t for t in staten if "ambtelijke bijstand" in t)] == "Provinciewet, artikel 33"


def test_statenlid_griffier_refuses_a_partisan_request_not_a_critical_motie():
    """Griffies help every fractie word moties and amendementen, critical ones too; what the griffier refuses is
    writing one fractie's political argument."""
    q = question("statenlid", "statenlid.casus.1")
    scenario = " ".join(q["scenario"].split())
    assert "motie" not in scenario and "politieke argumenten" in scenario
    [key] = keys(q)
    assert key.startswith("U accepteert")
    feedback = " ".join(next(o["feedback"] for o in q["options"] if o.get("correct")).split())
    assert "ook als die kritisch is" in feedback


def test_statenlid_bank_asks_about_the_statenlid_role_not_other_offices_priorities():
    data = yaml.safe_load((ROOT / "quizzes" / "statenlid.yaml").read_text(encoding="utf-8"))
    ids = [q["id"] for q in data["questions"]]
    assert "statenlid.weerbaarheid" not in ids
    assert not [q["id"] for q in data["questions"] if q.get("relation") == "office-with-priority"]
    q = question("statenlid", "statenlid.casus.13")
    assert q["objective"] == "statenlid.rol" and q["kind"] == "case" and q["rests_on"] == "trend-werk-en-tijd"
    lesson = next(ls for ls in module("statenlid")["lessons"] if ls["id"] == "statenlid.trends")
    taught = [t for b in lesson["blocks"] if "trends" in b for t in b["trends"]]
    assert {"trend": "trend-werk-en-tijd", "bullet": 2} in taught  # the bullet the case quotes is taught
    assert "regionale samenwerkingsverbanden" in q["quote"]
    [key] = keys(q)
    assert "Gedeputeerde Staten" in key
    assert "Provinciewet, artikel 167" in next(o["feedback"] for o in q["options"] if o.get("correct"))


LAYER_WORDS = {"gemeente": ("gemeente",), "provincie": ("provincie", "staten"), "waterschap": ("waterschap",)}


def layers_named(text: str) -> set[str]:
    text = text.lower()
    return {layer for layer, words in LAYER_WORDS.items() if any(w in text for w in words)}


def test_core_cases_spread_over_the_three_layers_and_every_key_suits_any_office_holder():
    """The core bank is read by every office, Statenleden and waterschapsbestuurders first (March 2027): the cases
    are set in all three layers, and a keyed answer is something a volksvertegenwoordiger can do as well as a
    bestuurder (ask, propose), not 'U laat nagaan' or 'U keurt goed'."""
    data = yaml.safe_load((ROOT / "quizzes" / "core.yaml").read_text(encoding="utf-8"))
    cases = [q for q in data["questions"] if q.get("kind") == "case"]
    assert len(cases) == 7
    settings = {}
    for q in cases:
        named = layers_named(q["scenario"])
        assert len(named) == 1, (q["id"], named)  # each case is set in one layer
        settings[q["id"]] = named.pop()
    count = {layer: list(settings.values()).count(layer) for layer in LAYER_WORDS}
    assert count["provincie"] >= 2 and count["waterschap"] >= 2 and count["gemeente"] >= 2, settings
    for q in cases:
        [key] = keys(q)
        for bestuur_only in ("U laat ", "U keurt", "U besluit", "U sluit", "U behandelt", "U helpt"):
            assert not key.startswith(bestuur_only), (q["id"], key)
    # the dilemmas on the joint plan and the installation name every layer, not one gemeente office
    plan = question("core", "core.dilemma.1")["scenario"]
    assert layers_named(plan) == set(LAYER_WORDS) and "wethouder" not in plan
    install = question("core", "core.dilemma.3")
    assert layers_named(install["scenario"]) >= {"provincie", "waterschap"}
    assert "raadslid" not in install["scenario"] + " ".join(o["text"] for o in install["options"])
    # no unlawful premise: facial recognition in public space is banned (AVG art. 9, AI-verordening art. 5)
    assert "gezichten" not in question("core", "core.casus.2")["scenario"]
