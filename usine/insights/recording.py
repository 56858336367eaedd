"""The one call every app uses to count something: `record(kind=…, …)`.

Recording never slows a page: `record` only appends to this process's buffer; a thread of the
process writes the buffer in bulk every INSIGHTS_FLUSH_SECONDS (one INSERT of many rows), and
when a roll-up is due (`rollup.due`, once a period across every process through the shared
cache) asks the task worker for it (`tasks.roll_up_figures`): the web processes never roll up
but before a dashboard is read. With INSIGHTS_FLUSH_SECONDS = 0 (the tests) each event is
written at once.

Other apps call, for instance:
    record(kind=Kind.QUIZ, request=request, building=building, amount=score)
    record(kind=Kind.FORUM, request=request, page=talk.slug, amount=seconds)
A buffer lost with its process (a crash) loses a couple of seconds of counts, never a page.
"""

import atexit
import logging
import threading
import time
from collections import deque

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from usine.fair.models import Edition

from . import rollup, tasks, visitors
from .models import Event, Kind

logger = logging.getLogger(__name__)

MAX_BUFFER = 100_000  # past this, a stalled database costs counts, not memory
BATCH = 2_000

_buffer: deque = deque(maxlen=MAX_BUFFER)
_started = threading.Lock()
_thread: threading.Thread | None = None
_open_edition = {"id": None, "until": 0.0}
KINDS = frozenset(Kind.values)  # `Kind.values` builds a new list at each call
# Every column of an event but its id (a test checks it against the model).
COLUMNS = (
    "edition_id",
    "kind",
    "page",
    "building_id",
    "testimonial_id",
    "trade_id",
    "visitor_kind",
    "level",
    "school_type",
    "departement",
    "device",
    "at",
    "amount",
    "visitor",
)


def open_edition_id() -> int | None:
    """The open edition, looked up at most every ten seconds per process."""
    if _open_edition["until"] < time.monotonic():
        _open_edition["id"] = (
            Edition.objects.filter(state=Edition.State.OPEN).values_list("pk", flat=True).first()
        )
        _open_edition["until"] = time.monotonic() + 10
    return _open_edition["id"]


def known_open_edition() -> tuple[bool, int | None]:
    """Whether this process knows the open edition without a query now, and which it is."""
    return _open_edition["until"] >= time.monotonic(), _open_edition["id"]


def forget() -> None:
    """Forget the open edition (a new one was opened: tests, `load_demo`)."""
    _open_edition["until"] = 0.0


def record(
    *,
    kind: str,
    request=None,
    pupil=None,
    edition=None,
    building=None,
    testimonial=None,
    trade=None,
    page: str = "",
    amount: int = 0,
    device: str = "",
    at=None,
) -> None:
    """Count one event for the visitor of `request` (or `pupil`), in `edition` (an edition or its
    id; the open one by default). Silently nothing when no edition is open (the fair is not on)
    or the host counts nothing (INSIGHTS_COUNTING off)."""
    if kind not in KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    if not settings.INSIGHTS_COUNTING:
        return
    edition_id = getattr(edition, "pk", edition) if edition is not None else open_edition_id()
    if edition_id is None:
        return
    at = at or timezone.now()
    facts, material = visitors.describe(request, pupil=pupil)
    row = {
        "edition_id": edition_id,
        "kind": kind,
        "page": page[:80],
        "building_id": getattr(building, "pk", building),
        "testimonial_id": getattr(testimonial, "pk", testimonial),
        "trade_id": getattr(trade, "pk", trade),
        "visitor_kind": "",
        "level": "",
        "school_type": "",
        "departement": "",
        "device": device,
        "at": at,
        "amount": max(int(amount), 0),
        "visitor": visitors.day_hash(material, at=at),
    }
    row.update(facts)
    if flush_seconds() <= 0:
        write([row])
        return
    _buffer.append(row)
    _start_flusher()


def write(rows: list[dict]) -> None:
    """Insert events given as rows of `COLUMNS`, in one transaction. Straight through the cursor:
    at peak, compiling each value through the ORM cost more than the database's work
    (bench/insights.py). On PostgreSQL through COPY, several times faster than an INSERT per row
    even pipelined; its foreign keys are checked at the commit, which raises IntegrityError as
    the INSERTs do."""
    quote = connection.ops.quote_name
    table = quote(Event._meta.db_table)
    columns = ", ".join(quote(column) for column in COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                connection.wrap_database_errors,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row([row[c] for c in COLUMNS])
            return
        adapt = connection.ops.adapt_datetimefield_value
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",
            [[adapt(row[c]) if c == "at" else row[c] for c in COLUMNS] for row in rows],
        )


def flush_seconds() -> float:
    return float(getattr(settings, "INSIGHTS_FLUSH_SECONDS", 2))


def buffered() -> bool:
    """Whether `record` only appends to the buffer (no query), as in production."""
    return flush_seconds() > 0


def flush() -> int:
    """Write what the buffer holds, in bulk; the number of events written."""
    written = 0
    while _buffer:
        batch = []
        while _buffer and len(batch) < BATCH:
            batch.append(_buffer.popleft())
        try:
            write(batch)
        except IntegrityError:
            # Some rows name a building, talk or edition deleted since: written one by one, the
            # others are kept, those are dropped (kept, they would block every later count).
            written += _write_each(batch)
            continue
        except Exception:
            _buffer.extendleft(reversed(batch))  # the database away: kept for the next try
            raise
        written += len(batch)
    return written


def _write_each(rows: list[dict]) -> int:
    written = 0
    for row in rows:
        try:
            write([row])
        except IntegrityError:
            continue
        written += 1
    if written < len(rows):
        logger.warning("insights: %d events dropped (deleted rows)", len(rows) - written)
    return written


def refresh() -> None:
    """Before a dashboard: this process's buffer written, the day rolled up if it is time."""
    flush()
    rollup.roll_up_if_due()


def write_round() -> None:
    """The flusher's work each period: the buffer written, and the roll-up asked of the task
    worker when it is due."""
    flush()
    if rollup.due():
        tasks.roll_up_figures.enqueue()


def _flusher() -> None:
    while True:
        time.sleep(flush_seconds())
        try:
            write_round()
        except Exception:  # a database away for a moment: keep the events, try again
            logger.exception("insights: writing the counts failed")
        finally:
            close_old_connections()


def _start_flusher() -> None:
    global _thread
    if _thread is not None and _thread.is_alive():
        return
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_flusher, name="insights-flusher", daemon=True)
            _thread.start()
            atexit.register(_flush_at_exit)


def _flush_at_exit() -> None:
    try:
        flush()
    except Exception:
        logger.exception("insights: the last counts could not be written")
