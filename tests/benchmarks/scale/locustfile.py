"""Locust load for the throughput benchmark: one path, spread evenly over the given servers."""

from __future__ import annotations

import os

from locust import FastHttpUser, constant, task

HOSTS = os.environ.get("BENCH_HOSTS", "http://127.0.0.1:8100").split(",")
PATH = os.environ.get("BENCH_PATH", "/healthz")
COOKIE = os.environ.get("BENCH_COOKIE", "")


class Reader(FastHttpUser):
    wait_time = constant(0)
    host = HOSTS[0]

    def on_start(self) -> None:
        self.sent = 0

    @task
    def read(self) -> None:
        server = HOSTS[self.sent % len(HOSTS)]
        self.sent += 1
        headers = {"Cookie": COOKIE} if COOKIE else {}
        # A redirect (to sign in) is a failure, not a page: redirects are not followed.
        with self.client.get(
            f"{server}{PATH}",
            headers=headers,
            name=PATH,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
