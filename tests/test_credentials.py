"""Issuing Open Badges 3.0 credentials (issue 13): required fields, lossless JSON-LD, an independent
verifier as oracle (openbadgeslib: PyJWT + cryptography, not the product's joserfc), revocation,
key handling."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
import subprocess
import zlib

import pytest
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier
from pyld import jsonld

from scorm_build.credentials import certificate, issue, status
from scorm_build.credentials.keys import KeyProblem, load_key, new_key

from .certify_support import (BASE, RESULTS, one_byte_changed, payload_of, resigned_by, throwaway_key,
                              tokens, issue_from)
from .conftest import ROOT, run_cli

CONTEXTS = ROOT / "scorm_build" / "credentials" / "contexts"
PINNED = {"https://www.w3.org/ns/credentials/v2": CONTEXTS / "credentials-v2.jsonld",
          "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": CONTEXTS / "ob-context-3.0.3.json"}
EN = issue.Export("scorm", RESULTS / "scorm-basic-en.txt")
NL = issue.Export("scorm", RESULTS / "scorm-basic-nl.txt")


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("issued")
    issuer = throwaway_key(tmp)
    done, out = issue_from(tmp, issuer, [EN, NL], pdf=True)
    return {"tmp": tmp, "issuer": issuer, "out": out, "done": done, "tokens": tokens(out)}


def oracle(issuer, status_list: bytes):
    """openbadgeslib's verifier, anchored on the issuer's did:key (it resolves the key itself), with
    the status list served from memory and its own signature checked."""
    verifier = OB3Verifier.for_issuer_did(issuer.did)
    return lambda token: verifier.verify(token, check_status=True, download=lambda url: status_list)


def test_exactly_the_learners_who_meet_the_rule_get_a_credential(issued):
    names = sorted(a.name for a in issued["done"].awards)
    assert names == ["Anna de Vries", "Bram Jansen", "Femke Visser", "Joke Hendriks"]
    assert len(issued["tokens"]) == 4
    assert len(list((issued["out"] / "certificates").glob("*.pdf"))) == 4


def test_every_credential_has_every_field_open_badges_3_requires(issued):
    for name, token in issued["tokens"].items():
        c = payload_of(token)
        assert c["@context"][0] == "https://www.w3.org/ns/credentials/v2"
        assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in c["@context"]
        assert c["id"].startswith("urn:uuid:")
        assert {"VerifiableCredential", "OpenBadgeCredential"} <= set(c["type"])
        assert c["issuer"]["id"] == issued["issuer"].did and "Profile" in c["issuer"]["type"]
        assert c["issuer"]["name"] and c["validFrom"] == "2026-01-05T09:00:00Z" and c["name"]
        s = c["credentialSubject"]
        assert "AchievementSubject" in s["type"] and "id" not in s
        ident = s["identifier"][0]
        assert ident["type"] == "IdentityObject" and ident["hashed"] is True
        assert ident["identityType"] == "emailAddress" and len(ident["salt"]) == 32
        a = s["achievement"]
        assert a["id"].startswith(BASE) and "Achievement" in a["type"]
        assert a["name"] and a["description"] and a["criteria"]["narrative"]
        assert s["term"] == "2026-2030"
        assert "Evidence" in c["evidence"][0]["type"]
        st = c["credentialStatus"]
        assert st["type"] == "BitstringStatusListEntry" and st["statusPurpose"] == "revocation"
        assert st["statusListCredential"] == BASE + "status/revocation.jwt" and st["statusListIndex"].isdigit()
        # VC-JWT registered claims (OB 3.0 section 8.2.6)
        assert c["iss"] == c["issuer"]["id"] and c["jti"] == c["id"] and isinstance(c["nbf"], int)
        header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        assert header["alg"] == "EdDSA" and header["kid"].startswith(issued["issuer"].did + "#")


def test_each_credential_says_which_rule_and_which_row(issued):
    bram = next(payload_of(t) for n, t in issued["tokens"].items() if "bram" in n)
    narrative = bram["evidence"][0]["narrative"]
    assert "ten minste 80 procent" in narrative and "scorm-basic-en.txt:4" in narrative
    assert "ten minste 80 procent" in bram["credentialSubject"]["achievement"]["criteria"]["narrative"]


def test_identity_hash_is_the_salted_sha256_of_the_email(issued):
    anna = next(payload_of(t) for n, t in issued["tokens"].items() if "anna" in n)
    ident = anna["credentialSubject"]["identifier"][0]
    expected = hashlib.sha256(("anna@example.nl" + ident["salt"]).encode()).hexdigest()
    assert ident["identityHash"] == "sha256$" + expected
    assert "anna@example.nl" not in json.dumps(anna)


def pinned_loader(url, options=None):
    if url not in PINNED:
        raise jsonld.JsonLdError(f"context {url} is not pinned", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(PINNED[url].read_text())}


def canonical(value):
    """JSON-LD sets: a one-element array and its element say the same (compaction writes the latter)."""
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return items[0] if len(items) == 1 else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    return value


def lossless(doc: dict) -> list[str]:
    """Problems expanding ``doc``: terms that fall to the VC context's issuer-dependent @vocab, or data
    that does not come back when the expanded form is compacted again."""
    opts = {"documentLoader": pinned_loader}
    expanded = jsonld.expand(doc, opts)
    text = json.dumps(expanded)
    # a term the contexts leave to the VC context's @vocab, or one a protected scoped context drops
    problems = [f"undefined term {t}" for t in sorted(set(
        x.split('"')[0] for x in text.split("https://www.w3.org/ns/credentials/issuer-dependent#")[1:]))]
    again = jsonld.compact(expanded, {"@context": doc["@context"]}, opts)
    again.pop("@context")
    original = {k: v for k, v in doc.items() if k != "@context"}
    if json.dumps(canonical(again), sort_keys=True) != json.dumps(canonical(original), sort_keys=True):
        problems.append("compacting the expanded credential does not give it back")
    return problems


def test_every_credential_expands_without_loss_against_the_pinned_contexts(issued):
    for name, token in issued["tokens"].items():
        c = payload_of(token)
        for claim in ("iss", "nbf", "jti", "exp", "sub"):
            c.pop(claim, None)  # JWT claims, not part of the credential's data model
        assert lossless(c) == [], name
    status_list = payload_of((issued["out"] / "status" / "revocation.jwt").read_text())
    for claim in ("iss", "nbf", "jti", "sub"):
        status_list.pop(claim, None)
    assert lossless(status_list) == []


def test_the_lossless_check_catches_an_undefined_term(issued):
    c = payload_of(next(iter(issued["tokens"].values())))
    for claim in ("iss", "nbf", "jti"):
        c.pop(claim)
    c["credentialSubject"]["bronregel"] = "x.txt:2"  # dropped silently by expansion: the round trip sees it
    assert lossless(c) == ["compacting the expanded credential does not give it back"]


def test_the_independent_verifier_accepts_every_credential(issued):
    verify = oracle(issued["issuer"], (issued["out"] / "status" / "revocation.jwt").read_bytes())
    for token in issued["tokens"].values():
        assert verify(token).issuer.id == issued["issuer"].did


def test_the_independent_verifier_rejects_a_one_byte_change(issued):
    verify = oracle(issued["issuer"], (issued["out"] / "status" / "revocation.jwt").read_bytes())
    token = next(iter(issued["tokens"].values()))
    with pytest.raises(OB3VerificationError, match="signature"):
        verify(one_byte_changed(token))


def test_the_independent_verifier_rejects_another_key(issued, tmp_path):
    other = throwaway_key(tmp_path, "other.pem")
    token = resigned_by(next(iter(issued["tokens"].values())), other)
    with pytest.raises(OB3VerificationError, match="signature|issuer|DID"):
        oracle(issued["issuer"], (issued["out"] / "status" / "revocation.jwt").read_bytes())(token)
    # the same credential claiming the real issuer but signed with the other key
    forged = payload_of(token)
    forged["issuer"]["id"] = forged["iss"] = issued["issuer"].did
    from scorm_build.credentials import jwt
    body = {k: v for k, v in forged.items() if k not in ("iss", "nbf", "jti")}
    with pytest.raises(OB3VerificationError, match="signature"):
        oracle(issued["issuer"], b"")(jwt.sign(body, other))


def test_the_independent_verifier_rejects_an_expired_credential(tmp_path):
    issuer = throwaway_key(tmp_path)
    done, out = issue_from(tmp_path, issuer, [EN], now="2020-01-01T00:00:00Z", valid_until="2021-01-01T00:00:00Z")
    token = next(iter(tokens(out).values()))
    assert payload_of(token)["exp"] == 1609459200
    with pytest.raises(OB3VerificationError, match="expired"):
        oracle(issuer, (out / "status" / "revocation.jwt").read_bytes())(token)


def test_revoke_sets_the_bit_and_the_independent_verifier_rejects_it(tmp_path, capsys):
    issuer = throwaway_key(tmp_path)
    done, out = issue_from(tmp_path, issuer, [EN])
    (anna_file, anna), (bram_file, bram) = sorted(tokens(out).items())
    code, err, _ = run_cli(["revoke", "--key", str(tmp_path / "keys" / "issuer.pem"), "--out", str(out),
                            payload_of(anna)["id"]], capsys)
    assert code == 0, err
    listed = (out / "status" / "revocation.jwt").read_bytes()
    verify = oracle(issuer, listed)
    with pytest.raises(OB3VerificationError, match="revocation"):
        verify(anna)
    assert verify(bram)
    bits = status.decode(payload_of(listed.decode())["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == status.SIZE
    index = int(payload_of(anna)["credentialStatus"]["statusListIndex"])
    assert status.is_set(bits, index) and sum(bin(b).count("1") for b in bits) == 1
    reg = json.loads((out / "issued.json").read_text())
    assert reg["revoked"] == [index]
    # the verifier page embeds the new list
    assert listed.decode() in (out / "verify.html").read_text()
    before = (out / "status" / "revocation.jwt").read_bytes()
    code, err, _ = run_cli(["revoke", "--key", str(tmp_path / "keys" / "issuer.pem"), "--out", str(out),
                            str(out / "credentials" / bram_file), "urn:uuid:00000000-0000-0000-0000-000000000000"],
                           capsys)
    assert code == 1 and any("[revoke.unknown]" in line for line in err)
    assert (out / "status" / "revocation.jwt").read_bytes() == before  # nothing changed
    code, err, _ = run_cli(["revoke", "--key", str(tmp_path / "keys" / "issuer.pem"), "--out", str(out),
                            str(out / "credentials" / bram_file)], capsys)
    assert code == 0, err
    with pytest.raises(OB3VerificationError, match="revocation"):
        oracle(issuer, (out / "status" / "revocation.jwt").read_bytes())(bram)


def test_certify_again_issues_nobody_twice(tmp_path):
    issuer = throwaway_key(tmp_path)
    issue_from(tmp_path, issuer, [EN])
    again, out = issue_from(tmp_path, issuer, [EN, NL])
    assert sorted(a.name for a in again.awards) == ["Femke Visser", "Joke Hendriks"]
    assert sorted(a.name for a in again.skipped) == ["Anna de Vries", "Bram Jansen"]
    reg = json.loads((out / "issued.json").read_text())
    assert sorted(c["index"] for c in reg["credentials"]) == [0, 1, 2, 3]


def test_keys_new_writes_an_owner_only_key_outside_the_project(tmp_path, capsys):
    key = tmp_path / "k" / "issuer.pem"
    code, err, _ = run_cli(["--project", str(ROOT), "keys", "new", str(key)], capsys)
    assert code == 0, err
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    code, err, _ = run_cli(["--project", str(ROOT), "keys", "new", str(key)], capsys)
    assert code == 1 and "refusing to overwrite" in " ".join(err)
    with pytest.raises(KeyProblem, match="inside the project"):
        new_key(tmp_path / "project" / "issuer.pem", tmp_path / "project")


def test_certify_refuses_a_key_inside_the_project_or_readable_by_others(tmp_path):
    key = tmp_path / "outside" / "issuer.pem"
    new_key(key, ROOT)
    with pytest.raises(KeyProblem, match="inside the project"):
        load_key(key, tmp_path)
    os.chmod(key, 0o640)
    with pytest.raises(KeyProblem, match=r"readable by others \(mode 0640\); run: chmod 600"):
        load_key(key, ROOT)
    os.chmod(key, 0o600)
    assert load_key(key, ROOT).did.startswith("did:key:z6Mk")


PEM_KEY = re.compile(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----\r?\n[A-Za-z0-9+/=]{16,}")


def test_the_private_key_never_enters_the_outputs_or_the_repository(issued):
    pem = (issued["tmp"] / "keys" / "issuer.pem").read_bytes()
    d = issued["issuer"].key.as_dict(private=True)["d"]
    body = b"".join(pem.splitlines()[1:-1])
    for f in issued["out"].rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert body not in data and d.encode() not in data and b"PRIVATE KEY" not in data, f
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in tracked.decode().split("\0"):
        p = ROOT / name
        if name and p.is_file() and p.stat().st_size < 2_000_000:
            assert not PEM_KEY.search(p.read_bytes()), name


def inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data)
    except zlib.error:
        return b""


def test_certificate_is_a4_and_its_qr_code_carries_the_credential(issued):
    token = issued["tokens"][sorted(issued["tokens"])[0]]
    stem = sorted(issued["tokens"])[0][:-4]
    pdf = (issued["out"] / "certificates" / f"{stem}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    boxes = [m for s in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S) for m in re.findall(
        rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", inflate(s))] + re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes and all(abs(float(w) - 595.28) < 0.1 and abs(float(h) - 841.89) < 0.1 for w, h in boxes)
    page = (issued["out"] / "certificates" / f"{stem}.html").read_text()
    fragment = certificate.qr_fragment(token)
    assert certificate.qr_svg(f"{BASE}verify.html#{fragment}") in page
    # unpack the QR form as verify.html does: the signed bytes come back exactly
    packed, sig = fragment.removeprefix("vcz=").split(".")
    raw = zlib.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)), -15)
    h, p = raw.split(b"\n", 1)
    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()  # noqa: E731
    assert f"{enc(h)}.{enc(p)}.{sig}" == token


def test_cli_certify_end_to_end(tmp_path, capsys):
    new_key(tmp_path / "keys" / "issuer.pem", ROOT)
    out = tmp_path / "site"
    code, err, _ = run_cli(["--project", str(ROOT), "certify", "--key", str(tmp_path / "keys" / "issuer.pem"),
                            "--base-url", BASE, "--completion", str(RESULTS / "completion-en.csv"),
                            "--grades", str(RESULTS / "grades-en.csv"), "--module", "raadslid",
                            "--out", str(out), "--no-pdf"], capsys)
    assert code == 0, err
    assert [line for line in err if line.startswith("issued: ")] == [
        f"issued: raadslid for Frank Wouters (score 90; {RESULTS / 'grades-en.csv'}:2)"]
    # the issued files, and the folder's lock (fsutil.publish writes all at once under it, as a build does)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted([
        ".scorm-build.lock",
        "issued.json", "issuer.jwk.json", "status/revocation.jwt", "verify.html",
        *[f"credentials/{n}" for n in os.listdir(out / "credentials")],
        *[f"certificates/{n}" for n in os.listdir(out / "certificates")]])
    assert len(os.listdir(out / "credentials")) == 2 and len(os.listdir(out / "certificates")) == 1


@pytest.mark.parametrize("option, value, message", [
    ("--base-url", "certificaten.example.nl", "is not an https URL"),
    ("--valid-until", "1 januari 2031", "is not a date-time with time zone"),
    ("--valid-until", "2031-01-01T00:00:00", "is not a date-time with time zone"),
])
def test_certify_usage_errors(tmp_path, capsys, option, value, message):
    new_key(tmp_path / "keys" / "issuer.pem", ROOT)
    args = {"--base-url": BASE, "--valid-until": "2031-01-01T00:00:00Z"} | {option: value}
    code, err, _ = run_cli(["--project", str(ROOT), "certify", "--key", str(tmp_path / "keys" / "issuer.pem"),
                            "--scorm", str(RESULTS / "scorm-basic-en.txt"), "--module", "raadslid", "--no-pdf",
                            "--out", str(tmp_path / "out"), *[x for kv in args.items() for x in kv]], capsys)
    assert code == 2 and message in " ".join(err)
    assert not (tmp_path / "out").exists()


def test_a_certificate_pdf_loads_nothing_from_outside(monkeypatch):
    """A certificate page that named an outside image or style would still become a PDF, made of its own
    bytes only: the fetcher refuses (and WeasyPrint 68+ needs a URLFetcher, not a plain function)."""
    from scorm_build import pdfsafe
    from scorm_build.credentials import certificate

    asked: list[str] = []
    real = pdfsafe.refuser
    monkeypatch.setattr(pdfsafe, "refuser", lambda _asked, what="": real(asked, what))
    page = ('<!doctype html><html lang="nl"><head><link rel="stylesheet" href="https://example.org/s.css"></head>'
            '<body><p>Bewijs</p><img src="https://example.org/tracker.png" alt=""></body></html>')
    data = certificate.pdf(page)
    assert data.startswith(b"%PDF") and sorted(asked) == ["https://example.org/s.css", "https://example.org/tracker.png"]
