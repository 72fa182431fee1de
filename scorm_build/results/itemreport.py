"""The item report: a CSV with one row per question and an HTML page with inline SVG charts."""

from __future__ import annotations

import csv
import io

from markupsafe import Markup, escape

from ..credentials.render import environment
from .items import MIN_N, TOO_EASY, TOO_HARD, ItemReport, ItemStats

FLAG_TEXT = {
    "too-easy": f"too easy (at least {TOO_EASY:.0%} right)",
    "too-hard": f"too hard (at most {TOO_HARD:.0%} right)",
    "negative-discrimination": "negative discrimination (weaker attempts do better on it)",
    "unused-distractor": "a wrong option nobody chose",
}


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def csv_report(report: ItemReport) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["module", "question", "type", "answered", "right", "share_right", "discrimination",
                "option_counts", "flags"])
    for s in report.items:
        w.writerow([s.module, s.id, s.type, s.answered, s.right, _fmt(s.share_right), _fmt(s.discrimination),
                    " ".join(f"{oid}{'*' if ok else ''}={n}" for oid, _, ok, n in s.options),
                    " ".join(s.flags)])
    return out.getvalue().encode("utf-8")


def option_chart(s: ItemStats) -> Markup:
    """Horizontal bars of how often each option was chosen; the right options are marked in text too."""
    if not s.options:
        return Markup("")
    top = max(1, max(n for *_, n in s.options))
    bar_h, width, label_w = 22, 420, 150
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + width + 60}"'
             f' height="{bar_h * len(s.options) + 4}" aria-label="Choices per option of {escape(s.id)}">']
    for i, (oid, _, ok, n) in enumerate(s.options):
        y = i * bar_h + 2
        w = round(width * n / top)
        label = f"{oid}{' (right)' if ok else ''}"
        parts.append(f'<text x="0" y="{y + 15}" font-size="13">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h - 6}"'
                     f' fill="{"#1b5e20" if ok else "#1f4e79"}"/>'
                     f'<text x="{label_w + w + 6}" y="{y + 15}" font-size="13">{n}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def overview_chart(report: ItemReport) -> Markup:
    """Share right (x) against discrimination (y), one dot per question, flagged ones in red."""
    w, h, pad = 520, 300, 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{w}" height="{h}"'
             ' aria-label="Share right against discrimination per question">',
             f'<line x1="{pad}" y1="{h / 2}" x2="{w - 10}" y2="{h / 2}" stroke="#666"/>',
             f'<line x1="{pad}" y1="10" x2="{pad}" y2="{h - pad}" stroke="#666"/>',
             f'<text x="{w / 2}" y="{h - 8}" font-size="12">share right (0-1)</text>',
             f'<text x="2" y="20" font-size="12">r +1</text><text x="2" y="{h - pad}" font-size="12">r -1</text>']
    for s in report.items:
        if s.share_right is None or s.discrimination is None:
            continue
        x = pad + s.share_right * (w - pad - 10)
        y = h / 2 - s.discrimination * (h / 2 - pad)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{"#b00020" if s.flags else "#1f4e79"}">'
                     f'<title>{escape(s.id)}</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))


def html_report(report: ItemReport, title: str) -> bytes:
    page = environment().get_template("items.html").render(
        title=title, report=report, flag_text=FLAG_TEXT, fmt=_fmt, option_chart=option_chart,
        overview=overview_chart(report), min_n=MIN_N, flagged=[s for s in report.items if s.flags])
    return page.encode("utf-8")
