"""The web form's model: every field has a control; what the form writes passes hub check."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from hub import submission
from hub.inbox import Inbox, InboxError
from indexer.collection import load
from indexer.model import fields
from tests.support.forms import filled


def test_every_field_of_the_model_has_a_control():
    for spec in fields().values():
        assert spec.kind in submission.CONTROLS, f"{spec.name}: kind {spec.kind!r} has no form control"
    names = [c.name for c in submission.controls("fr")]
    assert names == [name for name, spec in fields().items() if spec.form]
    assert "review" not in names  # set by the hub: a submitter cannot mark an entry reviewed


def test_a_new_field_kind_without_a_control_fails(monkeypatch):
    from indexer.model import Field

    extra = Field("budget", "money", False, {"en": "Budget"}, {"en": "Money"})
    monkeypatch.setitem(fields(), "budget", extra)
    with pytest.raises(KeyError):
        submission.controls("en")


def test_controls_carry_vocabularies_labelled_in_the_interface_language():
    by_name = {c.name: c for c in submission.controls("es")}
    assert by_name["objectives"].control == "checkboxes"
    assert by_name["objectives"].options[4] == ("5", "5. Vías de migración regular")
    assert by_name["countries"].control == "multiselect"
    assert ("MAR", "Marruecos") in by_name["countries"].options
    assert by_name["principles"].options[0] == ("people-centred", "Centrada en las personas")
    assert by_name["summary"].control == "textarea" and by_name["ongoing"].control == "checkbox"


def test_the_form_writes_a_file_that_passes_strict_check(tmp_path):
    practice_id, text = submission.build_file(filled(), today=dt.date(2026, 11, 29))
    assert practice_id == "guichet-unique-pour-les-travailleurs-migrants"
    path = tmp_path / f"{practice_id}.md"
    path.write_text(text, encoding="utf-8")
    collection = load([path])
    assert collection.problems == []
    practice = collection.practices[0]
    assert practice.countries == ["SEN", "MLI"] and practice.objectives == [3, 6]
    assert practice.summary == "Un guichet unique informe."
    assert practice.sources == ["https://example.org/a", "https://example.org/b"]
    assert practice.sdg_targets == ["10.7", "8.8"] and practice.ongoing is True
    assert "## Ce qui a été fait\n\nTexte de la section what-was-done." in practice.body
    assert practice.implemented_by == "République du Sénégal" and practice.provenance == "submitted"
    assert practice.review == {"status": "submitted", "date": dt.date(2026, 11, 29)}


def test_evidence_is_typed_as_pipe_separated_parts(tmp_path):
    form = filled(
        results="16 000 | diplômés | 2021 | https://example.org/rapport\n2.5 | millions de dollars | 2020 | https://example.org/b",
        evaluation="https://example.org/evaluation | L’évaluation a constaté des emplois | durables",
        review="validated",  # not a control: ignored
    )
    practice_id, text = submission.build_file(form, today=dt.date(2026, 11, 29))
    path = tmp_path / f"{practice_id}.md"
    path.write_text(text, encoding="utf-8")
    collection = load([path])
    assert collection.problems == []
    practice = collection.practices[0]
    assert practice.results == [
        {"value": 16000, "unit": "diplômés", "year": 2021, "source": "https://example.org/rapport"},
        {"value": 2.5, "unit": "millions de dollars", "year": 2020, "source": "https://example.org/b"},
    ]
    assert practice.evaluation == {
        "url": "https://example.org/evaluation",
        "finding": "L’évaluation a constaté des emplois | durables",
    }
    assert practice.review["status"] == "submitted"


def test_a_private_contact_stays_out_of_the_file():
    _, public = submission.build_file(filled(contact="migration@gouv.sn"))
    assert "contact: migration@gouv.sn" in public
    _, private = submission.build_file(filled(contact="migration@gouv.sn", contact_private="true"))
    assert "migration@gouv.sn" not in private


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"objectives": ["24"]}, "objectives", "24 is not a GCM objective"),
        ({"start_year": "deux mille"}, "start_year", "is not a year"),
        ({"countries": ["XYZ"]}, "countries", "is not an ISO 3166-1 alpha-3 code"),
        ({"title": ""}, "title", "is required"),
        ({"submitted": "2026-02-30"}, "submitted", "is not a date"),
        ({"sources": "not a url"}, "sources", "is not a web address"),
        ({"ongoing": "", "end_year": "2010"}, "end_year", "is before the start year"),
        ({"results": "beaucoup | diplômés | 2021 | https://example.org"}, "results", "is not a number"),
        ({"results": "12 | diplômés"}, "results", "year is required"),
        ({"evaluation": "pas une adresse | trouvé"}, "evaluation", "is not a web address"),
        ({"provenance": "official"}, "provenance", "is not a known"),
    ],
)
def test_the_same_bad_inputs_as_hub_check_are_refused(changes, field, message):
    practice_id, text = submission.build_file(filled(**changes))
    checked = submission.check_text(practice_id, text, "x.md")
    assert checked.practice is None
    assert any(message in m for m in checked.by_field()[field])


def test_duplicate_titles_and_taken_ids_are_refused():
    practice_id, text = submission.build_file(filled())
    existing = [
        {"id": "other", "title": "Guichet unique pour les travailleurs migrants", "countries": ["SEN"]}
    ]
    checked = submission.check_against(submission.check_text(practice_id, text, "x.md"), existing)
    assert checked.practice is None and "already the title" in checked.by_field()["title"][0]
    taken = [{"id": practice_id, "title": "Autre", "countries": ["FRA"]}]
    checked = submission.check_against(submission.check_text(practice_id, text, "x.md"), taken)
    assert "exists already" in checked.by_field()["title"][0]


def test_submitter_name_and_organisation_are_required():
    _, problems = submission.submitter(MultiDict([("submitter_email", "nope")]))
    assert set(problems) == {"submitter_name", "submitter_organisation", "submitter_email"}


def test_inbox_commits_on_a_new_branch_without_touching_the_work_tree(submissions_repo):
    practice_id, text = submission.build_file(filled())
    inbox = Inbox(submissions_repo.path)
    done = inbox.submit(practice_id, text, "Awa Diop", "Ministère", {"email": "awa@gouv.sn"})
    assert done.created and done.branch == f"submission/{practice_id}"
    assert submissions_repo.git("status", "--porcelain") == ""
    assert submissions_repo.git("show", f"{done.branch}:practices/{practice_id}.md") == text
    log = submissions_repo.git("log", "-1", "--format=%an%n%B", done.branch)
    assert log.startswith("Awa Diop (Ministère)") and "Organisation: Ministère" in log
    assert "awa@gouv.sn" not in submissions_repo.git("log", "--all", "-p")
    assert inbox.private(practice_id) == {"email": "awa@gouv.sn"}


def test_a_double_click_is_one_submission_and_a_different_one_conflicts(submissions_repo):
    practice_id, text = submission.build_file(filled())
    inbox = Inbox(submissions_repo.path)
    first = inbox.submit(practice_id, text, "A", "B")
    again = inbox.submit(practice_id, text, "A", "B")
    assert first.created and not again.created and again.commit == first.commit
    with pytest.raises(InboxError, match="already waiting for review"):
        inbox.submit(practice_id, text.replace("Texte", "Autre texte"), "A", "B")
    assert submissions_repo.git("branch", "--list", "submission/*").count("submission/") == 1


def test_an_existing_practice_is_never_overwritten(submissions_repo):
    _, text = submission.build_file(filled())
    with pytest.raises(InboxError, match="exists already"):
        Inbox(submissions_repo.path).submit("remittance-fees-portal", text, "A", "B")


def test_not_a_repository_is_a_clear_error(tmp_path):
    with pytest.raises(InboxError, match="is not a git repository"):
        Inbox(tmp_path)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "title: A\nsubmitted: 2026-01-02\nreview: {status: submitted, date: 2026-01-02}\ntags: []\n",
            "title: A\nsubmitted: 2026-01-02\nreview: {status: validated, date: 2026-03-04}\ntags: []\n",
        ),
        (
            "title: A\nreview:\n  status: submitted\n  date: 2026-01-02\ntags: []\n",
            "title: A\nreview: {status: validated, date: 2026-03-04}\ntags: []\n",
        ),
        (
            "title: A\nsubmitted: 2026-01-02\ntags: []\n",
            "title: A\nsubmitted: 2026-01-02\nreview: {status: validated, date: 2026-03-04}\ntags: []\n",
        ),
    ],
)
def test_accepting_sets_the_review_line_and_touches_nothing_else(front, expected):
    from hub.inbox import with_review

    body = "\n## Context\n\nreview: not front matter\n"
    text = with_review(f"---\n{front}---\n{body}", "validated", dt.date(2026, 3, 4))
    assert text == f"---\n{expected}---\n{body}"


def test_accept_with_validated_records_the_implementers_validation(submissions_repo):
    from tests.practice_text import practice_text

    inbox = Inbox(submissions_repo.path)
    inbox.submit("validated-one", practice_text(title="Validated one"), "A", "B")
    inbox.accept("validated-one", "validated", today=dt.date(2026, 3, 4))
    text = (submissions_repo.path / "practices" / "validated-one.md").read_text(encoding="utf-8")
    practice = load([submissions_repo.path / "practices" / "validated-one.md"]).practices[0]
    assert practice.review == {"status": "validated", "date": dt.date(2026, 3, 4)}, text
    with pytest.raises(InboxError, match="not a review status"):
        inbox.accept("validated-one", "submitted")
