"""NLU evaluation on the held-out Dutch test set (assistant/tests/nlu_heldout.yml).

Prints intent macro-F1, per-intent precision/recall, entity F1, and writes
results/eval/summary.json plus the confusion matrix (results/eval/intent_confusion_matrix.png).
Targets: intent macro-F1 >= 0.92, entity F1 >= 0.90. ``--check`` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from train import model_path  # noqa: E402

HELDOUT = ROOT / "assistant" / "tests" / "nlu_heldout.yml"
TARGET_INTENT_F1 = 0.92
TARGET_ENTITY_F1 = 0.90


def run_rasa(out: Path) -> None:
    subprocess.run(
        [
            sys.executable, "-m", "rasa", "test", "nlu",
            "--model", os.environ.get("WSP_MODEL") or str(model_path()),
            "--nlu", str(HELDOUT),
            "--out", str(out),
        ],
        cwd=ROOT, check=True, capture_output=True,
    )


def summarise(out: Path) -> dict:
    intents = json.loads((out / "intent_report.json").read_text())
    entity_file = out / "DIETClassifier_report.json"
    entities = json.loads(entity_file.read_text()) if entity_file.exists() else {}
    per_intent = {
        name: {k: round(v, 3) for k, v in scores.items() if k in ("precision", "recall", "f1-score", "support")}
        for name, scores in intents.items()
        if isinstance(scores, dict) and "support" in scores and name not in ("macro avg", "weighted avg", "micro avg")
    }
    per_entity = {
        name: {k: round(v, 3) for k, v in scores.items() if k in ("precision", "recall", "f1-score", "support")}
        for name, scores in entities.items()
        if isinstance(scores, dict) and "support" in scores and name not in ("macro avg", "weighted avg", "micro avg", "no_entity")
    }
    entity_avg = entities.get("micro avg") or entities.get("weighted avg") or {}
    confusions = []
    for name, scores in intents.items():
        for other, count in (scores.get("confused_with") or {}).items() if isinstance(scores, dict) else []:
            confusions.append({"intent": name, "voorspeld": other, "aantal": count})
    return {
        "examples": sum(v["support"] for v in per_intent.values()),
        "intent_macro_f1": round(intents["macro avg"]["f1-score"], 4),
        "intent_accuracy": round(intents.get("accuracy", 0.0), 4),
        "entity_f1": round(entity_avg.get("f1-score", 0.0), 4),
        "entity_macro_f1": round((entities.get("macro avg") or {}).get("f1-score", 0.0), 4),
        "per_intent": per_intent,
        "per_entity": per_entity,
        "confusions": sorted(confusions, key=lambda c: -c["aantal"]),
        "targets": {"intent_macro_f1": TARGET_INTENT_F1, "entity_f1": TARGET_ENTITY_F1},
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "eval")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    run_rasa(args.out)
    summary = summarise(args.out)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print(f"Held-out set: {summary['examples']} utterances ({HELDOUT.relative_to(ROOT)})")
    print(f"{'intent':28} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for name, s in sorted(summary["per_intent"].items()):
        print(f"{name:28} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1-score']:6.3f} {int(s['support']):4d}")
    print(f"{'entity':28} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for name, s in sorted(summary["per_entity"].items()):
        print(f"{name:28} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1-score']:6.3f} {int(s['support']):4d}")
    for c in summary["confusions"][:10]:
        print(f"  confused: {c['intent']} -> {c['voorspeld']} ({c['aantal']}x)")
    print(
        f"\nIntent macro-F1 {summary['intent_macro_f1']:.3f} (target {TARGET_INTENT_F1}), "
        f"accuracy {summary['intent_accuracy']:.3f}; entity F1 {summary['entity_f1']:.3f} "
        f"(target {TARGET_ENTITY_F1})"
    )
    print(f"Confusion matrix: {args.out / 'intent_confusion_matrix.png'}; "
          f"summary: {args.out / 'summary.json'}")
    ok = summary["intent_macro_f1"] >= TARGET_INTENT_F1 and summary["entity_f1"] >= TARGET_ENTITY_F1
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
