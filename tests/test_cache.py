"""The Redis cache backend (leusden_portal/core/cache.py): one redis-py client per server,
shared by every call, every thread and, after a fork, rebuilt connections in the child."""

import os
import threading

from django.core.cache import cache


def test_every_call_uses_the_same_client():
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("shared", 1)
    assert cache.get("shared") == 1
    assert cache._cache.get_client() is client


def test_threads_share_the_client_without_mixing_answers():
    errors = []

    def work(n):
        try:
            for i in range(50):
                cache.set(f"thread-{n}-{i}", (n, i))
                assert cache.get(f"thread-{n}-{i}") == (n, i)
                assert cache.get_many([f"thread-{n}-{i}"]) == {f"thread-{n}-{i}": (n, i)}
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_a_forked_process_gets_connections_of_its_own():
    """gunicorn forks its workers: a child must not answer on its parent's socket."""
    cache.set("before-fork", "parent")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            cache.set("from-child", "child")
            ok = cache.get("before-fork") == "parent" and cache.get("from-child") == "child"
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(pid, 0)
    assert answer == b"1"
    assert cache.get("from-child") == "child" and cache.get("before-fork") == "parent"
