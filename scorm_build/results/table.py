"""Delimited text (TSV from Moodle's SCORM reports, CSV from completion and grade exports) with lines."""

from __future__ import annotations

import csv
import io
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Report, SourceRef
from ..yamlsource import decode

MAX_EXPORT_BYTES = 64 << 20  # 64 MiB: far above a Moodle report of 100,000 attempts


def read_text(path: Path, rel: str, report: Report, limit: int = MAX_EXPORT_BYTES) -> str | None:
    """A file the user names (an LMS export, a column mapping) as text; None after reporting why not.

    Only regular files are read (a FIFO or a device would hang or never end), and only up to limit.
    """
    try:
        info = path.stat()
    except OSError as exc:
        report.error(SourceRef(rel, 1), f"cannot read file: {exc.strerror}", "file.unreadable")
        return None
    if not stat.S_ISREG(info.st_mode):
        report.error(SourceRef(rel, 1), "not a regular file: name the exported file itself", "file.special")
        return None
    if info.st_size > limit:
        report.error(SourceRef(rel, 1), f"file of {info.st_size} bytes is larger than the {limit} bytes read",
                     "file.too-large")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(SourceRef(rel, 1), f"cannot read file: {exc.strerror}", "file.unreadable")
        return None
    return decode(data, rel, report)


@dataclass(frozen=True, slots=True)
class Table:
    """A header and rows, each row with the line it ends on."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    def ref(self, line: int) -> SourceRef:
        return SourceRef(self.path, line)


def sniff_delimiter(first_line: str) -> str:
    """Tab, semicolon or comma: whichever the header line holds most of (tab wins a tie)."""
    counts = {d: first_line.count(d) for d in ("\t", ";", ",")}
    return max(("\t", ";", ","), key=lambda d: counts[d]) if any(counts.values()) else "\t"


def read_table(path: Path, report: Report, delimiter: str | None = None) -> Table | None:
    """Read a delimited UTF-8 file (a BOM is allowed); None after reporting why it cannot be used.

    Rows whose cell count differs from the header's are reported with their line and left out.
    """
    rel = str(path)
    text = read_text(path, rel, report)
    if text is None:
        return None
    if not text.strip():
        report.error(SourceRef(rel, 1), "file is empty: export the report again", "results.empty")
        return None
    delim = delimiter or sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"', strict=True)
    rows: list[tuple[int, tuple[str, ...]]] = []
    header: tuple[str, ...] | None = None
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            cells = tuple(c.strip() for c in cells)
            if header is None:
                header = cells
                continue
            if len(cells) != len(header):
                report.error(SourceRef(rel, reader.line_num),
                             f"row has {len(cells)} cells, the header has {len(header)}: the file is cut"
                             " or a cell holds a stray delimiter", "results.row-width")
                continue
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        report.error(SourceRef(rel, reader.line_num), f"cannot read the row: {exc}", "results.syntax")
        return None
    if header is None:
        report.error(SourceRef(rel, 1), "file has no header row", "results.empty")
        return None
    return Table(rel, header, tuple(rows))


#: A score as LMSs write it, in ASCII digits only (float() would also take '1e3', '1_000', 'infinity'
#: and other scripts' digits such as fullwidth '９０', none of which an LMS writes for a score).
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


def number(text: str) -> float | None:
    """A number as an LMS writes it: '85', '85.5', '85,50', '85,00 %'; None when it is not one."""
    t = text.replace("%", "").replace("\u00a0", "").strip()
    if not NUMBER.fullmatch(t):
        return None
    return float(t.replace(",", "."))
