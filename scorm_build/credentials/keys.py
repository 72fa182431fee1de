"""The issuer's Ed25519 key pair: created outside the project, owner-only, and checked before use."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from joserfc.jwk import OKPKey

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_MULTICODEC = b"\xed\x01"


class KeyProblem(Exception):
    """A key that must not or cannot be used; the message says what to do."""


def base58btc(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


@dataclass(frozen=True, slots=True)
class Issuer:
    """The signing key and what is published about it."""

    key: OKPKey

    @property
    def public_jwk(self) -> dict:
        jwk = self.key.as_dict(private=False)
        return {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"]}

    @property
    def did(self) -> str:
        """did:key of the public key (the issuer id: self-certifying, resolvable offline)."""
        raw = self.key.get_op_key("verify").public_bytes_raw()
        return "did:key:z" + base58btc(ED25519_MULTICODEC + raw)

    @property
    def kid(self) -> str:
        return f"{self.did}#{self.did.removeprefix('did:key:')}"


def inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def new_key(path: Path, project: Path) -> Issuer:
    """Write a new private key (PEM, mode 0600) and its public JWK beside it (``.pub.jwk``)."""
    if inside(path, project):
        raise KeyProblem(f"{path}: the private key would be inside the project {project}, which is published"
                        " and versioned; choose a path outside it (e.g. ~/.config/scorm-build/issuer.pem)")
    if path.exists():
        raise KeyProblem(f"{path}: a file exists there; refusing to overwrite a key (revoked and issued"
                        " credentials depend on it)")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    issuer = Issuer(OKPKey.generate_key("Ed25519"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(issuer.key.as_pem(private=True))
    os.chmod(path, 0o600)
    return issuer


def load_key(path: Path, project: Path) -> Issuer:
    """The issuer's key, refused when inside the project or readable by group or others."""
    if inside(path, project):
        raise KeyProblem(f"{path}: refusing a private key inside the project {project}: move it out (and"
                        " remove it from the repository's history if it was committed)")
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise KeyProblem(f"{path}: cannot read the key: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyProblem(f"{path}: the private key is readable by others (mode {stat.S_IMODE(mode):04o});"
                        f" run: chmod 600 {path}")
    try:
        key = OKPKey.import_key(data)
    except Exception:
        raise KeyProblem(f"{path}: not an Ed25519 private key in PEM (make one with: scorm-build keys new)") from None
    if not key.is_private or key.as_dict().get("crv") != "Ed25519":
        raise KeyProblem(f"{path}: not an Ed25519 private key (make one with: scorm-build keys new)")
    return Issuer(key)
