"""The README and the practice-format docs cannot drift from the code."""

from __future__ import annotations

from hub.cli import main
from hub.config import SETTINGS
from indexer import vocabulary
from indexer.model import fields
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FORMAT = (ROOT / "docs" / "practice-format.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    for name in main.commands:
        assert f"`hub {name}" in README, name


def test_every_setting_is_in_the_readme():
    for setting in SETTINGS:
        assert f"`HUB_{setting.name}`" in README, setting.name


def test_every_field_and_slug_is_in_the_format_docs():
    for name in fields():
        assert f"`{name}`" in FORMAT, name
    for name in ("principles", "types"):
        for code in vocabulary.ALL[name]().codes:
            assert f"`{code}`" in FORMAT, code
    for section in vocabulary.sections():
        for label in section.label.values():
            assert label in FORMAT, label
