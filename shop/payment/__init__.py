"""Payments: Saleor's Transactions API (TransactionItem + TransactionEvent) with gateways.

A transaction's amounts are never written directly: they are derived from its
events (``amounts.py``) by one service under a row lock (``services.py``).
Gateways (``gateways/``) talk to payment providers; webhooks (``webhooks.py``)
bring the providers' news back as events.
"""
