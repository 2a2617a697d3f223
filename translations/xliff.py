"""Exchange files for translation tools: XLIFF 2.0 out, XLIFF 2.0 back in.

An export holds the missing and outdated English of the chosen items, one unit per field.
An import checks every unit first and applies all of them or none.
"""

import re
from dataclasses import dataclass, field

import reversion
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree
from modeltranslation.translator import NotRegistered

from core.audit import Event, record
from core.rich_text import RichTextField, plain_text
from core.roles import may_translate
from translations import inline
from translations.models import Status
from translations.status import FieldState, item_states, tracked_fields

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
SOURCE_LANGUAGE, TARGET_LANGUAGE = "ru", "en"
MAX_FILE_SIZE = 5 * 1024 * 1024
# An export names at most this many of its records in the audit log (with their count).
MAX_RECORDS_LOGGED = 200
_X = f"{{{NAMESPACE}}}"
# What ``unit_id`` writes: app_label.model_name.pk.field, the pk in ASCII digits (int()
# would also read "٣" or " 3"; 18 digits stay within bigint).
_UNIT_ID = re.compile(r"(?P<label>\w+\.\w+)\.(?P<pk>[0-9]{1,18})\.(?P<field>\w+)", re.ASCII)
_UNDEFINED_ENTITY = re.compile(r"Entity '([^']*)' not defined")


def unit_id(obj: models.Model, field_name: str) -> str:
    return f"{obj._meta.label_lower}.{obj.pk}.{field_name}"


def export(items: list[models.Model]) -> bytes:
    """The fields of ``items`` that need translating, as an XLIFF 2.0 document."""
    root = etree.Element(
        _X + "xliff",
        nsmap={None: NAMESPACE},
        version="2.0",
        srcLang=SOURCE_LANGUAGE,
        trgLang=TARGET_LANGUAGE,
    )
    for item in items:
        work = [state for state in item_states(item) if state.status != Status.UP_TO_DATE]
        if not work:
            continue
        file = etree.SubElement(root, _X + "file", id=f"{item._meta.label_lower}.{item.pk}")
        notes = etree.SubElement(file, _X + "notes")
        etree.SubElement(notes, _X + "note", category="item").text = str(item)
        for state in work:
            _unit(file, state)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _unit(file, state: FieldState) -> None:
    unit = etree.SubElement(file, _X + "unit", id=unit_id(state.obj, state.field))
    notes = etree.SubElement(unit, _X + "notes")
    etree.SubElement(notes, _X + "note", category="field").text = state.label
    rich = _is_rich(type(state.obj), state.field)
    if state.status == Status.OUTDATED:
        etree.SubElement(notes, _X + "note", category="previous-source").text = (
            plain_text(state.translated_from) if rich else state.translated_from
        )
    segment = etree.SubElement(
        unit, _X + "segment", state="reviewed" if state.status == Status.OUTDATED else "initial"
    )
    if not rich:
        etree.SubElement(segment, _X + "source").text = state.russian
        if state.english:
            etree.SubElement(segment, _X + "target").text = state.english
        return
    # Its tags as inline codes, which a translation tool keeps whole (``inline``).
    numbering = inline.codes(state.russian)
    inline.write(etree.SubElement(segment, _X + "source"), state.russian)
    if state.english:
        target = etree.SubElement(segment, _X + "target")
        if not inline.write(target, state.english, numbering=numbering):
            segment.remove(target)  # its tags are not the Russian's: the tool starts afresh
    inline.write_original_data(unit, numbering)


def _is_rich(model: type[models.Model], field_name: str) -> bool:
    return isinstance(model._meta.get_field(field_name), RichTextField)


def download(items: list[models.Model], *, by) -> HttpResponse:
    """The XLIFF file of ``items`` as a download for ``by``, who is in the audit log for it."""
    record(
        Event.EXPORTED,
        by,
        actor=by,
        count=len(items),
        records=[f"{item._meta.label_lower}:{item.pk}" for item in items[:MAX_RECORDS_LOGGED]],
    )
    response = HttpResponse(export(items), content_type="application/xliff+xml; charset=utf-8")
    filename = f"portal-translation-{timezone.localdate():%Y-%m-%d}.xlf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass
class ImportReport:
    applied: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    id: str
    obj: models.Model
    field: str
    target: str


def _parse(data: bytes, report: ImportReport):
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        report.problems.append(_syntax_problem(error))
        return None
    if root.getroottree().docinfo.doctype:
        # Entities, internal or external, are a way to smuggle text (or worse) past the
        # checks below; translation tools never write a DTD into XLIFF 2.0.
        report.problems.append(_("The file declares a DTD (<!DOCTYPE>), which is not allowed."))
        return None
    if root.tag != _X + "xliff" or root.get("version") != "2.0":
        report.problems.append(_("The file is not XLIFF 2.0."))
        return None
    languages = (root.get("srcLang", "").lower(), root.get("trgLang", "").lower())
    if (
        languages[0].split("-")[0] != SOURCE_LANGUAGE
        or languages[1].split("-")[0] != TARGET_LANGUAGE
    ):
        report.problems.append(
            _(
                "Wrong languages: the file translates %(source)s into %(target)s, "
                "not Russian into English."
            )
            % {"source": languages[0] or "?", "target": languages[1] or "?"}
        )
        return None
    return root


def _syntax_problem(error: Exception) -> str:
    if getattr(error, "code", None) == etree.ErrorTypes.ERR_UNDECLARED_ENTITY:
        # "&nbsp;", "&xxe;": without a DTD (refused) XML knows only &amp; &lt; &gt; &quot;
        # &apos;, and the text is never stored with the reference in it.
        name = _UNDEFINED_ENTITY.search(str(error))
        return _(
            "The file uses an entity, &%(name)s;, that XML does not define: "
            "write the character itself."
        ) % {"name": name[1] if name else "?"}
    return _("The file is not well-formed XML: %(error)s") % {"error": error}


def _text(unit, tag: str) -> str | None:
    parts = unit.findall(f"{_X}segment/{_X}{tag}")
    if not parts:
        return None
    return "".join("".join(part.itertext()) for part in parts)


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _check_unit(unit, user, report: ImportReport) -> _Unit | None:
    uid = unit.get("id", "")
    parts = _UNIT_ID.fullmatch(uid)
    model = _model(parts["label"]) if parts else None
    if model is None:
        report.problems.append(
            _("Unit %(unit)s: not an item of the portal.") % {"unit": uid or "?"}
        )
        return None
    pk, field_name = int(parts["pk"]), parts["field"]
    try:
        tracked = tracked_fields(model)
    except NotRegistered:  # a model with no translated fields at all
        tracked = ()
    if field_name not in tracked:
        report.problems.append(
            _("Unit %(unit)s: %(field)s is not a translated field.")
            % {"unit": uid, "field": field_name}
        )
        return None
    if not may_translate(user, model):
        report.problems.append(
            _("Unit %(unit)s: you may not translate this kind of item.") % {"unit": uid}
        )
        return None
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        report.problems.append(
            _("Unit %(unit)s: no such item (deleted since the export?).") % {"unit": uid}
        )
        return None
    russian = getattr(obj, f"{field_name}_ru") or ""
    if not russian:
        # Never exported: there is nothing to translate, and a body item placing a quote
        # may hold no text of its own (the database refuses it).
        if getattr(obj, "is_quote", False):  # a body item placing a quote
            report.problems.append(
                _("Unit %(unit)s: this body item is a quote; its English goes in %(quote)s.")
                % {"unit": uid, "quote": unit_id(obj.quote, "text")}
            )
        else:
            report.problems.append(
                _("Unit %(unit)s: there is no Russian text to translate.") % {"unit": uid}
            )
        return None
    if _is_rich(model, field_name):
        return _check_rich_unit(unit, uid, obj, field_name, russian, report)
    source, target = _text(unit, "source"), _text(unit, "target")
    if source is None:
        report.problems.append(_("Unit %(unit)s: it has no source text.") % {"unit": uid})
        return None
    if source != russian:
        report.problems.append(
            _("Unit %(unit)s: the Russian text has changed since the export; export it again.")
            % {"unit": uid}
        )
        return None
    if not (target or "").strip():
        report.problems.append(_("Unit %(unit)s: it has no English translation.") % {"unit": uid})
        return None
    return _checked_target(uid, obj, field_name, target.strip(), report)


def _checked_target(uid: str, obj, field_name: str, target: str, report) -> _Unit | None:
    try:
        # The field's own rules (its length, above all), as the admin's form applies them.
        target = obj._meta.get_field(f"{field_name}_en").clean(target, obj)
    except ValidationError as error:
        report.problems.append(
            _("Unit %(unit)s: %(error)s") % {"unit": uid, "error": " ".join(error.messages)}
        )
        return None
    return _Unit(uid, obj, field_name, target)


def _check_rich_unit(unit, uid: str, obj, field_name: str, russian: str, report) -> _Unit | None:
    """A unit of rich text: its source's codes and words must be the Russian's, and its
    target's codes exactly those (``inline``)."""
    segments = unit.findall(f"{_X}segment")
    source = segments[0].find(f"{_X}source") if len(segments) == 1 else None
    if source is None:
        report.problems.append(_("Unit %(unit)s: it has no source text.") % {"unit": uid})
        return None
    numbering = inline.codes(russian)
    try:
        unchanged = inline.read(source, numbering) == russian
    except inline.MarkupMismatch:
        unchanged = False
    if not unchanged:
        report.problems.append(
            _("Unit %(unit)s: the Russian text has changed since the export; export it again.")
            % {"unit": uid}
        )
        return None
    target = segments[0].find(f"{_X}target")
    if target is None or not "".join(target.itertext()).strip():
        report.problems.append(_("Unit %(unit)s: it has no English translation.") % {"unit": uid})
        return None
    try:
        english = inline.read(target, numbering)
    except inline.MarkupMismatch as mismatch:
        report.problems.append(
            _("Unit %(unit)s: the English's markup does not match the Russian's: %(problem)s")
            % {"unit": uid, "problem": mismatch}
        )
        return None
    return _checked_target(uid, obj, field_name, english, report)


def _read(upload: File) -> bytes | None:
    """The file's bytes, or None when there are more than ``MAX_FILE_SIZE``.

    Django counted the size as it stored the upload (on disk, when large), so a larger
    file is refused unread; the read is bounded all the same."""
    if upload.size > MAX_FILE_SIZE:
        return None
    data = upload.read(MAX_FILE_SIZE + 1)
    return data if len(data) <= MAX_FILE_SIZE else None


def import_file(upload: File, *, by) -> ImportReport:
    """Check every unit of an uploaded XLIFF 2.0 file; if all are sound, apply them all.
    Either way the attempt is in the audit log."""
    report = _import(upload, by=by)
    record(
        Event.IMPORTED,
        by,
        actor=by,
        file=str(upload.name)[:200],
        applied=len(report.applied),
        problems=len(report.problems),
    )
    return report


def _import(upload: File, *, by) -> ImportReport:
    report = ImportReport()
    data = _read(upload)
    if data is None:
        report.problems.append(_("The file is larger than 5 MB."))
        return report
    root = _parse(data, report)
    if root is None:
        return report
    units = root.findall(f".//{_X}unit")
    if not units:
        report.problems.append(_("The file has no translation units."))
        return report
    checked = [_check_unit(unit, by, report) for unit in units]
    seen = set()
    for unit in checked:
        if unit and unit.id in seen:
            report.problems.append(_("Unit %(unit)s appears twice.") % {"unit": unit.id})
        seen.add(unit.id if unit else None)
    if report.problems:
        return report  # all or nothing
    _apply([unit for unit in checked if unit], by=by, report=report)
    return report


@transaction.atomic
def _apply(units: list[_Unit], *, by, report: ImportReport) -> None:
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(_("English imported from an XLIFF file."))
        for unit in units:
            obj = type(unit.obj)._default_manager.select_for_update().get(pk=unit.obj.pk)
            setattr(obj, f"{unit.field}_en", unit.target)
            if hasattr(obj, "modified_by"):
                obj.modified_by = by
            obj.save()  # records the English, by the revision's user (provenance)
            report.applied.append(unit.id)
