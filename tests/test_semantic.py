"""Multilingual embeddings: the chosen model's alignment, the index-time vectors and their cache."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from indexer import semantic, vocabulary
from indexer.search.whoosh_engine import WhooshBackend
from indexer.semantic import vectors as semantic_vectors
from indexer.semantic.vectors import embed, practice_text
from tests.support.encoder import FakeEncoder, vector

LANGUAGES = ("en", "fr", "es")


@pytest.fixture(scope="module")
def model():
    return semantic.load()


def test_the_model_aligns_the_gcm_objective_titles_across_languages(model):
    """For at least 90% of the 69 titles, the nearest title in each other language is its translation."""
    objectives = vocabulary.objectives()
    titles = {lang: [term.title[lang] for term in objectives] for lang in LANGUAGES}
    vectors = {lang: model.encode(titles[lang]) for lang in LANGUAGES}
    aligned = 0
    for lang in LANGUAGES:
        for i in range(len(objectives)):
            aligned += all(
                int(np.argmax(vectors[other] @ vectors[lang][i])) == i for other in LANGUAGES if other != lang
            )
    assert len(objectives) * 3 == 69
    assert aligned / 69 >= 0.9, f"{aligned} of 69 titles find both their translations"


def test_the_model_returns_unit_vectors_and_names_its_version(model):
    found = model.encode(["Envois de fonds", "Remesas", ""])
    assert found.shape == (3, 512) and found.dtype == np.float32
    assert np.allclose(np.linalg.norm(found, axis=1), 1, atol=1e-4)
    assert model.model == semantic.model_name() and model.model.endswith("0.2.1")


def test_only_new_or_changed_practices_are_embedded(test_practices):
    encoder = FakeEncoder()
    first, computed = embed(test_practices, encoder.model, lambda: encoder, None)
    assert computed == len(test_practices) == encoder.encoded
    changed = [dataclasses.replace(test_practices[0], summary="A new summary about remittances.")]
    second, computed = embed(changed + test_practices[1:], encoder.model, lambda: encoder, first)
    assert computed == 1 and encoder.encoded == len(test_practices) + 1
    for row, practice in enumerate(sorted(changed + test_practices[1:], key=lambda p: p.id)):
        assert second.ids[row] == practice.id
        assert np.allclose(second.matrix[row], vector(practice_text(practice)))


def test_nothing_is_embedded_and_the_model_not_loaded_when_nothing_changed(test_practices):
    encoder = FakeEncoder()
    first, _ = embed(test_practices, encoder.model, lambda: encoder, None)

    def must_not_load():
        raise AssertionError("the model was loaded for nothing")

    again, computed = embed(test_practices, encoder.model, must_not_load, first)
    assert computed == 0 and again.checksum() == first.checksum()


def test_another_model_embeds_everything_again(test_practices):
    first, _ = embed(test_practices, "fake-concepts/1", FakeEncoder, None)
    other = FakeEncoder("fake-concepts/2")
    second, computed = embed(test_practices, other.model, lambda: other, first)
    assert computed == len(test_practices) and second.model == "fake-concepts/2"


def test_neighbours_are_the_closest_practices_in_other_languages_not_translations(test_practices):
    found, _ = embed(test_practices, FakeEncoder.model, FakeEncoder, None)
    by_id = {p.id: p for p in test_practices}
    for practice in test_practices:
        me = vector(practice_text(practice))
        group = practice.translation_of or practice.id
        others = [
            p
            for p in test_practices
            if p.language != practice.language and (p.translation_of or p.id) != group
        ]
        scored = sorted(others, key=lambda p: (-float(vector(practice_text(p)) @ me), p.id))
        expected = [p.id for p in scored[: semantic_vectors.NEIGHBOURS]]
        expected = [pid for pid in expected if float(vector(practice_text(by_id[pid])) @ me) >= 0.35]
        assert found.neighbours[practice.id] == expected


def test_a_whoosh_generation_keeps_its_vectors_with_their_checksum(tmp_path, test_practices):
    vectors, _ = embed(test_practices, FakeEncoder.model, FakeEncoder, None)
    backend = WhooshBackend(tmp_path / "index")
    backend.build(test_practices, vectors=vectors)
    current = backend.store.current()
    meta = json.loads((current / "meta.json").read_text())
    assert meta["vectors"] == {"model": FakeEncoder.model, "checksum": vectors.checksum()}
    assert {"vectors.npy", "vectors.json"} <= set(meta["files"])
    assert backend.vectors().checksum() == vectors.checksum()
    snapshot = backend.snapshot()
    for row, pid in enumerate(snapshot.ids):
        assert np.array_equal(snapshot.meaning[row], vectors.matrix[vectors.ids.index(pid)])


def test_new_vectors_alone_publish_a_new_generation(tmp_path, test_practices):
    backend = WhooshBackend(tmp_path / "index")
    first = backend.build(test_practices)
    assert backend.vectors() is None
    vectors, _ = embed(test_practices, FakeEncoder.model, FakeEncoder, None)
    second = backend.build(test_practices, vectors=vectors)
    assert second.generation != first.generation and backend.vectors().checksum() == vectors.checksum()
    third = backend.build(test_practices, vectors=vectors)
    assert third.generation == second.generation


def test_damaged_vectors_switch_meaning_off_and_words_keep_working(tmp_path, test_practices):
    from indexer.search import Query

    vectors, _ = embed(test_practices, FakeEncoder.model, FakeEncoder, None)
    backend = WhooshBackend(tmp_path / "index")
    backend.build(test_practices, vectors=vectors)
    path = backend.store.current() / "vectors.npy"
    raw = bytearray(path.read_bytes())
    raw[-8:] = b"\x7f" * 8
    path.write_bytes(bytes(raw))
    assert backend.vectors() is None
    fresh = WhooshBackend(tmp_path / "index")
    assert fresh.snapshot().meaning is None and "damaged" in fresh.snapshot().vectors_problem
    assert fresh.search(Query(text="remittances")).total >= 1


def test_hub_index_embeds_only_new_or_changed_practices(tmp_path, monkeypatch, model):
    import shutil

    from click.testing import CliRunner

    from hub.cli import main
    from tests.conftest import DATA

    monkeypatch.setenv("HUB_SEMANTIC", "on")
    folder = tmp_path / "practices"
    shutil.copytree(DATA, folder)
    arguments = ["index", "--practices", str(folder), "--index", str(tmp_path / "ix")]
    first = CliRunner().invoke(main, arguments)
    assert first.exit_code == 0 and "embedded 12 new or changed practice(s)" in first.stderr
    path = folder / "remittance-fees-portal.md"
    path.write_text(path.read_text().replace("summary: ", "summary: Updated. ", 1))
    second = CliRunner().invoke(main, arguments)
    assert second.exit_code == 0 and "embedded 1 new or changed practice(s)" in second.stderr
    third = CliRunner().invoke(main, arguments)
    assert third.exit_code == 0 and "embedded" not in third.stderr and "0 updated" in third.stdout
    vectors = WhooshBackend(tmp_path / "ix").vectors()
    assert vectors.model == model.model and len(vectors.ids) == 12
