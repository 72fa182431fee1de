"""A brands file (``build --brands brands.yaml``): many organisations offering the same programme.

Each entry is checked like ``programme.yaml``'s branding: the contrast rule for both colours, the logo
rules of ``logo.py`` (inside the project, PNG or sanitised SVG, at most 1 MiB), and a unique id that is
also the entry's output folder. Every problem is reported with its file and line, all in one run.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .check import check_branding
from .diagnostics import Report, SourceRef
import yaml

from .inputs import Refused, read_project_file
from .load import rel_path
from .logo import read_logo
from .model.programme import COLOUR, Branding
from .schema import INVALID, Converter, internal, spec
from .yamlsource import compose

BRAND_ID = r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?"  # a folder name on every system
DOC = """A brands file lists the organisations (e.g. municipalities) that each offer the programme under
their own name, colours and logo; `scorm-build build --brands FILE` writes each one's packages into
`OUT/<id>/`."""


@dataclass(frozen=True, slots=True)
class Brand:
    """One organisation offering the programme."""

    id: str = spec("Lower-case letters, digits and hyphens; the name of the brand's output folder.",
                   pattern=BRAND_ID, max_length=64)
    organisation: str = spec("Organisation offering the programme, shown in the header and certificate.",
                             max_length=120)
    primary: str = spec("Main colour as #rrggbb; must reach 4.5:1 contrast with white.", pattern=COLOUR)
    accent: str = spec("Second colour as #rrggbb; must reach 4.5:1 contrast with white.", pattern=COLOUR)
    logo: str | None = spec("Path of a PNG or SVG logo inside the project (at most 1 MiB), as in programme.yaml.",
                            default=None, file="logo")
    ref: SourceRef = internal()


@dataclass(frozen=True, slots=True)
class CheckedBrand:
    """A brand ready to build: its branding and its published logo (suffix, bytes) or None."""

    id: str
    branding: Branding
    logo: tuple[str, bytes] | None


def load_brands(root: Path, path: Path, report: Report) -> tuple[CheckedBrand, ...] | None:
    """Read and check a brands file; None when it has any error (all of them reported)."""
    before = len(report.errors)
    parsed = _entries(root, path, report)
    if parsed is None:
        return None
    # the converter lists the named files in source order: one per brand that names a logo
    pending = iter([f for _, files in parsed for f in files if f.kind == "logo"])
    seen: dict[str, SourceRef] = {}
    out = []
    for b, _ in parsed:
        if b.id in seen:
            report.error(b.ref, f"brand id '{b.id}' is already used at line {seen[b.id].line}; each brand needs"
                         " its own id (it names the output folder)", "brands.duplicate")
        seen.setdefault(b.id, b.ref)
        branding = Branding(b.organisation, b.primary, b.accent, b.logo, b.ref)
        check_branding(branding, report)
        logo = read_logo(root, next(pending), report) if b.logo is not None else None
        out.append(CheckedBrand(b.id, branding, logo))
    if len(report.errors) > before:
        return None
    return tuple(out)


def _entries(root: Path, path: Path, report: Report):
    """Each well-formed entry with the files it names; the others reported, entry by entry."""
    rel = rel_path(root, path)
    try:
        data = read_project_file(root, path)
    except Refused as exc:
        report.error(SourceRef(rel, 1), exc.message, exc.code)
        return None
    node = compose(data, rel, report)
    if node is None:
        return None
    items = None
    if isinstance(node, yaml.MappingNode):
        items = next((v for k, v in node.value if k.value == "brands"), None)
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        report.error(SourceRef(rel, node.start_mark.line + 1), "a brands file holds one key, 'brands', with a list"
                     " of at least one brand (id, organisation, primary, accent, optional logo)", "brands.form")
        return None
    out = []
    for n, item in enumerate(items.value, 1):
        conv = Converter(rel, report)  # one per entry: a wrong entry does not hide the others' errors
        brand = conv.convert(Brand, item, what=f"brands[{n}]")
        if brand is not INVALID:
            out.append((brand, conv.files))
    return out


def apply(project, brand: CheckedBrand):
    """The project as this brand offers it: its branding and logo, everything else (and the hash) the same."""
    programme = dataclasses.replace(project.programme, branding=brand.branding)
    return dataclasses.replace(project, programme=programme, logo=brand.logo)
