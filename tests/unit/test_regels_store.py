"""Hot reload: an editor's valid change shows up without a restart; a broken one never does."""

from __future__ import annotations

import logging
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.regels import ROOT, kopie, regel_van, vervang
from wsp.regels import OngeldigeGegevens, RuleStore
from wsp.regels import store as store_module

ZEVENAAR = "regional_rules/gemeenten/zevenaar.yml"
INTERVAL = 0.05


def uren(store: RuleStore) -> Decimal:
    item = store.current().effective_rules("zevenaar", "jobcoaching").item("uren")
    assert item is not None
    return item.value  # type: ignore[return-value]


def wacht_op(voorwaarde, timeout: float = 10.0) -> bool:
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(INTERVAL / 2)
    return False


def test_valid_edit_is_served_after_the_check_interval(tmp_path: Path):
    root = kopie(tmp_path)
    store = RuleStore(root, check_interval=INTERVAL)
    assert uren(store) == Decimal(3)
    vervang(root, ZEVENAAR, "      waarde: 3\n", "      waarde: 10\n")
    assert wacht_op(lambda: uren(store) == Decimal(10))
    assert store.last_errors == ()


def test_no_check_before_the_interval_has_passed(tmp_path: Path):
    root = kopie(tmp_path)
    store = RuleStore(root, check_interval=3600)
    eerste = store.current()
    vervang(root, ZEVENAAR, "      waarde: 3\n", "      waarde: 10\n")
    assert store.current() is eerste  # the per-message path does not touch the disk
    assert store.reload() is True
    assert uren(store) == Decimal(10)


def test_broken_edit_keeps_the_last_valid_version_and_explains_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    root = kopie(tmp_path)
    store = RuleStore(root, check_interval=INTERVAL)
    goed = store.current()
    vervang(root, ZEVENAAR, "      waarde: 3\n      eenheid", "      waarde: 10\n      eenheid")
    vervang(root, ZEVENAAR, "    uren:", "    uurren:")
    regel = regel_van(root, ZEVENAAR, "uurren:")
    verwacht = f"{ZEVENAAR}, regel {regel}: onbekende sleutel 'uurren' bij jobcoaching (bedoelt u 'uren'?)"
    with caplog.at_level(logging.ERROR, logger="wsp.regels"):
        assert wacht_op(lambda: bool(store.last_errors))
    assert store.current() is goed
    assert uren(store) == Decimal(3)
    assert verwacht in [str(f) for f in store.last_errors]
    assert verwacht in caplog.text
    assert "vorige versie blijft actief" in caplog.text

    vervang(root, ZEVENAAR, "    uurren:", "    uren:")  # the editor fixes it
    assert wacht_op(lambda: uren(store) == Decimal(10))
    assert store.last_errors == ()


def test_new_and_deleted_files_are_noticed(tmp_path: Path):
    root = kopie(tmp_path)
    store = RuleStore(root, check_interval=INTERVAL)
    (root / "regional_rules/gemeenten/duiven.yml").unlink()
    assert wacht_op(lambda: bool(store.last_errors))
    assert "regional_rules/gemeenten/duiven.yml: bestand ontbreekt" in str(store.last_errors[0])


def test_invalid_files_at_start_raise_with_dutch_messages(tmp_path: Path):
    root = kopie(tmp_path)
    vervang(root, ZEVENAAR, "geverifieerd_op: 2026-11-23", "geverifieerd_op: 2026-02-30")
    with pytest.raises(OngeldigeGegevens) as fout:
        RuleStore(root)
    assert "de datum '2026-02-30' bestaat niet" in str(fout.value)


def test_many_threads_read_while_files_change(tmp_path: Path):
    root = kopie(tmp_path)
    store = RuleStore(root, check_interval=0.001)
    fouten: list[BaseException] = []
    stop = threading.Event()

    def lees() -> None:
        try:
            while not stop.is_set():
                waarde = uren(store)
                assert waarde in (Decimal(3), Decimal(10), Decimal(11))
                time.sleep(0.001)
        except BaseException as e:  # noqa: BLE001 - report anything to the main thread
            fouten.append(e)

    lezers = [threading.Thread(target=lees) for _ in range(8)]
    for t in lezers:
        t.start()
    vervang(root, ZEVENAAR, "      waarde: 3\n", "      waarde: 10\n")
    time.sleep(0.05)
    vervang(root, ZEVENAAR, "      waarde: 10\n", "      waarde: 11\n")
    assert wacht_op(lambda: uren(store) == Decimal(11))
    stop.set()
    for t in lezers:
        t.join()
    assert fouten == []


def test_default_root_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("WSP_CONTENT_ROOT", raising=False)
    assert store_module.standaard_root() == ROOT
    monkeypatch.setenv("WSP_CONTENT_ROOT", str(tmp_path))
    assert store_module.standaard_root() == tmp_path


def test_default_store_serves_the_shipped_files(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("WSP_CONTENT_ROOT", str(ROOT))
    monkeypatch.setattr(store_module, "_standaard", None)
    eerste = store_module.default_store()
    assert eerste is store_module.default_store()
    assert "arnhem" in eerste.current().gemeenten


def test_a_message_never_waits_for_a_reload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The check and the search index take seconds: the message that notices the change is answered
    from the current version at once, and the new version is served when it is ready."""
    root = kopie(tmp_path)
    store = RuleStore(root, check_interval=INTERVAL)
    echte_controle = store_module.controleer
    bezig = threading.Event()

    def trage_controle(*args, **kwargs):
        bezig.set()
        time.sleep(3.0)
        return echte_controle(*args, **kwargs)

    monkeypatch.setattr(store_module, "controleer", trage_controle)
    vervang(root, ZEVENAAR, "      waarde: 3\n", "      waarde: 10\n")
    time.sleep(INTERVAL * 2)
    begin = time.monotonic()
    assert uren(store) == Decimal(3)
    assert bezig.wait(5)
    assert uren(store) == Decimal(3)  # still reloading: the old version answers
    assert time.monotonic() - begin < 2.0  # the check alone takes 3 s here
    assert wacht_op(lambda: uren(store) == Decimal(10))
