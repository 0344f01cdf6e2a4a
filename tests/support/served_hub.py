"""`hub serve`'s gunicorn set-up around the test index, plus two routes a test needs.

    python -m tests.support.served_hub PORT TIMEOUT MARKER

``/busy`` works until it is stopped; ``/endless`` streams without end and touches MARKER
when the server closes it. The index is the one named by HUB_INDEX.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from flask import Flask, Response

from hub import create_app
from hub.server import serve


def factory(marker: Path) -> Flask:
    app = create_app({"WTF_CSRF_ENABLED": False})

    @app.get("/busy")
    def busy() -> str:
        end = time.monotonic() + 600
        while time.monotonic() < end:
            pass
        return "done"

    @app.get("/endless")
    def endless() -> Response:
        def chunks():
            try:
                while True:
                    yield b"x" * 65536
            finally:
                marker.touch()

        return Response(chunks(), mimetype="application/octet-stream")

    return app


if __name__ == "__main__":
    port, timeout, marker = int(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
    sys.argv = sys.argv[:1]  # gunicorn reads the command line too
    serve("127.0.0.1", port, workers=1, threads=4, factory=lambda: factory(marker), timeout=timeout)
