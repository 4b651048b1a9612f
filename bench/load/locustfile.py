"""Anonymous visitors: the catalogue, one course page, credential verification, and /healthz as the floor.

The runner passes the course path and a credential id in the environment (run.py finds them)."""

import os

from locust import HttpUser, constant, task

COURSE_PATH = os.environ.get("BENCH_COURSE_PATH", "/courses/")
CREDENTIAL_ID = os.environ.get("BENCH_CREDENTIAL_ID", "00000000-0000-0000-0000-000000000000")


class Visitor(HttpUser):
    wait_time = constant(0)

    @task(3)
    def catalogue(self) -> None:
        self.client.get("/courses/", name="catalogue")

    @task(3)
    def course(self) -> None:
        self.client.get(COURSE_PATH, name="course")

    @task(3)
    def verification(self) -> None:
        # An unknown id answers 404, which is the verification path too; count it as served, not failed.
        with self.client.get(
            f"/api/v1/credentials/{CREDENTIAL_ID}/verification", name="verification", catch_response=True
        ) as response:
            if response.status_code in {200, 404}:
                response.success()

    @task(1)
    def floor(self) -> None:
        self.client.get("/healthz", name="ok (floor)")
