"""Check stage: ids, references and the rules the publication states, over all trees at once."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from itertools import combinations

from .diagnostics import Report, SourceRef
from .model.curriculum import AssociationList, Curriculum
from .model.layout import kind_homes
from .model.context import ALL_LAYERS, Context, Glossary
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
    extra = {"passages": objects["passages"].passages if "passages" in objects else (),
             "errata": objects["errata"].sic if "errata" in objects else ()}
    return Curriculum(**{k: fields[k] for k in needed}, **extra)


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
        check_teaching(m, curriculum, report)
        check_summaries(m, curriculum, report)
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


def check_branding(b, report: Report) -> None:
    """Both colours reach WCAG AA contrast (4.5:1) with white, the page's text background."""
    for name in ("primary", "accent"):
        colour = getattr(b, name)
        ratio = contrast(colour, "#ffffff")
        if ratio < 4.5:
            report.error(b.ref, f"branding.{name} {colour} has contrast {ratio:.2f}:1 with white; WCAG AA needs"
                         " 4.5:1 for text (choose a darker colour)", "programme.contrast")


def check_programme(programme, root, report: Report) -> None:
    check_branding(programme.branding, report)
    # the logo file is read and checked by logo.read_logo, whatever else is wrong with the programme
    q = programme.quiz
    if not 0 <= q.mastery_score <= 100:
        report.error(q.ref, f"quiz.mastery_score must be between 0 and 100, found {q.mastery_score}",
                     "programme.quiz")
    if q.questions_per_attempt < 1 or q.max_attempts < 0:
        report.error(q.ref, "quiz.questions_per_attempt must be at least 1 and max_attempts 0 or more",
                     "programme.quiz")


# Blocks that show an office's content; the function says whether the publication gives it there.
SHOWS = {
    "priorities": lambda o: not (isinstance(o.priorities, Missing) and isinstance(o.views, Missing)),
    "perspectives": lambda o: not isinstance(o.perspectives, Missing),
    "association": lambda o: not isinstance(o.association_perspectives, Missing),
}
AUTHORED_ONLY = ("text", "summary", "reflection")


def check_teaching(m, curriculum: Curriculum, report: Report) -> None:
    """Every objective is taught by a lesson; an office module has a role and a mirror lesson; no lesson
    shows only content the publication does not give."""
    own = {o.id for o in m.objectives}
    taught = set()
    for lesson in m.lessons:
        for oid in lesson.teaches:
            if oid not in own:
                report.error(lesson.ref, f"lesson '{lesson.id}' teaches '{oid}', which is not an objective of"
                             f" module '{m.id}' ({', '.join(sorted(own))})", "module.teaches-unknown")
            taught.add(oid)
        used = [(name, getattr(b, name)) for b in lesson.blocks for name in SHOWS if getattr(b, name) is not None]
        others = [b for b in lesson.blocks if all(getattr(b, f.name) is None
                                                  for f in source_fields(Block) if f.name not in AUTHORED_ONLY
                                                  and f.name not in SHOWS)]
        if used and len(others) == len(lesson.blocks) and not any(SHOWS[n](curriculum.office(o)) for n, o in used):
            report.error(lesson.ref, f"lesson '{lesson.id}' shows only content the publication does not give"
                         " here; add what the learner can learn from it (a passage, the role, the mirror) or"
                         " merge it into another lesson", "module.lesson-empty")
    for o in m.objectives:
        if o.id not in taught:
            report.error(o.ref, f"objective '{o.id}' is not taught by any lesson of module '{m.id}'; name it in"
                         " 'teaches' of the lesson that teaches it", "module.objective-untaught")
    if m.office:
        for key, what in (("role", "a role lesson"), ("mirror", "a mirror lesson")):
            if not any(getattr(b, key) == m.office for ls in m.lessons for b in ls.blocks):
                report.error(m.ref, f"module '{m.id}' needs {what}: a block '{key}: {m.office}'",
                             f"module.{key}-missing")


SUMMARY_WORDS = 80  # a verbatim block longer than this needs a plain-language summary above it


def verbatim_words(block, curriculum: Curriculum) -> int:
    """Words of publication text a passages or clusters block shows."""
    texts = []  # ids the curriculum lacks are left to the reference pass, which reports them
    passages = {p.id: p for p in curriculum.passages}
    clusters = {c.id: c for c in curriculum.values.clusters}
    for pid in block.passages or ():
        texts.extend(passages[pid].paragraphs if pid in passages else ())
    for cid in block.clusters or ():
        texts.extend([clusters[cid].description] if cid in clusters else [])
    return sum(len(_words(t)) for t in texts)


def check_summaries(m, curriculum: Curriculum, report: Report) -> None:
    """A long verbatim passage gets a short authored summary above it, in the same lesson."""
    for lesson in m.lessons:
        summarised = False
        for block in lesson.blocks:
            if block.summary is not None:
                summarised = True
            n = verbatim_words(block, curriculum)
            if n > SUMMARY_WORDS and not summarised:
                report.error(block.ref, f"lesson '{lesson.id}': this block shows {n} words of the publication;"
                             f" put a 'summary' block (a few plain sentences) above it", "module.summary-missing")


COPY_RUN = 6  # words in a row that authored text may not share with the publication


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def check_module_content(modules, curriculum: Curriculum, report: Report) -> None:
    """Trend links point at real bullets and the office's own perspectives; authored text references
    the publication instead of repeating it."""
    runs = copy_runs(curriculum)
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
        report_copies(m, runs, report)


def copy_runs(curriculum: Curriculum) -> set[tuple[str, ...]]:
    """Every run of COPY_RUN words of the publication's text as the curriculum holds it."""
    runs = set()
    for _, _, text in verbatim_texts(curriculum):
        w = _words(text)
        runs.update(tuple(w[i:i + COPY_RUN]) for i in range(len(w) - COPY_RUN + 1))
    return runs


def report_copies(tree, runs: set, report: Report) -> None:
    """Authored Markdown that shares COPY_RUN words in a row with the publication, without saying so."""
    for owner, f, value in walk(tree):
        if not f.metadata.get("markdown") or value is None:
            continue
        for text in value if isinstance(value, tuple) else (value,):
            w = _words(text)
            hit = next((w[i:i + COPY_RUN] for i in range(len(w) - COPY_RUN + 1)
                        if tuple(w[i:i + COPY_RUN]) in runs), None)
            if hit:
                report.error(owner.ref, f"authored text repeats the publication ('{' '.join(hit)}…'); reference"
                             " the curriculum entry instead (a block such as 'highlights', 'trends', 'values' or"
                             " 'passages')", "module.copies-curriculum")


LAWS = ("Grondwet", "Gemeentewet", "Provinciewet", "Waterschapswet", "Kieswet",
        "Wet gemeenschappelijke regelingen", "Algemene wet bestuursrecht", "Politiewet 2012")
# an article number: '169', '151a', or the Kieswet's chapter letter and number ('B 2a')
ARTICLE = r"(?:[A-Z] )?\d+[a-z]*"
LAW_RE = re.compile(r"^(?:%s)(?:, artikel %s(?:(?:, | en | tot en met )%s)*)?$"
                    % ("|".join(map(re.escape, LAWS)), ARTICLE, ARTICLE))
PUBLIC_HOSTS = ("overheid.nl", "rijksoverheid.nl", "officielebekendmakingen.nl", "tweedekamer.nl",
                "kiesraad.nl", "eerstekamer.nl")
URL_RE = re.compile(r"^https://(?:[a-z0-9-]+\.)*(?:%s)(?:/\S*)?$" % "|".join(map(re.escape, PUBLIC_HOSTS)))


def check_glossary_layers(glossary: Glossary, report: Report) -> None:
    """Entries that share a form must never both be the one to link: for every set of layers a lesson
    can be read in, the narrowest entry that holds there is unique."""
    seen = set()
    forms = sorted({f for t in glossary.terms for f in t.forms})
    subsets = [frozenset(c) for n in range(1, len(ALL_LAYERS) + 1) for c in combinations(sorted(ALL_LAYERS), n)]
    for form in forms:
        for layers in subsets:
            hits = glossary.candidates(form, layers)
            if len(hits) > 1 and hits[0].width == hits[1].width and (form, hits[0].id, hits[1].id) not in seen:
                seen.add((form, hits[0].id, hits[1].id))
                report.error(hits[1].ref, f"glossary entries '{hits[0].id}' and '{hits[1].id}' both explain"
                             f" '{form}' in a lesson read in {', '.join(sorted(layers))}: give each its own"
                             " 'layers' without overlap (at most one entry of a form may leave 'layers' out)",
                             "context.glossary-clash")


def check_context(objects: dict, curriculum: Curriculum, modules, report: Report) -> Context | None:
    """The programme's own knowledge: one role per office, and every statement with a source a learner
    can look up (a law and article, or a public page); none of it repeats the publication."""
    if "roles" not in objects or "glossary" not in objects:
        return None
    roles = objects["roles"]
    for r in roles:
        if r.ref.stem != r.id or r.id != r.office:
            report.error(r.ref, f"role '{r.id}' must have office: {r.id} and be in 'context/roles/{r.office}.yaml'",
                         "context.file-name")
    have = {r.office for r in roles}
    for office in curriculum.offices:
        if office.id not in have:
            report.error(SourceRef(f"context/roles/{office.id}.yaml", 1),
                         f"office '{office.id}' has no role file 'context/roles/{office.id}.yaml'",
                         "context.role-missing")
    context = Context(tuple(roles), objects["glossary"])
    for st in context.statements():
        if st.source is None:
            report.error(st.ref, "statement has no source: add 'source' with the law and article"
                         " (e.g. 'Gemeentewet, artikel 169') or the https address of a public page where a"
                         " learner can look it up", "context.source-missing")
        elif not all(LAW_RE.match(one) or URL_RE.match(one) for one in st.source.split("; ")):
            report.error(st.ref, f"source '{st.source}' is neither a law with its article (one of"
                         f" {', '.join(LAWS)}, e.g. 'Gemeentewet, artikel 169') nor an https address on"
                         f" {', '.join(PUBLIC_HOSTS)} (several, one per layer, are separated by '; ')", "context.source-unknown")
    check_glossary_layers(objects["glossary"], report)
    runs = copy_runs(curriculum)
    for r in roles:
        report_copies(r, runs, report)
    report_copies(objects["glossary"], runs, report)
    return context
