"""Review packs: a search as a Word document (.docx) or a spreadsheet (.xlsx), for a report.

Labels are in the interface language, values as people read them (country and objective
names, not codes); the CSV export keeps its codes for data users. File names say what the
search was.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.datastructures import MultiDict

from hub import citation, params
from hub.i18n import gettext as _
from hub.pages import FACET_TITLES, label
from indexer import vocabulary
from indexer.model import fields
from indexer.search import SearchBackend
from indexer.search.documents import facet_values

MAX_NAME = 100
DOCX_MAX_PRACTICES = 500  # a longer selection is refused with a message: narrow the search
XLSX_MAX_ROWS = 20_000


def describe(found: params.SearchRequest, lang: str) -> str:
    """The search in words, in the interface language."""
    query = found.query
    parts = [_("words: “%(q)s”", q=query.text)] if query.text else []
    for facet, codes in query.filters.items():
        names = ", ".join(label(facet, code, lang) for code in codes)
        parts.append(_("%(name)s: %(value)s", name=_(FACET_TITLES[facet]), value=names))
    if query.year_from:
        parts.append(_("started in or after %(year)s", year=query.year_from))
    if query.year_to:
        parts.append(_("started in or before %(year)s", year=query.year_to))
    return "; ".join(parts) if parts else _("all practices")


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def file_name(found: params.SearchRequest, extension: str, today: dt.date | None = None) -> str:
    """e.g. gcm-practices-remittances-objective-20-region-002-2026-12-03.docx"""
    query = found.query
    parts = ["gcm-practices"]
    if query.text:
        parts.append(_slug(query.text)[:40])
    for facet, codes in query.filters.items():
        parts.append(f"{facet}-{'-'.join(_slug(c) for c in codes)}")
    if query.year_from:
        parts.append(f"from-{query.year_from}")
    if query.year_to:
        parts.append(f"to-{query.year_to}")
    stem = "-".join(p for p in parts if p)[:MAX_NAME].strip("-")
    return f"{stem}-{(today or dt.date.today()).isoformat()}.{extension}"


def _names(facet: str, codes: Iterable[Any], lang: str) -> str:
    return "; ".join(label(facet, str(code), lang) for code in codes)


def section(body: str, key: str) -> str:
    """The plain text of one body section (its heading in any interface language)."""
    term = vocabulary.sections().get(key)
    headings = {_fold(text) for text in term.label.values()} if term else set()
    lines, inside = [], False
    for line in body.splitlines():
        if line.startswith("#"):
            inside = _fold(line.lstrip("#").strip()) in headings
            continue
        if inside:
            lines.append(line)
    text = "\n".join(lines).strip()
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # links: keep their words
    return re.sub(r"[*_`]{1,3}", "", text)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower().strip()


def practices(backend: SearchBackend, found: params.SearchRequest) -> list[dict[str, Any]]:
    """The whole result set with bodies, in the search's order."""
    return [
        {**card, "body": (backend.get(card["id"]) or {}).get("body", "")}
        for card in backend.scan(found.query)
    ]


# Word ------------------------------------------------------------------------------------


def docx_pack(
    backend: SearchBackend, args: MultiDict, lang: str, url_of: Callable[[str], str]
) -> tuple[bytes, str]:
    """The review pack of a search as a .docx file, and its file name."""
    from docx import Document
    from docx.shared import Pt

    found = params.read(args, lang)
    items = practices(backend, found)
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = _("GCM Practice Hub: review pack")
    document.core_properties.language = lang
    _cover(document, found, lang, len(items))
    _add(document, _("Contents"), 1)
    for n, item in enumerate(items, 1):
        document.add_paragraph(f"{n}. {item['title']}")
    _coverage_table(document, items, lang)
    for n, item in enumerate(items, 1):
        _practice(document, n, item, lang, url_of(item["id"]))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), file_name(found, "docx")


# Style ids of python-docx's default template. Setting them directly avoids python-docx's
# look-up of a style by name, which scans every style each time (7 s for 100 practices).
STYLE_IDS = {0: "Title", 1: "Heading1", 2: "Heading2", "bullet": "ListBullet"}


def _add(document: Any, text: str, style: int | str | None = None) -> Any:
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = STYLE_IDS[style]
    return paragraph


def _cover(document: Any, found: params.SearchRequest, lang: str, count: int) -> None:
    _add(document, _("GCM Practice Hub: review pack"), 0)
    document.add_paragraph(_("Search: %(what)s", what=describe(found, lang)))
    document.add_paragraph(_("Date: %(date)s", date=dt.date.today().isoformat()))
    document.add_paragraph(
        _("%(count)s practices. Texts: Creative Commons Attribution 4.0 (CC BY 4.0).", count=count)
    )
    document.add_page_break()


def _coverage_table(document: Any, items: list[dict[str, Any]], lang: str) -> None:
    """Objectives (rows) by region (columns) among the selected practices themselves."""
    regions = vocabulary.regions().codes
    _add(document, _("Coverage of this selection"), 1)
    table = document.add_table(rows=1, cols=len(regions) + 2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = _("GCM objective")
    for i, code in enumerate(regions, 1):
        header[i].text = label("region", code, lang)
    header[-1].text = _("All")
    having = [(set(facet_values("objective", item)), set(item["regions"])) for item in items]
    for objective in vocabulary.objectives().codes:
        cells = table.add_row().cells
        cells[0].text = label("objective", objective, lang)
        for i, region in enumerate(regions, 1):
            cells[i].text = str(sum(1 for objs, regs in having if objective in objs and region in regs))
        cells[-1].text = str(sum(1 for objs, _regs in having if objective in objs))
    document.add_page_break()


def _practice(document: Any, n: int, item: dict[str, Any], lang: str, url: str) -> None:
    _add(document, f"{n}. {item['title']}", 1)
    facts = [
        (_field("submitted_by", lang), item["submitted_by"]),
        (
            _field("countries", lang),
            _names("country", item["countries"], lang) or label("scope", "global", lang),
        ),
        (_field("objectives", lang), _names("objective", item["objectives"], lang)),
        (_field("type", lang), label("type", item["type"], lang)),
        (_field("start_year", lang), str(item["start_year"])),
    ]
    for name, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{name}: ").bold = True
        paragraph.add_run(value)
    _add(document, _field("summary", lang), 2)
    document.add_paragraph(item["summary"])
    results = section(item.get("body", ""), "results")
    if results:
        _add(document, vocabulary.sections().label("results", lang), 2)
        for block in re.split(r"\n\s*\n", results):
            document.add_paragraph(" ".join(block.split()))
    if item.get("sources"):
        _add(document, _field("sources", lang), 2)
        for source in item["sources"]:
            _add(document, source, "bullet")
    _add(document, _("Cite this practice"), 2)
    document.add_paragraph(citation.as_text(citation.citation(item, url)))


def _field(name: str, lang: str) -> str:
    return fields()[name].label.get(lang, name)


# Spreadsheet -------------------------------------------------------------------------------

XLSX_COLUMNS = (
    "title",
    "summary",
    "countries",
    "regions",
    "objectives",
    "secondary_objectives",
    "principles",
    "type",
    "scope",
    "language",
    "start_year",
    "end_year",
    "ongoing",
    "submitted_by",
    "partners",
    "sdg_targets",
    "submitted",
    "updated",
    "sources",
)
FACET_OF = {
    "countries": "country",
    "regions": "region",
    "objectives": "objective",
    "secondary_objectives": "objective",
    "principles": "principle",
    "type": "type",
    "scope": "scope",
    "language": "language",
}


def readable(name: str, value: Any, lang: str) -> Any:
    """A value as people read it: labels for codes, lists joined, yes or no."""
    if value is None:
        return ""
    if name in FACET_OF:
        values = value if isinstance(value, list) else [value]
        return _names(FACET_OF[name], values, lang)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def xlsx_pack(
    backend: SearchBackend, args: MultiDict, lang: str, url_of: Callable[[str], str]
) -> tuple[bytes, str]:
    """The search's practices as a spreadsheet, and its file name."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from hub.opendata import neutralise, review_codes

    found = params.read(args, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Practices")[:31]
    regions = {"regions": _("Regions")}
    derived = [_("UN regional commission"), _("IMRF round table")]
    header = [regions.get(name) or _field(name, lang) for name in XLSX_COLUMNS] + derived + [_("Address")]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for card in backend.scan(found.query, limit=XLSX_MAX_ROWS):
        codes = review_codes(card)
        row = [readable(name, card.get(name), lang) for name in XLSX_COLUMNS]
        row += [
            _names("commission", codes["commissions"], lang),
            _names("roundtable", codes["roundtables"], lang),
        ]
        row.append(url_of(card["id"]))
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    about = book.create_sheet(_("About")[:31])
    about.append([_("Search"), describe(found, lang)])
    about.append([_("Exported on"), dt.date.today().isoformat()])
    about.append([_("Licence"), "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), file_name(found, "xlsx")
