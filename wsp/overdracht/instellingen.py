"""Delivery settings, read from the environment (shared by the action server and the worker)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from wsp.db import REPO_ROOT

STANDAARD_AFZENDER = "chatassistent@wsp-voorbeeld.nl"
STANDAARD_INBOX_URL = "http://127.0.0.1:8090"


def _bool(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "ja", "on")


def mail_afzender(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return env.get("WSP_MAIL_AFZENDER") or STANDAARD_AFZENDER


@dataclass(frozen=True)
class Instellingen:
    smtp_host: str | None = None  # None: mails are written to mail_spool as .eml files
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout: float = 15.0
    mail_spool: Path = REPO_ROOT / "var" / "mail"
    mail_afzender: str = STANDAARD_AFZENDER
    inbox_url: str = STANDAARD_INBOX_URL  # base of the links in mails and webhooks
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_timeout: float = 10.0
    max_pogingen: int = 20
    lease_seconden: int = 300  # a claimed row is retried by another run after this

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Instellingen:
        env = os.environ if env is None else env
        spool = Path(env.get("WSP_MAIL_SPOOL") or "var/mail")
        if not spool.is_absolute():
            spool = REPO_ROOT / spool
        return cls(
            smtp_host=env.get("WSP_SMTP_HOST") or None,
            smtp_port=int(env.get("WSP_SMTP_PORT") or 25),
            smtp_user=env.get("WSP_SMTP_USER") or None,
            smtp_password=env.get("WSP_SMTP_PASSWORD") or None,
            smtp_starttls=_bool(env.get("WSP_SMTP_STARTTLS")),
            smtp_timeout=float(env.get("WSP_SMTP_TIMEOUT") or 15),
            mail_spool=spool,
            mail_afzender=mail_afzender(env),
            inbox_url=(env.get("WSP_INBOX_URL") or STANDAARD_INBOX_URL).rstrip("/"),
            webhook_url=env.get("WSP_WEBHOOK_URL") or None,
            webhook_secret=env.get("WSP_WEBHOOK_SECRET") or None,
            max_pogingen=int(env.get("WSP_OUTBOX_MAX_POGINGEN") or 20),
            lease_seconden=int(env.get("WSP_OUTBOX_LEASE_SECONDEN") or 300),
        )
