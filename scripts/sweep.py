#!/usr/bin/env python3
"""Coordinate search over the scorer's [score] parameters with `ire calibrate`.

Objective: the mean ROC AUC over the labelled sets below (HumanEvalComm originals vs
ambiguous, originals vs every flawed variant, ReqEval, IN3). The search only moves the
per-kind ambiguity costs and beta; no phrase from the data enters the tool.

    cargo build --release && python3 scripts/sweep.py ../shared/corpus

IRE names another binary (a debug build is fast enough: a few seconds an evaluation).
"""
import json
import os
import subprocess
import sys
import tempfile

CORPUS = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus"
IRE = os.environ.get("IRE", "target/release/ire")
SETS = [
    (f"{CORPUS}/humanevalcomm/humanevalcomm.jsonl", ["--category", "1a"]),
    (f"{CORPUS}/humanevalcomm/humanevalcomm.jsonl", []),
    (f"{CORPUS}/reqeval/reqeval.jsonl", []),
    (f"{CORPUS}/in3/in3.jsonl", []),
]
KINDS = ["vague_term", "weak_modal", "unresolved_reference", "missing_actor", "missing_quantity",
         "incomplete", "optionality", "conflict", "assumed", "other"]
GRID = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45]


def aucs(costs, beta):
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        table = ", ".join(f"{k} = {v}" for k, v in costs.items())
        f.write(f"[score]\nbeta = {beta}\ncosts = {{ {table} }}\n")
        path = f.name
    out = []
    try:
        for data, extra in SETS:
            r = subprocess.run([IRE, "calibrate", data, "--format", "json", "--isolated", "--config", path, *extra],
                               capture_output=True, text=True, check=True)
            out.append(json.loads(r.stdout)["auc"])
    finally:
        os.unlink(path)
    return out


def main():
    costs = {"vague_term": 0.05, "weak_modal": 0.04, "unresolved_reference": 0.15, "missing_actor": 0.01,
             "missing_quantity": 0.30, "incomplete": 0.02, "optionality": 0.45, "conflict": 0.25, "assumed": 0.15,
             "other": 0.05}
    beta = 3.0
    best = aucs(costs, beta)
    print("start", [round(a, 3) for a in best], round(sum(best) / len(best), 4))
    for _ in range(2):
        for kind in KINDS:
            for value in GRID:
                trial = dict(costs, **{kind: value})
                a = aucs(trial, beta)
                if sum(a) > sum(best) + 1e-9:
                    costs, best = trial, a
        for b in [0.5, 1.0, 2.0, 3.0]:
            a = aucs(costs, b)
            if sum(a) > sum(best) + 1e-9:
                beta, best = b, a
        print("round", [round(a, 3) for a in best], round(sum(best) / len(best), 4), "beta", beta, costs)


if __name__ == "__main__":
    main()
