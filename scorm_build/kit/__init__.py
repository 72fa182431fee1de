"""The facilitator's kit (``build --target kit``): a printable session kit per office and per layer.

For the person who runs the joint meeting after the e-learning (issue #14): a session plan, A6 cards
(values and clusters, each office's priority values with their perspectives, the tensions between
values), the dilemmas of the quiz banks as group exercises, the mirror exercise and a handout per
participant. Everything is generated from the checked project; every card and exercise names where its
text comes from (the publication's section, the role lesson's law, the quiz bank's file).

One kit per office (``kit/<office>/``) and one joint kit per layer of government that has several
offices (``kit/<layer>/``), each as ``index.html`` and ``kit.pdf``, plus ``kit/index.html``. The HTML
is the same document the PDF is printed from (WeasyPrint, print CSS inside this package).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Report
from ..mirror import mirror
from ..model.curriculum import Layer
from ..schema import Missing

LAYERS: tuple[str, ...] = Layer.__args__  # gemeente, provincie, waterschap
LAYER_NAMES = {"gemeente": "Gemeente", "provincie": "Provincie", "waterschap": "Waterschap"}
# the bodies of a layer that the mirror exercise brings into one conversation (the programme's wording)
CONVERSATIONS = {"gemeente": "raad, griffie en college", "provincie": "Provinciale Staten, griffie en Gedeputeerde Staten",
                 "waterschap": "algemeen bestuur, griffie en dagelijks bestuur"}
# the block kinds whose lessons a session works with: their objectives are the session's goals
SESSION_BLOCKS = ("value_map", "clusters", "values", "tensions", "priorities", "perspectives", "mirror", "plan")


@dataclass(frozen=True, slots=True)
class Card:
    """One A6 card: what it shows (kind and the entry) and where the entry was read (for errors)."""

    kind: str  # cluster, value, priority, priority-missing, tension
    entry: object
    office: object = None  # priority cards: the office
    group: object = None  # priority cards: the ValuePerspectives of the value, or None / Missing

    @property
    def ref(self):
        return getattr(self.group, "ref", None) if self.kind == "priority" and self.group is not None else self.entry.ref


@dataclass(frozen=True, slots=True)
class Kit:
    """One kit: for one office (``layer`` None) or a joint session of several offices of a layer."""

    id: str
    title: str
    offices: tuple[str, ...]
    layer: str | None = None

    @property
    def joint(self) -> bool:
        return self.layer is not None


def kits(project, joint: bool = True) -> list[Kit]:
    """Every kit of the project: one per office, then one per layer that has several offices."""
    c = project.curriculum
    offices = [m.office for m in project.modules if m.office]
    out = [Kit(o, c.office(o).plural, (o,)) for o in offices]
    if joint:
        for layer in LAYERS:
            present = tuple(o for o in offices if layer in c.office(o).layers)
            if len(present) > 1:
                out.append(Kit(layer, f"Gezamenlijke bijeenkomst {LAYER_NAMES[layer].lower()}", present, layer))
    return out


def sheets(cards: list[Card], per_sheet: int = 4) -> list[list[Card]]:
    return [cards[i:i + per_sheet] for i in range(0, len(cards), per_sheet)]


def value_cards(c) -> list[Card]:
    """Per cluster its card and its values' cards, then the values whose cluster the text does not give."""
    out = []
    for cl in c.values.clusters:
        out.append(Card("cluster", cl))
        out.extend(Card("value", v) for v in c.values_in(cl.id))
    out.extend(Card("value", v) for v in c.unplaced_values())
    return out


def priority_cards(c, office_id: str) -> list[Card]:
    """The office's priority values with their perspectives; one card saying so where the text lost them."""
    o = c.office(office_id)
    if isinstance(o.priorities, Missing):
        return [Card("priority-missing", o, o)]
    groups = {} if isinstance(o.perspectives, Missing) else {g.value: g for g in o.perspectives}
    return [Card("priority", c.value(v), o, groups.get(v, o.perspectives if isinstance(o.perspectives, Missing)
                                                       else None)) for v in o.priorities]


def tension_cards(c) -> list[Card]:
    return [Card("tension", t) for t in c.values.tensions]


def goals(project, kit: Kit) -> list[tuple[object, list[str]]]:
    """The objectives taught by the lessons the session works with, core module first: (objective, titles of
    the modules that have it); an objective several offices' modules share word for word is listed once."""
    modules = [project.module("core")] + [m for m in project.modules if m.office in kit.offices]
    out: dict[str, tuple[object, list[str]]] = {}
    for m in modules:
        taught = {t for ls in m.lessons if any(getattr(b, k) is not None for b in ls.blocks for k in SESSION_BLOCKS)
                  for t in ls.teaches}
        for o in m.objectives:
            if o.id in taught:
                out.setdefault(" ".join(o.text.split()), (o, []))[1].append(m.title)
    return list(out.values())


def in_sentence(office) -> str:
    """An office's plural inside a sentence (the templates' filter)."""
    return office.plural_in_sentence


def dilemmas(project, kit: Kit) -> list[tuple[object, object]]:
    """(bank, question) of every dilemma of the core bank and the kit's offices' banks."""
    banks = [project.bank("core")] + [b for b in project.banks if b.office in kit.offices]
    return [(b, q) for b in banks for q in b.dilemmas()]


def mirrors(project, kit: Kit) -> list[tuple[object, object, list]]:
    """Per office of the kit: (office, role, [(other office, [perspectives])]); a joint kit keeps only the
    perspectives of the offices present (the conversation is between them)."""
    c, ctx = project.curriculum, project.context
    out = []
    for oid in kit.offices:
        role = ctx.role(oid)
        found = mirror(c, oid, role.named_by)
        if kit.joint:
            found = tuple(p for p in found if p.office in kit.offices)
        by_office: dict[str, list] = {}
        for p in found:
            by_office.setdefault(p.office, []).append(p)
        out.append((c.office(oid), role, [(c.office(o), ps) for o, ps in by_office.items()]))
    return out


def build_kits(project, report: Report, joint: bool = True) -> dict[str, bytes] | None:
    """Every kit as files under ``kit/`` (relative path -> bytes); None when a kit cannot be made (the
    report says why)."""
    from .render import render_kits

    return render_kits(project, kits(project, joint), report)


def conversation(c, kit: Kit) -> str:
    """Between whom the mirror exercise's conversation fits: the kit's layer, or each layer of its office."""
    layers = [kit.layer] if kit.joint else [la for la in LAYERS if la in c.office(kit.offices[0]).layers]
    parts = [CONVERSATIONS[la] for la in layers]
    return parts[0] if len(parts) == 1 else ", tussen ".join(parts[:-1]) + " of tussen " + parts[-1]


def priority_set(c, kit: Kit) -> str:
    """What the priority cards of this kit hold, in words (the kit's card list and the set's caption)."""
    if kit.joint:
        return ("de vier waarden met prioriteit van elk ambt, met de handelingsperspectieven die de publicatie daarbij"
                " geeft; waar de publicatie ze niet geeft of dit programma ze niet heeft, zegt een kaart dat")
    o = c.office(kit.offices[0])
    who = in_sentence(o)
    if isinstance(o.priorities, Missing):
        return (f"één kaart die uitlegt waarom de vier waarden met prioriteit voor {who} niet in dit programma"
                " staan; de deelnemers kiezen zelf vier waardenkaarten")
    if isinstance(o.perspectives, Missing):
        return (f"de vier waarden met prioriteit voor {who}; de publicatie geeft daarbij geen"
                " handelingsperspectieven (de kaarten zeggen waarom)")
    return f"de vier waarden met prioriteit voor {who}, met de handelingsperspectieven die de publicatie daarbij geeft"
