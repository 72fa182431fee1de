"""The kit as HTML and PDF: one Jinja2 document per kit, printed by WeasyPrint.

The HTML is self-contained (its print CSS inline, allowed by hash in the page's CSP; no script, no image,
no font or request from outside), so it works opened from a file. The PDF is printed from the same
HTML with a url_fetcher that refuses every fetch; WeasyPrint embeds the (subset) fonts it uses. The
PDF is deterministic: no creation date unless SOURCE_DATE_EPOCH is set (then that date), and a file
identifier derived from the project's content hash.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import re
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources

import jinja2
from markupsafe import Markup, escape

from .. import actionplan
from ..diagnostics import Report, SourceRef
from ..lessonpost import SIC, fragment
from ..pdfsafe import refuser
from ..render import markdown, plain
from ..schema import Missing, Omitted
from ..strings import NL
from . import (Kit, conversation, dilemmas, goals, in_sentence, mirrors, priority_cards, priority_set, session,
               sheets, tension_cards, value_cards)

@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("scorm_build", "kit/templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["md"] = markdown
    env.filters["in_sentence"] = in_sentence
    env.filters["sic"] = jinja2.pass_context(lambda ctx, text: ctx["mark_sic"](text))
    env.globals.update(is_missing=lambda x: isinstance(x, Missing), is_omitted=lambda x: isinstance(x, Omitted),
                       fragment=fragment, t=NL, sheet_names=session.SHEETS)
    return env


def stylesheet(primary: str) -> str:
    css = resources.files("scorm_build").joinpath("kit", "templates", "kit.css").read_text("utf-8")
    return f":root {{ --primary: {primary}; }}\n{css}"


def csp(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


def sic_filter(errata):
    """A filter that escapes text and marks the publication's slips with '[sic]', as the lessons do."""
    slips = sorted((htmllib.escape(s.text, quote=False) for s in errata), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in slips), re.I) if slips else None

    def sic(text) -> Markup:
        out = str(escape(text))
        if pattern is not None:
            out = pattern.sub(lambda m: m.group(0) + " " + SIC, out)
        return Markup(out)
    return sic


def card_ref(card) -> str:
    ref = card.ref
    return f"{ref.path}:{ref.line}" if ref is not None else ""


def kit_page(project, kit: Kit, css: str) -> str:
    c = project.curriculum
    env = environment()
    steps = session.joint_plan() if kit.joint else session.office_plan(
        not isinstance(c.office(kit.offices[0]).priorities, Missing),
        not isinstance(c.office(kit.offices[0]).perspectives, Missing))
    card_sets = {
        "values": sheets(value_cards(c)),
        "priorities": [s for o in kit.offices for s in sheets(priority_cards(c, o))],
        "tensions": sheets(tension_cards(c)),
    }
    handouts = []
    for oid in kit.offices:
        module = next(m for m in project.modules if m.office == oid)
        handouts.append((c.office(oid), actionplan.page_shape(c, [module])))
    exercises = dilemmas(project, kit)
    counts = {"values": len(card_sets["values"]), "priorities": len(card_sets["priorities"]),
              "tensions": len(card_sets["tensions"]), "dilemmas": len(exercises), "handout": len(handouts)}
    return env.get_template("kit.html").render(
        kit=kit, c=c, ctx=project.context, programme=project.programme, pub=c.publication, css=Markup(css),
        csp=csp(css), steps=session.clock(steps), total=sum(s.minutes for s in steps), goals=goals(project, kit),
        card_sets=card_sets, exercises=exercises, mirrors=mirrors(project, kit), handouts=handouts, counts=counts,
        office_of_bank=lambda b: c.office(b.office) if b.office else None, card_ref=card_ref,
        mark_sic=sic_filter(c.errata), plain=plain, partners=partners, conversation=conversation(c, kit),
        priority_set=priority_set(c, kit))


def partners(role):
    """The role lesson's section on who the office works with (the programme's own text, with sources)."""
    return next((s for s in role.sections if s.title.lower().startswith("met wie")), None)


def index_page(project, kits: list[Kit], css: str) -> str:
    c = project.curriculum
    return environment().get_template("index.html").render(
        kits=kits, c=c, programme=project.programme, pub=c.publication, css=Markup(css), csp=csp(css))


def created() -> str | None:
    """The PDF's creation date: SOURCE_DATE_EPOCH when set (read as the zips read it), else none at all."""
    import os

    from ..package.archive import source_date_epoch

    if os.environ.get("SOURCE_DATE_EPOCH") is None:
        return None
    return datetime.fromtimestamp(source_date_epoch(), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def pdf(page: str, identifier: bytes) -> tuple[bytes, list[tuple[str, str, float]], list[str]]:
    """The page as a PDF; also every card that does not fit its A6 box ((data-ref, title, mm too long)) and
    every URL WeasyPrint asked for (each refused: the kit loads nothing)."""
    import weasyprint

    asked: list[str] = []
    doc = weasyprint.HTML(string=page, url_fetcher=refuser(asked, "the kit")).render()
    too_long = overflowing(doc)
    doc.metadata.created = doc.metadata.modified = created()
    return doc.write_pdf(pdf_identifier=identifier), too_long, asked


PX_PER_MM = 96 / 25.4


def boxes(box):
    """Every box below ``box``, into absolutely positioned ones (``descendants()`` stops at those)."""
    for child in getattr(box, "children", None) or ():
        yield child
        yield from boxes(child)


def classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def overflowing(doc) -> list[tuple[str, str, float]]:
    """Cards whose text does not fit on the A6 card (it would be cut off, or run into the source line, in
    print): ((data-ref, card title, mm too long)). A card's text is its ``div.body``, a box of fixed height
    (kit.css); its source line is pinned to the card's foot."""
    out = []
    for page in doc.pages:
        for card in boxes(page._page_box):
            if getattr(card, "element_tag", None) != "article" or "card" not in classes(card):
                continue
            body = next((b for b in boxes(card) if "body" in classes(b) and b.element.get("data-ref")), None)
            source = next((b for b in boxes(card) if "source" in classes(b) and b.element_tag == "p"), None)
            if body is None:
                continue
            limit = body.content_box_y() + body.height
            if source is not None:
                limit = min(limit, source.position_y)
            lowest = max((d.position_y + (d.height or 0) for d in boxes(body)
                          if getattr(d, "position_y", None) is not None), default=limit)
            if lowest > limit + 0.5:
                out.append((body.element.get("data-ref"), body.element.get("data-title") or "",
                            round((lowest - limit) / PX_PER_MM, 1)))
    return out


def html_files(project, kits: list[Kit]) -> dict[str, str]:
    """The kits' HTML: ``index.html`` and ``<kit>/index.html`` (relative path -> page)."""
    css = stylesheet(project.programme.branding.primary)
    pages = {"index.html": index_page(project, kits, css)}
    pages.update((f"{kit.id}/index.html", kit_page(project, kit, css)) for kit in kits)
    return pages


def render_kits(project, kits: list[Kit], report: Report) -> dict[str, bytes] | None:
    """Every kit's index.html and kit.pdf, and the kits' index page; None (with located errors) when a card
    does not fit or the PDF cannot be made."""
    pages = html_files(project, kits)
    files = {path: page.encode("utf-8") for path, page in pages.items()}
    ok = True
    for kit in kits:
        identifier = hashlib.sha256(f"{project.content_hash}:{kit.id}".encode()).hexdigest()[:32].encode()
        try:
            data, too_long, asked = pdf(pages[f"{kit.id}/index.html"], identifier)
        except (ImportError, OSError) as exc:  # WeasyPrint without Pango
            report.error(SourceRef("programme.yaml", 1), f"cannot make the kit's PDF ({exc}); install Pango"
                         " (apt-get install libpango-1.0-0 libpangoft2-1.0-0)", "kit.pdf")
            return None
        for ref, title, mm in too_long:
            path, _, line = ref.rpartition(":")
            report.error(SourceRef(path or "curriculum", int(line) if line.isdigit() else 1),
                         f"the card '{title}' of kit '{kit.id}' does not fit on an A6 card ({mm} mm too long);"
                         " its text would be cut off in print", "kit.card-overflow")
            ok = False
        for url in asked:
            report.error(SourceRef(f"kit/{kit.id}", 1), f"the kit asked for {url}; a kit loads nothing",
                         "kit.fetch")
            ok = False
        files[f"{kit.id}/kit.pdf"] = data
    return files if ok else None
