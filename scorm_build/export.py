"""Quiz exports for LMS-native quizzes: Moodle XML and IMS QTI 2.1 packages, from the same banks.

Scoring matches the shipped engine: single choice, true/false and scenario all-or-nothing; multiple
response +1/n per right option and -1/n per wrong one, never below 0; matching 1/n per right pair.

Every text is written for the format of its field. Moodle stores a ``format="html"`` field as HTML
and shows every other field through ``format_string`` (which reads HTML too): authored Markdown goes
in rendered and sanitised, plain text (curriculum names, titles, ids) HTML-escaped, and a category
path's own ``/`` doubled. QTI carries plain text as XML text nodes and Markdown as sanitised XHTML.

Dilemmas (no right answer) stay ungraded. Moodle has no ungraded choice question, and refuses a
single-choice question without a 100 % answer, so a dilemma is a multichoice question worth 0 marks
whose every choice is full credit: it never moves a grade, and each choice's feedback says what it
weighs. In QTI a dilemma declares no correct response and no score; its response picks the modal
feedback of the chosen option.
"""

from __future__ import annotations

import html

from lxml import etree
from lxml import html as lhtml

from .package.archive import zip_bytes
from .quizcheck import CompiledBank, CompiledQuestion
from .render import inline_markdown, markdown

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_LOCATION = f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_LOCATION = f"{IMSCP} http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"


def fraction(n: int) -> str:
    """100/n as Moodle writes fractions (5 decimals)."""
    return f"{100 / n:.5f}".rstrip("0").rstrip(".")


def question_html(q: CompiledQuestion) -> str:
    body = str(markdown(q.scenario)) if q.scenario else ""
    return body + str(markdown(q.prompt))


def plain(text: str) -> str:
    """Plain text for a Moodle field read as HTML: shown literally, never interpreted."""
    return html.escape(text, quote=True)


def category_path(*names: str) -> str:
    """A Moodle category path below the course's top category; '/' inside a name is written '//'."""
    return "/".join(["$course$", "top"] + [plain(n).replace("/", "//") for n in names])


def _text(parent, tag: str, value: str, fmt: str | None = "html"):
    el = etree.SubElement(parent, tag, format=fmt) if fmt else etree.SubElement(parent, tag)
    etree.SubElement(el, "text").text = value
    return el


def moodle_xml(bank: CompiledBank, category: tuple[str, ...]) -> bytes:
    quiz = etree.Element("quiz")
    cat = etree.SubElement(quiz, "question", type="category")
    _text(cat, "category", category_path(*category), None)
    for q in bank.questions:
        qtype = {"truefalse": "truefalse", "matching": "matching"}.get(q.type, "multichoice")
        el = etree.SubElement(quiz, "question", type=qtype)
        _text(el, "name", plain(q.id), None)
        _text(el, "questiontext", question_html(q))
        _text(el, "generalfeedback", str(markdown(q.explanation)))
        etree.SubElement(el, "defaultgrade").text = "1" if q.scored else "0"
        etree.SubElement(el, "penalty").text = "0"
        etree.SubElement(el, "hidden").text = "0"
        etree.SubElement(el, "idnumber").text = q.id
        if qtype == "multichoice":
            right = sum(o.correct for o in q.options)
            etree.SubElement(el, "single").text = "false" if q.type == "multiple" else "true"
            etree.SubElement(el, "shuffleanswers").text = "true"
            etree.SubElement(el, "answernumbering").text = "abc"
            for o in q.options:
                if not q.scored:  # a dilemma: every choice counts, for 0 marks
                    frac = "100"
                elif q.type == "multiple":
                    frac = fraction(right) if o.correct else "-" + fraction(right)
                else:
                    frac = "100" if o.correct else "0"
                a = _text(el, "answer", str(inline_markdown(o.text)))
                a.set("fraction", frac)
                _text(a, "feedback", str(inline_markdown(o.feedback)))
        elif qtype == "truefalse":
            for value, option in (("true", q.options[0]), ("false", q.options[1])):
                a = _text(el, "answer", value, "moodle_auto_format")
                a.set("fraction", "100" if option.correct else "0")
                _text(a, "feedback", str(inline_markdown(option.feedback)))
        else:
            etree.SubElement(el, "shuffleanswers").text = "true"
            key = dict(q.key)
            names = dict(q.rights)
            used = set()
            for left_id, left in q.lefts:
                sub = _text(el, "subquestion", plain(left))
                ans = etree.SubElement(sub, "answer")
                etree.SubElement(ans, "text").text = plain(names[key[left_id]])
                used.add(key[left_id])
            for right_id, right in q.rights:  # extra choices are distractors
                if right_id not in used:
                    sub = _text(el, "subquestion", "")
                    ans = etree.SubElement(sub, "answer")
                    etree.SubElement(ans, "text").text = plain(right)
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _html_into(parent, fragment: str) -> None:
    """Sanitised HTML into QTI's XHTML subset (same tag names, QTI namespace)."""
    wrapper = lhtml.fragment_fromstring(fragment or "", create_parent="div")
    for link in [a for a in wrapper.iter("a") if not a.get("href")]:
        link.drop_tag()  # the sanitiser removed an unsafe target; QTI's <a> needs one
    def copy(src, dst):
        dst.text = src.text
        for child in src:
            el = etree.SubElement(dst, _q(child.tag))
            for k, v in child.attrib.items():
                if k == "href":
                    el.set(k, v)
            copy(child, el)
            el.tail = child.tail
    copy(wrapper, parent)


def qti_dilemma(q: CompiledQuestion) -> bytes:
    """An ungraded choice: no correct response, no score; the choice shows what it weighs."""
    item = etree.Element(_q("assessmentItem"), nsmap={None: QTI, "xsi": XSI}, identifier=q.id,
                         title=q.id, adaptive="false", timeDependent="false")
    item.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
    etree.SubElement(item, _q("responseDeclaration"), identifier="RESPONSE", cardinality="single",
                     baseType="identifier")
    etree.SubElement(item, _q("outcomeDeclaration"), identifier="FEEDBACK", cardinality="single",
                     baseType="identifier")
    body = etree.SubElement(item, _q("itemBody"))
    _html_into(etree.SubElement(body, _q("div")), question_html(q))
    inter = etree.SubElement(body, _q("choiceInteraction"), responseIdentifier="RESPONSE", shuffle="false",
                             maxChoices="1")
    for i, o in enumerate(q.options):
        _html_into(etree.SubElement(inter, _q("simpleChoice"), identifier=f"o{i}"), str(inline_markdown(o.text)))
    rp = etree.SubElement(item, _q("responseProcessing"))
    setter = etree.SubElement(rp, _q("setOutcomeValue"), identifier="FEEDBACK")
    etree.SubElement(setter, _q("variable"), identifier="RESPONSE")
    for i, o in enumerate(q.options):
        fb = etree.SubElement(item, _q("modalFeedback"), outcomeIdentifier="FEEDBACK", identifier=f"o{i}",
                              showHide="show")
        _html_into(fb, str(markdown(o.feedback)) + str(markdown(q.explanation)))
    return etree.tostring(item, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def qti_item(q: CompiledQuestion) -> bytes:
    if not q.scored:
        return qti_dilemma(q)
    item = etree.Element(_q("assessmentItem"), nsmap={None: QTI, "xsi": XSI}, identifier=q.id,
                         title=q.id, adaptive="false", timeDependent="false")
    item.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
    matching = q.type == "matching"
    multiple = q.type == "multiple" or matching
    decl = etree.SubElement(item, _q("responseDeclaration"), identifier="RESPONSE",
                            cardinality="multiple" if multiple else "single",
                            baseType="directedPair" if matching else "identifier")
    correct = etree.SubElement(decl, _q("correctResponse"))
    if matching:
        pairs = [(f"l{i}", f"r{r}") for i, r in enumerate(q.right_choices())]
        for a, b in pairs:
            etree.SubElement(correct, _q("value")).text = f"{a} {b}"
        mapping = etree.SubElement(decl, _q("mapping"), lowerBound="0", upperBound="1", defaultValue="0")
        for a, b in pairs:
            etree.SubElement(mapping, _q("mapEntry"), mapKey=f"{a} {b}", mappedValue=f"{1 / len(pairs):.6g}")
    else:
        right = q.right_options()
        for i in right:
            etree.SubElement(correct, _q("value")).text = f"o{i}"
        if q.type == "multiple":
            mapping = etree.SubElement(decl, _q("mapping"), lowerBound="0", upperBound="1", defaultValue="0")
            for i, o in enumerate(q.options):
                value = 1 / len(right) if o.correct else -1 / len(right)
                etree.SubElement(mapping, _q("mapEntry"), mapKey=f"o{i}", mappedValue=f"{value:.6g}")
    outcome = etree.SubElement(item, _q("outcomeDeclaration"), identifier="SCORE", cardinality="single",
                               baseType="float")
    etree.SubElement(etree.SubElement(outcome, _q("defaultValue")), _q("value")).text = "0"
    body = etree.SubElement(item, _q("itemBody"))
    _html_into(etree.SubElement(body, _q("div")), question_html(q))
    if matching:
        inter = etree.SubElement(body, _q("matchInteraction"), responseIdentifier="RESPONSE", shuffle="false",
                                 maxAssociations=str(len(q.lefts)))
        lefts = etree.SubElement(inter, _q("simpleMatchSet"))
        for i, (_, text) in enumerate(q.lefts):
            etree.SubElement(lefts, _q("simpleAssociableChoice"), identifier=f"l{i}", matchMax="1").text = text
        rights_el = etree.SubElement(inter, _q("simpleMatchSet"))
        for i, (_, text) in enumerate(q.rights):
            etree.SubElement(rights_el, _q("simpleAssociableChoice"), identifier=f"r{i}",
                             matchMax=str(len(q.lefts))).text = text
    else:
        inter = etree.SubElement(body, _q("choiceInteraction"), responseIdentifier="RESPONSE", shuffle="false",
                                 maxChoices="0" if q.type == "multiple" else "1")
        for i, o in enumerate(q.options):
            choice = etree.SubElement(inter, _q("simpleChoice"), identifier=f"o{i}")
            _html_into(choice, str(inline_markdown(o.text)))
    template = "map_response" if (matching or q.type == "multiple") else "match_correct"
    etree.SubElement(item, _q("responseProcessing"),
                     template=f"http://www.imsglobal.org/question/qti_v2p1/rptemplates/{template}")
    return etree.tostring(item, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def qti_package(bank: CompiledBank, identifier: str) -> dict[str, bytes]:
    files = {f"items/{q.id}.xml": qti_item(q) for q in bank.questions}
    manifest = etree.Element(f"{{{IMSCP}}}manifest", nsmap={None: IMSCP, "xsi": XSI}, identifier=identifier)
    manifest.set(f"{{{XSI}}}schemaLocation", CP_LOCATION)
    md = etree.SubElement(manifest, f"{{{IMSCP}}}metadata")
    etree.SubElement(md, f"{{{IMSCP}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(md, f"{{{IMSCP}}}schemaversion").text = "1.0.0"
    etree.SubElement(manifest, f"{{{IMSCP}}}organizations")
    res = etree.SubElement(manifest, f"{{{IMSCP}}}resources")
    for q in bank.questions:
        r = etree.SubElement(res, f"{{{IMSCP}}}resource", identifier=f"res-{q.id}", type="imsqti_item_xmlv2p1",
                             href=f"items/{q.id}.xml")
        etree.SubElement(r, f"{{{IMSCP}}}file", href=f"items/{q.id}.xml")
    files["imsmanifest.xml"] = etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return files


def export(project, fmt: str, modules=()) -> dict[str, bytes]:
    """File name -> bytes of every export asked for."""
    out = {}
    pid = project.programme.id
    for bank in project.banks:
        if modules and bank.module not in modules:
            continue
        title = project.module(bank.module).title
        if fmt == "moodle-xml":
            out[f"{pid}-{bank.module}-moodle.xml"] = moodle_xml(bank, (project.programme.title, title))
        else:
            out[f"{pid}-{bank.module}-qti21.zip"] = zip_bytes(qti_package(bank, f"{pid}.{bank.module}.qti"))
    return out
