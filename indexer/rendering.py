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
import gc
import html
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

MAX_RENDERED = 100_000  # characters; the longest practice body is 3,229, 200,000 render in 0.4 s
# Per body. A build counts the worker's CPU seconds (a busy machine does not make a body
# overdue, so what is indexed does not depend on the load), or WALL_FACTOR times as long in
# time (a worker stuck without computing); the preview, where someone waits, counts time.
RENDER_SECONDS = 1.0
WALL_FACTOR = 10
POLL_SECONDS = 0.05  # how often a waiting parent looks at its workers' CPU time
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
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
        self.inflight: deque[tuple[int, str]] = deque()  # sent, not yet answered, in order
        self.seconds, self.wall_factor = RENDER_SECONDS, float(WALL_FACTOR)

    def send(self, items: list[tuple[int, str]], seconds: float, wall_factor: float = WALL_FACTOR) -> bool:
        """Start rendering a batch of (index, body); False when the worker is gone.

        The worker reads the whole batch before it answers, then answers body by body, so
        neither side can block the other on a full pipe; each body has ``seconds`` from the
        answer before it.
        """
        self.inflight, self.seconds, self.wall_factor = deque(items), seconds, wall_factor
        self._start_body()
        try:
            self.stdin.write(json.dumps([body for _, body in items]).encode("utf-8", "surrogatepass") + b"\n")
            self.stdin.flush()
        except OSError:
            self.kill()
            return False
        return True

    def read(self) -> list[tuple[int, Rendered]] | None:
        """After ``select`` said so: the answers complete so far; None when the worker died."""
        chunk = os.read(self.stdout.fileno(), 1 << 20)
        if not chunk:
            return None
        self.pending += chunk
        found = []
        while b"\n" in self.pending and self.inflight:
            line, self.pending = self.pending.split(b"\n", 1)
            answer = json.loads(line)
            index, body = self.inflight.popleft()
            found.append(
                (index, Rendered(answer["html"], answer["text"]) if answer.get("ok") else fallback(body))
            )
            self._start_body()
        return found

    def _start_body(self) -> None:
        self.cpu_mark = self.cpu()
        self.deadline = time.monotonic() + self.seconds * self.wall_factor

    def cpu(self) -> float:
        """Seconds of CPU the worker has used (0 when it cannot be read)."""
        try:
            with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except (OSError, IndexError, ValueError):
            return 0.0

    def overdue(self) -> bool:
        """The current body used more than ``seconds`` of CPU, or ``wall_factor`` times as long in time."""
        return time.monotonic() >= self.deadline or self.cpu() - self.cpu_mark > self.seconds

    def give_up(self) -> tuple[tuple[int, Rendered] | None, list[tuple[int, str]]]:
        """Kill the worker: the fallback of the body it was on, and the bodies it never began."""
        self.kill()
        if not self.inflight:
            return None, []
        index, body = self.inflight.popleft()
        rest, self.inflight = list(self.inflight), deque()
        return (index, fallback(body)), rest

    def ask(self, body: str, seconds: float) -> Rendered:
        """``body`` rendered within ``seconds``, else its fallback (and the worker is killed)."""
        if not self.send([(0, body)], seconds, wall_factor=1):  # someone is waiting: time, not CPU
            return fallback(body)
        while True:
            readable = select.select([self.stdout], [], [], POLL_SECONDS)[0]
            done = self.read() if readable else ([] if not self.overdue() else None)
            if done is None:  # out of time, or the worker died
                self.give_up()
                return fallback(body)
            if done:
                return done[0][1]

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
            gc.freeze()  # the parent's objects (a whole collection) are not the collector's work here
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

    Each worker gets a batch of bodies at a time (a round trip per body costs more than a
    small body on a busy machine). A worker that takes longer than ``seconds`` over one body
    is killed and replaced; that body gets its fallback, the rest of its batch goes to the
    next worker. Workers are forked when this process has one thread (a build).
    """
    fork = threading.active_count() == 1 if fork is None else fork
    source = iter(enumerate(bodies))
    waiting: deque[tuple[int, str]] = deque()
    done: dict[int, Rendered] = {}
    workers = [Worker(fork) for _ in range(max(1, processes))]
    following = 0
    try:
        while True:
            for number, worker in enumerate(workers):  # give every idle worker a batch
                if worker.inflight:
                    continue
                batch = _batch(waiting, source)
                if not batch:
                    break
                if not worker.alive:
                    worker = workers[number] = Worker(fork)
                if not worker.send(batch, seconds):
                    done.update((index, fallback(body)) for index, body in batch)
            while following in done:
                yield done.pop(following)
                following += 1
            busy = [worker for worker in workers if worker.inflight]
            if not busy:
                if not waiting and following not in done:
                    return
                continue
            readable = select.select([worker.stdout for worker in busy], [], [], POLL_SECONDS)[0]
            for worker in busy:
                answers = worker.read() if worker.stdout in readable else []
                if answers is None or (not answers and worker.overdue()):
                    given_up, rest = worker.give_up()
                    if given_up is not None:
                        done[given_up[0]] = given_up[1]
                    waiting.extendleft(reversed(rest))
                    continue
                done.update(answers)
    finally:
        for worker in workers:
            worker.kill()


BATCH_BODIES = 16
BATCH_CHARACTERS = 400_000


def _batch(waiting: deque[tuple[int, str]], source: Iterator[tuple[int, str]]) -> list[tuple[int, str]]:
    """The next few bodies: those handed back by a killed worker first, then new ones."""
    batch: list[tuple[int, str]] = []
    size = 0
    while len(batch) < BATCH_BODIES and size < BATCH_CHARACTERS:
        item = waiting.popleft() if waiting else next(source, None)
        if item is None:
            break
        batch.append(item)
        size += len(item[1])
    return batch


def serve(source: IO[bytes], answers: IO[bytes]) -> None:
    """The worker's loop: a JSON list of bodies per line in, a JSON object per body out."""
    limit_memory()
    answers.write(b'{"ready": true}\n')
    answers.flush()
    for line in source:
        for body in json.loads(line):  # a batch: every body read before the first answer
            try:
                done = render(body)
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
