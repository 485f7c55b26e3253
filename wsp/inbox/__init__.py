"""Inbox for accountmanagers: escalated conversations with full context (pages + JSON API).

``create_app`` is imported lazily so that ``wsp.inbox.models`` (loaded by ``wsp.db``) does not pull in
Flask for processes that only need the tables, such as the action server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:
    from flask import Flask


def create_app(database_url: str | None = None, config: Mapping[str, Any] | None = None) -> Flask:
    from wsp.inbox.app import create_app as _create_app

    return _create_app(database_url, config)
