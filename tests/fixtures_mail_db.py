"""Old import path of the handover test helpers, kept while tests written before tests/support
still import from here. New code imports from ``tests.support`` (smtp, webhook, databases,
services, overdracht, waiting). The fixtures themselves are registered in tests/conftest.py."""

from tests.support.overdracht import BSN, INBOX, NU, ROSTER_FIXTURE, gesprek_events
from tests.support.services import PG_ADMIN_URL
from tests.support.smtp import ReceivedMail as OntvangenMail
from tests.support.smtp import SmtpServer, free_port
from tests.support.waiting import wait_until as wacht_tot
from tests.support.webhook import WebhookReceiver as WebhookOntvanger

vrije_poort = free_port

__all__ = [
    "BSN", "INBOX", "NU", "PG_ADMIN_URL", "ROSTER_FIXTURE", "OntvangenMail", "SmtpServer",
    "WebhookOntvanger", "gesprek_events", "vrije_poort", "wacht_tot",
]
