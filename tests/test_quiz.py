"""Generated questions agree with the curriculum; authored answer keys are checked; banks are complete."""

from __future__ import annotations

import re

import pytest

from scorm_build.project import load_project
from scorm_build.quizcheck import Facts
from scorm_build.render import answer_key
from scorm_build.schema import Missing

from .conftest import ROOT, copy_project, run_cli, with_weerbaarheid


@pytest.fixture(scope="module")
def project():
    p, _ = load_project(ROOT)
    return p


def test_every_bank_has_enough_questions_and_types(project):
    for bank in project.banks:
        assert len(bank.questions) >= 20, bank.module
        assert len({q.type for q in bank.questions}) >= 4, bank.module
        for v in bank.priorities:
            assert any(v in q.values for q in bank.questions)


def test_core_bank_covers_every_cluster_and_the_trends(project):
    core = project.bank("core")
    tested = {t for q in core.questions for t in q.tests}
    assert {c.id for c in project.curriculum.values.clusters} <= tested
    assert {g.id for g in project.curriculum.trends.groups} & tested


def test_generated_questions_agree_with_the_curriculum(project):
    c = project.curriculum
    for bank in project.banks:
        for q in bank.questions:
            if not q.generated:
                continue
            kind = q.id.split(".gen.")[1].split(".")[0]
            right = [o.text for o in q.options if o.correct]
            if kind == "prioriteiten":
                assert sorted(right) == sorted(c.value(v).name for v in c.office(bank.office).priorities)
            elif kind == "cluster":
                v = c.value(q.id.rsplit(".", 1)[1])
                assert right == [c.cluster(v.cluster).name]
            elif kind == "vereniging":
                pid = q.id.rsplit(".", 1)[1]
                o = next(o for o in c.offices if not isinstance(o.association_perspectives, Missing)
                         and pid in {p.id for p in o.association_perspectives.items})
                assert right == [c.association(o.associations[0]).name]
            elif kind == "ambten":
                v = q.id.rsplit(".", 1)[1]
                holders = [o.plural for o in c.offices if not isinstance(o.priorities, Missing) and v in o.priorities]
                assert sorted(right) == sorted(holders)
            elif kind == "koppel-cluster":
                assert all(c.value(left).cluster == right for left, right in q.key)


def test_generation_never_asks_what_the_source_lost(project):
    f = Facts(project.curriculum)
    for bank in project.banks:
        for q in bank.questions:
            if not q.generated:
                continue
            if ".gen.cluster." in q.id:
                assert f.known("cluster-of-value", q.id.rsplit(".", 1)[1])
            if ".gen.koppel-cluster." in q.id:
                assert all(f.known("cluster-of-value", left) for left, _ in q.key)
            if ".gen.ambten." in q.id:
                assert "Statenleden" not in [o.text for o in q.options]
    statenlid = project.bank("statenlid")
    assert not any(".gen.prioriteiten" in q.id or ".gen.ambten" in q.id or ".gen.waar-onwaar" in q.id
                   for q in statenlid.questions)


def test_generation_is_deterministic(project):
    again, _ = load_project(ROOT)
    assert [(q.id, answer_key(q), [o.text for o in q.options]) for b in project.banks for q in b.questions] == \
           [(q.id, answer_key(q), [o.text for o in q.options]) for b in again.banks for q in b.questions]


def test_a_list_membership_question_passes_the_check(tmp_path, capsys):
    p = copy_project(tmp_path / "p")
    with_weerbaarheid(p)
    code, err, _ = run_cli(["--project", str(p), "check"], capsys)
    assert code == 0, err


def test_a_broken_answer_key_is_a_located_error(tmp_path, capsys):
    p = copy_project(tmp_path / "p")
    bank = with_weerbaarheid(p)
    lines = bank.read_text(encoding="utf-8").splitlines()
    # the weerbaarheid question: mark the wethouder option right
    start = next(k for k, ln in enumerate(lines) if ln.strip() == "- id: statenlid.weerbaarheid")
    i = next(k for k in range(start, len(lines)) if lines[k].strip() == "ref: wethouder") - 1
    lines[i + 2] = lines[i + 2].replace("correct: false", "correct: true")
    bank.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err, _ = run_cli(["--project", str(p), "check"], capsys)
    assert code == 1
    assert (f"quizzes/statenlid.yaml:{i + 1}: error: question 'statenlid.weerbaarheid': option 'b'"
            " (wethouder) is marked right, but the curriculum says office-with-priority of"
            " 'weerbaarheid' is not 'wethouder' [quiz.answer-key]") in err


def test_asking_about_a_lost_fact_is_an_error(tmp_path, capsys):
    p = copy_project(tmp_path / "p")
    bank = with_weerbaarheid(p)
    text = bank.read_text(encoding="utf-8")
    assert "relation: office-with-priority\n  about: weerbaarheid" in text
    text = text.replace("relation: office-with-priority\n  about: weerbaarheid",
                        "relation: priority-of-office\n  about: statenlid", 1)
    bank.write_text(text, encoding="utf-8")
    code, err, _ = run_cli(["--project", str(p), "check"], capsys)
    assert code == 1
    assert any("[quiz.unknown-fact]" in ln for ln in err)


def test_facts_relations(project):
    f = Facts(project.curriculum)
    assert f.holds("priority-of-office", "raadslid", "weerbaarheid")
    assert not f.known("cluster-of-value", "weerbaarheid")
    assert not f.known("priority-of-office", "statenlid")
    assert f.holds("association-of-office", "waterschapsbestuurder", "kvw")


def test_every_explanation_cites_the_publication_and_every_option_has_feedback(project):
    from .conftest import SOURCE_TEXT

    headings = {ln.strip() for ln in SOURCE_TEXT.read_text(encoding="utf-8").splitlines() if ln.strip()}
    for bank in project.banks:
        for q in bank.questions:
            cited = re.split(r"\*Bronn?e?n?: ", q.explanation)[-1].rstrip(".*")
            assert cited != q.explanation.rstrip(".*"), q.id
            for path in cited.split("; "):
                assert all(seg in headings for seg in path.split(" > ")), (q.id, cited)
            assert all(o.feedback.strip() for o in q.options), q.id
            if q.generated:
                for o in q.options:
                    assert o.feedback.startswith("Goed" if o.correct else "Niet goed"), (q.id, o.feedback)
