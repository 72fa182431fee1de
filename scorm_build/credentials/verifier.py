"""``verify.html``: one static file that checks credentials in the browser against the pinned issuer key.

No request leaves the page: the Content-Security-Policy allows only its own script and style (by
SHA-256 hash) and nothing to connect to. The issuer's public key (JWK) and did:key are embedded
when the page is written, and so is the status list current then; a newer list can be chosen as a
file. Signatures are checked with WebCrypto's Ed25519.
"""

from __future__ import annotations

import base64
import hashlib
import json

from markupsafe import Markup

from .keys import Issuer
from .render import asset, environment


def csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def json_for_script(data: dict) -> str:
    """JSON safe inside a <script> element: '<', '>' and '&' escaped so no tag can close it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(issuer: Issuer, organisation: str, status_list: str | None) -> bytes:
    """The verifier page for this issuer, with ``status_list`` (a signed list JWT) embedded."""
    script, style = asset("verify.js"), asset("verify.css")
    config = {"jwk": issuer.public_jwk, "issuer": issuer.did, "name": organisation, "statusList": status_list}
    html = environment().get_template("verify.html").render(
        name=organisation, issuer=issuer.did, script=Markup(script), style=Markup(style),
        script_hash=csp_hash(script), style_hash=csp_hash(style), config=Markup(json_for_script(config)),
        list_state=("De intrekkingslijst van deze pagina is ingebouwd." if status_list
                    else "Deze pagina heeft geen intrekkingslijst: kies het bestand van de uitgever."))
    return html.encode("utf-8")
