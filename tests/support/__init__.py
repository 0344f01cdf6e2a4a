"""Helpers shared by several test packages (fixtures stay in the conftest.py files)."""
