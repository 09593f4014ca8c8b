"""``xproj project`` on a tiny JSONL corpus with a fake aligner that reads links from the pair's meta."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from xproj_core.align import ALIGNERS
from xproj_core.cli import main
from xproj_core.types import Alignment, SentencePair


class MetaLinksAligner:
    """Returns the links stored in ``pair.meta["links"]`` (like an imported alignment)."""

    name = "test-meta-links"

    def align(self, pairs: Sequence[SentencePair], progress: bool = False) -> list[Alignment]:
        return [Alignment.from_links(map(tuple, p.meta["links"]), len(p.src_tokens), len(p.tgt_tokens)) for p in pairs]

    def signature(self) -> str:
        return self.name


if "test-meta-links" not in ALIGNERS:
    ALIGNERS.register("test-meta-links", "links from pair.meta (tests)")(MetaLinksAligner)

PAIRS = [
    {
        "id": "1",
        "src_lang": "en",
        "tgt_lang": "de",
        "src_tokens": ["Anna", "Berg", "lives", "in", "Paris"],
        "tgt_tokens": ["In", "Paris", "wohnt", "Anna", "Berg"],
        "src_tags": ["B-PER", "I-PER", "O", "O", "B-LOC"],
        "tgt_tags": ["O", "B-LOC", "O", "B-PER", "I-PER"],
        "meta": {"links": [[0, 3], [1, 4], [2, 2], [3, 0], [4, 1]]},
    },
    {
        "id": "2",
        "src_lang": "en",
        "tgt_lang": "de",
        "src_tokens": ["The", "UN", "met", "Bob"],
        "tgt_tokens": ["Die", "Vereinten", "Nationen", "trafen", "Bob"],
        "src_tags": ["O", "B-ORG", "O", "B-PER"],
        "tgt_tags": ["O", "B-ORG", "I-ORG", "O", "B-PER"],
        "meta": {"links": [[0, 0], [1, 1], [2, 3], [3, 4]]},
    },
]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAIRS), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(["project", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("solver", ["greedy", "exact"])
def test_project_writes_corpus_and_scores(corpus: Path, tmp_path: Path, capsys, solver: str) -> None:
    out = tmp_path / "projected.jsonl"
    payload = _run(
        capsys,
        "--corpus",
        str(corpus),
        "--method",
        "ilp-align",
        "--aligner",
        "test-meta-links",
        "--solver",
        solver,
        "--out",
        str(out),
    )
    # "UN" is aligned to "Vereinten" only: 3 of the 4 projected spans match the 4 gold ones
    assert payload["metrics"]["ALL"]["f1"] == pytest.approx(3 / 4)
    assert payload["metrics"]["PER"]["f1"] == 1.0 and payload["metrics"]["ORG"]["f1"] == 0.0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["tgt_tags"] == ["O", "B-LOC", "O", "B-PER", "I-PER"]
    assert records[1]["tgt_tags"] == ["O", "B-ORG", "O", "O", "B-PER"]
    assert records[1]["meta"]["tgt_gold_tags"] == PAIRS[1]["tgt_tags"]
    assert records[1]["meta"]["projection"]["spans"][0] == [1, 2, "ORG", 1.0]
    assert f"solver={solver}" in records[0]["meta"]["projection"]["signature"]


def test_project_types_options_and_human_output(corpus: Path, capsys) -> None:
    payload = _run(
        capsys,
        "--corpus",
        str(corpus),
        "--method",
        "heuristic",
        "--aligner",
        "test-meta-links",
        "--types",
        "PER,LOC",
        "--option",
        "d=2",
        "--option",
        "thr=0",
    )
    assert set(payload["metrics"]) == {"PER", "LOC", "ALL"} and payload["metrics"]["ALL"]["f1"] == 1.0
    assert "heuristic(d=2,k=None,only_i=False,thr=0.0)" == payload["method"]
    assert main(["project", "--corpus", str(corpus), "--method", "heuristic", "--aligner", "test-meta-links"]) == 0
    text = capsys.readouterr().out
    assert "ALL" in text and "2 pairs" in text


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--method", "ilp-align"], "E200"),
        (["--method", "heuristic", "--aligner", "test-meta-links", "--option", "alpha=2"], "E016"),
        (["--method", "ilp-ner", "--aligner", "test-meta-links"], "E200"),
        (["--method", "nope"], "E010"),
    ],
)
def test_project_errors(corpus: Path, capsys, argv: list[str], code: str) -> None:
    assert main(["project", "--corpus", str(corpus), *argv]) == 2
    assert f"[{code}]" in capsys.readouterr().err


def test_bt_project_through_the_cli_with_cached_translations(corpus: Path, tmp_path: Path, capsys) -> None:
    """The paper's route from the command line: cached marked translations, imported t′↔t links, inner options."""
    translations = tmp_path / "t_prime.txt"
    translations.write_text(
        "[ Anna Berg ] lives in [ Paris ] ||| [ Anna Berg ] wohnt in [ Paris ]\n"
        "The [ UN ] met [ Bob ] ||| Die [ Vereinten Nationen ] trafen [ Bob ]\n"
        "Anna Berg ||| Anna Berg\nParis ||| Paris\nUN ||| Vereinten Nationen\nBob ||| Bob\n",
        encoding="utf-8",
    )
    links = tmp_path / "mono.pharaoh"
    links.write_text("0-3 1-4 2-2 3-0 4-1\n0-0 1-1 2-2 3-3 4-4\n", encoding="utf-8")
    payload = _run(
        capsys,
        "--corpus",
        str(corpus),
        "--method",
        "bt-project:heuristic",
        "--translator",
        f"cached:{translations}",
        "--option",
        f"aligner=imported:{links}",
        "--option",
        "tokenizer=whitespace",
        "--option",
        "inner.d=0",
    )
    assert payload["metrics"]["ALL"]["f1"] == pytest.approx(1.0)
    assert payload["method"].startswith("bt-project(heuristic(d=0,") and payload["aligner"] is None
