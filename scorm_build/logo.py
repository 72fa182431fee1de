"""The branding logo: read from inside the project, checked, and made safe to publish.

A PNG is shipped as is once its signature says it is one. An SVG is a document that can carry
script, event handlers and external references, and a learner who opens it directly runs it in
the LMS's origin; it is therefore passed through svg-hush (Cloudflare's allow-list SVG filter, via
``py-svg-hush``), which rebuilds it from known-safe elements and attributes only, and the author
is warned when anything was removed.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

from lxml import etree
from py_svg_hush import filter_svg

from .diagnostics import Report
from .inputs import MAX_LOGO_BYTES, Refused, read_project_file
from .schema import PendingFile

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KINDS = (".svg", ".png")
# what the sanitised SVG may still point at outside itself: svg-hush keeps a reference's path ("https://x/a.png"
# becomes "/a.png"); an <img> fetches nothing, but the file opened on its own would ask the LMS's host. Anything
# but a fragment (#id) or an embedded raster image is taken out (strip_outside)
INSIDE = r"\s*(?:#|data:image/(?:png|jpeg|gif|webp)[;,])"  # a reference that stays inside the logo
OUTSIDE_OK = re.compile(INSIDE, re.IGNORECASE)
_URL = re.compile(rf"""url\(\s*["']?(?!{INSIDE})[^)]*\)""", re.IGNORECASE)
_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
OUTSIDE = re.compile(rf"""(?:href|src)\s*=\s*["'](?!{INSIDE})|{_URL.pattern}|@import""".encode(), re.IGNORECASE)
# a logo is shown 40 pixels high; these bounds are far above any real logo and keep every learner's browser
# (a PNG is decoded whole) and the sanitiser (whose cost grows with the square of the nesting) cheap
MAX_PNG_SIDE = 4096  # pixels
MAX_SVG_DEPTH = 64  # nesting of elements
MAX_SVG_ELEMENTS = 20_000
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
        if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
            report.error(where, f"branding.logo: '{rel}' is not a PNG image", "programme.logo")
            return None
        width, height = struct.unpack(">II", data[16:24])
        if max(width, height) > MAX_PNG_SIDE:
            report.error(where, f"branding.logo: '{rel}' is {width}×{height} pixels; at most {MAX_PNG_SIDE} pixels a"
                         " side: scale it down (it is shown 40 pixels high)", "programme.logo")
            return None
        return suffix, data
    problem = svg_shape(data)
    if problem:
        report.error(where, f"branding.logo: '{rel}' {problem}", "programme.logo")
        return None
    try:
        clean = filter_svg(data)
    except ValueError:
        report.error(where, f"branding.logo: '{rel}' is not a well-formed SVG document", "programme.logo")
        return None
    outside = OUTSIDE.search(clean) is not None
    if outside:
        clean = strip_outside(clean)
    if outside or ACTIVE.search(data):
        report.warning(where, f"branding.logo: '{rel}' holds script, event handlers or external references;"
                       " they were removed from the published logo", "programme.logo-sanitised")
    return suffix, clean


def svg_shape(data: bytes) -> str | None:
    """What makes an SVG too deep or too large to sanitise cheaply, or None. Read with a parser that loads no
    DTD, expands no entity and fetches nothing; a document it cannot read is left to the sanitiser's verdict."""
    parser_args = dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, events=("start", "end"))
    depth = count = 0
    try:
        for event, _ in etree.iterparse(io.BytesIO(data), **parser_args):
            if event == "start":
                depth += 1
                count += 1
                if depth > MAX_SVG_DEPTH:
                    return f"nests elements more than {MAX_SVG_DEPTH} levels deep; flatten the groups (<g>)"
                if count > MAX_SVG_ELEMENTS:
                    return f"has more than {MAX_SVG_ELEMENTS} elements; simplify the drawing"
            else:
                depth -= 1
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():
            return f"nests elements more than {MAX_SVG_DEPTH} levels deep; flatten the groups (<g>)"
    return None


def strip_outside(svg: bytes) -> bytes:
    """The sanitised SVG without references to anything outside it: such links lose their target, such
    ``url(…)`` values become ``none``; fragments (``#id``) stay."""
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("style") and el.text:
            el.text = _IMPORT.sub("", _URL.sub("none", el.text))
        for name in list(el.attrib):
            value = el.attrib[name]
            if etree.QName(name).localname in ("href", "src") and not OUTSIDE_OK.match(value):
                del el.attrib[name]
            elif name == "style" or "url(" in value:
                el.attrib[name] = _URL.sub("none", value)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
