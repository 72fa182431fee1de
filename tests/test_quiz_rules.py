"""Item-bank rules: each one fails a bank damaged in its way, with a located, coded diagnostic."""

from __future__ import annotations

import re

import pytest
import yaml

from scorm_build.project import load_project

from .conftest import DIAG_RE, copy_project, run_cli


def edit_bank(root, module: str, change) -> None:
    path = root / "quizzes" / f"{module}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")


def question(data, qid: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == qid)


def check(root, capsys, *extra) -> tuple[int, list[str]]:
    code, err, _ = run_cli(["--project", str(root), "check", *extra], capsys)
    assert all(DIAG_RE.match(ln) for ln in err if ": error:" in ln or ": warning:" in ln), err
    return code, err


def has(err: list[str], path: str, code: str, *words: str) -> bool:
    return any(ln.startswith(path + ":") and ln.endswith(f"[{code}]") and all(w in ln for w in words) for ln in err)


@pytest.fixture
def root(tmp_path):
    return copy_project(tmp_path / "p")


def test_the_shipped_banks_pass_every_rule(root, capsys):
    code, err = check(root, capsys, "--strict")
    assert code == 0, err


OLD_ROLE_ITEM = {  # the wethouder bank's role item before issue 12, as it was shipped
    "id": "wethouder.rol.1", "type": "scenario", "objective": "wethouder.rol",
    "tests": ["wethouder-lef-3", "griffier-lef-1", "rekenkamerlid-gezag-2"],
    "scenario": "U twijfelt of u een moeilijk dossier inhoudelijk goed genoeg beheerst.",
    "prompt": "Welk handelingsperspectief past het best bij úw rol?",
    "relation": "perspective-of-office", "about": "wethouder",
    "options": [
        {"id": "a", "ref": "griffier-lef-1", "correct": False,
         "feedback": "Dit handelingsperspectief noemt de publicatie voor een ander ambt. Zuiver uw eigen rol vervullen"
                     " betekent: dit laat u aan die ambtsdrager."},
        {"id": "b", "ref": "rekenkamerlid-gezag-2", "correct": False,
         "feedback": "Dit handelingsperspectief noemt de publicatie voor een ander ambt. Zuiver uw eigen rol vervullen"
                     " betekent: dit laat u aan die ambtsdrager."},
        {"id": "c", "ref": "wethouder-lef-3", "correct": True,
         "feedback": "Dit handelingsperspectief noemt de publicatie voor uw eigen ambt."}],
    "explanation": "Tjeenk Willink: \"Ken je eigen functie!\" Elk ambt heeft eigen handelingsperspectieven.",
}


def test_perspective_of_office_counts_only_role_bound_advice_and_names_the_office(root, capsys):
    edit_bank(root, "wethouder", lambda d: d["questions"].append(dict(OLD_ROLE_ITEM)))
    code, err = check(root, capsys)
    assert code == 1
    # being open about your own mistakes (griffier-lef-1) is good practice for a wethouder too
    assert has(err, "quizzes/wethouder.yaml", "quiz.not-role-bound", "'wethouder.rol.1'", "option 'a'")
    assert has(err, "quizzes/wethouder.yaml", "quiz.feedback-office", "option 'a'", "griffiers")
    assert has(err, "quizzes/wethouder.yaml", "quiz.feedback-office", "option 'b'", "rekenkamerleden")
    assert not has(err, "quizzes/wethouder.yaml", "quiz.not-role-bound", "option 'b'")  # 'rekenkamer' binds it


def test_near_identical_advice_of_another_office_is_never_a_distractor(root, capsys):
    item = {"id": "gemeentesecretaris.rol.9", "type": "scenario", "objective": "gemeentesecretaris.rol",
            "tests": ["gemeentesecretaris-betrouwbaarheid-2"], "scenario": "Een wethouder wil snel een plan.",
            "prompt": "Welk handelingsperspectief is van u?", "relation": "perspective-of-office",
            "about": "gemeentesecretaris",
            "options": [{"id": "a", "ref": "gemeentesecretaris-betrouwbaarheid-1", "correct": True, "feedback": "Goed."},
                        {"id": "b", "ref": "griffier-vertrouwen-2", "correct": False,
                         "feedback": "Niet goed: dit geeft de publicatie aan griffiers."}],
            "explanation": "Zie de handelingsperspectieven."}
    edit_bank(root, "gemeentesecretaris", lambda d: d["questions"].append(item))
    code, err = check(root, capsys)
    assert has(err, "quizzes/gemeentesecretaris.yaml", "quiz.shared-advice", "option 'b'", "griffier-vertrouwen-2")


def test_questions_that_reveal_each_others_answer_are_excluded_and_flagged(root, capsys):
    item = {"id": "wethouder.waarde.9", "type": "single", "objective": "wethouder.prioriteiten",
            "tests": ["wethouder-lef-2", "lef"], "prompt": "Bij welke waarde hoort: collega's aanspreken?",
            "relation": "value-of-perspective", "about": "wethouder-lef-2",
            "options": [{"id": v, "ref": v, "correct": v == "lef", "feedback": "Zie de uitleg."}
                        for v in ("lef", "gemeenschappelijkheid", "betrokkenheid", "bekwaamheid")],
            "explanation": "De publicatie noemt dit bij lef."}
    edit_bank(root, "wethouder", lambda d: d["questions"].append(item))
    code, err = check(root, capsys, "--strict")
    assert code == 1
    assert has(err, "quizzes/wethouder.yaml", "quiz.reveals", "'wethouder.gen.prioriteiten'", "'wethouder.waarde.9'")
    project, _ = load_project(root)
    q = next(x for x in project.bank("wethouder").questions if x.id == "wethouder.waarde.9")
    assert "wethouder.gen.prioriteiten" in q.excludes
    # declared: no warning, still excluded
    edit_bank(root, "wethouder", lambda d: question(d, "wethouder.waarde.9").update(
        excludes=["wethouder.gen.prioriteiten"]))
    code, err = check(root, capsys, "--strict")
    assert code == 0, err


def test_a_key_that_is_the_longest_option_most_of_the_time_is_an_error(root, capsys):
    def lengthen(d):
        for q in d["questions"]:
            if q.get("kind") == "case":
                for o in q["options"]:
                    if o["correct"]:
                        o["text"] += " Daarbij licht u uw keuze uitgebreid toe aan iedereen die erbij betrokken is."
    edit_bank(root, "wethouder", lengthen)
    code, err = check(root, capsys)
    assert code == 1
    assert has(err, "quizzes/wethouder.yaml", "quiz.key-longest", "in 12 of 12")
    # docs/authoring.md: the message says how often, and names examples to rewrite
    assert [ln for ln in err if ln.endswith("[quiz.key-longest]")] == [
        "quizzes/wethouder.yaml:1: error: the keyed option is the longest in 12 of 12 sentence-option questions;"
        " a learner can guess by length (e.g. wethouder.casus.1, wethouder.casus.2, wethouder.casus.3)"
        " [quiz.key-longest]"]


def test_a_stem_sharing_the_keys_telling_word_is_an_error(root, capsys):
    edit_bank(root, "wethouder", lambda d: question(d, "wethouder.casus.3").update(
        scenario="U hebt een ingewikkelde portefeuille gekregen. De gemeentesecretaris zit naast u."))
    code, err = check(root, capsys)
    assert has(err, "quizzes/wethouder.yaml", "quiz.stem-cue", "'wethouder.casus.3'", "'gemeentesecretaris'")


def test_an_association_question_answered_by_the_name_is_an_error(root, capsys):
    item = {"id": "burgemeester.vereniging.9", "type": "single", "objective": "burgemeester.vereniging",
            "tests": ["burgemeester"], "prompt": "Welke vereniging hoort bij uw ambt?",
            "relation": "association-of-office", "about": "burgemeester",
            "options": [{"id": a, "ref": a, "correct": a == "ngb", "feedback": "Zie de uitleg."}
                        for a in ("ngb", "vgs", "wethoudersvereniging")],
            "explanation": "Het Genootschap."}
    edit_bank(root, "burgemeester", lambda d: d["questions"].append(item))
    code, err = check(root, capsys)
    assert has(err, "quizzes/burgemeester.yaml", "quiz.name-cue", "Nederlands Genootschap van Burgemeesters")


def test_every_perspective_of_the_office_is_covered(root, capsys):
    # gemeenschappelijkheid-2 names its own value, so no generated item may ask for it: only the case item does
    edit_bank(root, "wethouder", lambda d: d.update(questions=[q for q in d["questions"]
                                                               if q["id"] != "wethouder.casus.5"]))
    code, err = check(root, capsys)
    assert has(err, "quizzes/wethouder.yaml", "quiz.perspective-coverage", "wethouder-gemeenschappelijkheid-2")
    assert has(err, "quizzes/wethouder.yaml", "quiz.case-count", "11 case item(s)")


def test_a_citation_of_another_section_is_an_error(root, capsys):
    edit_bank(root, "wethouder", lambda d: question(d, "wethouder.casus.1").update(
        explanation="Lef. *Bron: Waarden > Waarden en opvattingen per waardencluster > Vrijheid.*"))
    code, err = check(root, capsys)
    assert has(err, "quizzes/wethouder.yaml", "quiz.citation", "'wethouder.casus.1'",
               "Prioriteiten en handelingsperspectieven > Wethouders > Handelingsperspectieven wethouders")


def test_a_question_testing_what_it_does_not_ask_is_an_error(root, capsys):
    old = {"id": "core.aantal", "type": "single", "objective": "core.waarden", "tests": ["vrijheid"],
           "prompt": "Hoeveel waarden telt de overzichtskaart van de publicatie in totaal?",
           "options": [{"id": "a", "text": "9", "correct": False, "feedback": "Negen is het aantal clusters."},
                       {"id": "b", "text": "39", "correct": True, "feedback": "Juist."},
                       {"id": "c", "text": "4", "correct": False, "feedback": "Vier per ambt."}],
           "explanation": "Negenendertig waarden."}  # shipped before issue 12: it cited the cluster Vrijheid
    edit_bank(root, "core", lambda d: d["questions"].append(old))
    code, err = check(root, capsys)
    assert has(err, "quizzes/core.yaml", "quiz.citation", "'core.aantal'", "tests 'vrijheid'")


def test_citations_are_computed_from_what_is_tested(root):
    project, _ = load_project(root)
    q = next(x for x in project.bank("wethouder").questions if x.id == "wethouder.casus.1")
    assert q.explanation.endswith("*Bron: Prioriteiten en handelingsperspectieven > Wethouders >"
                                  " Handelingsperspectieven wethouders.*")
    assert "“Deins niet terug voor moeilijke beslissingen" in q.explanation  # the advice the key rests on
    d = next(x for x in project.bank("wethouder").questions if x.id == "wethouder.dilemma.1")
    assert d.explanation.endswith("*Bron: Waarden > Wat verstaan we onder waarden?.*")


def test_asking_about_the_programmes_own_gaps_is_an_error(root, capsys):
    item = {"id": "statenlid.ontbreekt", "type": "single", "objective": "statenlid.trends", "tests": ["statenlid"],
            "prompt": "Waarom toont deze module de vier waarden met prioriteit voor Statenleden niet?",
            "options": [{"id": "a", "text": "Ze staan alleen in een afbeelding.", "correct": True, "feedback": "Ja."},
                        {"id": "b", "text": "De publicatie koos er geen.", "correct": False, "feedback": "Nee."}],
            "explanation": "Zie de publicatie."}
    edit_bank(root, "statenlid", lambda d: d["questions"].append(item))
    code, err = check(root, capsys)
    assert has(err, "quizzes/statenlid.yaml", "quiz.about-gaps", "'statenlid.ontbreekt'")


def test_values_the_text_does_not_place_with_certainty_are_not_asked(root, capsys):
    item = {"id": "core.eerlijk", "type": "single", "objective": "core.waarden", "tests": ["eerlijkheid"],
            "prompt": "In welk waardencluster valt eerlijkheid?", "relation": "cluster-of-value", "about": "eerlijkheid",
            "options": [{"id": c, "ref": c, "correct": c == "puurheid", "feedback": "Zie de uitleg."}
                        for c in ("puurheid", "vrijheid", "nut")],
            "explanation": "Puurheid."}
    edit_bank(root, "core", lambda d: d["questions"].append(item))
    code, err = check(root, capsys)
    assert has(err, "quizzes/core.yaml", "quiz.uncertain-value", "'core.eerlijk'", "'eerlijkheid'")
    project, _ = load_project(copy_project(root.parent / "clean"))
    for bank in project.banks:
        for q in bank.questions:
            shown = {o.ref for o in q.options} | {x for x, _ in q.lefts} | set(q.tests)
            assert "eerlijkheid" not in shown, q.id
            if q.relation == "cluster-of-value" or q.rights:
                assert "weerbaarheid" not in shown, q.id


def test_an_office_bank_needs_case_items_and_dilemmas_and_a_feasible_draw(root, capsys):
    edit_bank(root, "wethouder", lambda d: d.update(questions=[q for q in d["questions"] if q["type"] != "dilemma"]))
    edit_bank(root, "core", lambda d: d.update(questions=[q for q in d["questions"] if q.get("kind") != "case"]))
    code, err = check(root, capsys)
    assert has(err, "quizzes/wethouder.yaml", "quiz.case-count", "0 dilemma(s)")
    assert has(err, "quizzes/core.yaml", "quiz.draw-rules", "at least 5 case items")


def test_case_items_and_dilemmas_have_their_shape(root, capsys):
    def damage(d):
        question(d, "wethouder.casus.1").pop("rests_on")
        question(d, "wethouder.casus.2").update(quote="Spreek je collega's streng toe.")
        question(d, "wethouder.dilemma.1")["options"][0]["correct"] = True
    edit_bank(root, "wethouder", damage)
    code, err = check(root, capsys)
    assert has(err, "quizzes/wethouder.yaml", "quiz.case", "'wethouder.casus.1'", "rests_on")
    assert has(err, "quizzes/wethouder.yaml", "quiz.quote", "'wethouder.casus.2'")
    assert has(err, "quizzes/wethouder.yaml", "quiz.dilemma", "'wethouder.dilemma.1'")


def test_feedback_of_generated_questions_is_b1_dutch(root):
    project, _ = load_project(root)
    for bank in project.banks:
        for q in bank.questions:
            if q.generated:
                for o in q.options:
                    assert re.match(r"(Goed|Niet goed)[:.]", o.feedback), (q.id, o.feedback)
                    # no capitals mid-sentence for values and offices
                    assert not re.search(r": (Lef|Gezag|Bekwaamheid|Vertrouwen|Burgemeesters|Wethouders) ", o.feedback)
            if q.relation == "perspective-of-office":  # the quote is about roles, not about whose advice it is
                assert "Ken je eigen functie" not in q.explanation, q.id


def test_dilemmas_carry_what_a_group_session_needs(root):
    project, _ = load_project(root)
    tensions = {t.id: set(t.values) for t in project.curriculum.values.tensions}
    for bank in project.banks:
        dilemmas = bank.dilemmas()
        assert len(dilemmas) >= (2 if bank.office else 0), bank.module
        assert not set(dilemmas) & set(bank.scored())
        for d in dilemmas:
            assert d.id.startswith(f"{bank.module}.dilemma.") and d.kind == "dilemma"
            assert d.scenario and d.tension in tensions
            assert not any(o.correct for o in d.options)
            assert tensions[d.tension] <= {v for o in d.options for v in o.values}, d.id
            assert all(o.feedback.startswith("Deze keuze weegt") for o in d.options), d.id
        if bank.priorities:  # the office's priorities are weighed in at least one of its dilemmas
            assert set(bank.priorities) & {v for d in dilemmas for o in d.options for v in o.values}, bank.module


def test_no_dilemma_has_a_priority_value_of_the_office_on_one_option_only(root):
    """A dilemma has no right answer: if only one option weighs a priority value of the office, that option looks
    like the answer. So the office's priority values sit on both options of a dilemma, or on neither."""
    project, _ = load_project(root)
    checked = 0
    for bank in project.banks:
        if not bank.priorities:
            continue
        for d in bank.dilemmas():
            a, b = (set(bank.priorities) & set(o.values) for o in d.options)
            assert bool(a) == bool(b), (d.id, sorted(a), sorted(b))
            checked += 1
    assert checked >= 14  # two dilemmas in each of the seven banks with priorities
