"""Read replicas: with ``DATABASE_REPLICA_URL`` set, public pages read from a replica.

A request of a reader (GET or HEAD, outside the admin, with no session cookie) reads
through the ``replica`` database; everything else reads the primary: the admin, staff
browsing the site (whose session must be found the moment it is made), every write
(``db_for_write`` is always the primary), and the content's version, which
``core.caching`` reads on its own connection to the primary.

A replica lags. What keeps a lagging one from storing an old page under a new key is in
``core.caching``: a page rendered from the replica is stored under the versions the
replica held when it was read, never under the primary's.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_reading_for_a_reader: ContextVar[bool] = ContextVar("reading_for_a_reader", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """The database the current request's pages read from."""
    return REPLICA if _reading_for_a_reader.get() and configured() else DEFAULT_DB_ALIAS


@contextmanager
def reads_for_a_reader():
    token = _reading_for_a_reader.set(True)
    try:
        yield
    finally:
        _reading_for_a_reader.reset(token)


def is_a_readers_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith("/admin/")
    )


class ReplicaRouter:
    """Reads of a reader's request go to the replica; all else to the primary."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database's rows, wherever they were read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema


class ReplicaReadsMiddleware:
    """Marks a reader's request (see ``is_a_readers_request``) to read the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured() or not is_a_readers_request(request):
            return self.get_response(request)
        with reads_for_a_reader():
            return self.get_response(request)
