"""Review packs: /export.docx and /export.xlsx open with python-docx and openpyxl, hold every
selected practice, speak the interface language and are named after the search."""

from __future__ import annotations

import io
import re

import docx
import openpyxl
import pytest

from indexer import vocabulary
from tests.support import bruteforce


def selected(test_practices, filters):
    return bruteforce.matching(test_practices, filters)


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("region=002&lang=fr", {"region": ["002"]}),
        ("objective=21&objective=5", {"objective": ["21", "5"]}),
        ("commission=ECLAC&lang=es", {"commission": ["ECLAC"]}),
        ("", {}),
    ],
)
def test_the_word_pack_holds_every_selected_practice(client, test_practices, query, filters):
    response = client.get(f"/export.docx?{query}")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    want = selected(test_practices, filters)
    for practice in want:
        assert practice.title in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len([h for h in headings if re.match(r"\d+\. ", h)]) == len(want)
    # The coverage table of the selection: 23 objectives, counts among the selected practices.
    table = document.tables[0]
    assert len(table.rows) == 24
    totals = [int(row.cells[-1].text) for row in table.rows[1:]]
    assert totals == [
        sum(1 for p in want if n in bruteforce.values(p, "objective")) for n in vocabulary.objectives().codes
    ]


def test_the_word_pack_speaks_the_interface_language_and_says_what_the_search_was(client):
    response = client.get("/export.docx?region=002&lang=fr")
    name = re.search(r'filename="([^"]+)"', response.headers["Content-Disposition"]).group(1)
    assert name.startswith("gcm-practices-region-002-") and name.endswith(".docx")
    document = docx.Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Recherche : Région : Afrique" in text
    assert "Sommaire" in text and "Citer cette pratique" in text


def test_the_spreadsheet_has_readable_columns_and_every_practice(client, test_practices):
    response = client.get("/export.xlsx?type=service&lang=es")
    assert response.status_code == 200
    name = re.search(r'filename="([^"]+)"', response.headers["Content-Disposition"]).group(1)
    assert name.startswith("gcm-practices-type-service-") and name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "Título" and "Países" in header and "Objetivos del PMM" in header
    want = selected(test_practices, {"type": ["service"]})
    assert sorted(r[0] for r in rows[1:]) == sorted(p.title for p in want)
    assert "Comisión regional de las Naciones Unidas" in header and "Mesa redonda del FEMI" in header
    countries = header.index("Países")
    by_title = {p.title: p for p in want}
    for row in rows[1:]:
        practice = by_title[row[0]]
        assert row[countries] == "; ".join(vocabulary.countries().label(c, "es") for c in practice.countries)


def test_the_csv_keeps_codes_and_is_named_after_the_search(client):
    response = client.get("/export.csv?objective=20&q=remittances")
    name = re.search(r'filename="([^"]+)"', response.headers["Content-Disposition"]).group(1)
    assert name.startswith("gcm-practices-remittances-objective-20-") and name.endswith(".csv")
    body = response.get_data(as_text=True)
    assert "\r\n" in body and ";" not in body.splitlines()[0]


@pytest.mark.parametrize("path", ["/export.docx?type=law", "/export.xlsx?region=999", "/export.docx?from=19"])
def test_bad_parameters_get_a_clear_error(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert b"law" in response.data or b"999" in response.data or b"19" in response.data


def test_the_search_page_links_to_the_packs_in_its_language(get):
    _, page = get("/search?region=019&lang=es")
    links = {a.get_text(): a["href"] for a in page.select(".data-links a")}
    assert links["Dosier de examen (Word)"].startswith("/export.docx?region=019")
    assert "lang=es" in links["Hoja de cálculo (Excel)"]
