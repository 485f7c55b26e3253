"""Proactive information: employers subscribe in the chat to changes in the rules of their
municipality and instruments (double opt-in), editors publish changes, and one mail per employer
per publication tells what changed, from when, the source and whom to call.

Framework-free: no rasa, no rasa_sdk, no Flask. Modules:

- ``models``: subscriptions (with the consent record), published versions, publications, recipients;
- ``momentopname``: the normalised snapshot of ``knowledge/`` and ``regional_rules/`` and the diff;
- ``service``: ask, confirm, unsubscribe, propose and publish, announce dated amounts;
- ``mail``: the confirmation mail and the change mail (one-click unsubscribe in both);
- ``chat``: what the Rasa actions need (the "Houd mij op de hoogte" button, texts, parsing);
- ``bewaren``: retention and erasure (called by ``wsp.bewaren``);
- ``inzichten``: figures; ``cli``: ``python -m wsp.publiceren``.
"""
