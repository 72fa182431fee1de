"""Located diagnostics: every problem names a file, a line and a stable code."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class SourceRef:
    """A position in a source file: project-relative POSIX path and 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the sources."""

    where: SourceRef
    message: str
    code: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message} [{self.code}]"


@dataclass(slots=True)
class Report:
    """Collects diagnostics of one run, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, where: SourceRef, message: str, code: str) -> None:
        self.items.append(Diagnostic(where, message, code, "error"))

    def warning(self, where: SourceRef, message: str, code: str) -> None:
        self.items.append(Diagnostic(where, message, code, "warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics ordered by file and line (stable for equal positions)."""
        return sorted(self.items, key=lambda d: (d.where.path, d.where.line))


class BuildError(Exception):
    """Raised by a stage that cannot go on; carries the report to print."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} error(s)")
        self.report = report
