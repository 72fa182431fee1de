"""Quiz banks: generate questions from the curriculum, check authored answer keys, compile.

Generated questions are derived deterministically (sorted inputs, no randomness), so the same
curriculum always gives the same bank. Questions about content the source lost are never generated.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass

from .diagnostics import Report, SourceRef
from .model.curriculum import Curriculum, Office
from .model.quiz import Bank, Question
from .schema import Missing, line_of, walk

MIN_QUESTIONS, MIN_TYPES = 20, 4


@dataclass(frozen=True, slots=True)
class COption:
    id: str
    text: str  # Markdown
    correct: bool
    feedback: str  # Markdown


@dataclass(frozen=True, slots=True)
class CompiledQuestion:
    """A question ready to render and score, authored or generated."""

    id: str
    type: str
    objective: str
    tests: tuple[str, ...]
    values: tuple[str, ...]  # priority values it covers (for the per-value draw rule)
    prompt: str
    explanation: str
    scenario: str | None
    options: tuple[COption, ...]  # single, multiple, truefalse, scenario
    lefts: tuple[tuple[str, str], ...]  # matching: (id, text) items to place
    rights: tuple[tuple[str, str], ...]  # matching: (id, text) choices
    key: tuple[tuple[str, str], ...]  # matching: (left id, right id)
    generated: bool
    at: SourceRef

    def right_options(self) -> list[int]:
        """Indices of the right options (single, multiple, true/false, scenario)."""
        return [i for i, o in enumerate(self.options) if o.correct]

    def right_choices(self) -> list[int]:
        """Matching: for each item to place, the index of its right choice."""
        rights = [r for r, _ in self.rights]
        key = dict(self.key)
        return [rights.index(key[left]) for left, _ in self.lefts]


@dataclass(frozen=True, slots=True)
class CompiledBank:
    module: str
    office: str | None
    priorities: tuple[str, ...]
    questions: tuple[CompiledQuestion, ...]
    at: SourceRef


class Facts:
    """The relations quiz answers are derived from, read off the curriculum."""

    def __init__(self, c: Curriculum):
        self.c = c
        self.cluster_of = {v.id: v.cluster for v in c.values.values if not isinstance(v.cluster, Missing)}
        self.priorities = {o.id: o.priorities for o in c.offices if not isinstance(o.priorities, Missing)}
        perspectives = c.perspectives()
        self.value_of_perspective = {p.id: p.value for p in perspectives}
        self.office_of_perspective = {p.id: p.office for p in perspectives}
        self.associations = {o.id: o.associations for o in c.offices}
        self.group_of_trend = {t.id: g.id for g in c.trends.groups for t in g.trends}
        self.value_ids = {v.id for v in c.values.values}
        # how an entry is named in a question or an option
        self.names = {v.id: v.name for v in c.values.values}
        self.names.update({cl.id: cl.name for cl in c.values.clusters})
        self.names.update({o.id: o.plural for o in c.offices})
        self.names.update({a.id: a.name for a in c.associations})
        self.names.update({g.id: g.title for g in c.trends.groups})
        self.names.update({t.id: t.claim for g in c.trends.groups for t in g.trends})
        self.names.update({p.id: p.text for p in perspectives})
        self.sources = {obj.id: value for obj, fld, value in walk(c)
                        if fld.name == "source" and isinstance(getattr(obj, "id", None), str)}
        self.sources.update({q.id: c.quotes.source for q in c.quotes.quotes})
        # relation -> subject -> the right candidates; a subject is absent where the source lost the fact
        self.right: dict[str, dict[str, set[str]]] = {
            "priority-of-office": {o: set(vs) for o, vs in self.priorities.items()},
            "cluster-of-value": {v: {cl} for v, cl in self.cluster_of.items()},
            "value-of-perspective": {p: {v} for p, v in self.value_of_perspective.items()},
            "association-of-office": {o: set(a) for o, a in self.associations.items()},
            "office-with-priority": {v: {o for o, vs in self.priorities.items() if v in vs} for v in self.value_ids},
            "perspective-of-office": {o: {p for p, op in self.office_of_perspective.items() if op == o}
                                      for o in set(self.office_of_perspective.values())},
            "group-of-trend": {t: {g} for t, g in self.group_of_trend.items()},
        }
        self.sources.update({p.id: p.source for p in perspectives})

    def label(self, entry_id: str) -> str:
        """A name to use inside a sentence (office and value names in lower case)."""
        name = self.names[entry_id]
        lower = entry_id in self.priorities or entry_id in self.value_ids or entry_id in self.associations
        return name[0].lower() + name[1:] if lower and not name.startswith("Staten") else name

    def cite(self, *entry_ids: str) -> str:
        """The source of the entries as a Markdown line: the headings their sources share."""
        paths = [self.sources[e].split(" > ") for e in entry_ids if e in self.sources]
        if not paths:
            return ""
        common = []
        for segments in zip(*paths):  # the longest shared leading run of headings
            if any(seg != segments[0] for seg in segments):
                break
            common.append(segments[0])
        return f"\n\n*Bron: {' > '.join(common)}.*"

    def feedback(self, relation: str, about: str, cand: str, right: bool) -> str:
        """Why an option is right or wrong, from the curriculum (shown after submitting)."""
        a, c = self.label(about), self.label(cand)
        yes, no = ("Ja", "") if right else ("Nee", "niet ")
        return {
            "priority-of-office": f"{yes}: {c} is {'een' if right else 'geen'} van de vier waarden met prioriteit"
                                  f" voor {a}.",
            "cluster-of-value": f"{yes}: {a} valt {no}in het waardencluster {c}.",
            "value-of-perspective": f"{yes}: de publicatie noemt dit handelingsperspectief {no}bij {c}.",
            "association-of-office": f"{yes}: {c} is {no}de vereniging van {a}.",
            "office-with-priority": f"{yes}: {a} is {'een' if right else 'geen'} waarde met prioriteit voor {c}.",
            "perspective-of-office": f"{yes}: de publicatie noemt dit handelingsperspectief {no}voor {a}.",
            "group-of-trend": f"{yes}: de publicatie plaatst deze trend {no}onder {c}.",
        }[relation]

    def known(self, relation: str, about: str) -> bool:
        """Whether the curriculum holds the fact the relation asks about (not lost in extraction)."""
        return about in self.right[relation]

    def holds(self, relation: str, about: str, candidate: str) -> bool:
        return candidate in self.right[relation].get(about, ())


def pick(pool: list[str], n: int, seed: str) -> list[str]:
    """n items of a pool, chosen deterministically from a seed (stable across runs)."""
    return sorted(pool, key=lambda x: hashlib.sha256(f"{seed}:{x}".encode()).hexdigest())[:n]


def ordered(items: list[str], seed: str) -> list[str]:
    return pick(items, len(items), seed)


def q(qid, qtype, objective, tests, values, prompt, explanation, options=(), lefts=(), rights=(), key=(),
      at=SourceRef("<generated>", 0)) -> CompiledQuestion:
    return CompiledQuestion(qid, qtype, objective, tuple(tests), tuple(values), prompt, explanation, None,
                            tuple(options), tuple(lefts), tuple(rights), tuple(key), True, at)


def choice_options(f: Facts, relation: str, about: str, candidates: list[str]) -> list[COption]:
    opts = []
    for i, cand in enumerate(candidates):
        right = f.holds(relation, about, cand)
        opts.append(COption(chr(ord("a") + i), f.names[cand], right, f.feedback(relation, about, cand, right)))
    return opts


class Generator:
    """Builds the generated questions of one bank."""

    def __init__(self, facts: Facts, module, office: Office | None, bank: Bank):
        self.f, self.module, self.office, self.bank = facts, module, office, bank
        self.c = facts.c
        self.mid = module.id
        self.prios = facts.priorities.get(office.id, ()) if office else ()

    def objective(self, suffix: str) -> str:
        ids = [o.id for o in self.module.objectives]
        wanted = f"{self.mid}.{suffix}"
        return wanted if wanted in ids else ids[0]

    def run(self) -> list[CompiledQuestion]:
        out: list[CompiledQuestion] = []
        for name in self.bank.generate:
            out.extend(getattr(self, "gen_" + name.replace("-", "_"))())
        return out

    def cluster_subjects(self) -> list[str]:
        if self.prios:
            return [v for v in self.prios if v in self.f.cluster_of]
        # one value per cluster (the first the text names), so every cluster is covered
        firsts = {}
        for v in self.c.values.values:
            if v.id in self.f.cluster_of:
                firsts.setdefault(self.f.cluster_of[v.id], v.id)
        return [firsts[cl.id] for cl in self.c.values.clusters if cl.id in firsts]

    def gen_priorities(self):
        if not self.prios:
            return []
        o = self.office
        others = [v.id for v in self.c.values.values if v.id not in self.prios]
        cands = ordered(list(self.prios) + pick(others, 4, o.id), o.id + ":prio")
        names = ", ".join(self.f.names[v] for v in self.prios)
        return [q(f"{self.mid}.gen.prioriteiten", "multiple", self.objective("prioriteiten"), [o.id, *self.prios],
                  self.prios, f"Welke vier waarden hebben volgens de publicatie prioriteit voor {o.plural.lower()}?"
                  " Kies er vier.", f"De vier waarden met prioriteit voor {o.plural.lower()} zijn: {names}."
                  + self.f.cite(o.id), choice_options(self.f, "priority-of-office", o.id, cands))]

    def gen_clusters(self):
        out = []
        all_clusters = [cl.id for cl in self.c.values.clusters]
        for v in self.cluster_subjects():
            right = self.f.cluster_of[v]
            cands = ordered([right] + pick([c for c in all_clusters if c != right], 3, v), v + ":cl")
            vn, cn = self.f.names[v], self.f.names[right]
            out.append(q(f"{self.mid}.gen.cluster.{v}", "single", self.objective("prioriteiten" if self.prios else "waarden"),
                         [v, right], [v] if v in self.prios else [],
                         f"In welk waardencluster valt de waarde {vn.lower()}?",
                         f"{vn} valt in het waardencluster {cn}." + self.f.cite(v),
                         choice_options(self.f, "cluster-of-value", v, cands)))
        return out

    def gen_perspectives(self):
        out = []
        if not self.prios:
            return out
        for g in self.office.perspectives:
            p = g.items[0]
            cands = list(self.prios)
            out.append(q(f"{self.mid}.gen.perspectief.{p.id}", "single", self.objective("handelen"), [p.id, g.value],
                         [g.value], f"Bij welke waarde met prioriteit hoort dit handelingsperspectief?\n\n> {p.text}",
                         f"De publicatie noemt dit handelingsperspectief bij de waarde {self.f.names[g.value].lower()}."
                         + self.f.cite(p.id),
                         choice_options(self.f, "value-of-perspective", p.id, cands)))
        return out

    def gen_associations(self):
        offices = [self.office] if self.office else list(self.c.offices)
        out = []
        all_assoc = [a.id for a in self.c.associations]
        for o in offices:
            rights = list(o.associations)
            wrong = pick([a for a in all_assoc if a not in rights], max(1, 4 - len(rights)), o.id)
            cands = ordered(rights + wrong, o.id + ":assoc")
            kind = "multiple" if len(rights) > 1 else "single"
            names = ", ".join(self.f.names[a] for a in rights)
            out.append(q(f"{self.mid}.gen.vereniging.{o.id}", kind, self.objective("vereniging" if self.office else "rollen"),
                         [o.id, *rights], [], f"Welke vereniging{'en horen' if kind == 'multiple' else ' hoort'} bij"
                         f" {o.plural.lower() if o.id != 'statenlid' else o.plural}?"
                         + (" Kies alle juiste antwoorden." if kind == "multiple" else ""),
                         f"Bij {o.plural} {'horen' if kind == 'multiple' else 'hoort'}: {names}." + self.f.cite(o.id),
                         choice_options(self.f, "association-of-office", o.id, cands)))
        return out

    def gen_offices_with_priority(self):
        out = []
        offices = [o.id for o in self.c.offices if o.id in self.f.priorities]
        for v in self.prios:
            holders = [o for o in offices if self.f.holds("office-with-priority", v, o)]
            names = ", ".join(self.f.names[o].lower() for o in holders)
            out.append(q(f"{self.mid}.gen.ambten.{v}", "multiple", self.objective("rol"), [v, *holders], [v],
                         f"Voor welke ambten is {self.f.names[v].lower()} volgens de publicatie een waarde met"
                         " prioriteit? Kies alle juiste antwoorden.",
                         f"{self.f.names[v]} heeft prioriteit voor: {names}. (Voor Statenleden is dit onbekend: die"
                         " waarden ontbreken in de bron, daarom staan Statenleden niet tussen de opties.)"
                         + self.f.cite(self.office.id),
                         choice_options(self.f, "office-with-priority", v, offices)))
        return out

    def gen_value_to_cluster_matching(self):
        subjects = self.cluster_subjects()
        chunks = [subjects[i:i + 4] for i in range(0, len(subjects), 4)]
        out = []
        for n, chunk in enumerate(c for c in chunks if len(c) >= 2):
            rights = sorted({self.f.cluster_of[v] for v in chunk})
            extra = pick([cl.id for cl in self.c.values.clusters if cl.id not in rights], max(0, 4 - len(rights)),
                         f"{self.mid}:{n}")
            choices = [(c, self.f.names[c]) for c in ordered(rights + extra, f"{self.mid}:m{n}")]
            out.append(q(f"{self.mid}.gen.koppel-cluster.{n + 1}", "matching",
                         self.objective("prioriteiten" if self.prios else "waarden"), list(chunk) + rights,
                         [v for v in chunk if v in self.prios],
                         "Koppel elke waarde aan het waardencluster waarin ze valt.",
                         "; ".join(f"{self.f.names[v]}: {self.f.names[self.f.cluster_of[v]]}" for v in chunk) + "."
                         + self.f.cite(*chunk),
                         lefts=[(v, self.f.names[v]) for v in chunk], rights=choices,
                         key=[(v, self.f.cluster_of[v]) for v in chunk]))
        return out

    def gen_office_to_association_matching(self):
        offices = [o for o in self.c.offices if len(o.associations) == 1]
        chunks = [offices[i:i + 4] for i in range(0, len(offices), 4)]
        out = []
        for n, chunk in enumerate(c for c in chunks if len(c) >= 2):
            rights = [o.associations[0] for o in chunk]
            choices = [(a, self.f.names[a]) for a in ordered(rights, f"{self.mid}:a{n}")]
            out.append(q(f"{self.mid}.gen.koppel-vereniging.{n + 1}", "matching", self.objective("rollen"),
                         [o.id for o in chunk] + rights, [], "Koppel elk ambt aan zijn vereniging.",
                         "; ".join(f"{o.plural}: {self.f.names[o.associations[0]]}" for o in chunk) + "."
                         + self.f.cite(*(o.id for o in chunk)),
                         lefts=[(o.id, o.plural) for o in chunk], rights=choices,
                         key=[(o.id, o.associations[0]) for o in chunk]))
        return out

    def gen_true_false_priorities(self):
        if not self.prios:
            return []
        o = self.office
        true_v = pick(list(self.prios), 1, o.id + ":tf")[0]
        false_v = pick([v.id for v in self.c.values.values if v.id not in self.prios], 1, o.id + ":tf")[0]
        out = []
        for v, truth in ((true_v, True), (false_v, False)):
            prompt = (f"Waar of niet waar: {self.f.names[v].lower()} is een van de vier waarden met prioriteit"
                      f" voor {o.plural.lower()}.")
            names = ", ".join(self.f.names[x] for x in self.prios)
            out.append(q(f"{self.mid}.gen.waar-onwaar.{v}", "truefalse", self.objective("prioriteiten"), [o.id, v],
                         [v] if truth else [], prompt, f"De vier waarden met prioriteit voor {o.plural.lower()} zijn:"
                         f" {names}." + self.f.cite(o.id),
                         truefalse_options(truth, f"{self.f.label(v)} is {'een' if truth else 'geen'} van de vier"
                                                  f" waarden met prioriteit voor {self.f.label(o.id)}.")))
        return out

    def gen_trend_groups(self):
        picks = [t.trend for lesson in self.module.lessons for b in lesson.blocks if b.trends for t in b.trends]
        if not picks:
            picks = [t.id for g in self.c.trends.groups for t in g.trends]
        groups = [g.id for g in self.c.trends.groups]
        out = []
        for t in picks:
            right = self.f.group_of_trend[t]
            cands = ordered([right] + pick([g for g in groups if g != right], 3, t), t + ":g")
            out.append(q(f"{self.mid}.gen.trendgroep.{t}", "single", self.objective("trends"), [t, right], [],
                         f"Onder welk thema plaatst de publicatie deze trend of factor?\n\n> {self.f.names[t]}",
                         f"De publicatie plaatst deze trend onder {self.f.names[right]}." + self.f.cite(t),
                         choice_options(self.f, "group-of-trend", t, cands)))
        return out


def truefalse_options(truth: bool, fact: str | None = None) -> list[COption]:
    """'Waar' and 'Niet waar'; with a fact, the feedback states it ("Ja: ..." when chosen rightly)."""
    def fb(right: bool) -> str:
        if fact:
            return f"{'Ja' if right else 'Nee'}: {fact}"
        return "Dat klopt." if right else "Dat klopt niet; zie de uitleg."
    return [COption("waar", "Waar", truth, fb(truth)), COption("onwaar", "Niet waar", not truth, fb(not truth))]


RELATION_KINDS = {  # relation -> (kind of `about`, kind of option refs)
    "priority-of-office": ("office", "value"), "cluster-of-value": ("value", "cluster"),
    "value-of-perspective": ("perspective", "value"), "association-of-office": ("office", "association"),
    "office-with-priority": ("value", "office"), "perspective-of-office": ("office", "perspective"),
    "group-of-trend": ("trend", "trend-group"),
}


def compile_authored(qn: Question, f: Facts, index, module, report: Report) -> CompiledQuestion | None:
    """Check one authored question (shape, ids, answer key against the curriculum) and compile it."""
    ok = True

    def err(message: str, code: str, where: SourceRef = qn.at):
        nonlocal ok
        ok = False
        report.error(where, f"question '{qn.id}': {message}", code)

    if not qn.id.startswith(module.id + "."):
        err(f"ids of questions in this bank start with '{module.id}.'", "quiz.id")
    if qn.objective not in {o.id for o in module.objectives}:
        err(f"objective '{qn.objective}' is not an objective of module '{module.id}'", "quiz.objective")
    all_ids = {i for kind in index.values() for i in kind}
    for t in qn.tests:
        if t not in all_ids:
            err(f"tests '{t}', which is not a curriculum id", "ref.unknown")
    choice = qn.type in ("single", "multiple", "scenario")
    if choice:
        if len(qn.options) < 2:
            err("needs at least 2 options", "quiz.shape")
        n_right = sum(o.correct for o in qn.options)
        if qn.type in ("single", "scenario") and n_right != 1:
            err(f"a {qn.type} question has exactly 1 right option; found {n_right}", "quiz.shape")
        if qn.type == "multiple" and n_right < 1:
            err("a multiple-response question needs at least 1 right option", "quiz.shape")
        seen = set()
        for o in qn.options:
            if o.id in seen:
                err(f"option id '{o.id}' is used twice", "quiz.shape", o.at)
            seen.add(o.id)
            if o.text is None and o.ref is None:
                err(f"option '{o.id}' needs 'text' or 'ref'", "quiz.shape", o.at)
    elif qn.options:
        err(f"a {qn.type} question has no options", "quiz.shape")
    if qn.type == "scenario" and not qn.scenario:
        err("a scenario question needs a 'scenario'", "quiz.shape")
    if qn.type == "truefalse" and qn.answer is None:
        err("a true/false question needs 'answer: true' or 'answer: false'", "quiz.shape")
    if qn.type == "matching" and len(qn.pairs) < 2:
        err("a matching question needs at least 2 pairs", "quiz.shape")
    if (qn.relation is None) != (qn.about is None):
        err("'relation' and 'about' go together", "quiz.shape")
    if qn.relation and qn.about:
        about_kind, cand_kind = RELATION_KINDS[qn.relation]
        if qn.about not in index.get(about_kind, {}):
            err(f"about: no {about_kind} with id '{qn.about}'", "ref.unknown")
        elif not f.known(qn.relation, qn.about):
            err(f"the curriculum does not hold the {qn.relation} of '{qn.about}' (it is missing from the source);"
                " do not ask about it", "quiz.unknown-fact")
        else:
            for o in qn.options:
                if o.ref is None:
                    continue
                if o.ref not in index.get(cand_kind, {}):
                    near = difflib.get_close_matches(o.ref, list(index.get(cand_kind, {})), n=1)
                    hint = f"; did you mean '{near[0]}'?" if near else ""
                    err(f"option '{o.id}': no {cand_kind} with id '{o.ref}'{hint}", "ref.unknown", line_of(o, "ref"))
                    continue
                truth = f.holds(qn.relation, qn.about, o.ref)
                if truth != o.correct:
                    err(f"option '{o.id}' ({o.ref}) is marked {'right' if o.correct else 'wrong'}, but the curriculum"
                        f" says {qn.relation} of '{qn.about}' {'is' if truth else 'is not'} '{o.ref}'",
                        "quiz.answer-key", o.at)
            for p in qn.pairs:  # each pair is (about, candidate) of the same relation
                if p.left not in index.get(about_kind, {}) or not f.holds(qn.relation, p.left, p.right):
                    err(f"pair {p.left} -> {p.right} does not hold in the curriculum ({qn.relation})",
                        "quiz.answer-key", p.at)
    elif qn.type == "matching":
        err("a matching question needs a 'relation' so its pairs can be checked", "quiz.shape")
    if not ok:
        return None
    if qn.type == "truefalse":
        options = truefalse_options(bool(qn.answer))
    else:
        options = [COption(o.id, o.text if o.text is not None else f.names[o.ref], o.correct, o.feedback)
                   for o in qn.options]
    lefts = tuple((p.left, f.names[p.left]) for p in qn.pairs)
    right_ids = sorted({p.right for p in qn.pairs})
    rights = tuple((r, f.names[r]) for r in ordered(right_ids, qn.id))
    values = tuple(t for t in qn.tests if t in f.value_ids)
    # every explanation cites where the curriculum says it (the subject, else the first tested entry)
    cited = next((t for t in ((qn.about,) if qn.about else ()) + qn.tests if t in f.sources), None)
    explanation = qn.explanation + (f.cite(cited) if cited and "Bron:" not in qn.explanation else "")
    return CompiledQuestion(qn.id, qn.type, qn.objective, qn.tests, values, qn.prompt, explanation,
                            qn.scenario, tuple(options), lefts, rights, tuple((p.left, p.right) for p in qn.pairs),
                            False, qn.at)


def check_banks(banks, curriculum: Curriculum, modules, programme, index, report: Report):
    f = Facts(curriculum)
    by_module = {}
    for bank in banks:
        if bank.at.stem != bank.module:
            report.error(bank.at, f"the bank of module '{bank.module}' must be in 'quizzes/{bank.module}.yaml'",
                         "quiz.file-name")
        by_module[bank.module] = bank
    compiled = []
    for module in modules:
        bank = by_module.get(module.id)
        if bank is None:
            report.error(SourceRef(f"quizzes/{module.id}.yaml", 1), f"module '{module.id}' has no question bank",
                         "quiz.missing")
            continue
        office = curriculum.office(module.office) if module.office else None
        authored = [compile_authored(qn, f, index, module, report) for qn in bank.questions]
        questions = [x for x in authored if x is not None] + Generator(f, module, office, bank).run()
        seen = {}
        for qn in questions:
            if qn.id in seen:
                report.error(qn.at if not qn.generated else bank.at,
                             f"question id '{qn.id}' is used twice in the bank", "id.duplicate")
            seen[qn.id] = qn
        prios = f.priorities.get(office.id, ()) if office else ()
        if len(questions) < MIN_QUESTIONS or len({x.type for x in questions}) < MIN_TYPES:
            report.error(bank.at, f"bank '{module.id}' has {len(questions)} question(s) of"
                         f" {len({x.type for x in questions})} type(s); it needs at least {MIN_QUESTIONS} of"
                         f" {MIN_TYPES} types", "quiz.bank-size")
        for v in prios:
            if not any(v in x.values for x in questions):
                report.error(bank.at, f"bank '{module.id}' has no question on priority value '{v}'",
                             "quiz.coverage")
        if programme.quiz.questions_per_attempt < len(prios):
            report.error(programme.quiz.ref, f"quiz.questions_per_attempt ({programme.quiz.questions_per_attempt})"
                         f" is smaller than the {len(prios)} priority values of '{module.id}'", "programme.quiz")
        if programme.quiz.questions_per_attempt > len(questions):
            report.error(programme.quiz.ref, f"quiz.questions_per_attempt ({programme.quiz.questions_per_attempt})"
                         f" is larger than bank '{module.id}' ({len(questions)} questions)", "programme.quiz")
        compiled.append(CompiledBank(module.id, office.id if office else None, prios, tuple(questions), bank.at))
    return tuple(compiled)
