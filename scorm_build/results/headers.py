"""Column headers and status words of Moodle's exports, in English and Dutch.

Moodle writes headers and status words in the language of the person who downloads the report
(`get_string`); the English strings are Moodle's own (mod/scorm/lang/en, lang/en/moodle.php,
mod/scorm/report/interactions/lang/en), the Dutch ones those of Moodle's nl language pack and the
variants seen in older packs (the 2.4 pack's 'scorm' strings: 'Laatst bekeken op', 'Volledig',
'Voorgeproefd'). Matching ignores case and surrounding spaces. docs/certificering.md
lists them; a site with other wording can use the generic CSV reader with a column mapping.
"""

from __future__ import annotations

import re

NAME = ("name", "naam", "volledige naam", "full name")
EMAIL = ("email address", "email", "e-mail address", "e-mailadres", "e-mail", "emailadres")
ATTEMPT = ("attempt", "poging")
STARTED = ("started on", "gestart op", "begonnen op")
LAST = ("last accessed on", "laatst geopend op", "laatste toegang op", "laatst bezocht op", "laatst bekeken op",
        "laatst gewijzigd")
SCORE = ("score", "cijfer", "resultaat")
COURSE_COMPLETE = ("course complete", "cursus voltooid", "cursus afgewerkt")
FIRST_NAME = ("first name", "voornaam")
LAST_NAME = ("last name", "surname", "achternaam")

#: Interactions report: 'Question {n}', 'Response {n}', 'Right answer {n}', 'Result {n}'.
INTERACTION = {
    "question": re.compile(r"^(question|vraag)\s+(\d+)$", re.I),
    "response": re.compile(r"^(response|antwoord|reactie)\s+(\d+)$", re.I),
    "right": re.compile(r"^(right answer|juist antwoord|goed antwoord|correct antwoord)\s+(\d+)$", re.I),
    "result": re.compile(r"^(result|resultaat)\s+(\d+)$", re.I),
}

#: Status words of a SCO cell without a raw score, normalised to SCORM's words.
STATUS_WORDS = {
    "passed": "passed", "geslaagd": "passed", "behaald": "passed",
    "completed": "completed", "voltooid": "completed", "afgewerkt": "completed", "afgerond": "completed",
    "volledig": "completed",
    "failed": "failed", "niet geslaagd": "failed", "mislukt": "failed", "gezakt": "failed",
    "incomplete": "incomplete", "onvolledig": "incomplete", "niet voltooid": "incomplete",
    "browsed": "browsed", "doorbladerd": "browsed", "bekeken": "browsed", "voorgeproefd": "browsed",
    "not attempted": "notattempted", "niet geprobeerd": "notattempted", "nog niet geprobeerd": "notattempted",
    "notattempted": "notattempted",
}

#: Grade export columns that hold a grade: 'SCORM package: Name (Real)' and its Dutch forms.
GRADE_COLUMN = re.compile(r"\((real|percentage|echt|reëel|reeel)\)\s*$", re.I)

NO_ATTEMPT = "-"


def key(header: str) -> str:
    return " ".join(header.strip().lower().split())


def find(header: tuple[str, ...], names: tuple[str, ...]) -> int | None:
    """Index of the first column whose header is one of ``names``."""
    wanted = set(names)
    return next((i for i, h in enumerate(header) if key(h) in wanted), None)
