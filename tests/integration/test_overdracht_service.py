"""Storing a handover: one transaction, sticky accountmanager, consent, idempotent, redacted.

Runs on a SQLite file and on a fresh PostgreSQL database (``db_url`` is parametrized).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.support.overdracht import BSN, INBOX, NU, gesprek_events
from wsp.db import Base
from wsp.overdracht import service, wachtrij
from wsp.overdracht.instellingen import Instellingen
from wsp.overdracht.models import OutboxBericht, Overdracht, Statuswijziging, Werkgever
from wsp.overdracht.service import (
    Contact,
    GeenToestemming,
    OngeldigeOverdracht,
    OverdrachtVerzoek,
    overdracht_vanuit_gesprek,
    voeg_aanvulling_toe,
)
from wsp.overdracht.toewijzing import Roster


def tel(sessions, model) -> int:  # type: ignore[no-untyped-def]
    with sessions() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def alle_tekst_in_database(sessions) -> str:  # type: ignore[no-untyped-def]
    """Every value of every row of every table, as one string."""
    parts = []
    with sessions() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)).all():
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def test_overdracht_wordt_opgeslagen_voordat_er_iets_verzonden_is(
        nieuwe_overdracht, db_sessions, smtp_server) -> None:  # type: ignore[no-untyped-def]
    resultaat = nieuwe_overdracht()

    assert resultaat.is_nieuw and not resultaat.is_bestaand and not resultaat.is_vervanger
    assert resultaat.accountmanager.naam == "Sanne de Vries"
    assert resultaat.accountmanager.telefoon == "026 000 00 01"
    assert resultaat.vaste_accountmanager_naam == "Sanne de Vries"
    assert resultaat.uiterlijk_contact == date(2026, 11, 12)  # Tuesday + 2 working days
    assert resultaat.inbox_url == f"{INBOX}/overdrachten/{resultaat.publieke_id}"

    with db_sessions() as s:
        o = s.execute(select(Overdracht)).scalar_one()
        assert o.publieke_id == resultaat.publieke_id
        assert (o.accountmanager_id, o.vaste_accountmanager_id) == ("am-arnhem-1", None)
        assert o.status == "nieuw" and o.reden == "gevraagd" and o.gemeente == "arnhem"
        assert o.regelingen == ["loonkostensubsidie"]
        assert o.email == "jan@bakkerij-jansen.nl" and o.kvk == "12345678"
        assert o.toestemming_op == NU and o.servicenorm_werkdagen == 2
        assert o.vraag == "Hoe vraag ik LKS aan? BSN [BSN verwijderd]"
        assert o.transcript[2]["tekst"] == "Ik wil iemand spreken"  # the clicked button's title
        assert o.laatste_antwoorden[-1].startswith("Uw vaste contactpersoon is Sanne")
        w = s.execute(select(Werkgever)).scalar_one()
        assert (w.email, w.kvk, w.accountmanager_id) == (
            "jan@bakkerij-jansen.nl", "12345678", "am-arnhem-1")
        assert o.werkgever_id == w.id
        wijziging = s.execute(select(Statuswijziging)).scalar_one()
        assert (wijziging.van, wijziging.naar, wijziging.door) == (None, "nieuw", "assistent")
        bericht = s.execute(select(OutboxBericht)).scalar_one()
        assert bericht.soort == "mail" and bericht.status == "wachtend"
        assert bericht.ontvanger == "s.devries@wsp-voorbeeld.nl"
        assert bericht.idempotentie_sleutel == f"{o.publieke_id}-mail"
        assert bericht.volgende_poging_op <= NU
        assert f"Message-ID: <{o.publieke_id}-mail@wsp-voorbeeld.nl>" in bericht.inhoud
    assert smtp_server.mails == []  # storing sends nothing: the outbox worker does


def test_bsn_en_medische_gegevens_komen_nergens_in_de_database(
        nieuwe_overdracht, db_sessions) -> None:  # type: ignore[no-untyped-def]
    ruw = [{"afzender": "werkgever", "tekst": f"BSN {BSN}, geboren 12-03-1980, heeft epilepsie",
            "tijd": None, "knoppen": []}]  # deliberately NOT redacted by the caller
    nieuwe_overdracht(transcript=ruw, contact=Contact(
        naam="Jan", email="jan@x.nl", contactvoorkeur="bellen, niet op dinsdag (ziekenhuis "
        "i.v.m. kanker)"))
    nieuwe_overdracht(gesprek_id="ander-gesprek")
    dump = alle_tekst_in_database(db_sessions)
    for verboden in (BSN, BSN.replace(" ", ""), "12-03-1980", "epilepsie", "autisme", "kanker"):
        assert verboden not in dump
    assert "[BSN verwijderd]" in dump and "[medisch gegeven verwijderd]" in dump


def test_opnieuw_proberen_maakt_geen_tweede_overdracht(
        nieuwe_overdracht, db_sessions) -> None:  # type: ignore[no-untyped-def]
    eerste = nieuwe_overdracht(gesprek_id="gesprek-1")
    tweede = nieuwe_overdracht(gesprek_id="gesprek-1", nu=NU + timedelta(seconds=30))
    assert tweede.publieke_id == eerste.publieke_id
    assert eerste.is_nieuw and not tweede.is_nieuw
    assert tweede.uiterlijk_contact == eerste.uiterlijk_contact
    assert tel(db_sessions, Overdracht) == 1
    assert tel(db_sessions, OutboxBericht) == 1
    assert tel(db_sessions, Statuswijziging) == 1
    # A new consent later in the same conversation is a new handover.
    derde = nieuwe_overdracht(gesprek_id="gesprek-1", toestemming_op=NU + timedelta(hours=1))
    assert derde.publieke_id != eerste.publieke_id and derde.is_bestaand
    assert tel(db_sessions, Overdracht) == 2
    assert tel(db_sessions, Werkgever) == 1


def test_zonder_toestemming_wordt_niets_bewaard(
        nieuwe_overdracht, db_sessions) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GeenToestemming):
        nieuwe_overdracht(toestemming_op=None)
    for model in (Werkgever, Overdracht, Statuswijziging, OutboxBericht):
        assert tel(db_sessions, model) == 0


def test_zelfde_werkgever_een_week_later_zelfde_accountmanager_ook_na_roosterwijziging(
        nieuwe_overdracht, db_sessions, overdracht_roster_pad) -> None:  # type: ignore[no-untyped-def]
    eerste = nieuwe_overdracht()
    assert eerste.accountmanager.naam == "Sanne de Vries"

    import yaml

    data = yaml.safe_load(overdracht_roster_pad.read_text(encoding="utf-8"))
    data["toewijzing"] = [{"gemeente": "arnhem", "accountmanager": "am-arnhem-2"}]
    gewijzigd = Roster.from_dict(data)  # Arnhem now goes to Mehmet by the rules

    week_later = NU + timedelta(days=7)
    per_mail = nieuwe_overdracht(
        roster=gewijzigd, nu=week_later, toestemming_op=week_later,
        contact=Contact(naam="Jan", email="JAN@bakkerij-jansen.nl"))
    per_kvk = nieuwe_overdracht(
        roster=gewijzigd, nu=week_later, toestemming_op=week_later + timedelta(minutes=5),
        contact=Contact(naam="Collega", email="collega@bakkerij-jansen.nl", kvk="12345678"))
    nieuw_bedrijf = nieuwe_overdracht(
        roster=gewijzigd, nu=week_later, toestemming_op=week_later,
        contact=Contact(naam="Els", email="els@ander-bedrijf.nl"))

    assert per_mail.accountmanager.naam == "Sanne de Vries" and per_mail.is_bestaand
    assert per_kvk.accountmanager.naam == "Sanne de Vries" and per_kvk.is_bestaand
    assert nieuw_bedrijf.accountmanager.naam == "Mehmet Yılmaz" and not nieuw_bedrijf.is_bestaand
    assert tel(db_sessions, Werkgever) == 2


def test_vervanger_bij_afwezige_vaste_accountmanager(
        nieuwe_overdracht, db_sessions) -> None:  # type: ignore[no-untyped-def]
    tijdens_afwezigheid = datetime(2026, 11, 24, 10, 0)  # Petra away 20 Nov - 5 Dec
    resultaat = nieuwe_overdracht(gemeente="zevenaar", nu=tijdens_afwezigheid,
                                  toestemming_op=tijdens_afwezigheid,
                                  contact=Contact(naam="Ali", email="ali@fietsen.nl"))
    assert resultaat.is_vervanger
    assert resultaat.accountmanager.naam == "Kees Bakker"
    assert resultaat.vaste_accountmanager_naam == "Petra Jansen"
    assert resultaat.uiterlijk_contact == date(2026, 11, 27)  # Kees: 3 working days
    with db_sessions() as s:
        o = s.execute(select(Overdracht)).scalar_one()
        assert (o.accountmanager_id, o.vaste_accountmanager_id) == ("am-zevenaar-2",
                                                                    "am-zevenaar-1")
        # The employer's fixed accountmanager stays Petra, not the substitute.
        assert s.execute(select(Werkgever.accountmanager_id)).scalar_one() == "am-zevenaar-1"
        assert s.execute(select(OutboxBericht.ontvanger)).scalar_one() == \
            "k.bakker@wsp-voorbeeld.nl"
    # After her absence the same employer is back with Petra.
    erna = datetime(2026, 12, 8, 10, 0)
    later = nieuwe_overdracht(gemeente="zevenaar", nu=erna, toestemming_op=erna,
                              contact=Contact(naam="Ali", email="ali@fietsen.nl"))
    assert later.accountmanager.naam == "Petra Jansen" and not later.is_vervanger


def test_zonder_email_of_kvk_geen_werkgever_maar_wel_overdracht(
        nieuwe_overdracht, db_sessions) -> None:  # type: ignore[no-untyped-def]
    nieuwe_overdracht(contact={"naam": "Piet", "telefoon": "026 123 45 67"})
    assert tel(db_sessions, Werkgever) == 0
    assert tel(db_sessions, Overdracht) == 1


def test_webhook_rij_alleen_als_webhook_ingesteld(
        nieuwe_overdracht, db_sessions) -> None:  # type: ignore[no-untyped-def]
    nieuwe_overdracht()
    met = nieuwe_overdracht(gesprek_id="met-webhook", webhook_url="https://crm.example/hook",
                            webhook_secret="geheim")
    with db_sessions() as s:
        soorten = s.execute(select(OutboxBericht.soort, OutboxBericht.idempotentie_sleutel)
                            .order_by(OutboxBericht.id)).all()
    assert [soort for soort, _ in soorten] == ["mail", "mail", "webhook"]
    assert soorten[2][1] == f"{met.publieke_id}-webhook"
    assert "geheim" not in alle_tekst_in_database(db_sessions)


def test_onbekende_reden_wordt_geweigerd(nieuwe_overdracht, db_sessions) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        nieuwe_overdracht(reden="zomaar")
    assert tel(db_sessions, Overdracht) == 0


def test_overdracht_vanuit_gesprek_voor_de_action_server(
        db_url, db_sessions, overdracht_roster, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WSP_INBOX_URL", "http://inbox.lokaal:8090/")
    monkeypatch.delenv("WSP_WEBHOOK_URL", raising=False)
    resultaat = overdracht_vanuit_gesprek(
        gesprek_id="rasa-sender-1", events=gesprek_events(), reden="gevraagd",
        gemeente="arnhem", regeling="jobcoaching", vraag=None,
        contact={"naam": "Jan", "email": "jan@x.nl", "telefoon": None},
        toestemming_op=NU, kanaal="rest",
        roster=overdracht_roster, database_url=db_url)
    assert resultaat.inbox_url.startswith("http://inbox.lokaal:8090/overdrachten/")
    with db_sessions() as s:
        o = s.execute(select(Overdracht)).scalar_one()
    assert o.regelingen == ["loonkostensubsidie", "jobcoaching"]
    assert BSN not in repr(o.transcript) and "[BSN verwijderd]" in repr(o.transcript)


# ---- the employer's reference (kenmerk) and additions from the chat -----------------------------

KENMERK = re.compile(r"WSP-2026-[2-9A-HJKMNP-Z]{6}")


def test_het_kenmerk_staat_in_de_zaak_beide_mails_en_de_webhook(
        nieuwe_overdracht, db_sessions) -> None:  # type: ignore[no-untyped-def]
    resultaat = nieuwe_overdracht(bevestiging=True, webhook_url="https://crm.example/hook",
                                  webhook_secret="geheim")
    ander = nieuwe_overdracht(gesprek_id="ander-gesprek")
    assert KENMERK.fullmatch(resultaat.kenmerk) and ander.kenmerk != resultaat.kenmerk
    with db_sessions() as s:
        o = s.execute(select(Overdracht).where(
            Overdracht.publieke_id == resultaat.publieke_id)).scalar_one()
        assert o.kenmerk == resultaat.kenmerk
        berichten = {b.idempotentie_sleutel.rsplit("-", 1)[1]: b.inhoud
                     for b in s.execute(select(OutboxBericht).where(
                         OutboxBericht.overdracht_id == o.id)).scalars()}
    assert set(berichten) == {"mail", "bevestiging", "webhook"}
    assert f"Kenmerk: {resultaat.kenmerk}" in berichten["mail"]  # the accountmanager's summary
    assert f"Uw kenmerk: {resultaat.kenmerk}" in berichten["bevestiging"]
    assert f"(kenmerk {resultaat.kenmerk})" in berichten["bevestiging"]  # in the subject
    assert json.loads(berichten["webhook"])["kenmerk"] == resultaat.kenmerk


def test_een_overdracht_uit_de_wachtrij_houdt_het_beloofde_kenmerk(
        db_url, db_sessions, overdracht_roster, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(wachtrij.ENV_WACHTRIJ, str(tmp_path / "wachtrij"))
    verzoek = OverdrachtVerzoek.schoon(
        gesprek_id="db-weg", reden="gevraagd", gemeente="arnhem", regelingen=[], vraag="Mag dat?",
        contact=Contact(naam="Jan", email="jan@x.nl"), toestemming_op=NU, transcript=[],
        kanaal="rest")
    beloofd = service._in_wachtrij(verzoek, roster=overdracht_roster,
                                   inst=Instellingen.from_env())
    assert beloofd.in_wachtrij and KENMERK.fullmatch(beloofd.kenmerk or "")
    [pad] = wachtrij.bestanden()
    opgeslagen = service.sla_wachtrij_op(wachtrij.lees(pad), roster=overdracht_roster,
                                         database_url=db_url)
    assert (opgeslagen.publieke_id, opgeslagen.kenmerk) == (beloofd.publieke_id, beloofd.kenmerk)


# A queued file exactly as the code before OverdrachtVerzoek wrote it (keys and values).
OUD_WACHTRIJBESTAND = {
    "bedrijfsgrootte": None, "bevestiging": True,
    "contact": {"contactvoorkeur": "bellen, dinsdagochtend", "email": "jan@bakkerij.example",
                "kvk": "12345678", "naam": "Jan Jansen", "organisatie": "Bakkerij Jansen",
                "telefoon": "06 12345678"},
    "gemeente": "arnhem", "gesprek_id": "oud-bestand", "herkomst": None, "kanaal": "socketio",
    "kenmerk": "WSP-2026-7KQ4XM", "nu": "2026-11-10T09:30:00", "publieke_id": "oud-publiek-id",
    "reden": "gevraagd", "regelingen": ["loonkostensubsidie"], "sector": None,
    "toestemming_op": "2026-11-10T09:29:00",
    "transcript": [{"afzender": "werkgever", "knoppen": [], "tekst": "Mag ik bellen?",
                    "tijd": "2026-11-10T09:28:00+00:00"}],
    "vraag": "Mijn BSN is [BSN verwijderd], kunt u bellen?",
}


def test_een_wachtrijbestand_van_de_vorige_versie_wordt_opgeslagen(
        db_url, db_sessions, overdracht_roster, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(wachtrij.ENV_WACHTRIJ, str(tmp_path / "wachtrij"))
    pad = wachtrij.zet_in_wachtrij(OUD_WACHTRIJBESTAND)
    opgeslagen = service.sla_wachtrij_op(wachtrij.lees(pad), roster=overdracht_roster,
                                         database_url=db_url,
                                         instellingen=Instellingen(inbox_url=INBOX))
    assert (opgeslagen.publieke_id, opgeslagen.kenmerk) == ("oud-publiek-id", "WSP-2026-7KQ4XM")
    with db_sessions() as s:
        o = s.execute(select(Overdracht)).scalar_one()
        assert (o.gesprek_id, o.toestemming_op, o.aangemaakt_op) == (
            "oud-bestand", datetime(2026, 11, 10, 9, 29), datetime(2026, 11, 10, 9, 30))
        assert (o.kanaal, o.regelingen, o.telefoon, o.kvk) == (
            "socketio", ["loonkostensubsidie"], "06 12345678", "12345678")
        assert o.transcript == OUD_WACHTRIJBESTAND["transcript"]
        assert sorted(s.execute(select(OutboxBericht.idempotentie_sleutel)).scalars()) == [
            "oud-publiek-id-bevestiging", "oud-publiek-id-mail"]
    # and the request writes the same keys back: files queued now are read by the old code too
    verzoek = OverdrachtVerzoek.uit_dict(OUD_WACHTRIJBESTAND)
    assert verzoek.als_dict() == OUD_WACHTRIJBESTAND
    # stored once: the file again returns the same handover
    again = service.sla_wachtrij_op(OUD_WACHTRIJBESTAND, roster=overdracht_roster,
                                    database_url=db_url, instellingen=Instellingen())
    assert not again.is_nieuw and again.publieke_id == "oud-publiek-id"
    assert tel(db_sessions, Overdracht) == 1


def test_verzoek_wordt_op_een_plek_gecontroleerd() -> None:
    velden = dict(gesprek_id="g-1", reden="gevraagd", gemeente="Arnhem",
                  regelingen=["Jobcoaching", "jobcoaching", "{kapot}"], vraag=f"BSN {BSN}",
                  contact={"naam": "Jan", "email": "Jan@X.nl"}, toestemming_op=NU,
                  transcript=[], kanaal="")
    verzoek = OverdrachtVerzoek.schoon(**velden)
    assert (verzoek.gemeente, verzoek.regelingen, verzoek.kanaal) == (
        "arnhem", ("jobcoaching",), "rest")
    assert verzoek.vraag == "BSN [BSN verwijderd]" and verzoek.contact.email == "jan@x.nl"
    with pytest.raises(AttributeError):
        verzoek.vraag = "anders"  # type: ignore[misc]
    with pytest.raises(GeenToestemming, match="Zonder toestemming wordt er niets bewaard"):
        OverdrachtVerzoek.schoon(**{**velden, "toestemming_op": None})
    with pytest.raises(ValueError, match="Onbekende reden 'zomaar'"):
        OverdrachtVerzoek.schoon(**{**velden, "reden": "zomaar"})
    with pytest.raises(OngeldigeOverdracht, match="geen geldig e-mailadres"):
        OverdrachtVerzoek.schoon(**{**velden, "contact": {"email": "a@b.nl?cc=c@d.nl"}})


def test_een_aanvulling_komt_alleen_uit_het_eigen_gesprek(
        nieuwe_overdracht, db_url, db_sessions, overdracht_roster) -> None:  # type: ignore[no-untyped-def]
    resultaat = nieuwe_overdracht(gesprek_id="gesprek-met-vraag")

    def vul_aan(gesprek_id: str, kenmerk: str, tekst: str = "Hij begint op 1 februari") -> bool:
        return voeg_aanvulling_toe(gesprek_id=gesprek_id, kenmerk=kenmerk, tekst=tekst,
                                   roster=overdracht_roster, database_url=db_url)

    assert not vul_aan("ander-gesprek", resultaat.kenmerk)  # someone who knows the reference
    assert not vul_aan("gesprek-met-vraag", "WSP-2026-AAAAAA")
    assert not vul_aan("gesprek-met-vraag", resultaat.kenmerk, tekst="  ")
    assert vul_aan("gesprek-met-vraag", resultaat.kenmerk, tekst=f"Zijn BSN is {BSN}")
    with db_sessions() as s:
        [regel] = s.execute(select(Statuswijziging).where(
            Statuswijziging.soort == "aanvulling")).scalars().all()
        assert (regel.door, regel.van, regel.naar) == ("werkgever", "nieuw", "nieuw")
        assert BSN not in regel.toelichting and "[BSN verwijderd]" in regel.toelichting
        mail = s.execute(select(OutboxBericht).where(
            OutboxBericht.idempotentie_sleutel.like("%-aanvulling-%"))).scalar_one()
        assert mail.ontvanger == "s.devries@wsp-voorbeeld.nl"
        assert resultaat.kenmerk in mail.onderwerp and BSN not in mail.inhoud
    for _ in range(service.MAX_AANVULLINGEN - 1):
        assert vul_aan("gesprek-met-vraag", resultaat.kenmerk)
    assert not vul_aan("gesprek-met-vraag", resultaat.kenmerk)  # enough is enough
