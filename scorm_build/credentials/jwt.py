"""VC-JWT (Open Badges 3.0 section 8.2): the credential is the JWT payload, signed with EdDSA (Ed25519)."""

from __future__ import annotations

import json
import warnings
from datetime import datetime

from joserfc import jws
from joserfc.errors import JoseError

from .keys import Issuer

ALG = "EdDSA"


def epoch(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


def claims(credential: dict) -> dict:
    """The credential plus the registered claims OB 3.0 asks for: iss, nbf, jti, and exp when it expires."""
    payload = dict(credential)
    issuer = credential["issuer"]
    payload["iss"] = issuer["id"] if isinstance(issuer, dict) else issuer
    payload["nbf"] = epoch(credential["validFrom"])
    if "id" in credential:
        payload["jti"] = credential["id"]
    if "validUntil" in credential:
        payload["exp"] = epoch(credential["validUntil"])
    subject = credential.get("credentialSubject", {})
    if isinstance(subject, dict) and "id" in subject:
        payload["sub"] = subject["id"]
    return payload


def sign(credential: dict, issuer: Issuer) -> str:
    """The compact JWS of the credential (header alg EdDSA, typ JWT, kid the issuer's did:key key)."""
    body = json.dumps(claims(credential), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    header = {"alg": ALG, "typ": "JWT", "kid": issuer.kid}
    with warnings.catch_warnings():
        # RFC 9864 prefers the fully specified name 'Ed25519', but OB 3.0 and its verifiers name 'EdDSA'
        warnings.simplefilter("ignore")
        return jws.serialize_compact(header, body.encode("utf-8"), issuer.key, algorithms=[ALG])


def verify(token: str, issuer: Issuer) -> dict:
    """The payload of a token signed by ``issuer``; raises ValueError when the signature does not hold."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            obj = jws.deserialize_compact(token, issuer.key, algorithms=[ALG])
        except (JoseError, ValueError) as exc:
            raise ValueError(f"signature does not verify: {exc}") from None
    return json.loads(obj.payload)
