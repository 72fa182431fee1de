"""verify.html in headless Chromium (issue 13): WebCrypto Ed25519 against the pinned key, dates, the
status list (embedded or chosen as a file), the holder's e-mail; plain Dutch reasons; no requests."""

from __future__ import annotations

import shutil

import pytest

from scorm_build.credentials import certificate, issue
from scorm_build.diagnostics import Report

from ..certify_support import (RESULTS, issue_from, one_byte_changed, payload_of, resigned_by, throwaway_key,
                               tokens)
from .test_accessibility import axe


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("verify")
    issuer = throwaway_key(tmp)
    _, out = issue_from(tmp, issuer, [issue.Export("scorm", RESULTS / "scorm-basic-en.txt")])
    (anna_file, anna), (bram_file, bram) = sorted(tokens(out).items())
    shutil.copy(out / "verify.html", tmp / "verify-before-revoke.html")
    report_ = Report()
    done = issue.revoke(out, issuer, [payload_of(bram)["id"]], "2026-02-01T00:00:00Z", report_)  # writes, locked
    assert not report_.items and done.revoked == (payload_of(bram)["id"],)
    _, expired_out = issue_from(tmp, issuer, [issue.Export("scorm", RESULTS / "scorm-basic-nl.txt")],
                                now="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z",
                                out=tmp / "expired")
    other = throwaway_key(tmp, "other.pem")
    return {"out": out, "tmp": tmp, "anna": anna, "bram": bram, "issuer": issuer,
            "expired": next(iter(tokens(expired_out).values())), "other": resigned_by(anna, other)}


@pytest.fixture
def page(browser):
    context = browser.new_context()
    p = context.new_page()
    seen = {"requests": [], "console": []}
    p.on("request", lambda r: seen["requests"].append(r.url))
    p.on("console", lambda m: seen["console"].append(m.text))
    yield p, seen
    context.close()


def open_with(page, file, fragment: str) -> dict:
    page.goto(f"file://{file}#{fragment}")
    page.wait_for_selector("#result[data-code]")
    return {"code": page.get_attribute("#result", "data-code"), "verdict": page.inner_text("#verdict"),
            "reasons": page.inner_text("#reasons")}


def test_a_valid_credential_is_accepted(page, site):
    p, seen = page
    got = open_with(p, site["out"] / "verify.html", "vc=" + site["anna"])
    assert got == {"code": "valid", "verdict": "Dit certificaat is echt en geldig.", "reasons": ""}
    assert "Module raadsleden" in p.inner_text("#details")
    assert seen["requests"] == [f"file://{site['out'] / 'verify.html'}"]
    assert not [m for m in seen["console"] if "Content Security Policy" in m or "Error" in m]


def test_the_qr_code_form_opens_the_same_credential(page, site):
    p, _ = page
    got = open_with(p, site["out"] / "verify.html", certificate.qr_fragment(site["anna"]))
    assert got["code"] == "valid"
    assert p.input_value("#token") == site["anna"]


@pytest.mark.parametrize("case, code, words", [
    ("one-byte", "tampered", "Gewijzigd: de inhoud klopt niet meer met de handtekening"),
    ("other-key", "other-issuer", "Andere uitgever"),
    ("expired", "expired", "Verlopen: het certificaat was geldig tot 1 januari 2021"),
    ("revoked", "revoked", "Ingetrokken: de uitgever heeft dit certificaat ingetrokken"),
])
def test_each_failure_is_rejected_with_a_plain_dutch_reason(page, site, case, code, words):
    p, _ = page
    token = {"one-byte": one_byte_changed(site["anna"]), "other-key": site["other"], "expired": site["expired"],
             "revoked": site["bram"]}[case]
    got = open_with(p, site["out"] / "verify.html", "vc=" + token)
    assert got["code"] == code and got["verdict"] == "Dit certificaat is niet geldig."
    assert words in got["reasons"]


def test_a_newer_status_list_can_be_chosen_as_a_file(page, site):
    p, _ = page
    before = site["tmp"] / "verify-before-revoke.html"
    assert open_with(p, before, "vc=" + site["bram"])["code"] == "valid"
    p.set_input_files("#list", str(site["out"] / "status" / "revocation.jwt"))
    p.wait_for_selector("#result[data-code=revoked]")
    assert "Intrekkingslijst geladen: revocation.jwt." in p.inner_text("#list-state")


def test_the_holders_email_is_checked_against_the_hash(page, site):
    p, _ = page
    open_with(p, site["out"] / "verify.html", "vc=" + site["anna"])
    p.fill("#email", "iemand@example.nl")
    p.click("button[type=submit]")
    p.wait_for_selector("#result[data-code=holder]")
    assert "Het e-mailadres hoort niet bij dit certificaat." in p.inner_text("#reasons")
    p.fill("#email", " Anna@Example.nl ")
    p.click("button[type=submit]")
    p.wait_for_selector("#result[data-code=valid]")


def test_garbage_is_unreadable_not_a_crash(page, site):
    p, _ = page
    got = open_with(p, site["out"] / "verify.html", "vc=abc.def")
    assert got["code"] == "unreadable" and "onvolledig of beschadigd" in got["reasons"]


def test_verify_page_is_one_file_with_a_strict_csp_and_passes_axe(browser, site):
    html = (site["out"] / "verify.html").read_text()
    csp = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp
    assert "<script src" not in html and "<link" not in html
    context = browser.new_context(bypass_csp=True)
    p = context.new_page()
    p.goto(f"file://{site['out'] / 'verify.html'}#vc={site['anna']}")
    p.wait_for_selector("#result[data-code]")
    assert axe(p) == []
    context.close()


def test_verify_certificate_and_item_pages_are_valid_html(site, tmp_path):
    import subprocess

    from scorm_build.results import items, moodle
    from scorm_build.results.itemreport import html_report

    from ..test_items import BANK, FIXTURES
    from .test_html_valid import VNU

    stats = items.analyse([BANK], moodle.read_interactions(RESULTS / FIXTURES[0], Report()), Report())
    (tmp_path / "items.html").write_bytes(html_report(stats, "Toets"))
    pages = [str(site["out"] / "verify.html"), str(tmp_path / "items.html"),
             *map(str, sorted((site["out"] / "certificates").glob("*.html")))]
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text", *pages],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[:4000]
