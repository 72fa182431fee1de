"""The programme's own knowledge (``context/``): roles, terms of office and a glossary.

This is not the publication. It is what the programme's authors add so that a new office holder
understands the roles around the values: the formal role of each office, its tasks and
instruments, who it works with, its term, and plain explanations of the words a newcomer meets.
Every statement carries a ``source`` a learner can look up (an article of law or a public page),
and learners see it labelled as the programme's own, apart from the publication's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from ..diagnostics import SourceRef
from ..schema import internal, spec
from .curriculum import Layer

ALL_LAYERS: frozenset = frozenset(Layer.__args__)

FOLDER = "context"
DOC = """The programme's own knowledge, kept apart from `curriculum/` (which is the publication):
one role file per office and a glossary. Learners see it as context from the programme's authors,
never as the publication's words. Every statement needs a `source` a learner can look up: a law
with its article (`Gemeentewet, artikel 169`) or a public page (`https://www.rijksoverheid.nl/...`);
`check` reports a statement without one (`[context.source-missing]`) or with a source that is
neither (`[context.source-unknown]`). Authored text here may not repeat the publication either
(six words in a row, `[module.copies-curriculum]`). A glossary word whose meaning or law differs per
layer of government gets one entry per layer (`layers`); two entries that would both be linked for the
same word in the same lesson are an error (`[context.glossary-clash]`)."""

SOURCE_DOC = ("Where a learner can look the statement up: a law and article ('Gemeentewet, artikel 169',"
              " 'Provinciewet', 'Grondwet, artikel 125') or an https address of a public page"
              " (overheid.nl, rijksoverheid.nl, ...); where a statement holds in several layers, one source per"
              " layer separated by '; ' ('Gemeentewet, artikel 16; Provinciewet'). Required: a statement without"
              " it is an error.")


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement of the programme's own knowledge, with where to look it up."""

    text: str = spec("The statement in plain B1 Dutch, addressing the learner as 'u' (Markdown).", markdown=True)
    source: str | None = spec(SOURCE_DOC, default=None)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class RoleSection:
    """A part of a role lesson, e.g. 'Uw taken en instrumenten'."""

    title: str = spec("Heading shown to learners.")
    statements: tuple[Statement, ...] = spec("The statements, in order.", min_items=1)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Term:
    """How an office holder comes into office and for how long."""

    how: Literal["gekozen", "benoemd", "gekozen en benoemd"] = spec(
        "Elected (gekozen), appointed (benoemd), or both for an office that holds elected and appointed members"
        " ('gekozen en benoemd': the waterschap's algemeen bestuur is mostly elected, its dijkgraaf appointed).")
    text: str = spec("One or two sentences on the term, for learners (Markdown).", markdown=True)
    period: str | None = spec("The term the programme prepares for, e.g. '2026-2030', where the office has"
                              " one fixed term for everybody; absent for appointed offices without one.",
                              default=None, pattern=r"\d{4}-\d{4}")
    source: str | None = spec(SOURCE_DOC, default=None)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Role:
    """An office's formal role (`context/roles/<office>.yaml`)."""

    KIND: ClassVar[str] = "role"
    id: str = spec("The office's id; equals the file name.", pattern="id")
    office: str = spec("The office this role describes.", ref="office")
    summary: str = spec("Two or three plain sentences above the role lesson (Markdown); it is the programme's"
                        " own summary, not a statement of law.", markdown=True)
    term: Term = spec("How the office holder comes into office and the term.")
    sections: tuple[RoleSection, ...] = spec("The role's parts: formal role, tasks and instruments, who the"
                                             " office works with and depends on.", min_items=1)
    named_by: tuple[str, ...] = spec(
        "Words by which the publication's perspectives name this office or its organ (lowercase, matched as"
        " whole words, e.g. 'raad', 'raads-', 'griffie'). They drive the mirror: every individual perspective"
        " of another office whose text contains one of these words is shown to this office as advice others"
        " were given about working with it.", min_items=1)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """A word a newcomer meets, explained in plain Dutch."""

    KIND: ClassVar[str] = "term"
    id: str = spec("Stable id, e.g. 'dualisme'; used as the anchor of the explanation.", pattern="id")
    term: str = spec("The word as a heading, e.g. 'Dualisme'.")
    forms: tuple[str, ...] = spec("The forms linked where they occur on a page (lowercase, whole words),"
                                  " e.g. 'gemeenschappelijke regeling', 'gemeenschappelijke regelingen'.",
                                  min_items=1)
    text: str = spec("The explanation in plain B1 Dutch (Markdown).", markdown=True)
    source: str | None = spec(SOURCE_DOC, default=None)
    layers: tuple[Layer, ...] | None = spec(
        "The layers of government where this explanation holds (gemeente, provincie, waterschap); absent:"
        " every layer. A word whose meaning or law differs per layer gets one entry per layer: a lesson links"
        " the entry that holds for every layer of its module's office (the core module: all layers), the one"
        " for the fewest layers if several do, and none if none does.", default=None)
    ref: SourceRef = internal()

    def holds_for(self, layers: frozenset) -> bool:
        """Whether this explanation is true for a lesson read in all of these layers."""
        return self.layers is None or layers <= set(self.layers)

    @property
    def width(self) -> int:
        return len(ALL_LAYERS if self.layers is None else set(self.layers))


@dataclass(frozen=True, slots=True)
class Glossary:
    """The glossary (`context/glossary.yaml`)."""

    terms: tuple[GlossaryTerm, ...] = spec("The terms, alphabetical.", min_items=1)
    ref: SourceRef = internal()

    def candidates(self, form: str, layers: frozenset) -> list[GlossaryTerm]:
        """The entries for a form that hold in a lesson read in these layers, the narrowest first."""
        hits = [t for t in self.terms if form in t.forms and t.holds_for(layers)]
        return sorted(hits, key=lambda t: t.width)

    def entry_for(self, form: str, layers: frozenset) -> GlossaryTerm | None:
        """The entry a lesson read in these layers links for a form, or None (no entry holds there)."""
        hits = self.candidates(form, layers)
        return hits[0] if hits else None


@dataclass(frozen=True, slots=True)
class Context:
    """The programme's own knowledge, checked."""

    roles: tuple[Role, ...]
    glossary: Glossary

    def role(self, office_id: str) -> Role:
        return next(r for r in self.roles if r.office == office_id)

    def statements(self):
        """Every statement that needs a source: role statements, terms and glossary entries."""
        for r in self.roles:
            yield r.term
            for s in r.sections:
                yield from s.statements
        yield from self.glossary.terms


FILES = (("roles/*.yaml", Role, "roles"), ("glossary.yaml", Glossary, "glossary"))
