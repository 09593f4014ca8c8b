"""Published reference numbers per corpus (``configs/anchors.yaml``), drawn beside our results by
``xproj results`` and the app's Scaling page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ANCHORS = Path(__file__).resolve().parents[1] / "configs" / "anchors.yaml"


def published_anchors(path: Path = ANCHORS) -> dict[str, list[dict[str, Any]]]:
    """Corpus name → its anchors (``name``, ``f1``, ``source``); empty when the file is absent."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
