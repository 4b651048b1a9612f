"""One endpoint at one offered rate, for a step of ``bench/load/run.py``: each simulated visitor asks at a
constant rate, so the total is the rate the runner offers (as long as the server keeps up).

The runner names the endpoint (BENCH_ENDPOINT), a file of paths to ask for, one a line (BENCH_PATHS_FILE,
a different course or credential each request) and the rate per visitor (BENCH_USER_RATE).
"""

import os
import random
from pathlib import Path

from locust import HttpUser, constant_throughput, task

ENDPOINT = os.environ.get("BENCH_ENDPOINT", "ok")
PATHS = (
    Path(os.environ["BENCH_PATHS_FILE"]).read_text().split() if "BENCH_PATHS_FILE" in os.environ else ["/ok"]
)
USER_RATE = float(os.environ.get("BENCH_USER_RATE", "1"))


class Visitor(HttpUser):
    wait_time = constant_throughput(USER_RATE)

    def on_start(self) -> None:
        self.rng = random.Random()

    @task
    def ask(self) -> None:
        # Verifiers come from many addresses (the API throttles per address): each request has its own, as
        # the proxy in front would pass it on.
        address = f"10.{self.rng.randrange(256)}.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
        self.client.get(self.rng.choice(PATHS), name=ENDPOINT, headers={"X-Forwarded-For": address})
