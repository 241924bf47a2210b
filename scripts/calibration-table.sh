#!/usr/bin/env bash
# Prints the calibration table of the README: ROC AUC and the gate's balanced accuracy per corpus.
# Usage: cargo build --release && scripts/calibration-table.sh ../shared/corpus
set -euo pipefail
corpus="${1:-../shared/corpus}"
ire="${IRE:-target/release/ire}"
row() {
  local name="$1"; shift
  "$ire" --isolated calibrate "$@" --format json | python3 -c '
import json, sys
c = json.load(sys.stdin)
m = c["confusion"]
tpr = m["true_positive"] / (m["true_positive"] + m["false_negative"])
fpr = m["false_positive"] / (m["false_positive"] + m["true_negative"])
cells = [sys.argv[1], "%d / %d" % (c["clear"], c["flawed"]), "%.3f" % c["auc"], "%.2f" % c["best_threshold"],
         "%.3f" % c["best_balanced_accuracy"], "%.2f" % tpr, "%.2f" % fpr]
print("| " + " | ".join(cells) + " |")
' "$name"
}
echo "| corpus | clear / flawed | ROC AUC | best threshold | balanced accuracy there | gate: flawed blocked | gate: clear blocked |"
echo "|---|---|---|---|---|---|---|"
hec="$corpus/humanevalcomm/humanevalcomm.jsonl"
for cat in 1a 1c 1p 2ac 2ap 2cp 3acp; do
  row "HumanEvalComm originals vs $cat" "$hec" --category "$cat"
done
row "HumanEvalComm originals vs all variants" "$hec"
row "ReqEval (anaphoric ambiguity)" "$corpus/reqeval/reqeval.jsonl"
row "IN3 (vague agent tasks)" "$corpus/in3/in3.jsonl"
