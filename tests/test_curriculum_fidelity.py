"""The knowledge base is faithful to the publication: verbatim text, located, counted."""

from __future__ import annotations

import re

import pytest

from scorm_build.project import load_project
from scorm_build.schema import Missing, verbatim_texts, walk

from .conftest import ROOT, SOURCE_TEXT, normalise


@pytest.fixture(scope="module")
def curriculum():
    project, report = load_project(ROOT)
    assert project is not None, "\n".join(map(str, report.items))
    return project.curriculum


@pytest.fixture(scope="module")
def source_text() -> str:
    return SOURCE_TEXT.read_text(encoding="utf-8")


def test_shipped_sources_check_clean():
    project, report = load_project(ROOT)
    assert project is not None
    assert report.items == []


def without_markup(text: str) -> str:
    """The extracted text without its Markdown marks (bold '**', empty links '[word](#)'): formatting of the
    extraction, not words of the publication."""
    return re.sub(r"\[([^\]]+)\]\(#\)", r"\1", text.replace("**", ""))


def test_every_verbatim_text_is_in_the_source(curriculum, source_text):
    haystack = normalise(without_markup(source_text))
    texts = list(verbatim_texts(curriculum))
    assert len(texts) > 300  # every bullet, perspective, quote, view: not a handful
    missing = [(type(o).__name__, getattr(o, "id", ""), f, t) for o, f, t in texts if normalise(t) not in haystack]
    assert missing == []


def test_every_source_reference_names_headings_of_the_publication(curriculum, source_text):
    headings = {line.strip() for line in source_text.splitlines() if line.strip()}
    refs = [(type(o).__name__, v) for o, f, v in walk(curriculum) if f.name == "source"]
    assert len(refs) > 50
    bad = [(kind, ref, seg) for kind, ref in refs for seg in ref.split(" > ") if seg not in headings]
    assert bad == []


def section(text: str, start: str, stop_prefix: str | tuple[str, ...]) -> str:
    """The text from the line equal to ``start`` to the next line starting with ``stop_prefix``."""
    lines = text.splitlines()
    i = lines.index(start)
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith(stop_prefix))
    return "\n".join(lines[i + 1:j])


def test_individual_perspectives_count_as_in_the_text(curriculum, source_text):
    for office in curriculum.offices:
        heading = f"Handelingsperspectieven {office.plural[0].lower()}{office.plural[1:]}"
        if isinstance(office.perspectives, Missing):
            assert heading not in source_text.splitlines()
            continue
        table = section(source_text, heading, "Handelingsperspectieven ")
        expected = table.count("•")
        got = sum(len(g.items) for g in office.perspectives)
        assert got == expected == 12, office.id


def test_association_perspectives_count_as_in_the_text(curriculum, source_text):
    for office in curriculum.offices:
        ap = office.association_perspectives
        if isinstance(ap, Missing):
            continue
        heading = ap.source.split(" > ")[-1]
        table = section(source_text, heading, ("Prioriteiten ", "Rijksoverheid"))
        bullets = table.count("•") + len(re.findall(r"^- ", table, flags=re.M))
        assert len(ap.items) == bullets, office.id


def test_structure_counts_match_the_text(curriculum, source_text):
    values = curriculum.values
    assert len(values.clusters) == 9
    assert [c.kind for c in values.clusters].count("ideal") == 3
    assert len(values.values) == values.total == 39
    # "negenendertig waarden" is what the text states
    assert "negenendertig waarden" in source_text
    unplaced = [v.id for v in values.values if isinstance(v.cluster, Missing)]
    assert unplaced == ["weerbaarheid"]
    assert len(curriculum.offices) == 8
    assert len(curriculum.quotes.quotes) == 7 == source_text.count("\n- ‘")
    assert len(curriculum.national.headings) == 3
    assert len(curriculum.usage.audiences) == 3
    assert [s.label for s in curriculum.method.steps] == ["A", "B", "C"]
    trend_bullets = sum(len(t.bullets) for g in curriculum.trends.groups for t in g.trends)
    chapter = section(source_text, "Trends en factoren", "Waarden")
    assert trend_bullets == len(re.findall(r"^- ", chapter, flags=re.M))


def test_priorities_are_in_the_publications_order(curriculum, source_text):
    for office in curriculum.offices:
        if isinstance(office.priorities, Missing):
            continue
        heading = f"Handelingsperspectieven {office.plural[0].lower()}{office.plural[1:]}"
        table = section(source_text, heading, "Handelingsperspectieven ")
        rows = [ln.split("\t")[0] for ln in table.splitlines() if "\t" in ln][1:]
        assert [curriculum.value(v).name for v in office.priorities] == rows


def test_lost_content_is_marked_missing_not_invented(curriculum):
    statenlid = curriculum.office("statenlid")
    assert isinstance(statenlid.priorities, Missing)
    assert isinstance(statenlid.perspectives, Missing)
    assert "Statenlidnu" in statenlid.perspectives.reason
    assert isinstance(curriculum.values.overview_map, Missing)
    assert isinstance(curriculum.national.policy_questions, Missing)
    assert all(isinstance(o.views, Missing) for o in curriculum.offices)
