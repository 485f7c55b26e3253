"""Shared test helpers, one module per thing they provide.

- ``stack``: the running system (Rasa server, action server, outbox worker, inbox, demo page) as a
  session fixture.
- ``smtp``: the one SMTP server the tests use (aiosmtpd on 127.0.0.1).
- ``webhook``: a real HTTP receiver for the handover webhook.
- ``services``: PostgreSQL and Redis (a failure in CI, a skip with the reason elsewhere).
- ``databases``: fresh SQLite and PostgreSQL databases per test.
- ``trackers``: rasa-sdk trackers from the JSON fixtures in ``tests/data/trackers``.
"""
