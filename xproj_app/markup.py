"""HTML and Markdown for the app pages: tokens with coloured spans, labelled rows, the legend, the CSS,
and escaping of text shown through Streamlit's Markdown (where ``$…$`` would become a formula)."""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Sequence

from xproj_core.types import SentencePair, Span

TYPE_COLOURS = {"PER": "#4e79a7", "ORG": "#f28e2b", "LOC": "#59a14f", "DATE": "#b07aa1", "MISC": "#9c755f"}
EXTRA_COLOURS = ("#e15759", "#76b7b2", "#edc948", "#ff9da7", "#bab0ac")
CATEGORY_STYLE = {
    "correct": ("✓", "#2e7d32"),
    "wrong_type": ("type", "#ef6c00"),
    "wrong_boundary": ("bounds", "#8e24aa"),
    "spurious": ("spurious", "#c62828"),
    "missed": ("missed", "#c62828"),
}

CSS = """
<style>
.xp-sent {line-height: 2.1; font-size: 1.02rem; margin: 0.1rem 0 0.4rem 0;}
.xp-ent {border-radius: 0.35rem; padding: 0.1rem 0.3rem; margin: 0 0.1rem; border: 2px solid transparent;}
.xp-lab {font-size: 0.62rem; font-weight: 700; margin-left: 0.25rem; vertical-align: middle;
         font-family: ui-monospace, monospace; opacity: 0.85}
.xp-score {font-size: 0.62rem; margin-left: 0.2rem; opacity: 0.7}
.xp-cat {font-size: 0.62rem; font-weight: 700; margin-left: 0.25rem; padding: 0 0.2rem; border-radius: 0.2rem;
         color: white}
.xp-missed {border: 2px dashed #c62828; background: transparent !important}
.xp-tok {color: #999; font-size: 0.6rem; vertical-align: sub; margin-left: 1px}
.xp-rows {border-collapse: collapse; width: 100%; border: none}
.xp-rows td {border: none; padding: 0 0.4rem 0 0; vertical-align: top}
.xp-rows td.xp-rowlab {width: 11rem; font-size: 0.78rem; color: #555; padding-top: 0.45rem}
.xp-rows .xp-sent {margin: 0}
</style>
"""


def type_colour(label: str) -> str:
    """A stable colour per entity type."""
    return TYPE_COLOURS.get(label) or EXTRA_COLOURS[zlib.crc32(label.encode()) % len(EXTRA_COLOURS)]


def _tint(colour: str, alpha: str = "33") -> str:
    return colour + alpha


def spans_html(
    tokens: Sequence[str],
    spans: Sequence[Span],
    categories: dict[tuple[int, int, str], str] | None = None,
    missed: Sequence[Span] = (),
    show_scores: bool = False,
    token_numbers: bool = False,
) -> str:
    """Tokens as HTML with each span highlighted in its type's colour and labelled.

    ``categories`` maps a span key to its error category (shown as a badge); ``missed`` gold spans are
    drawn with a dashed outline on tokens not covered by a projected span.
    """
    categories = categories or {}
    starts = {s.start: s for s in spans}
    missed_starts = {s.start: s for s in missed if not any(s.overlaps(p) for p in spans)}
    out: list[str] = []
    i = 0
    while i < len(tokens):
        span = starts.get(i) or missed_starts.get(i)
        if span is None:
            number = f"<span class='xp-tok'>{i}</span>" if token_numbers else ""
            out.append(html.escape(tokens[i]) + number)
            i += 1
            continue
        colour = type_colour(span.label)
        words = " ".join(html.escape(t) for t in tokens[span.start : span.end])
        is_missed = span.start in missed_starts and span is missed_starts[span.start]
        badge = ""
        category = "missed" if is_missed else categories.get(span.key)
        if category:
            text, bg = CATEGORY_STYLE[category]
            badge = f"<span class='xp-cat' style='background:{bg}'>{text}</span>"
        score = f"<span class='xp-score'>{span.score:.2f}</span>" if show_scores and not is_missed else ""
        cls = "xp-ent xp-missed" if is_missed else "xp-ent"
        style = f"background:{_tint(colour)};border-color:{colour}"
        out.append(
            f"<span class='{cls}' style='{style}' title='{span.label} [{span.start},{span.end})'>{words}"
            f"<span class='xp-lab' style='color:{colour}'>{html.escape(span.label)}</span>{score}{badge}</span>"
        )
        i = span.end
    return f"<div class='xp-sent'>{' '.join(out)}</div>"


def labelled_html(rows: Sequence[tuple[str, str] | tuple[str, str, str]]) -> str:
    """Several rendered sentences, each behind a short label (source, gold, a method…), as one table; a
    third item in a row is the label's hover text (a method's full spec)."""
    cells = []
    for label, content, *hover in rows:
        title = f" title='{html.escape(hover[0], quote=True)}'" if hover else ""
        cells.append(f"<tr><td class='xp-rowlab'{title}>{html.escape(label)}</td><td>{content}</td></tr>")
    return f"<table class='xp-rows'>{''.join(cells)}</table>"


def source_rows(pair: SentencePair) -> list[tuple[str, str]]:
    """The source sentence as a :func:`labelled_html` row, or no row for a gold set stored without one."""
    return [(f"source · {pair.src_lang}", spans_html(pair.src_tokens, pair.src_spans))] if pair.src_tokens else []


def legend_html(labels: Sequence[str]) -> str:
    items = " ".join(
        f"<span class='xp-ent' style='background:{_tint(type_colour(label))};border-color:{type_colour(label)}'>"
        f"{html.escape(label)}</span>"
        for label in labels
    )
    return f"<div class='xp-sent'>{items}</div>"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")


def md(text: object) -> str:
    """``text`` for Streamlit Markdown (captions, labels, buttons) shown literally: every Markdown
    character is backslash-escaped, so ``${cache}`` is never a formula and ``*`` never emphasis."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
