"""The author docs are generated from the loader's definitions and committed up to date."""

from __future__ import annotations


from scorm_build.docs import generate
from scorm_build.model import curriculum
from scorm_build.schema import source_fields

from .conftest import ROOT


def test_committed_docs_match_the_definitions():
    committed = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert committed == generate(), "run: scorm-build docs"


def test_every_field_of_every_file_is_documented():
    text = generate()
    for _, cls, _ in curriculum.FILES:
        assert f"### {cls.__name__}" in text
        for f in source_fields(cls):
            assert f"| `{f.name}` |" in text
            assert f.metadata.get("doc"), f"{cls.__name__}.{f.name} has no doc"


def test_docs_command_writes_the_file(tmp_path, capsys):
    from scorm_build.cli import main

    out = tmp_path / "authoring.md"
    assert main(["docs", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == generate()
