"""Our span F1 against seqeval 1.2.2 (default mode) on real gold with seeded, perturbed predictions.

    python bench/metrics_vs_seqeval.py [--data-dir ../shared/data] [--seed 13]

Prints a Markdown table: dataset, perturbation, types, sentences, gold and predicted spans, our micro
F1, seqeval's ``f1_score``, and whether they are equal: micro F1 as floats (``==``), and every
per-type precision, recall, F1 and support of seqeval's ``classification_report`` too.
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

from seqeval.metrics import classification_report, f1_score

from xproj_core.evaluate.perturb import PERTURBATIONS, perturb_corpus
from xproj_core.evaluate.spans import SpanScores, mask_types, tag_scores
from xproj_core.io.conll import read_conll

DATASETS = {
    "masakhaner2:hau": "masakhaner2/hau/test.txt",
    "masakhaner2:yor": "masakhaner2/yor/test.txt",
    "masakhaner2:swa": "masakhaner2/swa/test.txt",
    "masakhaner2:ibo": "masakhaner2/ibo/test.txt",
    "europarl-ner:de": "europarl-ner/de-europarl.test.conll02",
}
RESTRICTED = ("PER", "ORG", "LOC")


def equal_to_report(ours: SpanScores, report: dict[str, dict[str, float]]) -> bool:
    """Every per-type and micro row of seqeval's report equals ours, float for float."""
    rows = [*ours.per_type.items(), ("micro avg", ours.micro)]
    if [k for k in report if not k.endswith(" avg")] != list(ours.per_type):
        return False
    return all(
        (c.precision, c.recall, c.f1, c.n_gold)
        == (report[k]["precision"], report[k]["recall"], report[k]["f1-score"], report[k]["support"])
        for k, c in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # seqeval warns on zero divisions and invalid IOB2
    print("| dataset | perturbation | types | sentences | gold spans | pred spans | our F1 | seqeval F1 | equal |")
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for name, relpath in DATASETS.items():
        gold = [s.tags for s in read_conll(args.data_dir / relpath)]
        for perturbation in PERTURBATIONS:
            pred = perturb_corpus(gold, perturbation, seed=args.seed)
            for types in (None, set(RESTRICTED)):
                ours = tag_scores(gold, pred, types)
                gold_m, pred_m = mask_types(gold, types), mask_types(pred, types)
                theirs = f1_score(gold_m, pred_m)
                report = classification_report(gold_m, pred_m, output_dict=True)
                equal = ours.micro.f1 == theirs and equal_to_report(ours, report)
                micro = ours.micro
                label = "all" if types is None else ",".join(RESTRICTED)
                print(
                    f"| {name} | {perturbation} | {label} | {len(gold)} | {micro.n_gold} | {micro.n_pred} "
                    f"| {micro.f1:.4f} | {theirs:.4f} | {'yes' if equal else 'NO'} |"
                )


if __name__ == "__main__":
    main()
