"""Command line: ``scorm-build check|build|preview|export|docs``.

Exit codes: 0 ok, 1 errors in the sources or the build, 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .diagnostics import Report
from .project import load_project

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def print_report(report: Report, strict: bool) -> None:
    for line in report.lines(strict):
        print(line, file=sys.stderr)


def epoch_ok() -> bool:
    """SOURCE_DATE_EPOCH, when set, must be usable as the zips' timestamp (checked before any work)."""
    from .package.archive import source_date_epoch

    try:
        source_date_epoch()
    except ValueError as exc:
        print(f"scorm-build: error: {exc}", file=sys.stderr)
        return False
    return True


def port_number(text: str) -> int:
    """argparse type of --port: 0 (any free port) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (0-65535; 0 picks a free one)")
    return value


class UsageProblem(Exception):
    """A command line that cannot be carried out as given (reported as a usage error, exit 2)."""


def out_dir(args, root: Path) -> Path:
    """--out as given when absolute, else relative to the project (README: Command line); never a folder
    the sources are read from."""
    out = Path(args.out) if Path(args.out).is_absolute() else root / args.out
    if out.exists() and not out.is_dir():
        raise UsageProblem(f"--out {args.out}: that is a file, not a folder; give a folder (it is made if missing)")
    clash = source_clash(root, out)
    if clash:
        raise UsageProblem(f"--out {args.out}: {clash}; choose a folder outside the sources, e.g. dist/")
    return out


def source_clash(root: Path, target: Path) -> str | None:
    """Why writing to target would overwrite or mix with the project's sources, or None."""
    from .project import SOURCE_TREES

    target = target.resolve()
    if target == root:
        return "that is the project folder itself"
    for name in (*SOURCE_TREES, "theme", "programme.yaml"):
        source = root / name
        if target == source or source in target.parents:
            return f"that is inside the project's sources ({name})"
    return None


def project_root(args) -> Path | None:
    root = Path(args.project).resolve()
    if not (root / "curriculum").is_dir():
        print(f"scorm-build: error: '{args.project}' is not a project (no curriculum/ folder)", file=sys.stderr)
        return None
    return root


def cmd_check(args) -> int:
    root = project_root(args)
    if root is None:
        return EXIT_USAGE
    project, report = load_project(root)
    print_report(report, args.strict)
    if report.failed(args.strict):
        return EXIT_ERRORS
    print("ok: sources are valid", file=sys.stderr)
    return EXIT_OK


def cmd_build(args) -> int:
    from .build import TARGETS, build
    from .fsutil import OutputRefused

    root = project_root(args)
    if root is None or not epoch_ok():
        return EXIT_USAGE
    targets = tuple(args.target) if args.target else TARGETS
    known = sorted(p.stem for p in (root / "curriculum" / "offices").glob("*.yaml"))
    unknown = [o for o in args.office or () if o not in known]
    if unknown:
        print(f"scorm-build: error: no office {', '.join(unknown)} (offices: {', '.join(known)})", file=sys.stderr)
        return EXIT_USAGE
    out = out_dir(args, root)
    if args.brands:
        if args.office:
            print("scorm-build: error: --brands builds whole programmes; it cannot be combined with --office",
                  file=sys.stderr)
            return EXIT_USAGE
        if "kit" in targets:
            print("scorm-build: error: --brands cannot build the kit (--target kit); build it without --brands",
                  file=sys.stderr)
            return EXIT_USAGE
        return build_brands(root, Path(args.brands), out, targets, args)

    def progress(n, total, path, size):
        print(f"[{n}/{total}] {path.relative_to(out.parent) if path.is_relative_to(out.parent) else path}"
              f" ({size / 1024:.0f} KB)", file=sys.stderr)

    try:
        result = build(root, out, targets, tuple(args.office or ()), progress, strict=args.strict,
                       lms=lms_profile(args.lms), caches=not args.no_cache)
    except OutputRefused as exc:
        print(f"scorm-build: error: {exc}\nbuild failed: nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"scorm-build: error: cannot write output: {exc}\nbuild failed: nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    print_report(result.report, args.strict)
    if result.report.failed(args.strict) or not result.outputs:
        print("build failed: nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    print(f"built {len(result.outputs)} output(s) in {out}", file=sys.stderr)
    return EXIT_OK


def build_brands(root: Path, brands: Path, out: Path, targets, args) -> int:
    """``build --brands FILE``: every brand of the file into OUT/<brand-id>/."""
    from .brandbuild import build_brands as run
    from .fsutil import OutputRefused

    brands = brands if brands.is_absolute() else root / brands  # inside the project, like every input

    def progress(n, total, path, packages):
        print(f"[{n}/{total}] {path} ({packages} packages)", file=sys.stderr)

    try:
        result = run(root, brands, out, targets, lms_profile(args.lms), args.strict, progress)
    except (OutputRefused, OSError) as exc:
        print(f"scorm-build: error: cannot write output: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    print_report(result.report, args.strict)
    if result.report.failed(args.strict) or not result.brands:
        print("build failed: nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    print(f"built {result.packages} package(s) for {len(result.brands)} brand(s) in {out}", file=sys.stderr)
    return EXIT_OK


def lms_profile(profile_id: str):
    from .package.lmsprofile import profile

    return profile(profile_id)


def cmd_preview(args) -> int:
    from .preview import serve

    root = project_root(args)
    if root is None:
        return EXIT_USAGE
    return serve(root, args.port, args.lms)


def cmd_export(args) -> int:
    from .export import export
    from .fsutil import OutputRefused, publish

    root = project_root(args)
    if root is None or (args.format == "qti" and not epoch_ok()):
        return EXIT_USAGE
    project, report = load_project(root)
    print_report(report, False)
    if project is None:
        print("export failed: nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    known = {m.id for m in project.modules}
    unknown = [m for m in args.module or () if m not in known]
    if unknown:
        print(f"scorm-build: error: no module {', '.join(unknown)} (modules: {', '.join(sorted(known))})",
              file=sys.stderr)
        return EXIT_USAGE
    files = export(project, args.format, tuple(args.module or ()))
    out = out_dir(args, root)
    try:
        publish(out, files, {})
    except (OutputRefused, OSError) as exc:
        print(f"scorm-build: error: cannot write output: {exc}\nexport failed: nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    for name, data in sorted(files.items()):
        print(f"wrote {out / name} ({len(data) / 1024:.0f} KB)", file=sys.stderr)
    return EXIT_OK


def cmd_docs(args) -> int:
    from .docs import generate
    from .fsutil import write_atomic

    # like every other output, a relative path is relative to the project folder
    root = Path(args.project).resolve()
    out = Path(args.output) if Path(args.output).is_absolute() else root / args.output
    if out.suffix.lower() != ".md" or source_clash(root, out):
        raise UsageProblem(f"--output {args.output}: the authoring guide is written to a Markdown file (.md) outside"
                           " the project's sources, e.g. docs/authoring.md")
    try:
        write_atomic(out, generate().encode("utf-8"))
    except OSError as exc:
        print(f"scorm-build: error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def cmd_keys_new(args) -> int:
    from .credentials.keys import KeyProblem, new_key

    try:
        issuer = new_key(Path(args.path).expanduser(), Path(args.project).resolve())
    except KeyProblem as exc:
        print(f"scorm-build: error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"wrote {args.path} (private, mode 0600; keep it there, back it up, never commit it)", file=sys.stderr)
    print(f"issuer id (public): {issuer.did}", file=sys.stderr)
    return EXIT_OK


def cmd_certify(args) -> int:
    from .credentials import issue
    from .credentials.keys import KeyProblem, load_key

    root = project_root(args)
    if root is None:
        return EXIT_USAGE
    if args.csv and not args.mapping:
        print("scorm-build: error: --csv needs --mapping (a YAML column mapping)", file=sys.stderr)
        return EXIT_USAGE
    exports = ([issue.Export("scorm", Path(f)) for f in args.scorm or ()]
               + [issue.Export("completion", Path(f)) for f in args.completion or ()]
               + [issue.Export("grades", Path(f)) for f in args.grades or ()]
               + [issue.Export("csv", Path(f), Path(args.mapping)) for f in args.csv or ()])
    if not exports:
        print("scorm-build: error: give at least one export (--scorm, --completion, --grades or --csv)", file=sys.stderr)
        return EXIT_USAGE
    now = _now()
    problem = issue.check_options(args.base_url, args.valid_until, now)
    if problem:
        print(f"scorm-build: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    out = out_dir(args, root)
    try:
        issuer = load_key(Path(args.key).expanduser(), root)
        issue.check_key_place(Path(args.key).expanduser(), root, out)
    except KeyProblem as exc:
        print(f"scorm-build: error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    project, report = load_project(root)
    if project is None:
        print_report(report, False)
        print("certify failed: the project has errors; nothing was issued", file=sys.stderr)
        return EXIT_ERRORS
    if args.module and args.module not in {m.id for m in project.modules}:
        print(f"scorm-build: error: no module {args.module}", file=sys.stderr)
        return EXIT_USAGE
    report = Report()
    results = issue.read_exports(exports, {m.id: m.title for m in project.modules}, args.module, report,
                                 project.programme.title)
    if not report.errors:
        issue.check_learners(project, results, report, not args.no_pdf)
    print_report(report, False)
    if report.errors:
        print("certify failed: nothing was issued", file=sys.stderr)
        return EXIT_ERRORS
    try:
        done = issue.certify(project, results, issuer, out, args.base_url, now, args.valid_until,
                             not args.no_pdf)
    except KeyProblem as exc:
        print(f"scorm-build: error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except issue.PdfProblem as exc:  # WeasyPrint without Debian's Pango: say how to fix it
        print(f"scorm-build: error: cannot make the PDF certificates ({exc}); install Pango (apt-get install"
              " libpango-1.0-0 libpangoft2-1.0-0) or give --no-pdf. Nothing was issued.", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:  # a full disk, a folder that cannot be written: publish put everything back
        print(f"scorm-build: error: cannot write output: {exc}\ncertify failed: nothing was issued", file=sys.stderr)
        return EXIT_ERRORS
    for a in done.awards:
        print(f"issued: {a.module} for {a.name} (score {a.score:g}; {a.evidence[0].at})", file=sys.stderr)
    for a in done.skipped:
        print(f"already issued: {a.module} for {a.name}", file=sys.stderr)
    print(f"issued {len(done.awards)} credential(s) into {out}; publish verify.html and status/ at {args.base_url}",
          file=sys.stderr)
    return EXIT_OK


def cmd_revoke(args) -> int:
    from .credentials import issue
    from .credentials.keys import KeyProblem, load_key

    root = Path(args.project).resolve()
    out = out_dir(args, root)
    try:
        issuer = load_key(Path(args.key).expanduser(), root)
    except KeyProblem as exc:
        print(f"scorm-build: error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    report = Report()
    try:
        done = issue.revoke(out, issuer, args.credential, _now(), report)
    except KeyProblem as exc:
        print(f"scorm-build: error: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"scorm-build: error: cannot write output: {exc}\nrevoke failed: nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    print_report(report, False)
    if done is None:
        print("revoke failed: nothing was changed", file=sys.stderr)
        return EXIT_ERRORS
    for cred in done.already:
        print(f"already revoked: {cred}", file=sys.stderr)
    if done.revoked:
        print(f"revoked {len(done.revoked)}; publish {out / 'status' / 'revocation.jwt'} and verify.html again",
              file=sys.stderr)
    else:
        print("revoked 0: nothing was changed", file=sys.stderr)
    return EXIT_OK


def cmd_report_items(args) -> int:
    from .fsutil import publish
    from .results import items, moodle
    from .results.itemreport import csv_report, html_report

    root = project_root(args)
    if root is None:
        return EXIT_USAGE
    project, report = load_project(root)
    if project is None:
        print_report(report, False)
        return EXIT_ERRORS
    report = Report()
    rows = [r for f in args.export for r in moodle.read_interactions(Path(f), report)]
    stats = items.analyse(project.banks, rows, report)
    print_report(report, False)
    if report.errors:
        print("report failed: nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    out = out_dir(args, root)
    publish(out, {"items.csv": csv_report(stats), "items.html": html_report(stats, project.programme.title)}, {})
    flagged = sum(1 for s in stats.items if s.flags)
    print(f"wrote {out / 'items.html'} and items.csv: {len(stats.items)} question(s), {flagged} flagged", file=sys.stderr)
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="scorm-build", description="Compile the curriculum into learning packages.")
    p.add_argument("--project", default=".", help="project folder (default: current folder); relative output"
                   " paths are relative to it")
    p.add_argument("--version", action="version", version=f"scorm-build {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    c = sub.add_parser("check", help="validate curriculum/, modules/ and quizzes/; report every problem")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.set_defaults(func=cmd_check)
    b = sub.add_parser("build", help="build the packages (all targets and offices by default) into dist/")
    b.add_argument("--target", action="append", choices=["scorm12", "scorm2004", "web", "kit"],
                   help="target to build (repeatable; default: scorm12, scorm2004 and web). 'kit': the"
                   " facilitator's kit (HTML and PDF) per office and per layer, into OUT/kit/; never built by"
                   " default")
    b.add_argument("--office", action="append", help="build only this office's packages, and a web site of the core"
                   " module and this office (repeatable); no programme package")
    b.add_argument("--out", default="dist", help="output folder (default: dist): the zips go in it, the web site in"
                   " OUT/web/ (replaced whole; a web/ folder scorm-build did not make is never touched)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--brands", metavar="FILE", help="a brands file (docs/brands.md): build the programme once per"
                   " organisation it lists, each into OUT/<brand-id>/")
    b.add_argument("--lms", default="moodle", choices=["moodle", "sequencing"],
                   help="LMS profile the packages are made for (default: moodle; see docs/runtime.md)")
    b.add_argument("--no-cache", action="store_true", help="load, check and render everything again, and keep"
                   " nothing for the next build (the build cache: $SCORM_BUILD_CACHE, else ~/.cache/scorm-build;"
                   " SCORM_BUILD_CACHE=off turns it off for good)")
    b.set_defaults(func=cmd_build)
    pv = sub.add_parser("preview", help="serve the site on 127.0.0.1 and rebuild when a source changes")
    pv.add_argument("--port", type=port_number, default=8000, help="port (default 8000; 0 picks a free one)")
    pv.add_argument("--lms", choices=["scorm12", "scorm2004"],
                    help="play the programme package inside the local LMS frame (needs `npm ci`)")
    pv.set_defaults(func=cmd_preview)
    e = sub.add_parser("export", help="export the question banks for LMS-native quizzes")
    e.add_argument("--format", required=True, choices=["moodle-xml", "qti"], help="Moodle XML or a QTI 2.1 package")
    e.add_argument("--module", action="append", help="export only this module's bank (repeatable)")
    e.add_argument("--out", default="dist/exports", help="output folder (default: dist/exports)")
    e.set_defaults(func=cmd_export)
    d = sub.add_parser("docs", help="write the author documentation generated from the source definitions")
    d.add_argument("--output", default="docs/authoring.md", help="file to write (default: docs/authoring.md)")
    d.set_defaults(func=cmd_docs)
    k = sub.add_parser("keys", help="manage the issuer's signing key").add_subparsers(dest="keys_command", required=True)
    kn = k.add_parser("new", help="create an Ed25519 key pair outside the project (mode 0600)")
    kn.add_argument("path", help="where to write the private key, outside the project (e.g. ~/.config/scorm-build/issuer.pem)")
    kn.set_defaults(func=cmd_keys_new)
    ce = sub.add_parser("certify", help="issue Open Badges 3.0 credentials from LMS result exports")
    ce.add_argument("--key", required=True, help="the issuer's private key (outside the project, mode 0600)")
    ce.add_argument("--base-url", required=True, help="https URL where verify.html and status/ are published"
                    " (https://host/path/, no user:password@)")
    ce.add_argument("--scorm", action="append", help="Moodle SCORM report download (.txt, tab-separated; repeatable)")
    ce.add_argument("--completion", action="append", help="Moodle course completion CSV (repeatable; needs --module)")
    ce.add_argument("--grades", action="append", help="Moodle grade export CSV (repeatable; needs --module)")
    ce.add_argument("--csv", action="append", help="another LMS's CSV export, read through --mapping (repeatable)")
    ce.add_argument("--mapping", help="YAML column mapping for --csv")
    ce.add_argument("--module", help="the module an export is about, when the export does not say")
    ce.add_argument("--valid-until", help="expiry of the credentials, in the future, e.g. 2031-01-01T00:00:00Z (default: none)")
    ce.add_argument("--no-pdf", action="store_true", help="write the certificates as HTML only")
    ce.add_argument("--out", default="dist/credentials", help="output folder (default: dist/credentials)")
    ce.set_defaults(func=cmd_certify)
    rv = sub.add_parser("revoke", help="revoke issued credentials (sets their bit in the status list)")
    rv.add_argument("credential", nargs="+", help="credential id (urn:uuid:...) or its .jwt file")
    rv.add_argument("--key", required=True, help="the issuer's private key")
    rv.add_argument("--out", default="dist/credentials", help="the folder certify wrote (default: dist/credentials)")
    rv.set_defaults(func=cmd_revoke)
    rp = sub.add_parser("report", help="reports from LMS exports").add_subparsers(dest="report_command", required=True)
    ri = rp.add_parser("items", help="item statistics per question from Moodle's SCORM interactions report")
    ri.add_argument("export", nargs="+", help="interactions report download(s) (.txt, tab-separated)")
    ri.add_argument("--out", default="dist/reports", help="output folder (default: dist/reports)")
    ri.set_defaults(func=cmd_report_items)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageProblem as exc:
        print(f"scorm-build: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("scorm-build: interrupted", file=sys.stderr)
        return EXIT_ERRORS
    except Exception as exc:  # a bug, not bad input: say so plainly, no traceback for the user
        if os.environ.get("SCORM_BUILD_DEBUG"):
            raise
        print(f"scorm-build: internal error: {type(exc).__name__}: {exc}. Nothing was written."
              " Please report this with the command you ran (SCORM_BUILD_DEBUG=1 shows the traceback).",
              file=sys.stderr)
        return EXIT_ERRORS


if __name__ == "__main__":
    sys.exit(main())
