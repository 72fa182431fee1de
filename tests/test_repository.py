"""A fresh clone is enough: everything the tests read is in the repository, under stated terms."""

from __future__ import annotations

import re

from .conftest import ROOT, SOURCE_TEXT, TEST_SCHEMAS


def test_test_data_is_inside_the_repository():
    for path in (SOURCE_TEXT, TEST_SCHEMAS / "qti21" / "imsqti_v2p1.xsd"):
        assert path.resolve().is_relative_to(ROOT) and path.is_file(), path


def test_no_test_reaches_outside_the_repository():
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"ROOT\.parent|parent\.parent\.parent|['\"/]shared['\"/]", text), path


def test_notice_states_the_terms_of_what_is_included():
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "MIT" in notice
    assert "© De Argumentenfabriek, 2024" in notice and "permission" in notice
    assert "source/toekomstbestendig-decentraal-bestuur.txt" in notice
    for folder in ("scorm_build/schemas/scorm12/", "scorm_build/schemas/scorm2004_4th/", "tests/schemas/qti21/"):
        assert folder in notice
