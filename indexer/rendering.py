"""Practice bodies to safe HTML and searchable text, at a bounded cost.

A practice file is untrusted, and Python-Markdown and nh3 take quadratic time on some small
inputs: 8 KB of ``[`` took 12 s, 64 KB would take minutes (see SECURITY.md). So:

- only the first ``MAX_RENDERED`` characters of a body are rendered as Markdown (the rest
  is indexed as it is, and the API still serves the whole Markdown);
- rendering runs in worker processes (``python -m indexer.rendering``) that are killed and
  replaced when one body takes longer than ``RENDER_SECONDS``, and that may not grow beyond
  ``MEMORY_LIMIT``; a body that runs out of time or memory is shown as escaped plain text;
- the hub renders at index time and stores the result (``html``), so that practice pages
  and the API never render on request; only the submission preview renders on request,
  through the same workers.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MAX_RENDERED = 100_000  # characters; the longest practice body is 3,229, 200,000 render in 0.4 s
RENDER_SECONDS = 1.0  # per body, measured from sending it to the worker to its answer
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes of address space a worker may use
STARTUP_SECONDS = 60.0
TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "abbr",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Rendered:
    """A body as sanitised HTML and as plain text; ``markdown`` is False for the fallback."""

    html: str
    text: str
    markdown: bool = True


def sanitise(markup: str) -> str:
    """HTML from Markdown made safe: no scripts, no event handlers, no javascript: links."""
    import nh3

    return nh3.clean(
        markup, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel="noopener noreferrer nofollow"
    )


def render(body: str) -> Rendered:
    """Render in this process, without a time limit: the workers call this."""
    from indexer.text import render_html, text_of_html

    shown, rest = body[:MAX_RENDERED], body[MAX_RENDERED:]
    markup = render_html(shown)
    text = text_of_html(markup)
    if rest:
        return Rendered(sanitise(markup) + "\n<p>…</p>", text + "\n" + rest)
    return Rendered(sanitise(markup), text)


def fallback(body: str) -> Rendered:
    """A body that could not be rendered in time: its text, escaped, paragraph by paragraph."""
    paragraphs = [part.strip() for part in body.replace("\r\n", "\n").split("\n\n") if part.strip()]
    markup = "\n".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)
    return Rendered(markup, body, markdown=False)


class Worker:
    """One rendering process, spoken to in JSON lines through two pipes.

    ``fork``: a copy of this process (cheap; for `hub index`, which has one thread), else a
    new interpreter running ``python -m indexer.rendering`` (for the web app, whose threads
    make forking unsafe).
    """

    def __init__(self, fork: bool = False) -> None:
        if fork:
            self.process: Any = _Forked()
            self.stdin, self.stdout = self.process.stdin, self.process.stdout
        else:
            root = str(Path(__file__).resolve().parent.parent)
            path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
            self.process = subprocess.Popen(
                [sys.executable, "-m", "indexer.rendering"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": path},
            )
            self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.pending = b""
        self.body: str | None = None  # the body being rendered
        self.deadline = time.monotonic() + STARTUP_SECONDS
        # Wait for the worker's first line: its start-up (~0.5 s) is not the first body's time.
        while self.alive and b"\n" not in self.pending:
            if not select.select([self.stdout], [], [], max(0.0, self.deadline - time.monotonic()))[0]:
                break
            self.pending += os.read(self.stdout.fileno(), 1 << 16) or b""
        if b"\n" not in self.pending:
            self.kill()
            raise RuntimeError("the Markdown rendering process did not start")
        self.pending = self.pending.split(b"\n", 1)[1]

    def send(self, body: str, seconds: float) -> bool:
        """Start rendering ``body``; False when the worker is gone."""
        self.body, self.deadline = body, time.monotonic() + seconds
        try:
            self.stdin.write(json.dumps(body).encode("utf-8", "surrogatepass") + b"\n")
            self.stdin.flush()
        except OSError:
            self.kill()
            return False
        return True

    def read(self) -> Rendered | None:
        """After ``select`` said so: the answer when it is complete, else None (keep waiting)."""
        chunk = os.read(self.stdout.fileno(), 1 << 20)
        if not chunk:
            return self.give_up()
        self.pending += chunk
        if b"\n" not in self.pending:
            return None
        line, self.pending = self.pending.split(b"\n", 1)
        answer, body = json.loads(line), self.body or ""
        self.body = None
        return Rendered(answer["html"], answer["text"]) if answer.get("ok") else fallback(body)

    def give_up(self) -> Rendered:
        """The fallback of the body being rendered; the worker is killed."""
        body, self.body = self.body or "", None
        self.kill()
        return fallback(body)

    def ask(self, body: str, seconds: float) -> Rendered:
        """``body`` rendered within ``seconds``, else its fallback (and the worker is killed)."""
        if not self.send(body, seconds):
            return fallback(body)
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.stdout], [], [], left)[0]:
                return self.give_up()
            done = self.read()
            if done is not None:
                return done

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stdin.close()
        self.stdout.close()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


class _Forked:
    """A forked child running ``serve``, with Popen's few methods that Worker uses."""

    def __init__(self) -> None:
        render("*warm*")  # import Markdown's extensions and nh3 before forking
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: answer until the parent closes the pipe, then leave
            os.close(from_parent)
            os.close(to_parent)
            try:
                serve(os.fdopen(to_child, "rb"), os.fdopen(from_child, "wb"))
            finally:
                os._exit(0)
        os.close(to_child)
        os.close(from_child)
        self.stdin = os.fdopen(from_parent, "wb")
        self.stdout = os.fdopen(to_parent, "rb", buffering=0)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = status
        return self.returncode

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> int:
        if self.returncode is None:
            self.returncode = os.waitpid(self.pid, 0)[1]
        return self.returncode


class Renderer:
    """Up to ``processes`` workers for the web app, started when first needed; one render each."""

    def __init__(self, processes: int = 1, seconds: float = RENDER_SECONDS) -> None:
        self.processes, self.seconds = max(1, processes), seconds
        self.idle: list[Worker] = []
        self.started = 0
        self.ready = threading.Condition()

    def render(self, body: str) -> Rendered:
        """The body rendered within ``seconds``, else its escaped text."""
        worker = self._take()
        try:
            return worker.ask(body, self.seconds)
        finally:
            self._give_back(worker)

    def _take(self) -> Worker:
        with self.ready:
            while not self.idle and self.started >= self.processes:
                self.ready.wait()
            if self.idle:
                return self.idle.pop()
            self.started += 1
        try:
            return Worker()
        except BaseException:
            with self.ready:
                self.started -= 1
                self.ready.notify()
            raise

    def _give_back(self, worker: Worker) -> None:
        with self.ready:
            if worker.alive:
                self.idle.append(worker)
            else:
                self.started -= 1
            self.ready.notify()

    def close(self) -> None:
        with self.ready:
            for worker in self.idle:
                worker.kill()
            self.started -= len(self.idle)
            self.idle = []


def render_many(
    bodies: Iterable[str], processes: int = 1, seconds: float = RENDER_SECONDS, fork: bool | None = None
) -> Iterator[Rendered]:
    """Every body rendered, in order, by ``processes`` workers driven from this one thread.

    A worker that takes longer than ``seconds`` over one body is killed and replaced; that
    body gets its fallback. Workers are forked when this process has one thread (a build).
    """
    fork = threading.active_count() == 1 if fork is None else fork
    queue = iter(enumerate(bodies))
    done: dict[int, Rendered] = {}
    busy: dict[Worker, int] = {}
    workers = [Worker(fork) for _ in range(max(1, processes))]
    following, exhausted = 0, False
    try:
        while True:
            for index, worker in enumerate(workers):  # give every idle worker a body
                if worker in busy or exhausted:
                    continue
                item = next(queue, None)
                if item is None:
                    exhausted = True
                    break
                if not worker.alive:
                    worker = workers[index] = Worker(fork)
                if worker.send(item[1], seconds):
                    busy[worker] = item[0]
                else:
                    done[item[0]] = fallback(item[1])
            while following in done:
                yield done.pop(following)
                following += 1
            if not busy:
                if exhausted:
                    return
                continue
            left = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
            readable = select.select([worker.stdout for worker in busy], [], [], left)[0]
            for worker in list(busy):
                if worker.stdout in readable:
                    answer = worker.read()
                elif time.monotonic() >= worker.deadline:
                    answer = worker.give_up()
                else:
                    continue
                if answer is not None:
                    done[busy.pop(worker)] = answer
    finally:
        for worker in workers:
            worker.kill()


def serve(source: IO[bytes], answers: IO[bytes]) -> None:
    """The worker's loop: a JSON string per line in, a JSON object per line out."""
    limit_memory()
    answers.write(b'{"ready": true}\n')
    answers.flush()
    for line in source:
        try:
            done = render(json.loads(line))
            answer: dict[str, Any] = {"ok": True, "html": done.html, "text": done.text}
        except (MemoryError, RecursionError, ValueError):
            answer = {"ok": False}
        answers.write(json.dumps(answer).encode("utf-8", "surrogatepass") + b"\n")
        answers.flush()


def limit_memory() -> None:
    """At most MEMORY_LIMIT more bytes of address space than this process has now."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            now = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        now = 0
    resource.setrlimit(resource.RLIMIT_AS, (now + MEMORY_LIMIT, now + MEMORY_LIMIT))


if __name__ == "__main__":
    answers = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the answers
    serve(sys.stdin.buffer, answers)
