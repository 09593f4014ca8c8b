#!/usr/bin/env bash
# Hausa end to end: MAFAND-MT en-hau train → silver (pairs whose Hausa side is in the MasakhaNER2 hau test
# removed) → taggers trained on silver / silver + English CoNLL / hau gold train, scored on the hau test
# with zero-shot transfer beside them. Prints wall times; set N (default 2000; "" for all pairs).
set -euo pipefail
N=${N-2000}
OUT=${OUT:-/tmp/xproj-silver-hau}
mkdir -p "$OUT"
uptime
time xproj silver --parallel mafand:en-hau:train --exclude masakhaner2:hau:test ${N:+--n "$N"} \
  --out "$OUT/silver-hau.jsonl" --json
time xproj train-ner --train "$OUT/silver-hau.jsonl" --eval hau=masakhaner2:hau:test --types PER,ORG,LOC \
  --baselines --out "$OUT/hau-head.npz" --json
uptime
