"""No lost edits: when a colleague saved a record after an editor opened it, the editor's
save is merged with theirs, field by field, instead of overwriting it.

Every field of an admin form sends back, hidden, the value it had when the form was
opened (Django's ``show_hidden_initial``): that is the base of a three-way merge. On a
save whose version is no longer the record's, each field of the main form and of each
inline row (the body's paragraphs and quotes) is one of:

- changed by the colleague only: their value is carried into the form;
- changed by the editor only: the editor's value stays;
- changed by both, differently: both are shown, and the save waits for the editor to
  choose one.

The merged form comes back to the editor with a report of what the colleague changed,
and nothing is saved until they look at it and save again.
"""

import json
import re
from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.history import text_diff
from core.roles import display_name


def is_number(value) -> bool:
    """A primary key as a browser sends it: ASCII digits only (``"²".isdigit()`` is true)."""
    return bool(re.fullmatch(r"[0-9]{1,18}", str(value)))


#: The hidden field that says which version of the record a form was opened on.
VERSION_FIELD = "loaded_version"
CONFLICT_FIELD = "edit-conflict"


class RemembersOpenedValues:
    """A form mixin: each visible field also sends, hidden, its value as opened."""

    #: Set by the admin on a save that met a colleague's: the form shows it and refuses.
    edit_conflict: "EditConflict | None" = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if not form_field.widget.is_hidden:
                form_field.show_hidden_initial = True


def _unwrapped(widget: forms.Widget) -> forms.Widget:
    """The widget inside the admin's "+" and "edit" links."""
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def _widget(form_field: forms.Field) -> forms.Widget:
    return _unwrapped(form_field.widget)


def widget_data(widget: forms.Widget, name: str, value) -> dict[str, list[str]]:
    """The POST data a browser sends for ``widget`` named ``name`` showing ``value``."""
    widget = _unwrapped(widget)
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        data = {}
        for suffix, subwidget, part in zip(
            widget.widgets_names, widget.widgets, parts, strict=False
        ):
            data.update(widget_data(subwidget, name + suffix, part))
        return data
    if isinstance(widget, forms.CheckboxInput):
        return {name: ["on"]} if widget.check_test(value) else {}
    formatted = widget.format_value(value)
    if isinstance(formatted, list):  # choice widgets
        return {name: [str(choice) for choice in formatted if choice != ""]}
    return {name: ["" if formatted is None else str(formatted)]}


def _keys(widget: forms.Widget, name: str) -> list[str]:
    """Every POST key ``widget`` may send under ``name``."""
    widget = _unwrapped(widget)
    if isinstance(widget, forms.MultiWidget):
        return [name + suffix for suffix in widget.widgets_names]
    return [name]


def _replace(data: dict, widget, name: str, values: dict[str, list[str]]) -> None:
    for key in _keys(widget, name):
        data.pop(key, None)
    data.update(values)


def _display(form_field: forms.Field, raw: dict[str, list[str]]) -> str:
    """A field's POST data as an editor reads it."""
    values = [value for values in raw.values() for value in values]
    if isinstance(form_field, forms.BooleanField):
        return _("yes") if values else _("no")
    if isinstance(form_field, forms.ModelChoiceField):
        chosen = form_field.queryset.filter(pk__in=[v for v in values if is_number(v)])
        return ", ".join(str(obj) for obj in chosen)
    if isinstance(form_field, forms.ChoiceField):
        labels = {str(key): str(label) for key, label in form_field.choices}
        return ", ".join(labels.get(value, value) for value in values)
    return " ".join(values)


@dataclass
class Carried:
    """A change of the colleague's, now in the form."""

    label: str
    diff: str


@dataclass
class Clash:
    """A field both changed: the save waits until the editor chooses."""

    token: str
    label: str
    mine: str
    theirs: str
    # What choosing theirs puts in the form: POST keys to clear, data to set (relative to
    # the row of an inline, which is found again by its primary key).
    clear: list[str]
    data: dict[str, list[str]]
    prefix: str = ""
    pk: str = ""

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Clash | None":
        """The clash a page sent back, or None for anything that is not one (the page is
        the editor's own, but a forged one must not break the save)."""
        try:
            clash = cls(**json.loads(text))
        except (TypeError, ValueError):
            return None
        texts = (clash.token, clash.label, clash.mine, clash.theirs, clash.prefix, clash.pk)
        if not (
            all(isinstance(value, str) for value in texts)
            and isinstance(clash.clear, list)
            and all(isinstance(key, str) for key in clash.clear)
            and isinstance(clash.data, dict)
            and all(
                isinstance(values, list) and all(isinstance(value, str) for value in values)
                for values in clash.data.values()
            )
        ):
            return None
        return clash


@dataclass
class EditConflict:
    """What an editor is shown when a colleague saved first."""

    saver: str
    saved_at: str
    carried: list[Carried] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)

    @classmethod
    def choices_pending(cls, clashes: list[Clash]) -> "EditConflict":
        """The merge was shown already (no new save of the colleague's); choices are
        still to be made."""
        return cls(saver="", saved_at="", clashes=clashes)

    @property
    def error(self) -> ValidationError:
        if not self.saver:  # the merge was shown already; a choice is still missing
            return ValidationError(
                _(
                    "Nothing has been saved yet: for each field you and your colleague both "
                    "changed, choose which version to keep (%(fields)s)."
                ),
                code="conflict_choice",
                params={"fields": ", ".join(clash.label for clash in self.clashes)},
            )
        return ValidationError(
            _(
                "%(name)s saved this record at %(time)s, after you opened it. Nothing of "
                "yours has been saved yet. Their changes are now in the form, yours are "
                "kept; check the form and save again."
            ),
            code="conflict",
            params={"name": self.saver, "time": self.saved_at},
        )


def _row_index(data: QueryDict, prefix: str, pk: str) -> int | None:
    """The index of the row of ``prefix`` whose id is ``pk``, as the form now numbers it."""
    for key in data:
        index = key.removeprefix(f"{prefix}-").removesuffix("-id")
        if key == f"{prefix}-{index}-id" and is_number(index) and data.get(key) == pk:
            return int(index)
    return None


def apply_choices(data: QueryDict) -> list[Clash]:
    """Apply the editor's choices between their value and a colleague's; the clashes
    still waiting for a choice are returned (and kept in ``data``)."""
    waiting = []
    for text in data.getlist(CONFLICT_FIELD):
        clash = Clash.from_json(text)
        if clash is None:
            continue
        choice = data.get(f"resolve-{clash.token}")
        if choice == "mine":
            continue
        if choice != "theirs":
            waiting.append(clash)
            continue
        where = ""
        if clash.prefix:
            index = _row_index(data, clash.prefix, clash.pk)
            if index is None:
                continue  # the row is gone from the form: nothing to choose
            where = f"{clash.prefix}-{index}-"
        for key in clash.clear:
            data.pop(where + key, None)
        for key, values in clash.data.items():
            data.setlist(where + key, values)
    data.setlist(CONFLICT_FIELD, [clash.to_json() for clash in waiting])
    return waiting


class _Merge:
    def __init__(self, data: QueryDict, files):
        self.data = data
        self.files = files
        self.carried: list[Carried] = []
        self.clashes: list[Clash] = []

    def merge_form(self, mine: forms.BaseForm, theirs: forms.BaseForm, row: dict, label=""):
        """Merge the fields of ``mine`` (bound to the editor's POST) with ``theirs``
        (unbound, the saved record), writing into ``row``: POST data relative to the
        form's prefix, its opened values under ``initial-``."""
        changed_by_me = set(mine.changed_data)
        for name, form_field in mine.fields.items():
            if not form_field.show_hidden_initial or name not in theirs.fields:
                continue
            widget = _widget(form_field)
            base = form_field.hidden_widget().value_from_datadict(
                self.data, self.files, mine.add_initial_prefix(name)
            )
            their_value = theirs[name].value()
            their_data = widget_data(widget, name, their_value)
            changed_by_them = form_field.has_changed(theirs[name].initial, base)
            agree = not form_field.has_changed(theirs[name].initial, mine[name].data)
            field_label = f"{label}{form_field.label}"
            if changed_by_them and name not in changed_by_me:
                base_data = {"": [base] if isinstance(base, str) else [str(b) for b in base or []]}
                self.carried.append(
                    Carried(
                        field_label,
                        text_diff(
                            _display(form_field, base_data), _display(form_field, their_data)
                        ),
                    )
                )
                _replace(row, widget, name, their_data)
            elif changed_by_them and not agree:
                mine_data = {key: row[key] for key in _keys(widget, name) if key in row}
                self.clashes.append(
                    Clash(
                        token="",
                        label=field_label,
                        mine=_display(form_field, mine_data),
                        theirs=_display(form_field, their_data),
                        clear=_keys(widget, name),
                        data=their_data,
                    )
                )
            # The colleague's version is the new base: what the editor changes from now on.
            hidden = form_field.hidden_widget()
            _replace(
                row, hidden, f"initial-{name}", widget_data(hidden, f"initial-{name}", their_value)
            )


def _row(data: QueryDict, prefix: str) -> dict[str, list[str]]:
    """The POST data under ``prefix`` (and its ``initial-`` copy), keys made relative."""
    row = {}
    for key in data:
        for start, kept in ((f"{prefix}-", ""), (f"initial-{prefix}-", "initial-")):
            if key.startswith(start):
                row[kept + key.removeprefix(start)] = data.getlist(key)
    return row


def _form_data(form: forms.BaseForm) -> dict[str, list[str]]:
    """The POST data of an unbound ``form`` as a browser would send it, opened values
    included."""
    row = {}
    for name, form_field in form.fields.items():
        value = form[name].value()
        row.update(widget_data(_widget(form_field), name, value))
        if form_field.show_hidden_initial:
            hidden = form_field.hidden_widget()
            row.update(widget_data(hidden, f"initial-{name}", value))
    return row


def merge(model_admin, request, saved) -> EditConflict:
    """Merge the editor's POST with the ``saved`` record; the merged data replaces
    ``request.POST`` so that the change form shows it."""
    data = request.POST.copy()
    work = _Merge(data, request.FILES)
    form_class = model_admin.get_form(request, saved, change=True)
    mine = form_class(request.POST, request.FILES, instance=saved)
    theirs = form_class(instance=saved)
    main = {key: data.getlist(key) for key in data}
    work.merge_form(mine, theirs, main)
    for clash in work.clashes:
        clash.token = clash.clear[0]

    for formset_class, inline in model_admin.get_formsets_with_inlines(request, saved):
        prefix = formset_class.get_default_prefix()
        queryset = inline.get_queryset(request)
        mine_set = formset_class(
            request.POST, request.FILES, instance=saved, prefix=prefix, queryset=queryset
        )
        theirs_set = formset_class(instance=saved, prefix=prefix, queryset=queryset)
        rows = _merge_rows(work, inline, prefix, mine_set, theirs_set)
        for key in [key for key in main if key.startswith((f"{prefix}-", f"initial-{prefix}-"))]:
            del main[key]
        for index, row in enumerate(rows):
            for key, values in row.items():
                if key.startswith("initial-"):
                    main[f"initial-{prefix}-{index}-{key.removeprefix('initial-')}"] = values
                else:
                    main[f"{prefix}-{index}-{key}"] = values
        main[f"{prefix}-TOTAL_FORMS"] = [str(len(rows))]
        main[f"{prefix}-INITIAL_FORMS"] = [str(sum(1 for row in rows if row.get("id", [""])[0]))]
        for key in ("MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            main[f"{prefix}-{key}"] = data.getlist(f"{prefix}-{key}") or [""]

    merged = QueryDict(mutable=True)
    for key, values in main.items():
        merged.setlist(key, values)
    merged[VERSION_FIELD] = str(saved.version)
    # Clashes still waiting from an earlier conflict stay, unless the same field clashed
    # again (then the newest versions are shown).
    clashes = {clash.token: clash for clash in map(Clash.from_json, merged.getlist(CONFLICT_FIELD))}
    clashes.update((clash.token, clash) for clash in work.clashes)
    merged.setlist(CONFLICT_FIELD, [clash.to_json() for clash in clashes.values() if clash])
    request.POST = merged

    saver = saved.modified_by
    return EditConflict(
        saver=display_name(saver) or _("Someone"),
        saved_at=formats.date_format(timezone.localtime(saved.modified_at), "DATETIME_FORMAT"),
        carried=work.carried,
        clashes=[clash for clash in clashes.values() if clash],
    )


def _merge_rows(work: _Merge, inline, prefix: str, mine_set, theirs_set) -> list[dict]:
    """The rows of an inline after merging: the saved ones in their order, each merged
    with the editor's row for it, then the rows the editor added."""
    data = work.data
    mine_rows, new_rows = {}, []
    for index, form in enumerate(mine_set.forms):
        pk = data.get(f"{prefix}-{index}-id", "")
        if pk and index < mine_set.initial_form_count():
            mine_rows[pk] = (index, form)
        elif form.has_changed():
            new_rows.append(_row(data, f"{prefix}-{index}"))
    rows = []
    for number, theirs in enumerate(theirs_set.initial_forms, start=1):
        pk = str(theirs.instance.pk)
        label = f"{inline.verbose_name} {number}: "
        if pk not in mine_rows:
            rows.append(_form_data(theirs))
            work.carried.append(Carried(f"{inline.verbose_name} {number}", _("added")))
            continue
        index, mine = mine_rows.pop(pk)
        row = _row(data, f"{prefix}-{index}")
        clashes_before, carried_before = len(work.clashes), len(work.carried)
        work.merge_form(mine, theirs, row, label)
        for clash in work.clashes[clashes_before:]:
            clash.prefix, clash.pk, clash.token = prefix, pk, f"{prefix}.{pk}.{clash.clear[0]}"
        if row.get(DELETION_FIELD_NAME) and len(work.carried) > carried_before:
            # They changed what the editor deletes: which one stands is the editor's call.
            work.clashes.append(
                Clash(
                    token=f"{prefix}.{pk}.{DELETION_FIELD_NAME}",
                    label=f"{inline.verbose_name} {number}",
                    mine=_("delete it"),
                    theirs=_("keep it, with their changes"),
                    clear=[DELETION_FIELD_NAME],
                    data={},
                    prefix=prefix,
                    pk=pk,
                )
            )
        rows.append(row)
    for _index, mine in mine_rows.values():  # rows the colleague deleted
        row = _row(data, f"{prefix}-{_index}")
        if mine.has_changed() and not row.get(DELETION_FIELD_NAME):
            # Kept as a new row: the editor's work on it is not lost.
            # As a row typed anew: opened empty (so it counts as changed), without an id.
            row.pop("id", None)
            for key in [key for key in row if not key.startswith("initial-")]:
                if key not in ("article", DELETION_FIELD_NAME):
                    row[f"initial-{key}"] = [""]
            new_rows.append(row)
            work.carried.append(
                Carried(
                    _("%(item)s you changed") % {"item": inline.verbose_name},
                    _("deleted by them; your version is kept as a new item"),
                )
            )
        else:
            work.carried.append(Carried(str(inline.verbose_name), _("deleted")))
    return rows + new_rows
