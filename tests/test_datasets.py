import json

import pytest

from xproj_core import datasets
from xproj_core.datasets import corpus_alignments, data_roots, list_datasets, load_corpus
from xproj_core.errors import XprojError
from xproj_core.io.jsonl import write_jsonl


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(datasets.ENV_VAR, raising=False)


@pytest.fixture
def bare(no_env, monkeypatch, tmp_path):
    """As in a fresh clone: no ../shared/data."""
    monkeypatch.setattr(datasets, "SHARED", tmp_path / "absent")


def test_vendored_europarl(no_env):
    corpus = load_corpus("europarl-ner:en-de")
    assert len(corpus) == 799 and corpus.meta["root"] == str(datasets.VENDORED)
    first = corpus[1]
    assert (first.src_lang, first.tgt_lang) == ("en", "de")
    assert first.src_tokens[:3] == ["I", "declare", "resumed"] and first.tgt_tokens[0] == "Ich"
    assert len(first.src_tokens) == len(first.src_tags) and len(first.tgt_tokens) == len(first.tgt_tags)
    assert corpus.has_src_tags and corpus.has_tgt_tags
    assert len(load_corpus("europarl-ner:de-it")) == 799


def test_vendored_listing(bare):
    infos = {i.name: i for i in list_datasets()}
    assert {n: i.size for n, i in infos.items()} == {
        "alignment-gold:en-fr": 447,
        "bam-translate-test": 637,
        "europarl-ner:en-de": 799,
        "europarl-ner:en-es": 799,
        "europarl-ner:en-it": 799,
        "nllb-seed:eng-bam": 6193,
    }
    assert {i.root for i in infos.values()} == {str(datasets.VENDORED)}


def test_vendored_bambara_translate_test(bare):
    corpus = load_corpus("bam-translate-test")
    assert len(corpus) == 637 and not corpus.has_src_tags and corpus.has_tgt_tags
    first = corpus[0]
    assert (first.src_lang, first.tgt_lang) == ("en", "bam")
    assert first.tgt_tokens[6:8] == ["Dirisa", "Togola"] and first.tgt_tags[6:8] == ["B-PER", "I-PER"]
    links = corpus_alignments(corpus)
    # the shipped AccAlign pairs are [English, Bambara]: English "Dirisa" (4) - Bambara "Dirisa" (6)
    assert (4, 6) in links[0][0] and (0, 0) in links[0][0]
    assert all(i < len(p.src_tokens) and j < len(p.tgt_tokens) for p, (s, _) in zip(corpus, links) for i, j in s)


def test_vendored_seed_and_gold_alignments(bare):
    seed = load_corpus("nllb-seed:eng-bam")
    assert len(seed) == 6193 and seed[0].src_tokens[:3] == ["Lillian", "Diana", "Gish"]
    assert seed[0].tgt_tokens[:2] == ["Lilian", "Diana"] and seed[0].tgt_tags is None
    gold = load_corpus("alignment-gold:en-fr")
    assert len(gold) == 447
    sure, possible = zip(*corpus_alignments(gold))
    assert sure[0] == {(0, 0), (1, 1)} and sum(map(len, possible)) > 0
    with pytest.raises(XprojError, match=r"\[E017\] .*word alignment"):
        corpus_alignments(seed)


def test_data_dir_first_then_vendored(no_env, tmp_path, monkeypatch):
    (tmp_path / "europarl-ner").mkdir()
    for lang in ("en", "de"):
        (tmp_path / "europarl-ner" / f"{lang}-europarl.test.conll02").write_text("A\tB-PER\n\nb\tO\n")
    assert data_roots(tmp_path)[:2] == [tmp_path, datasets.VENDORED]
    assert len(load_corpus("europarl-ner:en-de", tmp_path)) == 2
    assert len(load_corpus("europarl-ner:en-es", tmp_path)) == 799
    monkeypatch.setenv(datasets.ENV_VAR, str(tmp_path))
    assert data_roots()[0] == tmp_path and len(load_corpus("europarl-ner:en-de")) == 2


def test_jsonl_path(tmp_path, no_env):
    corpus = load_corpus("europarl-ner:en-it")
    path = tmp_path / "x.jsonl"
    write_jsonl(path, corpus.pairs[:5])
    assert load_corpus(str(path)).pairs == corpus.pairs[:5]


def test_not_available_without_data_dir(bare):
    with pytest.raises(XprojError, match=r"\[E017\] dataset 'masakhaner2:hau' is not available: .*--data-dir"):
        load_corpus("masakhaner2:hau")


def test_unknown_names(no_env, tmp_path):
    with pytest.raises(XprojError, match=r"\[E013\] unknown dataset 'nope:x'"):
        load_corpus("nope:x")
    for name in (
        "europarl-ner:en-fr",
        "bam-translate-test:x",
        "multi30k:en-de:task3",
        "flores:bam-en",
        "mafand:en-yor:x:y",
    ):
        with pytest.raises(XprojError, match=r"\[E013\]"):
            load_corpus(name)
    with pytest.raises(XprojError, match=r"\[E001\]"):
        load_corpus("europarl-ner:en-de", tmp_path / "missing")
    with pytest.raises(XprojError, match=r"\[E001\]"):
        load_corpus(str(tmp_path / "missing.jsonl"))


def test_vendored_equals_shared(shared_data, no_env):
    assert load_corpus("europarl-ner:en-de").pairs == load_corpus("europarl-ner:en-de", shared_data).pairs


def test_names_from_shared_data(shared_data, no_env):
    names = {i.name: i.size for i in list_datasets(shared_data)}
    expected = {
        "masakhaner2:hau:test": 1633,
        "mafand:en-yor:test": 1558,
        "menyo:en-yor:test": 6633,
        "salt:eng-lug:test": 500,
        "multi30k:en-de:task1:test_2016_flickr": 1000,
        "multi30k:en-de:task2:test_2016": 25000,
        "flores:en-bam": 1012,
        "tatoeba:en-swa": 387,
        "wmt:hau-en:newstest2021": 997,
        "alignment-gold:ro-en": 248,
        "silveralign:eng-deu": 227,
        "conll2003-en:test": 3453,
        "wikiann:swa:test": 1000,
        "nllb-seed:eng-mri": 6193,
    }
    assert {n: names.get(n) for n in expected} == expected
    hau = load_corpus("masakhaner2:hau", shared_data)
    assert hau.name == "masakhaner2:hau:test" and len(hau) == 1633
    assert hau[0].src_tokens == [] and hau[0].tgt_lang == "hau" and hau[0].tgt_tags[0] == "B-ORG"
    luo = load_corpus("mafand:en-luo", shared_data)
    assert len(luo) == 1500 and luo[0].tgt_lang == "luo"
    assert len(load_corpus("multi30k:en-fr:task1:val", shared_data)[0].meta["image"]) > 0
    assert len(load_corpus("wmt:en-hau:newstest2021", shared_data)) == 1000
    assert len(load_corpus("salt:lug-ach:dev", shared_data)) == 500
    assert load_corpus("bam-translate-test", shared_data).pairs == load_corpus("bam-translate-test").pairs


def write_tiny_root(root):
    """A data root with a few lines in the layout of each new family."""
    files = {
        "indic-ner/hiner/validation.conll": "राम\tB-PERSON\nदिल्ली\tB-LOCATION\nगया\tO\n\nवह\tO\n",
        "indic-ner/bengali-ner/test_data.txt": "\ufeffঢাকা\tB-LOC\nঢাকার\tB-LOC\n২০০৭\tTIM\t\n\n",
        "hausa-vqa/hausa-train.txt": '1,23,"Where, exactly?",A ina?\n2,24,On the right.,A dama.\n',
        "visual-genome-indic/hvg/hindi-visual-genome-train.txt": "11\t1\t2\t3\t4\tman has hair\tआदमी के बाल\n",
        "nllb-clip/flickr30k-200/eng_Latn.txt": "A dog runs.\nTwo men.\n",
        "nllb-clip/flickr30k-200/hau_Latn.txt": "Kare yana gudu.\nMaza biyu.\n",
        "parallel-en-xx/en-ha/eng_Latn.devtest": "Kano is big.\n",
        "parallel-en-xx/en-ha/hau_Latn.devtest": "Kano babba ce.\n",
        "masakhaner2/hau/test.txt": "Kano B-LOC\nbabba O\nce O\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_new_families_by_name(no_env, tmp_path):
    write_tiny_root(tmp_path)
    sizes = {i.name: i.size for i in list_datasets(tmp_path) if i.root == str(tmp_path)}
    assert sizes == {
        "hiner:hin:validation": 2,
        "bengali-ner:ben:test": 1,
        "havqa:en-hau:train": 2,
        "visual-genome:en-hin:train": 1,
        "nllb-clip:en-hau": 2,
        "flores:en-hau": 1,
        "masakhaner2:hau:test": 1,
    }
    hiner = load_corpus("hiner:hin", tmp_path)
    assert hiner.name == "hiner:hin:validation" and hiner.meta["tagset"] == "hiner"
    assert hiner[0].tgt_tags == ["B-PER", "B-LOC", "O"] and hiner[0].src_tokens == []
    assert load_corpus("bengali-ner:ben", tmp_path)[0].tgt_tags == ["B-LOC", "B-LOC", "B-DATE"]
    havqa = load_corpus("havqa:en-hau", tmp_path)
    assert havqa.name == "havqa:en-hau:train" and havqa[0].meta["src_text"] == "Where, exactly?"
    assert load_corpus("visual-genome:en-hin", tmp_path)[0].meta["image"] == "11"
    assert datasets.DATASETS.create("nllb-clip:en-hau", data_dir=tmp_path)[1].tgt_tokens == ["Maza", "biyu", "."]


def test_joined_names_and_english_side(no_env, tmp_path):
    write_tiny_root(tmp_path)
    joined = load_corpus("flores:en-hau+nllb-clip:en-hau", tmp_path)
    assert joined.name == "flores:en-hau+nllb-clip:en-hau" and len(joined) == 3
    assert [p.id for p in joined] == ["flores:en-hau/0", "nllb-clip:en-hau/0", "nllb-clip:en-hau/1"]
    assert joined[2].meta["dataset"] == "nllb-clip:en-hau" and [p["pairs"] for p in joined.meta["parts"]] == [1, 2]
    assert datasets.load_corpora(["flores:en-hau", "nllb-clip:en-hau"], tmp_path).pairs == joined.pairs
    assert datasets.english_sentences("flores:en-hau+havqa:en-hau", tmp_path) == [
        "Kano is big.",
        "Where, exactly?",
        "On the right.",
    ]
    with pytest.raises(XprojError, match=r"\[E042\] 'hiner:hin' has no English side"):
        datasets.english_sentences("hiner:hin", tmp_path)
    with pytest.raises(XprojError, match=r"\[E013\]"):
        load_corpus("flores:en-hau+", tmp_path)


def test_bad_parallel_files(no_env, tmp_path):
    write_tiny_root(tmp_path)
    hau = tmp_path / "nllb-clip/flickr30k-200/hau_Latn.txt"
    hau.write_text("Kare yana gudu.\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E007\] .*hau_Latn.txt: parallel files have different sentence counts: 2"):
        load_corpus("nllb-clip:en-hau", tmp_path)
    hau.write_text("Kare yana gudu.\n \n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E008\] .*hau_Latn.txt:2: empty sentence"):
        load_corpus("nllb-clip:en-hau", tmp_path)
    (tmp_path / "indic-ner/hiner/validation.conll").write_text("राम\tB-PER\n", encoding="utf-8")
    with pytest.raises(XprojError, match=r"\[E040\] .*validation.conll:1: unknown tag 'B-PER' for tag set 'hiner'"):
        load_corpus("hiner:hin", tmp_path)


def test_languages_listing(no_env, tmp_path):
    from xproj_core.datasets.languages import gold_tests, language_sources

    write_tiny_root(tmp_path)
    hau = language_sources("ha", tmp_path)
    assert hau.lang == "hau" and [i.name for i in hau.parallel] == ["flores:en-hau"]
    assert [i.name for i in hau.image_text] == ["havqa:en-hau:train", "nllb-clip:en-hau"]
    assert hau.gold_tests == ["masakhaner2:hau:test"] and gold_tests("hi", tmp_path) == ["hiner:hin:validation"]
    with pytest.raises(XprojError, match=r"\[E043\] no gold test set for language 'fuv'"):
        gold_tests("fuv", tmp_path)


def test_new_counts_from_shared_data(shared_data, no_env):
    names = {i.name: i.size for i in list_datasets(shared_data)}
    expected = {
        **{
            f"visual-genome:en-{lang}:{split}": n
            for lang in ("hin", "ben", "mal")
            for split, n in (("train", 28930), ("dev", 998), ("test", 1595), ("challenge", 1400))
        },
        "havqa:en-hau:train": 9632,
        "havqa:en-hau:dev": 1204,
        "havqa:en-hau:test": 1204,
        "hiner:hin:validation": 10851,
        "il-ner:hin:test": 1388,
        "bengali-ner:ben:test": 1950,  # SOURCES.md says 1952: the file has two doubled blank lines
        "flores:en-hin": 1012,
        "ntrex:en-hin": 1997,
        "wmt:en-hin:newstest2014": 2507,
        "tico19:en-hin": 2100,
        "tatoeba:en-hin": 5000,
        "flores:en-ben": 1012,
        "ntrex:en-ben": 1997,
        "tico19:en-ben": 2100,
        "tatoeba:en-ben": 2500,
        "wmt:en-hau:newstest2021": 1000,
        "wmt:hau-en:newstest2021": 997,
    }
    assert {n: names.get(n) for n in expected} == expected
    assert len([n for n in names if n.startswith("nllb-clip:")]) == 20
    assert {n for n in names if n.startswith("nllb-clip:") and names[n] != 1000} == set()
    masakhane = {n.split(":")[1] for n in names if n.startswith("masakhaner2:") and n.endswith(":test")}
    assert len(masakhane) == 19
    train = {n.split(":")[1][3:] for n in names if n.startswith("mafand:") and n.endswith(":train")}
    assert train == {"hau", "ibo", "lug", "luo", "pcm", "tsn", "twi", "yor", "zul"}
    for lang in ("kin", "nya", "sna", "swa", "xho"):
        assert f"mafand:en-{lang}:dev" in names and f"mafand:en-{lang}:test" in names
    il_ner = load_corpus("il-ner:hin", shared_data)
    assert {t[2:] for p in il_ner for t in p.tgt_tags if t != "O"} == {"PER", "ORG", "LOC", "DATE"}
    task2 = load_corpus("multi30k:en-de:task2:val", shared_data)
    assert task2.meta["kind"] == "image-text" and all(p.meta["comparable"] for p in task2)


def test_overlap_with_gold_tests_by_language(no_env, tmp_path, capsys):
    from xproj_core.cli import main
    from xproj_core.overlap import filter_parallel, language_overlap

    write_tiny_root(tmp_path)
    (tmp_path / "parallel-en-xx/en-ha/newstest2021.ha-en.src.ha").write_text("Kano babba ce!\nNa gode.\n")
    (tmp_path / "parallel-en-xx/en-ha/newstest2021.ha-en.ref.A.en").write_text("Kano is big!\nThanks.\n")
    joined = load_corpus("flores:en-hau+wmt:hau-en:newstest2021", tmp_path)
    result = filter_parallel(joined, "ha", tmp_path)  # the Hausa side is the target of one, the source of the other
    assert result.removed == [0, 1] and [p.id for p in result.kept] == ["wmt:hau-en:newstest2021/1"]
    rows = {r.name: (r.pairs, r.removed) for r in language_overlap("hau", tmp_path)}
    assert rows["flores:en-hau"] == (1, 1) and rows["nllb-clip:en-hau"] == (2, 0)
    assert main(["overlap", "hau", "--data-dir", str(tmp_path), "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["languages"]
    assert (report["lang"], report["removed"], report["gold_tests"]) == ("hau", 2, ["masakhaner2:hau:test"])
    assert main(["datasets", "--lang", "hi", "--data-dir", str(tmp_path)]) == 0
    assert "visual-genome:en-hin:train" in capsys.readouterr().out
