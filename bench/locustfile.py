"""The field's day under load (issue 9): run by bench/load.py (`make load`), headless.

Users (from the JSON written by bench/load_setup.py, path in LOAD_USERS):
* canvassers, each acting every 10–30 s: check in once, open the lead form and register
  leads (now and then a double tap: the same form posted twice), submit today's report
  once by fetch as the offline queue does (and replay it once, as after a lost answer);
* consultants confirming the visits waiting for them (their list, then 签字确认);
* managers opening the dashboard home page `/`.

Everyone logs in first; the measured window opens when the last user has logged in
(the stats are reset then). Response times are collected per class of request and
written as JSON to LOAD_RESULT when locust quits; bench/load.py turns them into figures.
"""

import json
import os
import random
import threading
import time
import uuid
from collections import defaultdict
from itertools import count

from locust import HttpUser, between, events, task
from locust.exception import StopUser

with open(os.environ["LOAD_USERS"], encoding="utf-8") as users_file:  # noqa: PTH123
    USERS = json.load(users_file)
PASSWORD = USERS["password"]
EXPECTED = (
    len(USERS["canvassers"])
    + int(os.environ.get("LOAD_CONSULTANTS", "4"))
    + int(os.environ.get("LOAD_MANAGERS", "3"))
)

# Which class each named request belongs to (the targets are per class).
CLASSES = {
    "checkin": "field_write",
    "lead register": "field_write",
    "lead register (double tap)": "field_write",
    "daily report": "field_write",
    "daily report (replay)": "field_write",
    "visit confirm": "field_write",
    "lead form": "field_page",
    "my visits": "field_page",
    "dashboard /": "dashboard",
}

measuring = threading.Event()
logged_in = count(1)
times: dict[str, list[float]] = defaultdict(list)
errors: dict[str, list[str]] = defaultdict(list)
registered_phones: set[str] = set()
reports: set[str] = set()


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **kwargs):
    if not measuring.is_set() or name not in CLASSES:
        return
    times[name].append(response_time)
    if exception is not None:
        errors[name].append(str(exception)[:200])


@events.quitting.add_listener
def _write(environment, **kwargs):
    path = os.environ.get("LOAD_RESULT")
    if not path:
        return
    with open(path, "w", encoding="utf-8") as out:  # noqa: PTH123
        json.dump(
            {
                "classes": CLASSES,
                "times": times,
                "errors": errors,
                "registered_phones": sorted(registered_phones),
                "reports": sorted(reports),
            },
            out,
        )


class Member(HttpUser):
    abstract = True
    usernames: list[str] = []
    _next = count()

    def on_start(self):
        self.username = self.usernames[next(self._next) % len(self.usernames)]
        self.client.get("/accounts/login/", name="login page")
        response = self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise StopUser(f"login failed for {self.username}: {response.status_code}")
        if next(logged_in) >= EXPECTED:
            self.environment.runner.stats.reset_all()
            measuring.set()
        measuring.wait(timeout=300)
        # Steady state, not a stampede: each user's first action falls somewhere in its
        # first 10–30 s interval, as it would in the middle of a working day.
        time.sleep(random.uniform(0, 20))  # noqa: S311 - gevent-patched, yields

    def post(self, url, data, name, expect=(302,), **kwargs):
        headers = {
            "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
            **kwargs.pop("headers", {}),
        }
        with self.client.post(
            url, data, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code in expect:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:150]!r}")
            return response


class Canvasser(Member):
    fixed_count = len(USERS["canvassers"])
    wait_time = between(10, 30)
    usernames = USERS["canvassers"]
    _next = count()
    checked_in = False
    reported = False
    actions = 0

    @task
    def act(self):
        self.actions += 1
        if not self.checked_in:
            self.checked_in = True
            self.post(
                "/attendance/checkin/",
                {"action": "in", "latitude": "30.3201", "longitude": "120.1419"},
                "checkin",
            )
        elif not self.reported and self.actions >= 6:
            self.reported = True
            data = {
                "flyers": 200,
                "contacts": 10,
                "calls": 3,
                "invitations": 1,
                "visits_brought": 0,
                "summary": "load test",
                "idempotency_key": str(uuid.uuid4()),
                "day": USERS["day"],
            }
            fetch = {"X-Requested-With": "fetch"}
            first = self.post("/campaigns/daily/", data, "daily report", (200,), headers=fetch)
            if first.status_code == 200:
                reports.add(self.username)
            self.post("/campaigns/daily/", data, "daily report (replay)", (200,), headers=fetch)
        else:
            self.register_lead(double=random.random() < 0.1)  # noqa: S311

    _phones = count(1)

    def register_lead(self, double: bool):
        self.client.get("/crm/leads/register/", name="lead form")
        phone = f"17{next(self._phones):09d}"
        data = {
            "name": f"负载{phone[-4:]}",
            "phone": phone,
            "kind": "in_person",
            "source": "flyer",
            "need": "",
            "point_text": "load test",
            "key": str(uuid.uuid4()),
        }
        response = self.post("/crm/leads/register/", data, "lead register")
        if response.status_code == 302:
            registered_phones.add(phone)
        if double:
            self.post("/crm/leads/register/", data, "lead register (double tap)")


class Consultant(Member):
    fixed_count = int(os.environ.get("LOAD_CONSULTANTS", "4"))
    wait_time = between(10, 30)
    usernames = list(USERS["consultants"])
    _next = count()

    @task
    def confirm(self):
        self.client.get("/crm/visits/mine/", name="my visits")
        waiting = USERS["consultants"][self.username]
        if waiting:
            self.post(f"/crm/visits/{waiting.pop(0)}/confirm/", {}, "visit confirm")


class Manager(Member):
    fixed_count = int(os.environ.get("LOAD_MANAGERS", "3"))
    wait_time = between(10, 30)
    usernames = USERS["managers"]
    _next = count()

    @task
    def dashboard(self):
        with self.client.get("/", name="dashboard /", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(str(response.status_code))
