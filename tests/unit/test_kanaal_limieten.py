"""Rate limits of the chat channel (assistant/addons/channel.py): per conversation and per client
address, the client address behind our proxy, the daily hash handed to the handover service.
Over HTTP on the running stack: tests/integration/test_aanvallen.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from assistant.addons.channel import (
    Begrenzer,
    GedeeldeBegrenzer,
    KanaalInstellingen,
    WSPRestInput,
    client_adres,
    herkomst,
)
from wsp.privacy import redact


def test_begrenzer_schuivend_venster() -> None:
    nu = [100.0]
    b = Begrenzer(3, venster=60)
    b.klok = lambda: nu[0]
    assert [b.wacht("a") for _ in range(3)] == [0, 0, 0]
    assert b.wacht("a") == 60  # the oldest frees up in a minute
    assert b.wacht("b") == 0  # other keys are independent
    nu[0] += 30
    assert b.wacht("a") == 30
    nu[0] += 30.5
    assert b.wacht("a") == 0  # one slot free again
    assert Begrenzer(0).wacht("x") == 0  # 0 = no limit


@dataclass
class Verzoek:
    """What client_adres reads of a Sanic request."""
    ip: str
    headers: dict = field(default_factory=dict)


def test_client_adres_achter_de_proxy_is_wat_de_proxy_zag() -> None:
    verzoek = Verzoek("10.0.0.2", {"x-forwarded-for": "1.2.3.4, 203.0.113.9"})
    assert client_adres(verzoek, achter_proxy=True) == "203.0.113.9"  # not the forged 1.2.3.4
    assert client_adres(verzoek, achter_proxy=False) == "10.0.0.2"  # no proxy: header ignored
    assert client_adres(Verzoek("10.0.0.2"), achter_proxy=True) == "10.0.0.2"


def test_herkomst_per_dag_alleen_letters_en_nooit_het_adres() -> None:
    dag = datetime(2026, 11, 30, 10, tzinfo=timezone.utc)
    h = herkomst("203.0.113.9", dag)
    assert h == herkomst("203.0.113.9", dag + timedelta(hours=5))
    assert h != herkomst("203.0.113.9", dag + timedelta(days=1))
    assert h != herkomst("203.0.113.10", dag)
    assert h.isalpha() and h.islower() and "203" not in h
    assert redact(h) == h  # survives the tracker store's redaction unchanged


def test_instellingen_uit_de_omgeving() -> None:
    inst = KanaalInstellingen.van({"max_per_minuut_afzender": 5}).met_omgeving({
        "WSP_CHAT_MAX_PER_MINUUT_ADRES": "7", "WSP_CHAT_ACHTER_PROXY": "1",
        "WSP_CHAT_VRIJE_ADRESSEN": "127.0.0.1"})
    assert (inst.max_per_minuut_afzender, inst.max_per_minuut_adres) == (5, 7)
    assert inst.achter_proxy is True and inst.vrije_adressen == "127.0.0.1"
    assert KanaalInstellingen().max_per_minuut_afzender == 20
    assert KanaalInstellingen().max_per_minuut_adres == 60
    assert "veel berichten" in KanaalInstellingen(telefoon="026 000 00 00").te_veel()


@pytest.mark.process  # the channel imports Rasa's action module, which starts a helper process
def test_kanaal_telt_per_afzender_en_per_adres() -> None:
    kanaal = WSPRestInput(KanaalInstellingen(max_per_minuut_afzender=3, max_per_minuut_adres=5,
                                             vrije_adressen="127.0.0.1"))
    assert [kanaal.wachttijd("203.0.113.1", "s1") for _ in range(3)] == [0, 0, 0]
    assert kanaal.wachttijd("203.0.113.1", "s1") > 0  # 4th from this conversation
    assert kanaal.wachttijd("203.0.113.1", "s2") == 0  # other conversation, same address
    assert kanaal.wachttijd("203.0.113.1", "s3") > 0  # 6th from this address
    assert kanaal.wachttijd("198.51.100.1", "s1") > 0  # the conversation stays limited
    assert all(kanaal.wachttijd("127.0.0.1", "s1") == 0 for _ in range(50))  # load tests


def test_gedeelde_begrenzer_telt_over_processen_heen(tmp_path: Path) -> None:
    """Two Rasa workers (two instances on one file) share one limit, and the file holds neither
    the client address nor the conversation id."""
    pad = tmp_path / "limieten.sqlite"
    nu = [1000.0]
    a, b = GedeeldeBegrenzer(3, pad, "adres"), GedeeldeBegrenzer(3, pad, "adres")
    a.klok = b.klok = lambda: nu[0]
    assert [a.wacht("10.0.0.7"), b.wacht("10.0.0.7"), a.wacht("10.0.0.7")] == [0, 0, 0]
    assert b.wacht("10.0.0.7") == 60
    assert GedeeldeBegrenzer(3, pad, "afzender").wacht("10.0.0.7") == 0  # another limit
    nu[0] += 60.5
    assert b.wacht("10.0.0.7") == 0
    inhoud = pad.read_bytes() + (pad.with_name(pad.name + "-wal").read_bytes()
                                 if pad.with_name(pad.name + "-wal").exists() else b"")
    assert b"10.0.0.7" not in inhoud


def test_kanaal_deelt_limieten_via_het_bestand_uit_de_omgeving(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WSP_CHAT_LIMIETEN_DB", str(tmp_path / "limieten.sqlite"))
    kanaal = WSPRestInput(KanaalInstellingen(max_per_minuut_afzender=2).met_omgeving())
    assert isinstance(kanaal.per_afzender, GedeeldeBegrenzer)
    tweede = WSPRestInput(KanaalInstellingen(max_per_minuut_afzender=2).met_omgeving())
    assert kanaal.wachttijd("10.1.1.1", "s") == 0 and tweede.wachttijd("10.1.1.2", "s") == 0
    assert kanaal.wachttijd("10.1.1.3", "s") > 0
    monkeypatch.delenv("WSP_CHAT_LIMIETEN_DB")
    assert not isinstance(WSPRestInput(KanaalInstellingen().met_omgeving()).per_afzender,
                          GedeeldeBegrenzer)
