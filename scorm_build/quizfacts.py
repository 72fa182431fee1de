"""What quiz stages share: the compiled question (the only form later stages see) and the facts
of the curriculum that answer keys, feedback and citations are derived from."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import SourceRef
from .model.curriculum import Curriculum
from .schema import Missing, walk


@dataclass(frozen=True, slots=True)
class COption:
    id: str
    text: str  # Markdown
    correct: bool
    feedback: str  # Markdown
    ref: str | None = None  # the curriculum entry the option stands for
    values: tuple[str, ...] = ()  # dilemmas: the values this choice favours


@dataclass(frozen=True, slots=True)
class CompiledQuestion:
    """A question ready to render and score, authored or generated."""

    id: str
    type: str
    objective: str
    tests: tuple[str, ...]
    values: tuple[str, ...]  # priority values it covers (for the per-value draw rule)
    prompt: str
    explanation: str
    scenario: str | None
    options: tuple[COption, ...]  # single, multiple, truefalse, scenario, dilemma
    lefts: tuple[tuple[str, str], ...]  # matching: (id, text) items to place
    rights: tuple[tuple[str, str], ...]  # matching: (id, text) choices
    key: tuple[tuple[str, str], ...]  # matching: (left id, right id)
    generated: bool
    at: SourceRef
    kind: str = "recall"  # case, recall, understanding or dilemma (drives the draw)
    excludes: tuple[str, ...] = ()  # ids never drawn together with this one
    relation: str | None = None
    about: str | None = None
    rests_on: str | None = None  # case items: the entry the key rests on
    tension: str | None = None  # dilemmas: the tension between values they set

    @property
    def scored(self) -> bool:
        """Whether the question counts for the score (dilemmas never do)."""
        return self.kind != "dilemma"

    def right_options(self) -> list[int]:
        """Indices of the right options (single, multiple, true/false, scenario)."""
        return [i for i, o in enumerate(self.options) if o.correct]

    def right_choices(self) -> list[int]:
        """Matching: for each item to place, the index of its right choice."""
        rights = [r for r, _ in self.rights]
        key = dict(self.key)
        return [rights.index(key[left]) for left, _ in self.lefts]


@dataclass(frozen=True, slots=True)
class CompiledBank:
    module: str
    office: str | None
    priorities: tuple[str, ...]
    questions: tuple[CompiledQuestion, ...]
    at: SourceRef

    def scored(self) -> tuple[CompiledQuestion, ...]:
        return tuple(q for q in self.questions if q.scored)

    def dilemmas(self) -> tuple[CompiledQuestion, ...]:
        """The ungraded dilemmas (for the quiz page, the exports and a group session)."""
        return tuple(q for q in self.questions if not q.scored)


class Facts:
    """The relations quiz answers are derived from, read off the curriculum."""

    def __init__(self, c: Curriculum):
        self.c = c
        self.cluster_of = {v.id: v.cluster for v in c.values.values if not isinstance(v.cluster, Missing)}
        self.priorities = {o.id: o.priorities for o in c.offices if not isinstance(o.priorities, Missing)}
        perspectives = c.perspectives()
        self.value_of_perspective = {p.id: p.value for p in perspectives}
        self.office_of_perspective = {p.id: p.office for p in perspectives}
        self.associations = {o.id: o.associations for o in c.offices}
        self.association_perspectives = {
            p.id: o.id for o in c.offices if not isinstance(o.association_perspectives, Missing)
            for p in o.association_perspectives.items}
        self.group_of_trend = {t.id: g.id for g in c.trends.groups for t in g.trends}
        self.value_ids = {v.id for v in c.values.values}
        # values the text does not place with certainty (an ideal named in passing, a cluster not given)
        self.uncertain = {v.id for v in c.values.values if v.named_as or isinstance(v.cluster, Missing)}
        # how an entry is named in a question or an option
        self.names = {v.id: v.name for v in c.values.values}
        self.names.update({cl.id: cl.name for cl in c.values.clusters})
        self.names.update({o.id: o.plural for o in c.offices})
        self.names.update({a.id: a.name for a in c.associations})
        self.names.update({g.id: g.title for g in c.trends.groups})
        self.names.update({t.id: t.claim for g in c.trends.groups for t in g.trends})
        self.names.update({p.id: p.text for p in perspectives})
        self.sources = {obj.id: value for obj, fld, value in walk(c)
                        if fld.name == "source" and isinstance(getattr(obj, "id", None), str)}
        self.sources.update({q.id: c.quotes.source for q in c.quotes.quotes})
        self.sources.update({p.id: p.source for p in perspectives})
        for o in c.offices:
            if not isinstance(o.association_perspectives, Missing):
                ap = o.association_perspectives
                self.sources.update({p.id: ap.source for p in ap.items})
                self.names.update({p.id: p.text for p in ap.items})
        # the text an entry says, for quoting what a case item rests on
        self.texts: dict[str, str] = {p.id: p.text for p in perspectives}
        self.texts.update({p: self.names[p] for p in self.association_perspectives})
        self.texts.update({q.id: q.text for q in c.quotes.quotes})
        self.texts.update({t.id: " ".join((t.claim + ".", *t.bullets)) for g in c.trends.groups for t in g.trends})
        self.texts.update({t.id: t.text for t in c.values.tensions})
        self.texts.update({v.id: " ".join(v.views) for v in c.values.values if v.views})
        self.texts.update({cl.id: cl.description for cl in c.values.clusters})
        self.tensions = {t.id: t for t in c.values.tensions}
        # relation -> subject -> the right candidates; a subject is absent where the source lost the fact
        self.right: dict[str, dict[str, set[str]]] = {
            "priority-of-office": {o: set(vs) for o, vs in self.priorities.items()},
            "cluster-of-value": {v: {cl} for v, cl in self.cluster_of.items()},
            "value-of-perspective": {p: {v} for p, v in self.value_of_perspective.items()},
            "association-of-office": {o: set(a) for o, a in self.associations.items()},
            "office-with-priority": {v: {o for o, vs in self.priorities.items() if v in vs} for v in self.value_ids},
            "perspective-of-office": {o: {p for p, op in self.office_of_perspective.items() if op == o}
                                      for o in set(self.office_of_perspective.values())},
            "group-of-trend": {t: {g} for t, g in self.group_of_trend.items()},
        }

    def label(self, entry_id: str) -> str:
        """A name to use inside a sentence (office and value names in lower case)."""
        name = self.names[entry_id]
        lower = entry_id in self.priorities or entry_id in self.value_ids or entry_id in self.associations
        return name[0].lower() + name[1:] if lower and not name.startswith("Staten") else name

    def cite(self, *entry_ids: str) -> str:
        """The sections the entries come from, as a Markdown line.

        Entries from one section are cited by that section; entries from several are cited by each
        section (never by whichever entry happens to come first)."""
        paths: list[str] = []
        for e in entry_ids:
            if e in self.sources and self.sources[e] not in paths:
                paths.append(self.sources[e])
        if not paths:
            return ""
        split = [p.split(" > ") for p in paths]
        common = []
        for segments in zip(*split):  # the longest shared leading run of headings
            if any(seg != segments[0] for seg in segments):
                break
            common.append(segments[0])
        if len(common) >= 2 or len(paths) == 1:
            return f"\n\n*Bron: {' > '.join(common)}.*"
        return f"\n\n*Bronnen: {'; '.join(paths)}.*"

    def feedback(self, relation: str, about: str, cand: str, right: bool) -> str:
        """Why an option is right or wrong, from the curriculum (shown after submitting)."""
        a, c = self.label(about), self.label(cand)
        yes, no = ("Goed", "") if right else ("Niet goed", "niet ")
        return {
            "priority-of-office": f"{yes}: {c} is {'een' if right else 'geen'} van de vier waarden met prioriteit"
                                  f" voor {a}.",
            "cluster-of-value": f"{yes}: {a} valt {no}in het waardencluster {c}.",
            "value-of-perspective": f"{yes}: de publicatie noemt dit handelingsperspectief {no}bij {c}.",
            "association-of-office": f"{yes}: {c} is {no}de vereniging van {a}.",
            "office-with-priority": f"{yes}: {a} is {'een' if right else 'geen'} waarde met prioriteit voor {c}.",
            "perspective-of-office": f"{yes}: de publicatie noemt dit handelingsperspectief {no}voor {a}.",
            "group-of-trend": f"{yes}: de publicatie plaatst deze trend {no}onder {c}.",
        }[relation]

    def known(self, relation: str, about: str) -> bool:
        """Whether the curriculum holds the fact the relation asks about (not lost in extraction)."""
        return about in self.right[relation]

    def holds(self, relation: str, about: str, candidate: str) -> bool:
        return candidate in self.right[relation].get(about, ())
