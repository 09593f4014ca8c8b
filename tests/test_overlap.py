import random

from xproj_core.overlap import GoldIndex, char_ngrams, jaccard, normalise, remove_overlap
from xproj_core.types import SentencePair


def pair(i, text):
    return SentencePair(str(i), "en", "hau", ["x"], text.split(), meta={"tgt_text": text})


def test_normalise():
    assert normalise("  Shugaban ƘASA ,  ya ce: “Ba haka ba!”\n") == "shugaban ƙasa ya ce ba haka ba"
    assert normalise("e\u0301") == normalise("\u00e9")  # NFC


def test_exact_removed_near_reported():
    gold = GoldIndex(["Shugaban kasa ya ce ba haka ba .", "Ruwan sama ya sauka a Kano jiya da yamma ."])
    pairs = [
        pair(0, "Shugaban ƙasa ya ce ba haka ba."),  # not a match: ƙ differs from k
        pair(1, "shugaban kasa ya ce, ba haka ba"),  # normalised exact match
        pair(2, "Ruwan sama ya sauka a Kano jiya da yammma."),  # near-duplicate (one letter more)
        pair(3, "Wani abu daban gaba daya."),
    ]
    result = remove_overlap(pairs, gold)
    assert result.removed == [1] and [p.id for p in result.kept] == ["0", "2", "3"]
    assert [(n.pair_index, n.gold_index) for n in result.near] == [(2, 1)] and result.near[0].score >= 0.9
    assert remove_overlap(pairs, GoldIndex(["Ruwan sama ya sauka a Kano jiya da yamma ."], threshold=0.98)).near == []
    src_side = [SentencePair("0", "hau", "en", "Ruwan sama ya sauka a Kano jiya da yamma .".split(), ["x"])]
    assert remove_overlap(src_side, gold, side="src").removed == [0]


def test_join_finds_what_brute_force_finds():
    rng = random.Random(0)
    words = ["ka", "ta", "sun", "ruwa", "gida", "Kano", "yau", "da", "ba", "ce"]
    gold_texts = [" ".join(rng.choices(words, k=rng.randint(4, 12))) for _ in range(200)]
    queries = [gold_texts[i] + rng.choice(["", " da", " ka"]) for i in range(0, 200, 3)]
    queries += [" ".join(rng.choices(words, k=rng.randint(4, 12))) for _ in range(100)]
    index = GoldIndex(gold_texts, threshold=0.8)
    for text in queries:
        grams = char_ngrams(normalise(text))
        best = max((jaccard(grams, g) for g in index.grams), default=0.0)
        found = index.nearest(text)
        assert (found is not None) == (best >= 0.8)
        if found is not None:
            assert abs(found[1] - best) < 1e-12
