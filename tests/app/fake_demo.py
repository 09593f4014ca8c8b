"""A stand-in for the demo engine in the shared-build tests: records that it started, reports progress,
writes the small fixture cache, and finishes only once the test creates ``release`` beside the cache."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from tests.fixtures.synthetic_cache import build_fixture_cache
from xproj_core.store import Store

STARTS = "builds.log"
RELEASE = "release"


def build(store: Store, progress: Callable[[float, str], None]) -> None:
    folder = store.path.parent
    with open(folder / STARTS, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\n")
    progress(0.1, "first cells")
    build_fixture_cache(store.path, n_sentences=5)
    deadline = time.time() + 120
    while not (folder / RELEASE).exists() and time.time() < deadline:
        progress(0.5, "waiting for the test")
        time.sleep(0.2)
    progress(1.0, "done")


def fail(store: Store, progress: Callable[[float, str], None]) -> None:
    progress(0.2, "about to fail")
    raise RuntimeError("no $HOME for the demo")
