"""Question generation: questions derived from the curriculum, so a quiz can never contradict it.

A stage of its own, apart from the checks that judge authored keys (``quizcheck``). Generated
questions are derived deterministically (sorted inputs, no randomness), so the same curriculum
always gives the same bank. Questions about content the source lost, or about values the text does
not place with certainty, are never generated.
"""

from __future__ import annotations

import hashlib

from .diagnostics import SourceRef
from .model.curriculum import Office
from .model.quiz import Bank
from .quizfacts import COption, CompiledQuestion, Facts
from .quiztext import office_stem, similar, stem_cue

def pick(pool: list[str], n: int, seed: str) -> list[str]:
    """n items of a pool, chosen deterministically from a seed (stable across runs)."""
    return sorted(pool, key=lambda x: hashlib.sha256(f"{seed}:{x}".encode()).hexdigest())[:n]


def ordered(items: list[str], seed: str) -> list[str]:
    return pick(items, len(items), seed)


def q(qid, qtype, objective, tests, values, prompt, explanation, options=(), lefts=(), rights=(), key=(),
      at=SourceRef("<generated>", 0), relation=None, about=None) -> CompiledQuestion:
    return CompiledQuestion(qid, qtype, objective, tuple(tests), tuple(values), prompt, explanation, None,
                            tuple(options), tuple(lefts), tuple(rights), tuple(key), True, at, "recall",
                            relation=relation, about=about)


def the(name: str) -> str:
    """An association's name inside a sentence, with its article (het Genootschap, de Vereniging)."""
    if "Genootschap" in name.split(" ")[:2]:
        return "het " + name
    return name if " " not in name and not name.endswith("vereniging") else "de " + name


def choice_options(f: Facts, relation: str, about: str, candidates: list[str]) -> list[COption]:
    opts = []
    for i, cand in enumerate(candidates):
        right = f.holds(relation, about, cand)
        opts.append(COption(chr(ord("a") + i), f.names[cand], right, f.feedback(relation, about, cand, right), cand))
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
            return [v for v in self.prios if v in self.f.cluster_of and v not in self.f.uncertain]
        # one value per cluster (the first the text names), so every cluster is covered
        firsts = {}
        for v in self.c.values.values:
            if v.id in self.f.cluster_of and v.id not in self.f.uncertain:
                firsts.setdefault(self.f.cluster_of[v.id], v.id)
        return [firsts[cl.id] for cl in self.c.values.clusters if cl.id in firsts]

    def gen_priorities(self):
        if not self.prios:
            return []
        o = self.office
        others = [v.id for v in self.c.values.values if v.id not in self.prios and v.id not in self.f.uncertain]
        cands = ordered(list(self.prios) + pick(others, 4, o.id), o.id + ":prio")
        names = ", ".join(self.f.label(v) for v in self.prios)
        return [q(f"{self.mid}.gen.prioriteiten", "multiple", self.objective("prioriteiten"), [o.id, *self.prios],
                  self.prios, f"Welke vier waarden hebben volgens de publicatie prioriteit voor {o.plural.lower()}?"
                  " Kies er vier.", f"De vier waarden met prioriteit voor {o.plural.lower()} zijn: {names}."
                  + self.f.cite(o.id), choice_options(self.f, "priority-of-office", o.id, cands),
                  relation="priority-of-office", about=o.id)]

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
                         choice_options(self.f, "cluster-of-value", v, cands), relation="cluster-of-value", about=v))
        return out

    def gen_perspectives(self):
        """One question per perspective for action of the office (all of them, not one per value)."""
        out = []
        if not self.prios:
            return out
        for g in self.office.perspectives:
            for p in g.items:
                if stem_cue(p.text, self.f.names[g.value], [self.f.names[v] for v in self.prios if v != g.value]):
                    continue  # the advice names its value: a case item covers it instead
                out.append(q(f"{self.mid}.gen.perspectief.{p.id}", "single", self.objective("handelen"),
                             [p.id, g.value], [g.value],
                             f"Bij welke waarde met prioriteit hoort dit handelingsperspectief?\n\n> {p.text}",
                             f"De publicatie noemt dit handelingsperspectief bij de waarde {self.f.label(g.value)}."
                             + self.f.cite(p.id),
                             choice_options(self.f, "value-of-perspective", p.id, list(self.prios)),
                             relation="value-of-perspective", about=p.id))
        return out

    def gen_associations(self):
        """Which association can do this? Only for advice that is the association's own: not near-identical
        to another association's, and not naming the office (that would give the answer away)."""
        offices = [self.office] if self.office else list(self.c.offices)
        all_assoc = [a.id for a in self.c.associations]
        others = {pid: self.f.names[pid] for pid in self.f.association_perspectives}
        out = []
        for o in offices:
            if len(o.associations) != 1 or o.id not in {v for v in self.f.association_perspectives.values()}:
                continue
            own = o.associations[0]
            for pid, oid in self.f.association_perspectives.items():
                text = others[pid]
                if oid != o.id or office_stem(o.name) in text.lower():
                    continue
                if any(similar(text, t) >= 0.6 for p2, t in others.items()
                       if self.f.association_perspectives[p2] != o.id):
                    continue
                cands = ordered([own] + pick([a for a in all_assoc if a != own], 3, pid), pid + ":assoc")
                opts = [COption(chr(ord("a") + i), self.f.names[a], a == own,
                                ("Goed: de publicatie noemt dit bij " if a == own else
                                 "Niet goed: de publicatie noemt dit niet bij ") + f"{the(self.f.names[a])}.", a)
                        for i, a in enumerate(cands)]
                out.append(q(f"{self.mid}.gen.vereniging.{pid}", "single", self.objective("vereniging" if self.office
                                                                                          else "rollen"),
                             [pid, own], [], f"Welke vereniging kan dit volgens de publicatie doen?\n\n> {text}",
                             f"De publicatie noemt dit bij wat {the(self.f.names[own])} kan doen." + self.f.cite(pid),
                             opts, about=pid))
        return out

    def gen_offices_with_priority(self):
        out = []
        offices = [o.id for o in self.c.offices if o.id in self.f.priorities]
        # offices whose four values the programme lacks: the list of holders is complete only without them
        unknown = [o.plural_in_sentence for o in self.c.offices if o.id not in self.f.priorities]
        lacking = (f" Van {' en '.join(unknown)} staan de vier waarden met prioriteit niet in dit programma."
                   if unknown else "")
        for v in self.prios:
            holders = [o for o in offices if self.f.holds("office-with-priority", v, o)]
            names = ", ".join(self.f.names[o].lower() for o in holders)
            out.append(q(f"{self.mid}.gen.ambten.{v}", "multiple", self.objective("rol"), [v, *holders], [v],
                         f"Voor welke ambten is {self.f.label(v)} volgens de publicatie een waarde met"
                         " prioriteit? Kies alle juiste antwoorden.",
                         f"{self.f.names[v]} heeft prioriteit voor: {names}." + lacking
                         + self.f.cite(*holders),
                         choice_options(self.f, "office-with-priority", v, offices),
                         relation="office-with-priority", about=v))
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

    def gen_true_false_priorities(self):
        if not self.prios:
            return []
        o = self.office
        true_v = pick(list(self.prios), 1, o.id + ":tf")[0]
        false_v = pick([v.id for v in self.c.values.values if v.id not in self.prios
                        and v.id not in self.f.uncertain], 1, o.id + ":tf")[0]
        out = []
        for v, truth in ((true_v, True), (false_v, False)):
            prompt = (f"Waar of niet waar: {self.f.names[v].lower()} is een van de vier waarden met prioriteit"
                      f" voor {o.plural.lower()}.")
            names = ", ".join(self.f.label(x) for x in self.prios)
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
            if stem_cue(self.f.names[t], self.f.names[right], [self.f.names[g] for g in groups if g != right]):
                continue  # the trend's words name its group
            cands = ordered([right] + pick([g for g in groups if g != right], 3, t), t + ":g")
            out.append(q(f"{self.mid}.gen.trendgroep.{t}", "single", self.objective("trends"), [t, right], [],
                         f"Onder welk thema plaatst de publicatie deze trend of factor?\n\n> {self.f.names[t]}",
                         f"De publicatie plaatst deze trend onder {self.f.names[right]}." + self.f.cite(t),
                         choice_options(self.f, "group-of-trend", t, cands), relation="group-of-trend", about=t))
        return out


def truefalse_options(truth: bool, fact: str | None = None) -> list[COption]:
    """'Waar' and 'Niet waar'; with a fact, the feedback states it ("Ja: ..." when chosen rightly)."""
    def fb(right: bool) -> str:
        if fact:
            return f"{'Goed' if right else 'Niet goed'}: {fact}"
        return "Goed." if right else "Niet goed: zie de uitleg."
    return [COption("waar", "Waar", truth, fb(truth)), COption("onwaar", "Niet waar", not truth, fb(not truth))]


