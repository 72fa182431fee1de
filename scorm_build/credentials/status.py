"""Revocation: a Bitstring Status List credential (W3C Bitstring Status List v1.0), signed as VC-JWT.

Every credential carries a ``BitstringStatusListEntry`` (purpose ``revocation``) pointing at one bit
of the issuer's list; ``scorm-build revoke`` sets that bit and signs the list again. The issuer
publishes the list file at the URL the credentials name; ``verify.html`` embeds the list current
when it was written, and accepts a newer list file from the user.
"""

from __future__ import annotations

import base64
import gzip

from . import jwt
from .keys import Issuer

SIZE = 131072  # bits: the minimum the specification asks, so that one index says little about a holder
CONTEXT = "https://www.w3.org/ns/credentials/v2"


def encode(bits: bytearray) -> str:
    """Multibase base64url (prefix 'u', no padding) of the GZIP-compressed bitstring."""
    data = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytearray:
    text = encoded.removeprefix("u")
    return bytearray(gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))))


def entry(list_url: str, index: int) -> dict:
    """The credentialStatus of one credential."""
    return {"id": f"{list_url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": str(index), "statusListCredential": list_url}


def list_credential(list_url: str, issuer: Issuer, revoked: set[int], valid_from: str) -> dict:
    bits = bytearray(SIZE // 8)
    for i in revoked:
        bits[i // 8] |= 0x80 >> (i % 8)
    return {
        "@context": [CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": valid_from,
        "credentialSubject": {"id": f"{list_url}#list", "type": "BitstringStatusList",
                              "statusPurpose": "revocation", "encodedList": encode(bits)},
    }


def signed_list(list_url: str, issuer: Issuer, revoked: set[int], valid_from: str) -> str:
    return jwt.sign(list_credential(list_url, issuer, revoked, valid_from), issuer)


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
