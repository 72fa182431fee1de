"""Where each definition lives in a project: the three source trees and the programme file."""

from __future__ import annotations

from ..schema import kinds_of
from . import context, curriculum, module, programme, quiz

TREES = ((curriculum.FOLDER, curriculum.FILES), (module.FOLDER, module.FILES), (quiz.FOLDER, quiz.FILES))
PROGRAMME = (programme.FOLDER, programme.FILES, programme.DOC)
CONTEXT = (context.FOLDER, context.FILES)
DOCS = {curriculum.FOLDER: curriculum.DOC, module.FOLDER: module.DOC, quiz.FOLDER: quiz.DOC,
        context.FOLDER: context.DOC}


def kind_homes() -> dict[str, str]:
    """Kind of entry -> the file or folder that defines it, e.g. 'perspective' -> 'curriculum/offices/'."""
    homes: dict[str, str] = {}
    for folder, layout in TREES + (CONTEXT,):
        for pattern, cls, _ in layout:
            home = f"{folder}/{pattern.split('*')[0]}"
            for kind in sorted(kinds_of(cls)):
                homes.setdefault(kind, home)
    return homes
