"""``build --brands FILE``: one programme offered by many organisations, each into OUT/<brand-id>/.

A brand's packages hold exactly the files, in the same order and with the same bytes, as a plain build
with that brand in programme.yaml; only the deflate streams of the pages that name the organisation
differ (they are deflated part by part, so the shared text is compressed once for all brands)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import pytest

from scorm_build.brandbuild import build_brands
from scorm_build.build import build
from scorm_build.package import zipwriter
from scorm_build.project import load_project

from .conftest import DIAG_RE, run_cli

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

BRANDS = """\
brands:
  - id: gemeente-aa
    organisation: Gemeente Aa & Hunze <test>
    primary: "#2b3a55"
    accent: "#7a1f1f"
  - id: gemeente-bb
    organisation: Gemeente Bêrgum
    primary: "#1f4e79"
    accent: "#8a3b12"
    logo: theme/bb.png
  - id: gemeente-cc
    organisation: Gemeente Cc
    primary: "#00584a"
    accent: "#5c2d91"
    logo: theme/logo.svg
"""


def set_branding(project: Path, organisation: str, primary: str, accent: str, logo: str | None) -> None:
    prog = project / "programme.yaml"
    text = prog.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  organisation: .*$", f"  organisation: {organisation}", text)
    text = re.sub(r"(?m)^  primary: .*$", f'  primary: "{primary}"', text)
    text = re.sub(r"(?m)^  accent: .*$", f'  accent: "{accent}"', text)
    text = re.sub(r"(?m)^  logo: .*\n", f"  logo: {logo}\n" if logo else "", text)
    prog.write_text(text, encoding="utf-8")


def entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


@pytest.fixture
def branded(project, tmp_path):
    (project / "theme" / "bb.png").write_bytes(PNG)
    (project / "brands.yaml").write_text(BRANDS, encoding="utf-8")
    result = build_brands(project, project / "brands.yaml", tmp_path / "brands", targets=("scorm12", "web"))
    assert not result.report.errors, result.report.lines(False)
    return project, tmp_path / "brands", result


@pytest.mark.parametrize("brand, organisation, primary, accent, logo", [
    ("gemeente-aa", "Gemeente Aa & Hunze <test>", "#2b3a55", "#7a1f1f", None),
    ("gemeente-bb", "Gemeente Bêrgum", "#1f4e79", "#8a3b12", "theme/bb.png"),
    ("gemeente-cc", "Gemeente Cc", "#00584a", "#5c2d91", "theme/logo.svg"),
])
def test_a_brands_packages_equal_a_plain_build_with_that_brand(branded, tmp_path, brand, organisation, primary,
                                                               accent, logo):
    project, out, _ = branded
    set_branding(project, organisation, primary, accent, logo)
    plain = build(project, tmp_path / "plain", targets=("scorm12", "web"))
    assert not plain.report.errors
    zips = sorted(p.name for p in (tmp_path / "plain").glob("*.zip"))
    assert zips == sorted(p.name for p in (out / brand).glob("*.zip")) and len(zips) == 9
    for name in zips:
        mine, theirs = (out / brand / name).read_bytes(), (tmp_path / "plain" / name).read_bytes()
        assert entries(mine) == entries(theirs), name
    web = {p.relative_to(out / brand / "web") for p in (out / brand / "web").rglob("*") if p.is_file()}
    plain_web = {p.relative_to(tmp_path / "plain" / "web") for p in (tmp_path / "plain" / "web").rglob("*")
                 if p.is_file()}
    assert web == plain_web - {Path(".scorm-build")}  # the ownership marker: OUT/<brand>/ holds it
    for rel in web:
        assert (out / brand / "web" / rel).read_bytes() == (tmp_path / "plain" / "web" / rel).read_bytes(), rel


def test_each_logo_kind_is_rendered_once_however_many_brands(branded):
    _, out, result = branded
    assert result.brands == ["gemeente-aa", "gemeente-bb", "gemeente-cc"]
    assert result.renders == 3  # no logo, PNG, SVG
    assert result.packages == 27
    index = (out / "gemeente-aa" / "web" / "index.html").read_text(encoding="utf-8")
    assert "Gemeente Aa &amp; Hunze &lt;test&gt;" in index and "\ue000" not in index
    assert (out / "gemeente-aa" / "web" / "assets" / "brand.css").read_text() == \
        ":root{--primary:#2b3a55;--accent:#7a1f1f}\n"
    assert (out / "gemeente-bb" / "web" / "assets" / "logo.png").read_bytes() == PNG


def test_many_brands_of_one_logo_kind_render_the_site_once(project, tmp_path):
    text = "brands:\n" + "".join(f"  - id: g{i}\n    organisation: Gemeente {i}\n    primary: \"#1f4e79\"\n"
                                 f"    accent: \"#8a3b12\"\n" for i in range(5))
    (project / "brands.yaml").write_text(text, encoding="utf-8")
    result = build_brands(project, project / "brands.yaml", tmp_path / "out", targets=("scorm12",))
    assert result.renders == 1 and len(result.brands) == 5


def test_the_content_hash_does_not_depend_on_the_branding(project):
    before, _ = load_project(project)
    (project / "theme" / "bb.png").write_bytes(PNG)
    set_branding(project, "Een andere organisatie", "#00584a", "#5c2d91", "theme/bb.png")
    after, _ = load_project(project)
    assert after.programme.branding.organisation == "Een andere organisatie"
    assert before.content_hash == after.content_hash
    prog = project / "programme.yaml"
    prog.write_text(prog.read_text(encoding="utf-8").replace("mastery_score: 80", "mastery_score: 70"))
    changed, _ = load_project(project)
    assert changed.content_hash != before.content_hash  # the programme's settings still count


def test_every_brand_error_is_located_and_reported_in_one_run(project, tmp_path, capsys):
    (project / "brands.yaml").write_text("""\
brands:
  - id: a
    organisation: A
    primary: "#ffff00"
    accent: "#8a3b12"
  - id: a
    organisation: B
    primary: "#1f4e79"
    accent: "#8a3b12"
    logo: theme/nope.png
  - id: Bad_Id
    organisation: C
    primary: red
    accent: "#8a3b12"
  - id: d
    organisation: D
    primary: "#1f4e79"
    accent: "#8a3b12"
    logo: theme/app.txt
""", encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "build", "--brands", "brands.yaml", "--out",
                            str(tmp_path / "out")], capsys)
    assert code == 1 and not (tmp_path / "out").exists()
    diags = [ln for ln in err if DIAG_RE.match(ln)]
    found = {(int(ln.split(":")[1]), ln.rsplit("[", 1)[1].rstrip("]")) for ln in diags}
    assert found == {(2, "programme.contrast"), (6, "brands.duplicate"), (10, "programme.logo"),
                     (11, "schema.pattern"), (13, "schema.pattern"), (19, "programme.logo")}
    assert all(ln.startswith("brands.yaml:") for ln in diags)


def test_brands_cannot_be_combined_with_office(project, capsys):
    (project / "brands.yaml").write_text(BRANDS, encoding="utf-8")
    code, err, _ = run_cli(["--project", str(project), "build", "--brands", "brands.yaml", "--office", "raadslid"],
                           capsys)
    assert code == 2 and "--office" in err[-1]


def test_parts_deflated_one_by_one_inflate_to_the_joined_bytes():
    d = zipwriter.Deflated()
    shared = b"<p>shared text</p>" * 500
    crc, packed, size = d.pieces((shared, b"Gemeente A", shared))
    joined = shared + b"Gemeente A" + shared
    assert zlib.decompress(packed, -15) == joined and crc == zlib.crc32(joined) and size == len(joined)
    _, packed_b, _ = d.pieces((shared, b"Gemeente B", shared))
    assert zlib.decompress(packed_b, -15) == shared + b"Gemeente B" + shared
    data = zipwriter.write([("a.html", (shared, b"X", shared))], (1980, 1, 1, 0, 0, 0), d)
    assert entries(data) == [("a.html", shared + b"X" + shared)]
