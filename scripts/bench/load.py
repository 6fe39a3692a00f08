"""The load side of `make bench`: plain HTTP requests to gunicorn on loopback, as browsers send
them (one connection each, as gunicorn's sync workers close it), with the session cookies made
up front. No Django here: timings are what a user's browser would wait for.

Each response's ``X-Bench-Queries`` header (rtw/bench.py) gives the request's query count.
"""

import http.client
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlencode

QUERY_HEADER = "X-Bench-Queries"


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    ms: float

    @property
    def queries(self) -> int | None:
        value = self.headers.get(QUERY_HEADER.lower())
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    port: int
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict | None = None) -> Response:
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        start = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            data = raw.read()
        finally:
            conn.close()
        ms = (time.perf_counter() - start) * 1000
        response = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, ms)
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Response:
        return self.request("POST", path, form)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(timings: list[float], queries: list[int | None], **extra) -> dict:
    counted = [q for q in queries if q is not None]
    return {
        "runs": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 95), 1),
        # What a request of this page runs: the most common count. The session's last
        # activity is saved at most once a minute (the idle sign-out), so a page timed for
        # longer than that has one request with a query more; that is queries_max.
        "queries": statistics.mode(counted) if counted else None,
        "queries_min": min(counted) if counted else None,
        "queries_max": max(counted) if counted else None,
        **extra,
    }


def expect(response: Response, path: str, statuses=(200,)) -> Response:
    if response.status not in statuses:
        raise SystemExit(f"{path} answered {response.status}: {response.text[:500]}")
    return response


def sequential(client: Client, path: str, runs: int, warm_up: int = 5) -> dict:
    """One client, one request at a time: the latency a user meets on a quiet service."""
    for _ in range(warm_up):
        expect(client.get(path), path)
    timings, queries = [], []
    for _ in range(runs):
        response = expect(client.get(path), path)
        timings.append(response.ms)
        queries.append(response.queries)
    return summary(timings, queries, bytes=len(response.body))


def concurrent(clients: list[Client], path: str, seconds: float) -> dict:
    """``len(clients)`` clients each sending requests back to back for ``seconds``."""
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run(client: Client) -> None:
        mine = []
        while time.perf_counter() < stop:
            response = client.get(path)
            if response.status != 200:
                errors.append(f"{response.status}")
                break
            mine.append(response.ms)
        with lock:
            timings.extend(mine)

    start = time.perf_counter()
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"{path} under load answered {errors[0]}")
    return {
        "clients": len(clients),
        "requests": len(timings),
        "req_per_s": round(len(timings) / elapsed, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 95), 1),
    }


def parallel_once(clients: list[Client], paths: list[str]) -> list[Response]:
    """Each client fetches its own path once, all at the same moment."""
    results: list[Response | None] = [None] * len(paths)
    barrier = threading.Barrier(len(paths))

    def run(i: int) -> None:
        barrier.wait()
        results[i] = clients[i].get(paths[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(paths))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [expect(r, p) for r, p in zip(results, paths, strict=True)]


# --- Forms ------------------------------------------------------------------------------------

_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def form_fields(html: str) -> dict:
    """The values a browser would submit untouched: hidden inputs (the CSRF token among them)."""
    fields = {}
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[attrs["name"]] = unescape(attrs.get("value", ""))
    return fields


def sub_navigation(html: str) -> list[str]:
    """The case page's section links (its sub-navigation), in page order."""
    links = re.findall(r'class="moj-sub-navigation__link" href="([^"]+)"', html)
    return list(dict.fromkeys(unescape(link) for link in links))


def posts(client: Client, page: str, forms: list[dict], ok=(302, 303)) -> dict:
    """GET ``page`` for its CSRF token, then POST each of ``forms`` to it, timing the POST."""
    timings, queries = [], []
    for form in forms:
        hidden = form_fields(expect(client.get(page), page).text)
        response = client.post(page, {**hidden, **form})
        if response.status not in ok:
            errors = re.findall(r"govuk-error-summary__list.*?</ul>", response.text, re.S)
            raise SystemExit(
                f"POST {page} answered {response.status}: {errors[:1] or response.text[:300]}"
            )
        timings.append(response.ms)
        queries.append(response.queries)
    return summary(timings, queries)
