import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from xproj_core.errors import XprojError
from xproj_core.signature import Signature
from xproj_core.store import CellResult, Store
from xproj_core.types import Alignment, Corpus, SentencePair, Span

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def store(tmp_path):
    return Store(tmp_path / "cache.sqlite")


def corpus() -> Corpus:
    pairs = [
        SentencePair(
            str(i),
            "en",
            "de",
            ["Angela", "Merkel", "spoke"],
            ["Angela", "Merkel", "sprach"],
            ["B-PER", "I-PER", "O"],
            ["B-PER", "I-PER", "O"],
        )
        for i in range(3)
    ]
    return Corpus("toy:en-de", pairs)


def cell(sig: Signature, spans: list[Span]) -> CellResult:
    return CellResult(
        signature=sig,
        settings={"d": 1},
        metrics={"overall": {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2, "predicted": 1}},
        predictions=[spans, [], []],
        categories=[{"correct": 1}, {"missed": 1}, {}],
        sentence_f1=[1.0, 0.0, None],
        timings={"project": 0.1},
    )


def test_corpus_round_trip(store):
    digest = store.put_corpus(corpus())
    assert store.corpora()[0]["data"] == digest and store.count_sentences("toy:en-de") == 3
    pair = store.sentence("toy:en-de", 1)
    assert pair.id == "1" and pair.tgt_tags == ["B-PER", "I-PER", "O"] and pair.src_lang == "en"
    assert len(store.sentences("toy:en-de", offset=1, limit=5)) == 2
    store.put_corpus(corpus())  # replacing does not duplicate
    assert store.count_sentences("toy:en-de") == 3


def test_cells_metrics_predictions(store):
    sig = Signature(corpus="toy:en-de", pair="en-de", method="heuristic", aligner="e5")
    assert not store.has_cell(sig)
    store.write_cell(cell(sig, [Span(0, 2, "PER", 0.75)]))
    store.write_cell(cell(sig, [Span(0, 2, "PER", 0.5)]))  # rewriting replaces
    assert store.has_cell(sig) and store.cell_signatures() == {str(sig)}
    rows = store.metrics_rows(corpus="toy:en-de")
    assert len(rows) == 1 and rows[0]["f1"] == pytest.approx(2 / 3) and rows[0]["aligner"] == "e5"
    preds = store.predictions(sig)
    assert preds[0]["spans"] == [Span(0, 2, "PER")] and preds[0]["spans"][0].score == 0.5
    assert preds[1]["categories"] == {"missed": 1} and preds[2]["f1"] is None
    assert store.metrics_rows(corpus="other") == []


def test_alignments_float16_blobs(store):
    al = Alignment(np.array([[0.9, 0.1], [0.2, 0.7]]), frozenset({(0, 0), (1, 1)}))
    store.put_alignments("e5", "toy:en-de", [al], indices=[2])
    back = store.alignment("e5", "toy:en-de", 2)
    assert back.links == al.links and np.allclose(back.scores, al.scores, atol=1e-3)
    assert store.alignment("e5", "toy:en-de", 0) is None and store.aligners_for("toy:en-de") == ["e5"]


def test_exact_alignments_read_back_unrounded(store):
    scores = np.array([[0.123456789, 0.1], [0.2, 0.7]], dtype=np.float32)
    als = [Alignment(scores, frozenset({(0, 0)})), Alignment(np.zeros((1, 3)), frozenset())]
    store.put_alignments("e5(layer=8)", "pairs:abc", als, exact=True)
    back = store.alignments("e5(layer=8)", "pairs:abc")
    assert sorted(back) == [0, 1] and np.array_equal(back[0].scores, scores) and back[0].links == als[0].links
    assert back[1].scores.shape == (1, 3) and store.alignments("e5", "pairs:abc") == {}


def test_corrections_are_append_only_and_derived(tmp_path):
    path = tmp_path / "c.sqlite"
    store = Store(path)
    assert store.correction_state("c", 0).spans is None
    store.add_correction("c", 0, "ann", "set", [Span(0, 1, "PER")])
    store.add_correction("c", 0, "ann", "set", [Span(0, 2, "ORG")])
    store.add_correction("c", 0, "ann", "reviewed")
    again = Store(path)  # a new process sees the same state
    state = again.correction_state("c", 0)
    assert state.spans == [Span(0, 2, "ORG")] and state.reviewed and state.annotator == "ann"
    again.undo("c", 0, "ann")  # undoes "reviewed"
    again.undo("c", 0, "ann")  # undoes the ORG edit
    state = again.correction_state("c", 0)
    assert state.spans == [Span(0, 1, "PER")] and not state.reviewed
    history = again.history("c", 0)
    assert [e["action"] for e in history] == ["set", "set", "reviewed", "undo", "undo"]
    assert [e["undone"] for e in history] == [False, True, True, False, False]
    assert again.corrected_indices("c") == [0]


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    Store(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(XprojError, match="schema version 99 is newer"):
        Store(path)


def test_version_1_cache_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    store = Store(path)
    sig = Signature(corpus="toy:en-de", pair="en-de", method="heuristic", aligner="e5")
    store.write_cell(cell(sig, []))
    store.sqlite.execute("DROP INDEX idx_cells_corpus_parallel_aligner_method_n")  # what a version-1 file looks like
    store.sqlite["cells"].transform(drop={"parallel", "training"})
    store.sqlite["meta"].upsert({"key": "schema_version", "value": "1"}, pk="key")
    migrated = Store(path)
    assert migrated.schema_version() == 3 and {"parallel", "training"} <= set(migrated.sqlite["cells"].columns_dict)
    row = migrated.cells()[0]
    assert row["parallel"] == "-" and row["training"] == "-"
    assert migrated.metrics_rows(parallel="-")[0]["aligner"] == "e5"


def test_version_2_cache_gains_the_training_column(tmp_path):
    path = tmp_path / "v2.sqlite"
    store = Store(path)
    store.write_cell(cell(Signature(corpus="toy:en-de", pair="en-de"), []))
    store.sqlite["cells"].transform(drop={"training"})
    store.sqlite["meta"].upsert({"key": "schema_version", "value": "2"}, pk="key")
    migrated = Store(path)
    assert migrated.schema_version() == 3 and migrated.cells()[0]["training"] == "-"


def test_a_cell_is_all_or_nothing(store):
    sig = Signature(corpus="toy:en-de", pair="en-de")
    broken = cell(sig, [Span(0, 2, "PER")])
    broken.metrics = {"overall": {"no_such_column": 1.0}}
    with pytest.raises(Exception):  # noqa: B017 - whatever sqlite raises, nothing may be half-written
        store.write_cell(broken)
    assert not store.has_cell(sig) and store.predictions(sig) == {}


SESSION_SECONDS = float(os.environ.get("XPROJ_SESSIONS_SECONDS", "30"))


@pytest.mark.slow
def test_two_sessions_and_a_sweep_share_one_cache(tmp_path):
    """Two annotator processes correct different sentences of one corpus while `xproj sweep` writes
    cells into the same file: no error, every correction found, each sees the other's final state."""
    cache = tmp_path / "cache.sqlite"
    pairs = [
        SentencePair(
            str(i),
            "en",
            "de",
            ["Ana", "saw", "Bo"],
            ["Ana", "sah", "Bo"],
            ["B-PER", "O", "B-PER"],
            ["B-PER", "O", "B-PER"],
        )
        for i in range(40)
    ]
    Store(cache).put_corpus(Corpus("shared", pairs))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = tmp_path / "done"
    done.mkdir()
    sessions = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.fixtures.correction_session",
                str(cache),
                "shared",
                str(k),
                "2",
                str(SESSION_SECONDS),
                str(done),
                str(tmp_path / f"session{k}.json"),
            ],
            cwd=ROOT,
            env=env,
        )
        for k in range(2)
    ]
    sweep = [
        sys.executable,
        "-m",
        "xproj_core",
        "sweep",
        "--corpus",
        "toy:en-de",
        "--aligner",
        "fake-eflomal",
        "--method",
        "fake-project",
        "--parallel",
        "text=toy-parallel:text",
        "--sizes",
        ",".join(map(str, range(100))),
        "--seeds",
        "0,1",
        "--plugin",
        "tests.fixtures.sweep_fakes",
        "--force",
        "--json",
        "--cache",
        str(cache),
    ]
    sweeps_written = 0
    while any(s.poll() is None for s in sessions):
        finished = subprocess.run(sweep, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert finished.returncode == 0 and "locked" not in finished.stderr, finished.stderr
        sweeps_written += json.loads(finished.stdout)["written"]
    reports = [json.loads((tmp_path / f"session{k}.json").read_text()) for k in range(2)]
    assert [r["errors"] for r in reports] == [[], []]
    store = Store(cache)
    found = {row[0] for row in store.sqlite.execute("SELECT id FROM corrections")}
    written = [i for r in reports for i in r["ids"]]
    assert len(written) == len(set(written)) == len(found) and set(written) == found
    for k, report in enumerate(reports):
        other = reports[1 - k]
        assert {int(i): s for i, s in other["own"].items()} == {
            int(i): s for i, s in report["seen"].items() if s is not None or int(i) in map(int, other["own"])
        }
        for idx, spans in report["own"].items():
            current = store.correction_state("shared", int(idx)).spans
            assert (None if current is None else [[s.start, s.end, s.label] for s in current]) == spans
    assert sweeps_written >= 200 and all(r["rereads"] for r in reports)
