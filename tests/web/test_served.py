"""Responses under `hub serve`'s gunicorn (issue 13): a deadline no busy request escapes,
gunicorn's own errors defended like the app's, clients that stop reading let go."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from hub.security import HEADERS
from tests.support.network import free_port, wait_for

TIMEOUT = 3.0  # HUB_REQUEST_TIMEOUT of the server under test


@pytest.fixture(scope="module")
def served(backend, tmp_path_factory):
    """(port, marker) of gunicorn serving the test index with a 3-second request deadline."""
    marker = tmp_path_factory.mktemp("served") / "closed"
    port = free_port()
    env = {**os.environ, "HUB_INDEX": str(backend.store.root), "HUB_SECRET_KEY": "served"}
    command = [sys.executable, "-m", "tests.support.served_hub", str(port), str(TIMEOUT), str(marker)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60, process)
        yield port, marker
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def exchange(port: int, raw: bytes, seconds: float = 30) -> tuple[bytes, float]:
    """Send raw bytes, read until the server closes; (the answer, seconds it took)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as sock:
        sock.sendall(raw)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer, time.monotonic() - started


def parse(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def test_a_busy_request_is_cut_at_the_deadline_and_the_worker_replaced(served):
    port, _ = served
    answer, seconds = exchange(port, b"GET /busy HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer == b"" and seconds < TIMEOUT + 3  # gthread alone never stopped it
    started = time.monotonic()
    wait_for(f"http://127.0.0.1:{port}/health", 30)
    assert time.monotonic() - started < 15


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GET /api/v1/search?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"NOT A REQUEST\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(150)) + b"\r\n", 431),
    ],
)
def test_responses_gunicorn_makes_carry_the_headers_and_the_json_shape(served, raw, status):
    answer, _ = exchange(served[0], raw)
    code, headers, body = parse(answer)
    assert code == status
    for name, value in HEADERS.items():
        assert headers.get(name) == value, name
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["status"] == status


def test_a_client_that_stops_reading_is_let_go(served):
    port, marker = served
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(b"GET /endless HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        started = time.monotonic()
        while not marker.exists() and time.monotonic() - started < TIMEOUT + 20:
            time.sleep(0.2)
        assert marker.exists(), "the server still holds a thread for a client that reads nothing"
        assert time.monotonic() - started < TIMEOUT + 15
    finally:
        sock.close()


def test_a_chunked_body_over_the_limit_gets_a_413(served):
    chunk = b"x" * 65536
    body = b"5\r\ntext=\r\n" + b"".join(b"10000\r\n" + chunk + b"\r\n" for _ in range(48)) + b"0\r\n\r\n"
    head = (
        b"POST /submit/preview HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n"
    )
    answer, _ = exchange(served[0], head + body)
    assert parse(answer)[0] == 413  # 3 MiB; before, the body was cut at 2 MiB and answered 200
