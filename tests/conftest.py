from __future__ import annotations

from pathlib import Path

import pytest

from tests.practice_text import practice_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def write_practice(tmp_path):
    """Write a practice file into tmp_path/practices and return its path."""
    folder = tmp_path / "practices"
    folder.mkdir(exist_ok=True)

    def write(name: str = "test-practice", text: str | bytes | None = None, **fields) -> Path:
        path = folder / f"{name}.md"
        content = practice_text(**fields) if text is None else text
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return write
