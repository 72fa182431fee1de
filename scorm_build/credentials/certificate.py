"""The printable certificate: A4 HTML and PDF (WeasyPrint) with a QR code that opens the verifier."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import zlib
from datetime import datetime
from functools import lru_cache

import segno
from markupsafe import Markup

from .render import environment

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


def dutch_date(stamp: str) -> str:
    d = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def qr_fragment(token: str) -> str:
    """The compact form of a token for a QR code: ``vcz=`` + base64url(raw DEFLATE(header JSON, newline,
    payload JSON)) + ``.`` + signature. The verifier re-encodes header and payload to base64url, which
    gives the signed bytes back exactly; deflating the JSON (not its base64) halves the QR code."""
    h, p, sig = token.split(".")

    def raw(part: str) -> bytes:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = z.compress(raw(h) + b"\n" + raw(p)) + z.flush()
    return "vcz=" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii") + "." + sig


def qr_svg(url: str) -> str:
    """An inline SVG QR code (error correction L: the link is long, the print is clean)."""
    out = io.BytesIO()
    segno.make(url, error="l", micro=False, boost_error=False).save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=4, title="QR-code naar de controlepagina")
    svg = out.getvalue().decode("utf-8")
    return svg.replace("<svg ", '<svg role="img" aria-label="QR-code naar de controlepagina" ', 1)


def html(credential: dict, token: str, *, jwt_name: str, learner: str, score: float, mastery: int,
         programme_title: str, verify_url: str, primary: str) -> str:
    """The certificate page of one signed credential."""
    s = credential["credentialSubject"]
    return environment().get_template("certificate.html").render(
        name=learner, module_title=s["achievement"]["name"], organisation=credential["issuer"]["name"],
        programme_title=programme_title, term=s["term"], score=f"{score:g}", mastery=mastery,
        issued=dutch_date(credential["validFrom"]),
        expires=dutch_date(credential["validUntil"]) if credential.get("validUntil") else "",
        credential_id=credential["id"], verify_url=verify_url, jwt_name=jwt_name, primary=primary,
        qr_svg=Markup(qr_svg(f"{verify_url}#{qr_fragment(token)}")))


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)  # one fontconfig query per character per run, not per learner
def has_glyph(char: str) -> bool | None:
    """Whether an installed font can show ``char`` in the PDF; None when that cannot be asked.

    WeasyPrint lays text out with Pango, which finds the certificate's font ("DejaVu Sans", else
    another sans-serif) and, for a character that font lacks, any other font through fontconfig; a
    character no installed font has prints as an empty box. fontconfig's ``fc-list :charset=<hex>``
    lists exactly the fonts that have it.
    """
    if char.isascii():
        return True
    fc = shutil.which("fc-list")
    if fc is None:
        return None
    try:
        found = subprocess.run([fc, f":charset={ord(char):x}", "family"], capture_output=True, text=True,
                               timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(found.strip())


def missing_glyphs(text: str) -> list[str]:
    """The characters of ``text`` that no installed font has (they would print as boxes), in order."""
    return sorted({c for c in text if not c.isspace() and has_glyph(c) is False}, key=text.index)


def pdf(page: str) -> bytes:
    """The certificate as an A4 PDF. WeasyPrint loads nothing: every URL is refused (pdfsafe)."""
    import weasyprint

    from ..pdfsafe import refuser

    return weasyprint.HTML(string=page, url_fetcher=refuser([], "a certificate")).write_pdf()
