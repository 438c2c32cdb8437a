"""R-SYS-4, a database outage: the server-error page tells it (503 with Retry-After, so
people, proxies and the offline queue retry) from a bug (500), and a kept connection the
database dropped is replaced before a request uses it. The restart itself is exercised
against a real PostgreSQL and gunicorn in tests/faults/test_web_faults.py; here each
kind of error the driver raises is checked on its own, as Django hands it to the handler."""

from types import SimpleNamespace

import psycopg2
import pytest
from django.db import (
    DatabaseError,
    ProgrammingError,
    close_old_connections,
    connection,
    connections,
)
from django.test import RequestFactory

from outreach.views.errors import RETRY_AFTER_SECONDS, server_error
from tests.clock import wait_until

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
    monkeypatch.setattr(connections["default"], "connection", SimpleNamespace(closed=2))

    response = _answer(psycopg2.ProgrammingError("an error on the broken connection"))

    assert response.status_code == 503


def test_r_sys_4_an_error_the_loss_caused_later_is_still_an_outage():
    """The loss is in the chain below the error that reached the handler."""
    try:
        try:
            with connection.wrap_database_errors:
                raise psycopg2.OperationalError("server closed the connection unexpectedly")
        except DatabaseError:
            raise ProgrammingError("Cannot open a new connection in an atomic block.")  # noqa: B904
    except ProgrammingError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 503


def test_r_sys_4_an_error_that_is_not_the_database_is_a_500():
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500


@pytest.mark.django_db(transaction=True)  # the test's own connection is the one dropped
def test_r_sys_4_a_kept_connection_the_database_dropped_is_replaced_before_use():
    """CONN_MAX_AGE keeps a connection between requests; after a restart it is dead. The
    health check (CONN_HEALTH_CHECKS) replaces it on the next request's first query;
    without it that query fails and the request answers 503."""
    connection.close()  # a new connection: well inside its CONN_MAX_AGE for this test
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (dropped,) = cursor.fetchone()
    with psycopg2.connect(**connection.get_connection_params()) as other:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])

            def gone() -> bool:
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [dropped])
                return cursor.fetchone()[0] == 0

            wait_until(gone, what="the dropped backend to end")
    other.close()

    close_old_connections()  # what Django does when the next request starts
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (serving,) = cursor.fetchone()

    assert serving != dropped
