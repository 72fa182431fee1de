"""`check` at the edges of what authors may write (issue 17, found by the mutation run): every problem
gives an exact, located diagnostic with its stable code (README, docs/authoring.md), and a limit holds
exactly at its edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run_cli


def check(project: Path, capsys) -> tuple[int, list[str]]:
    code, err, _ = run_cli(["--project", str(project), "check"], capsys)
    return code, err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# trend-werving has four bullets (curriculum/trends.yaml); the Statenlid module links its first
PICK = "    - trend: trend-werving\n      bullet: 1\n"


@pytest.mark.parametrize("bullet,ok", [(4, True), (5, False)])
def test_a_trend_link_may_name_the_last_bullet_and_not_one_past_it(project, capsys, bullet, ok):
    """docs/authoring.md, TrendPick: `bullet` is the number (1 = first) of one of the trend's bullets."""
    edit(project / "modules" / "statenlid.yaml", PICK, PICK.replace("bullet: 1", f"bullet: {bullet}"))
    code, err = check(project, capsys)
    if ok:
        assert (code, err) == (0, ["ok: sources are valid"])
    else:
        assert code == 1
        assert [ln.split(": ", 1)[1] for ln in err if ln.endswith("]")] == [
            "error: trend 'trend-werving' has 4 bullets; bullet 5 does not exist [module.trend-link]"]


def test_a_trend_linked_to_another_offices_perspective_is_a_located_trend_link_error(project, capsys):
    """docs/authoring.md, TrendPick: `perspective` is a perspective for action of the module's own office."""
    edit(project / "modules" / "statenlid.yaml", PICK, "    - trend: trend-werving\n"
         "      perspective: burgemeester-lef-1\n")
    code, err = check(project, capsys)
    assert code == 1
    assert [ln.split(": ", 1)[1] for ln in err if ln.endswith("]")] == [
        "error: perspective 'burgemeester-lef-1' is not one of office 'statenlid''s own perspectives"
        " [module.trend-link]"]
    assert err[0].startswith("modules/statenlid.yaml:")


def test_the_last_six_words_of_a_published_text_count_as_copied(project, capsys):
    """README: authored text may not share six words in a row with the publication; that includes the end
    of a published text (here the last bullet of trend-werving)."""
    edit(project / "modules" / "statenlid.yaml", "      is gemarkeerd.\n",
         "      is gemarkeerd. Zo zijn praktisch opgeleiden zijn ondervertegenwoordigd in ambten.\n")
    code, err = check(project, capsys)
    assert code == 1
    flagged = [ln for ln in err if ln.endswith("[module.copies-curriculum]")]
    assert len(flagged) == 1 and flagged[0].startswith("modules/statenlid.yaml:")
    assert "('praktisch opgeleiden zijn ondervertegenwoordigd in ambten…')" in flagged[0]


def test_a_missing_role_file_is_reported_at_the_first_line_of_the_file_to_add(project, capsys):
    """docs/authoring.md: one role file per office, `context/roles/<office>.yaml`."""
    (project / "context" / "roles" / "griffier.yaml").unlink()
    code, err = check(project, capsys)
    assert code == 1
    assert err[:-1] == ["context/roles/griffier.yaml:1: error: office 'griffier' has no role file"
                        " 'context/roles/griffier.yaml' [context.role-missing]"]


def test_a_glossary_clash_names_every_layer_of_the_lesson_it_happens_in(project, capsys):
    """docs/authoring.md: two glossary entries that would both be linked for one set of layers are an
    error; the message says in which layers, so the author knows which `layers` to split. Here a word has
    an entry for gemeenten and one for provincies, and two that both hold for the pair."""
    entries = [("toetswoord-g", "[gemeente]", "Gemeentewet"), ("toetswoord-p", "[provincie]", "Provinciewet"),
               ("toetswoord-a", "[gemeente, provincie]", "Gemeentewet; Provinciewet"),
               ("toetswoord-b", "[provincie, gemeente]", "Gemeentewet; Provinciewet")]
    path = project / "context" / "glossary.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join(
        f"- id: {i}\n  term: Toetswoord\n  forms: [toetswoord]\n  text: Een woord voor een toets.\n"
        f"  source: {src}\n  layers: {layers}\n" for i, layers, src in entries)
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("- id: toetswoord-b") + 1
    code, err = check(project, capsys)
    assert code == 1
    assert err[:-1] == [f"context/glossary.yaml:{line}: error: glossary entries 'toetswoord-a' and 'toetswoord-b'"
                        " both explain 'toetswoord' in a lesson read in gemeente, provincie: give each its own"
                        " 'layers' without overlap (at most one entry of a form may leave 'layers' out)"
                        " [context.glossary-clash]"]


def test_a_core_module_with_an_office_says_to_remove_it(project, capsys):
    """docs/authoring.md: the core module is for every office; an office module's id is its office."""
    edit(project / "modules" / "core.yaml", "id: core\n", "id: core\noffice: raadslid\n")
    code, err = check(project, capsys)
    assert code == 1
    flagged = [ln for ln in err if ln.endswith("[module.office]")]
    assert len(flagged) == 1 and flagged[0].startswith("modules/core.yaml:")
    assert flagged[0].split(": ", 1)[1] == "error: the core module is for every office: remove 'office' [module.office]"


def test_a_block_with_two_kinds_of_content_is_a_located_block_error(project, capsys):
    """docs/authoring.md: a block holds exactly one kind of content."""
    edit(project / "modules" / "statenlid.yaml", "      is gemarkeerd.\n  - trends:\n",
         "      is gemarkeerd.\n    trends:\n")
    code, err = check(project, capsys)
    assert code == 1
    flagged = [ln for ln in err if ln.endswith("[module.block]")]
    assert len(flagged) == 1 and flagged[0].startswith("modules/statenlid.yaml:")
    assert flagged[0].split(": ", 1)[1].startswith("error: lesson '")
    assert flagged[0].endswith("': a block holds exactly one kind of content; found text, trends [module.block]")


def test_an_office_in_a_file_of_another_name_is_a_located_error(project, capsys):
    """docs/authoring.md: each office is `curriculum/offices/<id>.yaml`; a mismatch is a diagnostic, not a crash."""
    offices = project / "curriculum" / "offices"
    (offices / "griffier.yaml").rename(offices / "griffie.yaml")
    line = (offices / "griffie.yaml").read_text(encoding="utf-8").split("\n").index("id: griffier") + 1
    code, err = check(project, capsys)
    assert (code, err) == (1, [f"curriculum/offices/griffie.yaml:{line}: error: office 'griffier' must be in a file"
                               " named 'griffier.yaml' [office.file-name]", "1 error(s), 0 warning(s)"])


def test_a_lesson_showing_an_unknown_passage_gets_the_reference_error_only(project, capsys):
    """A misspelt passage id is reported once, where it is written, with the nearest id; the checks that
    count the words a block shows skip what does not exist instead of failing."""
    edit(project / "modules" / "burgemeester.yaml", "    - prioriteiten-gekozen\n", "    - prioriteiten-gekoze\n")
    line = (project / "modules" / "burgemeester.yaml").read_text(encoding="utf-8").split("\n").index(
        "    - prioriteiten-gekoze") + 1
    code, err = check(project, capsys)
    assert (code, err) == (1, [
        f"modules/burgemeester.yaml:{line}: error: lessons[4].blocks[2].passages[1]: no passage with id"
        " 'prioriteiten-gekoze' (defined in curriculum/passages.yaml); did you mean 'prioriteiten-gekozen'?"
        " [ref.unknown]", "1 error(s), 0 warning(s)"])


@pytest.mark.parametrize("score,ok", [(0, True), (100, True), (101, False), (-1, False)])
def test_the_mastery_score_may_be_0_to_100_inclusive(project, capsys, score, ok):
    """docs/authoring.md: `mastery_score` is a score (0-100) needed to pass."""
    edit(project / "programme.yaml", "mastery_score: 80\n", f"mastery_score: {score}\n")
    line = (project / "programme.yaml").read_text(encoding="utf-8").split("\n").index("quiz:") + 2  # its first key
    code, err = check(project, capsys)
    if ok:
        assert (code, err) == (0, ["ok: sources are valid"])
    else:
        assert (code, err) == (1, [f"programme.yaml:{line}: error: quiz.mastery_score must be between 0 and 100,"
                                   f" found {score} [programme.quiz]", "1 error(s), 0 warning(s)"])


def test_one_question_per_attempt_is_allowed_by_the_programme_and_refused_per_bank(project, capsys):
    """docs/authoring.md: `questions_per_attempt` is at least one; a bank needs one per priority value. At 1
    only the banks' rule is broken, so only it is reported; at 0 the programme's own minimum is too."""
    line = (project / "programme.yaml").read_text(encoding="utf-8").split("\n").index("quiz:") + 2  # its first key
    at_least_one = (f"programme.yaml:{line}: error: quiz.questions_per_attempt must be at least 1 and max_attempts 0"
                    " or more")
    for n, said in ((1, False), (0, True)):
        path = project / "programme.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "questions_per_attempt: 10\n" if n == 1 else "questions_per_attempt: 1\n", f"questions_per_attempt: {n}\n"),
            encoding="utf-8")
        code, err = check(project, capsys)
        assert code == 1
        assert sum("is smaller than the 4 priority values of" in ln for ln in err) == 7
        assert any(ln.startswith(at_least_one) for ln in err) is said, err
