"""Submitting without git: the form, the preview, the download. Views stay thin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict

from hub import config, i18n, review_pages, submission
from hub.backend import backend
from hub.i18n import gettext as _
from hub.inbox import Inbox, InboxError
from indexer import vocabulary
from indexer.messages import render
from indexer.model import ID_PATTERN, fields
from indexer.search import Query
from indexer.source import MAX_BYTES
from indexer.validate import SUMMARY_LIMIT, TEXT_LIMIT

submit = Blueprint("submit", __name__, url_prefix="/submit")
submissions = Blueprint("submissions", __name__, url_prefix="/submissions")


def form_page(
    values: MultiDict,
    errors: dict[str, list[str]],
    status: int = 200,
    *,
    notice: str | None = None,
    preview: dict[str, Any] | None = None,
) -> tuple[str, int]:
    lang = i18n.current()
    labels = {name: spec.label.get(lang, name) for name, spec in fields().items()}
    people = [
        ("submitter_name", _("Your name")),
        ("submitter_organisation", _("Your organisation")),
        ("submitter_email", _("Your e-mail address (optional, for the reviewers only)")),
    ]
    labels.update(people)
    labels["body"] = _("Description")
    labels.update({submission.section_name(s.code): s.text(lang) for s in vocabulary.sections()})
    anchors = {name: name for name in labels}
    anchors.update(
        {
            spec.name: f"field-{spec.name}"
            for spec in fields().values()
            if submission.CONTROLS[spec.kind] in ("checkboxes", "multiselect")
        },
        body="field-body",
    )
    context = {
        "controls": submission.controls(lang, values),
        "sections": list(vocabulary.sections()),
        "values": values,
        "errors": errors,
        "labels": labels,
        "anchors": anchors,
        "submitter_fields": people,
        "today": dt.date.today().isoformat(),
        "limits": {"summary": SUMMARY_LIMIT, "text": TEXT_LIMIT, "year": dt.date.today().year + 1},
        "notice": notice,
        "form_help": form_help(),
        "preview": preview,
    }
    return render_template("submit.html", **context), status


def form_help() -> dict[str, str]:
    """The form's own help where the file format's help speaks of codes, ``true`` or ids."""
    return {
        "countries": _("Tick every country where the practice is carried out; none for a global practice."),
        "ongoing": _("Tick this box when the practice is still running."),
        "language": _("The language the practice is written in."),
        "submitted": _("The day you send it; change it only to record an earlier submission."),
        "translation_of": _(
            "Only if this text translates a practice already in the hub: the last part of that "
            "practice's web address, e.g. maroc-regularisation-exceptionnelle."
        ),
    }


@submit.get("")
def form() -> tuple[str, int]:
    values, asked = review_pages.asked_for(MultiDict(request.args), i18n.current())  # from a gap or a call
    return form_page(values, {}, notice=" ".join(asked) or None)


@submit.post("/switch")
def switch() -> tuple[str, int]:
    """The form again in the language chosen (``?lang=``), with everything typed kept, unchecked."""
    return form_page(typed(request.form), {})


def typed(form: MultiDict) -> MultiDict:
    """What the person typed, without the form's own buttons and token."""
    return MultiDict(
        [(k, v) for k, v in form.items(multi=True) if k not in ("csrf_token", "switch", "action")]
    )


def csrf_failed(error: CSRFError) -> Any:
    """An expired or missing form token: the form again with what was typed, a fresh token and
    one line saying what happened, instead of an error page that loses everything."""
    notice = _(
        "Your session expired, so nothing was sent yet. "
        "Everything you typed is below: check it and send again."
    )
    if request.endpoint in ("submit.send", "submit.switch"):
        return form_page(typed(request.form), {}, 400, notice=notice)
    if request.endpoint == "submit.preview":
        text = request.form.get("text", "")
        return render_template("preview.html", text=text, checked=None, practice=None, notice=notice), 400
    return render_template(
        "error.html", code=400, title=_("Something went wrong"), message=notice, hint=None
    ), 400


@submit.post("")
def send() -> tuple[str, int]:
    values = typed(request.form)
    details, errors = submission.submitter(values, i18n.current())
    practice_id, text = submission.build_file(values)
    checked = submission.check_text(practice_id, text, f"{practice_id}.md")
    checked = submission.check_against(checked, list(backend().scan(Query())))
    for name, messages in checked.by_field(i18n.current()).items():
        if name not in ("front matter", "body"):
            errors.setdefault(name, []).extend(messages)
    for section in vocabulary.sections():  # a form submission is held to `hub check --strict`
        if not values.get(submission.section_name(section.code), "").strip():
            errors[submission.section_name(section.code)] = [_("Please fill in this section.")]
    if request.form.get("action") == "preview":
        raw = text.encode("utf-8")
        view = (
            submission.practice_view(checked.practice)
            if checked.practice
            else submission.loose_view(raw, practice_id)
        )
        return form_page(values, errors, 200, preview=view)
    if errors:
        return form_page(values, errors, 400)
    private = {"contact": values.get("contact", ""), "email": details["submitter_email"]}
    keep = {k: v for k, v in private.items() if v and (k == "email" or values.get("contact_private"))}
    repo, local = config.inbox_path(current_app.config)
    try:
        inbox = Inbox.create(repo) if local else Inbox(repo)
        inbox.submit(
            practice_id, text, details["submitter_name"], details["submitter_organisation"], keep or None
        )
    except InboxError as error:
        return form_page(values, {"title": [render(error.args[0], i18n.current(), form=True)]}, 409)
    receipt, token = inbox.tracker().open(practice_id, i18n.current())
    link = url_for(
        "submissions.status", reference=receipt.reference, token=token, lang=i18n.current(), _external=True
    )
    context = {
        "practice_id": practice_id,
        "text": text,
        "receipt": receipt,
        "link": link,
        "days": current_app.config.get("REVIEW_DAYS") or "10",
    }
    return render_template("submitted.html", **context), 200


@submit.post("/download")
def download() -> Response:
    practice_id = request.form.get("id", "")
    text = request.form.get("text", "")
    if not ID_PATTERN.fullmatch(practice_id) or len(text.encode("utf-8")) > MAX_BYTES:
        abort(400)
    response = Response(text, mimetype="text/markdown; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{practice_id}.md"'
    return response


def _uploaded() -> tuple[bytes, str | None]:
    upload = request.files.get("file")
    if upload and upload.filename:
        with upload.stream:
            return upload.read(MAX_BYTES + 1), upload.filename
    return request.form.get("text", "").replace("\r\n", "\n").encode("utf-8"), None


@submit.route("/preview", methods=["GET", "POST"])
def preview() -> str:
    if request.method == "GET":
        return render_template("preview.html", text="", checked=None, practice=None)
    raw, filename = _uploaded()
    name = filename or "practice.md"
    stem = name.rsplit("/", 1)[-1].removesuffix(".md")
    practice_id = stem if ID_PATTERN.fullmatch(stem) else submission.suggested_id(stem)
    checked = submission.check_text(practice_id, raw, name)
    practice = (
        submission.practice_view(checked.practice)
        if checked.practice
        else submission.loose_view(raw, practice_id)
    )
    text = checked.text if len(raw) <= MAX_BYTES else ""
    return render_template("preview.html", text=text, checked=checked, practice=practice)


@submissions.get("/<reference>")
def status(reference: str) -> tuple[str, int, dict[str, str]]:
    """A submission's state, for whoever holds its private link; the same 404 for a wrong token."""
    repo, _local = config.inbox_path(current_app.config)
    receipt = None
    if repo.exists():
        try:
            receipt = Inbox(repo).tracker().find(reference, request.args.get("token", ""))
        except InboxError:
            receipt = None
    private = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex", "Cache-Control": "no-store"}
    if receipt is None:
        return render_template("submission_status.html", receipt=None), 404, private
    days = current_app.config.get("REVIEW_DAYS") or "10"
    return render_template("submission_status.html", receipt=receipt, days=days), 200, private
