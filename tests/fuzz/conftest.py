"""Hypothesis profiles for the fuzz tests: bounded in CI, thousands of examples on request.

    .venv/bin/pytest tests/fuzz                          # "ci": ~60 examples a test, < 60 s in all
    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/fuzz  # 5,000 examples a test (about an hour)

A failing example is printed with the @example(...) line that replays it.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from hub import create_app

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("long", parent=settings.get_profile("ci"), max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def fuzz_app(backend):
    """The hub over the test index; no CSRF token or rate limit, so fuzzed forms reach the code."""
    return create_app({"BACKEND": backend, "TESTING": True, "SECRET_KEY": "fuzz", "WTF_CSRF_ENABLED": False})


@pytest.fixture
def fuzz_client(fuzz_app):
    return fuzz_app.test_client()
