"""Fault tests and load: residents submit the loket form while Redis, the Celery worker or
PostgreSQL fails under them. Every acknowledged submission must be stored and confirmed by
exactly one e-mail.

Starts everything of its own on free loopback ports: a PostgreSQL cluster (initdb in a
temporary folder), a Redis, an SMTP sink that records every message, the portal under
gunicorn with the production settings (bench/faults_settings.py says what differs), a Celery
worker and Celery beat (the outbox sweep). A separate load-generator process (this file with
--loadgen; threads and http.client) plays the residents: GET the form, POST it, read the
reference on the confirmation page. A resident whose POST fails presses the button again
later with the same form (the same submission key), as a person would.

Scenarios: 0 no fault (the load test), 1 Redis stopped during a burst and started again,
2 the Celery worker killed with SIGKILL (its whole process group) while it is sending (the
SMTP sink is made slow), then started again, 3 PostgreSQL restarted during load.

    .venv/bin/python bench/faults.py [--scenarios 0,1,2,3] [--seconds 60] [--concurrency 50]

Prints one table per scenario and exits non-zero if an invariant fails."""

import argparse
import collections
import email
import email.policy
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench.net import free_port, port_open, wait_for  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
# Its own collected files, kept between runs: not the work tree's staticfiles/, which the test
# processes beside it read (whitenoise scans it; a collectstatic there mid-scan broke them).
STATIC_ROOT = ROOT / "staticfiles-faults"
SUBMIT_PATH = "/loket/indienen/"
UNAVAILABLE_MARKER = "portal-unavailable"  # on the 503 page (templates/503.html)
REFERENCE_RE = re.compile(r'class="portal-reference">([A-Z]+-\d{4}-\d+)<')
MAIL_REFERENCE_RE = re.compile(r"\b([A-Z]+-\d{4}-\d{5,})\b")

HEALTH_TOKEN = secrets.token_urlsafe(16)  # /health/ names what fails only with it


# --- The load generator (a separate process) ---------------------------------------------------


class Resident:
    """One simulated resident: one form, one e-mail address, pressed again until acknowledged."""

    def __init__(self, host, port, address, timeout):
        self.host, self.port, self.address, self.timeout = host, port, address, timeout

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read().decode(errors="replace")
        finally:
            conn.close()


def _cookie(headers, name):
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def _hidden(html, name):
    found = re.search(rf'name="{name}" value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)" name="{name}"', html
    )
    return found.group(1) if found else None


def _first_option(html, select):
    block = re.search(rf'<select name="{select}".*?</select>', html, re.S)
    values = re.findall(r'<option value="(\d+)"', block.group(0)) if block else []
    return values[0] if values else None


def loadgen(args):
    """Run `concurrency` threads for `seconds`; each thread is a stream of residents, one
    after another, each with an address of their own. Writes what happened as JSON."""
    host, port = "127.0.0.1", args.port
    deadline = time.time() + args.seconds
    give_up = deadline + args.grace
    lock = threading.Lock()
    submissions, errors = [], []

    def error(step, status, body=""):
        with lock:
            errors.append(
                {
                    "t": time.time(),
                    "step": step,
                    "status": status,
                    "clear_page": UNAVAILABLE_MARKER in body,
                    # What a server error without the clear page said, to find its cause.
                    "sample": (
                        re.sub(r"\s+", " ", body)[:200]
                        if isinstance(status, int)
                        and status >= 500
                        and UNAVAILABLE_MARKER not in body
                        else ""
                    ),
                }
            )

    def worker(number):
        n = 0
        while time.time() < deadline:
            n += 1
            address = f"r{number}-{n}@{args.domain}"
            resident = Resident(host, port, address, args.timeout)
            # The form: CSRF cookie, token, submission key, a theme.
            form = None
            while form is None and time.time() < deadline:
                try:
                    status, headers, html = resident.request("GET", SUBMIT_PATH)
                except (OSError, http.client.HTTPException) as exc:
                    error("form", type(exc).__name__)
                    time.sleep(0.5)
                    continue
                if status != 200:
                    error("form", status, html)
                    time.sleep(0.5)
                    continue
                form = (
                    _cookie(headers, args.csrf_cookie),
                    _hidden(html, "csrfmiddlewaretoken"),
                    _hidden(html, "submission_key"),
                    _first_option(html, "theme"),
                )
            if form is None:
                break
            cookie, token, key, theme = form
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "submission_key": key,
                    "title": f"Bankje bij de speeltuin {number}-{n}",
                    "description": "Een bankje bij de speeltuin, zodat ouders kunnen zitten.",
                    "kind": "idea",
                    "theme": theme,
                    "neighbourhood": "",
                    "amount_requested": "",
                    "involved": "Buren",
                    "name": f"Inwoner {number}-{n}",
                    "email": address,
                    "phone": "",
                    "privacy_consent": "on",
                    "website": "",
                }
            )
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"{args.csrf_cookie}={cookie}",
            }
            record = {"key": key, "email": address, "posted_at": time.time(), "attempts": 0}
            location = None
            while location is None and time.time() < give_up:
                record["attempts"] += 1
                try:
                    status, response_headers, html = resident.request(
                        "POST", SUBMIT_PATH, body, headers
                    )
                except (OSError, http.client.HTTPException) as exc:
                    error("submit", type(exc).__name__)
                    time.sleep(0.5)
                    continue
                if status == 302:
                    location = {k.lower(): v for k, v in response_headers}["location"]
                    record["ack_at"] = time.time()
                else:
                    error("submit", status, html)
                    time.sleep(0.5)
            if location is None:
                record["gave_up"] = True
                with lock:
                    submissions.append(record)
                break
            # The confirmation page with the reference number.
            while "reference" not in record and time.time() < give_up:
                try:
                    status, _headers, html = resident.request("GET", location)
                except (OSError, http.client.HTTPException) as exc:
                    error("confirmation", type(exc).__name__)
                    time.sleep(0.5)
                    continue
                found = REFERENCE_RE.search(html) if status == 200 else None
                if found:
                    record["reference"] = found.group(1)
                else:
                    error("confirmation", status, html)
                    time.sleep(0.5)
            with lock:
                submissions.append(record)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    Path(args.out).write_text(json.dumps({"submissions": submissions, "errors": errors}))


# --- The SMTP sink -----------------------------------------------------------------------------


class SmtpSink:
    """A real SMTP server (aiosmtpd) that records every message it accepts. With `delay`,
    it holds each message for that long before it answers 250: a send is then in flight
    (`sending` is set). A client that disconnects before the 250 did not deliver: as a
    proper mail server, the sink then drops the message (and counts it as aborted)."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.aborted = 0
        self.delay = 0.0
        self.sending = threading.Event()
        self.lock = threading.Lock()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        if self.delay:
            self.sending.set()
            try:
                await asyncio.sleep(self.delay)
            except asyncio.CancelledError:
                with self.lock:
                    self.aborted += 1
                raise
            if server.transport is None or server.transport.is_closing():
                with self.lock:
                    self.aborted += 1
                return "451 client gone"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(("plain",))
        text = body.get_content() if body else ""
        found = MAIL_REFERENCE_RE.search(f"{message['Subject']} {text}")
        with self.lock:
            self.messages.append(
                {
                    "to": [r.lower() for r in envelope.rcpt_tos],
                    "message_id": str(message["Message-ID"]),
                    "reference": found.group(1) if found else None,
                    "t": time.time(),
                }
            )
        return "250 Message accepted"

    def snapshot(self):
        with self.lock:
            return list(self.messages)


# --- The stack ---------------------------------------------------------------------------------


class Stack:
    """PostgreSQL, Redis, gunicorn, a Celery worker and beat of this run, on free ports."""

    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="portal-faults-"))
        self.pg_dir = self.tmp / "pg"
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.web_port = free_port()
        self.sink = SmtpSink()
        self.processes = {}
        self.logs = {}
        self.crashes = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            "DJANGO_SETTINGS_MODULE": "bench.faults_settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "HEALTH_TOKEN": HEALTH_TOKEN,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/portal",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.sink.port}",
            "DEFAULT_FROM_EMAIL": "loket@leusden.example",
            "SITE_URL": f"http://127.0.0.1:{self.web_port}",
            "NOTIFICATIONS_MESSAGE_DOMAIN": "faults.leusden.example",
            "NOTIFICATIONS_CLAIM_TIMEOUT": str(args.claim_timeout),
            "FAULTS_SWEEP_SECONDS": str(args.sweep_seconds),
            "FAULTS_STATIC_ROOT": str(STATIC_ROOT),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.tmp / "private"),
            "LOG_LEVEL": "ERROR",
        }

    # PostgreSQL: a cluster of its own, owned by the postgres user (it refuses root).
    def _as_postgres(self, *command, check=True):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command],
            check=check,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def pg_ctl(self, action, *extra):
        options = f"-p {self.pg_port} -k {self.pg_dir} -c listen_addresses=127.0.0.1"
        return self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.pg_dir),
            "-o",
            options,
            "-l",
            str(self.tmp / "pg.log"),
            "-w",
            "-t",
            "60",
            *extra,
            action,
        )

    def start_postgres(self):
        self.pg_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.tmp, "postgres")
            shutil.chown(self.pg_dir, "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.pg_dir), "-U", "postgres", "--auth=trust"
        )
        (self.tmp / "pg.log").touch()
        if os.geteuid() == 0:
            shutil.chown(self.tmp / "pg.log", "postgres")
        self.pg_ctl("start")
        subprocess.run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "portal",
            ],
            check=True,
        )

    def start_redis(self):
        self._spawn(
            "redis",
            [shutil.which("redis-server") or "/usr/bin/redis-server", "--port"]
            + [str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.tmp)],
        )
        if not wait_for(lambda: port_open(self.redis_port), 15):
            raise RuntimeError("redis-server did not start")

    def stop_redis(self):
        self._stop("redis", signal.SIGTERM)

    def _spawn(self, name, command):
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115
        self.logs[name] = log
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own: signals reach its children
        )

    def _stop(self, name, sig=signal.SIGTERM, timeout=20):
        """The signal to the main process (a warm shutdown: it stops its own children),
        then SIGKILL to the whole group if it does not end in time."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            process.send_signal(sig)
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        except ProcessLookupError:
            pass

    def manage(self, *command):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def collectstatic(self):
        """Into staticfiles-faults/, only when a source changed:
        hashing and compressing every file costs most of a minute on a busy machine."""
        manifest = STATIC_ROOT / "staticfiles.json"
        sources = [ROOT / ".venv/.installed", ROOT / "node_modules/.installed"]
        sources += [p for p in (ROOT / "static").rglob("*") if p.is_file()]
        newest = max((p.stat().st_mtime for p in sources if p.exists()), default=0)
        if manifest.exists() and manifest.stat().st_mtime > newest:
            return
        self.manage("collectstatic", "--no-input", "-v0")

    def start_web(self):
        self._spawn(
            "gunicorn",
            [sys.executable, "-m", "gunicorn", "leusden_portal.wsgi"]
            + ["--bind", f"127.0.0.1:{self.web_port}", "--workers", str(self.args.web_workers)]
            + ["--timeout", "30"]
            + ["--logger-class", "leusden_portal.core.logmask.GunicornLogger"],
        )
        if not wait_for(lambda: port_open(self.web_port), 60):
            raise RuntimeError("gunicorn did not start")

    def start_worker(self):
        self._spawn(
            "worker",
            [sys.executable, "-m", "celery", "-A", "leusden_portal", "worker"]
            + ["--loglevel", "WARNING", "--concurrency", str(self.args.worker_concurrency)]
            + ["--hostname", f"faults-{uuid.uuid4().hex[:6]}@%h"],
        )

    def kill_worker(self):
        """SIGKILL to the worker and its pool processes at once, as when a machine dies."""
        process = self.processes.pop("worker")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def start_beat(self):
        self._spawn(
            "beat",
            [sys.executable, "-m", "celery", "-A", "leusden_portal", "beat"]
            + ["--loglevel", "WARNING", "--pidfile", str(self.tmp / "beat.pid")]
            + ["--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"]
            + ["--max-interval", "1"],
        )

    def start(self):
        steps = [
            ("postgres", self.start_postgres),
            ("redis", self.start_redis),
            ("smtp", self.sink.start),
            ("migrate", lambda: self.manage("migrate", "--no-input", "-v0")),
            ("seed", lambda: self.manage("seed_demo", "--without-examples")),
            ("collectstatic", self.collectstatic),
            ("gunicorn", self.start_web),
            ("celery", lambda: (self.start_worker(), self.start_beat())),
            ("healthy", lambda: wait_for(self.healthy, 90, 0.5) or self._unhealthy()),
        ]
        timings = []
        for name, step in steps:
            started = time.monotonic()
            step()
            timings.append(f"{name} {time.monotonic() - started:.0f} s")
        return ", ".join(timings)

    def _unhealthy(self):
        raise RuntimeError(f"the stack is not healthy: {self.health()}")

    def health(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.web_port, timeout=10)
        try:
            conn.request("GET", "/health/", headers={"X-Health-Token": HEALTH_TOKEN})
            response = conn.getresponse()
            return response.status, response.read().decode()
        except OSError as exc:
            return None, str(exc)
        finally:
            conn.close()

    def healthy(self):
        return self.health()[0] == 200

    def check_alive(self):
        """A Celery worker or beat that died is started again, as a supervisor (systemd's
        Restart=always) would, and counted: the report shows it. Anything else that died
        ends the run."""
        dead = [name for name, p in self.processes.items() if p.poll() is not None]
        for name in [n for n in dead if n in ("worker", "beat")]:
            self.crashes.append(name)
            self.processes.pop(name)
            print(f"!! the Celery {name} died; started again (log: {self.tmp}/{name}.log)")
            sys.stdout.flush()
            self.start_worker() if name == "worker" else self.start_beat()
        dead = [n for n in dead if n not in ("worker", "beat")]
        if dead:
            raise RuntimeError(f"processes died: {dead}; logs in {self.tmp}")

    def stop(self):
        for name in ["beat", "worker", "gunicorn", "redis"]:
            self._stop(name)
        self.sink.stop()
        if (self.pg_dir / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate")
        for log in self.logs.values():
            log.close()

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def query(self, sql, params=()):
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.pg_port}/portal", connect_timeout=5
        ) as conn:
            return conn.execute(sql, params).fetchall()

    def log_tail(self, name, lines=30):
        path = self.tmp / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# --- Scenarios ---------------------------------------------------------------------------------


def run_load(stack, domain, seconds, concurrency, grace, during=None):
    """Run the load generator for `seconds`; `during(t0)` does the fault meanwhile and
    returns (fault_start, fault_end)."""
    out = stack.tmp / f"load-{domain}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--loadgen"]
    command += ["--port", str(stack.web_port), "--seconds", str(seconds)]
    command += ["--concurrency", str(concurrency), "--domain", domain, "--out", str(out)]
    command += ["--grace", str(grace), "--csrf-cookie", "__Host-csrftoken"]
    t0 = time.time()
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    window = (None, None)
    try:
        if during:
            window = during(t0)
        process.wait(seconds + grace + 120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    if process.returncode != 0:
        raise RuntimeError(f"the load generator failed ({process.returncode})")
    result = json.loads(out.read_text())
    return t0, window, result


def fault_redis(stack, args):
    def during(t0):
        time.sleep(args.fault_after)
        start = time.time()
        stack.stop_redis()
        time.sleep(args.fault_seconds)
        stack.start_redis()
        return start, time.time()

    return during


def fault_worker(stack, args):
    def during(t0):
        time.sleep(args.fault_after)
        stack.sink.sending.clear()
        if not stack.sink.sending.wait(60):
            raise RuntimeError("the worker never started sending")
        time.sleep(min(0.3, stack.sink.delay / 3))  # well inside the send
        start = time.time()
        stack.kill_worker()
        time.sleep(args.fault_seconds)
        stack.start_worker()
        return start, time.time()

    return during


def fault_postgres(stack, args):
    def during(t0):
        time.sleep(args.fault_after)
        start = time.time()
        stack.pg_ctl("restart", "-m", "fast")
        return start, time.time()

    return during


SCENARIOS = {
    0: ("no fault: load", None),
    1: ("Redis stopped during a burst, started again", fault_redis),
    2: ("Celery worker killed (SIGKILL) while sending, restarted", fault_worker),
    3: ("PostgreSQL restarted during load", fault_postgres),
}


def run_scenario(stack, number, args):
    title, fault = SCENARIOS[number]
    domain = f"s{number}-{uuid.uuid4().hex[:6]}.faults.example"
    seconds = args.seconds if number == 0 else args.burst_seconds
    # A slow mail server keeps sends in flight: for the worker to be killed in the middle of
    # one (2), and for the database to go away between a send and its record (3).
    stack.sink.delay = {2: args.slow_smtp, 3: args.slow_smtp_db}.get(number, 0.0)
    if not wait_for(stack.healthy, 60, 0.5):
        raise RuntimeError(f"the stack is not healthy before scenario {number}: {stack.health()}")
    during = fault(stack, args) if fault else None
    t0, (fault_start, fault_end), load = run_load(
        stack, domain, seconds, args.concurrency, args.grace, during
    )
    load_end = time.time()
    stack.sink.delay = 0.0
    # What is stored, and the e-mails it must give.
    rows = stack.query(
        "SELECT submission_key::text, reference, lower(email) FROM initiatives_initiative "
        "WHERE email LIKE %s",
        (f"%@{domain}",),
    )
    stored = {key: (reference, address) for key, reference, address in rows}
    expected = dict(stored.values())

    def mails():
        return [m for m in stack.sink.snapshot() if any(r.endswith("@" + domain) for r in m["to"])]

    def all_delivered():
        stack.check_alive()
        if not {m["reference"] for m in mails()} >= set(expected):
            return False
        # Every row recorded as sent: none can be sent again (a row is only ever claimed while
        # pending, or while "sending" past the claim timeout), so no late duplicate can come.
        states = stack.query(
            "SELECT DISTINCT state FROM notifications_notification WHERE recipient_email LIKE %s",
            (f"%@{domain}",),
        )
        return [s for (s,) in states] == ["sent"]

    delivered = wait_for(all_delivered, args.mail_timeout, 0.5)
    time.sleep(args.settle)
    received = mails()
    per_reference = collections.Counter(m["reference"] for m in received)
    per_message_id = collections.Counter(m["message_id"] for m in received)
    wrong_recipient = [
        m["reference"] for m in received if expected.get(m["reference"]) not in m["to"]
    ]
    acknowledged = {s["key"]: s for s in load["submissions"] if "ack_at" in s}
    acked_during = [
        s for s in acknowledged.values() if fault_start and fault_start <= s["ack_at"] <= fault_end
    ]
    gave_up = [s for s in load["submissions"] if s.get("gave_up")]
    missing_reference = [s["key"] for s in acknowledged.values() if "reference" not in s]
    pending = stack.query(
        "SELECT state, count(*) FROM notifications_notification WHERE recipient_email LIKE %s "
        "GROUP BY state",
        (f"%@{domain}",),
    )
    errors = load["errors"]
    fault_start = fault_start or t0
    fault_end = fault_end or t0
    before = [e for e in errors if e["t"] < fault_start]
    during_fault = [e for e in errors if fault_start <= e["t"] <= fault_end]
    after = [e for e in errors if e["t"] > fault_end]
    last_mail = max((m["t"] for m in received), default=None)
    first_ack_after = min((s["ack_at"] for s in acknowledged.values() if s["ack_at"] > fault_end),
                          default=None)  # fmt: skip
    report = {
        "number": number,
        "title": title,
        "seconds": seconds,
        "concurrency": args.concurrency,
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "acknowledged_not_stored": sorted(set(acknowledged) - set(stored)),
        "stored_not_acknowledged": sorted(set(stored) - set(acknowledged)),
        "gave_up": len(gave_up),
        "acknowledged_during": len(acked_during),
        "no_reference_shown": missing_reference,
        "mails_expected": len(expected),
        "mails_received": len(received),
        "missing": sorted(set(expected) - set(per_reference)),
        "duplicates": sorted(r for r, n in per_reference.items() if n > 1),
        "duplicate_message_ids": sorted(i for i, n in per_message_id.items() if n > 1),
        "wrong_recipient": wrong_recipient,
        "aborted_by_sink": stack.sink.aborted,
        "outbox_states": dict(pending),
        "errors_before": summarise(before),
        "errors_during": summarise(during_fault),
        "errors_after": summarise(after),
        "unclear_errors": sum(
            1
            for e in errors
            if isinstance(e["status"], int) and e["status"] >= 500 and not e["clear_page"]
        ),
        "unclear_samples": sorted({e["sample"] for e in errors if e.get("sample")})[:5],
        "last_error_after_fault_end": max((e["t"] - fault_end for e in after), default=None),
        "fault_seconds": (fault_end - fault_start) if fault else None,
        "first_ack_after_fault": (first_ack_after - fault_end)
        if fault and first_ack_after
        else None,
        "mails_done_after_fault": (last_mail - fault_end) if fault and last_mail else None,
        "mails_done_after_load": (last_mail - load_end) if last_mail else None,
        "rate": len(acknowledged) / seconds,
        "delivered_in_time": delivered,
        "crashes": list(stack.crashes),
    }
    stack.crashes.clear()
    stack.sink.aborted = 0
    report["failures"] = invariants(report, args)
    return report


def summarise(errors):
    return dict(collections.Counter(f"{e['step']} {e['status']}" for e in errors))


def invariants(r, args):
    failures = []
    if r["acknowledged_not_stored"]:
        failures.append(f"{len(r['acknowledged_not_stored'])} acknowledged but not stored")
    if r["stored_not_acknowledged"]:
        failures.append(f"{len(r['stored_not_acknowledged'])} stored but never acknowledged")
    if r["gave_up"]:
        failures.append(f"{r['gave_up']} residents never got an acknowledgement")
    if r["no_reference_shown"]:
        failures.append(f"{len(r['no_reference_shown'])} confirmation pages without reference")
    if r["missing"]:
        failures.append(f"{len(r['missing'])} e-mails never sent")
    if r["duplicates"] or r["duplicate_message_ids"]:
        failures.append(f"{len(r['duplicates'])} e-mails sent more than once")
    if r["wrong_recipient"]:
        failures.append(f"{len(r['wrong_recipient'])} e-mails to the wrong address")
    if r["acknowledged"] == 0:
        failures.append("no submission acknowledged at all")
    all_errors = sum(sum(r[k].values()) for k in ("errors_before", "errors_during", "errors_after"))
    if r["number"] in (0, 1, 2) and all_errors:
        # No fault, Redis down, worker dead: the resident must notice nothing.
        failures.append(f"{all_errors} error responses")
    if r["number"] in (1, 2) and not r["acknowledged_during"]:
        failures.append("no submission acknowledged while the fault lasted")
    if not r["delivered_in_time"]:
        failures.append("e-mails not all delivered and recorded as sent in time")
    if r["number"] == 3:
        if r["unclear_errors"]:
            failures.append(f"{r['unclear_errors']} server errors without the clear 503 page")
        if sum(r["errors_before"].values()):
            failures.append("errors before the restart")
        late = r["last_error_after_fault_end"]
        if late is not None and late > args.recover_within:
            failures.append(f"still errors {late:.1f} s after PostgreSQL was back")
    return failures


def fmt(value, unit=""):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}{unit}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in sorted(value.items())) or "0"
    if isinstance(value, list):
        return ", ".join(map(str, value[:10])) + (" ..." if len(value) > 10 else "") or "none"
    return f"{value}{unit}"


def print_report(r):
    rows = [
        ("residents (threads) x seconds", f"{r['concurrency']} x {r['seconds']}"),
        ("submissions acknowledged / stored", f"{r['acknowledged']} / {r['stored']}"),
        ("acknowledged, not stored", fmt(r["acknowledged_not_stored"])),
        ("stored, never acknowledged", fmt(r["stored_not_acknowledged"])),
        ("acknowledged per second", fmt(r["rate"])),
        (
            "acknowledged while the fault lasted",
            fmt(r["acknowledged_during"]) if r["fault_seconds"] else "-",
        ),  # fmt: skip
        ("e-mails expected / sent", f"{r['mails_expected']} / {r['mails_received']}"),
        ("e-mails missing", fmt(r["missing"])),
        (
            "e-mails duplicated (reference / Message-ID)",
            fmt(r["duplicates"] + r["duplicate_message_ids"]),
        ),  # fmt: skip
        ("sends cut off before the 250 (dropped by sink)", fmt(r["aborted_by_sink"])),
        ("outbox rows by state", fmt(r["outbox_states"])),
        ("fault lasted", fmt(r["fault_seconds"], " s")),
        ("error responses before the fault", fmt(r["errors_before"])),
        ("error responses during the fault", fmt(r["errors_during"])),
        ("error responses after the fault", fmt(r["errors_after"])),
        ("5xx without the clear 503 page", fmt(r["unclear_errors"])),
        ("what those 5xx said", fmt(r["unclear_samples"]) if r["unclear_samples"] else "-"),
        ("last error after fault end", fmt(r["last_error_after_fault_end"], " s")),
        ("first acknowledgement after fault end", fmt(r["first_ack_after_fault"], " s")),
        ("all e-mails delivered after fault end", fmt(r["mails_done_after_fault"], " s")),
        ("all e-mails delivered after load end", fmt(r["mails_done_after_load"], " s")),
        ("Celery processes that died (started again)", fmt(r["crashes"]) if r["crashes"] else "0"),
        ("invariants", "OK" if not r["failures"] else "FAILED: " + "; ".join(r["failures"])),
    ]
    print(f"\n### Scenario {r['number']}: {r['title']}\n")
    width = max(len(label) for label, _ in rows)
    print(f"| {'measure'.ljust(width)} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for label, value in rows:
        print(f"| {label.ljust(width)} | {value} |")
    sys.stdout.flush()


def machine():
    def version(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.split("\n")[0]
        except OSError:
            return "?"

    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return (
        f"{os.cpu_count()} CPUs, {int(memory) // 1024 // 1024} GB memory; "
        f"Python {sys.version.split()[0]}; {version([str(PG_BIN / 'postgres'), '--version'])}; "
        f"{version(['redis-server', '--version']).split(' sha=')[0]}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loadgen", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--domain", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--csrf-cookie", default="__Host-csrftoken", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=30, help=argparse.SUPPRESS)
    parser.add_argument("--scenarios", default="0,1,2,3")
    parser.add_argument("--seconds", type=float, default=60, help="load of scenario 0")
    parser.add_argument("--burst-seconds", type=float, default=30, help="load of scenarios 1-3")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--fault-after", type=float, default=8, help="seconds into the burst")
    parser.add_argument("--fault-seconds", type=float, default=8, help="Redis/worker down")
    parser.add_argument("--grace", type=float, default=60, help="residents retry this long")
    parser.add_argument("--slow-smtp", type=float, default=2.0, help="seconds per message")
    parser.add_argument("--claim-timeout", type=int, default=15)
    parser.add_argument("--sweep-seconds", type=float, default=3)
    parser.add_argument("--mail-timeout", type=float, default=300)
    parser.add_argument("--slow-smtp-db", type=float, default=0.5, help="scenario 3")
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--recover-within", type=float, default=10)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--worker-concurrency", type=int, default=2)
    parser.add_argument("--json", help="also write the reports to this file")
    parser.add_argument("--logs", help="keep the logs of the run's processes in this folder")
    args = parser.parse_args(argv)
    if args.loadgen:
        loadgen(args)
        return 0
    scenarios = [int(s) for s in args.scenarios.split(",")]
    print(f"Machine: {machine()}", flush=True)
    stack = Stack(args)
    print(f"Stack in {stack.tmp}", flush=True)
    reports = []
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        started = time.monotonic()
        timings = stack.start()
        print(f"Stack started in {time.monotonic() - started:.0f} s ({timings})", flush=True)
        for number in scenarios:
            report = run_scenario(stack, number, args)
            reports.append(report)
            print_report(report)
    except BaseException:
        for name in ("gunicorn", "worker", "beat"):
            print(f"--- {name} log (tail) ---\n{stack.log_tail(name)}", file=sys.stderr)
        raise
    finally:
        stack.stop()
        if args.logs:
            Path(args.logs).mkdir(parents=True, exist_ok=True)
            for log in stack.tmp.glob("*.log"):
                shutil.copy(log, Path(args.logs) / log.name)
        stack.cleanup()
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=2))
    failed = [r["number"] for r in reports if r["failures"]]
    print(f"\nScenarios with a failed invariant: {failed or 'none'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
