import json

import pytest

from xproj_core.errors import XprojError
from xproj_core.io.hf import MASAKHANER_LABELS, read_hf_dataset, read_hf_jsonl

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    from datasets import ClassLabel, Dataset, DatasetDict, Features, Sequence, Value

    features = Features({"tokens": Sequence(Value("string")), "ner_tags": Sequence(ClassLabel(names=LABELS))})
    data = {"tokens": [["John", "Smith", "in", "Bamako"], ["ok"]], "ner_tags": [[1, 2, 0, 3], [0]]}
    dataset = Dataset.from_dict(data, features=features)
    base = tmp_path_factory.mktemp("hf")
    dataset.save_to_disk(str(base / "flat"))
    DatasetDict({"train": dataset, "test": dataset.select([1])}).save_to_disk(str(base / "splits"))
    dataset.to_parquet(str(base / "data.parquet"))
    return base


def test_saved_to_disk_and_parquet_use_classlabel_names(saved):
    expected = [["B-PER", "I-PER", "O", "B-LOC"], ["O"]]
    assert [s.tags for s in read_hf_dataset(saved / "flat")] == expected
    assert [s.tags for s in read_hf_dataset(saved / "data.parquet")] == expected
    assert [s.tokens for s in read_hf_dataset(saved / "splits", split="test")] == [["ok"]]
    with pytest.raises(XprojError, match=r"\[E301\] .*splits: .*needs --split: one of train, test"):
        read_hf_dataset(saved / "splits")


def test_dataset_errors(saved, tmp_path):
    with pytest.raises(XprojError, match=r"\[E014\] .*flat:1: label id 3 outside the label list of 3"):
        read_hf_dataset(saved / "flat", labels=["O", "B-PER", "I-PER"])
    with pytest.raises(XprojError, match=r"\[E012\] .*missing field 'labels'"):
        read_hf_dataset(saved / "flat", tags="labels")
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet")
    with pytest.raises(XprojError, match=r"\[E302\] .*junk.parquet: not a valid parquet file"):
        read_hf_dataset(junk)
    with pytest.raises(XprojError, match=r"\[E001\]"):
        read_hf_dataset(tmp_path / "none")


def test_jsonl_with_label_ids(tmp_path):
    path = tmp_path / "g.jsonl"
    rows = [{"id": "0", "tokens": ["Bamako", "ye"], "ner_tags": [5, 0]}, {"tokens": ["a"], "ner_tags": ["I-PER"]}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    first, second = read_hf_jsonl(path)
    assert first.tags == ["B-LOC", "O"] and first.meta == {"id": "0"} and first.line == 1
    assert second.tags == ["B-PER"] and second.repairs == 1


@pytest.mark.parametrize(
    "row, pattern",
    [
        ({"tokens": ["a", "b"], "ner_tags": [0]}, r"\[E003\] .*g.jsonl:1: 2 tokens but 1 tags"),
        ({"tokens": ["a"], "ner_tags": [9]}, r"\[E014\] .*:1: label id 9 outside the label list of 9"),
        ({"tokens": ["a"]}, r"\[E012\] .*:1: missing field 'ner_tags'"),
        ({"tokens": [], "ner_tags": []}, r"\[E008\] .*:1: empty sentence"),
        ({"tokens": ["a"], "ner_tags": ["PER"]}, r"\[E004\] .*:1: unknown tag syntax 'PER'"),
    ],
)
def test_jsonl_errors(tmp_path, row, pattern):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(XprojError, match=pattern):
        read_hf_jsonl(path)


def test_integer_tags_need_labels(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"tokens": ["a"], "ner_tags": [0]}) + "\n")
    with pytest.raises(XprojError, match=r"\[E301\] .*g.jsonl:1: integer ner_tags needs a label list"):
        read_hf_jsonl(path, labels=None)


def test_real_masakhaner_bambara_gold(shared_data):
    path = shared_data / "devil-in-details-bam-translate-test/original/masakhaner/test-bam.jsonl"
    sentences = read_hf_jsonl(path, MASAKHANER_LABELS)
    assert len(sentences) == 637
    # the 637 sentences kept use label ids 0-6 only: no DATE entity
    assert {t[2:] for s in sentences for t in s.tags if t != "O"} == {"PER", "ORG", "LOC"}
    assert sum(t == "B-LOC" for s in sentences for t in s.tags) == 275
