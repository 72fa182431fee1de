"""The session plan of a facilitator's kit: the steps of one 2.5-hour meeting, with their timings.

The plan is the programme's own (not the publication's): what the group does with the kit's sheets.
Each step names the sheets it uses by their key (``SHEETS``), so the materials list and the plan
cannot disagree. The minutes of every plan add up to ``SESSION_MINUTES`` (tests/test_kit.py sums them).
"""

from __future__ import annotations

from dataclasses import dataclass

SESSION_MINUTES = 150

# key -> (name of the sheet in the kit, the section's anchor in the kit's HTML)
SHEETS = {
    "plan": ("Sessieplan", "sessieplan"),
    "values": ("Kaarten: waarden en waardenclusters", "kaarten-waarden"),
    "priorities": ("Kaarten: waarden met prioriteit", "kaarten-prioriteit"),
    "tensions": ("Kaarten: spanningen tussen waarden", "kaarten-spanningen"),
    "dilemmas": ("Dilemma's als groepsoefening", "dilemmas"),
    "mirror": ("Spiegeloefening", "spiegel"),
    "handout": ("Hand-out per deelnemer", "hand-out"),
}


@dataclass(frozen=True, slots=True)
class Step:
    """One part of the session."""

    title: str
    minutes: int
    what: str  # what the facilitator and the group do (plain Dutch)
    sheets: tuple[str, ...] = ()  # keys of SHEETS used in this step


def office_plan(known_priorities: bool, known_perspectives: bool | None = None) -> tuple[Step, ...]:
    """The plan of a session for the holders of one office (known_perspectives: the publication gives the office
    perspectives for action; by default as known as its priorities)."""
    if known_perspectives is None:
        known_perspectives = known_priorities
    if known_priorities:
        priorities = ("Iedereen leest de vier kaarten met de waarden met prioriteit voor het ambt en de"
                      " handelingsperspectieven. Elke deelnemer kiest de waarde die nu het meest onder druk staat"
                      " en vertelt waarom.")
    else:
        priorities = ("De publicatie noemt vier waarden met prioriteit voor dit ambt, maar die staan niet in dit"
                      " programma (zie de kaart). Laat elke deelnemer zelf vier waardenkaarten kiezen die voor het"
                      " ambt het belangrijkst zijn, en vertellen waarom.")
    return (
        Step("Welkom en kennismaking", 10, "Heet iedereen welkom. Vertel het doel en het programma van vandaag."
             " Iedereen zegt kort wie hij of zij is en wat hij of zij van de bijeenkomst verwacht.", ("plan",)),
        Step("Wat zijn waarden?", 20, "Leg de clusterkaarten op tafel. De deelnemers leggen samen de waardenkaarten"
             " bij het goede cluster. Bespreek daarna: welke waarden herkent u in uw eigen werk?", ("values",)),
        Step("De waarden met prioriteit voor uw ambt", 25, priorities, ("priorities",)),
        Step("Dilemma's in groepjes", 30, "Maak groepjes van drie of vier. Elk groepje bespreekt een of twee dilemma's"
             " met de kaarten van de spanningen tussen waarden erbij. Wat kiest u, wat weegt elke keuze, en wat is"
             " de prijs? Elk groepje vertelt daarna kort wat het koos.", ("tensions", "dilemmas")),
        Step("Pauze", 10, "Pauze."),
        Step("Spiegeloefening", 25, "Lees samen wat de publicatie andere ambtsdragers aanraadt over de samenwerking"
             " met uw ambt. Bespreek de vragen van de spiegeloefening. Wat wilt u de andere ambtsdragers zelf"
             " vragen?", ("mirror",)),
        Step("Mijn actieplan", 20, "Iedereen vult de hand-out in: bij elke waarde " + (
            "een handelingsperspectief of een eigen actie" if known_perspectives else "een eigen actie (de publicatie"
            " geeft voor dit ambt geen handelingsperspectieven)") + ", met wie en wanneer. Bespreek de plannen in"
             " tweetallen.", ("handout",)),
        Step("Afsluiting en afspraak voor na 100 dagen", 10, "Iedereen noemt één actie waar hij of zij mee begint."
             " Spreek een datum af, over ongeveer 100 dagen, om samen terug te kijken: wat kwam er van de"
             " acties terecht?", ("handout",)),
    )


def joint_plan() -> tuple[Step, ...]:
    """The plan of a joint session of several offices of one layer of government."""
    return (
        Step("Welkom en kennismaking", 15, "Heet iedereen welkom. Vertel het doel en het programma van vandaag."
             " Iedereen zegt kort wie hij of zij is, welk ambt hij of zij heeft en wat hij of zij van de"
             " bijeenkomst verwacht.", ("plan",)),
        Step("Wat zijn waarden?", 15, "Leg de clusterkaarten op tafel. De deelnemers leggen in gemengde groepjes de"
             " waardenkaarten bij het goede cluster.", ("values",)),
        Step("Waarden met prioriteit per ambt", 25, "De deelnemers zitten per ambt bij elkaar en lezen de kaarten van"
             " hun ambt. Elk ambt vertelt daarna de anderen welke waarde nu het meest onder druk staat, en waarom."
             " Heeft de publicatie voor een ambt geen waarden met prioriteit in dit programma, dan kiest dat ambt"
             " zelf vier waardenkaarten.", ("priorities",)),
        Step("Dilemma's in gemengde groepjes", 25, "Maak groepjes met in elk groepje verschillende ambten. Elk"
             " groepje bespreekt een dilemma met de kaarten van de spanningen tussen waarden erbij. Zou een ander"
             " ambt anders kiezen, en waarom?", ("tensions", "dilemmas")),
        Step("Pauze", 10, "Pauze."),
        Step("Spiegeloefening tussen de ambten", 35, "Per ambt: lees wat de publicatie de andere ambten in deze"
             " groep aanraadt over de samenwerking met dat ambt. De ambten bespreken samen de vragen van de"
             " spiegeloefening: herkent u dit, wat vraagt u van elkaar, wat spreekt u af?", ("mirror",)),
        Step("Mijn actieplan", 20, "Iedereen vult de hand-out van zijn of haar ambt in. Bespreek de plannen in"
             " tweetallen van verschillende ambten.", ("handout",)),
        Step("Afsluiting en afspraak voor na 100 dagen", 5, "Spreek een datum af, over ongeveer 100 dagen, om samen"
             " terug te kijken op de acties en de samenwerking.", ("handout",)),
    )


def clock(steps: tuple[Step, ...]) -> list[tuple[Step, str]]:
    """Each step with its time slot from the start, e.g. '0:10-0:30'."""
    out, at = [], 0
    for s in steps:
        out.append((s, f"{at // 60}:{at % 60:02d}–{(at + s.minutes) // 60}:{(at + s.minutes) % 60:02d}"))
        at += s.minutes
    return out
