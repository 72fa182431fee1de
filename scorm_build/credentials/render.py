"""The credentials part's one Jinja2 environment (autoescape, StrictUndefined) and its own files."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import jinja2


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("scorm_build", "credentials/templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def asset(name: str) -> str:
    return resources.files("scorm_build").joinpath("credentials", "templates", name).read_text("utf-8")
