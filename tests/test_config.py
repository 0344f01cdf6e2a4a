"""Settings follow the collection the user stands in; hub.toml, HUB_ variables and options override."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from hub import config
from hub.cli import main
from tests.conftest import DATA


def test_the_collection_is_the_nearest_folder_upwards_with_practices(tmp_path):
    (tmp_path / "practices" / "drafts").mkdir(parents=True)
    assert config.collection_root(tmp_path / "practices" / "drafts") == tmp_path
    assert config.collection_root(tmp_path) == tmp_path


def test_hub_toml_marks_a_collection_and_its_folders_are_relative_to_it(tmp_path):
    (tmp_path / "hub.toml").write_text('practices = "content"\nindex = "/srv/index"\n', encoding="utf-8")
    (tmp_path / "content" / "x").mkdir(parents=True)
    settings = config.from_environment({}, cwd=tmp_path / "content" / "x")
    assert settings["PRACTICES"] == str(tmp_path / "content")
    assert settings["INDEX"] == "/srv/index"


def test_a_folder_without_a_collection_is_its_own(tmp_path):
    settings = config.from_environment({}, cwd=tmp_path)
    assert settings["PRACTICES"] == str(tmp_path / "practices")
    assert settings["INDEX"] == str(tmp_path / "var" / "index")


def test_variables_override_hub_toml(tmp_path):
    (tmp_path / "hub.toml").write_text('index = "built"\n', encoding="utf-8")
    settings = config.from_environment({"HUB_INDEX": "elsewhere"}, cwd=tmp_path)
    assert settings["INDEX"] == "elsewhere"
    assert settings["PRACTICES"] == str(tmp_path / "practices")


@pytest.mark.parametrize(
    ("text", "message"),
    [("indx = 'x'\n", "indx: not a setting"), ("practices = \n", "hub.toml")],
)
def test_a_bad_hub_toml_is_a_clean_error(tmp_path, monkeypatch, text, message):
    (tmp_path / "hub.toml").write_text(text, encoding="utf-8")
    with pytest.raises(config.SettingsError, match=message):
        config.from_environment({}, cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def collection(tmp_path, monkeypatch):
    """A collection of the test practices; the test stands in its practices/ folder."""
    for setting in config.SETTINGS:
        monkeypatch.delenv(f"HUB_{setting.name}", raising=False)
    root = tmp_path / "collection"
    shutil.copytree(DATA, root / "practices")
    monkeypatch.chdir(root / "practices")
    return root


def test_every_command_uses_the_same_collection(collection):
    runner = CliRunner()
    new = runner.invoke(main, ["new", "Ventanilla única"])
    assert new.exit_code == 0, new.output
    assert (collection / "practices" / "ventanilla-unica.md").is_file()
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 0, check.output
    assert f"{len(list(DATA.glob('*.md'))) + 1} file(s) checked" in check.stderr
    index = runner.invoke(main, ["index"])
    assert index.exit_code == 0, index.output
    assert (collection / "var" / "index").exists()
    assert not (Path.cwd() / "var").exists()


def test_options_override_the_collection(collection, tmp_path):
    index = CliRunner().invoke(main, ["index", "--index", str(tmp_path / "elsewhere")])
    assert index.exit_code == 0, index.output
    assert (tmp_path / "elsewhere").exists() and not (collection / "var").exists()
