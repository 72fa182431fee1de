"""Helpers for the credential tests: a throwaway issuer key in a temporary folder, issuing from the
fixture exports, and tampering with tokens the way an attacker would."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from scorm_build.credentials import issue, jwt
from scorm_build.credentials.keys import Issuer, new_key
from scorm_build.diagnostics import Report
from scorm_build.project import load_project

from .conftest import FIXTURES, ROOT

RESULTS = FIXTURES / "results"
BASE = "https://certificaten.example.nl/"


def project():
    p, report = load_project(ROOT)
    assert p is not None, report.items
    return p


def throwaway_key(tmp: Path, name: str = "issuer.pem") -> Issuer:
    return new_key(tmp / "keys" / name, ROOT)


def issue_from(tmp: Path, issuer: Issuer, exports: list, *, module: str | None = "raadslid",
               now: str = "2026-01-05T09:00:00Z", valid_until: str | None = None, pdf: bool = False,
               out: Path | None = None):
    """Issue from fixture exports into ``out`` (default tmp/out); returns (Issued, out)."""
    p = project()
    report = Report()
    results = issue.read_exports(exports, {m.id: m.title for m in p.modules}, module, report, p.programme.title)
    assert not report.items, [str(d) for d in report.items]
    out = out or tmp / "out"
    done = issue.certify(p, results, issuer, out, BASE, now, valid_until, pdf)
    return done, out


def tokens(out: Path) -> dict[str, str]:
    return {p.name: p.read_text("ascii").strip() for p in sorted((out / "credentials").glob("*.jwt"))}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def payload_of(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def one_byte_changed(token: str) -> str:
    """The same token with one byte of the signed payload changed (the module name's last letter)."""
    h, p, s = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
    at = raw.index(b'"name":"Module') + len(b'"name":"Module')
    raw[at + 2] ^= 0x20  # a letter's case: still valid JSON, still UTF-8
    return f"{h}.{b64(bytes(raw))}.{s}"


def resigned_by(token: str, other: Issuer) -> str:
    """The credential re-issued by another key (its own did:key as issuer)."""
    body = payload_of(token)
    for claim in ("iss", "nbf", "jti", "exp", "sub"):
        body.pop(claim, None)
    body["issuer"] = dict(body["issuer"], id=other.did)
    return jwt.sign(body, other)
