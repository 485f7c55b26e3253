"""Helpers for the subscription tests: a copy of the editors' files in which the rules are no
longer sample data, edits as an editor makes them, the inbox on a real HTTP port, mail links."""

from __future__ import annotations

import os
import re
import shutil
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from wsp.db import REPO_ROOT

# The shipped files, or another copy of them (e.g. while the files in the tree are mid-edit).
BRON = Path(os.environ.get("WSP_TEST_CONTENT") or REPO_ROOT)
LINK = re.compile(r"https?://[^\s<>\"]+/abonnement/(bevestigen|afmelden|geopend)(?:\.gif)?\?t=([A-Za-z0-9_-]{43})")


def kopieer_inhoud(doel: Path, status: str = "concept") -> Path:
    """knowledge/ and regional_rules/ under ``doel``; every ``status: voorbeeld`` file in
    regional_rules/ gets ``status`` (the shipped rules are all sample data: never announced)."""
    for map_ in ("knowledge", "regional_rules"):
        shutil.copytree(BRON / map_, doel / map_)
    for pad in (doel / "regional_rules").rglob("*.yml"):
        tekst = pad.read_text(encoding="utf-8")
        pad.write_text(re.sub(r"(?m)^status: voorbeeld$", f"status: {status}", tekst),
                       encoding="utf-8")
    return doel


def wijzig(pad: Path, oud: str, nieuw: str) -> None:
    """An editor's edit: replace exactly one occurrence."""
    tekst = pad.read_text(encoding="utf-8")
    assert tekst.count(oud) == 1, f"{oud!r} staat niet precies één keer in {pad.name}"
    pad.write_text(tekst.replace(oud, nieuw), encoding="utf-8")


def links(tekst: str) -> dict[str, str]:
    """{soort: url} of the subscription links in a mail text."""
    return {m.group(1): m.group(0) for m in LINK.finditer(tekst)}


@dataclass
class Antwoord:
    status: int
    tekst: str
    headers: dict[str, str]


class GeenRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_opener = urllib.request.build_opener(GeenRedirect)


def http(url: str, data: bytes | None = None, methode: str | None = None) -> Antwoord:
    verzoek = urllib.request.Request(url, data=data, method=methode)
    try:
        with _opener.open(verzoek, timeout=15) as r:
            return Antwoord(r.status, r.read().decode("utf-8", "replace"), dict(r.headers))
    except urllib.error.HTTPError as fout:
        return Antwoord(fout.code, fout.read().decode("utf-8", "replace"), dict(fout.headers))


@contextmanager
def inbox_server(database_url: str, content_root: Path, rooster: Path | None = None
                 ) -> Iterator[str]:
    """The inbox app on a free port on 127.0.0.1 (werkzeug, threaded); yields its base URL."""
    from werkzeug.serving import make_server

    from wsp.inbox.app import create_app

    config = {"TESTING": True, "SECRET_KEY": "test-geheim", "CONTENT_ROOT": str(content_root)}
    if rooster is not None:
        config["ROOSTER_PAD"] = str(rooster)
    app = create_app(database_url, config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
