"""The branding logo: read from inside the project, checked, and made safe to publish.

A PNG is shipped as is once its signature says it is one. An SVG is a document that can carry
script, event handlers and external references, and a learner who opens it directly runs it in
the LMS's origin; it is therefore passed through svg-hush (Cloudflare's allow-list SVG filter, via
``py-svg-hush``), which rebuilds it from known-safe elements and attributes only, and the author
is warned when anything was removed.
"""

from __future__ import annotations

import re
from pathlib import Path

from py_svg_hush import filter_svg

from .diagnostics import Report
from .inputs import MAX_LOGO_BYTES, Refused, read_project_file
from .schema import PendingFile

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KINDS = (".svg", ".png")
# what svg-hush removes and an author should hear about (it removes more, silently harmless)
ACTIVE = re.compile(rb"<\s*script|<\s*foreignObject|\son[a-z]+\s*=|javascript:|(?:href|src)\s*=\s*[\"']\s*(?:https?:|//)",
                    re.IGNORECASE)


def read_logo(root: Path, pending: PendingFile, report: Report) -> tuple[str, bytes] | None:
    """(suffix, bytes to publish) of the logo, or None after a located error."""
    where, rel = pending.where, pending.path
    suffix = Path(rel).suffix.lower()
    if suffix not in KINDS:
        report.error(where, f"branding.logo: '{rel}' must be an .svg or .png file", "programme.logo")
        return None
    try:
        data = read_project_file(root, root / rel, MAX_LOGO_BYTES)
    except Refused as exc:
        code = "programme.logo" if exc.code == "file.missing" else exc.code
        message = f"file '{rel}' does not exist" if exc.code == "file.missing" else f"'{rel}': {exc.message}"
        report.error(where, f"branding.logo: {message}", code)
        return None
    if suffix == ".png":
        if not data.startswith(PNG_SIGNATURE):
            report.error(where, f"branding.logo: '{rel}' is not a PNG image", "programme.logo")
            return None
        return suffix, data
    try:
        clean = filter_svg(data)
    except ValueError:
        report.error(where, f"branding.logo: '{rel}' is not a well-formed SVG document", "programme.logo")
        return None
    if ACTIVE.search(data):
        report.warning(where, f"branding.logo: '{rel}' holds script, event handlers or external references;"
                       " they were removed from the published logo", "programme.logo-sanitised")
    return suffix, clean
