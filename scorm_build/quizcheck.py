"""Quiz banks: check authored questions (shape, ids, answer keys against the curriculum), compile them,
add the generated ones (``quizgen``) and judge every bank by the item-bank rules (``quizrules``)."""

from __future__ import annotations

import difflib
import re

from .diagnostics import Report, SourceRef
from .model.curriculum import Curriculum
from .model.quiz import Question
from .schema import line_of
from .quizfacts import COption, CompiledBank, CompiledQuestion, Facts
from .quizgen import Generator, ordered, truefalse_options
from . import quizrules

__all__ = ["COption", "CompiledBank", "CompiledQuestion", "Facts", "check_banks", "compile_authored"]

MIN_QUESTIONS, MIN_TYPES = 20, 4

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
    choice = qn.type in ("single", "multiple", "scenario", "dilemma")
    if qn.type == "dilemma":
        check_dilemma(qn, f, err)
    elif choice:
        for o in qn.options:
            if o.correct is None:
                err(f"option '{o.id}' needs 'correct: true' or 'correct: false'", "quiz.shape", o.at)
    if choice:
        if len(qn.options) < 2:
            err("needs at least 2 options", "quiz.shape")
        n_right = sum(bool(o.correct) for o in qn.options)
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
    if qn.kind == "case":
        check_case(qn, f, err)
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
    for other in qn.excludes:
        if other == qn.id:
            err("excludes itself", "quiz.shape")
    written = re.search(r"\*Bronn?e?n?: (.+?)\.\*", qn.explanation)
    computed = f.cite(*cited_entries(qn, f))
    if written and computed and written.group(0) not in computed:
        err(f"the explanation cites '{written.group(1)}', but the question tests"
            f" '{computed.strip().strip('*').split(': ', 1)[1].rstrip('.')}'; leave the citation out (it is computed)"
            " or cite that section", "quiz.citation")
    if not ok:
        return None
    if qn.type == "truefalse":
        options = truefalse_options(bool(qn.answer))
    else:
        options = [COption(o.id, o.text if o.text is not None else f.names[o.ref], bool(o.correct), o.feedback,
                           o.ref, o.values) for o in qn.options]
    lefts = tuple((p.left, f.names[p.left]) for p in qn.pairs)
    right_ids = sorted({p.right for p in qn.pairs})
    rights = tuple((r, f.names[r]) for r in ordered(right_ids, qn.id))
    values = tuple(t for t in qn.tests if t in f.value_ids)
    kind = "dilemma" if qn.type == "dilemma" else qn.kind or ("understanding" if qn.type == "scenario" else "recall")
    return CompiledQuestion(qn.id, qn.type, qn.objective, qn.tests, values, qn.prompt, explanation(qn, f),
                            qn.scenario, tuple(options), lefts, rights, tuple((p.left, p.right) for p in qn.pairs),
                            False, qn.at, kind, qn.excludes, qn.relation, qn.about, qn.rests_on, qn.tension)


def cited_entries(qn: Question, f: Facts) -> tuple[str, ...]:
    """What a question tests, as the entries its citation is computed from: what the key rests on (case
    items), the tension (dilemmas), the subject of its relation, else every tested entry."""
    for single in (qn.rests_on, qn.tension, qn.about):
        if single and single in f.sources:
            return (single,)
    return tuple(t for t in qn.tests if t in f.sources)


def quoted(text: str) -> str:
    text = text.strip()
    return "“" + (text if text[-1:] in "!?" else text.rstrip(".") + ".") + "”"


def explanation(qn: Question, f: Facts) -> str:
    """The authored explanation, with the quote a case item rests on and the computed citation."""
    out = qn.explanation
    if qn.rests_on and qn.rests_on in f.texts:
        out += "\n\nDe publicatie: " + quoted(qn.quote or f.texts[qn.rests_on])
    if qn.tension and qn.tension in f.tensions:
        out += "\n\nDe publicatie: " + quoted(f.tensions[qn.tension].text)
    if "Bron:" not in out and "Bronnen:" not in out:
        out += f.cite(*cited_entries(qn, f))
    return out


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_case(qn: Question, f: Facts, err) -> None:
    """A case item: a situation, actions as options, a key resting on a curriculum entry it quotes."""
    if qn.type not in ("scenario", "single"):
        err("a case item is a 'scenario' (or 'single') question", "quiz.case")
    if not qn.scenario:
        err("a case item needs a 'scenario': the situation in office", "quiz.case")
    if len(qn.options) < 3 or any(o.text is None for o in qn.options):
        err("a case item offers at least 3 actions as option 'text'", "quiz.case")
    if not qn.rests_on:
        err("a case item names the entry its key rests on ('rests_on')", "quiz.case")
    elif qn.rests_on not in f.texts:
        err(f"rests_on: '{qn.rests_on}' is not a perspective, quote, trend, tension or value view the"
            " curriculum holds", "ref.unknown")
    elif qn.quote and normalised(qn.quote).lower() not in normalised(f.texts[qn.rests_on]).lower():
        err(f"quote: the text is not in '{qn.rests_on}' (quote the curriculum verbatim)", "quiz.quote")
    elif qn.rests_on not in qn.tests:
        err(f"list '{qn.rests_on}' (rests_on) under 'tests' too", "quiz.case")


def check_dilemma(qn: Question, f: Facts, err) -> None:
    """A dilemma: no right answer, a tension the text names, each choice saying what it weighs."""
    if any(o.correct is not None for o in qn.options):
        err("a dilemma has no right answer: leave 'correct' out of its options", "quiz.dilemma")
    if not qn.tension:
        err("a dilemma names the tension between values it sets ('tension')", "quiz.dilemma")
    elif qn.tension in f.tensions:
        pair = set(f.tensions[qn.tension].values)
        for o in qn.options:
            if not o.values:
                err(f"option '{o.id}': name the values this choice favours ('values')", "quiz.dilemma", o.at)
        if not pair <= {v for o in qn.options for v in o.values}:
            err(f"the options together weigh both values of the tension ({', '.join(sorted(pair))})",
                "quiz.dilemma")
    if not qn.scenario:
        err("a dilemma needs a 'scenario'", "quiz.dilemma")
    if qn.kind not in (None, "dilemma"):
        err("a dilemma's kind is 'dilemma'", "quiz.dilemma")


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
        questions = quizrules.check_bank(questions, bank, module, office, f, programme, report)
        seen = {}
        for qn in questions:
            if qn.id in seen:
                report.error(qn.at if not qn.generated else bank.at,
                             f"question id '{qn.id}' is used twice in the bank", "id.duplicate")
            seen[qn.id] = qn
        prios = f.priorities.get(office.id, ()) if office else ()
        scored = [x for x in questions if x.scored]
        if len(scored) < MIN_QUESTIONS or len({x.type for x in scored}) < MIN_TYPES:
            report.error(bank.at, f"bank '{module.id}' has {len(scored)} scored question(s) of"
                         f" {len({x.type for x in scored})} type(s); it needs at least {MIN_QUESTIONS} of"
                         f" {MIN_TYPES} types", "quiz.bank-size")
        for v in prios:
            if not any(v in x.values for x in questions):
                report.error(bank.at, f"bank '{module.id}' has no question on priority value '{v}'",
                             "quiz.coverage")
        if programme.quiz.questions_per_attempt < len(prios):
            report.error(programme.quiz.ref, f"quiz.questions_per_attempt ({programme.quiz.questions_per_attempt})"
                         f" is smaller than the {len(prios)} priority values of '{module.id}'", "programme.quiz")
        if programme.quiz.questions_per_attempt > len(scored):
            report.error(programme.quiz.ref, f"quiz.questions_per_attempt ({programme.quiz.questions_per_attempt})"
                         f" is larger than bank '{module.id}' ({len(scored)} scored questions)", "programme.quiz")
        compiled.append(CompiledBank(module.id, office.id if office else None, prios, tuple(questions), bank.at))
    return tuple(compiled)
