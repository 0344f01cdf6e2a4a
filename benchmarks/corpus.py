"""A deterministic synthetic corpus of practices, shaped like the real ones.

``generate(n, seed)`` returns ``n`` valid Practice objects: about 60% English, 20% French
and 20% Spanish; titles of 6-12 words, summaries of 40-90 words (under 600 characters),
bodies of 300-700 words under the five recommended headings of their language, written
from the word lists in ``benchmarks.words`` with Zipf-like frequencies plus a few topic
words per practice (so a word is frequent in some practices and absent from most).
Facets follow the skew of the real collection: objectives 5, 6, 7, 16 and 23 dominate,
a few countries are frequent and most are rare, about 2% of practices are global.

``write_files(practices, folder)`` writes them as practice files that ``hub check`` reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from pathlib import Path

import yaml

from benchmarks.words import CONTENT, FUNCTION, ORGANISATIONS, SECTIONS
from indexer import vocabulary
from indexer.model import Practice, fields
from indexer.validate import derive_regions, suggest_id

LANGUAGES = {"en": 0.6, "fr": 0.2, "es": 0.2}
OBJECTIVE_WEIGHTS = dict.fromkeys(range(1, 24), 1.0) | {
    5: 6.0,
    6: 5.0,
    7: 5.0,
    16: 4.0,
    23: 5.0,
    2: 2.5,
    10: 2.0,
    21: 2.0,
}
PRINCIPLE_WEIGHTS = {
    "people-centred": 5,
    "human-rights": 5,
    "international-cooperation": 4,
    "whole-of-government": 3,
    "whole-of-society": 3,
    "gender-responsive": 3,
    "sustainable-development": 2,
    "child-sensitive": 2,
    "rule-of-law": 1,
    "national-sovereignty": 1,
}
TYPE_WEIGHTS = {
    "programme-project": 35,
    "policy-law": 20,
    "institutional-mechanism": 10,
    "service": 12,
    "tool-guidance": 8,
    "data-system": 5,
    "partnership-agreement": 10,
}
FIRST_SUBMITTED = dt.date(2019, 1, 1)
LAST_SUBMITTED = dt.date(2026, 11, 28)
ZIPF = 1.07  # exponent of the rank-frequency law of content words
FUNCTION_SHARE = 0.42  # share of small words in running text
TOPIC_SHARE = 0.22  # share of content words drawn from the practice's own topic words
EMPHASIS = 0.012  # share of content words in the body set in *emphasis*


def _cumulative(weights: list[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _zipf(count: int, exponent: float) -> list[float]:
    return _cumulative([1.0 / (rank + 2.7) ** exponent for rank in range(count)])


class Writer:
    """Draws words, sentences and sections in one language."""

    def __init__(self, language: str, rng: random.Random) -> None:
        self.rng = rng
        self.language = language
        self.content = CONTENT[language]
        self.function = FUNCTION[language]
        self.content_cw = _zipf(len(self.content), ZIPF)
        self.function_cw = _zipf(len(self.function), 1.0)
        self.topic_cw = _zipf(len(self.content), 0.5)  # flatter: rare words become topics too
        self.topics: list[str] = []
        self.places: list[str] = []

    def start(self, places: list[str]) -> None:
        """Begin a new practice: pick its topic words and the places it names."""
        self.topics = self.rng.choices(self.content, cum_weights=self.topic_cw, k=8)
        self.places = places

    def words(self, count: int, emphasis: float = 0.0) -> list[str]:
        rng = self.rng
        kinds = rng.random
        plain = rng.choices(self.content, cum_weights=self.content_cw, k=count)
        small = rng.choices(self.function, cum_weights=self.function_cw, k=count)
        out = []
        for i in range(count):
            roll = kinds()
            if roll < FUNCTION_SHARE:
                out.append(small[i])
                continue
            if roll < FUNCTION_SHARE + 0.012 and self.places:
                out.append(rng.choice(self.places))
                continue
            if roll < FUNCTION_SHARE + 0.02:
                out.append(
                    str(
                        rng.choice(
                            [
                                rng.randint(1990, 2026),
                                rng.randint(2, 900),
                                f"{rng.randint(1, 95)},{rng.randint(0, 999):03d}",
                            ]
                        )
                    )
                )
                continue
            word = rng.choice(self.topics) if kinds() < TOPIC_SHARE else plain[i]
            out.append(f"*{word}*" if emphasis and kinds() < emphasis else word)
        return out

    def sentence(self, count: int, emphasis: float = 0.0) -> str:
        words = self.words(count, emphasis)
        first = words[0]
        words[0] = first[:1].upper() + first[1:] if not first.startswith("*") else first
        return " ".join(words) + "."

    def paragraph(self, count: int) -> tuple[str, int]:
        sentences, used = [], 0
        while used < count:
            length = min(self.rng.randint(8, 26), max(4, count - used))
            sentences.append(self.sentence(length, EMPHASIS))
            used += length
        return " ".join(sentences), used

    def section(self, heading: str, count: int, bullets: bool) -> str:
        parts, used = [f"## {heading}", ""], 0
        if bullets:
            for _ in range(self.rng.randint(3, 5)):
                length = self.rng.randint(6, 14)
                parts.append("- " + " ".join(self.words(length, EMPHASIS)))
                used += length
            parts.append("")
        while used < count:
            text, words = self.paragraph(min(self.rng.randint(40, 110), max(20, count - used)))
            parts += [text, ""]
            used += words
        return "\n".join(parts)

    def body(self) -> str:
        total = self.rng.randint(300, 700)
        shares = [self.rng.uniform(0.7, 1.3) * s for s in (0.2, 0.3, 0.2, 0.15, 0.15)]
        scale = total / sum(shares)
        sections = [
            self.section(
                heading, max(25, round(share * scale)), bullets=(i == 1 and self.rng.random() < 0.35)
            )
            for i, (heading, share) in enumerate(zip(SECTIONS[self.language], shares, strict=True))
        ]
        return "\n".join(sections)

    def title(self) -> str:
        count = self.rng.randint(6, 12)
        words, previous_small = [], True
        for i in range(count):
            if 0 < i < count - 1 and not previous_small and self.rng.random() < 0.3:
                words.append(self.rng.choice(self.function[:12]))
                previous_small = True
                continue
            pool = self.topics if self.rng.random() < 0.5 else None
            word = (
                self.rng.choice(pool)
                if pool
                else self.rng.choices(self.content, cum_weights=self.content_cw)[0]
            )
            words.append(word)
            previous_small = False
        if self.places and self.rng.random() < 0.3:
            words[-1] = self.rng.choice(self.places)
        return words[0][:1].upper() + words[0][1:] + " " + " ".join(words[1:])

    def summary(self) -> str:
        count = self.rng.randint(40, 90)
        words = self.words(count)
        while len(" ".join(words)) + 1 > 590:
            words.pop()
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words) + "."


class Facets:
    """Draws the controlled values of a practice with realistic skews."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        codes = [c for c in vocabulary.countries().codes if vocabulary.region_of_country(c)[0]]
        rng.shuffle(codes)  # which countries are popular is part of the seed
        self.countries = codes
        self.countries_cw = _cumulative([1.0 / (rank + 3) ** 0.8 for rank in range(len(codes))])
        self.objectives, self.objectives_cw = _table(OBJECTIVE_WEIGHTS)
        self.principles, self.principles_cw = _table(PRINCIPLE_WEIGHTS)
        self.types, self.types_cw = _table(TYPE_WEIGHTS)

    def pick(self, items: list, cw: list[float], count: int) -> list:
        chosen: list = []
        while len(chosen) < count:
            item = self.rng.choices(items, cum_weights=cw)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def geography(self) -> tuple[list[str], str]:
        roll = self.rng.random()
        if roll < 0.02:
            return [], "global"
        if roll < 0.82:
            scope = self.rng.choices(["national", "local", "regional"], [70, 25, 5])[0]
            return self.pick(self.countries, self.countries_cw, 1), scope
        count = self.rng.choices(range(2, 9), [30, 20, 15, 10, 8, 6, 5])[0]
        scope = self.rng.choices(["regional", "global"], [85, 15])[0]
        return self.pick(self.countries, self.countries_cw, count), scope

    def objectives_pair(self) -> tuple[list[int], list[int]]:
        primary = self.pick(self.objectives, self.objectives_cw, self.rng.choices([1, 2, 3], [55, 30, 15])[0])
        secondary: list[int] = []
        for _ in range(self.rng.choices([0, 1, 2], [45, 35, 20])[0]):
            extra = self.rng.choices(self.objectives, cum_weights=self.objectives_cw)[0]
            if extra not in primary and extra not in secondary:
                secondary.append(extra)
        return primary, secondary


def _table(weights: dict) -> tuple[list, list[float]]:
    return list(weights), _cumulative(list(weights.values()))


def generate(n: int, seed: int = 0) -> list[Practice]:
    """``n`` valid practices, the same ones for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    facets = Facets(rng)
    writers = {lang: Writer(lang, rng) for lang in LANGUAGES}
    languages = rng.choices(list(LANGUAGES), list(LANGUAGES.values()), k=n)
    return [_practice(i, writers[languages[i]], facets, rng) for i in range(n)]


def _practice(number: int, writer: Writer, facets: Facets, rng: random.Random) -> Practice:
    language = writer.language
    countries, scope = facets.geography()
    names = [vocabulary.countries().get(c).text(language) for c in countries]
    writer.start([name for name in names if " " not in name])
    title = writer.title()
    primary, secondary = facets.objectives_pair()
    start = min(2026, 1995 + int(31 * rng.random() ** 0.6))
    ongoing = rng.random() < 0.45 or start == 2026
    subregions, regions = derive_regions(countries)
    submitter = names[0] if names and rng.random() < 0.7 else rng.choice(ORGANISATIONS)
    compiled = number % 2 == 0  # from the number, not the generator: the corpus stays as it was
    submitted = FIRST_SUBMITTED + dt.timedelta(days=rng.randint(0, (LAST_SUBMITTED - FIRST_SUBMITTED).days))
    return Practice(
        id=f"{language}-{suggest_id(' '.join(title.split()[:5]))[:50].strip('-')}-{number:05d}",
        title=title,
        summary=writer.summary(),
        countries=countries,
        scope=scope,
        objectives=primary,
        secondary_objectives=secondary,
        principles=facets.pick(
            facets.principles, facets.principles_cw, rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0]
        ),
        type=facets.pick(facets.types, facets.types_cw, 1)[0],
        start_year=start,
        end_year=None if ongoing else min(2026, start + rng.randint(0, 8)),
        ongoing=ongoing,
        language=language,
        implemented_by=submitter,
        submitted_by="GCM Practice Hub editors" if compiled else f"{submitter}, GCM focal point",
        provenance="compiled" if compiled else "submitted",
        submitted=submitted,
        evaluation={"url": f"https://www.example.org/evaluations/{number}", "finding": "Targets were met."}
        if number % 10 == 0
        else None,
        partners=rng.sample(ORGANISATIONS, rng.choices([0, 1, 2, 3], [30, 30, 25, 15])[0]),
        sdg_targets=rng.sample(["10.7", "10.c", "8.8", "8.7", "5.2", "16.9", "17.18"], rng.randint(0, 2)),
        sources=[f"https://www.example.org/practices/{number}"] if rng.random() < 0.7 else [],
        tags=list(dict.fromkeys(rng.choices(writer.topics, k=rng.randint(0, 4)))),
        body=writer.body() + "\n",
        regions=regions,
        subregions=subregions,
    )


# Writing files ------------------------------------------------------------------------------

FRONT_ORDER = tuple(fields())  # the model's own order


def front_matter(practice: Practice) -> dict:
    """The front-matter fields of a practice, as a submitter would write them."""
    data = dataclasses.asdict(practice)
    front = {}
    for key in FRONT_ORDER:
        value = data[key]
        if key == "countries" or (value not in (None, [], False)):
            front[key] = value
    return front


def practice_text(practice: Practice) -> str:
    """The file text of a practice: YAML front matter, then the Markdown body."""
    front = yaml.safe_dump(front_matter(practice), allow_unicode=True, sort_keys=False, width=100_000)
    return f"---\n{front}---\n{practice.body}"


def write_files(practices: list[Practice], folder: Path | str) -> list[Path]:
    """Write each practice to ``folder/<id>.md``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for practice in practices:
        path = folder / f"{practice.id}.md"
        path.write_text(practice_text(practice), encoding="utf-8")
        paths.append(path)
    return paths
