"""R-SYS-4: the server-error page tells a database outage (503 with Retry-After, so people,
proxies and the offline queue retry) from a bug (500). The restart itself is exercised
against a real PostgreSQL in tests/faults/test_web_faults.py; here each kind of error
the driver raises is checked on its own, as Django hands it to the handler."""

from types import SimpleNamespace

import psycopg2
import pytest
from django.db import connection
from django.test import RequestFactory

from outreach.views.errors import RETRY_AFTER_SECONDS, server_error

# Django wraps only its own backend's driver errors; these are psycopg2's.
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg2's errors")


def _answer(driver_error: Exception):
    """The handler's answer while `driver_error`, wrapped by Django the way a query
    wraps it, is being handled."""
    try:
        with connection.wrap_database_errors:
            raise driver_error
    except Exception:  # noqa: BLE001 — the handler reads it from sys.exc_info()
        return server_error(RequestFactory().get("/"))


@pytest.mark.parametrize(
    "driver_error",
    [
        psycopg2.OperationalError("server closed the connection unexpectedly"),
        psycopg2.InterfaceError("connection already closed"),
        # psycopg2's report of some lost connections: no SQLSTATE, the bare base class.
        psycopg2.DatabaseError("error with status PGRES_TUPLES_OK and no message from the libpq"),
    ],
    ids=["operational", "interface", "bare-without-sqlstate"],
)
def test_r_sys_4_a_lost_database_answers_503_with_retry_after(driver_error):
    response = _answer(driver_error)

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize(
    "driver_error",
    [
        psycopg2.ProgrammingError('relation "nowhere" does not exist'),
        psycopg2.IntegrityError("duplicate key value violates unique constraint"),
        psycopg2.DataError("numeric field overflow"),
    ],
    ids=["programming", "integrity", "data"],
)
def test_r_sys_4_a_refused_query_is_a_500_not_an_outage(driver_error):
    response = _answer(driver_error)

    assert response.status_code == 500
    assert not response.has_header("Retry-After")


def test_r_sys_4_any_database_error_on_a_connection_the_driver_closed_is_an_outage(monkeypatch):
    """After a loss psycopg2 marks its connection closed (2: broken); an error that follows
    on it, whatever its class (Django's "transaction is broken" error is a
    ProgrammingError), is the outage's."""
    monkeypatch.setattr(connection, "connection", SimpleNamespace(closed=2))

    response = _answer(psycopg2.ProgrammingError("an error on the broken connection"))

    assert response.status_code == 503


def test_r_sys_4_an_error_that_is_not_the_database_is_a_500():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
