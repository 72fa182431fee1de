"""Learning modules (``modules/``): curriculum entries composed by id, plus authored Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..diagnostics import SourceRef
from ..schema import internal, spec

FOLDER = "modules"
DOC = """A module composes curriculum entries **by id** into lessons and adds authored Markdown
(introductions, objectives, reflection questions). It never copies a curriculum fact: name the entry
and the renderer shows it from the curriculum. `core.yaml` is the joint part every office holder
follows; every other file is the module of the office with the same id."""


@dataclass(frozen=True, slots=True)
class Objective:
    """A learning objective; quiz questions name the objective they test."""

    KIND: ClassVar[str] = "objective"
    id: str = spec("Stable id, e.g. 'burgemeester.prioriteiten'.", pattern="id")
    text: str = spec("What the learner can do after the module (Markdown, one sentence).", markdown=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class TrendPick:
    """A trend chosen for this module, linked to what the publication says about it for the office:
    a perspective for action of the office, or the trend's own bullet that names the office."""

    trend: str = spec("The trend.", ref="trend")
    perspective: str | None = spec("A perspective for action that answers this trend.", default=None,
                                   ref="perspective")
    bullet: int | None = spec("Number (1 = first) of the trend's bullet that matters most here.", default=None)
    why: str | None = spec("Optional authored lead-in (Markdown); it must not restate the publication.",
                           default=None, markdown=True)
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of a lesson: exactly one of the keys below."""

    text: str | None = spec("Authored Markdown.", default=None, markdown=True)
    trends: tuple[TrendPick, ...] | None = spec("Trends with a sentence on why they matter.", default=None)
    trend_groups: tuple[str, ...] | None = spec("Whole trend groups, every claim and bullet.", default=None,
                                                ref="trend-group")
    value_map: bool | None = spec("What a value is, how many values there are, and every value the text"
                                  " names per cluster (the overview map itself is missing).", default=None)
    clusters: tuple[str, ...] | None = spec("Value clusters with their description and values.", default=None,
                                            ref="cluster")
    values: tuple[str, ...] | None = spec("Values with cluster and views.", default=None, ref="value")
    tensions: tuple[str, ...] | None = spec("Value tensions.", default=None, ref="tension")
    priorities: str | None = spec("An office's four priority values (or why they are missing).", default=None,
                                  ref="office")
    perspectives: str | None = spec("An office's individual perspectives for action, per value.",
                                    default=None, ref="office")
    association: str | None = spec("What the office's association(s) offer.", default=None, ref="office")
    highlights: tuple[str, ...] | None = spec("Perspectives for action (of any office) with their office and"
                                              " value.", default=None, ref="perspective")
    offices: tuple[str, ...] | None = spec("An overview of offices: layer, association, priorities.",
                                           default=None, ref="office")
    quotes: tuple[str, ...] | None = spec("Quotes of Herman Tjeenk Willink.", default=None, ref="quote")
    usage: str | None = spec("A usage-guide audience and its uses.", default=None, ref="audience")
    method: tuple[str, ...] | None = spec("Steps of the method.", default=None, ref="method-step")
    national: tuple[str, ...] | None = spec("Headings of the national government's perspectives.",
                                            default=None, ref="national-heading")
    reflection: tuple[str, ...] | None = spec("Reflection questions (Markdown each).", default=None,
                                              markdown=True)
    passages: tuple[str, ...] | None = spec("Passages that explain the publication (verbatim, with where they"
                                            " are in it).", default=None, ref="passage")
    summary: str | None = spec("A short plain-language summary above a long verbatim passage (Markdown);"
                               " learners see it labelled as the programme's own summary. It must not"
                               " repeat the publication.", default=None, markdown=True)
    role: str | None = spec("The office's role lesson from `context/roles/` (the programme's own knowledge,"
                            " each statement with its source).", default=None, ref="office")
    mirror: str | None = spec("The mirror: the individual perspectives the publication gives other offices"
                              " that name this office or its organ (derived by the rule in `named_by` of the"
                              " office's role).", default=None, ref="office")
    plan: str | None = spec("The learner's action plan ('Mijn actieplan') for this office: per priority value a"
                            " perspective of the publication or an action of their own, with whom and by when, and"
                            " answers to the reflection questions of the same lesson; kept by the LMS"
                            " (docs/runtime.md).", default=None, ref="office")
    followup: str | None = spec("The follow-up of the action plan ('Na 100 dagen'): what came of each action.",
                                default=None, ref="office")
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Lesson:
    """A lesson: one screen of the module."""

    KIND: ClassVar[str] = "lesson"
    id: str = spec("Stable id (used for bookmarks and resume), e.g. 'burgemeester.waarden'.", pattern="id")
    title: str = spec("Heading of the lesson.")
    blocks: tuple[Block, ...] = spec("The lesson's content in order.", min_items=1)
    teaches: tuple[str, ...] = spec("Ids of the module's objectives this lesson teaches; every objective must"
                                    " be taught by at least one lesson.", default=(), ref="objective")
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class Module:
    """A learning module (`modules/<id>.yaml`)."""

    KIND: ClassVar[str] = "module"
    id: str = spec("'core' or the id of an office; equals the file name.", pattern="id")
    title: str = spec("Title shown to learners and in the LMS; with the programme's title it names the package,"
                      " which the LMS stores in at most 255 characters.", max_length=120)
    called: str = spec("How the module is named in a running sentence, e.g. on the certificate:"
                       " 'de module voor raadsleden'.")
    description: str = spec("One or two sentences for the LMS catalogue (plain text).")
    objectives: tuple[Objective, ...] = spec("Learning objectives.", min_items=1)
    lessons: tuple[Lesson, ...] = spec("Lessons in order; the quiz follows the last one.", min_items=1)
    office: str | None = spec("The office this module is for (absent for the core module).", default=None,
                              ref="office")
    ref: SourceRef = internal()


FILES = (("*.yaml", Module, "modules"),)
