"""Import lint: what a finished imsmanifest.xml asks of an LMS that the LMS (lmsprofile.py) cannot take.

The XSDs say whether a manifest is valid SCORM; this says whether a given LMS will import it and act
on it as the package means. Each finding is a Lint value with a stable code; the build reports them
as errors against the package, so nothing an LMS would refuse is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .lmsprofile import LmsProfile

IMSSS = "http://www.imsglobal.org/xsd/imsss"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"


@dataclass(frozen=True, slots=True)
class Lint:
    """One thing the LMS cannot take: the manifest line, a message and a stable code."""

    line: int
    message: str
    code: str


def lint_manifest(xml: bytes, target: str, lms: LmsProfile) -> list[Lint]:
    """Every problem of a manifest for one LMS profile, in document order."""
    doc = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    out: list[Lint] = []
    for el in doc.iter("{*}item", "{*}resource"):
        ident = el.get("identifier", "")
        if len(ident) > lms.max_identifier:
            out.append(Lint(el.sourceline, f"identifier of {len(ident)} characters; {lms.title} stores at most"
                                           f" {lms.max_identifier}", "lms.identifier-length"))
    for title in doc.iter("{*}title"):
        if title.getparent().tag.endswith("}item") and len(title.text or "") > lms.max_title:
            out.append(Lint(title.sourceline, f"item title of {len(title.text)} characters; {lms.title} stores at"
                                              f" most {lms.max_title}", "lms.title-length"))
    if target == "scorm2004":
        if not lms.global_objectives:
            for m in doc.iter(f"{{{IMSSS}}}mapInfo"):
                out.append(Lint(m.sourceline, f"imsss:mapInfo (global objective {m.get('targetObjectiveID')}):"
                                              f" {lms.title} cannot import it (its SCORM 2004 parser fails on"
                                              " mapInfo and cannot store objective targets)", "lms.global-objectives"))
        if not lms.sequencing_rules:
            for r in doc.iter(f"{{{IMSSS}}}sequencingRules"):
                out.append(Lint(r.sourceline, f"imsss:sequencingRules: {lms.title} does not evaluate rule"
                                              " conditions (a 'disabled' precondition disables the SCO for"
                                              " everyone)", "lms.sequencing-rules"))
    if target == "scorm12":
        if lms.mastery_overrides_status_12:
            for m in doc.iter(f"{{{ADLCP12}}}masteryscore"):
                out.append(Lint(m.sourceline, f"adlcp:masteryscore {m.text}: {lms.title} rewrites the status from it"
                                              " when the session ends, so a failed attempt would become 'failed'"
                                              " whatever reporting.status says", "lms.mastery-override"))
        if not lms.prerequisites_12:
            for m in doc.iter(f"{{{ADLCP12}}}prerequisites"):
                out.append(Lint(m.sourceline, f"adlcp:prerequisites: {lms.title} does not evaluate them",
                                "lms.prerequisites"))
    return out
