"""The users of `make load` (run by bench/load.py through locust; not imported by the product or its tests).

bench/load.py writes the signed-in people to the JSON file named in LOAD_PEOPLE_FILE: for each one a
session cookie made on the server side and the address of each page in the mix. Each simulated user
takes the next person in that file, so 50 users are 50 different people.

* ``MixUser`` goes round the realistic mix with no pause between requests (a closed loop, so requests
  a second and response times both say how the server copes): my projects, the project page, a
  meeting page, a board, claims and the inbox, weighted by how often people open them.
* ``ReferenceUser`` asks only for the reference page (bench/reference.py), the floor that every page is
  compared with, under the same load.

Every request goes through as if from the TLS-terminating proxy of docs/deploy.md (X-Forwarded-Proto:
https), so the production settings serve it without a redirect. Anything but a 200 (a redirect to the
sign-in page included) counts as an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
from http.cookiejar import Cookie

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

# How often each page is opened, per 13 requests: the pages people come back to most weigh most.
WEIGHTS = {
    "my projects": 2,
    "project page": 3,
    "meeting page": 2,
    "board": 2,
    "claims": 1,
    "inbox": 3,
}

with open(os.environ["LOAD_PEOPLE_FILE"], encoding="utf-8") as handle:
    PEOPLE = json.load(handle)["people"]
_next_person = itertools.count()
_lock = threading.Lock()
HEADERS = {"X-Forwarded-Proto": "https"}


def _session_cookie(name: str, value: str, host: str) -> Cookie:
    return Cookie(
        version=0, name=name, value=value, port=None, port_specified=False, domain=host,
        domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False,
        expires=None, discard=True, comment=None, comment_url=None, rest={}, rfc2109=False,
    )  # fmt: skip


class _SignedIn(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self) -> None:
        with _lock:
            self.person = PEOPLE[next(_next_person) % len(PEOPLE)]
        host = (self.host or "").split("//", 1)[-1].split(":", 1)[0]
        self.client.cookiejar.set_cookie(_session_cookie(self.person["cookie_name"], self.person["cookie"], host))

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, headers=HEADERS, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {name}")


class MixUser(_SignedIn):
    """One person going round the realistic mix of pages."""

    @task
    def page(self) -> None:
        names = list(WEIGHTS)
        name = random.choices(names, weights=[WEIGHTS[n] for n in names])[0]
        self._get(self.person["pages"][name], name)


class ReferenceUser(_SignedIn):
    """One person asking for the reference page again and again."""

    @task
    def reference(self) -> None:
        self._get("/bench/reference/", "reference page")
