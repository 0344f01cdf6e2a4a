"""A build that publishes in the middle of a request, to show what a response reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from indexer.model import Practice

READS = {"search", "scan", "get", "more_like_this", "get_with_related", "suggest"}


class PublishesMidway:
    """A search backend that publishes ``later`` as soon as its first read has returned (for a
    scan: once its first row has been read), as a ``hub index`` running beside the request would.
    """

    def __init__(self, backend: Any, later: list[Practice]) -> None:
        self.backend, self.later, self.published = backend, later, False

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.backend, name)
        if name not in READS:
            return attribute

        def read(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*args, **kwargs)
            if name == "scan":
                return self.publish_after_first(result)
            self.publish()
            return result

        return read

    def publish_after_first(self, rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for number, row in enumerate(rows):
            yield row
            if number == 0:
                self.publish()

    def publish(self) -> None:
        if not self.published:
            self.published = True
            self.backend.build(self.later, full=True)
