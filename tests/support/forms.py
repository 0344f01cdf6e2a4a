"""A submission form filled in as a focal point would, for the tests of the form and the inbox."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from hub import submission
from indexer import vocabulary

PERSON = [("submitter_name", "Awa Diop"), ("submitter_organisation", "Ministère de l'Intérieur")]


def filled(**changes):
    form = MultiDict(
        [
            ("title", "Guichet unique pour les travailleurs migrants"),
            ("summary", "Un guichet  unique\r\n informe."),
            ("countries", "SEN"),
            ("countries", "MLI"),
            ("scope", "regional"),
            ("objectives", "3"),
            ("objectives", "6"),
            ("principles", "people-centred"),
            ("type", "service"),
            ("start_year", "2019"),
            ("ongoing", "true"),
            ("language", "fr"),
            ("implemented_by", "République du Sénégal"),
            ("submitted_by", "Ministère de l'Intérieur, point focal du PMM"),
            ("provenance", "submitted"),
            ("submitted", "2026-11-29"),
            ("sources", "https://example.org/a\n\nhttps://example.org/b"),
            ("sdg_targets", "10.7, 8.8"),
            ("tags", "guichet\ninformation"),
        ]
    )
    for section in vocabulary.sections():
        form[submission.section_name(section.code)] = f"Texte de la section {section.code}."
    for key, value in changes.items():
        form.setlist(key, value if isinstance(value, list) else [value])
    return form


def form_data(**changes):
    data = filled(**changes)
    for key, value in PERSON:
        data[key] = value
    return data
