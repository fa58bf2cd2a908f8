"""Say in one clear line if PostgreSQL or Redis is not reachable for the test suite."""

import os
import socket
import sys
from urllib.parse import urlparse

SERVICES = [
    (
        "PostgreSQL",
        os.environ.get("DATABASE_URL", "postgres://127.0.0.1:5432"),
        5432,
        "pg_ctlcluster $(ls /etc/postgresql) main start",
    ),
    (
        "Redis",
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379"),
        6379,
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no",
    ),
]

failed = False
for name, url, default_port, how in SERVICES:
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or default_port
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        print(f"{name} is not reachable on {host}:{port}; start it with: {how}")
        failed = True
sys.exit(1 if failed else 0)
