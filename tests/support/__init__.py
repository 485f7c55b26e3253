"""Shared test helpers, one module per thing they provide (registered as pytest plugins where they
hold fixtures: tests/conftest.py).

Servers and services:
- ``stack``: the running system (Rasa server, action server, outbox worker, inbox, demo page) as the
  session fixture ``stack``.
- ``smtp``: the one SMTP server of the tests (aiosmtpd on 127.0.0.1); fixtures ``smtp_server``,
  ``smtp_server_down``.
- ``webhook``: a real HTTP receiver for the handover webhook; fixture ``webhook_receiver``.
- ``services``: PostgreSQL and Redis (a failure in CI, a skip with the reason elsewhere).
- ``databases``: fresh SQLite and PostgreSQL databases; fixtures ``db_url``, ``sqlite_url``.
- ``waiting``: ``wait_until`` for what another thread or process does.
- ``coroutines``: run a coroutine from synchronous test code.

Test data and drivers, named after the package they help test:
- ``trackers``: rasa-sdk trackers from ``tests/data/trackers/*.json`` for the action unit tests.
- ``gesprek``: chatting with the running assistant over the REST channel.
- ``overdracht``: the fixture roster, a chat in tracker-event form, ``nieuwe_overdracht``.
- ``inbox``, ``inzichten``, ``regels``, ``abonnementen``: data and copies of the content files for
  those packages' tests.
"""
