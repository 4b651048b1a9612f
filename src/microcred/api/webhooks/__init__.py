"""Outbound webhooks (issue 8): a provider's endpoints are sent what happened to its enrolments, results,
credentials and awards, signed with the endpoint's secret.

Domain services announce each change through ``hooks_call`` (settings ``*_HANDLERS``, handlers in
``events``); the handler writes a delivery row per subscribed endpoint in the change's own transaction and
sends it through the outbox once that commits (``delivery``). Failed attempts are retried with exponential
back-off by a beat job; every attempt is logged."""
