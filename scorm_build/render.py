"""Render stage: the checked project into an in-memory site (path -> bytes), each page once.

Pages are target-independent: the same bytes go into the web folder and into both SCORM
versions (the runtime finds whichever LMS API is there), so every page is rendered once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import resources

import jinja2
import markdown as md
import nh3
import rcssmin
import rjsmin
from markupsafe import Markup

from . import actionplan, lessonpost
from .mirror import mirror
from .quizcheck import CompiledBank, CompiledQuestion
from .quizrules import draw_rules
from .schema import Missing, Omitted
from .strings import NL

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "br"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self';"
       " connect-src 'none'; base-uri 'none'; form-action 'none'")


@dataclass(frozen=True, slots=True)
class Page:
    """One learner page: a SCO in a package, a page of the web site."""

    path: str  # e.g. "raadslid/index.html"
    page_id: str
    title: str
    module_ids: tuple[str, ...]
    lesson_ids: tuple[str, ...]
    bank: str | None
    course: bool  # core + office lessons in one page (single-office packages), not on the web site

    @property
    def steps(self) -> tuple[str, ...]:
        """What the runtime navigates and remembers: the lessons, then the quiz."""
        return self.lesson_ids + (("quiz",) if self.bank else ())


@dataclass(frozen=True, slots=True)
class Site:
    files: dict  # path -> bytes
    pages: tuple[Page, ...]
    content_hash: str
    renders: dict = field(default_factory=dict, compare=False)  # fragment kind -> times rendered
    fragments: dict = field(default_factory=dict, compare=False, repr=False)  # for the next render (preview)

    def module_page(self, module_id: str) -> Page:
        return next(p for p in self.pages if not p.course and p.module_ids == (module_id,))

    def course_page(self, office_module_id: str) -> Page:
        return next(p for p in self.pages if p.course and p.module_ids[-1] == office_module_id)

    def web_files(self) -> dict[str, bytes]:
        """The static web site: everything but the single-office course pages."""
        courses = {p.path for p in self.pages if p.course}
        return {path: data for path, data in self.files.items() if path not in courses}


_MD = md.Markdown(extensions=[], output_format="html")


# One line of plain prose: letters, digits, spaces and punctuation that is no Markdown syntax anywhere
# (no * _ ` [ ] < > & \\ # | ~), trimmed, and not opening a list, heading, quote or code block. Markdown
# makes exactly one paragraph of such a text, and sanitising leaves it as it is: most authored texts
# (option feedback, names, definitions) are like this, and Python-Markdown costs 0.15 ms per call.
_PLAIN = re.compile(r"(?:[^\W_]|[ ,;:'\"?%/()\u2013\u2014\u2018\u2019\u201c\u201d.!-])+")
_BLOCK_START = re.compile(r"\d+\.\s|[-+]")


@lru_cache(maxsize=8192)
def markdown(text: str) -> Markup:
    """Authored Markdown to sanitised HTML (no raw HTML, no scripts, no event handlers)."""
    if text == text.strip() and _PLAIN.fullmatch(text) and not _BLOCK_START.match(text):
        return Markup(f"<p>{text}</p>")  # what the full path makes of it (tests/test_render.py compares)
    return full_markdown(text)


def full_markdown(text: str) -> Markup:
    """``markdown`` without its shortcut for plain prose."""
    _MD.reset()
    html = _MD.convert(text)
    return Markup(_sanitise(html, ALLOWED_TAGS))


def _sanitise(html: str, tags: set[str]) -> str:
    return nh3.clean(html, tags=tags, attributes={"a": {"href"}}, url_schemes={"https", "http", "mailto"},
                     link_rel="noopener noreferrer")


@lru_cache(maxsize=8192)
def phrasing_markdown(text: str) -> Markup:
    """Markdown as phrasing content only (for <legend> and <label>): blocks flattened, quotes marked."""
    html = str(markdown(text)).replace("<blockquote>", "“").replace("</blockquote>", "”")
    html = _sanitise(html, {"em", "strong", "code", "a"})
    return Markup(" ".join(html.split()).replace("“ ", "“").replace(" ”", "”"))


@lru_cache(maxsize=8192)
def inline_markdown(text: str) -> Markup:
    html = str(markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """One environment per process: templates are compiled once and reused by every build."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scorm_build", "theme/templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters["md"] = markdown
    env.filters["mdi"] = inline_markdown
    env.filters["mdp"] = phrasing_markdown
    env.globals["is_missing"] = lambda x: isinstance(x, Missing)
    env.globals["is_omitted"] = lambda x: isinstance(x, Omitted)
    env.globals["fragment"] = lessonpost.fragment
    env.globals["t"] = NL
    return env


def theme_file(name: str) -> bytes:
    return resources.files("scorm_build").joinpath("theme", name).read_bytes()


MINIFIERS = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


@lru_cache(maxsize=None)
def shipped_asset(name: str) -> bytes:
    """A theme script or stylesheet as every package and the web site ship it: minified (comments and
    whitespace out, no name changed). The leading ``/*! … */`` comment stays: it names the readable source."""
    text = theme_file(name).decode("utf-8")
    return MINIFIERS[name[name.rindex("."):]](text, keep_bang_comments=True).encode("utf-8")


def key_hash(salt: str, qid: str, key: str) -> str:
    return hashlib.sha256(f"{salt}:{qid}:{key}".encode()).hexdigest()[:16]


def obfuscate(salt: str, qid: str, text: str) -> str:
    """XOR with a per-question key, so reading the page source does not show the feedback."""
    key = hashlib.sha256(f"{salt}:{qid}:fb".encode()).digest()
    data = text.encode("utf-8")
    stream = (key * (len(data) // len(key) + 1))[: len(data)]
    mixed = (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")
    return base64.b64encode(mixed).decode("ascii")


def answer_key(q: CompiledQuestion) -> str:
    """The right answer as the runtime writes a response: '0,2' or, for matching, '1.0.3'."""
    if q.type == "matching":
        return ".".join(map(str, q.right_choices()))
    return ",".join(map(str, q.right_options()))


def quiz_payload(bank: CompiledBank, salt: str) -> list[dict]:
    """Per question what the runtime needs: type, kind (drives the draw), the questions it is never drawn
    with (as indices), the salted key hash and the obfuscated feedback. Dilemmas carry no key."""
    index = {q.id: i for i, q in enumerate(bank.questions)}
    out = []
    for q in bank.questions:
        feedback = {"e": str(markdown(q.explanation)), "o": [str(inline_markdown(o.feedback)) for o in q.options]}
        out.append({"id": q.id, "t": q.type, "c": q.kind, "x": sorted(index[x] for x in q.excludes if x in index),
                    "v": list(q.values), "n": len(q.options) or len(q.lefts),
                    "r": len(q.rights), "k": key_hash(salt, q.id, answer_key(q)) if q.scored else "",
                    # keyed with the right answer, so the feedback tells nothing before the answer is found;
                    # a dilemma has no right answer to hide (its key is the empty answer)
                    "f": obfuscate(salt, f"{q.id}:{answer_key(q) if q.scored else ''}",
                                   json.dumps(feedback, ensure_ascii=False)),
                    "d": description(q), "i": option_ids(q)})
    return out


def option_ids(q: CompiledQuestion) -> list:
    """The ids an LMS report shows for the answers (docs/runtime.md): option ids, or matching [lefts, rights]."""
    if q.type == "matching":
        return [[i for i, _ in q.lefts], [i for i, _ in q.rights]]
    return [o.id for o in q.options]


def description(q: CompiledQuestion) -> str:
    """What an LMS report shows as the question (cmi.interactions.n.description, at most 250 characters):
    the situation first, since case items share prompts such as 'Wat doet u?' (docs/moodle-trial.md)."""
    text = plain(q.prompt) if not q.scenario else f"{plain(q.scenario)} {plain(q.prompt)}"
    return text if len(text) <= 240 else text[:239].rstrip() + "…"


def plain(text: str) -> str:
    return " ".join(nh3.clean(str(markdown(text)), tags=set()).split())


def brand_css(programme) -> bytes:
    b = programme.branding
    return (f":root{{--primary:{b.primary};--accent:{b.accent}}}\n").encode()


def office_term(project, page: Page):
    """The term of the page's office (None for the core module page)."""
    office = project.module(page.module_ids[-1]).office
    return project.context.role(office).term if office else None


class Fragments:
    """The parts of pages that several pages share, rendered once and keyed by what they are made of.

    A lesson is on its module's page and on every course page that holds it; a quiz on its module's page
    and on the office's course page. A lesson's HTML depends on the lesson and on the curriculum and
    context it draws from (mirror, glossary, errata); a quiz on its bank and the programme's rules; a
    payload on its bank and the salt. Those values (frozen, compared by content) are the keys; the
    curriculum and context are compared once per render, and the lessons of a render with other ones
    are not reused.

    The cache lives as long as one ``render_site`` call, unless the caller hands the last render's
    fragments back in (``previous``): ``preview`` does, so a change to one module renders only the parts
    made of what changed. cache=False renders every occurrence again (tests compare the bytes).
    """

    def __init__(self, env: jinja2.Environment, common: dict, finish, project, salt: str, cache: bool = True,
                 previous: dict | None = None) -> None:
        self._lesson = env.get_template("lesson.html")
        self._quiz = env.get_template("quiz.html")
        self._common, self._finish, self._salt, self._cache = common, finish, salt, cache
        sources = (project.curriculum, project.context)
        self._programme = project.programme
        previous = previous or {}
        if previous.get("sources") != sources:  # compared once here, not hashed with every lesson
            previous = {k: v for k, v in previous.items() if k[0] != "lesson"}
        self._previous = previous
        self.done: dict = {"sources": sources}  # what this render used: the next render's ``previous``
        self.renders: dict[str, int] = {"lesson": 0, "quiz": 0, "payload": 0}  # counted by the tests

    def _once(self, kind: str, key, make):
        if not self._cache:
            self.renders[kind] += 1
            return make()
        key = (kind, key)
        if key not in self.done:
            if key in self._previous:
                self.done[key] = self._previous[key]
            else:
                self.renders[kind] += 1
                self.done[key] = make()
        return self.done[key]

    def lesson(self, lesson) -> Markup:
        """A lesson's finished body (blocks, reading time, glossary links)."""
        return self._once("lesson", lesson, lambda: self._finish(
            Markup(self._lesson.render(self._common, lesson=lesson)), lesson.id))

    def quiz(self, bank) -> Markup:
        """A bank's quiz section."""
        return self._once("quiz", (bank, self._programme),
                          lambda: Markup(self._quiz.render(self._common, bank=bank)))

    def payload(self, bank) -> list[dict]:
        """What the runtime needs of a bank's questions (``quiz_payload``), salted for this programme."""
        return self._once("payload", (bank, self._salt), lambda: quiz_payload(bank, self._salt))


def quiz_salt(project) -> str:
    """What the answer keys and feedback of this programme's quizzes are salted with (``obfuscate``)."""
    return f"{project.programme.id}:{project.content_hash[:16]}"


def page_data(project, page: Page, fragments: Fragments) -> dict:
    """The JSON the runtime reads from the page (``#sco-data``)."""
    p = project.programme
    chash = project.content_hash
    term = office_term(project, page)
    period = NL["certificate_term"].format(period=term.period) if term and term.period else ""
    data = {"page": page.page_id, "lessons": list(page.steps),
            "programme": p.id, "programmeTitle": p.title, "term": period, "title": page.title,
            "called": project.module(page.module_ids[-1]).called,
            "hash": chash[:16], "mastery": p.quiz.mastery_score, "status": p.reporting.status,
            "completion": p.reporting.completion, "strings": NL}
    if page.bank:
        bank = project.bank(page.bank)
        data["quiz"] = {"salt": quiz_salt(project), "draw": p.quiz.questions_per_attempt, "maxAttempts": p.quiz.max_attempts,
                        "feedback": p.quiz.feedback, "review": p.quiz.review, "priorities": list(bank.priorities),
                        "rules": draw_rules(p.quiz.questions_per_attempt),
                        "questions": fragments.payload(bank)}
    return data


def plan_pages(project) -> list[Page]:
    """Module pages (web, programme SCOs) and combined core+office pages (single-office packages)."""
    pages = []
    core = project.module("core")
    for m in project.modules:
        pages.append(Page(f"{m.id}/index.html", m.id, m.title, (m.id,), tuple(ls.id for ls in m.lessons), m.id,
                          course=False))
    for m in project.modules[1:]:
        lessons = tuple(ls.id for ls in core.lessons) + tuple(ls.id for ls in m.lessons)
        pages.append(Page(f"course-{m.id}/index.html", f"course-{m.id}", m.title.replace("Module", "Inwerkprogramma", 1),
                          ("core", m.id), lessons, m.id, course=True))
    return pages


def lesson_layers(project) -> dict[str, frozenset]:
    """Each office module's lesson id -> the layers of government its office exists in (the core module's
    lessons are read in every layer, so they are left out)."""
    out = {}
    for m in project.modules:
        if m.office:
            layers = frozenset(project.curriculum.office(m.office).layers)
            out.update((ls.id, layers) for ls in m.lessons)
    return out


def render_site(project, cache: bool = True, previous: dict | None = None) -> Site:
    """Every page and asset, rendered once, as path -> bytes.

    cache: render each lesson, quiz and quiz payload once for all the pages that hold it (``Fragments``);
    False renders them again for every page, with the same bytes. previous: the last render's
    ``Site.fragments``, whose parts are reused where their inputs did not change (``preview``).
    """
    env = environment()
    c = project.curriculum
    chash = project.content_hash
    logo = None
    files: dict[str, bytes] = {
        "assets/app.css": shipped_asset("app.css"),
        "assets/app.js": shipped_asset("app.js"),
        "assets/brand.css": brand_css(project.programme),
    }
    if project.logo:
        suffix, data = project.logo
        logo = f"assets/logo{suffix}"
        files[logo] = data
    context = project.context
    common = {"programme": project.programme, "pub": c.publication, "c": c, "csp": CSP, "logo": logo,
              "rules": project.programme.quiz, "ctx": context,
              "mirror_of": {r.office: mirror(c, r.office, r.named_by) for r in context.roles}.__getitem__,
              "draw": draw_rules(project.programme.quiz.questions_per_attempt),
              "plan_rows": partial(actionplan.rows_for, c), "plan_questions": actionplan.lesson_questions,
              "plan_limits": actionplan.LIMITS}
    finish = lessonpost.Finisher(context.glossary, c.errata, lesson_layers(project))
    template = env.get_template("page.html")
    fragments = Fragments(env, common, finish, project, quiz_salt(project), cache, previous)
    pages = plan_pages(project)
    for page in pages:
        modules = [project.module(mid) for mid in page.module_ids]
        lessons = [ls for m in modules for ls in m.lessons]
        bank = project.bank(page.bank) if page.bank else None
        html = template.render(common, base="../", title=page.title, modules=modules, lessons=lessons,
                               bank=bank, data=page_data(project, page, fragments), fragments=fragments,
                               term=office_term(project, page))
        files[page.path] = html.encode("utf-8")
    web_pages = [p for p in pages if not p.course]
    files["index.html"] = env.get_template("index.html").render(
        common, base="", title=project.programme.title, pages=web_pages, term=None).encode("utf-8")
    return Site(files, tuple(pages), chash, fragments.renders, fragments.done)
