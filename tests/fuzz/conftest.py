"""Hypothesis profiles for the fuzz tests: bounded in CI, thousands of examples on request.

    .venv/bin/pytest tests/fuzz                          # "ci": ~60 examples a test, < 60 s in all
    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/fuzz  # 5,000 examples a test (about an hour)

A failing example is printed with the @example(...) line that replays it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("long", parent=settings.get_profile("ci"), max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
