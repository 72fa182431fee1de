"""WeasyPrint that loads nothing: the url_fetcher for every PDF the project makes (kit, certificates).

Every URL a page names is refused and noted, so a PDF is made from the page's own bytes only.
WeasyPrint 68 and later expect a ``URLFetcher`` (a plain function lacks the attributes they read);
earlier versions take a function.
"""

from __future__ import annotations


class Refused(Exception):
    """A URL the page asked for; never loaded."""


def refuser(asked: list[str], what: str = "this PDF"):
    """A url_fetcher that refuses every URL and appends it to ``asked``."""
    def refuse(url: str, *args, **kwargs):
        asked.append(url)
        raise Refused(f"{what} may not load {url}")
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before 68
        return refuse

    class Refuser(URLFetcher):
        def fetch(self, url, headers=None):
            return refuse(url)
    return Refuser()
