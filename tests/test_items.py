"""Item statistics from Moodle's SCORM interactions report (issue 13): every interaction maps back to
its question in every response format, and a planted bad item is flagged."""

from __future__ import annotations

import csv
import io

from scorm_build.diagnostics import Report, SourceRef
from scorm_build.quizcheck import COption, CompiledBank, CompiledQuestion
from scorm_build.results import items, moodle
from scorm_build.results.itemreport import csv_report, html_report
from scorm_build.results.model import AttemptRow, Interaction

from .certify_support import RESULTS

AT = SourceRef("quizzes/toets.yaml", 1)


def q(qid, type_, options=(), lefts=(), rights=(), key=()):
    opts = tuple(COption(oid, f"optie {oid}", ok, "") for oid, ok in options)
    return CompiledQuestion(qid, type_, "toets.doel", ("x",), (), f"Vraag {qid}", "", None, opts,
                            tuple(lefts), tuple(rights), tuple(key), False, AT)


BANK = CompiledBank("toets", None, (), (
    q("toets.q1", "single", [("k1", True), ("k2", False), ("k3", False)]),
    q("toets.q2", "multiple", [("m1", True), ("m2", True), ("m3", False)]),
    q("toets.q3", "truefalse", [("waar", True), ("onwaar", False)]),
    q("toets.q4", "matching", lefts=[("L1", "links 1"), ("L2", "links 2")], rights=[("R1", "r 1"), ("R2", "r 2")],
      key=[("L1", "R1"), ("L2", "R2")]),
    q("toets.q5", "single", [("s1", False), ("s2", True), ("s3", False), ("s4", False)]),
), AT)

FIXTURES = ["interactions-planted-bad-item-scorm2004-en.txt", "interactions-planted-bad-item-scorm12-nl.txt"]


def cells_in(path):
    """Interaction cells of the fixture, counted from the file itself: (graded, dilemma)."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    qcols = [i for i, h in enumerate(rows[0]) if h.split(" ")[0] in ("Question", "Vraag")]
    ids = [r[i] for r in rows[1:] for i in qcols if r[i]]
    return sum(".dilemma." not in i for i in ids), sum(".dilemma." in i for i in ids)


def test_every_interaction_maps_back_to_its_question_in_both_formats():
    for name in FIXTURES:
        report = Report()
        rows = moodle.read_interactions(RESULTS / name, report)
        stats = items.analyse([BANK], rows, report)
        graded, dilemmas = cells_in(RESULTS / name)
        assert not report.items, [str(d) for d in report.items]
        assert (stats.mapped, stats.ungraded, stats.attempts) == (graded, dilemmas, 12)
        assert [s.id for s in stats.items] == [f"toets.q{i}" for i in range(1, 6)]
        assert all(s.answered == 12 for s in stats.items)


def test_the_planted_bad_item_is_flagged_and_the_good_ones_are_not():
    for name in FIXTURES:
        stats = items.analyse([BANK], moodle.read_interactions(RESULTS / name, Report()), Report())
        by_id = {s.id: s for s in stats.items}
        bad = by_id["toets.q5"]
        assert set(bad.flags) == {"negative-discrimination", "unused-distractor"}
        assert bad.discrimination < -0.5
        assert [(oid, n) for oid, _, _, n in bad.options] == [("s1", 5), ("s2", 6), ("s3", 1), ("s4", 0)]
        for qid in ("toets.q1", "toets.q2", "toets.q3", "toets.q4"):
            assert "negative-discrimination" not in by_id[qid].flags and by_id[qid].discrimination > 0.3, qid
        assert (by_id["toets.q1"].right, by_id["toets.q2"].right, by_id["toets.q4"].right) == (10, 8, 7)
        # q2: the distractor m3 was chosen by the weaker half of those who got it wrong
        assert [(oid, n) for oid, _, _, n in by_id["toets.q2"].options] == [("m1", 12), ("m2", 8), ("m3", 2)]


def test_too_easy_and_too_hard_flags():
    rows = [AttemptRow(f"l{i}@x.nl", (Interaction("toets.q1", "k1", "", "", AT),
                                     Interaction("toets.q5", "s2" if i == 0 else "s1", "", "", AT)), AT)
            for i in range(10)]
    stats = {s.id: s for s in items.analyse([BANK], rows, Report()).items}
    assert "too-easy" in stats["toets.q1"].flags and "too-hard" in stats["toets.q5"].flags
    few = items.analyse([BANK], rows[:items.MIN_N - 1], Report())
    assert all(not s.flags for s in few.items)


def test_the_old_index_format_and_unknown_ids_and_responses():
    report = Report()
    row = AttemptRow("a@x.nl", (
        Interaction("toets.q1", "0", "", "", SourceRef("r.txt", 2)),          # old: option index
        Interaction("toets.q2", "0,1", "", "", SourceRef("r.txt", 2)),
        Interaction("toets.q4", "0[.]0[,]1[.]1", "", "", SourceRef("r.txt", 2)),  # old 2004 matching indices
        Interaction("toets.q3", "t", "", "", SourceRef("r.txt", 2)),
        Interaction("toets.gone", "a", "", "", SourceRef("r.txt", 2)),
        Interaction("toets.q5", "z", "", "", SourceRef("r.txt", 2)),
    ), SourceRef("r.txt", 2))
    stats = items.analyse([BANK], [row], report)
    assert {s.id: s.right for s in stats.items} == {"toets.q1": 1, "toets.q2": 1, "toets.q3": 1, "toets.q4": 1}
    assert [str(d) for d in report.items] == [
        "r.txt:2: warning: interaction 'toets.gone' is no question of any bank: was the bank changed after this"
        " export? [items.unknown-question]",
        "r.txt:2: warning: response 'z' of 'toets.q5' names no option of the question [items.unknown-response]"]


def test_csv_and_html_report():
    stats = items.analyse([BANK], moodle.read_interactions(RESULTS / FIXTURES[0], Report()), Report())
    rows = list(csv.DictReader(io.StringIO(csv_report(stats).decode())))
    bad = next(r for r in rows if r["question"] == "toets.q5")
    assert bad["flags"] == "negative-discrimination unused-distractor"
    assert bad["option_counts"] == "s1=5 s2*=6 s3=1 s4=0" and bad["answered"] == "12"
    page = html_report(stats, "Toets").decode()
    assert page.count("<svg") == 1 + len([s for s in stats.items if s.options])
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert 'href="#q-toets.q5"' in page and "a wrong option nobody chose" in page


def test_cli_report_items_maps_the_project_banks(tmp_path, capsys):
    """An export written with the 2004 conventions (option ids) from the real bank maps without a warning."""
    from .certify_support import project
    from .conftest import ROOT, run_cli

    bank = project().bank("raadslid")
    qs = [x for x in bank.questions if x.type != "matching"][:5]
    header = ["Name", "Email address", "Attempt", "Started on", "Last accessed on", "Score", "Module"]
    for n in range(len(qs)):
        header += [f"Question {n}", f"Response {n}", f"Right answer {n}", f"Result {n}"]
    lines = ["\t".join(header)]
    for i in range(6):
        row = [f"L {i}", f"l{i}@x.nl", "1", "x", "y", "80", "80/100"]
        for x in qs:
            right = [o.id for o in x.options if o.correct]
            wrong = [o.id for o in x.options if not o.correct][:1]
            row += [x.id, "[,]".join(right if i % 2 else wrong), "[,]".join(right), "correct"]
        lines.append("\t".join(row))
    export = tmp_path / "interactions.txt"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err, _ = run_cli(["--project", str(ROOT), "report", "items", str(export), "--out", str(tmp_path / "r")],
                           capsys)
    assert code == 0, err
    assert not [e for e in err if ": warning: " in e]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r" / "items.csv").read_text())))
    assert sorted(r["question"] for r in rows) == sorted(x.id for x in qs)
    assert all(r["answered"] == "6" and r["right"] == "3" for r in rows)
    assert (tmp_path / "r" / "items.html").read_text().startswith("<!DOCTYPE html>")
