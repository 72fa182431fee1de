"""Check stage: ids, references and the rules the publication states, over all trees at once."""

from __future__ import annotations

import difflib
import re
from collections import Counter

from .diagnostics import Report, SourceRef
from .model.curriculum import AssociationList, Curriculum
from .model.layout import kind_homes
from .model.module import Block
from .schema import Definition, Missing, PendingRef, source_fields, verbatim_texts, walk

# Every office table in the publication gives three suggestions per priority value (4 x 3 = 12).
PERSPECTIVES_PER_VALUE = 3
KIND_HOME = kind_homes()


def index_ids(defs: list[Definition], report: Report) -> dict[str, dict[str, Definition]]:
    """Ids per kind; a second definition of an id is an error naming the first."""
    index: dict[str, dict[str, Definition]] = {}
    for d in defs:
        kind = index.setdefault(d.kind, {})
        if d.id in kind:
            report.error(d.where, f"duplicate {d.kind} id '{d.id}' (first defined at {kind[d.id].where})",
                         "id.duplicate")
        else:
            kind[d.id] = d
    return index


def resolve(refs: list[PendingRef], index: dict[str, dict[str, Definition]], report: Report,
            unknown_kinds: set[str] = frozenset()) -> None:
    """Every reference must name an existing entry of its kind.

    unknown_kinds: kinds defined in a file that could not be read; references to them are not
    reported, since the unreadable file already is.
    """
    for r in refs:
        known = index.get(r.kind, {})
        if r.target in known or r.kind in unknown_kinds:
            continue
        hint = difflib.get_close_matches(r.target, list(known), n=1)
        near = f"; did you mean '{hint[0]}'?" if hint else ""
        home = KIND_HOME.get(r.kind, "the sources")
        report.error(r.where, f"{r.what}: no {r.kind} with id '{r.target}' (defined in {home}){near}",
                     "ref.unknown")


def check_curriculum(objects: dict, report: Report) -> Curriculum | None:
    """Rules the publication states; returns the model when every file could be read."""
    needed = ("publication", "method", "trends", "values", "associations", "offices", "national",
              "quotes", "usage", "bibliography")
    if any(name not in objects for name in needed):
        return None
    values = objects["values"]
    kinds = Counter(c.kind for c in values.clusters)
    if len(values.clusters) != 9 or set(kinds.values()) != {3}:
        report.error(values.ref, f"the publication has 9 value clusters, 3 of each kind (ideal, social,"
                     f" practical); found {len(values.clusters)} ({dict(kinds)})", "curriculum.count")
    if len(values.values) != values.total:
        report.error(values.ref, f"the publication names {values.total} values; values.yaml lists"
                     f" {len(values.values)}", "curriculum.count")
    for t in values.tensions:
        if len(t.values) != 2:
            report.error(t.ref, f"tension '{t.id}' must name exactly 2 values", "curriculum.count")
    for office in objects["offices"]:
        check_office(office, report)
    quotes = objects["quotes"]
    if len(quotes.quotes) != quotes.stated_count:
        report.error(quotes.ref, f"the publication gives {quotes.stated_count} quotes; found"
                     f" {len(quotes.quotes)}", "curriculum.count")
    assoc: AssociationList = objects["associations"]
    fields = dict(objects)
    fields["associations"] = assoc.associations
    return Curriculum(**{k: fields[k] for k in needed})


def check_office(office, report: Report) -> None:
    where = f"office '{office.id}'"
    if office.ref.stem != office.id:
        report.error(office.ref, f"{where} must be in a file named '{office.id}.yaml'", "office.file-name")
    prios = office.priorities
    if isinstance(prios, Missing):
        return
    if len(prios) != 4 or len(set(prios)) != 4:
        report.error(office.ref, f"{where}: the publication gives four different priority values per office;"
                     f" found {len(prios)} ({', '.join(prios)})", "office.priorities")
    groups = office.perspectives
    if isinstance(groups, Missing):
        return
    got = tuple(g.value for g in groups)
    if got != prios:
        first = next((g for g, p in zip(groups, prios) if g.value != p), groups[-1])
        report.error(first.ref, f"{where}: perspectives must follow the priority values in order"
                     f" ({', '.join(prios)}); found {', '.join(got)}", "office.perspective-value")
    for g in groups:
        if len(g.items) != PERSPECTIVES_PER_VALUE:
            report.error(g.ref, f"{where}: the publication gives {PERSPECTIVES_PER_VALUE} perspectives for"
                         f" each priority value; '{g.value}' has {len(g.items)}", "office.perspective-count")


def check_modules(modules, curriculum: Curriculum, report: Report):
    """One core module and one module per office; blocks hold exactly one kind of content."""
    by_id = {}
    for m in modules:
        if m.ref.stem != m.id:
            report.error(m.ref, f"module '{m.id}' must be in a file named '{m.id}.yaml'", "module.file-name")
        if m.id == "core" and m.office is not None:
            report.error(m.ref, "the core module is for every office: remove 'office'", "module.office")
        if m.id != "core" and m.office != m.id:
            report.error(m.ref, f"module '{m.id}' must have office: {m.id} (an office module's id is its office)",
                         "module.office")
        for lesson in m.lessons:
            for block in lesson.blocks:
                keys = [f.name for f in source_fields(Block) if getattr(block, f.name) is not None]
                if len(keys) != 1:
                    found = ", ".join(keys) if keys else "none"
                    report.error(block.ref, f"lesson '{lesson.id}': a block holds exactly one kind of content;"
                                 f" found {found}", "module.block")
        by_id[m.id] = m
    if "core" not in by_id:
        report.error(SourceRef("modules/core.yaml", 1), "the core module 'modules/core.yaml' is missing",
                     "module.missing")
    for office in curriculum.offices:
        if office.id not in by_id:
            report.error(SourceRef(f"modules/{office.id}.yaml", 1),
                         f"office '{office.id}' has no module 'modules/{office.id}.yaml'", "module.missing")
    order = ["core"] + [o.id for o in curriculum.offices]
    return tuple(by_id[i] for i in order if i in by_id)


def contrast(hex_a: str, hex_b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    def lum(h: str) -> float:
        rgb = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(hex_a), lum(hex_b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def check_programme(programme, root, report: Report) -> None:
    b = programme.branding
    for name in ("primary", "accent"):
        colour = getattr(b, name)
        ratio = contrast(colour, "#ffffff")
        if ratio < 4.5:
            report.error(b.ref, f"branding.{name} {colour} has contrast {ratio:.2f}:1 with white; WCAG AA needs"
                         " 4.5:1 for text (choose a darker colour)", "programme.contrast")
    # the logo file is read and checked by logo.read_logo, whatever else is wrong with the programme
    q = programme.quiz
    if not 0 <= q.mastery_score <= 100:
        report.error(q.ref, f"quiz.mastery_score must be between 0 and 100, found {q.mastery_score}",
                     "programme.quiz")
    if q.questions_per_attempt < 1 or q.max_attempts < 0:
        report.error(q.ref, "quiz.questions_per_attempt must be at least 1 and max_attempts 0 or more",
                     "programme.quiz")


COPY_RUN = 6  # words in a row that authored text may not share with the publication


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def check_module_content(modules, curriculum: Curriculum, report: Report) -> None:
    """Trend links point at real bullets and the office's own perspectives; authored text references
    the publication instead of repeating it."""
    runs = set()
    for _, _, text in verbatim_texts(curriculum):
        w = _words(text)
        runs.update(tuple(w[i:i + COPY_RUN]) for i in range(len(w) - COPY_RUN + 1))
    own = {(p.office, p.id) for p in curriculum.perspectives()}
    for m in modules:
        for lesson in m.lessons:
            for block in lesson.blocks:
                for pick in block.trends or ():
                    if (pick.perspective is None) == (pick.bullet is None):
                        report.error(pick.ref, f"trend '{pick.trend}': link it to exactly one of 'perspective'"
                                     " or 'bullet'", "module.trend-link")
                    elif pick.bullet is not None and not 1 <= pick.bullet <= len(curriculum.trend(pick.trend).bullets):
                        report.error(pick.ref, f"trend '{pick.trend}' has {len(curriculum.trend(pick.trend).bullets)}"
                                     f" bullets; bullet {pick.bullet} does not exist", "module.trend-link")
                    elif pick.perspective and m.office and (m.office, pick.perspective) not in own:
                        report.error(pick.ref, f"perspective '{pick.perspective}' is not one of office"
                                     f" '{m.office}''s own perspectives", "module.trend-link")
        for owner, f, value in walk(m):
            if not f.metadata.get("markdown") or value is None:
                continue
            for text in value if isinstance(value, tuple) else (value,):
                w = _words(text)
                hit = next((w[i:i + COPY_RUN] for i in range(len(w) - COPY_RUN + 1)
                            if tuple(w[i:i + COPY_RUN]) in runs), None)
                if hit:
                    report.error(owner.ref, f"authored text repeats the publication ('{' '.join(hit)}…'); reference"
                                 " the curriculum entry instead (a block such as 'highlights', 'trends' or"
                                 " 'values')", "module.copies-curriculum")
