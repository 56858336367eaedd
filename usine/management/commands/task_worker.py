"""`manage.py task_worker`: django_tasks_db's `db_worker`, which outlives its database restarting.

db_worker stops at the first error reaching the database (its loop re-raises all but SQLite's
"locked"): a PostgreSQL restart during the fair would leave uploads waiting for transcoding
until someone noticed. This one waits and starts polling again; a task already running when the
database went away keeps its own outcome (a task that fails is marked so by the worker)."""

import logging
import time

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

RETRY_SECONDS = 1.0


class Command(db_worker.Command):
    help = "Runs the fair's background tasks; waits for the database when it restarts."

    def handle(self, *args, **options):
        while True:
            try:
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                logger.warning("task worker: database out of reach (%s), trying again", error)
                for connection in connections.all(initialized_only=True):
                    try:
                        connection.close()
                    except Exception:  # a connection the server already dropped
                        logger.debug("task worker: closing a dead connection failed")
                time.sleep(RETRY_SECONDS)
