"""``scorm-build certify`` and ``revoke``: from LMS exports to signed credentials, certificates, a status
list and the verifier page, all or nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Report, SourceRef
from .. import fsutil
from ..results import generic, moodle
from ..results.model import Result
from ..results.rule import Award, Rule, decide
from . import badge, certificate, jwt, status, verifier
from .keys import Issuer, KeyProblem, inside

KINDS = ("scorm", "completion", "grades", "csv")
REGISTRY = "issued.json"


@dataclass(frozen=True, slots=True)
class Export:
    """One export file and how to read it."""

    kind: str  # one of KINDS
    path: Path
    mapping: Path | None = None


@dataclass(frozen=True, slots=True)
class Issued:
    """What one certify run produced (nothing when the report has errors)."""

    files: dict[str, bytes]
    awards: tuple[Award, ...]
    skipped: tuple[Award, ...]  # already issued in an earlier run


def read_exports(exports: list[Export], modules: dict[str, str], module: str | None,
                 report: Report, programme_title: str | None = None) -> list[Result]:
    """Every result row of every export; errors go to ``report``."""
    results: list[Result] = []
    specs: dict[Path, dict | None] = {}  # each mapping read (and its problems reported) once
    for e in exports:
        if e.kind == "scorm":
            results += moodle.read_scorm_report(e.path, modules, module, report, programme_title)
        elif e.kind == "completion":
            results += moodle.read_completion(e.path, module, report)
        elif e.kind == "grades":
            results += moodle.read_grades(e.path, module, report)
        else:
            if e.mapping not in specs:
                specs[e.mapping] = generic.read_mapping(e.mapping, report)
            if specs[e.mapping] is not None:
                results += generic.read_generic(e.path, e.mapping, modules, module, report, specs[e.mapping])
    return results


#: The longest learner name a certificate carries: it then still fits on its one A4 page (tested), and
#: is far above real names with titles and particles (e.g. 'mr. drs. ir. Johanna Wilhelmina Maria van
#: den Berg-Oudshoorn' has 61 characters).
MAX_NAME = 120


def check_learners(project, results: list[Result], report: Report, pdf: bool = True) -> None:
    """What would make a certificate wrong, for every learner who meets the rule, into ``report``.

    No name: an error, not a certificate for 'Deelnemer' and never the e-mail address. A certificate
    that does not name its holder proves nothing to whoever is shown it, and once issued the learner
    is in the register, so a later run with the name fixed would skip them. A name longer than
    MAX_NAME or with control characters: an error. A character no installed font has (the PDF would
    show a box): a warning, since the credential itself carries no name and stays valid.
    """
    for award in decide(results, Rule(project.programme.quiz.mastery_score)):
        at = award.evidence[0].at
        if not award.name:
            report.error(at, f"no name for {award.email} ({award.module}) in this export: a certificate names"
                         " its holder; fill in the learner's name in the LMS and export again", "results.name")
        elif any(unicodedata.category(c) == "Cc" for c in award.name):  # before it is shown anywhere
            report.error(at, f"the name {award.name[:60]!r} holds a control character: correct it in the LMS and"
                         " export again", "results.name")
        elif len(award.name) > MAX_NAME:
            report.error(at, f"the name '{award.name[:40]}...' has {len(award.name)} characters, more than the"
                         f" {MAX_NAME} a certificate holds: correct it in the LMS and export again", "results.name")
        elif pdf:
            missing = certificate.missing_glyphs(award.name)
            if missing:
                chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
                report.warning(at, f"the name '{award.name}' has characters no installed font can show: {chars};"
                               " they print as boxes on the PDF certificate. Install a font that has them (e.g."
                               " Debian's fonts-noto-cjk, fonts-noto-color-emoji) and certify again, or correct"
                               " the name", "certificate.glyph")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "deelnemer"


def learner_key(programme_id: str, module: str, email: str, secret: bytes | None = None) -> str:
    """Registry key of a learner and module: the register holds no e-mail addresses.

    With the issuer's ``register_secret`` (every key written now): an HMAC-SHA-256, which nobody without
    the private key can match against a list of addresses. Without (registers written before): the plain
    SHA-256 of the same text, which anyone can; ``issue`` still recognises it, so nobody is issued twice.
    """
    text = f"{programme_id}\0{module}\0{email}".encode()
    if secret is None:
        return hashlib.sha256(text).hexdigest()
    return hmac.new(secret, text, hashlib.sha256).hexdigest()


def register_secret(issuer: Issuer) -> bytes:
    """The register's HMAC key, derived from the issuer's private key (so it needs no file of its own)."""
    d = issuer.key.as_dict(private=True)["d"]
    raw = base64.urlsafe_b64decode(d + "=" * (-len(d) % 4))
    return hashlib.sha256(b"scorm-build issued.json learner key\0" + raw).digest()


def load_registry(out: Path, issuer: Issuer, status_url: str, organisation: str) -> dict:
    path = out / REGISTRY
    if not path.exists():
        return {"issuer": issuer.did, "organisation": organisation, "status_url": status_url, "next_index": 0,
                "revoked": [], "credentials": []}
    try:
        reg = json.loads(path.read_text("utf-8"))
        ok = (isinstance(reg, dict) and isinstance(reg.get("issuer"), str) and isinstance(reg.get("next_index"), int)
              and isinstance(reg.get("revoked"), list) and isinstance(reg.get("credentials"), list)
              and all(isinstance(c, dict) and {"id", "index", "key", "file"} <= set(c) for c in reg["credentials"]))
    except (ValueError, UnicodeDecodeError):
        ok = False
    if not ok:
        raise KeyProblem(f"{path}: not a register scorm-build wrote (unreadable or changed by hand); restore it"
                         " from your backup, or use another --out folder")
    if reg["issuer"] != issuer.did:
        raise KeyProblem(f"{path}: these credentials were issued with another key ({reg['issuer']}); use that"
                         " key, or another --out folder for a new issuer")
    return reg


def publish(reg: dict, issuer: Issuer, now: str) -> dict[str, bytes]:
    """The files the issuer publishes: status list, verifier page, public key, registry."""
    listed = status.signed_list(reg["status_url"], issuer, set(reg["revoked"]), now)
    jwk = dict(issuer.public_jwk, kid=issuer.kid)
    return {
        "status/revocation.jwt": listed.encode("ascii"),
        "verify.html": verifier.page(issuer, reg["organisation"], listed),
        "issuer.jwk.json": (json.dumps({"id": issuer.did, "publicKeyJwk": jwk}, indent=2) + "\n").encode(),
        REGISTRY: (json.dumps(reg, indent=2, sort_keys=True) + "\n").encode(),
    }


class PdfProblem(Exception):
    """The PDF certificates cannot be made (WeasyPrint without its system libraries)."""


def certify(project, results: list[Result], issuer: Issuer, out: Path, base_url: str, now: str,
            valid_until: str | None = None, pdf: bool = True) -> Issued:
    """``issue`` and ``write_all`` as one step under the output folder's lock: the register is read,
    extended and written back while no other certify or revoke into ``out`` runs, so concurrent runs
    take turns and none loses another's credentials, status indices or revocations."""
    with fsutil.locked(out):
        fsutil.recover(out, lock=False)  # a killed run's half-published files are undone before the register is read
        done = issue(project, results, issuer, out, base_url, now, valid_until, pdf)
        write_all(out, done.files, lock=False)
    return done


def issue(project, results: list[Result], issuer: Issuer, out: Path, base_url: str, now: str,
          valid_until: str | None = None, pdf: bool = True) -> Issued:
    """Credentials for everyone who meets the rule and has none yet, and the files to publish.

    Reads the register: call it through ``certify`` (under the folder's lock) unless nothing else can
    write ``out`` meanwhile."""
    p = project.programme
    offer = badge.Offer(p.id, p.title, p.term, p.branding.organisation, base_url.rstrip("/") + "/",
                        Rule(p.quiz.mastery_score))
    reg = load_registry(out, issuer, offer.status_url, offer.organisation)
    known = {c["key"] for c in reg["credentials"]}
    secret = register_secret(issuer)
    modules = {m.id: m for m in project.modules}
    files: dict[str, bytes] = {}
    awards, skipped = [], []
    for award in decide(results, offer.rule):
        if not award.name or len(award.name) > MAX_NAME:
            raise ValueError(f"{award.evidence[0].at}: no name or too long a name (check_learners first)")
        key = learner_key(p.id, award.module, award.email, secret)
        if key in known or learner_key(p.id, award.module, award.email) in known:
            skipped.append(award)
            continue
        index = reg["next_index"]
        reg["next_index"] += 1
        cred_id = f"urn:uuid:{uuid.uuid4()}"
        doc = badge.credential(offer, modules[award.module], award, issuer, credential_id=cred_id,
                               salt=secrets.token_hex(16), index=index, valid_from=now, valid_until=valid_until)
        token = jwt.sign(doc, issuer)
        stem = f"{award.module}-{slug(award.name)}-{key[:8]}"
        page = certificate.html(doc, token, jwt_name=f"{stem}.jwt", learner=award.name, score=award.score,
                                mastery=p.quiz.mastery_score, programme_title=p.title,
                                verify_url=offer.verify_url, primary=p.branding.primary)
        files[f"credentials/{stem}.jwt"] = token.encode("ascii")
        files[f"credentials/{stem}.json"] = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()
        files[f"certificates/{stem}.html"] = page.encode("utf-8")
        if pdf:
            try:
                files[f"certificates/{stem}.pdf"] = certificate.pdf(page)
            except (ImportError, OSError) as exc:  # WeasyPrint without Debian's Pango
                raise PdfProblem(str(exc)) from exc
        reg["credentials"].append({"id": cred_id, "index": index, "key": key, "module": award.module,
                                   "file": f"credentials/{stem}.jwt", "issued": now,
                                   "source": [f"{Path(r.at.path).name}:{r.at.line}" for r in award.evidence]})
        awards.append(award)
    files.update(publish(reg, issuer, now))
    return Issued(files, tuple(awards), tuple(skipped))


@dataclass(frozen=True, slots=True)
class Revoked:
    """What one revoke run did: the credential ids it revoked, and those that already were."""

    revoked: tuple[str, ...]
    already: tuple[str, ...]


def revoke(out: Path, issuer: Issuer, targets: list[str], now: str, report: Report) -> Revoked | None:
    """Revoke each target (credential id, or its .jwt file) and republish, all under the output folder's
    lock (a certify running at the same time cannot write back a register without the revocation);
    None, with nothing changed, when ``report`` has errors."""
    path = out / REGISTRY
    if not path.exists():  # before taking the lock, which would make the folder
        report.error(SourceRef(str(path), 1), "no registry of issued credentials here: give the --out folder"
                     " certify wrote to", "revoke.registry")
        return None
    with fsutil.locked(out):
        fsutil.recover(out, lock=False)
        reg = load_registry(out, issuer, "", "")
        by_id = {c["id"]: c for c in reg["credentials"]}
        by_file = {c["file"]: c for c in reg["credentials"]}
        revoked: list[str] = []
        already: list[str] = []
        for t in targets:
            entry = by_id.get(t)
            if entry is None:
                tp = Path(t)
                if tp.is_file():
                    try:
                        payload = json.loads(jwt_payload(tp.read_text("ascii").strip()))
                        entry = by_id.get(payload.get("jti") or payload.get("id"))
                    except (ValueError, UnicodeDecodeError, IndexError, AttributeError, OSError):
                        entry = None
                entry = entry or by_file.get(tp.as_posix())
            if entry is None:
                report.error(SourceRef(str(path), 1), f"'{t}' is no credential issued here (give its id"
                             " urn:uuid:... or its .jwt file)", "revoke.unknown")
                continue
            if entry["id"] in revoked or entry["id"] in already:
                continue  # named twice
            if entry["index"] in reg["revoked"]:
                already.append(entry["id"])
            else:
                reg["revoked"] = sorted(set(reg["revoked"]) | {entry["index"]})
                revoked.append(entry["id"])
        if report.errors:
            return None
        if revoked:
            write_all(out, publish(reg, issuer, now), lock=False)
    return Revoked(tuple(revoked), tuple(already))


def jwt_payload(token: str) -> str:
    part = token.split(".")[1]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("utf-8")


def write_all(out: Path, files: dict[str, bytes], lock: bool = True) -> None:
    """Write every file at once (``fsutil.publish``: all or none); the registry is swapped in last, so
    even a crash half-way never records a credential that was not written. ``lock=False`` when the
    caller holds the folder's lock (``certify``, ``revoke``)."""
    ordered = sorted(files, key=lambda n: (n == REGISTRY, n))
    out.mkdir(parents=True, exist_ok=True)
    fsutil.publish(out, {name: files[name] for name in ordered}, {}, lock=lock)


#: The URL the credentials and verify.html name: https, a host name (no user:password@), an optional
#: port and a path of plain URL characters; nothing that could close an HTML attribute or a JSON string
#: (quotes, angle brackets, backslashes, spaces), no query or fragment.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
BASE_URL = re.compile(rf"https://{_LABEL}(?:\.{_LABEL})*(?::[0-9]{{1,5}})?(?:/[A-Za-z0-9._~!$&()*+,;=:@%/-]*)?")


def check_options(base_url: str, valid_until: str | None, now: str | None = None) -> str | None:
    """What is wrong with certify's --base-url / --valid-until, or None; ``now``: the run's validFrom."""
    from datetime import datetime

    if not BASE_URL.fullmatch(base_url):
        return (f"--base-url '{base_url}' is not an https URL of the folder where verify.html is published: give"
                " https://host/path/ without user:password@, query, fragment, quotes, angle brackets or spaces")
    if valid_until is not None:
        try:
            stamp = datetime.fromisoformat(valid_until.replace("Z", "+00:00"))
        except ValueError:
            stamp = None
        if stamp is None or stamp.tzinfo is None:
            return f"--valid-until '{valid_until}' is not a date-time with time zone, e.g. 2031-01-01T00:00:00Z"
        if now is not None and stamp <= datetime.fromisoformat(now.replace("Z", "+00:00")):
            return (f"--valid-until '{valid_until}' is not in the future: the credentials would be expired as"
                    " soon as they are issued; give a later date-time, or leave it out for no expiry")
    return None


def check_key_place(key: Path, project_root: Path, out: Path) -> None:
    if inside(key, out):
        raise KeyProblem(f"{key}: refusing a private key inside the output folder {out}, which is published")
