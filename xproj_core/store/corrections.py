"""The append-only corrections log the app writes, and the correction state derived from it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import check_choice
from ..types import Span
from .connection import Connection, spans_from_json, spans_to_json


@dataclass(frozen=True)
class CorrectionState:
    """The current, derived correction state of one sentence."""

    spans: list[Span] | None
    """Corrected spans, or None when the sentence was never edited."""
    reviewed: bool
    skipped: bool
    annotator: str | None
    event_id: int | None


class CorrectionTables(Connection):
    """The ``corrections`` table: events are appended, never edited; an undo is an event too."""

    def add_correction(
        self, corpus: str, idx: int, annotator: str, action: str, spans: Sequence[Span] | None = None
    ) -> int:
        """Append one correction event: action ``set`` (with the full span list), ``reviewed`` or ``skip``."""
        check_choice("action", action, ("set", "reviewed", "skip"))
        row = {
            "corpus": corpus,
            "idx": idx,
            "annotator": annotator,
            "at": time.time(),
            "action": action,
            "spans": None if spans is None else spans_to_json(spans),
            "undoes": None,
        }
        with self.writing():
            return int(self.sqlite["corrections"].insert(row).last_pk)

    def undo(self, corpus: str, idx: int, annotator: str) -> int | None:
        """Append an ``undo`` event cancelling the latest live event of a sentence; None if nothing to undo."""
        with self.writing():  # read and append under one lock: two undos never cancel the same event
            live = self._live_events(corpus, idx)
            if not live:
                return None
            row = {
                "corpus": corpus,
                "idx": idx,
                "annotator": annotator,
                "at": time.time(),
                "action": "undo",
                "spans": None,
                "undoes": live[-1]["id"],
            }
            return int(self.sqlite["corrections"].insert(row).last_pk)

    def history(self, corpus: str, idx: int) -> list[dict[str, Any]]:
        """All events of a sentence, oldest first (undone ones included, marked ``undone``)."""
        events = list(self.sqlite["corrections"].rows_where("corpus = ? AND idx = ?", [corpus, idx], order_by="id"))
        undone = {e["undoes"] for e in events if e["action"] == "undo"}
        return [{**e, "undone": e["id"] in undone} for e in events]

    def _live_events(self, corpus: str, idx: int) -> list[dict[str, Any]]:
        return [e for e in self.history(corpus, idx) if e["action"] != "undo" and not e["undone"]]

    def correction_state(self, corpus: str, idx: int) -> CorrectionState:
        live = self._live_events(corpus, idx)
        spans = next((spans_from_json(e["spans"]) for e in reversed(live) if e["action"] == "set"), None)
        last = live[-1] if live else None
        return CorrectionState(
            spans=spans,
            reviewed=any(e["action"] == "reviewed" for e in live),
            skipped=bool(last and last["action"] == "skip"),
            annotator=last["annotator"] if last else None,
            event_id=last["id"] if last else None,
        )

    def corrected_indices(self, corpus: str) -> list[int]:
        query = "SELECT DISTINCT idx FROM corrections WHERE corpus = ? ORDER BY 1"
        return [r[0] for r in self.sqlite.execute(query, [corpus])]
