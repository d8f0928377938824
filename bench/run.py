"""``make bench``: Tamkeen under gunicorn with production settings (DEBUG off) on PostgreSQL
and Redis, against the large data set, driven by wrk (and a Python client for the check-in
burst) from this machine's loopback only; prints one table.

    .venv/bin/python -m bench.run                # PostgreSQL + Redis (production settings)
    .venv/bin/python -m bench.run --db sqlite    # the embedded default (SQLite, file cache)

Every scenario is bounded in time (``--duration`` seconds of wrk each, 8 by default) and the
whole run takes a few minutes. The large data set is seeded first when it is missing
(``seed_demo --size large``, ~10 minutes). Environment: BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tamkeen_bench), BENCH_REDIS_URL (redis://127.0.0.1:6379/8,
emptied at the start of each run), BENCH_VAR_DIR (var/bench), BENCH_PORT (8300),
BENCH_WORKERS (default: gunicorn.conf.py, 2 x cores + 1).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
# Production settings refuse short or "dev-only" keys. This one is public: benchmark databases
# only. Seeding and serving must share it (the signing key is encrypted with it).
BENCH_SECRET_KEY = "tamkeen-benchmark-only-key-never-in-production-0123456789abcdef"  # noqa: S105
BYPASS_COOKIE = "messages=bench"  # lms/pagecache.py serves no stored page to this visitor
CHECKIN_LEARNERS = 300
CHECKIN_SECONDS = 10


def log(message: str) -> None:
    print(
        f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True
    )


def environment(args) -> dict:
    var = Path(os.environ.get("BENCH_VAR_DIR", ROOT / "var" / "bench")).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DEBUG"):
        env.pop(name, None)
    env.update(
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", BENCH_SECRET_KEY),
        # Fixed bench-only Fernet keys (production requires real ones).
        BANK_DETAILS_ENCRYPTION_KEY="YyGGsT5-60yHyIu5h5wn8x9hotGTkNdaLlukDGQgM3A=",
        API_WEBHOOK_ENCRYPTION_KEY="qshfWjZE4VvH71TEA55ClcAbNiQo0DZfoBjjzC3NADc=",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on the loopback: no redirect to HTTPS (a proxy terminates TLS in real use).
        SECURE_SSL_REDIRECT="false",
        SITE_URL=f"http://127.0.0.1:{args.port}",
        TAMKEEN_VAR_DIR=str(var),
        STATIC_ROOT=str(var / "static"),
        MEDIA_ROOT=str(var / "media"),
        PRIVATE_MEDIA_ROOT=str(var / "private"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if args.db == "postgres":
        env.update(
            DJANGO_SETTINGS_MODULE="lms.settings.production",
            DATABASE_URL=os.environ.get(
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tamkeen_bench"
            ),
            REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
        )
    else:
        # lms.settings.production refuses SQLite: the dev settings with DEBUG off, file cache
        # and filesystem broker, i.e. what `make run` uses, minus DEBUG.
        env.update(
            DJANGO_SETTINGS_MODULE="lms.settings.dev",
            DEBUG="false",
            DATABASE_URL=f"sqlite:///{var / 'bench.sqlite3'}",
        )
    return env


def manage(env, *arguments, **overrides) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env={**env, **overrides},
        check=True,
    )


def prepare(args, env) -> None:
    if args.db == "postgres":
        _create_database(env["DATABASE_URL"])
    log("migrate, collectstatic")
    manage(env, "migrate", "--noinput", "-v0")
    # Before this process loads Django: the manifest storage reads its manifest once.
    manage(env, "collectstatic", "--noinput", "-v0")
    import django

    os.environ.update(env)
    django.setup()
    from bench import fixtures

    if not fixtures.large_data_set_ready():
        log("the large data set is missing: seed_demo --size large (about 10 minutes)")
        manage(
            env,
            "seed_demo",
            "--size",
            "large",
            DJANGO_SETTINGS_MODULE="lms.settings.dev",
            DEBUG="true",
        )
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:  # rate-limit counters and stored pages of earlier runs
        caches[alias].clear()


def _create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    try:
        connection = psycopg.connect(admin, autocommit=True)
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"PostgreSQL is not reachable ({error}). Start it, or set BENCH_DATABASE_URL; "
            "`make bench DB=sqlite` needs no server."
        ) from None
    with connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            log(f"create database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')


class Server:
    """gunicorn, and a sampler of the resident memory of its master and workers."""

    def __init__(self, env, *, port: int, workers: int, log_file):
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603 - fixed command
            # The repository's gunicorn.conf.py (production defaults: 2 x cores + 1 sync
            # workers, preloaded app, access log); only the address, and the workers when
            # BENCH_WORKERS says so, differ.
            [
                str(BIN / "gunicorn"),
                "lms.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                *(["--workers", str(workers)] if workers else []),
            ],
            cwd=ROOT,
            env=env,
            # The app logs each request: kept out of the table, in the bench folder.
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        self.peak = 0
        self._stop = threading.Event()
        self._wait()
        threading.Thread(target=self._sample, daemon=True).start()

    def _wait(self) -> None:
        for _attempt in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/robots.txt", timeout=2)
                return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.5)
        raise SystemExit("gunicorn did not answer")

    def pids(self) -> list[int]:
        pids = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return pids

    def rss_mb(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                continue
        return total / 1024

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss_mb())
            time.sleep(0.2)

    def reset_peak(self) -> None:
        self.peak = self.rss_mb()

    def stop(self) -> None:
        self._stop.set()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def fetch(port, path, cookie="") -> tuple[int, dict, bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


def wrk(args, path, *, cookies=(), connections=None) -> dict:
    env = {**os.environ, "BENCH_COOKIES": "|".join(cookies)}
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{connections or args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "60s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
        f"http://127.0.0.1:{args.port}{path}",
    ]
    run = subprocess.run  # fixed command, arguments built here
    output = run(command, env=env, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result = json.loads(line[6:])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    for key in ("p50", "p95", "p99", "max"):
        result[key] = result[key] / 1000  # microseconds -> ms
    result["errors"] = sum(
        result[k] for k in ("status_errors", "connect_errors", "read_errors", "timeouts")
    )
    return result


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def queries(path: str, cookie: str = "") -> tuple[int, str]:
    """SQL queries of one request (the second: warm caches), in this process, on the same
    database and settings; with DEBUG off, CaptureQueriesContext still records them."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return len(captured.captured_queries), response.headers.get("X-Cache", "")


class Table:
    def __init__(self):
        self.rows: list[dict] = []
        self.static_rps = None

    def add(self, name, **values) -> None:
        self.rows.append({"scenario": name, **values})
        log(f"{name}: " + ", ".join(f"{k}={_fmt(v)}" for k, v in values.items()))

    def render(self) -> str:
        columns = [
            ("scenario", "scenario"),
            ("rps", "req/s"),
            ("ratio", "× static"),
            ("p50", "p50 ms"),
            ("p95", "p95 ms"),
            ("p99", "p99 ms"),
            ("queries", "queries/req"),
            ("rss", "peak MB"),
            ("notes", "notes"),
        ]
        lines = [
            "| " + " | ".join(title for _key, title in columns) + " |",
            "|" + "|".join(" --- " for _ in columns) + "|",
        ]
        for row in self.rows:
            lines.append("| " + " | ".join(_fmt(row.get(key, "")) for key, _t in columns) + " |")
        return "\n".join(lines)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if value < 10 else f"{value:.0f}"
    return str(value)


SLOW_SECONDS = 1.0  # a page slower than this alone is measured one request at a time
SLOW_REQUESTS = 5
SLOW_BUDGET = 45.0


def http_scenario(args, server, table, name, path, *, cookies=(), expect=""):
    cookie = cookies[0] if cookies else ""
    status, headers, _body = fetch(args.port, path, cookie)  # fills the caches
    started = time.perf_counter()
    fetch(args.port, path, cookie)
    alone = time.perf_counter() - started
    if status != 200:
        table.add(name, notes=f"skipped: {path} answered {status}")
        return None
    notes = []
    server.reset_peak()
    if alone > SLOW_SECONDS:
        # wrk at full concurrency would only time out: a few requests one after the other
        # (bounded in count and time) say how slow the page is.
        result = sequential(args, path, cookies)
        notes.append(f"sequential: {result['requests']} requests, too slow for wrk -c8")
    else:
        for _warm in range(3):
            fetch(args.port, path, cookie)
        server.reset_peak()
        result = wrk(args, path, cookies=cookies)
    count, cache = queries(path, cookie)
    cache_state = headers.get("X-Cache", "")
    if cache_state or expect:
        notes.insert(0, f"cache {cache or cache_state or 'none'}")
    if result["errors"]:
        notes.append(f"{result['errors']} errors")
    ratio = result["rps"] / table.static_rps if table.static_rps else ""
    table.add(
        name,
        rps=result["rps"],
        ratio=ratio,
        p50=result["p50"],
        p95=result["p95"],
        p99=result["p99"],
        queries=count,
        rss=server.peak,
        notes=", ".join(notes),
    )
    return result


def sequential(args, path, cookies) -> dict:
    latencies, errors, begun = [], 0, time.perf_counter()
    while len(latencies) < SLOW_REQUESTS and time.perf_counter() - begun < SLOW_BUDGET:
        cookie = cookies[len(latencies) % len(cookies)] if cookies else ""
        started = time.perf_counter()
        status, _headers, _body = fetch(args.port, path, cookie)
        latencies.append((time.perf_counter() - started) * 1000)
        errors += status != 200
    return {
        "requests": len(latencies),
        "rps": len(latencies) / (time.perf_counter() - begun),
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "errors": errors,
    }


def task(env, *arguments) -> dict:
    output = subprocess.run(  # noqa: S603 - our own interpreter and module
        [str(BIN / "python"), "-m", "bench.tasks", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    line = next((x for x in output.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        log(output.stderr[-2000:])
        return {"error": f"bench.tasks {' '.join(arguments)} failed"}
    return json.loads(line[6:])


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} CPU ({cpu}), {memory} MB RAM, load {load:.1f} at start"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 8)))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8300)))
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("BENCH_WORKERS") or 0) or None
    )
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does it)")
    started = time.monotonic()
    env = environment(args)
    header = machine()
    prepare(args, env)
    from bench import fixtures

    sizes = fixtures.counts()
    pages = fixtures.public_pages()
    learner_cookies = [fixtures.session_cookie(u) for u in fixtures.learners(args.connections)]
    officer_cookie = fixtures.session_cookie(fixtures.officer())
    made_cookies = [*learner_cookies, officer_cookie]

    table = Table()
    server_log = (Path(env["TAMKEEN_VAR_DIR"]) / "gunicorn.log").open("w")
    server = Server(env, port=args.port, workers=args.workers, log_file=server_log)
    try:
        status, _headers, body = fetch(args.port, pages[0].url)
        found = re.search(rb'href="(/static/[^"]+\.css)"', body)
        static = found.group(1).decode() if found else "/static/css/site.css"
        server.reset_peak()
        result = wrk(args, static)
        table.static_rps = result["rps"]
        table.add(
            f"static file ({static.rsplit('/', 1)[-1]})",
            rps=result["rps"],
            ratio=1.0,
            p50=result["p50"],
            p95=result["p95"],
            p99=result["p99"],
            queries=0,
            rss=server.peak,
        )
        for page in pages:
            http_scenario(args, server, table, f"{page.name} (page cache)", page.url, expect="hit")
        for page in pages:
            http_scenario(
                args,
                server,
                table,
                f"{page.name} (uncached)",
                page.url,
                cookies=[BYPASS_COOKIE],
                expect="bypass",
            )
        http_scenario(
            args,
            server,
            table,
            f"my learning ({len(learner_cookies)} learners)",
            "/ar/my-learning/",
            cookies=learner_cookies,
        )
        http_scenario(
            args,
            server,
            table,
            "funder dashboard (officer)",
            "/fr/grants/dashboard/",
            cookies=[officer_cookie],
        )
        dashboard_cold(args, server, table, officer_cookie)
        # A room behind one Wi-Fi address, as in real use; then one address per phone
        # (127.0.0.2 and up, still the loopback), which leaves out the per-address limit.
        checkin(args, server, table, made_cookies, label="one address")
        addresses = [f"127.0.{n // 250}.{n % 250 + 2}" for n in range(CHECKIN_LEARNERS)]
        checkin(args, server, table, made_cookies, label="an address each", sources=addresses)
    finally:
        server.stop()
        server_log.close()
    log("certificate PDFs (one process, like one worker process)")
    pdf = task(env, "pdf", str(max(5, args.duration)))
    if "error" in pdf:
        table.add("certificate PDFs", notes=pdf["error"])
    else:
        table.add(
            "certificate issuance (PDF + credential, 1 process)",
            rps=pdf["rate"],
            rss=pdf["peak_mb"],
            notes=f"{pdf['count']} PDFs in {pdf['seconds']:.1f} s; {pdf['note']}".rstrip("; "),
        )
    log("evidence pack of the agreement with the most attendance records")
    pack = task(env, "pack")
    if "error" in pack:
        table.add("evidence pack", notes=pack["error"])
    else:
        table.add(
            f"evidence pack {pack['agreement']} ({pack['records']} records)",
            p50=pack["seconds"] * 1000,
            rss=pack["peak_mb"],
            notes=f"{pack['seconds']:.1f} s, {pack['size_mb']:.1f} MB ZIP, "
            f"process at {pack['baseline_mb']:.0f} MB before",
        )
    fixtures.forget(made_cookies)

    workers = args.workers or int(
        os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1
    )
    print()
    print(
        f"Tamkeen bench — {args.db}, gunicorn {workers} sync workers, wrk -t{args.threads} "
        f"-c{args.connections} -d{args.duration}s, "
        + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    )
    print(f"Machine: {header}")
    print("Data: " + ", ".join(f"{v} {k}" for k, v in sizes.items()))
    print()
    print(table.render())
    print()
    print(
        f"(total {time.monotonic() - started:.0f} s; latencies in ms; peak MB = resident memory "
        "of gunicorn master + workers during the scenario, or of the task process)"
    )


def dashboard_cold(args, server, table, cookie, *, requests=3) -> None:
    """The dashboard keeps a programme's evidence in the cache for a while: the first officer
    after a change waits for the full computation. Measured one request at a time, the cache
    emptied before each."""
    from django.conf import settings
    from django.core.cache import caches

    latencies = []
    server.reset_peak()
    for _request in range(requests):
        for alias in settings.CACHES:
            caches[alias].clear()
        started = time.perf_counter()
        status, _headers, _body = fetch(args.port, "/fr/grants/dashboard/", cookie)
        latencies.append((time.perf_counter() - started) * 1000)
    table.add(
        "funder dashboard, cache emptied before each request",
        p50=percentile(latencies, 0.5),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
        rss=server.peak,
        notes=f"{requests} requests one at a time, HTTP {status}",
    )


def checkin(args, server, table, made_cookies, *, label, sources=None) -> None:
    from bench import checkin as burst
    from bench import fixtures
    from courses.attendance import checkin as tokens

    session, cookies = fixtures.checkin_session(learners_count=CHECKIN_LEARNERS)
    made_cookies.extend(cookies)
    path = f"/ar/attendance/check-in/{tokens.token_make(session_id=session.pk)}/"
    server.reset_peak()
    result = burst.burst(
        port=args.port, path=path, cookies=cookies, seconds=CHECKIN_SECONDS, sources=sources
    )
    outcome = fixtures.checkin_result(session)
    latencies = [x * 1000 for x in result["latencies"]]
    statuses = ", ".join(f"{code}×{n}" for code, n in sorted(result["statuses"].items()))
    table.add(
        f"check-in burst, {label} ({CHECKIN_LEARNERS} learners in {CHECKIN_SECONDS} s)",
        rps=len(latencies) / result["seconds"],
        p50=percentile(latencies, 0.50),
        p95=percentile(latencies, 0.95),
        p99=percentile(latencies, 0.99),
        rss=server.peak,
        notes=f"{outcome['recorded']} recorded, {outcome['duplicated']} duplicated, "
        f"{outcome['chain_breaks']} chain breaks; HTTP {statuses} (GET scan + POST confirm)",
    )


if __name__ == "__main__":
    main()
