"""Reads of the apps in DATABASE_REPLICA_APPS (catalogue and credential verification by default) go to the
"replica" database; every write, and every read of the other apps, goes to the primary ("default").

A replica lags the primary a little, so the apps listed must tolerate a second-old catalogue or status list;
reads inside a transaction stay on the primary, so a service reads what it has just written.
"""

from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

REPLICA = "replica"


class ReadReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if model._meta.app_label not in settings.DATABASE_REPLICA_APPS:
            return None
        # Inside a transaction on the primary, read what it wrote (a replica would not have it yet).
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary, so relations across the two are the same relations.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db != REPLICA
