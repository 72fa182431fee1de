"""The Open Badges 3.0 ``OpenBadgeCredential`` (W3C VC Data Model 2.0) for one learner and module."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..results.rule import Award, Rule
from . import status
from .keys import Issuer

CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityHash: 'sha256$' + hex SHA-256 of the trimmed, lower-cased e-mail followed by the salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Offer:
    """What the issuer offers: programme, where it publishes, the rule."""

    programme_id: str
    programme_title: str
    term: str
    organisation: str
    base_url: str  # ends with '/': verify.html and status/revocation.jwt are published there
    rule: Rule

    @property
    def status_url(self) -> str:
        return self.base_url + "status/revocation.jwt"

    @property
    def verify_url(self) -> str:
        return self.base_url + "verify.html"


def credential(offer: Offer, module, award: Award, issuer: Issuer, *, credential_id: str, salt: str,
               index: int, valid_from: str, valid_until: str | None) -> dict:
    """The unsigned credential: every property OB 3.0 requires, plus evidence naming rule and source rows."""
    rows = "; ".join(f"{r.at.path.rsplit('/', 1)[-1]}:{r.at.line}" + (f" (status {r.status})" if r.status else "")
                     + (f" (score {r.score:g})" if r.score is not None else "") for r in award.evidence)
    doc = {
        "@context": list(CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": offer.organisation, "url": offer.base_url},
        "validFrom": valid_from,
        "name": f"{module.title} ({offer.programme_title} {offer.term})",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityHash": identity_hash(award.email, salt),
                            "identityType": "emailAddress", "hashed": True, "salt": salt}],
            "achievement": {
                "id": f"{offer.base_url}achievements/{offer.programme_id}/{module.id}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": module.title,
                "description": module.description,
                "criteria": {"narrative": f"{offer.rule.describe()}, in de toets van deze module."},
                "inLanguage": "nl",
            },
            "term": offer.term,
        },
        "evidence": [{
            "type": ["Evidence"],
            "name": "Resultaat in de leeromgeving",
            "narrative": f"Regel: {offer.rule.describe()}. Score {award.score:g}. Bron: {rows}.",
        }],
        "credentialStatus": status.entry(offer.status_url, index),
    }
    if valid_until:
        doc["validUntil"] = valid_until
    return doc
