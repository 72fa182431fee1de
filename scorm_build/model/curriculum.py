"""The knowledge base: the publication as located, checked data (``curriculum/``).

Every class here is both the model later stages use and the definition of its YAML form:
the loader, the checks and ``docs/authoring.md`` are driven by these fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from ..diagnostics import SourceRef
from ..schema import Missing, internal, spec

FOLDER = "curriculum"
DOC = "The knowledge base: the publication as data, faithful to the text."
SOURCE_DOC = ("Where the text is in the publication: chapter and section headings joined by ' > ',"
              " each exactly as the publication prints it.")
Layer = Literal["gemeente", "provincie", "waterschap"]


@dataclass(frozen=True, slots=True)
class Publication:
    """The publication's metadata (`publication.yaml`)."""

    KIND: ClassVar[str] = "publication"
    id: str = spec("Stable id of the publication.", pattern="id")
    title: str = spec("Title as printed.", verbatim=True)
    subtitle: str = spec("Subtitle as printed.", verbatim=True)
    authors: tuple[str, ...] = spec("Authors, in the colophon's order.", verbatim=True, min_items=1)
    designers: tuple[str, ...] = spec("Designers named in the colophon.", verbatim=True)
    publisher: str = spec("Publisher.")
    year: int = spec("Year of publication.")
    commissioned_by: tuple[str, ...] = spec("Commissioning parties, as the colophon lists them.",
                                            verbatim=True, min_items=1)
    website: str = spec("Publisher's website as printed.", verbatim=True)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class MethodStep:
    """One of the three thinking steps (denkstappen) A, B, C."""

    KIND: ClassVar[str] = "method-step"
    id: str = spec("Stable id.", pattern="id")
    label: Literal["A", "B", "C"] = spec("The step's letter.")
    title: str = spec("The step's name as printed (e.g. 'Analyseren').", verbatim=True)
    summary: str = spec("The step's first sentence(s), verbatim.", verbatim=True)
    source: str = spec(SOURCE_DOC)
    bullets: tuple[str, ...] = spec("The step's bullets, verbatim.", default=(), verbatim=True)
    bullets_lead: str | None = spec("The sentences right before the bullets where they do not follow the summary,"
                                    " verbatim.", default=None, verbatim=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Method:
    """How the publication was made (`method.yaml`)."""

    steps: tuple[MethodStep, ...] = spec("Steps A, B and C in order.", min_items=1)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Trend:
    """A trend or factor: a heading claim with all of its bullets."""

    KIND: ClassVar[str] = "trend"
    id: str = spec("Stable id, e.g. 'trend-schaal'.", pattern="id")
    claim: str = spec("The heading claim, verbatim.", verbatim=True)
    bullets: tuple[str, ...] = spec("Every bullet under the claim, verbatim, in order.", verbatim=True,
                                    min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class TrendGroup:
    """A group of trends as the publication heads them (e.g. 'Maatschappij')."""

    KIND: ClassVar[str] = "trend-group"
    id: str = spec("Stable id.", pattern="id")
    scope: Literal["internal", "external"] = spec("Internal (within decentral government) or external.")
    title: str = spec("The group heading, verbatim.", verbatim=True)
    trends: tuple[Trend, ...] = spec("The group's trends in the publication's order.", min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Trends:
    """Trends and factors (`trends.yaml`)."""

    question: str = spec("The chapter's central question, verbatim.", verbatim=True)
    groups: tuple[TrendGroup, ...] = spec("Groups, internal first, in order.", min_items=1)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Cluster:
    """One of the nine value clusters."""

    KIND: ClassVar[str] = "cluster"
    id: str = spec("Stable id, e.g. 'vrijheid'.", pattern="id")
    name: str = spec("The cluster's name as printed.", verbatim=True)
    kind: Literal["ideal", "social", "practical"] = spec(
        "Moral-ideal (ideël), moral-social (sociaal) or practical (praktisch).")
    description: str = spec("The text's opening description of the cluster, verbatim.", verbatim=True)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Value:
    """A value the text names, with its cluster and the views that illustrate it."""

    KIND: ClassVar[str] = "value"
    id: str = spec("Stable id: the value's name in lowercase ASCII, e.g. 'lef'.", pattern="id")
    name: str = spec("The value's name, capitalised as a heading (e.g. 'Lef').")
    cluster: Missing | str = spec("The cluster holding the value, or a missing marker where the text"
                                  " does not say.", ref="cluster")
    source: str = spec(SOURCE_DOC)
    views: tuple[str, ...] = spec("Views (opvattingen) the text gives for the value, verbatim.",
                                  default=(), verbatim=True)
    named_as: str | None = spec("Where the text names this word only as something else than a value (e.g."
                                " 'onwrikbare idealen'), those words, verbatim; learners are told the text"
                                " does not call it a value.", default=None, verbatim=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Tension:
    """A pair of values the text says can clash."""

    KIND: ClassVar[str] = "tension"
    id: str = spec("Stable id.", pattern="id")
    values: tuple[str, ...] = spec("The two values that clash.", ref="value", min_items=2)
    text: str = spec("The sentence that says so, verbatim.", verbatim=True)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Values:
    """Value clusters, values and their views (`values.yaml`)."""

    definition: str = spec("What the publication means by a value, verbatim.", verbatim=True)
    total: int = spec("How many values the publication says its overview map holds.")
    overview_map: Missing | str = spec("The overview map of all values (an image in the publication).")
    clusters: tuple[Cluster, ...] = spec("The nine clusters in the publication's order.", min_items=1)
    values: tuple[Value, ...] = spec("Every value the text names.", min_items=1)
    tensions: tuple[Tension, ...] = spec("Value pairs the text says can clash.", default=())
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Association:
    """A professional or interest association (beroeps- of belangenvereniging)."""

    KIND: ClassVar[str] = "association"
    id: str = spec("Stable id, e.g. 'ngb'.", pattern="id")
    name: str = spec("Full name as printed.", verbatim=True)
    source: str = spec(SOURCE_DOC)
    abbreviation: str | None = spec("Abbreviation, only where the publication gives one.", default=None)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Perspective:
    """A perspective for action (handelingsperspectief), verbatim."""

    KIND: ClassVar[str] = "perspective"
    id: str = spec("Stable id, e.g. 'burgemeester-lef-1'.", pattern="id")
    text: str = spec("The perspective, verbatim.", verbatim=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class ValuePerspectives:
    """The individual perspectives for action the publication gives for one priority value."""

    value: str = spec("The priority value these perspectives serve.", ref="value")
    items: tuple[Perspective, ...] = spec("The perspectives, in the publication's order.", min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class AssociationPerspectives:
    """What the office's association(s) can do; applies to all four priority values."""

    question: str = spec("The table's question, verbatim.", verbatim=True)
    items: tuple[Perspective, ...] = spec("The perspectives, in the publication's order.", min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Office:
    """An office (ambt) with its priorities and perspectives (`offices/<id>.yaml`)."""

    KIND: ClassVar[str] = "office"
    id: str = spec("Stable id, the singular name in lowercase, e.g. 'burgemeester'.", pattern="id")
    name: str = spec("Singular name as a learner reads it (e.g. 'Burgemeester').")
    plural: str = spec("Plural name as the publication heads the chapter (e.g. 'Burgemeesters').",
                       verbatim=True)
    layers: tuple[Layer, ...] = spec("Layers of government where the office exists.", min_items=1)
    associations: tuple[str, ...] = spec("The association(s) of the office.", ref="association",
                                         min_items=1)
    priority_question: str = spec("The publication's question about this office's priorities, verbatim.",
                                  verbatim=True)
    priorities: Missing | tuple[str, ...] = spec(
        "The four priority values in the publication's order, or a missing marker.", ref="value")
    views: Missing | tuple[str, ...] = spec(
        "The office-specific views illustrating the priorities, verbatim, or a missing marker.",
        verbatim=True)
    perspectives: Missing | tuple[ValuePerspectives, ...] = spec(
        "Individual perspectives per priority value, or a missing marker with the reason.")
    association_perspectives: Missing | AssociationPerspectives = spec(
        "The association's perspectives, or a missing marker with the reason.")
    source: str = spec(SOURCE_DOC)
    members: str | None = spec("Who the office covers where the text says so, verbatim.", default=None,
                               verbatim=True)
    selection: str | None = spec("The sentences under the priority question that say how and with whom the"
                                 " four values were selected, verbatim.", default=None, verbatim=True)
    ref: SourceRef = internal()

    @property
    def plural_in_sentence(self) -> str:
        """The plural inside a sentence: lower case, but 'Statenleden' as the publication writes it."""
        return self.plural if self.plural.startswith("Staten") else self.plural.lower()


@dataclass(frozen=True, slots=True)
class NationalHeading:
    """A heading of the national government's perspectives, with its bullets."""

    KIND: ClassVar[str] = "national-heading"
    id: str = spec("Stable id.", pattern="id")
    title: str = spec("The heading, verbatim.", verbatim=True)
    bullets: tuple[str, ...] = spec("Its bullets, verbatim.", verbatim=True, min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class National:
    """The national government's perspectives (`national.yaml`)."""

    question: str = spec("The question the perspectives answer, verbatim.", verbatim=True)
    headings: tuple[NationalHeading, ...] = spec("The headings in order.", min_items=1)
    policy_questions: Missing | tuple[str, ...] = spec("Policy questions for the national government.",
                                                       verbatim=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Quote:
    """One of Herman Tjeenk Willink's seven quotes."""

    KIND: ClassVar[str] = "quote"
    id: str = spec("Stable id.", pattern="id")
    text: str = spec("The quote, verbatim, without the outer quotation marks.", verbatim=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Quotes:
    """The Minister of State's advice (`quotes.yaml`)."""

    speaker: str = spec("Who is quoted.", verbatim=True)
    introduction: str = spec("Who the speaker is, verbatim.", verbatim=True)
    stated_count: int = spec("How many quotes the publication says it gives.")
    quotes: tuple[Quote, ...] = spec("The quotes in order.", min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Audience:
    """One audience of the usage guide with its uses."""

    KIND: ClassVar[str] = "audience"
    id: str = spec("Stable id.", pattern="id")
    lead: str = spec("The sentence introducing the uses, verbatim.", verbatim=True)
    uses: tuple[str, ...] = spec("The uses, verbatim (without trailing ';').", verbatim=True, min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Usage:
    """The usage guide (`usage.yaml`)."""

    audiences: tuple[Audience, ...] = spec("The three audiences in order.", min_items=1)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Work:
    """An entry of the bibliography."""

    KIND: ClassVar[str] = "work"
    id: str = spec("Stable id.", pattern="id")
    text: str = spec("The entry, verbatim.", verbatim=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Bibliography:
    """Consulted literature (`bibliography.yaml`)."""

    works: tuple[Work, ...] = spec("The entries in order.", min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage that explains the publication to a learner (how it was made, how to read it)."""

    KIND: ClassVar[str] = "passage"
    id: str = spec("Stable id, e.g. 'geen-rangorde'.", pattern="id")
    paragraphs: tuple[str, ...] = spec("The passage's paragraphs, each verbatim ('**' bold marks of the"
                                       " extracted text left out).", verbatim=True, min_items=1)
    source: str = spec(SOURCE_DOC)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Passages:
    """Explanatory passages (`passages.yaml`)."""

    passages: tuple[Passage, ...] = spec("The passages.", min_items=1)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Sic:
    """A spelling or grammar slip of the publication, kept verbatim and marked '[sic]' where shown."""

    KIND: ClassVar[str] = "sic"
    id: str = spec("Stable id.", pattern="id")
    text: str = spec("The words exactly as the publication prints them (matched case-insensitively on the"
                     " pages; '[sic]' is put right after them).", verbatim=True)
    reading: str | None = spec("What is meant, where it is clear (for the docs and reviewers).", default=None)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Errata:
    """Slips of the publication (`errata.yaml`)."""

    sic: tuple[Sic, ...] = spec("The slips, each marked '[sic]' on the pages.", min_items=1)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Curriculum:
    """The whole knowledge base, one object per file."""

    publication: Publication
    method: Method
    trends: Trends
    values: Values
    associations: tuple[Association, ...]
    offices: tuple[Office, ...]
    national: National
    quotes: Quotes
    usage: Usage
    bibliography: Bibliography
    passages: tuple[Passage, ...] = ()
    errata: tuple[Sic, ...] = ()

    # Lookups by id, for the stages after check (every id has been resolved by then).
    def office(self, office_id: str) -> Office:
        return _find(self.offices, office_id)

    def value(self, value_id: str) -> Value:
        return _find(self.values.values, value_id)

    def cluster(self, cluster_id: str) -> Cluster:
        return _find(self.values.clusters, cluster_id)

    def association(self, association_id: str) -> Association:
        return _find(self.associations, association_id)

    def trend_group(self, group_id: str) -> TrendGroup:
        return _find(self.trends.groups, group_id)

    def trend(self, trend_id: str) -> Trend:
        return _find((t for g in self.trends.groups for t in g.trends), trend_id)

    def tension(self, tension_id: str) -> Tension:
        return _find(self.values.tensions, tension_id)

    def quote(self, quote_id: str) -> Quote:
        return _find(self.quotes.quotes, quote_id)

    def audience(self, audience_id: str) -> Audience:
        return _find(self.usage.audiences, audience_id)

    def method_step(self, step_id: str) -> MethodStep:
        return _find(self.method.steps, step_id)

    def national_heading(self, heading_id: str) -> NationalHeading:
        return _find(self.national.headings, heading_id)

    def passage(self, passage_id: str) -> Passage:
        return _find(self.passages, passage_id)

    def perspectives(self) -> tuple[PlacedPerspective, ...]:
        """Every individual perspective for action, with the office and priority value it serves."""
        return tuple(PlacedPerspective(p.id, p.text, o.id, g.value, g.source) for o in self.offices
                     if not isinstance(o.perspectives, Missing) for g in o.perspectives for p in g.items)

    def perspective(self, perspective_id: str) -> PlacedPerspective:
        return _find(self.perspectives(), perspective_id)

    def values_in(self, cluster_id: str) -> list[Value]:
        return [v for v in self.values.values if v.cluster == cluster_id]

    def unplaced_values(self) -> list[Value]:
        """Values whose cluster the text does not give."""
        return [v for v in self.values.values if isinstance(v.cluster, Missing)]


def _find(entries, entry_id: str):
    return next(e for e in entries if e.id == entry_id)


@dataclass(frozen=True, slots=True)
class PlacedPerspective:
    """An individual perspective for action with the office and the priority value it belongs to."""

    id: str
    text: str
    office: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class AssociationList:
    """The associations (`associations.yaml`)."""

    associations: tuple[Association, ...] = spec("Every association the offices refer to.", min_items=1)
    ref: SourceRef = internal()


# File layout of curriculum/: file (or glob) -> (definition, Curriculum field).
FILES: tuple[tuple[str, type, str], ...] = (
    ("publication.yaml", Publication, "publication"),
    ("method.yaml", Method, "method"),
    ("trends.yaml", Trends, "trends"),
    ("values.yaml", Values, "values"),
    ("associations.yaml", AssociationList, "associations"),
    ("offices/*.yaml", Office, "offices"),
    ("national.yaml", National, "national"),
    ("quotes.yaml", Quotes, "quotes"),
    ("usage.yaml", Usage, "usage"),
    ("bibliography.yaml", Bibliography, "bibliography"),
    ("passages.yaml", Passages, "passages"),
    ("errata.yaml", Errata, "errata"),
)
