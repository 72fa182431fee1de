"""Item-bank rules: what a trainer who knows the publication would object to in a bank, found by the build.

Each rule reports a located, coded diagnostic. ``check_bank`` also returns the bank with every pair of
questions that reveal each other's answer excluded from being drawn together (declared or detected).
"""

from __future__ import annotations

import dataclasses
import math
import re

from .diagnostics import Report
from .quizfacts import CompiledQuestion, Facts
from .quiztext import office_stem, similar, stem_cue

MIN_CASES, MIN_DILEMMAS = 12, 2
RESTS_ON = "one quotes the advice the other's key rests on"  # declared by `rests_on` itself
SIMILAR = 0.6  # word-level similarity above which two pieces of advice count as the same advice
GAPS = re.compile(r"afbeelding|tekstextractie|verloren (?:is )?gegaan|bron van dit programma|dit programma|deze module",
                  re.IGNORECASE)
# Words that tie a perspective for action to its own office's role: a perspective of another office is a
# fair distractor only where it carries such a word the learner's office does not share.
ROLE_MARKERS = {
    "burgemeester": ("bemiddel neutraal", "handhaving", "burgemeesters", "portefeuilles van een college",
                     "gemeentesecretaris en griffier"),
    "gemeentesecretaris": ("medewerkers", "je ambtenaren", "bestuurlijke wensen", "startnotities",
                           "klantcontact", "teams"),
    "griffier": ("raads- of statenleden", "raad of staten", "griffie", "volksvertegenwoordiging",
                 "inspraak en participatie", "griffiers"),
    "raadslid": ("fractie", "stemverklaring", "binnen je raad", "binnen de raad", "als raadslid"),
    "rekenkamerlid": ("rekenkamer", "onderzoek", "aanbevelingen", "bevindingen", "rapportages"),
    "waterschapsbestuurder": ("waterschap", "toekomststoel", "collega-bestuurders", "medeoverheden"),
    "wethouder": ("als wethouder", "collega's in het college", "collegecrises", "als college"),
}


def check_bank(questions: list[CompiledQuestion], bank, module, office, f: Facts, programme,
               report: Report) -> list[CompiledQuestion]:
    """Judge one compiled bank by every rule; return it with reveal pairs excluded from a draw together."""
    by_id = {q.id: q for q in questions}
    at = {q.id: (q.at if not q.generated else bank.at) for q in questions}

    def err(qn: CompiledQuestion, message: str, code: str):
        report.error(at[qn.id], f"question '{qn.id}': {message}", code)

    for qn in questions:
        stem = "\n".join(x for x in (qn.scenario or "", qn.prompt) if x)
        shown = stem + "\n" + "\n".join(o.text for o in qn.options)
        if GAPS.search(shown):
            err(qn, "asks about the programme's own sources or what they lack; ask about the publication's"
                    " content instead", "quiz.about-gaps")
        entries = set(qn.tests) | {o.ref for o in qn.options if o.ref} | {x for x, _ in qn.lefts} | (
            {qn.about} if qn.about else set())
        placing = qn.relation == "cluster-of-value" or any(r in f.cluster_of.values() or r in
                                                           {c.id for c in f.c.values.clusters}
                                                           for r, _ in qn.rights)
        for v in sorted(entries & f.uncertain):
            explicit = bool(next(x for x in f.c.values.values if x.id == v).named_as)
            if explicit or placing:
                err(qn, f"asks about the value '{v}', which the text does not place with certainty",
                    "quiz.uncertain-value")
        texts = [o.text for o in qn.options]
        if qn.scored and qn.type in ("single", "scenario", "multiple") and len(qn.options) >= 2:
            for i in qn.right_options():
                cue = stem_cue(stem, texts[i], [t for k, t in enumerate(texts) if k != i])
                if cue and qn.type != "multiple":
                    err(qn, f"the stem shares the key's telling word '{cue}'; rephrase the stem or the option",
                        "quiz.stem-cue")
        name_cue(qn, f, err)
        if not qn.generated:
            for entry in qn.tests:
                if not mentioned(entry, qn, f, office):
                    err(qn, f"tests '{entry}', which it does not ask about; list under 'tests' what the question asks"
                            " (its citation is computed from them)", "quiz.citation")
        if qn.relation == "perspective-of-office" and qn.about:
            perspective_of_office(qn, f, err, report)

    key_longest(questions, bank, report)
    excludes = reveal_pairs(questions, f)
    for qn in questions:
        for other in qn.excludes:
            if other not in by_id:
                err(qn, f"excludes '{other}', which is not a question of this bank", "ref.unknown")
    for a, b, why in sorted(excludes):
        qa, qb = by_id[a], by_id[b]
        declared = b in qa.excludes or a in qb.excludes or why == RESTS_ON
        authored = next((x for x in (qa, qb) if not x.generated), None)
        if authored and not declared:
            report.warning(at[authored.id], f"question '{a}' and question '{b}' reveal each other's answer ({why});"
                           " they are never drawn together: declare it with 'excludes'", "quiz.reveals")
    pairs: dict[str, set[str]] = {q.id: set(q.excludes) & by_id.keys() for q in questions}
    for a, b, _ in excludes:
        pairs[a].add(b)
        pairs[b].add(a)
    for qn in list(pairs):
        for other in list(pairs[qn]):
            pairs[other].add(qn)
    out = [dataclasses.replace(q, excludes=tuple(sorted(pairs[q.id]))) for q in questions]
    coverage(out, bank, office, f, report)
    composition(out, bank, module, office, programme, report)
    return out


def plain_words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-zà-ÿ0-9]+", text.lower())) + " "


def mentioned(entry: str, qn: CompiledQuestion, f: Facts, office) -> bool:
    """Whether a tested entry is what the question asks about: its subject, an option, the advice or tension
    it rests on (and that advice's value), or named or quoted in what the learner reads."""
    related = {qn.about, qn.rests_on, qn.tension, office.id if office else None}
    related |= {o.ref for o in qn.options} | {v for o in qn.options for v in o.values}
    related |= {x for x, _ in qn.lefts} | {x for x, _ in qn.rights}
    if qn.rests_on in f.value_of_perspective:
        related.add(f.value_of_perspective[qn.rests_on])
    if qn.tension in f.tensions:
        related |= set(f.tensions[qn.tension].values)
    if entry in related:
        return True
    text = plain_words("\n".join([qn.scenario or "", qn.prompt] + [o.text for o in qn.options]))
    names = [f.names.get(entry, "")]
    names += [o.name for o in f.c.offices if o.id == entry]
    if any(n and (plain_words(n) in text or (entry in f.associations and " " + office_stem(n) in text))
           for n in names):
        return True
    sentences = re.split(r"(?<=[.!?])\s+", f.texts.get(entry, ""))
    return any(len(s.split()) >= 4 and plain_words(s) in text for s in sentences)


def name_cue(qn: CompiledQuestion, f: Facts, err) -> None:
    """An association question the association's name answers (Vereniging voor Raadsleden -> raadsleden)."""
    names = {a.id: a.name for a in f.c.associations}
    for i in qn.right_options():
        ref = qn.options[i].ref
        if ref not in names:
            continue
        asked = set(qn.tests) | ({qn.about} if qn.about else set())
        for o in f.c.offices:
            if ref in o.associations and (o.id in asked or office_stem(o.name) in (qn.prompt + (qn.scenario or "")).lower()):
                if office_stem(o.name) in names[ref].lower():
                    err(qn, f"the name '{names[ref]}' gives the answer away (it names {o.plural.lower()});"
                            " ask what the association can do instead", "quiz.name-cue")


def perspective_of_office(qn: CompiledQuestion, f: Facts, err, report: Report) -> None:
    """Another office's advice is a fair distractor only where it is bound to that office's role and not
    (near-)identical to the learner's own advice; its feedback names the office."""
    own = [f.names[p] for p, o in f.office_of_perspective.items() if o == qn.about]
    for o in qn.options:
        if o.correct or not o.ref or o.ref not in f.office_of_perspective:
            continue
        theirs = f.office_of_perspective[o.ref]
        text = f.names[o.ref].lower()
        best = max((similar(text, t) for t in own), default=0.0)
        if best >= SIMILAR:
            err(qn, f"option '{o.id}' ({o.ref}) is near-identical to advice the publication gives"
                    f" {f.names[qn.about].lower()} too; it cannot be a wrong answer", "quiz.shared-advice")
            continue
        bound = [m for m in ROLE_MARKERS.get(theirs, ()) if m in text
                 and m not in ROLE_MARKERS.get(qn.about, ())]
        if not bound:
            err(qn, f"option '{o.id}' ({o.ref}) is advice that suits {f.names[qn.about].lower()} as well; a wrong"
                    f" answer must be bound to the role of {f.names[theirs].lower()}", "quiz.not-role-bound")
        office = f.c.office(theirs)
        if not any(n.lower() in o.feedback.lower() for n in (office.name, office.plural)):
            err(qn, f"the feedback of option '{o.id}' names the office the advice belongs to"
                    f" ({office.plural.lower()}) and why it is theirs", "quiz.feedback-office")


def key_longest(questions: list[CompiledQuestion], bank, report: Report) -> None:
    """In authored sentence-option questions the key may not be the longest option most of the time."""
    rated = [q for q in questions if not q.generated and q.scored and q.type in ("single", "scenario")
             and len(q.options) >= 3 and all(o.ref is None for o in q.options)]
    longest = [q for q in rated if len(q.right_options()) == 1
               and len(q.options[q.right_options()[0]].text) > max(len(o.text) for o in q.options if not o.correct)]
    if len(rated) >= 4 and len(longest) * 2 > len(rated):
        report.error(bank.at, f"the keyed option is the longest in {len(longest)} of {len(rated)} sentence-option"
                     " questions; a learner can guess by length (e.g. "
                     + ", ".join(q.id for q in longest[:3]) + ")", "quiz.key-longest")


def reveal_pairs(questions: list[CompiledQuestion], f: Facts) -> set[tuple[str, str, str]]:
    """Pairs (a, b, why) where one question gives away the other's answer."""
    out = set()
    for x in questions:
        keys = {x.options[i].ref for i in x.right_options() if x.options[i].ref}
        for y in questions:
            if x.id == y.id:
                continue
            refs = {o.ref for o in y.options if o.ref}
            lefts = {left for left, _ in y.lefts}
            why = None
            if len(keys) >= 2 and (refs == keys or keys <= lefts):
                why = "the options of one are the key of the other"
            elif x.relation == "perspective-of-office" and y.relation == "value-of-perspective" and y.about in keys:
                why = "one quotes the other's key as the office's own advice"
            elif x.rests_on and y.kind == "recall" and x.rests_on in y.tests:
                why = RESTS_ON
            if why:
                a, b = sorted((x.id, y.id))
                out.add((a, b, why))
    return out


def coverage(questions: list[CompiledQuestion], bank, office, f: Facts, report: Report) -> None:
    """Every perspective for action of the office is tested by some question of its bank."""
    if office is None:
        return
    tested = {t for q in questions for t in q.tests}
    for p, o in sorted(f.office_of_perspective.items()):
        if o == office.id and p not in tested:
            report.error(bank.at, f"bank '{bank.module}' has no question on the perspective '{p}'",
                         "quiz.perspective-coverage")


def composition(questions: list[CompiledQuestion], bank, module, office, programme, report: Report) -> None:
    """Enough case items and dilemmas, and a bank the draw rules can be met from."""
    cases = sum(q.kind == "case" for q in questions)
    dilemmas = sum(q.kind == "dilemma" for q in questions)
    if office is not None and (cases < MIN_CASES or dilemmas < MIN_DILEMMAS):
        report.error(bank.at, f"bank '{bank.module}' has {cases} case item(s) and {dilemmas} dilemma(s); an office"
                     f" bank needs at least {MIN_CASES} and {MIN_DILEMMAS}", "quiz.case-count")
    n = programme.quiz.questions_per_attempt
    need_case, max_recall = math.ceil(n / 2), n // 3
    scored = [q for q in questions if q.scored]
    not_recall = sum(q.kind != "recall" for q in scored)
    if cases < need_case or not_recall + max_recall < n:
        report.error(bank.at, f"bank '{bank.module}' cannot fill an attempt of {n} with at least {need_case} case"
                     f" items and at most {max_recall} recall items ({cases} case, {not_recall} not recall)",
                     "quiz.draw-rules")


def draw_rules(n: int) -> dict:
    """The attempt composition the runtime's draw keeps to (shipped in the page data)."""
    return {"minCase": math.ceil(n / 2), "maxRecall": n // 3}
