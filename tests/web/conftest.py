from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def get(client):
    """GET a page and return (status, parsed HTML)."""

    def fetch(url: str, expect: int | None = 200):
        response = client.get(url)
        if expect is not None:
            assert response.status_code == expect, response.data[:500]
        return response.status_code, BeautifulSoup(response.data, "html.parser")

    return fetch
