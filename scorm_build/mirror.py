"""The mirror: what the publication advises *other* offices about working with an office.

The rule, derived from the curriculum and never hand-listed: an individual perspective for action of
office B is in the mirror of office A when B is not A and the perspective's text contains one of the
words by which A or its organ is named (``named_by`` in ``context/roles/<A>.yaml``), matched in
lowercase as whole words (so 'raad' matches "aan de raad" but not "raadsleden", and 'raads-' matches
"raads- of Statenleden").
"""

from __future__ import annotations

import re

from .model.curriculum import Curriculum, PlacedPerspective


def word_pattern(word: str) -> re.Pattern:
    """A lowercase word or phrase matched whole: not preceded or followed by a letter or digit."""
    return re.compile(r"(?<!\w)" + re.escape(word.lower()) + r"(?!\w)")


def names(text: str, words) -> str | None:
    """The first of ``words`` that ``text`` contains as a whole word, or None."""
    low = text.lower()
    return next((w for w in words if word_pattern(w).search(low)), None)


def mirror(curriculum: Curriculum, office_id: str, named_by) -> tuple[PlacedPerspective, ...]:
    """Every individual perspective of another office that names this office or its organ."""
    return tuple(p for p in curriculum.perspectives() if p.office != office_id and names(p.text, named_by))
