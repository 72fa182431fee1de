"""The quiz code's words a learner or an author reads and the values an LMS stores (issue 17, found by the
mutation run): generated feedback, explanations and citations as Dutch writes them, generated option ids
and true/false keys, and one exact, located diagnostic for each badly shaped authored question or bank."""

from __future__ import annotations

import copy

import pytest

from scorm_build.project import load_project
from scorm_build.quizfacts import Facts
from scorm_build.render import answer_key

from .conftest import ROOT, copy_project, run_cli
from .test_quiz_rules import OLD_ROLE_ITEM, edit_bank


def questions() -> dict:
    project, _ = load_project(ROOT)
    return {q.id: q for bank in project.banks for q in bank.questions}


def feedbacks() -> dict[str, set[str]]:
    return {qid: {o.feedback for o in q.options} for qid, q in questions().items()}


def test_generated_feedback_writes_names_in_lower_case_inside_a_sentence_except_the_staten():
    """Office and value names are common nouns (raadsleden, weerbaarheid); names that begin with 'Staten'
    are written with a capital in Dutch (Statenleden, Statenlidnu), also inside a sentence."""
    fb = feedbacks()
    assert "Goed: weerbaarheid is een van de vier waarden met prioriteit voor raadsleden." in fb["raadslid.gen.prioriteiten"]
    assert "Goed: authenticiteit is een waarde met prioriteit voor raadsleden." in fb["raadslid.gen.ambten.authenticiteit"]
    assert ("Niet goed: de publicatie noemt dit niet bij Statenlidnu."
            in fb["core.gen.vereniging.gemeentesecretaris-vereniging-7"])
    # the shipped banks never name Statenleden inside generated feedback; the rule that would, directly
    project, _ = load_project(ROOT)
    f = Facts(project.curriculum)
    assert (f.label("statenlid"), f.label("raadslid"), f.label("weerbaarheid")) == ("Statenleden", "raadsleden",
                                                                                    "weerbaarheid")


def test_advice_that_is_not_role_bound_is_reported_with_both_offices_named(tmp_path, capsys):
    """A distractor from another office must be bound to that office's role; the diagnostic names the
    learner's office and the other office as the text does (lower case, plural)."""
    root = copy_project(tmp_path / "p")
    edit_bank(root, "wethouder", lambda d: d["questions"].append(dict(OLD_ROLE_ITEM)))
    code, err, _ = run_cli(["--project", str(root), "check"], capsys)
    assert code == 1
    assert [ln.split(": ", 1)[1] for ln in err if ln.endswith("[quiz.not-role-bound]")] == [
        "error: question 'wethouder.rol.1': option 'a' (griffier-lef-1) is advice that suits wethouders as well;"
        " a wrong answer must be bound to the role of griffiers [quiz.not-role-bound]"]


def test_generated_feedback_says_right_and_wrong_in_words():
    """Every option's feedback says why it is right or wrong, from the curriculum (docs/authoring.md)."""
    fb = feedbacks()
    assert {"Goed: autonomie valt in het waardencluster Vrijheid.",
            "Niet goed: autonomie valt niet in het waardencluster Puurheid."} <= fb["core.gen.cluster.autonomie"]
    assert {"Goed: lef is een waarde met prioriteit voor burgemeesters.",
            "Niet goed: lef is geen waarde met prioriteit voor gemeentesecretarissen."} <= fb["burgemeester.gen.ambten.lef"]
    assert "Goed: de publicatie noemt dit handelingsperspectief bij lef." in fb[
        "burgemeester.gen.perspectief.burgemeester-lef-1"]


def test_an_explanation_cites_one_section_or_each_of_several():
    """The explanation cites the publication (docs/authoring.md): entries from one section by that section,
    entries from several sections by their shared headings when they share at least two, else each one."""
    project, _ = load_project(ROOT)
    f = Facts(project.curriculum)
    assert f.cite("raadslid") == "\n\n*Bron: Prioriteiten en handelingsperspectieven > Raadsleden > Prioriteiten raadsleden.*"
    assert f.cite("toekomstbestendig-decentraal-bestuur") == "\n\n*Bron: Colofon.*"  # a section without sub-headings
    assert f.cite("stap-a", "stap-b") == "\n\n*Bron: Inleiding > Aanpak en denkstappen.*"
    assert f.cite("toekomstbestendig-decentraal-bestuur", "stap-a") == (
        "\n\n*Bronnen: Colofon; Inleiding > Aanpak en denkstappen > Denkstep A: Analyseren.*")
    assert questions()["burgemeester.gen.ambten.authenticiteit"].explanation.endswith(
        "\n\n*Bronnen: Prioriteiten en handelingsperspectieven > Burgemeesters > Prioriteiten burgemeesters;"
        " Prioriteiten en handelingsperspectieven > Raadsleden > Prioriteiten raadsleden.*")


def test_an_association_is_named_with_its_article_inside_a_sentence():
    """Dutch: 'de Wethoudersvereniging', 'de Vereniging van Griffiers', but 'Statenlidnu' without one."""
    qs = questions()
    assert qs["wethouder.gen.vereniging.wethouder-vereniging-6"].explanation.startswith(
        "De publicatie noemt dit bij wat de Wethoudersvereniging kan doen.")
    assert qs["griffier.gen.vereniging.griffier-vereniging-1"].explanation.startswith(
        "De publicatie noemt dit bij wat de Vereniging van Griffiers kan doen.")
    assert ("Niet goed: de publicatie noemt dit niet bij Statenlidnu."
            in {o.feedback for o in qs["wethouder.gen.vereniging.wethouder-vereniging-6"].options})


def test_a_generated_questions_option_ids_are_its_letters():
    """docs/runtime.md: a report of a generated question (id with `.gen.`) is read by counting its options
    from `a`; the 2004 response is the option's id, so a generated option's id is that letter."""
    choice = [q for qid, q in questions().items() if ".gen." in qid and q.type in ("single", "multiple")]
    assert {q.id.split(".gen.")[1].split(".")[0] for q in choice} >= {"cluster", "vereniging", "perspectief", "ambten"}
    for q in choice:
        assert [o.id for o in q.options] == [chr(ord("a") + i) for i in range(len(q.options))], q.id


def test_true_false_feedback_states_the_fact_and_a_matching_explanation_lists_every_pair():
    """Feedback says why an option is right or wrong from the curriculum, not only that it is; the
    explanation of a matching question gives the right pairs, cited."""
    qs = questions()
    assert [o.feedback for o in qs["burgemeester.gen.waar-onwaar.inclusiviteit"].options] == [
        "Niet goed: inclusiviteit is geen van de vier waarden met prioriteit voor burgemeesters.",
        "Goed: inclusiviteit is geen van de vier waarden met prioriteit voor burgemeesters."]
    assert qs["burgemeester.gen.koppel-cluster.1"].explanation == (
        "Lef: Vrijheid; Authenticiteit: Puurheid; Verbondenheid: Loyaliteit; Gezag: Hiërarchie.\n\n"
        "*Bron: Waarden > Waarden en opvattingen per waardencluster.*")


def test_true_false_keys_and_feedback_follow_the_answer():
    """A true statement's right answer is 'Waar', a false one's 'Niet waar' (the runtime reports `t`/`f`,
    docs/runtime.md); the feedback of each says whether it was right."""
    qs = questions()
    for qid, key in (("core.schuren", "0"), ("statenlid.perspectieven", "1"),  # authored: answer true / false
                     ("burgemeester.gen.waar-onwaar.verbondenheid", "0"),
                     ("burgemeester.gen.waar-onwaar.inclusiviteit", "1")):
        assert [o.id for o in qs[qid].options] == ["waar", "onwaar"] and answer_key(qs[qid]) == key, qid
    assert [o.feedback for o in qs["burgemeester.gen.waar-onwaar.verbondenheid"].options] == [
        "Goed: verbondenheid is een van de vier waarden met prioriteit voor burgemeesters.",
        "Niet goed: verbondenheid is een van de vier waarden met prioriteit voor burgemeesters."]


AUTHORED = {"id": "wethouder.vorm.1", "type": "scenario", "objective": "wethouder.rol", "tests": ["wethouder-lef-3"],
            "scenario": "U twijfelt.", "prompt": "Wat doet u?",
            "options": [{"id": "a", "text": "Dit.", "correct": True, "feedback": "Goed."},
                        {"id": "b", "text": "Dat.", "correct": False, "feedback": "Niet goed."}],
            "explanation": "Zie de publicatie."}


def one_option(q):
    q["options"].pop()


def two_right(q):
    q["options"][1]["correct"] = True


def same_id(q):
    q["options"][1]["id"] = "a"


def matching(*pairs):
    def change(q):
        del q["options"], q["scenario"]
        q.update(type="matching", relation="cluster-of-value", about="lef",
                 pairs=[{"left": left, "right": right} for left, right in pairs])
    return change


def excludes_itself(q):
    q["excludes"] = ["wethouder.vorm.1"]


def misspelt_ref(q):
    q.update(relation="perspective-of-office", about="wethouder")
    del q["options"][0]["text"]
    q["options"][0]["ref"] = "wethouder-lef-33"


@pytest.mark.parametrize("change,anchor,message", [
    (one_option, "- id: wethouder.vorm.1", "needs at least 2 options [quiz.shape]"),
    (two_right, "- id: wethouder.vorm.1", "a scenario question has exactly 1 right option; found 2 [quiz.shape]"),
    (same_id, "  - id: a\n    text: Dat.", "option id 'a' is used twice [quiz.shape]"),
    (matching(("lef", "vrijheid")), "- id: wethouder.vorm.1", "a matching question needs at least 2 pairs [quiz.shape]"),
    (matching(("lef", "vrijheid"), ("gezag", "vrijheid")), "  - left: gezag",
     "pair gezag -> vrijheid does not hold in the curriculum (cluster-of-value) [quiz.answer-key]"),
    (misspelt_ref, "    ref: wethouder-lef-33", "option 'a': no perspective with id 'wethouder-lef-33'; did you mean"
     " 'wethouder-lef-3'? [ref.unknown]"),
    (excludes_itself, "- id: wethouder.vorm.1", "excludes itself [quiz.shape]"),
    # weerbaarheid's cluster is not in the text: the pair is not known to hold, reported like a wrong one
    (matching(("lef", "vrijheid"), ("weerbaarheid", "vrijheid")), "  - left: weerbaarheid",
     "pair weerbaarheid -> vrijheid does not hold in the curriculum (cluster-of-value) [quiz.answer-key]"),
], ids=["one-option", "two-right", "same-id", "one-pair", "wrong-pair", "misspelt-ref", "excludes-itself",
        "unknown-pair"])
def test_a_badly_shaped_authored_question_gets_one_exact_located_diagnostic(tmp_path, capsys, change, anchor, message):
    """docs/authoring.md (quizzes): a choice question has at least two options, a single/scenario question
    one right option, option ids are unique, a matching question at least two pairs that hold; each problem
    is reported where it is written, with its code."""
    root = copy_project(tmp_path / "p")
    item = copy.deepcopy(AUTHORED)
    change(item)
    edit_bank(root, "wethouder", lambda d: d["questions"].append(item))
    text = (root / "quizzes" / "wethouder.yaml").read_text(encoding="utf-8")
    start = text.index("- id: wethouder.vorm.1")
    line = text[:text.index(anchor, start)].count("\n") + 1 + anchor.startswith("\n")
    code, err, _ = run_cli(["--project", str(root), "check"], capsys)
    assert (code, err) == (1, [f"quizzes/wethouder.yaml:{line}: error: question 'wethouder.vorm.1': {message}",
                               "1 error(s), 0 warning(s)"])


def test_a_module_without_a_bank_is_reported_at_the_bank_to_add(tmp_path, capsys):
    """docs/authoring.md: one bank per module, `quizzes/<module-id>.yaml`."""
    root = copy_project(tmp_path / "p")
    (root / "quizzes" / "griffier.yaml").unlink()
    code, err, _ = run_cli(["--project", str(root), "check"], capsys)
    assert (code, err) == (1, ["quizzes/griffier.yaml:1: error: module 'griffier' has no question bank [quiz.missing]",
                               "1 error(s), 0 warning(s)"])


def test_a_value_without_a_given_cluster_may_be_matched_to_its_office(tmp_path, capsys):
    """docs/authoring.md: values the text does not place with certainty are not asked [quiz.uncertain-value]:
    weerbaarheid has no cluster in the text, so no question may place it in one, but the text does name
    it as a priority of raadsleden (the generated priority question asks exactly that); a matching
    question of offices and their priorities may ask it too."""
    root = copy_project(tmp_path / "p")
    item = {"id": "raadslid.koppel.1", "type": "matching", "objective": "raadslid.prioriteiten",
            "tests": ["raadslid", "wethouder", "weerbaarheid", "lef"],
            "prompt": "Koppel elk ambt aan een waarde met prioriteit.", "relation": "priority-of-office",
            "about": "raadslid", "pairs": [{"left": "raadslid", "right": "weerbaarheid"},
                                           {"left": "wethouder", "right": "lef"}],
            "explanation": "Zie de prioriteiten."}
    edit_bank(root, "raadslid", lambda d: d["questions"].append(item))
    code, err, _ = run_cli(["--project", str(root), "check"], capsys)
    assert (code, err) == (0, ["ok: sources are valid"])
