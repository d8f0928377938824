"""``make soak``: a bounded soak test. gunicorn (production settings, PostgreSQL, Redis) and a
Celery worker serve mixed traffic from this process on 127.0.0.1 for DURATION seconds:
browsing (public pages in Arabic and French, a session list, "My learning"), registrations for
sessions that fill up and put people on a waiting list, QR check-ins (some sent twice, as a
phone on a poor network does) and the certificates those check-ins earn, issued by the worker.

Every request the server accepts is recorded with the effect it was meant to have; at the end
each effect must be in the database exactly once: one registration per person and session,
one attendance record per person at the session, one certificate (with its PDF) per person who
checked in. It prints requests, errors (5xx, timeouts, refused connections), intended refusals
(the check-in rate limit's 429), lost and duplicated effects, and exits 1 on any error, loss
or duplicate.

    .venv/bin/python -m bench.soak --duration 600

Environment: SOAK_DATABASE_URL (postgres://postgres@127.0.0.1:5432/tamkeen_soak),
SOAK_REDIS_URL (redis://127.0.0.1:6379/12, emptied first), SOAK_VAR_DIR (var/soak),
SOAK_PORT (8650), SOAK_WORKERS (3 gunicorn workers), SOAK_THREADS (8 clients).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import string
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
SECRET_KEY = "tamkeen-soak-only-key-never-in-production-0123456789abcdefghij"  # noqa: S105
PASS = re.compile(rb'name="pass" value="([^"]+)"')
ALPHANUMERIC = string.ascii_letters + string.digits
LEARNERS = 400
REGISTRATION_SESSIONS = 6
SEATS = 25
REFUSALS = {429}  # the check-in rate limit: intended


def log(message: str) -> None:
    print(
        f"[soak {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True
    )


def environment(port: int) -> dict:
    var = Path(os.environ.get("SOAK_VAR_DIR", ROOT / "var" / "soak")).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        SECRET_KEY=SECRET_KEY,
        # Fixed soak-only Fernet keys (production requires real ones).
        BANK_DETAILS_ENCRYPTION_KEY="JdSidZUsPJ1n-RFLpXDrNSM_FUMhYGpJ9NS4KBmvkAU=",
        API_WEBHOOK_ENCRYPTION_KEY="GRzhsX3cokWLqvTTMCyvzVydkKI2SyPt0gFjj9RtPhU=",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=os.environ.get(
            "SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tamkeen_soak"
        ),
        REDIS_URL=os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/12"),
        TAMKEEN_VAR_DIR=str(var),
        STATIC_ROOT=str(var / "static"),
        MEDIA_ROOT=str(var / "media"),
        PRIVATE_MEDIA_ROOT=str(var / "private"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *arguments, **overrides) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env={**env, **overrides},
        check=True,
    )


def prepare(env) -> None:
    import psycopg

    url = env["DATABASE_URL"]
    name = url.rsplit("/", 1)[-1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            log(f"create database {name}")
            admin.execute(f'CREATE DATABASE "{name}"')
    log("migrate, collectstatic")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from accounts.models import User

    if not User.objects.filter(email="learner@tamkeen.test").exists():
        log("seed the demo")
        manage(env, "seed_demo", "-v0", DJANGO_SETTINGS_MODULE="lms.settings.dev", DEBUG="true")
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:  # rate-limit counters and stored pages of earlier runs
        caches[alias].clear()


@dataclass
class Scene:
    course_id: int
    checkin_session: int
    registration_sessions: list[int]
    learners: list[tuple[int, str]]  # (user id, session cookie)
    pages: list[str]
    run: str


def scene(duration: int) -> Scene:
    """A course whose certificate takes attending its one session, that session open for
    check-in now, sessions to register for, and signed-in learners enrolled in the course."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from bench.fixtures import session_cookie
    from certificates.models import CompletionRule
    from courses.models import CoursePage, Enrollment, TrainingSession
    from organisations.models import Membership
    from tests.factories.learning import course_with_lessons

    run = time.strftime("%Y%m%d%H%M%S")
    membership = Membership.objects.select_related("organisation", "user").get(
        role="trainer", user__email="trainer@tamkeen.test"
    )
    association, trainer = membership.organisation, membership.user
    course, _lessons = course_with_lessons(
        association=association, lessons=0, title=f"Soak {run}", slug=f"soak-{run}"
    )
    CompletionRule.objects.create(course=course, min_attendance_share=1)
    now = timezone.now()
    place = {"province_id": association.province_id, "region_id": association.region_id}
    open_session = TrainingSession.objects.create(
        association=association,
        course=course,
        title_fr=f"Soak check-in {run}",
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(seconds=duration) + timedelta(hours=1),
        venue_fr="Soak",
        capacity=LEARNERS + 10,
        **place,
    )
    open_session.trainers.set([trainer])
    sessions = []
    for number in range(REGISTRATION_SESSIONS):
        session = TrainingSession.objects.create(
            association=association,
            title_fr=f"Soak registration {run} {number}",
            starts_at=now + timedelta(days=3 + number),
            ends_at=now + timedelta(days=3 + number, hours=3),
            venue_fr="Soak",
            capacity=SEATS,
            **place,
        )
        sessions.append(session.pk)
    learners = []
    for number in range(LEARNERS):
        user = User(
            email=f"soak.{run}.{number}@soak.tamkeen.test", full_name_latin=f"Soak {number}"
        )
        user.set_unusable_password()
        user.save()
        Enrollment.objects.create(learner=user, course=course, enrolled_by=user)
        learners.append((user.pk, session_cookie(user)))
    pages = ["/ar/", "/fr/", "/ar/sessions/", "/fr/sessions/", f"/ar/sessions/{sessions[0]}/"]
    demo_course = (
        CoursePage.objects.live()
        .filter(locale__language_code="ar")
        .exclude(slug__startswith="soak-")
        .order_by("path")
        .first()
    )
    if demo_course is not None:
        pages.append(demo_course.url)
    return Scene(course.pk, open_session.pk, sessions, learners, pages, run)


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter = field(default_factory=Counter)  # by kind
    statuses: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    refusals: Counter = field(default_factory=Counter)
    registrations: set = field(default_factory=set)  # accepted (session, learner)
    checkins: set = field(default_factory=set)  # accepted (session, learner)
    latencies: list = field(default_factory=list)

    def record(self, kind: str, status: int | None, seconds: float, error: str = "") -> str:
        """'ok', 'refused' or 'error'."""
        with self.lock:
            self.requests[kind] += 1
            self.latencies.append(seconds)
            if status is None:
                self.errors.append(f"{kind}: {error}")
                return "error"
            self.statuses[status] += 1
            if status < 400:
                return "ok"
            if status in REFUSALS:
                self.refusals[f"{kind} {status}"] += 1
                return "refused"
            self.errors.append(f"{kind}: HTTP {status}")
            return "error"


class Client:
    """One simulated person's connection, from a loopback address of their own (the check-in
    limit counts per address, as it would count per phone network)."""

    def __init__(self, port: int, source: str):
        self.port, self.source = port, source

    def call(self, method, path, *, cookie="", form=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.source, 0)
        )
        headers = {"Cookie": cookie}
        body = None
        if form is not None:
            csrf = "".join(secrets.choice(ALPHANUMERIC) for _ in range(32))
            form = {**form, "csrfmiddlewaretoken": csrf}
            body = urlencode(form)
            headers = {
                "Cookie": f"{cookie}; csrftoken={csrf}" if cookie else f"csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
            }
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def traffic(*, port: int, world: Scene, tally: Tally, deadline: float, seed: int) -> None:
    from courses.attendance.checkin import token_make

    rng = random.Random(seed)
    client = Client(port, f"127.0.0.{2 + seed % 250}")
    own = world.learners[seed :: max(1, int(os.environ.get("SOAK_THREADS", "8")))]
    waiting = list(own)  # not checked in yet
    rng.shuffle(waiting)
    done: list = []

    def timed(kind, method, path, **kwargs):
        started = time.perf_counter()
        try:
            status, body = client.call(method, path, **kwargs)
        except OSError as error:
            tally.record(kind, None, time.perf_counter() - started, repr(error))
            return "error", b""
        return tally.record(kind, status, time.perf_counter() - started), body

    while time.monotonic() < deadline:
        roll = rng.random()
        if roll < 0.55:
            learner_id, cookie = rng.choice(own)
            if rng.random() < 0.2:
                timed("browse", "GET", "/ar/my-learning/", cookie=cookie)
            else:
                timed("browse", "GET", rng.choice(world.pages))
        elif roll < 0.80:
            learner_id, cookie = rng.choice(own)
            session = rng.choice(world.registration_sessions)
            outcome, _body = timed(
                "register", "POST", f"/ar/sessions/{session}/register/", cookie=cookie, form={}
            )
            if outcome == "ok":
                with tally.lock:
                    tally.registrations.add((session, learner_id))
        else:
            # A learner scans the QR code; one time in ten someone already checked in taps again.
            if done and (not waiting or rng.random() < 0.1):
                learner_id, cookie = rng.choice(done)
            elif waiting:
                learner_id, cookie = waiting.pop()
            else:
                continue
            path = f"/ar/attendance/check-in/{token_make(session_id=world.checkin_session)}/"
            outcome, body = timed("check-in", "GET", path, cookie=cookie)
            found = PASS.search(body) if outcome == "ok" else None
            if found:
                outcome, _body = timed(
                    "check-in", "POST", path, cookie=cookie, form={"pass": found.group(1).decode()}
                )
            if outcome == "ok" and found:
                with tally.lock:
                    tally.checkins.add((world.checkin_session, learner_id))
                if (learner_id, cookie) not in done:
                    done.append((learner_id, cookie))
            elif (learner_id, cookie) not in done:
                waiting.insert(0, (learner_id, cookie))  # try again later
        time.sleep(rng.uniform(0, 0.05))


def verify(world: Scene, tally: Tally, *, wait: int) -> dict:
    """Each accepted request's effect, exactly once; certificates once the worker is done."""
    from django.db.models import Count

    from certificates.models import Certificate
    from courses.models import AttendanceRecord, SessionRegistration

    expected_certificates = {learner for _session, learner in tally.checkins}
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        issued = Certificate.objects.filter(course_id=world.course_id).exclude(pdf_sha256="")
        if issued.count() >= len(expected_certificates):
            break
        time.sleep(2)

    lost, duplicated, unasked = Counter(), Counter(), Counter()
    registrations = Counter(
        {
            (row["session_id"], row["learner_id"]): row["n"]
            for row in SessionRegistration.objects.filter(
                session_id__in=world.registration_sessions
            )
            .exclude(status=SessionRegistration.Status.CANCELLED)
            .values("session_id", "learner_id")
            .annotate(n=Count("pk"))
        }
    )
    attendance = Counter(
        {
            (row["session_id"], row["learner_id"]): row["n"]
            for row in AttendanceRecord.objects.filter(session_id=world.checkin_session)
            .values("session_id", "learner_id")
            .annotate(n=Count("pk"))
        }
    )
    certificates = Counter(
        {
            row["learner_id"]: row["n"]
            for row in Certificate.objects.filter(course_id=world.course_id)
            .exclude(pdf_sha256="")
            .values("learner_id")
            .annotate(n=Count("pk"))
        }
    )
    for name, accepted, found in (
        ("registrations", tally.registrations, registrations),
        ("attendance records", tally.checkins, attendance),
        ("certificates", expected_certificates, certificates),
    ):
        for key in accepted:
            if found[key] == 0:
                lost[name] += 1
            elif found[key] > 1:
                duplicated[name] += 1
        unasked[name] = sum(1 for key in found if key not in accepted)
    waitlisted = SessionRegistration.objects.filter(
        session_id__in=world.registration_sessions, status=SessionRegistration.Status.WAITLISTED
    ).count()
    return {
        "effects": {
            "registrations": len(tally.registrations),
            "of which waitlisted": waitlisted,
            "attendance records": len(tally.checkins),
            "certificates": len(expected_certificates),
        },
        "lost": dict(lost),
        "duplicated": dict(duplicated),
        "in the database without an accepted request": {k: v for k, v in unasked.items() if v},
    }


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", 600)))
    args = parser.parse_args()
    port = int(os.environ.get("SOAK_PORT", 8650))
    threads = int(os.environ.get("SOAK_THREADS", "8"))
    env = environment(port)
    prepare(env)
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    world = scene(args.duration)
    log(f"run {world.run}: {len(world.learners)} learners, course {world.course_id}")
    var = Path(env["TAMKEEN_VAR_DIR"])
    server_log = open(var / "gunicorn.log", "w")  # noqa: SIM115
    worker_log = open(var / "worker.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 - fixed command
        [
            str(BIN / "gunicorn"),
            "lms.wsgi",
            "--workers",
            os.environ.get("SOAK_WORKERS", "3"),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(  # noqa: S603 - fixed command
        [
            str(BIN / "celery"),
            "-A",
            "lms",
            "worker",
            "--beat",
            f"--schedule={var / 'beat-schedule'}",
            "--queues=default,email,pdf,exports",
            "--concurrency=2",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _attempt in range(120):
            try:
                if Client(port, "127.0.0.1").call("GET", "/robots.txt")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not start")
        log(f"traffic for {args.duration} s from {threads} clients")
        tally = Tally()
        started = time.monotonic()
        deadline = started + args.duration
        clients = [
            threading.Thread(
                target=traffic,
                kwargs={
                    "port": port,
                    "world": world,
                    "tally": tally,
                    "deadline": deadline,
                    "seed": n,
                },
            )
            for n in range(threads)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        log("traffic over; waiting for the worker, then checking the database")
        result = verify(world, tally, wait=300)
    finally:
        server.terminate()
        worker.terminate()
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        server_log.close()
        worker_log.close()
    total = sum(tally.requests.values())
    report = {
        "duration_s": round(elapsed),
        "requests": total,
        "requests_per_s": round(total / elapsed, 1),
        "by_kind": dict(tally.requests),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "p50_ms": round(percentile(tally.latencies, 0.5) * 1000),
        "p99_ms": round(percentile(tally.latencies, 0.99) * 1000),
        "errors": len(tally.errors),
        "error_samples": sorted(Counter(tally.errors).items(), key=lambda kv: -kv[1])[:10],
        "intended_refusals": dict(tally.refusals),
        **result,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    bad = report["errors"] or sum(report["lost"].values()) or sum(report["duplicated"].values())
    log("FAILED" if bad else "passed: no error, nothing lost, nothing duplicated")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
