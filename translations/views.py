"""The translator's dashboard and the exchange-file endpoints, inside the admin."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from core import registry
from core.roles import may_translate_any
from translations import xliff
from translations.models import Status
from translations.status import item_states, needs, overall, progress

MAX_PROBLEMS_SHOWN = 50


def work() -> list[tuple[type, tuple[str, ...]]]:
    """What a translator works through, each with what its status needs prefetched: the
    dashboard's sections, as the apps register them."""
    return [
        (content.model, content.dashboard_prefetch)
        for content in registry.entries()
        if content.dashboard_prefetch is not None
    ]


def may_translate_something(user) -> bool:
    return may_translate_any(user, [model for model, _prefetch in work()])


def work_to_do(user=None):
    """Every item with missing or outdated English, per kind, least finished first."""
    sections = []
    for model, prefetch in work():
        pending = Q(needs(model, Status.MISSING)) | Q(needs(model, Status.OUTDATED))
        rows = []
        for item in model._default_manager.filter(pending).prefetch_related(*prefetch):
            states = item_states(item)
            done, total = progress(states)
            rows.append(
                {
                    "item": item,
                    "status": overall(states),
                    "done": done,
                    "total": total,
                    "url": reverse(
                        f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                        args=[item.pk],
                    ),
                }
            )
        rows.sort(key=lambda row: (row["done"] / (row["total"] or 1), str(row["item"])))
        sections.append({"title": model._meta.verbose_name_plural, "rows": rows})
    return sections


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Translated XLIFF file"))


class TranslatorMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_translate_something(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(TranslatorMixin, TemplateView):
    template_name = "admin/translations/dashboard.html"

    def get_context_data(self, **kwargs):
        sections = work_to_do()
        return super().get_context_data(
            **admin.site.each_context(self.request),
            title=_("Translation dashboard"),
            sections=sections,
            remaining=sum(len(section["rows"]) for section in sections),
            import_form=ImportForm(),
            **kwargs,
        )


class ExportView(TranslatorMixin, View):
    def get(self, request):
        items = [row["item"] for section in work_to_do() for row in section["rows"]]
        return xliff.download(items, by=request.user)


class ImportView(TranslatorMixin, View):
    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose an XLIFF file to import."))
            return redirect("translations:dashboard")
        report = xliff.import_file(form.cleaned_data["file"], by=request.user)
        if report.problems:
            messages.error(
                request,
                ngettext(
                    "Nothing was imported: %(count)d problem in the file.",
                    "Nothing was imported: %(count)d problems in the file.",
                    len(report.problems),
                )
                % {"count": len(report.problems)},
            )
            for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
                messages.warning(request, problem)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d English field imported.",
                    "%(count)d English fields imported.",
                    len(report.applied),
                )
                % {"count": len(report.applied)},
            )
        return redirect("translations:dashboard")
