"""Behind a real reverse proxy (Debian's nginx, on loopback): one rate-limit budget per client.

The hub runs in a real HTTP server on 127.0.0.1, nginx in front of it as SECURITY.md
recommends; clients connect to nginx from different loopback addresses (127.0.0.2, ...),
as clients on the internet would from different addresses.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from hub import create_app
from tests.support.network import free_port, wait_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BUDGET = 3  # previews a minute per client in these tests
PREVIEW = "text=---%0A"

CONFIG = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def hub_server(backend):
    """The hub with a small preview budget, in a threaded HTTP server on a free loopback port."""
    app = create_app(
        {
            "BACKEND": backend,
            "SECRET_KEY": "proxy-test",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_PREVIEW": f"{BUDGET} per minute",
        }
    )
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture(scope="module")
def nginx(hub_server, tmp_path_factory):
    """Debian's nginx on a free loopback port, proxying to the hub; its port."""
    assert Path(NGINX).is_file(), "nginx is missing: `./dev test` installs Debian's nginx"
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    user = "user root root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(CONFIG.format(dir=folder, port=port, upstream=hub_server, user=user), encoding="utf-8")
    command = [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/robots.txt", 20, process)
        yield port
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def preview(port: int, client: str, forwarded_for: str | None = None) -> int:
    """POST a preview to ``port`` from the loopback address ``client``; the HTTP status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(client, 0))
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    try:
        connection.request("POST", "/submit/preview", body=PREVIEW, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_two_clients_behind_the_proxy_get_two_budgets(nginx):
    first = [preview(nginx, "127.0.0.2") for _ in range(BUDGET + 1)]
    assert first == [200] * BUDGET + [429]
    assert preview(nginx, "127.0.0.3") == 200  # before the fix, every client was nginx's 127.0.0.1
    assert preview(nginx, "127.0.0.2") == 429


def test_a_forged_forwarded_for_through_the_proxy_buys_no_new_budget(nginx):
    statuses = [preview(nginx, "127.0.0.4", forwarded_for=f"198.51.100.{n}") for n in range(BUDGET + 2)]
    assert statuses == [200] * BUDGET + [429, 429]
    # Nor does claiming to be another client that still has its budget.
    assert preview(nginx, "127.0.0.5") == 200
    assert preview(nginx, "127.0.0.4", forwarded_for="127.0.0.5") == 429


def test_a_forged_forwarded_for_from_outside_is_ignored(backend):
    """A client on another machine that reaches the hub directly cannot choose its address."""
    app = create_app(
        {
            "BACKEND": backend,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_PREVIEW": f"{BUDGET} per minute",
        }
    )
    client = app.test_client()
    outside = {"REMOTE_ADDR": "203.0.113.7"}
    statuses = [
        client.post(
            "/submit/preview",
            data={"text": "---\n"},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
            environ_base=outside,
        ).status_code
        for n in range(BUDGET + 2)
    ]
    assert statuses == [200] * BUDGET + [429, 429]
