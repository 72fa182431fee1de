"""Reading LMS result exports (issue 13): Moodle's SCORM report in English and Dutch, completion and
grade exports, a mapped CSV; the rule of programme.yaml decides who gets a credential."""

from __future__ import annotations


from scorm_build.diagnostics import Report
from scorm_build.results import generic, moodle
from scorm_build.results.model import Result
from scorm_build.results.rule import Rule, decide
from scorm_build.diagnostics import SourceRef

from .certify_support import RESULTS, project
from .conftest import DIAG_RE, run_cli

MODULES = {m.id: m.title for m in project().modules}
MASTERY = project().programme.quiz.mastery_score


def winners(results):
    return sorted((a.email, a.module, a.score) for a in decide(results, Rule(MASTERY)))


def test_english_scorm_report_gives_exactly_the_learners_who_meet_the_rule():
    report = Report()
    results = moodle.read_scorm_report(RESULTS / "scorm-basic-en.txt", MODULES, "raadslid", report)
    assert not report.items
    # Anna 85; Bram 79 then exactly the mastery score 80 on attempt 2; Carla no attempt; Dirk incomplete
    # without score; Eva 'Passed' but no score shown
    assert MASTERY == 80
    assert winners(results) == [("anna@example.nl", "raadslid", 85.0), ("bram@example.nl", "raadslid", 80.0)]
    bram = [a for a in decide(results, Rule(MASTERY)) if a.email == "bram@example.nl"][0]
    assert str(bram.evidence[0].at).endswith("scorm-basic-en.txt:4")
    dirk = [r for r in results if r.email == "dirk@example.nl"]
    assert dirk and dirk[0].status == "incomplete"  # e-mail lower-cased, status word read


def test_dutch_scorm_report_gives_exactly_the_learners_who_meet_the_rule():
    report = Report()
    results = moodle.read_scorm_report(RESULTS / "scorm-basic-nl.txt", MODULES, "raadslid", report)
    assert not report.items
    assert winners(results) == [("femke@gemeente.nl", "raadslid", 100.0), ("joke@gemeente.nl", "raadslid", 90.0)]
    assert {r.status for r in results if r.email == "ivo@gemeente.nl"} == {"incomplete"}


def test_sco_columns_are_matched_to_modules_by_title(tmp_path):
    p = project()
    header = ["Name", "Email address", "Attempt", "Started on", "Last accessed on", "Score"]
    header += [m.title for m in p.modules[:3]]
    row = ["A B", "ab@example.nl", "1", "x", "y", "90", "95/100", "Completed", "70/100"]
    f = tmp_path / "programme.txt"
    f.write_text("\t".join(header) + "\n" + "\t".join(row) + "\n", encoding="utf-8")
    report = Report()
    results = moodle.read_scorm_report(f, MODULES, None, report)
    assert not report.items
    assert [(r.module, r.status, r.score) for r in results] == [
        (p.modules[0].id, None, 95.0), (p.modules[1].id, "completed", None), (p.modules[2].id, None, 70.0)]
    assert winners(results) == [("ab@example.nl", p.modules[0].id, 95.0)]


def test_the_single_office_packages_sco_title_names_its_module(tmp_path):
    p = project()
    title = f"{p.programme.title}: {p.module('raadslid').title}"  # what the single-office manifest calls its SCO
    f = tmp_path / "report.txt"
    f.write_text(f"Name\tEmail address\tAttempt\tStarted on\tLast accessed on\tScore\t{title}\n"
                 "A B\tab@example.nl\t1\tx\ty\t90\t90/100\n", encoding="utf-8")
    report = Report()
    results = moodle.read_scorm_report(f, MODULES, None, report, p.programme.title)
    assert not report.items and [(r.module, r.score) for r in results] == [("raadslid", 90.0)]
    report = Report()
    moodle.read_scorm_report(f, MODULES, None, report)  # without the programme title it names no module
    assert [d.code for d in report.items] == ["results.module-unknown"]


def test_broken_export_gives_located_errors(tmp_path):
    report = Report()
    moodle.read_scorm_report(RESULTS / "scorm-basic-broken.txt", MODULES, "raadslid", report)
    lines = [str(d) for d in report.sorted()]
    path = str(RESULTS / "scorm-basic-broken.txt")
    assert lines == [
        f"{path}:3: error: row has 4 cells, the header has 7: the file is cut or a cell holds a stray delimiter"
        " [results.row-width]",
        f"{path}:4: error: 'kees at example.nl' is not an e-mail address: every learner needs one to be"
        " identified in a credential [results.email]",
        f"{path}:5: error: column 'Inwerkprogramma decentraal bestuur: Module raadsleden': 'Excellent' is neither a"
        " score nor a status Moodle writes [results.cell]",
    ]


def test_certify_with_a_broken_export_issues_nothing(tmp_path, capsys):
    from .certify_support import throwaway_key
    throwaway_key(tmp_path)
    out = tmp_path / "out"
    code, err, _ = run_cli(["certify", "--key", str(tmp_path / "keys" / "issuer.pem"), "--base-url",
                            "https://c.example.nl/", "--scorm", str(RESULTS / "scorm-basic-en.txt"),
                            "--scorm", str(RESULTS / "scorm-basic-broken.txt"), "--module", "raadslid",
                            "--out", str(out), "--no-pdf"], capsys)
    assert code == 1
    diags = [line for line in err if ": error: " in line]
    assert len(diags) == 3 and all(DIAG_RE.match(d) for d in diags)
    assert "certify failed: nothing was issued" in err
    assert not out.exists()


def test_completion_and_grade_exports_together():
    report = Report()
    results = moodle.read_completion(RESULTS / "completion-en.csv", "raadslid", report)
    results += moodle.read_grades(RESULTS / "grades-en.csv", "raadslid", report)
    assert not report.items
    # Frank completed with 90; Gina completed with 60; Hans scored 95 but did not complete the course
    assert winners(results) == [("frank@example.nl", "raadslid", 90.0)]


def test_completion_export_needs_a_module():
    report = Report()
    assert moodle.read_completion(RESULTS / "completion-en.csv", None, report) == []
    assert [d.code for d in report.items] == ["results.module-unknown"]
    assert str(report.items[0].where).endswith("completion-en.csv:1")


def test_generic_csv_with_mapping():
    report = Report()
    results = generic.read_generic(RESULTS / "generic-other-lms.csv", RESULTS / "generic-other-lms.yaml",
                                   MODULES, None, report)
    assert not report.items
    # Mark 'Behaald' 8,5/10; Nora 9,0 but 'Niet behaald'; Otto 'Behaald' with 7,5/10 (below 80 %)
    assert winners(results) == [("mark@waterschap.nl", "raadslid", 85.0)]


def test_generic_mapping_errors_are_located(tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  name: Deelnemer\n  mail: E-mail\nstatus_values:\n  Ok: geslaagd\nextra: 1\n")
    report = Report()
    assert generic.read_generic(RESULTS / "generic-other-lms.csv", mapping, MODULES, "raadslid", report) == []
    got = sorted((d.where.line, d.code) for d in report.items)
    # each problem at its own line: the unknown column key 'mail', the 'columns' that lacks email and
    # status/score, the status word that maps to no status, the unknown top-level key
    assert got == [(1, "mapping.shape"), (1, "mapping.shape"), (3, "mapping.key"), (5, "mapping.status"),
                   (6, "mapping.key")]


def test_a_failed_status_is_not_overruled_by_a_score_but_a_later_pass_counts():
    at = SourceRef("x.csv", 2)
    rows = [Result("A", "a@x.nl", "core", "failed", 95.0, at)]
    assert decide(rows, Rule(80)) == []
    rows.append(Result("A", "a@x.nl", "core", "passed", None, SourceRef("x.csv", 3)))
    awards = decide(rows, Rule(80))
    assert [(a.score, [str(r.at) for r in a.evidence]) for a in awards] == [(95.0, ["x.csv:2", "x.csv:3"])]


def test_not_utf8_export_is_a_located_error(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Name\tEmail address\tAttempt\tScore\tX\nJos\xe9\tj@x.nl\t1\t9\t9\n".encode("latin-1"))
    report = Report()
    moodle.read_scorm_report(f, MODULES, "core", report)
    assert [(d.where.line, d.code) for d in report.items] == [(2, "file.encoding")]


def test_the_older_dutch_pack_words_are_read(tmp_path):
    """Moodle 2.4's nl pack (component 'scorm'): 'Laatst bekeken op', status 'Volledig' and 'Voorgeproefd'."""
    p = project()
    title = p.module("raadslid").title
    header = ["Naam", "E-mailadres", "Poging", "Gestart op", "Laatst bekeken op", "Score", title]
    rows = [["A B", "ab@example.nl", "1", "x", "y", "", "Volledig"], ["C D", "cd@example.nl", "1", "x", "y", "", "Voorgeproefd"]]
    f = tmp_path / "oud.txt"
    f.write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    report = Report()
    results = moodle.read_scorm_report(f, MODULES, "raadslid", report)
    assert not report.items, report.lines()
    assert [(r.email, r.status) for r in results] == [("ab@example.nl", "completed"), ("cd@example.nl", "browsed")]
