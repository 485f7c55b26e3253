"""Helpers for the wsp.regels tests: copies of the real content files to mutate safely."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from wsp.regels import Repository, load_repository

ROOT = Path(__file__).resolve().parents[2]
INHOUD = ("knowledge", "regional_rules")

_repo: Repository | None = None


def echte_repo() -> Repository:
    """The shipped content, loaded once per test session."""
    global _repo
    if _repo is None:
        _repo = load_repository(ROOT)
    return _repo


def kopie(doel: Path) -> Path:
    """Copy knowledge/ and regional_rules/ into ``doel``; returns ``doel``."""
    for naam in INHOUD:
        shutil.copytree(ROOT / naam, doel / naam)
    return doel


def vervang(root: Path, rel: str, oud: str, nieuw: str, aantal: int = 1) -> None:
    """Replace text in a copied file; fails loudly when ``oud`` is not there (the test would be void)."""
    pad = root / rel
    tekst = pad.read_text(encoding="utf-8")
    assert oud in tekst, f"{oud!r} staat niet in {rel}"
    schrijf(pad, tekst.replace(oud, nieuw, aantal))


def schrijf(pad: Path, tekst: str) -> None:
    """Write and make sure the modification time moves, even on coarse file systems."""
    oud = pad.stat().st_mtime_ns if pad.exists() else 0
    pad.write_text(tekst, encoding="utf-8")
    if pad.stat().st_mtime_ns == oud:
        time.sleep(0.01)
        os.utime(pad, ns=(oud + 10_000_000, oud + 10_000_000))


def regel_van(root: Path, rel: str, stuk: str, na: str | None = None) -> int:
    """1-based number of the first line containing ``stuk`` (after the first line containing ``na``)."""
    regels = (root / rel).read_text(encoding="utf-8").splitlines()
    start = 0
    if na is not None:
        start = next(i for i, r in enumerate(regels) if na in r)
    return next(i for i, r in enumerate(regels) if i >= start and stuk in r) + 1
