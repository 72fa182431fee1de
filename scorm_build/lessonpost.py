"""The last touch on a rendered lesson: reading time, '[sic]' marks and glossary links.

It works on the lesson's HTML as rendered from the templates (already escaped and sanitised): text
between tags is changed, never a tag, so the markup stays valid. Each glossary term is linked once
per lesson (its first occurrence outside headings and links) to its explanation in a short list
"Begrippen in deze les" at the end of the lesson: a real in-page link a keyboard user can follow.
"""

from __future__ import annotations

import html as htmllib
import math
import re

from markupsafe import Markup, escape

from .model.context import ALL_LAYERS
from .strings import NL

WORDS_PER_MINUTE = 150  # an unhurried reader of B1 Dutch
TAG_RE = re.compile(r"(<[^>]+>)")
NO_LINK = {"a", "option", "select", "textarea", "h1", "h2", "h3", "h4", "dt", "button", "summary", "legend", "label", "figcaption", "th"}
SIC = '<span class="sic">[sic]</span>'


def fragment(view: str) -> str:
    """A view as shown: an excerpt from a longer sentence gets '…' where it was cut."""
    text = view.strip()
    if text[:1].islower():
        text = "…" + text
    if text[-1:] not in ".?!’'":
        text = text + "…"
    return text


def reading_minutes(html: str) -> int:
    words = len(re.findall(r"\w+", htmllib.unescape(TAG_RE.sub(" ", html))))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


class Finisher:
    """Callable from the page template: ``finish(html, lesson_id)``."""

    def __init__(self, glossary, errata, layers_of=None):
        """``layers_of`` maps a lesson id to the layers of government it is read in (its module's office's
        layers); a lesson not in it is read in every layer. A glossary entry is linked only in lessons it
        holds for, so a Statenlid never meets the gemeente's explanation of a word."""
        self.glossary = glossary
        self.layers_of = layers_of or {}
        forms = sorted({f.lower() for t in glossary.terms for f in t.forms}, key=lambda f: -len(f))
        # one alternation, longest form first: 'provinciale staten' wins over 'staten'
        self.terms = re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
        slips = sorted((htmllib.escape(s.text, quote=False) for s in errata), key=len, reverse=True)
        self.sic = re.compile("|".join(re.escape(t) for t in slips), re.I) if slips else None

    def __call__(self, html: str, lesson_id: str) -> Markup:
        """The finished lesson (each lesson once per render: ``render.Fragments`` keeps the result)."""
        parts = TAG_RE.split(str(html))
        linked: list = []
        marked = False
        stack: list[str] = []
        for i, part in enumerate(parts):
            if part.startswith("<"):
                m = re.match(r"</?([a-zA-Z0-9]+)", part)
                name = m.group(1).lower() if m else ""
                if part.startswith("</"):
                    if name in stack:
                        del stack[len(stack) - 1 - stack[::-1].index(name):]
                elif not part.endswith("/>") and name not in ("br", "img", "input", "meta", "link", "hr"):
                    stack.append(name)
                continue
            if not part.strip():
                continue
            text = part
            if self.sic is not None and "option" not in stack:  # an <option> holds text only
                text, n = self.sic.subn(lambda mm: mm.group(0) + " " + SIC, text)
                marked = marked or n > 0
            if not NO_LINK.intersection(stack):
                text = self._link(text, lesson_id, linked)
            parts[i] = text
        body = "".join(parts)
        out = [f'<p class="reading-time">{escape(NL["reading_time"].format(n=reading_minutes(body)))}</p>', body]
        if linked or marked:
            out.append(self._list(lesson_id, linked, marked))
        return Markup("\n".join(out))

    def _link(self, text: str, lesson_id: str, linked: list) -> str:
        """Link the first occurrence of each term not linked yet in this lesson (never inside an entity
        or a '[sic]' mark, which hold no glossary words)."""
        out, at = [], 0
        layers = self.layers_of.get(lesson_id, ALL_LAYERS)
        for m in self.terms.finditer(text.lower()):
            term = self.glossary.entry_for(m.group(1), layers)
            if term is None or term in linked:
                continue
            word = text[m.start():m.end()]
            out.append(text[at:m.start()])
            out.append(f'<a class="term" href="#g-{lesson_id}-{term.id}">{word}</a>')
            at = m.end()
            linked.append(term)
        out.append(text[at:])
        return "".join(out)

    def _list(self, lesson_id: str, linked: list, marked: bool) -> str:
        from .render import inline_markdown  # one Markdown pipeline for all authored text
        rows = []
        for term in sorted(linked, key=lambda t: t.term.lower()):
            rows.append(f'<dt id="g-{lesson_id}-{term.id}" tabindex="-1"><dfn>{escape(term.term)}</dfn></dt>'
                        f'<dd>{inline_markdown(term.text)} <span class="source">({escape(NL["source"])}:'
                        f' {escape(term.source)})</span></dd>')
        if marked:
            rows.append(f'<dt>[sic]</dt><dd>{escape(NL["sic"])}</dd>')
        return (f'<aside class="glossary" aria-labelledby="gl-{lesson_id}"><h3 id="gl-{lesson_id}">'
                f'{escape(NL["glossary"])}</h3><p class="by-programme">{escape(NL["glossary_by"])}</p>'
                f'<dl>{"".join(rows)}</dl></aside>')
