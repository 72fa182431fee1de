"""certify and revoke against hostile or careless input: concurrent runs into one folder, impossible
scores, broken column mappings, names a certificate cannot carry, unsafe options, a full disk."""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scorm_build.fsutil import LOCK

from .certify_support import BASE, throwaway_key
from .conftest import DIAG_RE, ROOT, run_cli

MAPPING = "columns:\n  name: Naam\n  email: E-mail\n  score: Score\n"


def csv_export(folder: Path, name: str, rows: list[tuple[str, str, str]]) -> Path:
    """A generic CSV export (Naam;E-mail;Score) read through MAPPING."""
    path = folder / name
    path.write_text("Naam;E-mail;Score\n" + "".join(f"{n};{e};{s}\n" for n, e, s in rows), encoding="utf-8")
    return path


def mapping(folder: Path, text: str = MAPPING) -> Path:
    path = folder / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def certify_args(tmp: Path, out: Path, *exports: Path, extra: tuple[str, ...] = (), pdf: bool = False) -> list[str]:
    args = ["--project", str(ROOT), "certify", "--key", str(tmp / "keys" / "issuer.pem"), "--base-url", BASE,
            "--module", "raadslid", "--out", str(out)] + ([] if pdf else ["--no-pdf"])
    for e in exports:
        args += ["--csv", str(e)]
    if exports:
        args += ["--mapping", str(tmp / "mapping.yaml")]
    return args + list(extra)


# -- concurrency -------------------------------------------------------------------------------------

def waiters(lock: Path) -> int:
    """How many processes wait for the flock of ``lock`` (Linux /proc/locks: blocked requests carry '->')."""
    ino = lock.stat().st_ino
    lines = Path("/proc/locks").read_text().splitlines()
    return sum(1 for ln in lines if "->" in ln and re.search(rf":{ino} ", ln))


def start(args: list[str], tmp: Path) -> subprocess.Popen:
    env = dict(os.environ, SCORM_BUILD_CACHE="off")
    env.pop("SCORM_BUILD_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "scorm_build", *args], cwd=tmp, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_while_locked(out: Path, procs_args: list[list[str]], tmp: Path) -> list[tuple[int, str]]:
    """Start every command while the test holds the folder's lock, wait until each one is blocked on
    it, then let go: they all run at the same time from the same starting register."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    procs = []
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        procs = [start(a, tmp) for a in procs_args]
        deadline = time.monotonic() + 120
        while waiters(out / LOCK) < len(procs):
            ended = [p for p in procs if p.poll() is not None]
            assert not ended, [p.communicate() for p in ended]
            assert time.monotonic() < deadline, "the commands never waited for the lock"
            time.sleep(0.05)
    finally:
        os.close(fd)
    results = []
    for p in procs:
        _, err = p.communicate(timeout=300)
        results.append((p.returncode, err))
    return results


def test_concurrent_certify_runs_lose_no_credential_and_share_no_index(tmp_path):
    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    runs = [[certify_args(tmp_path, out, csv_export(tmp_path, f"run{r}.csv", [
        (f"Deelnemer {r}-{i}", f"l{r}-{i}@example.nl", "90") for i in range(3)]))][0] for r in range(4)]
    for code, err in run_while_locked(out, runs, tmp_path):
        assert code == 0, err
    reg = json.loads((out / "issued.json").read_text())
    files = sorted(p.relative_to(out).as_posix() for p in (out / "credentials").glob("*.jwt"))
    assert len(files) == 12
    assert sorted(c["file"] for c in reg["credentials"]) == files
    indices = [c["index"] for c in reg["credentials"]]
    assert sorted(indices) == list(range(12)) and reg["next_index"] == 12
    signed = [json.loads((out / f).with_suffix(".json").read_text())["credentialStatus"]["statusListIndex"]
              for f in files]
    assert len(set(signed)) == 12


def test_a_revoke_racing_a_certify_is_not_lost(tmp_path, capsys):
    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    first = csv_export(tmp_path, "first.csv", [("Anna Eerst", "anna@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, out, first), capsys)
    assert code == 0, err
    anna = json.loads((out / "issued.json").read_text())["credentials"][0]
    later = csv_export(tmp_path, "later.csv", [(f"Later {i}", f"later{i}@example.nl", "95") for i in range(3)])
    revoke = ["--project", str(ROOT), "revoke", "--key", str(tmp_path / "keys" / "issuer.pem"), "--out", str(out), anna["id"]]
    for code, err in run_while_locked(out, [certify_args(tmp_path, out, later), revoke], tmp_path):
        assert code == 0, err
    reg = json.loads((out / "issued.json").read_text())
    assert reg["revoked"] == [anna["index"]]
    assert len(reg["credentials"]) == 4 and sorted(c["index"] for c in reg["credentials"]) == [0, 1, 2, 3]


# -- impossible scores -------------------------------------------------------------------------------

SCO = "Inwerkprogramma decentraal bestuur: Module raadsleden"
BAD_SCORES = ["150/100", "1e3/100", "\uff19\uff10/100", "-5/100", "101", "90/\uff11\uff10\uff10", "90/0", "inf/100"]


def scorm_report(folder: Path, cells: list[str]) -> Path:
    path = folder / "scorm.txt"
    rows = "".join(f"Lid {i}\tlid{i}@example.nl\t1\tx\tx\t\t{c}\n" for i, c in enumerate(cells))
    path.write_text(f"Name\tEmail address\tAttempt\tStarted on\tLast accessed on\tScore\t{SCO}\n{rows}", encoding="utf-8")
    return path


def test_a_scorm_report_with_an_impossible_score_issues_nothing(tmp_path, capsys):
    throwaway_key(tmp_path)
    out = tmp_path / "out"
    report = scorm_report(tmp_path, ["90/100", *BAD_SCORES])
    code, err, _ = run_cli(certify_args(tmp_path, out, extra=("--scorm", str(report))), capsys)
    assert code == 1
    diags = [line for line in err if ": error: " in line]
    assert all(DIAG_RE.match(d) and d.endswith("[results.cell]") for d in diags), diags
    assert [int(d.split(":")[1]) for d in diags] == list(range(3, 3 + len(BAD_SCORES)))  # every one, located
    assert "outside 0 to 100" in diags[0] and "outside 0 to 100" in diags[4] and "digits 0-9" in diags[2]
    assert "certify failed: nothing was issued" in err and not out.exists()


def test_a_csv_export_with_an_impossible_score_issues_nothing(tmp_path, capsys):
    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    export = csv_export(tmp_path, "x.csv", [("Goed", "goed@example.nl", "90")] + [
        (f"Lid {i}", f"lid{i}@example.nl", s) for i, s in enumerate(["150", "1e3", "\uff19\uff10", "-1", "1_0"])])
    code, err, _ = run_cli(certify_args(tmp_path, out, export), capsys)
    assert code == 1
    diags = [line for line in err if ": error: " in line]
    assert [(int(d.split(":")[1]), d.endswith("[results.cell]")) for d in diags] == [(n, True) for n in range(3, 8)]
    assert all("is not a number from 0 to 100 (digits 0-9)" in d for d in diags)
    assert not out.exists()


def test_scores_in_range_and_in_the_forms_lms_write_still_count():
    from scorm_build.results.moodle import parse_sco_cell
    from scorm_build.results.table import number

    assert [number(t) for t in ("85", "85.5", "85,50", "85,00 %", "100", "0", "\u00a090")] == [
        85.0, 85.5, 85.5, 85.0, 100.0, 0.0, 90.0]
    assert [number(t) for t in ("1e3", "\uff19\uff10", "1_0", "nan", "inf", "", "8 5", "٩٠")] == [None] * 8
    assert parse_sco_cell("100/100") == (None, 100.0) and parse_sco_cell("8,5/10") == (None, 85.0)
    assert parse_sco_cell("Passed") == ("passed", None) and parse_sco_cell("-") == (None, None)


# -- the --csv column mapping ------------------------------------------------------------------------

BAD_MAPPING = """columns:
  name: Naam
  email: [E-mail]
  score: Score
status_values: [a]
score_max: tien
delimiter: "ab"
"""


@pytest.mark.parametrize("text, line, words", [
    (MAPPING + "score_max: tien\n", 5, "score_max must be a number above 0"),
    (MAPPING + "score_max: [1]\n", 5, "found no number"),
    (MAPPING + "score_max: 0\n", 5, "found '0'"),
    (MAPPING + "score_max: -10\n", 5, "found '-10'"),
    (MAPPING + "score_max: .inf\n", 5, "found '.inf'"),
    (MAPPING + "score_max: .nan\n", 5, "found '.nan'"),
    (MAPPING + 'delimiter: "ab"\n', 5, "delimiter must be one character"),
    (MAPPING + "delimiter: 5\n", 5, "delimiter must be one character"),
    (MAPPING + "delimiter: [';']\n", 5, "delimiter must be one character"),
    (MAPPING + "status_values: [a]\n", 5, "status_values must map the LMS's words"),
    (MAPPING + "status_values:\n  Ok: [passed]\n", 6, "'Ok' must map to one of passed"),
])
def test_a_bad_mapping_value_is_a_located_error_not_an_internal_error(tmp_path, capsys, monkeypatch, text, line,
                                                                     words):
    monkeypatch.delenv("SCORM_BUILD_DEBUG")  # an internal error would be reported, not raised
    throwaway_key(tmp_path)
    mapping(tmp_path, text)
    export = csv_export(tmp_path, "x.csv", [("Goed", "goed@example.nl", "9")])
    code, err, _ = run_cli(certify_args(tmp_path, tmp_path / "out", export), capsys)
    assert code == 1 and not any("internal error" in e for e in err), err
    diags = [e for e in err if ": error: " in e]
    assert len(diags) == 1 and DIAG_RE.match(diags[0]), diags
    assert diags[0].startswith(f"{tmp_path / 'mapping.yaml'}:{line}: error: ") and words in diags[0]
    assert not (tmp_path / "out").exists()


def test_every_problem_of_a_mapping_is_reported_at_once(tmp_path):
    from scorm_build.diagnostics import Report
    from scorm_build.results import generic

    mapping(tmp_path, BAD_MAPPING)
    export = csv_export(tmp_path, "x.csv", [("Goed", "goed@example.nl", "9")])
    report = Report()
    assert generic.read_generic(export, tmp_path / "mapping.yaml", {"raadslid": "R"}, "raadslid", report) == []
    assert [(d.where.line, d.code) for d in report.items] == [
        (3, "mapping.value"), (5, "mapping.status"), (6, "mapping.value"), (7, "mapping.value")]


def test_a_valid_mapping_with_every_key_still_reads(tmp_path):
    from scorm_build.diagnostics import Report
    from scorm_build.results import generic

    mapping(tmp_path, MAPPING + 'score_max: 10\ndelimiter: ";"\nstatus_values:\n  Ja: passed\n  Yes: passed\n')
    export = csv_export(tmp_path, "x.csv", [("Goed", "goed@example.nl", "9,5")])
    report = Report()
    got = generic.read_generic(export, tmp_path / "mapping.yaml", {"raadslid": "R"}, "raadslid", report)
    assert not report.items and [(r.email, r.score) for r in got] == [("goed@example.nl", 95.0)]


def test_csv_without_mapping_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SCORM_BUILD_DEBUG")
    throwaway_key(tmp_path)
    export = csv_export(tmp_path, "x.csv", [("Goed", "goed@example.nl", "90")])
    args = certify_args(tmp_path, tmp_path / "out") + ["--csv", str(export)]
    code, err, _ = run_cli(args, capsys)
    assert code == 2 and err == ["scorm-build: error: --csv needs --mapping (a YAML column mapping)"]


# -- learner names -----------------------------------------------------------------------------------

def test_a_learner_without_a_name_is_refused_never_named_by_the_email_address(tmp_path, capsys):
    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    export = csv_export(tmp_path, "x.csv", [("Goed Genoeg", "goed@example.nl", "90"), ("", "leeg@example.nl", "90"),
                                            ("   ", "spatie@example.nl", "95"), ("", "gezakt@example.nl", "10")])
    code, err, _ = run_cli(certify_args(tmp_path, out, export), capsys)
    assert code == 1
    diags = [e for e in err if ": error: " in e]
    assert [(d.split(":")[1], d.endswith("[results.name]")) for d in diags] == [("3", True), ("4", True)]
    assert "no name for leeg@example.nl" in diags[0] and not out.exists()  # a learner who failed needs none

    from scorm_build.results.model import Result
    from scorm_build.results.rule import Rule, decide
    from scorm_build.diagnostics import SourceRef
    rows = [Result(" ", "a@x.nl", "m", None, 90.0, SourceRef("x", 2)),
            Result("  Anna   de  Vries ", "a@x.nl", "m", "passed", None, SourceRef("x", 3))]
    assert [a.name for a in decide(rows, Rule(80))] == ["Anna de Vries"]
    assert [a.name for a in decide(rows[:1], Rule(80))] == [""]  # not the e-mail address


def test_a_name_too_long_for_the_page_is_refused_and_the_longest_allowed_fits_on_one_page(tmp_path, capsys):
    import weasyprint
    from weasyprint.formatting_structure.boxes import TextBox

    from scorm_build.credentials.issue import MAX_NAME

    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    longest = "W" * MAX_NAME  # no space to break at, and the widest letter
    export = csv_export(tmp_path, "x.csv", [(longest, "lang@example.nl", "90"), ("X" * 3000, "x@example.nl", "90"),
                                            ("W" * (MAX_NAME + 1), "y@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, out, export), capsys)
    assert code == 1
    diags = [e for e in err if ": error: " in e]
    assert [d.split(":")[1] for d in diags] == ["3", "4"] and all(d.endswith("[results.name]") for d in diags)
    assert "has 3000 characters, more than the 120" in diags[0] and "X" * 41 not in diags[0]
    assert not out.exists()
    export = csv_export(tmp_path, "x.csv", [(longest, "lang@example.nl", "90"),
                                            (" ".join(["Wilhelmina"] * 11)[:MAX_NAME], "w@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, out, export), capsys)
    assert code == 0, err
    pages = sorted((out / "certificates").glob("*.html"))
    assert len(pages) == 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert longest in html or "Wilhelmina" in html
        doc = weasyprint.HTML(string=html).render()
        assert len(doc.pages) == 1, page.name
        texts = [b for b in doc.pages[0]._page_box.descendants() if isinstance(b, TextBox)]
        off = [b.text for b in texts if b.position_x + b.width > doc.pages[0].width]
        assert not off, (page.name, off)  # no text runs off the page


def test_a_name_with_characters_no_font_has_is_a_located_warning(tmp_path, capsys, monkeypatch):
    from scorm_build.credentials import certificate

    assert certificate.has_glyph("A") is True and certificate.has_glyph("\u0378") is False  # unassigned
    # the fonts of this machine aside: a font that has Latin only
    monkeypatch.setattr(certificate, "has_glyph", lambda c: ord(c) < 0x250)
    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    export = csv_export(tmp_path, "x.csv", [("Zoë Jansen", "zoe@example.nl", "90"), ("山田 太郎", "yamada@example.nl", "90"),
                                            ("Bram \U0001F980", "bram@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, out, export, pdf=True), capsys)
    assert code == 0, err
    warnings = [e for e in err if ": warning: " in e]
    assert [(w.split(":")[1], w.endswith("[certificate.glyph]")) for w in warnings] == [("3", True), ("4", True)]
    assert "'山' (U+5C71), '田' (U+7530), '太' (U+592A), '郎' (U+90CE)" in warnings[0]
    assert "(U+1F980)" in warnings[1] and "print as boxes" in warnings[1]
    assert len(list((out / "certificates").glob("*.pdf"))) == 3  # a warning: issued all the same
    code, err, _ = run_cli(certify_args(tmp_path, tmp_path / "html-only", export), capsys)
    assert code == 0 and not [e for e in err if ": warning: " in e]  # --no-pdf: no PDF, no font to lack


# -- options and revoking twice ----------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://certificaten.example.nl/", "https://user:pw@certificaten.example.nl/",
    'https://certificaten.example.nl/"><script>alert(1)</script>', "https://certificaten.example.nl/a b/",
    "https://certificaten.example.nl/'x", "https://certificaten.example.nl/?q=1", "https://certificaten.example.nl/#x",
    "https://certificaten.example.nl\\@evil.example/", "https:///pad", "javascript:alert(1)//https://x.nl/",
])
def test_certify_refuses_a_base_url_that_is_not_a_clean_https_url(tmp_path, capsys, url):
    throwaway_key(tmp_path)
    mapping(tmp_path)
    export = csv_export(tmp_path, "x.csv", [("Goed", "goed@example.nl", "90")])
    args = certify_args(tmp_path, tmp_path / "out", export)
    args[args.index("--base-url") + 1] = url
    code, err, _ = run_cli(args, capsys)
    assert code == 2 and "is not an https URL" in " ".join(err) and not (tmp_path / "out").exists()


@pytest.mark.parametrize("url", ["https://certificaten.example.nl/", "https://certificaten.example.nl",
                                 "https://vda.example:8443/certificaten/2026/", "https://x.nl/a_b~c/%C3%A9/"])
def test_certify_accepts_a_clean_https_url(url):
    from scorm_build.credentials.issue import check_options

    assert check_options(url, None) is None


def test_certify_refuses_a_valid_until_in_the_past(tmp_path, capsys):
    from scorm_build.credentials.issue import check_options

    throwaway_key(tmp_path)
    mapping(tmp_path)
    export = csv_export(tmp_path, "x.csv", [("Goed", "goed@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, tmp_path / "out", export,
                                        extra=("--valid-until", "2020-01-01T00:00:00Z")), capsys)
    assert code == 2 and "--valid-until '2020-01-01T00:00:00Z' is not in the future" in " ".join(err)
    assert not (tmp_path / "out").exists()
    now = "2026-01-05T09:00:00Z"
    assert "not in the future" in check_options(BASE, now, now)
    assert check_options(BASE, "2026-01-05T09:00:01Z", now) is None


def test_revoking_a_revoked_credential_says_so_and_counts_nothing(tmp_path, capsys):
    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    export = csv_export(tmp_path, "x.csv", [("Anna", "anna@example.nl", "90"), ("Bram", "bram@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, out, export), capsys)
    assert code == 0, err
    anna, bram = (c["id"] for c in json.loads((out / "issued.json").read_text())["credentials"])
    revoke = ["--project", str(ROOT), "revoke", "--key", str(tmp_path / "keys" / "issuer.pem"), "--out", str(out)]
    code, err, _ = run_cli(revoke + [anna], capsys)
    assert code == 0 and err[-1].startswith("revoked 1;")
    listed = (out / "status" / "revocation.jwt").read_bytes()
    code, err, _ = run_cli(revoke + [anna, anna], capsys)
    assert code == 0 and err == [f"already revoked: {anna}", "revoked 0: nothing was changed"]
    assert (out / "status" / "revocation.jwt").read_bytes() == listed
    code, err, _ = run_cli(revoke + [anna, bram], capsys)
    assert code == 0 and err[0] == f"already revoked: {anna}" and err[1].startswith("revoked 1;")


# -- a full disk -------------------------------------------------------------------------------------

def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", ["certify", "revoke"])
def test_a_full_disk_is_a_clean_error_and_leaves_the_folder_as_it_was(tmp_path, capsys, monkeypatch, command):
    import errno

    from scorm_build import fsutil

    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    code, err, _ = run_cli(certify_args(tmp_path, out, csv_export(tmp_path, "a.csv", [("Anna", "anna@example.nl", "90")])),
                           capsys)
    assert code == 0, err
    before = files_in(out)
    real = fsutil._write
    calls = []

    def full(path, data):
        calls.append(path)
        if len(calls) > 1:  # the first file fits, the next does not
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data)

    monkeypatch.setattr(fsutil, "_write", full)
    monkeypatch.delenv("SCORM_BUILD_DEBUG")
    if command == "certify":
        args = certify_args(tmp_path, out, csv_export(tmp_path, "b.csv", [("Bram", "bram@example.nl", "90")]))
    else:
        anna = json.loads((out / "issued.json").read_text())["credentials"][0]["id"]
        args = ["--project", str(ROOT), "revoke", "--key", str(tmp_path / "keys" / "issuer.pem"), "--out", str(out), anna]
    code, err, _ = run_cli(args, capsys)
    assert code == 1 and len(calls) == 2
    assert err == ["scorm-build: error: cannot write output: [Errno 28] No space left on device",
                   f"{command} failed: nothing was {'issued' if command == 'certify' else 'changed'}"]
    assert files_in(out) == before


# -- what the register reveals -----------------------------------------------------------------------

def test_the_register_keys_cannot_be_matched_to_addresses_and_name_no_local_paths(tmp_path, capsys):
    import hashlib

    from .certify_support import project

    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    export = csv_export(tmp_path, "uitslag.csv", [("Anna", "anna@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, out, export), capsys)
    assert code == 0, err
    reg = json.loads((out / "issued.json").read_text())
    entry = reg["credentials"][0]
    plain = hashlib.sha256(f"{project().programme.id}\0raadslid\0anna@example.nl".encode()).hexdigest()
    assert entry["key"] != plain and len(entry["key"]) == 64  # an HMAC under the issuer's private key
    assert entry["source"] == ["uitslag.csv:2"] and str(tmp_path) not in (out / "issued.json").read_text()
    # a register written before (plain SHA-256 keys) is still understood: Anna is not issued twice
    entry["key"] = plain
    (out / "issued.json").write_text(json.dumps(reg))
    export = csv_export(tmp_path, "uitslag.csv", [("Anna", "anna@example.nl", "90"), ("Bram", "bram@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, out, export), capsys)
    assert code == 0 and "already issued: raadslid for Anna" in err and "issued 1 credential(s)" in err[-1]


@pytest.mark.parametrize("text", ["{", "[]", '{"issuer": "x"}', "\udcff"])
def test_a_damaged_register_is_a_clear_error_for_certify_and_revoke(tmp_path, capsys, monkeypatch, text):
    monkeypatch.delenv("SCORM_BUILD_DEBUG")
    throwaway_key(tmp_path)
    mapping(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "issued.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    export = csv_export(tmp_path, "x.csv", [("Anna", "anna@example.nl", "90")])
    revoke = ["--project", str(ROOT), "revoke", "--key", str(tmp_path / "keys" / "issuer.pem"), "--out", str(out),
              "urn:uuid:00000000-0000-0000-0000-000000000000"]
    for args in (certify_args(tmp_path, out, export), revoke):
        code, err, _ = run_cli(args, capsys)
        assert code == 1 and err[0] == (f"scorm-build: error: {out / 'issued.json'}: not a register scorm-build wrote"
                                        " (unreadable or changed by hand); restore it from your backup, or use another"
                                        " --out folder"), err
    assert sorted(p.name for p in out.iterdir()) == [LOCK, "issued.json"]


def test_a_bad_mapping_used_by_several_exports_is_reported_once(tmp_path, capsys):
    throwaway_key(tmp_path)
    mapping(tmp_path, MAPPING + "score_max: 0\n")
    a = csv_export(tmp_path, "a.csv", [("Anna", "anna@example.nl", "9")])
    b = csv_export(tmp_path, "b.csv", [("Bram", "bram@example.nl", "9")])
    code, err, _ = run_cli(certify_args(tmp_path, tmp_path / "out", a, b), capsys)
    assert code == 1 and len([e for e in err if ": error: " in e]) == 1, err


def test_a_name_with_a_control_character_is_refused_without_printing_it_raw(tmp_path, capsys):
    throwaway_key(tmp_path)
    mapping(tmp_path)
    name = "Anna \x1b[2J" + "x" * 200  # a terminal escape, and too long as well
    export = csv_export(tmp_path, "x.csv", [(name, "anna@example.nl", "90")])
    code, err, _ = run_cli(certify_args(tmp_path, tmp_path / "out", export), capsys)
    diags = [e for e in err if ": error: " in e]
    assert code == 1 and len(diags) == 1 and "holds a control character" in diags[0] and "\x1b" not in "".join(err)
