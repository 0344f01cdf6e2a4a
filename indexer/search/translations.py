"""A practice and its translations as one result: the reader's language first, the others as badges.

A practice names the practice it translates in ``translation_of``; the original and its
translations form one group. On a page of hits, the members of a group become one hit,
at the place of the group's best-ranked member, showing the version in the reader's
interface language when that version is among the hits, and the other versions as
language badges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.search.interface import Hit


@dataclass
class Grouped:
    """The hit shown, and every version of it on the page (language, hit), shown one first."""

    hit: Hit
    versions: list[Hit] = field(default_factory=list)

    @property
    def others(self) -> list[Hit]:
        return [v for v in self.versions if v.id != self.hit.id]


def root(hit: Hit) -> str:
    return hit.fields.get("translation_of") or hit.id


def one_per_translation(hits: list[Hit], lang: str) -> list[Grouped]:
    """The hits with each group of translations folded into one, in the order of their best member."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(root(hit), []).append(hit)
    result = []
    for members in groups.values():
        shown = next((h for h in members if h.fields.get("language") == lang), members[0])
        ordered = [shown, *[h for h in members if h is not shown]]
        result.append(Grouped(shown, ordered))
    return result
