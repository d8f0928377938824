"""The check-in burst: N signed-in learners scan the QR code within a few seconds (arrivals
spread evenly), each on a connection of their own: GET the token URL the QR code encodes,
then POST the one-tap confirmation with the pass it returned, as a phone does."""

from __future__ import annotations

import http.client
import re
import secrets
import string
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

PASS = re.compile(rb'name="pass" value="([^"]+)"')
ALPHANUMERIC = string.ascii_letters + string.digits


def _one(port, path, cookie, *, source=None) -> tuple[list[float], list[int]]:
    latencies, statuses = [], []
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=60, source_address=(source, 0) if source else None
    )
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - started)
        statuses.append(response.status)
        found = PASS.search(body)
        if response.status != 200 or not found:
            return latencies, statuses
        # Django accepts its 32-character secret as the form token on plain HTTP.
        csrf = "".join(secrets.choice(ALPHANUMERIC) for _ in range(32))
        form = urlencode({"pass": found.group(1).decode(), "csrfmiddlewaretoken": csrf})
        started = time.perf_counter()
        connection.request(
            "POST",
            path,
            body=form,
            headers={
                "Cookie": f"{cookie}; csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        statuses.append(response.status)
    finally:
        connection.close()
    return latencies, statuses


def burst(*, port: int, path: str, cookies: list[str], seconds: float, sources=None) -> dict:
    """Everyone arrives within ``seconds``; returns latencies and status counts."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def arrive(index, cookie):
        delay = start + seconds * index / len(cookies) - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        source = sources[index % len(sources)] if sources else None
        times, codes = _one(port, path, cookie, source=source)
        with lock:
            latencies.extend(times)
            for code in codes:
                statuses[code] = statuses.get(code, 0) + 1

    with ThreadPoolExecutor(max_workers=64) as pool:
        list(pool.map(arrive, range(len(cookies)), cookies))
    elapsed = time.perf_counter() - start
    return {"latencies": sorted(latencies), "statuses": statuses, "seconds": elapsed}
