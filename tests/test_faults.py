"""The fault scenarios of bench/faults.py at a small scale: Redis stopped during a burst of
submissions, the Celery worker killed while sending, PostgreSQL restarted under load, and a
short load without faults. The script starts a stack of its own (its own PostgreSQL, Redis,
gunicorn, Celery worker and beat, SMTP sink) on free ports; the shared services on 5432 and
6379 are never touched. It fails if an acknowledged submission is lost or an e-mail is sent
twice or not at all."""

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SMALL = [
    "--scenarios=0,1,2,3",
    "--concurrency=4",
    "--seconds=5",
    "--burst-seconds=12",
    "--fault-after=3",
    "--fault-seconds=3",
    "--slow-smtp=1.5",
    "--claim-timeout=8",
    "--sweep-seconds=2",
    "--grace=30",
    "--mail-timeout=90",
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The script, once for this file; stopped (and so cleaned up) even if the test fails."""
    out = tmp_path_factory.mktemp("faults") / "reports.json"
    process = subprocess.Popen(
        [sys.executable, "bench/faults.py", *SMALL, f"--json={out}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=420)
    finally:
        if process.poll() is None:
            # SIGTERM: the script stops its PostgreSQL, Redis, gunicorn and Celery itself.
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(90)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
    reports = json.loads(out.read_text()) if out.exists() else []
    return process.returncode, output, {r["number"]: r for r in reports}


def test_every_acknowledged_submission_is_stored_and_mailed_exactly_once(run):
    returncode, output, reports = run
    assert returncode == 0, output[-6000:]
    assert sorted(reports) == [0, 1, 2, 3]
    for report in reports.values():
        assert report["failures"] == [], (report["number"], report["failures"])
        assert report["acknowledged"] == report["stored"] > 0
        assert report["mails_expected"] == report["mails_received"] == report["stored"]
        assert report["missing"] == report["duplicates"] == []


def test_no_fault_and_redis_or_worker_down_give_the_resident_no_error(run):
    _, output, reports = run
    for number in (0, 1, 2):
        report = reports[number]
        for phase in ("errors_before", "errors_during", "errors_after"):
            assert report[phase] == {}, (number, phase, report[phase])
    # No Celery process died by itself (kombu's crash when Redis goes away: celery.py).
    for number, report in reports.items():
        assert report["crashes"] == [], (number, report["crashes"])
    # Residents kept being helped while Redis was down and while no worker ran.
    assert reports[1]["acknowledged_during"] > 0
    assert reports[2]["acknowledged_during"] > 0


def test_worker_killed_mid_send_gives_neither_a_lost_nor_a_double_mail(run):
    _, _, reports = run
    report = reports[2]
    assert report["aborted_by_sink"] >= 1  # a send really was cut off by the SIGKILL
    assert report["duplicates"] == report["duplicate_message_ids"] == []
    assert report["outbox_states"] == {"sent": report["stored"]}


def test_database_restart_gives_only_the_clear_503_page_and_recovers(run):
    _, _, reports = run
    report = reports[3]
    assert report["unclear_errors"] == 0
    assert report["errors_before"] == {}
    statuses = {key.split()[-1] for key in {**report["errors_during"], **report["errors_after"]}}
    assert statuses <= {"503"}, statuses
    assert report["first_ack_after_fault"] is not None


def test_the_run_leaves_no_process_and_no_temporary_folder(run):
    _, output, _ = run
    folder = re.search(r"Stack in (\S+)", output).group(1)
    assert not Path(folder).exists()
    leftover = subprocess.run(["pgrep", "-f", folder], capture_output=True, text=True).stdout
    assert leftover == ""
