"""Train the Rasa model only when the training data, domain or config changed.

The model file name carries a hash of everything that goes into training, so an unchanged project
reuses ``models/wsp-<hash>.tar.gz`` in a fraction of a second instead of starting Rasa at all.
``--print-path`` prints the path of the current model (and fails if it is not trained yet).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSISTANT = ROOT / "assistant"
INPUTS = [ASSISTANT / "config.yml", ASSISTANT / "domain", ASSISTANT / "data"]
MODELS = ROOT / "models"


def fingerprint() -> str:
    digest = hashlib.sha256()
    for base in INPUTS:
        files = [base] if base.is_file() else sorted(
            p for p in base.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml")
        )
        for path in files:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def model_path() -> Path:
    return MODELS / f"wsp-{fingerprint()}.tar.gz"


def train() -> Path:
    target = model_path()
    if target.exists():
        print(f"Model is up to date: {target.relative_to(ROOT)}")
        return target
    MODELS.mkdir(exist_ok=True)
    cmd = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(ASSISTANT / "config.yml"),
        "--domain", str(ASSISTANT / "domain"),
        "--data", str(ASSISTANT / "data"),
        "--out", str(MODELS),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]
    print("Training the model (training data, domain or config changed)...", flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)
    # keep only the current model
    for old in MODELS.glob("wsp-*.tar.gz"):
        if old != target:
            old.unlink()
    return target


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--print-path", action="store_true")
    args = parser.parse_args()
    if args.print_path:
        path = model_path()
        if not path.exists():
            print(f"Model not trained yet: {path}", file=sys.stderr)
            return 1
        print(path)
        return 0
    train()
    return 0


if __name__ == "__main__":
    sys.exit(main())
