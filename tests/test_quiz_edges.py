"""The quiz code's words a learner or an author reads (issue 17, found by the mutation run): generated
feedback names offices, values and associations as Dutch writes them inside a sentence, and a rule's
diagnostic names the offices it is about."""

from __future__ import annotations

from scorm_build.project import load_project
from scorm_build.quizfacts import Facts

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
