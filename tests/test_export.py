import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.synthetic_cache import CORPUS, build_fixture_cache
from xproj_core.browse import resolve_method
from xproj_core.errors import XprojError
from xproj_core.export import FORMATS, atomic_directory, export, export_bytes, silver_sentences
from xproj_core.io.conll import read_conll
from xproj_core.io.jsonl import read_jsonl
from xproj_core.types import Span

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def store(tmp_path):
    store = build_fixture_cache(tmp_path / "xproj.sqlite", n_sentences=12)
    store.add_correction(CORPUS, 1, "ada", "set", [Span(0, 1, "ORG")])
    store.add_correction(CORPUS, 1, "ada", "reviewed")
    store.add_correction(CORPUS, 3, "bob", "reviewed")  # reviewed unchanged: the projection stands
    store.add_correction(CORPUS, 5, "bob", "set", [Span(1, 2, "LOC")])
    store.undo(CORPUS, 5, "bob")  # undone: sentence 5 is untouched again
    return store


def read_back(path: Path, fmt: str) -> list[tuple[list[str], list[str]]]:
    """(tokens, tags) of every sentence, read with each format's own reader."""
    if fmt == "conll":
        return [(s.tokens, s.tags) for s in read_conll(path)]
    if fmt == "jsonl":
        return [(p.tgt_tokens, p.tgt_tags) for p in read_jsonl(path)]
    if fmt == "hf":
        from datasets import load_from_disk

        data = load_from_disk(str(path))
        names = data.features["ner_tags"].feature.names
        return [(row["tokens"], [names[t] for t in row["ner_tags"]]) for row in data]
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    docs = DocBin().from_bytes(path.read_bytes()).get_docs(Vocab())
    return [([t.text for t in d], [t.ent_iob_ + "-" + t.ent_type_ if t.ent_type_ else "O" for t in d]) for d in docs]


def test_silver_selection(store):
    method = resolve_method(store, CORPUS, "e5/heuristic")
    reviewed = silver_sentences(store, CORPUS, "reviewed", method)
    assert [(s.idx, s.origin) for s in reviewed] == [(1, "corrected"), (3, "projection")]
    assert reviewed[0].spans == [Span(0, 1, "ORG")]
    assert reviewed[1].spans == store.predictions(method.signature, 3)[3]["spans"]
    everything = silver_sentences(store, CORPUS, "all", method)
    assert len(everything) == 12 and sum(s.origin == "corrected" for s in everything) == 1
    strict = silver_sentences(store, CORPUS, "all", method, min_confidence=0.9)
    assert all(sp.score >= 0.9 for s in strict if s.origin == "projection" for sp in s.spans)
    assert sum(len(s.spans) for s in strict) < sum(len(s.spans) for s in everything)
    assert strict[1].spans == [Span(0, 1, "ORG")]  # corrected spans are kept whatever their score
    with pytest.raises(XprojError, match="E801"):
        silver_sentences(store, CORPUS, "all", None)
    with pytest.raises(XprojError, match="E800"):
        silver_sentences(store, "no-such-corpus", "all", method)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip(store, tmp_path, fmt):
    method = resolve_method(store, CORPUS, "eflomal/ilp-align/1000")
    expected = [(s.pair.tgt_tokens, s.tags) for s in silver_sentences(store, CORPUS, "all", method)]
    assert any(tag != "O" for _, tags in expected for tag in tags)
    out = tmp_path / f"silver.{fmt}"
    summary = export(store, CORPUS, out, fmt, "all", method)
    assert summary.n_sentences == 12 and summary.n_corrected == 1
    assert read_back(out, fmt) == expected
    export(store, CORPUS, out, fmt, "reviewed", method)  # overwriting replaces the old export whole
    assert len(read_back(out, fmt)) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_jsonl_offsets(store, tmp_path):
    out = tmp_path / "silver.jsonl"
    export(store, CORPUS, out, "jsonl", "reviewed", resolve_method(store, CORPUS, "e5/heuristic"))
    for line in out.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for entity in record["entities"]:
            assert record["tgt_text"][entity["char_start"] : entity["char_end"]] == entity["text"]
            assert " ".join(record["tgt_tokens"][entity["start"] : entity["end"]]) == entity["text"]
            assert record["tgt_tags"][entity["start"]] == "B-" + entity["label"]


def test_export_bytes_zips_hf(store):
    name, data, summary = export_bytes(store, CORPUS, "hf", "reviewed", resolve_method(store, CORPUS, "e5/heuristic"))
    assert name.endswith(".zip") and data[:2] == b"PK" and summary.n_sentences == 2


def test_atomic_directory_keeps_old_on_failure(tmp_path):
    target = tmp_path / "out"
    with atomic_directory(target) as tmp:
        (tmp / "a").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_directory(target) as tmp:
            (tmp / "a").write_text("half")
            raise RuntimeError("crash")
    assert (target / "a").read_text() == "old" and len(list(tmp_path.iterdir())) == 1


def test_cli(store, tmp_path):
    out = tmp_path / "cli.conll"
    command = [
        sys.executable,
        "-m",
        "xproj_core",
        "export",
        "--cache",
        str(store.path),
        "--corpus",
        CORPUS,
        "--mode",
        "all",
        "--method",
        "e5/heuristic",
        "--min-confidence",
        "0.5",
        "--out",
        str(out),
        "--json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sentences"] == 12 and len(read_conll(out)) == 12
    without_method = [c for c in command if c not in ("--method", "e5/heuristic")]
    bad = subprocess.run(without_method, capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    assert bad.returncode == 2 and "[E801]" in bad.stderr and bad.stdout == ""
