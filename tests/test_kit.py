"""The facilitator's kit (``build --target kit``): what it writes, that its PDFs hold every card's text on
A4 with embedded fonts, byte for byte the same on every build, and that every card names its source.

The whole kit is built once for this module (it takes seconds); expected texts are computed from the
loaded project, never written here."""

from __future__ import annotations

import io
import re
import time

import pypdf
import pytest
from lxml import html as lxml_html

from scorm_build import actionplan
from scorm_build.build import TARGETS
from scorm_build.kit import LAYERS, kits, mirrors, session
from scorm_build.kit.render import pdf
from scorm_build.mirror import mirror
from scorm_build.project import load_project
from scorm_build.schema import Missing

from .conftest import ROOT, copy_project, run_cli

A4 = (595.28, 841.89)


@pytest.fixture(scope="module")
def project():
    p, report = load_project(ROOT)
    assert p is not None, report.items
    return p


@pytest.fixture(scope="module")
def kit_out(tmp_path_factory):
    """One ``build --target kit`` for the whole module: the output folder and how long it took."""
    from scorm_build.cli import main

    out = tmp_path_factory.mktemp("kit") / "dist"
    t0 = time.perf_counter()
    assert main(["--project", str(ROOT), "build", "--target", "kit", "--out", str(out)]) == 0
    return out / "kit", time.perf_counter() - t0


def offices_of(project) -> list[str]:
    return [m.office for m in project.modules if m.office]


def joint_layers(project) -> dict[str, list[str]]:
    """Layer -> its offices, for every layer with several offices (computed from the curriculum)."""
    c = project.curriculum
    out = {layer: [o for o in offices_of(project) if layer in c.office(o).layers] for layer in LAYERS}
    return {layer: offices for layer, offices in out.items() if len(offices) > 1}


def squeeze(text: str) -> str:
    """Text without any whitespace: PDF text comes back with line breaks wherever a line wrapped
    (also right after a hyphen), so texts are compared with all whitespace removed."""
    return re.sub(r"\s+", "", text)


def pdf_text(path) -> str:
    """A PDF's text, squeezed, without the '[sic]' marks put after the publication's slips."""
    return squeeze("".join(p.extract_text() for p in pypdf.PdfReader(path).pages)).replace("[sic]", "")


def sheet_text(path, sheet: str) -> str:
    """The text of the pages of one card set (each of its sheets is labelled with the set's name)."""
    texts = [p.extract_text() for p in pypdf.PdfReader(path).pages]
    found = [t for t in texts if t.lstrip().startswith(sheet)]
    assert found, (path, sheet)
    return squeeze("".join(found)).replace("[sic]", "")


def page(kit_dir, kit_id: str):
    return lxml_html.fromstring((kit_dir / kit_id / "index.html").read_bytes())


def text_of(el) -> str:
    return " ".join(el.text_content().split())


def expected_cards(project, office_id: str) -> list[str]:
    """The texts the office's priority cards must carry: each priority value and perspective, or the
    publication's reason where the text lost them."""
    c = project.curriculum
    o = c.office(office_id)
    out = []
    if isinstance(o.priorities, Missing):
        out.append(o.priorities.reason)
    else:
        out += [c.value(v).name for v in o.priorities]
    if isinstance(o.perspectives, Missing):
        out.append(o.perspectives.reason)
    else:
        out += [p.text for g in o.perspectives for p in g.items]
    return out


def test_kit_is_not_a_default_target_but_a_choice():
    from scorm_build.cli import parser

    assert "kit" not in TARGETS
    args = parser().parse_args(["build", "--target", "kit"])
    assert args.target == ["kit"]


def test_build_writes_a_kit_per_office_and_a_joint_kit_per_layer(kit_out, project):
    kit_dir, seconds = kit_out
    print(f"build --target kit: {seconds:.1f} s")
    expected = offices_of(project) + list(joint_layers(project))
    assert {"gemeente", "provincie", "waterschap"} <= set(joint_layers(project))
    written = sorted(p.relative_to(kit_dir).as_posix() for p in kit_dir.rglob("*") if p.is_file())
    assert written == sorted([".scorm-build", "index.html"] + [f"{k}/{f}" for k in expected
                                                               for f in ("index.html", "kit.pdf")])
    index = lxml_html.fromstring((kit_dir / "index.html").read_bytes())
    links = set(index.xpath("//a/@href"))
    assert links == {f"{k}/{f}" for k in expected for f in ("index.html", "kit.pdf")}
    # no leftover of the staging (written all at once through fsutil.publish)
    assert not [p for p in kit_dir.parent.iterdir() if p.name.startswith(".scorm-build-")]


@pytest.mark.parametrize("office", ["burgemeester", "gemeentesecretaris", "griffier", "raadslid", "rekenkamerlid",
                                    "statenlid", "waterschapsbestuurder", "wethouder"])
def test_the_office_pdf_holds_every_priority_value_perspective_and_tension(kit_out, project, office):
    """Read back from the PDF's card sheets: the office's priority cards and the tension cards."""
    assert office in offices_of(project)
    kit_dir, _ = kit_out
    priorities, tensions = session.SHEETS["priorities"][0], session.SHEETS["tensions"][0]
    kits_of_office = [office] + [layer for layer, offices in joint_layers(project).items() if office in offices]
    assert len(kits_of_office) >= 2  # every office meets others in a joint session
    for kit_id in kits_of_office:
        cards = sheet_text(kit_dir / kit_id / "kit.pdf", priorities)
        assert [e for e in expected_cards(project, office) if squeeze(e) not in cards] == [], kit_id
        cards = sheet_text(kit_dir / kit_id / "kit.pdf", tensions)
        assert [t.text for t in project.curriculum.values.tensions if squeeze(t.text) not in cards] == [], kit_id


def test_every_value_and_cluster_has_a_card_in_the_pdf(kit_out, project):
    kit_dir, _ = kit_out
    c = project.curriculum
    text = pdf_text(kit_dir / "raadslid" / "kit.pdf")
    assert len(c.values.values) == c.values.total == 39
    for v in c.values.values:
        assert squeeze(v.name) in text
    for cl in c.values.clusters:
        assert squeeze(cl.description) in text
    html = page(kit_dir, "raadslid")
    assert len(html.xpath("//article[contains(@class, 'card-value')]")) == 39
    assert len(html.xpath("//article[contains(@class, 'card-cluster')]")) == len(c.values.clusters)
    assert len(html.xpath("//article[contains(@class, 'card-tension')]")) == len(c.values.tensions) == 3


def test_every_pdf_page_is_a4_and_every_font_is_embedded(kit_out):
    kit_dir, _ = kit_out
    pdfs = sorted(kit_dir.rglob("kit.pdf"))
    assert pdfs
    for path in pdfs:
        reader = pypdf.PdfReader(path)
        sizes = {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages}
        assert all(abs(w - A4[0]) <= 1 and abs(h - A4[1]) <= 1 for w, h in sizes), (path, sizes)
        fonts = fonts_of(reader)
        assert fonts, path
        assert [base for base, embedded in fonts.items() if not embedded] == [], path


def fonts_of(reader) -> dict[str, bool]:
    """Every font the pages use: base name -> whether its font file is in the PDF (FontFile2/FontFile3,
    or FontFile for Type 1; through the descendant font of a Type 0 font)."""
    out = {}
    for p in reader.pages:
        for ref in (p["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            out[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def test_the_font_check_sees_a_font_that_is_not_embedded():
    from pypdf.generic import DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    blank = writer.add_blank_page(595, 842)
    helvetica = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                  NameObject("/BaseFont"): NameObject("/Helvetica")})
    blank[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(helvetica)})})
    data = io.BytesIO()
    writer.write(data)
    assert fonts_of(pypdf.PdfReader(io.BytesIO(data.getvalue()))) == {"/Helvetica": False}


def test_the_cards_are_a6_four_to_a_sheet_with_cut_marks(kit_out):
    kit_dir, _ = kit_out
    html = page(kit_dir, "raadslid")
    css = html.xpath("//style")[0].text
    assert re.search(r"@page\s*\{\s*size:\s*A4", css)
    assert re.search(r"\.card\s*\{[^}]*width:\s*105mm;[^}]*height:\s*148\.5mm", css)
    for sheet in html.xpath("//div[@class='sheet']"):
        assert 1 <= len(sheet.xpath("./article[contains(@class, 'card')]")) <= 4
        assert len(sheet.xpath("./div[@class='cut']/span")) == 6


def test_a_rebuild_gives_byte_identical_pdfs(kit_out, tmp_path, capsys):
    kit_dir, _ = kit_out
    out = tmp_path / "again"
    code, err, _ = run_cli(["--project", str(ROOT), "build", "--target", "web", "--target", "kit", "--office",
                            "raadslid", "--out", str(out)], capsys)
    assert code == 0, err
    assert (out / "web" / "raadslid" / "index.html").is_file()  # written together with the kit
    assert (out / "kit" / "raadslid" / "kit.pdf").read_bytes() == (kit_dir / "raadslid" / "kit.pdf").read_bytes()
    assert (out / "kit" / "raadslid" / "index.html").read_bytes() == (kit_dir / "raadslid" / "index.html").read_bytes()
    # --office makes that office's kit only, no joint kits
    assert sorted(p.name for p in (out / "kit").iterdir() if p.is_dir()) == ["raadslid"]


def test_the_pdf_date_is_source_date_epoch_or_none(monkeypatch):
    small = "<!DOCTYPE html><html lang='nl'><head><title>x</title></head><body><p>x</p></body></html>"

    def info(data: bytes) -> dict:
        return dict(pypdf.PdfReader(io.BytesIO(data)).metadata or {})

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain, _, _ = pdf(small, b"0" * 32)
    assert "/CreationDate" not in info(plain) and "/ModDate" not in info(plain)
    assert plain == pdf(small, b"0" * 32)[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    dated, _, _ = pdf(small, b"0" * 32)
    assert info(dated)["/CreationDate"].startswith("D:20260101000000") and dated == pdf(small, b"0" * 32)[0]
    assert pypdf.PdfReader(io.BytesIO(dated)).trailer["/ID"][0] == "0" * 32


def test_the_pdf_refuses_every_fetch():
    remote = ("<!DOCTYPE html><html lang='nl'><head><title>x</title>"
              "<link rel='stylesheet' href='https://example.org/x.css'></head>"
              "<body><img src='https://example.org/x.png' alt='x'></body></html>")
    _, _, asked = pdf(remote, b"0" * 32)
    assert sorted(asked) == ["https://example.org/x.css", "https://example.org/x.png"]


def test_each_session_plan_adds_up_to_150_minutes(kit_out, project):
    kit_dir, _ = kit_out
    assert session.SESSION_MINUTES == 150
    for steps in (session.office_plan(True), session.office_plan(False), session.joint_plan()):
        assert sum(s.minutes for s in steps) == 150
        assert all(k in session.SHEETS for s in steps for k in s.sheets)
    for k in kits(project):
        html = page(kit_dir, k.id)
        rows = html.xpath("//table[@class='plan']//tr[@class='step-row']")
        assert sum(int(r.get("data-minutes")) for r in rows) == 150
        assert html.xpath("//td[@class='total']/@data-total") == ["150"]
        # the last slot ends at 2:30
        assert text_of(rows[-1].xpath("./td")[0]).endswith("2:30")
        # goals from the module objectives; materials name the kit's own sheets
        goals = [text_of(li) for li in html.xpath("//ul[@class='goals']/li")]
        assert goals and all(any(" ".join(o.text.split()) in g for m in project.modules for o in m.objectives)
                             for g in goals)
        anchors = {a.split("#")[1] for a in html.xpath("//ul[@class='materials']//a/@href")}
        assert anchors == {anchor for _, anchor in session.SHEETS.values()}
        assert all(html.get_element_by_id(a) is not None for a in anchors)


def test_every_card_names_its_source(kit_out, project):
    kit_dir, _ = kit_out
    c = project.curriculum
    sources = {v.name: v.source for v in c.values.values}
    for k in kits(project):
        html = page(kit_dir, k.id)
        cards = html.xpath("//article[contains(concat(' ', @class, ' '), ' card ')]")
        assert cards
        for card in cards:
            src = card.xpath("./p[@class='source']")
            assert len(src) == 1 and text_of(src[0]).startswith("Bron: de publicatie, "), text_of(card)[:80]
            if "card-value" in card.get("class"):
                name = text_of(card.xpath(".//h3")[0]).split(" (")[0]
                assert sources[name] in text_of(src[0])
        # every dilemma and mirror item names its source too
        for ex in html.xpath("//article[@class='exercise']"):
            assert ex.xpath("./p[@class='source']")
        for li in html.xpath("//article[@class='mirror-office']//li[span[@class='source']]"):
            assert "Bron:" in text_of(li)


def test_what_the_text_lost_is_said_on_the_card(kit_out, project):
    kit_dir, _ = kit_out
    c = project.curriculum
    statenlid = c.office("statenlid")
    assert isinstance(statenlid.priorities, Missing)
    html = page(kit_dir, "statenlid")
    card = html.xpath("//article[contains(@class, 'card-priority-missing')]")
    assert len(card) == 1 and statenlid.priorities.reason in text_of(card[0])
    for v in c.unplaced_values():
        value_card = [a for a in html.xpath("//article[contains(@class, 'card-value')]")
                      if text_of(a.xpath(".//h3")[0]) == v.name]
        assert len(value_card) == 1 and v.cluster.reason in text_of(value_card[0])


def test_the_dilemmas_are_group_exercises_with_what_each_choice_weighs(kit_out, project):
    kit_dir, _ = kit_out
    for k in kits(project):
        html = page(kit_dir, k.id)
        exercises = {ex.get("id"): ex for ex in html.xpath("//article[@class='exercise']")}
        banks = [project.bank("core")] + [b for b in project.banks if b.office in k.offices]
        expected = [q for b in banks for q in b.dilemmas()]
        assert expected and sorted(exercises) == sorted(f"d-{q.id}" for q in expected)
        for q in expected:
            text = text_of(exercises[f"d-{q.id}"])
            assert " ".join(q.scenario.split()) in text
            assert project.curriculum.tension(q.tension).text in text
            for o in q.options:
                assert " ".join(o.text.split()) in text and " ".join(o.feedback.split()) in text
            assert exercises[f"d-{q.id}"].xpath(".//h4[text()='Vragen voor het gesprek']")


def test_the_mirror_exercise_names_what_others_were_advised(kit_out, project):
    kit_dir, _ = kit_out
    c, ctx = project.curriculum, project.context
    for k in kits(project):
        html = page(kit_dir, k.id)
        for oid in k.offices:
            found = mirror(c, oid, ctx.role(oid).named_by)
            if k.joint:
                found = [p for p in found if p.office in k.offices]
            section = html.get_element_by_id(f"m-{oid}")
            text = text_of(section)
            assert all(p.text in text and p.source in text for p in found), (k.id, oid)
            others = [p for p in mirror(c, oid, ctx.role(oid).named_by) if p not in found]
            assert not [p for p in others if p.text in text], (k.id, oid)
    # the raad-griffie-college conversation: in the gemeente's joint kit the offices present name each other
    gemeente = next(k for k in kits(project) if k.id == "gemeente")
    assert sum(len(items) for _, _, items in mirrors(project, gemeente)) >= 5
    # where no office present names an office, its part says so
    for k in kits(project):
        for o, _, items in mirrors(project, k):
            if not items:
                assert "geen handelingsperspectieven" in text_of(page(kit_dir, k.id).get_element_by_id(f"m-{o.id}"))


def test_the_handout_holds_the_action_plan_and_the_reflection_questions(kit_out, project):
    kit_dir, _ = kit_out
    c = project.curriculum
    for k in kits(project):
        html = page(kit_dir, k.id)
        for oid in k.offices:
            module = next(m for m in project.modules if m.office == oid)
            shape = actionplan.page_shape(c, [module])
            handout = html.get_element_by_id(f"h-{oid}")
            assert len(handout.xpath(".//table[@class='plan-table']/tbody/tr")) == len(shape.rows)
            text = text_of(handout)
            for q in shape.questions:
                assert " ".join(q.split()) in text
            for row in shape.rows:
                assert all(p.text in text for p in row.perspectives)


def test_each_handout_starts_a_page_and_fills_one_or_two(kit_out, project):
    """Handouts come last; each starts on a page of its own ('Hand-out: <office>') and takes one or two A4."""
    kit_dir, _ = kit_out
    for k in kits(project):
        texts = [p.extract_text().lstrip() for p in pypdf.PdfReader(kit_dir / k.id / "kit.pdf").pages]
        starts = [i for i, t in enumerate(texts) if t.startswith("Hand-out: ")]
        names = [texts[i].splitlines()[0] for i in starts]
        assert names == [f"Hand-out: {project.curriculum.office(o).plural}" for o in k.offices], k.id
        lengths = [end - start for start, end in zip(starts, starts[1:] + [len(texts)])]
        assert all(1 <= n <= 2 for n in lengths), (k.id, lengths)


def test_the_html_stands_alone(kit_out, project):
    """No script, image or stylesheet link; no URL to load; the inline style allowed by hash only."""
    import base64
    import hashlib

    kit_dir, _ = kit_out
    for path in sorted(kit_dir.rglob("*.html")):
        html = lxml_html.fromstring(path.read_bytes())
        assert not html.xpath("//script | //img | //link | //iframe | //object | //@style")
        refs = html.xpath("//@href | //@src")
        assert all(not re.match(r"[a-z]+:", r) for r in refs), (path, refs)
        style = html.xpath("//style")[0].text
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        csp = html.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
        assert f"style-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


def test_a_card_that_does_not_fit_is_a_located_error(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    office = project / "curriculum" / "offices" / "raadslid.yaml"
    lines = office.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "text: Behoud je eigen kleur" in line)
    lines[at] += " Nog een zin." * 120
    office.write_text("\n".join(lines) + "\n", encoding="utf-8")
    group_line = max(i for i in range(at) if lines[i].startswith("- value:")) + 1
    out = tmp_path / "dist"
    code, err, _ = run_cli(["--project", str(project), "build", "--target", "web", "--target", "kit",
                            "--office", "raadslid", "--out", str(out)], capsys)
    assert code == 1
    assert err[0].startswith(f"curriculum/offices/raadslid.yaml:{group_line}: error: the card 'Authenticiteit")
    assert err[0].endswith("[kit.card-overflow]")
    assert not (out / "kit").exists() and not (out / "web").exists()  # all outputs or none


def test_brands_cannot_build_the_kit(tmp_path, capsys):
    code, err, _ = run_cli(["--project", str(ROOT), "build", "--brands", "brands.yaml", "--target", "kit",
                            "--out", str(tmp_path)], capsys)
    assert code == 2 and "--brands cannot build the kit" in err[0]


@pytest.mark.parametrize("body, source, fits", [
    ("Kort.", "Bron: kort.", True),
    ("Kort. " * 20 + "<br>" * 60, "Bron: kort.", False),  # runs past its box
    ("Kort. " * 20 + "<br>" * 18, "Bron: " + "een lange kop > " * 60, False),  # runs into the source line
])
def test_the_fit_check_sees_a_card_that_runs_out_of_room(body, source, fits):
    from scorm_build.kit.render import overflowing, stylesheet

    import weasyprint

    page = (f"<!DOCTYPE html><html lang='nl'><head><title>x</title><style>{stylesheet('#123456')}</style></head><body>"
            f"<div class='sheet'><article class='card p0'><div class='body' data-ref='curriculum/values.yaml:7'"
            f" data-title='T'><h3>T</h3><p>{body}</p></div><p class='source'>{source}</p></article></div></body></html>")
    found = overflowing(weasyprint.HTML(string=page).render())
    expected = [] if fits else [("curriculum/values.yaml:7", "T")]
    assert [(ref, title) for ref, title, _ in found] == expected
