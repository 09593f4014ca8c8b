"""Fixtures for the app tests: a fresh fixture cache per test, selected through ``$XPROJ_CACHE``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fixtures.synthetic_cache import build_fixture_cache


@pytest.fixture(scope="session")
def fixture_cache_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "xproj.sqlite"
    build_fixture_cache(path).sqlite.close()
    return path


@pytest.fixture()
def app_cache(fixture_cache_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture cache, used by the app through ``XPROJ_CACHE``."""
    target = tmp_path / "cache" / "xproj.sqlite"
    target.parent.mkdir()
    shutil.copy(fixture_cache_template, target)
    monkeypatch.setenv("XPROJ_CACHE", str(target.parent))
    return target
