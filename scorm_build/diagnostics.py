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

    @property
    def stem(self) -> str:
        """The file name without folder and extension (ids that must match their file use it)."""
        return self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


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

    def lines(self, strict: bool = False) -> list[str]:
        """What a command prints: every diagnostic in file order, then a count (nothing when empty)."""
        out = [str(d) for d in self.sorted()]
        if self.items:
            note = " (warnings fail: --strict)" if strict and self.warnings else ""
            out.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s){note}")
        return out
