"""imsmanifest.xml for SCORM 1.2 and SCORM 2004 4th Edition, built with lxml and validated
against the official XSDs (shipped in scorm_build/schemas and in every package)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from .lmsprofile import DEFAULT, END_BY_COMMIT, LmsProfile

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
V12 = {"": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
       "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}
V2004 = {"": "http://www.imsglobal.org/xsd/imscp_v1p1", "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
         "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3", "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
         "imsss": "http://www.imsglobal.org/xsd/imsss", "lom": "http://ltsc.ieee.org/xsd/LOM"}
SCHEMA_FILES = {
    "scorm12": {V12[""]: "imscp_rootv1p1p2.xsd", V12["adlcp"]: "adlcp_rootv1p2.xsd"},
    "scorm2004": {V2004[""]: "imscp_v1p1.xsd", V2004["adlcp"]: "adlcp_v1p3.xsd", V2004["adlseq"]: "adlseq_v1p3.xsd",
                  V2004["adlnav"]: "adlnav_v1p3.xsd", V2004["imsss"]: "imsss_v1p0.xsd", V2004["lom"]: "lom.xsd"},
}
SCHEMA_DIRS = {"scorm12": "scorm12", "scorm2004": "scorm2004_4th"}
LOCATIONS = {
    "scorm12": (f"{V12['']} imscp_rootv1p1p2.xsd {V12['imsmd']} imsmd_rootv1p2p1.xsd"
                f" {V12['adlcp']} adlcp_rootv1p2.xsd"),
    "scorm2004": (f"{V2004['']} imscp_v1p1.xsd {V2004['adlcp']} adlcp_v1p3.xsd {V2004['adlseq']} adlseq_v1p3.xsd"
                  f" {V2004['adlnav']} adlnav_v1p3.xsd {V2004['imsss']} imsss_v1p0.xsd {V2004['lom']} lom.xsd"),
}


@dataclass(frozen=True, slots=True)
class Sco:
    """One SCO of a package: an item in the organisation and its resource."""

    key: str  # module id, the stable part of item/resource identifiers
    title: str
    href: str
    prerequisite: str | None  # key of the SCO that must be passed first


@dataclass(frozen=True, slots=True)
class PackageSpec:
    identifier: str
    title: str
    description: str
    version: str
    content_hash: str
    mastery: int
    scos: tuple[Sco, ...]
    files: tuple[str, ...]  # every file of the package except the manifest, sorted
    lms: LmsProfile = DEFAULT  # what the target LMS can take (lmsprofile.py)


def schema_dir(target: str) -> Path:
    return Path(str(resources.files("scorm_build").joinpath("schemas", SCHEMA_DIRS[target])))


def schema_files(target: str) -> dict[str, bytes]:
    """The official XSDs a package ships, at its root."""
    return dict(_schema_files(target))


@lru_cache(maxsize=None)
def _schema_files(target: str) -> tuple[tuple[str, bytes], ...]:
    base = schema_dir(target)  # read once per process: the shipped XSDs never change
    return tuple((p.relative_to(base).as_posix(), p.read_bytes()) for p in sorted(base.rglob("*")) if p.is_file())


class _Local(etree.Resolver):
    def __init__(self, base: Path):
        super().__init__()
        self.base = base

    def resolve(self, url, pubid, context):
        if url == "http://www.w3.org/2001/xml.xsd":
            return self.resolve_filename(str(self.base / "xml.xsd"), context)
        return None


@lru_cache(maxsize=None)
def schema(target: str) -> etree.XMLSchema:
    """One driver schema importing every namespace a manifest uses; compiled once per process."""
    base = schema_dir(target)
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{f}"/>' for ns, f in SCHEMA_FILES[target].items())
    src = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_Local(base))
    return etree.XMLSchema(etree.fromstring(src.encode(), parser, base_url=str(base / "driver.xsd")))


def validate(target: str, xml: bytes) -> list[str]:
    """XSD errors of a manifest (empty when valid).

    SCORM 1.2's imsmd_rootv1p2p1.xsd cannot be compiled by libxml2 (it breaks the Unique Particle
    Attribution rule, see schemas/README), so its metadata is checked apart (tests use xmlschema) and
    the rest of a 1.2 manifest against imscp + adlcp here.
    """
    s = schema(target)
    doc = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    if target == "scorm12":
        for lom in doc.findall(f".//{{{V12['imsmd']}}}lom"):
            lom.getparent().remove(lom)
    if s.validate(doc):
        return []
    return [f"imsmanifest.xml:{e.line}: {e.message}" for e in s.error_log]


NAMESPACES = {"scorm12": V12, "scorm2004": V2004}
SCHEMA_VERSION = {"scorm12": "1.2", "scorm2004": "2004 4th Edition"}
SCORM_TYPE = {"scorm12": "scormtype", "scorm2004": "scormType"}  # the attribute's spelling per version


def _el(parent, ns: dict, tag: str, text: str | None = None, **attrs):
    prefix, _, name = tag.rpartition(":")
    e = etree.SubElement(parent, f"{{{ns[prefix]}}}{name}", attrs)
    if text is not None:
        e.text = text
    return e


def manifest(target: str, spec: PackageSpec) -> bytes:
    """imsmanifest.xml: the parts both versions share, then each version's metadata and items."""
    ns = NAMESPACES[target]
    nsmap = {None: ns[""], **{k: v for k, v in ns.items() if k}, "xsi": XSI}
    root = etree.Element(f"{{{ns['']}}}manifest", nsmap=nsmap, identifier=spec.identifier, version=spec.version)
    root.set(f"{{{XSI}}}schemaLocation", LOCATIONS[target])
    md = _el(root, ns, ":metadata")
    _el(md, ns, ":schema", "ADL SCORM")
    _el(md, ns, ":schemaversion", SCHEMA_VERSION[target])
    org = _el(_el(root, ns, ":organizations", default="org"), ns, ":organization", identifier="org")
    _el(org, ns, ":title", spec.title)
    items = []
    end_by_commit = target == "scorm2004" and len(spec.scos) > 1 and not spec.lms.reinitialise_after_terminate_2004
    for sco in spec.scos:
        item = _el(org, ns, ":item", identifier=f"item-{sco.key}", identifierref=f"res-{sco.key}")
        if end_by_commit:  # the LMS keeps one API for all SCOs: see lmsprofile and docs/runtime.md
            item.set("parameters", END_BY_COMMIT)
        _el(item, ns, ":title", sco.title)
        items.append(item)
    if target == "scorm12":
        _metadata_12(md, ns, spec)
        _items_12(items, ns, spec)
    else:
        _metadata_2004(md, ns, spec)
        _items_2004(items, org, ns, spec)
    _resources(_el(root, ns, ":resources"), ns, spec, SCORM_TYPE[target])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _metadata_12(md, ns, spec: PackageSpec) -> None:
    general = _el(_el(md, ns, "imsmd:lom"), ns, "imsmd:general")
    _el(general, ns, "imsmd:identifier", f"sha256:{spec.content_hash}")
    _langstring(_el(general, ns, "imsmd:title"), ns, spec.title)
    _el(general, ns, "imsmd:language", "nl")
    _langstring(_el(general, ns, "imsmd:description"), ns, spec.description)
    lom = general.getparent()
    _langstring(_el(_el(lom, ns, "imsmd:lifecycle"), ns, "imsmd:version"), ns, spec.version)


def _langstring(parent, ns, text: str) -> None:
    _el(parent, ns, "imsmd:langstring", text).set(f"{{{XML_NS}}}lang", "nl")


def _items_12(items, ns, spec: PackageSpec) -> None:
    for item, sco in zip(items, spec.scos):
        if sco.prerequisite and spec.lms.prerequisites_12:
            _el(item, ns, "adlcp:prerequisites", f"item-{sco.prerequisite}", type="aicc_script")
        # The SCO decides its status against the mastery score itself; an LMS that rewrites the
        # status from adlcp:masteryscore would turn a failed attempt into "failed" (docs/runtime.md).
        if not spec.lms.mastery_overrides_status_12:
            _el(item, ns, "adlcp:masteryscore", str(spec.mastery))


def _metadata_2004(md, ns, spec: PackageSpec) -> None:
    lom = _el(md, ns, "lom:lom")
    general = _el(lom, ns, "lom:general")
    ident = _el(general, ns, "lom:identifier")
    _el(ident, ns, "lom:catalog", "sha256")
    _el(ident, ns, "lom:entry", spec.content_hash)
    _el(_el(general, ns, "lom:title"), ns, "lom:string", spec.title, language="nl")
    _el(general, ns, "lom:language", "nl")
    _el(_el(general, ns, "lom:description"), ns, "lom:string", spec.description, language="nl")
    _el(_el(_el(lom, ns, "lom:lifeCycle"), ns, "lom:version"), ns, "lom:string", spec.version, language="nl")


def _items_2004(items, org, ns, spec: PackageSpec) -> None:
    measure = f"{spec.mastery / 100:.2f}".rstrip("0").rstrip(".")
    lms = spec.lms
    for item, sco in zip(items, spec.scos):
        seq = _el(item, ns, "imsss:sequencing")
        prerequisite = sco.prerequisite if lms.global_objectives and lms.sequencing_rules else None
        if prerequisite:
            rules = _el(seq, ns, "imsss:sequencingRules")
            pre = _el(rules, ns, "imsss:preConditionRule")
            conds = _el(pre, ns, "imsss:ruleConditions", conditionCombination="any")
            _el(conds, ns, "imsss:ruleCondition", referencedObjective=f"prereq-{prerequisite}", operator="not",
                condition="satisfied")
            _el(pre, ns, "imsss:ruleAction", action="disabled")
        objectives = _el(seq, ns, "imsss:objectives")
        primary = _el(objectives, ns, "imsss:primaryObjective", objectiveID=f"{sco.key}-passed",
                      satisfiedByMeasure="true")
        _el(primary, ns, "imsss:minNormalizedMeasure", measure)
        if lms.global_objectives and len(spec.scos) > 1:  # a single SCO needs no global objectives
            _el(primary, ns, "imsss:mapInfo", targetObjectiveID=f"{spec.identifier}.{sco.key}.satisfied",
                readSatisfiedStatus="false", writeSatisfiedStatus="true")
        if prerequisite:
            obj = _el(objectives, ns, "imsss:objective", objectiveID=f"prereq-{prerequisite}")
            _el(obj, ns, "imsss:mapInfo", targetObjectiveID=f"{spec.identifier}.{prerequisite}.satisfied",
                readSatisfiedStatus="true", writeSatisfiedStatus="false")
        # without these, some LMSs mark the SCO complete/satisfied on exit by themselves
        _el(seq, ns, "imsss:deliveryControls", completionSetByContent="true", objectiveSetByContent="true")
    _el(_el(org, ns, "imsss:sequencing"), ns, "imsss:controlMode", choice="true", flow="true")


def _resources(parent, ns, spec: PackageSpec, type_attr: str) -> None:
    folders = [sco.href.rsplit("/", 1)[0] + "/" for sco in spec.scos]
    for sco, folder in zip(spec.scos, folders):
        res = _el(parent, ns, ":resource", identifier=f"res-{sco.key}", type="webcontent", href=sco.href)
        res.set(f"{{{ns['adlcp']}}}{type_attr}", "sco")
        for f in spec.files:
            if f.startswith(folder):
                _el(res, ns, ":file", href=f)
        _el(res, ns, ":dependency", identifierref="res-shared")
    res = _el(parent, ns, ":resource", identifier="res-shared", type="webcontent")
    res.set(f"{{{ns['adlcp']}}}{type_attr}", "asset")
    for f in spec.files:
        if not any(f.startswith(folder) for folder in folders):
            _el(res, ns, ":file", href=f)
