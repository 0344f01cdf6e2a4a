"""The derived review facets where a practice is shown or exported: page, preview, API, CSV."""

from __future__ import annotations

import csv
import io

from tests.support import bruteforce


def test_the_practice_page_and_api_name_its_commissions_and_round_tables(get, client, test_practices):
    practice = next(p for p in test_practices if p.id == "maroc-regularisation-exceptionnelle")
    commissions = sorted(bruteforce.values(practice, "commission"))
    roundtables = sorted(bruteforce.values(practice, "roundtable"))
    data = client.get(f"/api/v1/practices/{practice.id}").get_json()
    assert sorted(data["commissions"]) == commissions and sorted(data["roundtables"]) == roundtables
    _, page = get(f"/practices/{practice.id}")
    links = [a["href"] for a in page.select(".fields a[href*='commission='], .fields a[href*='roundtable=']")]
    assert len(links) == len(commissions) + len(roundtables)


def test_the_csv_has_commission_and_round_table_codes(client, test_practices):
    text = client.get("/export.csv").get_data(as_text=True)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    for practice in test_practices:
        row = rows[practice.id]
        assert set(filter(None, row["commissions"].split("; "))) == bruteforce.values(practice, "commission")
        assert set(filter(None, row["roundtables"].split("; "))) == bruteforce.values(practice, "roundtable")


def test_the_preview_of_a_broken_file_still_renders(client):
    response = client.post("/submit/preview", data={"text": "---\ntitle: [\n---\nbody"})
    assert response.status_code < 500
