"""Import every submodule of a package, so that components register themselves by name."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable


def import_submodules(package: str, path: Iterable[str]) -> list[str]:
    """Import ``package.X`` for each module X in ``path`` (skipping private ``_x`` modules)."""
    names = [m.name for m in pkgutil.iter_modules(list(path)) if not m.name.startswith("_")]
    for name in sorted(names):
        importlib.import_module(f"{package}.{name}")
    return names
