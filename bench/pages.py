"""Benchmark: the public pages of the loket against the ceiling of this stack.

Starts the production configuration on loopback (gunicorn with the production settings, a
PostgreSQL database of its own, Redis for the cache), loads initiatives at each size, and
drives every page with wrk from a separate process. In the same run it measures a bare Django
view behind the same gunicorn and middleware: the ceiling. Prints one table per size:
requests per second, p50 and p99 latency, the ratio to the ceiling, the queries a page costs
when it is built (the cache serves it with none) and the bytes over the wire (HTML, and HTML
with its CSS, compressed as a browser asks for it).

    .venv/bin/python bench/pages.py [--sizes 1000,10000] [--seconds 5]

Needs wrk (Debian package `wrk`; `make bench` installs it), PostgreSQL and Redis."""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DATABASE_NAME", "leusden_bench_pages")
BASE_DB_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": BASE_DB_URL.rsplit("/", 1)[0] + "/" + BENCH_DB,
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
    "EMAIL_URL": "consolemail://",
    "DEFAULT_FROM_EMAIL": "loket@leusden.example",
    "SITE_URL": "http://127.0.0.1",
}
os.environ.update(ENV)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database():
    import psycopg

    with psycopg.connect(BASE_DB_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def drop_database():
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(BASE_DB_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def load_initiatives(total):
    """Bring the number of initiatives up to `total`: most published, with supports and a
    public history, across every theme and neighbourhood."""
    from django.utils import timezone

    from initiatives.models import Initiative, Message
    from leusden_portal.core import pagecache
    from leusden_portal.core.models import Neighbourhood, Theme

    themes = list(Theme.objects.all())
    neighbourhoods = list(Neighbourhood.objects.all())
    start = Initiative.objects.count()
    statuses = ["submitted", "triage", "referred", "in_progress", "completed"]
    now = timezone.now()
    batch = 5_000
    for offset in range(start, total, batch):
        rows = [
            Initiative(
                reference=f"SV-2026-{n:06d}",
                kind="idea",
                title=f"Idee {n} voor de buurt",
                description="Samen met de buren iets moois maken in de wijk. " * 4,
                theme=themes[n % len(themes)],
                neighbourhood=neighbourhoods[n % len(neighbourhoods)],
                name=f"Inwoner {n}",
                email=f"inwoner{n}@example.org",
                token_hash=uuid.uuid4().hex,
                publish_consent=n % 5 != 0,
                approved_for_publication=n % 5 != 0,
                status=statuses[n % len(statuses)],
                submitted_at=now - timezone.timedelta(minutes=n),
                first_response_days=n % 9,
                referral_days=(n % 14) if n % 3 == 0 else None,
                support_count=n % 40,
            )
            for n in range(offset, min(offset + batch, total))
        ]
        created = Initiative.objects.bulk_create(rows)
        Message.objects.bulk_create(
            Message(
                initiative=i,
                author_kind="staff",
                body="We hebben uw idee bekeken.",
                status="triage",
            )
            for i in created
            for _ in range(2)
        )
    pagecache.invalidate("initiatives", "loket-figures")  # autocommit: at once


def queries_to_build(path):
    """Queries the page costs when it is built (the page cache bypassed)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(PAGECACHE_ENABLED=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def wire_bytes(base, path):
    """HTML and HTML plus its stylesheets, as sent to a browser that accepts brotli/gzip."""

    def fetch(url):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
        with urllib.request.urlopen(request) as response:
            return response.read()

    html = fetch(base + path)
    plain = urllib.request.urlopen(base + path).read().decode()
    css = sum(len(fetch(base + href)) for href in re.findall(r'href="([^"]+\.css)"', plain))
    return len(html), len(html) + css


def wrk(url, seconds, connections):
    out = subprocess.run(
        # As browsers ask: compressed if the server can.
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
        + ["-H", "Accept-Encoding: gzip, deflate, br", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, ms("50"), ms("99"), int(errors.group(1)) if errors else 0


def start_gunicorn(port, workers):
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "leusden_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (or run `make bench`).")
    sizes = [int(s) for s in args.sizes.split(",")]

    create_database()
    import django

    django.setup()
    manage("migrate", "--no-input")
    manage("seed_demo", "--without-examples")
    manage("collectstatic", "--no-input")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(port, args.workers)
    results = {}
    try:
        for size in sizes:
            load_initiatives(size)
            detail = "/initiatieven/SV-2026-000001/"
            pages = [
                ("bare Django view (ceiling)", "/bench/bare/"),
                ("home", "/"),
                ("initiative list", "/initiatieven/"),
                ("initiative list, filtered", "/initiatieven/?theme=groen&status=referred&q=buurt"),
                ("initiative list, page 5", "/initiatieven/?page=5"),
                ("initiative detail", detail),
                ("loket figures", "/loket/cijfers/"),
                ("atom feed", "/initiatieven/feed/"),
            ]
            rows = []
            for label, path in pages:
                urllib.request.urlopen(base + path).read()  # warm the page cache
                rps, p50, p99, errors = wrk(base + path, args.seconds, args.connections)
                built = queries_to_build(path) if path != "/bench/bare/" else 0
                html, total = wire_bytes(base, path) if path != "/bench/bare/" else (2, 2)
                rows.append((label, rps, p50, p99, errors, built, html, total))
            results[size] = rows
            print_table(size, rows)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)
        drop_database()
    if len(sizes) > 1:
        print_growth(sizes, results)


def print_table(size, rows):
    ceiling = rows[0][1]
    print(f"\n{size:,} initiatives (wrk, {rows and 'cached pages'}; queries = when built)")
    header = f"{'page':30} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6} {'errors':>6} {'queries':>7} {'HTML B':>7} {'+CSS B':>7}"
    print(header)
    print("-" * len(header))
    for label, rps, p50, p99, errors, built, html, total in rows:
        print(
            f"{label:30} {rps:8.0f} {p50:7.2f} {p99:7.2f} {rps / ceiling:6.2f} {errors:6d} "
            f"{built:7d} {html:7d} {total:7d}"
        )


def print_growth(sizes, results):
    small, large = sizes[0], sizes[-1]
    print(f"\nThroughput at {large:,} relative to {small:,} initiatives")
    for (label, rps_small, *_), (_, rps_large, *_rest) in zip(
        results[small], results[large], strict=True
    ):
        print(f"{label:30} {rps_large / rps_small:6.2f}")


if __name__ == "__main__":
    main()
